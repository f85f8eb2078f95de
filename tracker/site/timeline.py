"""One initiative's timeline as inline SVG: its deadline window (a band, or a diamond
for a single day) after a line from its start, its baseline window on a row of its
own when the deadline moved, and a dot for each history entry, on a scale of whole
years (:class:`tracker.renderers.timeline.Scale`). The SVG has a ``<title>`` and a
description; each mark has its own ``<title>`` (a tooltip, and read by screen
readers), and the rows are labelled in words, so colour is never the only signal.
The day the site is built is not drawn: a page changes only when its initiative does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from tracker.renderers.timeline import Scale

if TYPE_CHECKING:
    from tracker.domain.initiatives import HistoryEntry
    from tracker.domain.windows import Window
    from tracker.reports import Item

LABEL_W, CHART_W, ROW_H, TOP = 90, 540, 24, 22


def _h(text: object) -> str:
    return escape(str(text), quote=True)


def _mark(
    scale: Scale, window: Window, y: float, css: str, tip: str, start: date | None = None
) -> str:
    x1 = LABEL_W + scale.x(window.earliest)
    x2 = max(LABEL_W + scale.x(window.latest) + scale.width / scale.days, x1 + 3)
    out = [f"<g><title>{_h(tip)}</title>"]
    if start is not None and start < window.earliest:
        x0 = LABEL_W + scale.x(start)
        out.append(f'<line class="lead" x1="{x0:.1f}" y1="{y:.1f}" x2="{x1:.1f}" y2="{y:.1f}"/>')
    if window.earliest != window.latest:
        out.append(
            f'<rect class="{css}" x="{x1:.1f}" y="{y - 7:.1f}" width="{x2 - x1:.1f}"'
            f' height="14" rx="2"/>'
        )
    else:
        cx = (x1 + x2) / 2
        out.append(f'<path class="{css}" d="M{cx:.1f} {y - 8:.1f} l7 8 l-7 8 l-7 -8 z"/>')
    out.append("</g>")
    return "".join(out)


def initiative_timeline(
    item: Item,
    history: list[HistoryEntry],
    slips: list[dict[str, Any]],
    health: str,
    _: Callable[[str], str],
) -> Markup:
    """The SVG (``health``: the initiative's health, in words)."""
    initiative = item.initiative
    deadline, baseline = initiative.deadline, initiative.baseline_deadline
    moved = baseline is not None and deadline is not None and baseline != deadline and bool(slips)
    days = [date.fromisoformat(e.effective) for e in history] or [item.started]
    ends: list[date] = [item.started, *days]
    for window in (deadline, baseline if moved else None):
        if window is not None:
            ends += [window.earliest, window.latest]
    first, last = min(ends), max(ends)
    scale = Scale(date(first.year, 1, 1), date(last.year, 12, 31), CHART_W)
    rows = [r for r in ("deadline", "baseline", "history") if r != "baseline" or moved]
    if deadline is None:
        rows.remove("deadline")
    height = TOP + ROW_H * len(rows) + 8
    title = _("Timeline")
    summary = [f"{_('Started')} {item.started.isoformat()}"]
    if deadline is not None:
        summary.append(f"{_('Deadline')} {deadline.text} ({deadline.latest.isoformat()})")
    if moved and baseline is not None:
        summary.append(f"{_('Baseline')} {baseline.text} ({baseline.latest.isoformat()})")
    summary.append(f"{_('History entries')}: {len(history)}")
    svg = [
        f'<svg class="timeline" viewBox="0 0 {LABEL_W + CHART_W + 10} {height}" role="img"'
        f' aria-labelledby="timeline-title timeline-desc">'
        f'<title id="timeline-title">{_h(title)}: {_h(initiative.title)}</title>'
        f'<desc id="timeline-desc">{_h("; ".join(summary))}</desc>'
    ]
    for day, label in scale.ticks(most=CHART_W // 45):
        x = LABEL_W + scale.x(day)
        svg.append(
            f'<line class="tick" x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{height - 4}"/>'
            f'<text class="tick-label" x="{x + 3:.1f}" y="{TOP - 9}">{label}</text>'
        )
    labels = {"deadline": _("Deadline"), "baseline": _("Baseline"), "history": _("History")}
    for n, row in enumerate(rows):
        y = TOP + n * ROW_H + ROW_H / 2
        svg.append(f'<text x="0" y="{y + 4:.1f}">{_h(labels[row])}</text>')
        if row == "deadline" and deadline is not None:
            css = "band overdue" if item.health.value == "overdue" else "band"
            tip = (
                f"{_('Deadline')}: {deadline.text} ({deadline.earliest}..{deadline.latest}),"
                f" {health}"
            )
            svg.append(_mark(scale, deadline, y, css, tip, item.started))
        elif row == "baseline" and baseline is not None:
            tip = f"{_('Baseline')}: {baseline.text} ({baseline.earliest}..{baseline.latest})"
            svg.append(_mark(scale, baseline, y, "band baseline", tip))
        elif row == "history":
            for entry, day in zip(history, days, strict=True):
                x = LABEL_W + scale.x(day) + scale.width / scale.days / 2
                css = "dot retracted" if entry.retracted_by else "dot"
                tip = f"{entry.effective}: {entry.event}" + (
                    f" — {entry.note}" if entry.note else ""
                )
                svg.append(
                    f'<circle class="{css}" cx="{x:.1f}" cy="{y:.1f}" r="4">'
                    f"<title>{_h(tip)}</title></circle>"
                )
    svg.append("</svg>")
    return Markup("".join(svg))
