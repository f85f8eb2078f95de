"""``--format html``: the report as ONE self-contained page.

No external CSS, scripts, fonts or images: the styles are inline and the
timeline is inline SVG, so the file can be mailed, archived or opened offline,
and it prints cleanly. Every piece of user text goes through :func:`h`
(``html.escape`` with quotes), so ``<script>`` in a title is shown, not run.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from tracker.renderers import SectionRenderer
from tracker.renderers.phrasing import (
    SLIPPED_COLUMNS,
    change_author,
    change_evidence,
    change_summary,
    counts_line,
    due,
    filters_label,
    move_evidence,
    report_sections,
    report_subtitle,
    safe,
    signed_days,
)

if TYPE_CHECKING:
    from tracker.domain.windows import Window
    from tracker.reports import Group, Item, Report

STYLE = """
:root { color-scheme: light; --ink: #1d2433; --muted: #5f6b7a; --line: #dde2e8;
  --accent: #2563a6; --red: #b42318; --amber: #b54708; --green: #1a7f37; --band: #7aa7d6; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f6f8; color: var(--ink);
  font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 24px auto; background: #fff; padding: 28px 36px 36px;
  border: 1px solid var(--line); border-radius: 6px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 {
  font-size: 17px; margin: 30px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h2 .n { color: var(--muted); font-weight: normal; }
p.sub { margin: 0; color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(105px, 1fr)); gap: 10px;
  margin: 20px 0 8px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card .v { font-size: 22px; font-weight: 600; }
.card .k {
  color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card.alert .v { color: var(--red); }
.card.warn .v { color: var(--amber); }
.counts { color: var(--muted); margin: 4px 0; }
.counts b { color: var(--ink); font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 4px 0; }
th, td {
  text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.day { white-space: nowrap; }
td .window { display: block; color: var(--muted); font-size: 12px; white-space: nowrap; }
td .slug {
  display: block; color: var(--muted); font-family: ui-monospace, Menlo, Consolas, monospace;
  font-size: 12px; }
td.small { color: var(--muted); font-size: 13px; }
.none { color: var(--muted); font-style: italic; }
.more { color: var(--muted); font-size: 13px; }
.bad { color: var(--red); font-weight: 600; }
.warn { color: var(--amber); }
.bar { display: inline-block; width: 110px; height: 9px; background: #e7ebef; border-radius: 5px;
  vertical-align: middle; margin-right: 6px; overflow: hidden; }
.bar span { display: block; height: 100%; background: var(--green); }
.pill {
  display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px;
  background: #eef1f4; }
.pill.overdue { background: #fde7e4; color: var(--red); }
.pill.due_soon { background: #fdf0dc; color: var(--amber); }
.pill.on_track { background: #e3f4e7; color: var(--green); }
svg { display: block; width: 100%; height: auto; }
svg text { font: 11px -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink); }
svg .tick { stroke: var(--line); }
svg .tick-label { fill: var(--muted); }
svg .lead { stroke: #9aa5b1; stroke-width: 1.5; }
svg .band { fill: var(--band); }
svg .band.overdue { fill: var(--red); }
svg .asof { stroke: var(--red); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .asof-label { fill: var(--red); }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
@media print {
  body { background: #fff; }
  main { border: 0; margin: 0; max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr, svg { break-inside: avoid; }
}
"""


def h(value: object) -> str:
    """Escape user text for HTML (control characters shown as ``\\uXXXX`` first)."""
    return "-" if value is None else escape(safe(str(value)), quote=True)


def _name(item: Item) -> str:
    linked = "".join(f'<span class="slug">{h(link)}</span>' for link in item.links)
    return f'{h(item.initiative.title)}<span class="slug">{h(item.slug)}</span>{linked}'


def _deadline(window: Window | dict[str, Any] | None) -> str:
    """The phrase, with its window of days below it (a window, or its JSON object)."""
    if window is None:
        return '<span class="none">-</span>'
    data = window if isinstance(window, dict) else window.to_dict()
    earliest, latest, text = data["earliest"], data["latest"], data["text"]
    span = latest if earliest == latest else f"{earliest}..{latest}"
    if text == span:
        return h(span)
    return f'{h(text)}<span class="window">{h(span)}</span>'


def _bar(progress: int | None) -> str:
    if progress is None:
        return '<span class="none">-</span>'
    return f'<span class="bar"><span style="width:{progress}%"></span></span>{progress}%'


def _table(header: list[str], rows: list[list[str]], classes: dict[int, str] | None = None) -> str:
    """A table; ``classes`` gives column n a class (``num``: right-aligned, ``day``: unbroken)."""
    classes = classes or {}

    def cell(tag: str, n: int, content: str) -> str:
        kind = f' class="{classes[n]}"' if n in classes else ""
        return f"<{tag}{kind}>{content}</{tag}>"

    head = "".join(cell("th", n, h(label)) for n, label in enumerate(header))
    body = "\n".join(
        "<tr>" + "".join(cell("td", n, content) for n, content in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


class HtmlRenderer(SectionRenderer):
    def report(self, report: Report, rows: int = 20) -> None:
        title = f"Progress report as of {report.as_of}"
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{h(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{h(title)}</h1>",
        ]
        parts += [f'<p class="sub">{h(line)}</p>' for line in report_subtitle(report)]
        filters = filters_label(report.options.filters)
        if filters:
            parts.append(f'<p class="sub">Filtered: {h(filters)}</p>')
        parts.append(self._cards(report))
        parts.append(
            f'<p class="counts"><b>Status:</b> {h(counts_line(report.status_counts()))}</p>'
        )
        parts.append(
            f'<p class="counts"><b>Health:</b> {h(counts_line(report.health_counts()))}</p>'
        )

        for heading, count, body, more in report_sections(report, rows, self):
            parts.append(f'<h2>{h(heading)} <span class="n">({count})</span></h2>')
            parts.append('<p class="none">None.</p>' if body is None else body)
            if more:
                parts.append(
                    f'<p class="more">… and {more} more (<code>--rows 0</code> shows all).</p>'
                )
        parts += [
            f"<footer>Generated by tracker for {report.as_of}. Deadlines are windows of days;"
            " an initiative is overdue once the latest day of its window has passed.</footer>",
            "</main>",
            "</body>",
            "</html>",
        ]
        self.stream.write("\n".join(parts) + "\n")

    @staticmethod
    def _cards(report: Report) -> str:
        progress = report.progress
        cards = [
            ("Initiatives", str(len(report.figures)), ""),
            ("Progress", "-" if progress is None else f"{progress}%", ""),
            ("Overdue", str(len(report.overdue)), "alert" if report.overdue else ""),
            ("Due soon", str(len(report.due_soon)), "warn" if report.due_soon else ""),
            ("Changed", str(len(report.changed)), ""),
            ("Slipped", str(len(report.slipped)), "warn" if report.slipped else ""),
            ("Stale", str(len(report.stale)), ""),
        ]
        body = "".join(
            f'<div class="card {kind}"><div class="v">{value}</div>'
            f'<div class="k">{label}</div></div>'
            for label, value, kind in cards
        )
        return f'<div class="cards">{body}</div>'

    @staticmethod
    def section_items(items: list[Item], days: str) -> str:
        label = "Days overdue" if days == "days_overdue" else "Days left"
        rows = []
        for item in items:
            count = getattr(item, days)
            rows.append(
                [
                    _name(item),
                    _deadline(item.initiative.deadline),
                    f'<span class="bad">{count}</span>' if days == "days_overdue" else str(count),
                    _bar(item.initiative.progress),
                ]
            )
        return _table(["Initiative", "Deadline", label, "Progress"], rows, {2: "num"})

    @staticmethod
    def section_changes(groups: list[Any]) -> str:
        rows = []
        for group in groups:
            for n, change in enumerate(group.changes):
                rows.append(
                    [
                        _name(group.item) if n == 0 else "",
                        h(change.entry.effective),
                        h(change_summary(change)),
                        f'<span class="small">{h(change_evidence(change) or None)}</span>',
                        h(change_author(change)),
                    ]
                )
        header = ["Initiative", "Effective", "Change", "Note / source", "By"]
        return _table(header, rows, {1: "day"})

    @staticmethod
    def section_slipped(items: list[Item]) -> str:
        """One row per deadline move in the period; the initiative, its baseline and its
        total slip since then on its first."""
        rows = []
        for item in items:
            for n, move in enumerate(item.moves):
                first = n == 0
                total, days = signed_days(item.total_days_slipped), signed_days(move.days)
                if (item.total_days_slipped or 0) > 0:
                    total = f'<span class="warn">{total}</span>'
                rows.append(
                    [
                        _name(item) if first else "",
                        _deadline(item.initiative.baseline_deadline) if first else "",
                        total if first else "",
                        h(move.entry.effective),
                        f"{_deadline(move.before)} &rarr; {_deadline(move.after)}",
                        f'<span class="warn">{days}</span>' if move.days > 0 else days,
                        f'<span class="small">{h(move_evidence(move) or None)}</span>',
                        h(move.entry.author or "-"),
                    ]
                )
        return _table(list(SLIPPED_COLUMNS), rows, {2: "num", 3: "day", 5: "num"})

    @staticmethod
    def section_stale(items: list[Item]) -> str:
        rows = [
            [
                _name(item),
                h(item.initiative.status),
                h(item.last_update.isoformat() if item.last_update else None),
                str(item.days_since_update),
            ]
            for item in items
        ]
        return _table(["Initiative", "Status", "Last update", "Days"], rows, {2: "day", 3: "num"})

    @staticmethod
    def section_groups(groups: list[Group], label: str) -> str:
        rows = [
            [
                h(group.name),
                str(group.initiatives),
                str(group.open),
                f'<span class="bad">{group.overdue}</span>' if group.overdue else "0",
                str(group.achieved),
                _bar(group.progress),
            ]
            for group in groups
        ]
        return _table(
            [label, "All", "Open", "Overdue", "Done", "Progress"],
            rows,
            dict.fromkeys(range(1, 5), "num"),
        )

    @staticmethod
    def section_timeline(report: Report, items: list[Item]) -> str:
        from tracker.renderers.timeline import Scale, bar_parts

        label_w, chart_w, row_h, top = 230, 660, 22, 24
        scale = Scale.for_items(items, report.as_of, chart_w)
        height = top + row_h * len(items) + 26
        svg = [
            f'<svg viewBox="0 0 {label_w + chart_w + 10} {height}" role="img"'
            f' aria-label="Timeline of {len(items)} open initiatives">'
        ]
        for day, label in scale.ticks(most=chart_w // 45):
            x = label_w + scale.x(day)
            svg.append(
                f'<line class="tick" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}"'
                f' y2="{height - 22}"/>'
                f'<text class="tick-label" x="{x + 3:.1f}" y="{top - 10}">{label}</text>'
            )
        for n, item in enumerate(items):
            start, earliest, latest, band = bar_parts(item)
            y = top + n * row_h
            mid = y + row_h / 2
            x0 = label_w + scale.x(start)
            x1 = label_w + scale.x(earliest)
            x2 = max(label_w + scale.x(latest) + scale.width / scale.days, x1 + 3)
            kind = "band overdue" if item.health == "overdue" else "band"
            deadline = due(item.initiative)
            tip = (
                f"{item.initiative.title} — {deadline.text}: {earliest}..{latest}"
                f" ({deadline.precision}), {item.health}"
            )
            label = item.slug if len(item.slug) <= 34 else item.slug[:33] + "…"
            svg.append(
                f"<g><title>{h(tip)}</title>"
                f'<text x="0" y="{mid + 4:.1f}">{h(label)}</text>'
                f'<line class="lead" x1="{x0:.1f}" y1="{mid:.1f}" x2="{x1:.1f}" y2="{mid:.1f}"/>'
            )
            if band:
                svg.append(
                    f'<rect class="{kind}" x="{x1:.1f}" y="{y + 5}" width="{x2 - x1:.1f}"'
                    f' height="{row_h - 10}" rx="2"/></g>'
                )
            else:
                cx = (x1 + x2) / 2
                svg.append(
                    f'<path class="{kind}" d="M{cx:.1f} {y + 4} l6 {row_h / 2 - 4:.1f}'
                    f' l-6 {row_h / 2 - 4:.1f} l-6 -{row_h / 2 - 4:.1f} z"/></g>'
                )
        x = label_w + scale.x(report.as_of)
        svg.append(
            f'<line class="asof" x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 22}"/>'
            f'<text class="asof-label" x="{x + 3:.1f}" y="{height - 8}">as of {report.as_of}</text>'
        )
        svg.append("</svg>")
        legend = (
            '<p class="more">Grey line: since announced. Blue band: the deadline window'
            " (a diamond for a single day). Red: overdue. Dashed line: the report day.</p>"
        )
        return "\n".join(svg) + "\n" + legend
