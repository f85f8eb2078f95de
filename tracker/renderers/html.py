"""``--format html``: the report as ONE self-contained page.

No external CSS, scripts, fonts or images: the styles are inline and the
timeline is inline SVG, so the file can be mailed, archived or opened offline,
and it prints cleanly. Every piece of user text goes through :func:`h`
(``html.escape`` with quotes), so ``<script>`` in a title is shown, not run.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tracker.i18n import CONFIDENCE_LABELS, ENGLISH, PRECISION_LABELS, Words
from tracker.renderers import SectionRenderer
from tracker.renderers.phrasing import (
    SLIPPED_COLUMNS,
    change_author,
    change_summary,
    counts_line,
    due,
    filters_label,
    report_sections,
    report_subtitle,
    safe,
    signed_days,
)

if TYPE_CHECKING:
    from tracker.domain.initiatives import HistoryEntry, Initiative, SourceLink
    from tracker.domain.windows import Window
    from tracker.reports import Group, Item, Report

STYLE = """
:root { color-scheme: light; --ink: #1d2433; --muted: #5f6b7a; --line: #dde2e8;
  --accent: #2563a6; --red: #b42318; --amber: #b54708; --green: #1a7f37; --band: #7aa7d6; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f6f8; color: var(--ink);
  font: 14px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { max-width: 980px; margin: 24px auto; background: #fff; padding: 28px 36px 36px;
  border: 1px solid var(--line); border-radius: 6px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 {
  font-size: 17px; margin: 30px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h2 .n { color: var(--muted); font-weight: normal; }
a { color: var(--accent); overflow-wrap: anywhere; }
p.sub { margin: 0; color: var(--muted); }
/* Seven cards: in one row where they fit, else four and three (never one alone). */
.cards { display: grid; grid-template-columns: repeat(12, minmax(0, 1fr)); gap: 8px;
  margin: 20px 0 8px; }
.card { grid-column: span 3; border: 1px solid var(--line); border-radius: 6px;
  padding: 8px 10px; }
.card:nth-child(n+5) { grid-column: span 4; }
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
td:first-child { overflow-wrap: anywhere; }  /* a name with no break in it */
td.num, th.num { text-align: right; white-space: nowrap; }
td.day, .day { white-space: nowrap; }
td .window { display: block; color: var(--muted); font-size: 12px; }
td .window span { white-space: nowrap; }
td .slug {
  display: block; color: var(--muted); font-family: ui-monospace, Menlo, Consolas, monospace;
  font-size: 12px; overflow-wrap: anywhere; }
td .small { color: var(--muted); font-size: 13px; }
.none { color: var(--muted); font-style: italic; }
.more { color: var(--muted); font-size: 13px; }
.bad { color: var(--red); font-weight: 600; }
.warn { color: var(--amber); }
.progress { white-space: nowrap; }
.bar { display: inline-block; width: 100px; height: 9px; background: #e7ebef; border-radius: 5px;
  vertical-align: middle; margin-right: 6px; overflow: hidden; }
.bar span { display: block; height: 100%; background: var(--green); }
.signals { display: block; font-size: 12px; color: var(--muted); }
.signals > span { display: block; }
.health.overdue { color: var(--red); font-weight: 600; }
.health.due_soon { color: var(--amber); font-weight: 600; }
.dot { font-size: 14px; line-height: 1; }
.dot.green { color: var(--green); }
.dot.amber_green { color: #6a8f00; }
.dot.amber { color: var(--amber); }
.dot.amber_red { color: #d2561f; }
.dot.red { color: var(--red); }
table.timeline th.chart, table.timeline td.chart { width: 40%; padding: 0; position: relative; }
table.timeline td.chart svg { position: absolute; top: 0; left: 0; width: 100%; height: 100%; }
table.timeline th.chart svg { display: block; width: 100%; height: 34px; }
svg { overflow: hidden; }
svg svg { overflow: visible; }  /* a diamond drawn about its own origin */
svg text { font: 12px -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: var(--ink);
  text-transform: none; letter-spacing: 0; }
svg .tick { stroke: var(--line); }
svg .tick-label { fill: var(--muted); }
svg .lead { stroke: #9aa5b1; stroke-width: 1.5; }
svg .band { fill: var(--band); }
svg .band.overdue { fill: var(--red); }
svg .asof { stroke: var(--red); stroke-width: 1.5; stroke-dasharray: 4 3; }
svg .asof-label { fill: var(--red); }
footer { margin-top: 28px; color: var(--muted); font-size: 12px; }
@media screen and (min-width: 900px) {
  .cards { grid-template-columns: repeat(7, minmax(0, 1fr)); }
  .card, .card:nth-child(n+5) { grid-column: auto; }
}
/* A phone: no frame, and each table row a block of labelled lines. */
@media screen and (max-width: 640px) {
  main { margin: 0; padding: 16px; border: 0; border-radius: 0; }
  .card .k { text-transform: none; letter-spacing: 0; }
  table.rows, table.rows tbody, table.rows tr, table.rows td,
  table.timeline, table.timeline thead, table.timeline tbody, table.timeline tr,
  table.timeline td, table.timeline th.chart { display: block; width: 100%; }
  table.rows thead, table.timeline th:not(.chart) { display: none; }
  table.rows tr, table.timeline tbody tr { border-bottom: 1px solid var(--line); padding: 6px 0; }
  table.rows td, table.timeline td { border: 0; padding: 1px 0; text-align: left; }
  table.rows td[data-label]::before {
    content: attr(data-label) ": "; color: var(--muted); font-size: 12px; }
  table.rows td:empty { display: none; }
  table.timeline td.chart { width: 100%; height: 26px; }
  h1 { font-size: 21px; }
}
@media print {
  body { background: #fff; }
  main { border: 0; margin: 0; max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr, svg, .cards { break-inside: avoid; }
  th, td { padding: 4px 5px; }
  th { letter-spacing: 0; }
  a { color: inherit; }
  a.titled::after { content: " <" attr(href) ">"; color: var(--muted); }
}
"""


def h(value: object) -> str:
    """Escape user text for HTML (control characters shown as ``\\uXXXX`` first)."""
    return "-" if value is None else escape(safe(str(value)), quote=True)


def _name(item: Item) -> str:
    linked = "".join(f'<span class="slug">{h(link)}</span>' for link in item.links)
    return f'{h(item.initiative.title)}<span class="slug">{h(item.slug)}</span>{linked}'


def safe_href(url: str | None) -> str | None:
    """``url`` if a reader may follow it: http(s) with a host, mailto with an address, or
    a relative reference (a file beside the report); None for anything else
    (``javascript:``, ``data:``, ``file:``, ``//host``, control characters, spaces)."""
    if not url or any(ord(c) <= 0x20 or 0x7F <= ord(c) <= 0x9F for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host
        return None
    if parts.scheme in ("http", "https"):
        return url if parts.netloc and parts.hostname else None
    if parts.scheme == "mailto":
        return url if "@" in parts.path else None
    if parts.scheme or parts.netloc or url.startswith("//"):
        return None
    return url


def _source(link: SourceLink) -> str:
    """A cited source: a link where it has a URL a reader may follow, else its label."""
    source = link.source
    href = safe_href(source.url)
    if href is None:
        return h(source.label)
    titled = ' class="titled"' if source.title else ""
    return f'<a{titled} href="{h(href)}">{h(source.label)}</a>'


def _evidence(entry: HistoryEntry, quote: bool = False, w: Words = ENGLISH) -> str:
    """The note, source (a link), the quote from it (``quote``) and ref of an entry,
    ``; ``-separated (as :func:`tracker.renderers.phrasing.change_evidence` and
    ``move_evidence`` phrase them)."""
    parts = []
    if entry.note:
        parts.append(h(entry.note))
    if entry.source:
        parts.append(h(w("source:")) + " " + _source(entry.source))
        if quote and entry.source.quote:
            parts.append(h(w('quote: "{quote}"', quote=entry.source.quote)))
    if entry.ref:
        parts.append(h(w("ref: {ref}", ref=entry.ref)))
    return f'<span class="small">{"; ".join(parts) or "-"}</span>'


#: Health, as a word and a symbol beside its colour (colour is never the only signal).
HEALTH_MARKS = {
    "overdue": "\u25b2 overdue",  # ▲
    "due_soon": "\u25c6 due soon",  # ◆
    "on_track": "\u2713 on track",  # ✓
    "closed": "\u25a0 closed",  # ■
    "no_deadline": "\u25cb no deadline",  # ○
}


def _health_mark(health: str, w: Words = ENGLISH) -> str:
    """``▲ overdue``: the symbol, and the health in ``w``'s language."""
    mark = HEALTH_MARKS.get(health, health)
    if w.english or health not in HEALTH_MARKS:
        return mark
    return f"{mark[0]} {w.health(health)}"


def _health(health: str, w: Words = ENGLISH) -> str:
    return f'<span class="health {h(health)}">{h(_health_mark(health, w))}</span>'


def _confidence(initiative: Initiative, w: Words = ENGLISH) -> str:
    """``● confidence red`` (the dot coloured, the level written); empty when not set."""
    level = initiative.confidence
    if not level:
        return ""
    words = level.replace("_", "/") if w.english else w.code(CONFIDENCE_LABELS, level)
    return (
        f'<span class="confidence"><span class="dot {h(level)}" aria-hidden="true">'
        f"\u25cf</span> {h(w('confidence {level}', level=words))}</span>"
    )


def _signals(item: Item, stale: bool = False, health: bool = True, w: Words = ENGLISH) -> str:
    """An initiative's health, confidence and staleness, written out."""
    parts = [_health(str(item.health), w)] if health else []
    parts.append(_confidence(item.initiative, w))
    if stale and item.days_since_update is not None:
        days = w.count(item.days_since_update, "day")
        parts.append(f"<span>{h(w('stale: no update for {days}', days=days))}</span>")
    body = "".join(part for part in parts if part)
    return f'<span class="signals">{body}</span>' if body else ""


def _deadline(window: Window | dict[str, Any] | None) -> str:
    """The phrase, with its window of days below it (a window, or its JSON object)."""
    if window is None:
        return '<span class="none">-</span>'
    data = window if isinstance(window, dict) else window.to_dict()
    earliest, latest, text = data["earliest"], data["latest"], data["text"]
    span = latest if earliest == latest else f"{earliest}..{latest}"
    # Each day unbroken, the line broken after ``..`` where it must be.
    shown = (
        h(latest)
        if earliest == latest
        else f"<span>{h(earliest)}..</span><wbr><span>{h(latest)}</span>"
    )
    if text == span:
        return shown
    return f'{h(text)}<span class="window">{shown}</span>'


def _bar(progress: int | None) -> str:
    """A bar and its percentage, kept on one line."""
    if progress is None:
        return '<span class="none">-</span>'
    return (
        f'<span class="progress"><span class="bar"><span style="width:{progress}%"></span>'
        f"</span>{progress}%</span>"
    )


def _table(header: list[str], rows: list[list[str]], classes: dict[int, str] | None = None) -> str:
    """A table; ``classes`` gives column n a class (``num``: right-aligned, ``day``: unbroken).
    On a narrow screen each row becomes a block, each cell but the first labelled with its
    column's name (``data-label``)."""
    classes = classes or {}

    def cell(tag: str, n: int, content: str) -> str:
        kind = f' class="{classes[n]}"' if n in classes else ""
        label = f' data-label="{h(header[n])}"' if tag == "td" and n > 0 else ""
        return f"<{tag}{kind}{label}>{content}</{tag}>"

    head = "".join(cell("th", n, h(label)) for n, label in enumerate(header))
    body = "\n".join(
        "<tr>" + "".join(cell("td", n, content) for n, content in enumerate(row)) + "</tr>"
        for row in rows
    )
    return (
        f'<table class="rows">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>'
    )


#: What the rows of each section count, for the line saying how many are not shown
#: (``3 more initiatives``; in another language the message ``{n} more initiatives``).
ROW_NOUNS = {"by_tag": "more tag", "by_jurisdiction": "more jurisdiction"}
ROW_NOUN = "more initiative"


class HtmlRenderer(SectionRenderer):
    def report(self, report: Report, rows: int = 20, lang: str = "en") -> None:
        self.words = w = Words(lang)
        title = w("Progress report as of {day}", day=report.as_of)
        before, _, after = w("Progress report as of {day}").partition("{day}")
        heading = f'{h(before)}<span class="day">{report.as_of}</span>{h(after)}'
        parts = [
            "<!DOCTYPE html>",
            f'<html lang="{w.lang}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{h(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<main>",
            f"<h1>{heading}</h1>",
        ]
        parts += [f'<p class="sub">{h(line)}</p>' for line in report_subtitle(report, w)]
        filters = filters_label(report.options.filters, w)
        if filters:
            parts.append(f'<p class="sub">{h(w("Filtered:"))} {h(filters)}</p>')
        parts.append(self._cards(report, w))
        status = counts_line(report.status_counts(), w, w.status)
        health = counts_line(report.health_counts(), w, w.health)
        parts.append(f'<p class="counts"><b>{h(w("Status"))}:</b> {h(status)}</p>')
        parts.append(f'<p class="counts"><b>{h(w("Health"))}:</b> {h(health)}</p>')

        for key, heading, total, body, more in report_sections(report, rows, self, w):
            parts.append(f'<h2>{h(heading)} <span class="n">({total})</span></h2>')
            parts.append(f'<p class="none">{h(w("None."))}</p>' if body is None else body)
            if more:
                noun = ROW_NOUNS.get(key, ROW_NOUN)
                sentence = w(
                    "{more} not shown here: this report lists the first {shown} of {total}.",
                    more=w.count(more, noun),
                    shown=total - more,
                    total=total,
                )
                parts.append(f'<p class="more">{h(sentence)}</p>')
        footer = w(
            "Generated by tracker for {day}. Deadlines are windows of days;"
            " an initiative is overdue once the latest day of its window has passed.",
            day=report.as_of,
        )
        parts += [
            f"<footer>{h(footer)}</footer>",
            "</main>",
            "</body>",
            "</html>",
        ]
        self.stream.write("\n".join(parts) + "\n")

    @staticmethod
    def _cards(report: Report, w: Words) -> str:
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
            f'<div class="k">{h(w(label))}</div></div>'
            for label, value, kind in cards
        )
        return f'<div class="cards">{body}</div>'

    def section_items(self, items: list[Item], days: str) -> str:
        """Overdue or due soon (the heading gives the health): each with its confidence."""
        w = self.words
        label = "Days overdue" if days == "days_overdue" else "Days left"
        rows = []
        for item in items:
            number = getattr(item, days)
            rows.append(
                [
                    _name(item) + _signals(item, health=False, w=w),
                    _deadline(item.initiative.deadline),
                    f'<span class="bad">{number}</span>' if days == "days_overdue" else str(number),
                    _bar(item.initiative.progress),
                ]
            )
        return _table(_header(w, "Initiative", "Deadline", label, "Progress"), rows, {2: "num"})

    def section_changes(self, groups: list[Any]) -> str:
        w = self.words
        rows = []
        for group in groups:
            for n, change in enumerate(group.changes):
                rows.append(
                    [
                        _name(group.item) if n == 0 else "",
                        h(change.entry.effective),
                        h(change_summary(change, w)),
                        _evidence(change.entry, w=w),
                        h(change_author(change)),
                    ]
                )
        header = _header(w, "Initiative", "Effective", "Change", "Note / source", "By")
        return _table(header, rows, {1: "day"})

    def section_slipped(self, items: list[Item]) -> str:
        """One row per deadline move in the period; the initiative, its baseline and its
        total slip since then on its first."""
        w = self.words
        rows = []
        for item in items:
            for n, move in enumerate(item.moves):
                first = n == 0
                total = h(signed_days(item.total_days_slipped, w))
                days = h(signed_days(move.days, w))
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
                        _evidence(move.entry, quote=True, w=w),
                        h(move.entry.author or "-"),
                    ]
                )
        return _table(_header(w, *SLIPPED_COLUMNS), rows, {2: "num", 3: "day", 5: "num"})

    def section_stale(self, items: list[Item]) -> str:
        w = self.words
        rows = [
            [
                _name(item) + _signals(item, health=False, w=w),
                h(w.status(item.initiative.status)),
                h(item.last_update.isoformat() if item.last_update else None),
                str(item.days_since_update),
            ]
            for item in items
        ]
        header = _header(w, "Initiative", "Status", "Last update", "Days")
        return _table(header, rows, {2: "day", 3: "num"})

    def section_groups(self, groups: list[Group], label: str) -> str:
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
            [label, *_header(self.words, "All", "Open", "Overdue", "Done", "Progress")],
            rows,
            dict.fromkeys(range(1, 5), "num"),
        )

    def section_timeline(self, report: Report, items: list[Item]) -> str:
        """A table: each open initiative's title (wrapped, its slug below), its deadline,
        health, confidence and staleness in words, and its bar, drawn in an SVG per row
        whose positions are percentages of the column (its text is never scaled, so it
        prints at the size it is written)."""
        from tracker.renderers.timeline import Scale, bar_parts

        w = self.words
        scale = Scale.for_items(items, report.as_of, 100.0)  # positions in percent
        ticks = scale.ticks(most=8)
        stale = set(report.stale.ids)
        asof = scale.x(report.as_of)
        grid = "".join(
            f'<line class="tick" x1="{scale.x(day):.2f}%" y1="0" x2="{scale.x(day):.2f}%"'
            ' y2="100%"/>'
            for day, _ in ticks
        )
        now = f'<line class="asof" x1="{asof:.2f}%" y1="0" x2="{asof:.2f}%" y2="100%"/>'
        early, late = ' dx="3"', ' text-anchor="end" dx="-3"'  # a label beside its line
        years = "".join(  # one near the right end ends at its line
            f'<text class="tick-label" x="{scale.x(day):.2f}%" y="13"'
            f"{late if scale.x(day) > 88 else early}>{label}</text>"
            for day, label in ticks
        )
        described = w(
            "Years {first} to {last}; the dashed line is the report day, {day}",
            first=scale.first.year,
            last=scale.last.year,
            day=report.as_of,
        )
        axis = (
            f'<svg class="axis" role="img" aria-label="{h(described)}">{grid}{years}'
            f'<line class="asof" x1="{asof:.2f}%" y1="18" x2="{asof:.2f}%" y2="34"/>'
            f'<text class="asof-label" x="{asof:.2f}%" y="30"{late if asof > 50 else early}>'
            f"{h(w('as of {day}', day=report.as_of))}</text></svg>"
        )
        rows = []
        for item in items:
            start, earliest, latest, band = bar_parts(item)
            x0, x1 = scale.x(start), scale.x(earliest)
            x2 = max(scale.x(latest) + scale.width / scale.days, x1 + 0.5)
            kind = "band overdue" if item.health == "overdue" else "band"
            deadline = due(item.initiative)
            health = _health_mark(str(item.health), w)
            precision = w.code(PRECISION_LABELS, str(deadline.precision))
            tip = (
                f"{item.initiative.title}: {deadline.text}, {earliest}..{latest}"
                f" ({precision}), {health}"
            )
            if band:
                mark = (
                    f'<rect class="{kind}" x="{x1:.2f}%" y="50%" width="{x2 - x1:.2f}%"'
                    ' height="12" transform="translate(0 -6)" rx="2"/>'
                )
            else:
                mark = (
                    f'<svg x="{(x1 + x2) / 2:.2f}%" y="50%" overflow="visible" aria-hidden="true">'
                    f'<path class="{kind}" d="M0 -7 L6 0 L0 7 L-6 0 Z"/></svg>'
                )
            chart = (
                f'<svg role="img" aria-label="{h(tip)}">{grid}'
                f'<line class="lead" x1="{x0:.2f}%" y1="50%" x2="{x1:.2f}%" y2="50%"/>'
                f"{mark}{now}</svg>"
            )
            rows.append(
                f"<tr><td>{_name(item)}</td><td>{_deadline(deadline)}"
                f"{_signals(item, stale=item.initiative.id in stale, w=w)}</td>"
                f'<td class="chart">{chart}</td></tr>'
            )
        legend = w(
            "Each bar: a grey line from the day the initiative was announced"
            " to its deadline window, a band (a diamond for a single day), red when overdue."
            " The dashed line is the report day. Health and confidence are written beside"
            " each bar."
        )
        initiative, deadline_health = h(w("Initiative")), h(w("Deadline and health"))
        return (
            f'<table class="timeline">\n<thead><tr><th>{initiative}</th><th>{deadline_health}</th>'
            f'<th class="chart">{axis}</th></tr></thead>\n<tbody>\n'
            + "\n".join(rows)
            + "\n</tbody>\n</table>\n"
            + f'<p class="more">{h(legend)}</p>'
        )


def _header(w: Words, *columns: str) -> list[str]:
    """A table's column headers in ``w``'s language (:func:`_table` escapes them)."""
    return [w(column) for column in columns]
