"""Plain-text phrasing shared by the human-readable formats (no renderer of its own)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from tracker.domain.windows import Window
from tracker.i18n import (
    CONFIDENCE_LABELS,
    ENGLISH,
    FIELD_LABELS,
    KIND_LABELS,
    VALUE_LABELS,
    Words,
)

if TYPE_CHECKING:
    from tracker.domain.initiatives import HistoryEntry, Initiative, Source
    from tracker.requests import SearchMatch, SourceResult

# C0/C1 controls (but newline and tab) and the bidirectional overrides/isolates
# that can disguise text in a terminal (e.g. U+202E RIGHT-TO-LEFT OVERRIDE).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str | None) -> str:
    """User text made harmless for a terminal: control characters shown as ``\\uXXXX``."""
    if not text:
        return ""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 line``, ``2 lines`` (``1 child``, ``2 children`` with a plural given)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def one_line(text: str) -> str:
    """``text`` with every run of white space (line breaks too) one space."""
    return " ".join(str(text).split())


def due(initiative: Initiative) -> Window:
    """The deadline of an initiative that has one (the calendar's, the timeline's)."""
    if initiative.deadline is None:
        raise ValueError(f"{initiative.slug} has no deadline")
    return initiative.deadline


def window_label(window: Window | dict[str, Any] | None) -> str:
    """``late 2025 (2025-09-01..2025-12-31)``; a one-day window shows only its day."""
    if window is None:
        return "-"
    data = window.to_dict() if isinstance(window, Window) else window
    earliest, latest, text = data["earliest"], data["latest"], data["text"]
    span = latest if earliest == latest else f"{earliest}..{latest}"
    if text == earliest == latest:
        return span
    return f"{text} ({span})"


def progress_text(progress: int | None, width: int = 10) -> str:
    if progress is None:
        return "-"
    filled = round(progress * width / 100)
    return "█" * filled + "░" * (width - filled) + f" {progress:>3}%"


def _value(value: Any, name: str = "", w: Words = ENGLISH) -> str:
    if isinstance(value, str) and name in VALUE_LABELS:
        context, table = VALUE_LABELS[name]
        return w.code(table, value, context)
    if value is None:
        return "-"
    if isinstance(value, dict) and "latest" in value:
        return window_label(value)
    if isinstance(value, dict) and "date" in value:
        return f"{value['text']} ({value['date']})"
    return str(value)


def _named(item: Any) -> str:
    """A name added to a list: itself, or a source's URL (else title)."""
    if isinstance(item, dict):
        return str(item.get("url") or item.get("title") or "")
    return str(item)


def describe_changes(changes: dict[str, Any], arrow: str = "->", w: Words = ENGLISH) -> list[str]:
    """One phrase per changed field: ``status announced -> in_progress``, ``tags +a -b``
    (``arrow`` between a value before and after: ``→`` where Unicode is welcome); in
    ``w``'s language the field's name and a code's label translated."""
    phrases = []
    for key, change in changes.items():
        name = key if w.english else w.code(FIELD_LABELS, key)
        if name == "links" and isinstance(change, dict):
            phrases.append(_links_phrase(change))
        elif name == "merged" and isinstance(change, dict):
            n = len(change.get("entries") or [])
            entries = w.count(n, "history entry", "history entries")
            phrases.append(
                w("merged from {slug} ({entries})", slug=change.get("slug"), entries=entries)
            )
        elif "added" in change or "removed" in change:
            parts = [f"+{_named(n)}" for n in change.get("added", [])]
            parts += [f"-{n}" for n in change.get("removed", [])]
            phrases.append(f"{name} {' '.join(parts)}")
        elif change.get("from") is None:
            suffix = "%" if key == "progress" else ""
            phrases.append(f"{name} {_value(change['to'], key, w)}{suffix}{_rationale(change, w)}")
        elif "note" in change and change["from"] == change["to"]:  # restated, new rationale
            reassessed = w("reassessed")
            phrases.append(
                f"{name} {_value(change['to'], key, w)}, {reassessed}{_rationale(change, w)}"
            )
        else:
            suffix = "%" if key == "progress" else ""
            before, after = _value(change["from"], key, w), _value(change["to"], key, w)
            phrases.append(
                f"{name} {before}{suffix} {arrow} {after}{suffix}{_rationale(change, w)}"
            )
    return phrases


def _rationale(change: dict[str, Any], w: Words = ENGLISH) -> str:
    """`` (rationale: ...)`` for a confidence level given with its rationale."""
    note = change.get("note")
    return w(" (rationale: {note})", note=note) if isinstance(note, str) else ""


def _links_phrase(change: dict[str, Any]) -> str:
    """``links +supersedes old-plan -relates-to other``: each link's kind and the other
    end's slug when the entry was made (its uuid's first 8 without one)."""
    parts = []
    for sign, side in (("+", "added"), ("-", "removed")):
        for one in change.get(side) or []:
            other = one.get("slug") or str(one.get("uuid", ""))[:8]
            parts.append(f"{sign}{one.get('kind')} {other}")
    return "links " + " ".join(parts)


def correction_mark(label: str, by: HistoryEntry) -> str:
    """The mark of a corrected entry: ``RETRACTED by ana on 2026-11-22 (entry 1a2b3c4d):
    wrong initiative`` (a retract gives its reason), ``amended by ana on ...``."""
    who = f" by {by.author}" if by.author else ""
    reason = f": {by.note}" if by.event == "retract" and by.note else ""
    return f"{label}{who} on {by.recorded_at[:10]} (entry {by.short}){reason}"


# -- reports ---------------------------------------------------------------------------

#: Section headings, in the order every human-readable format shows them.
SECTIONS = {
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "changed": "Changed",
    "slipped": "Slipped",
    "stale": "Stale",
    "by_tag": "Progress by tag",
    "by_jurisdiction": "Progress by jurisdiction",
    "timeline": "Timeline",
}


def period_label(report: Any, w: Words = ENGLISH) -> str:
    """``2026-01-09..2026-01-15``, or ``up to 2026-01-15`` when there is no start."""
    if report.options.after_update_id is not None:
        return w("since the last report (as of {day})", day=report.since - timedelta(days=1))
    if report.since is None:
        return w("everything up to {day}", day=report.as_of.isoformat())
    as_of: date = report.as_of
    if report.since == as_of:
        return as_of.isoformat()
    return f"{report.since.isoformat()}..{as_of.isoformat()}"


def report_sections(report: Any, rows: int, renderer: Any, w: Words = ENGLISH) -> Any:
    """Each section in the order every format shows it: (its key in :data:`SECTIONS`,
    its heading in ``w``'s language, how many entries, what the renderer made of the
    first ``rows`` of them or None when it is empty, how many more there are). A
    renderer offers ``items(items, days)``, ``changes``, ``slipped``, ``stale``,
    ``groups(groups, label)`` and ``timeline(report, items)``."""
    builders = {
        "overdue": lambda items: renderer.section_items(items, "days_overdue"),
        "due_soon": lambda items: renderer.section_items(items, "days_left"),
        "changed": renderer.section_changes,
        "slipped": renderer.section_slipped,
        "stale": renderer.section_stale,
        "by_tag": lambda groups: renderer.section_groups(groups, w("Tag")),
        "by_jurisdiction": lambda groups: renderer.section_groups(groups, w("Jurisdiction")),
        "timeline": lambda items: renderer.section_timeline(report, items),
    }
    for key, heading in SECTIONS.items():
        entries = getattr(report, key)
        if not entries:
            yield key, w(heading), 0, None, 0
            continue
        picked, more = shown(entries, rows)
        yield key, w(heading), len(entries), builders[key](picked), more


def shown(section: Any, rows: int) -> tuple[list[Any], int]:
    """The entries of a report section to show (at most ``rows``; 0: all loaded) and how
    many more there are."""
    items = section.items if hasattr(section, "ids") else section
    picked = items if rows <= 0 else items[:rows]
    return picked, len(section) - len(picked)


def report_subtitle(report: Any, w: Words = ENGLISH) -> list[str]:
    """Two short lines: what is counted, then the thresholds."""
    options = report.options
    initiatives = w.count(len(report.figures), "initiative")
    return [
        w(
            "{initiatives} · changes {period}",
            initiatives=initiatives,
            period=period_label(report, w),
        ),
        w("due soon: within {horizon} days", horizon=options.horizon_days)
        + " · "
        + w("stale: no update for {days} days", days=options.stale_after_days),
    ]


#: A report's filters, as its subtitle names them (message ids; ``{values}``: what was
#: asked, joined by `` or ``).
FILTER_WORDS = {
    "status": "status {values}",
    "tag": "tag {values}",
    "jurisdiction": "jurisdiction {values}",
    "sponsor": "sponsor {values}",
    "search": "search {values}",
    "parent": "within {values}",
    "kind": "kind {values}",
    "confidence": "confidence {values}",
    "changed_since": "changed since {values}",
    "slipped": "slipped",
    "by": "changes by {values}",
}


def filters_label(filters: dict[str, Any], w: Words = ENGLISH) -> str:
    """``tag fintech, jurisdiction Shenzhen``; empty when nothing is filtered."""
    parts = []
    either = w(" or ")
    for key in ("status", "tag", "jurisdiction", "sponsor", "search", "parent", "kind"):
        value = filters.get(key)
        if not value:
            continue
        if key == "search":
            values = repr(value)
        elif key == "parent":
            values = value
        elif key == "status":
            values = either.join(w.status(one) for one in value)
        elif key == "kind":
            values = either.join(w.code(KIND_LABELS, one) for one in value)
        else:
            values = either.join(value)
        parts.append(w(FILTER_WORDS[key], values=values))
    if filters.get("confidence"):
        values = either.join(w.code(CONFIDENCE_LABELS, one) for one in filters["confidence"])
        parts.append(w(FILTER_WORDS["confidence"], values=values))
    if filters.get("changed_since"):
        parts.append(w(FILTER_WORDS["changed_since"], values=filters["changed_since"]))
    if filters.get("slipped"):
        parts.append(w(FILTER_WORDS["slipped"]))
    if filters.get("by"):
        parts.append(w(FILTER_WORDS["by"], values=either.join(filters["by"])))
    return w(", ").join(parts)


def counts_line(
    counts: dict[str, int], w: Words = ENGLISH, name: Callable[[str], str] = str
) -> str:
    """``proposed 5 · announced 7`` (zero counts left out; ``none`` if all are zero);
    ``name`` shows each code (``Words.status``, ``Words.health``)."""
    shown = [f"{name(code)} {n}" for code, n in counts.items() if n]
    return " · ".join(shown) or w("none")


def what_recorded(entry: Any) -> str:
    """What an entry that moved no field records: ``note``, ``source`` or ``note and
    source`` (``update --source URL`` alone records a source, not a note)."""
    kept = [name for name, value in (("note", entry.note), ("source", entry.source)) if value]
    return " and ".join(kept) or "entry"


def change_summary(change: Any, w: Words = ENGLISH) -> str:
    """What one history entry changed, e.g. ``status announced -> in_progress; progress 30%``."""
    if change.entry.event == "created":
        described = describe_changes(change.changes, w=w)
        return w("added") + (f": {'; '.join(described)}" if described else "")
    return "; ".join(describe_changes(change.changes, w=w)) or w(what_recorded(change.entry))


def evidence_parts(
    entry: Any, quote: bool = False, w: Words = ENGLISH
) -> list[tuple[str, Source | None]]:
    """The pieces of a history entry's evidence, in order: its note, its source, the
    quote from that source (with ``quote``), its ref; each as (its text, the
    :class:`~tracker.domain.initiatives.Source` for the source's piece, else None), so
    a format that links documents (Markdown) can link that piece."""
    parts: list[tuple[str, Source | None]] = []
    if entry.note:
        parts.append((entry.note, None))
    if entry.source:
        parts.append((w("source:") + " " + entry.source.source.label, entry.source.source))
        if quote and entry.source.quote:
            parts.append((w('quote: "{quote}"', quote=entry.source.quote), None))
    if entry.ref:
        parts.append((w("ref: {ref}", ref=entry.ref), None))
    return parts


def change_evidence(change: Any, w: Words = ENGLISH) -> str:
    """The note, source and ref of a history entry, ``; ``-separated."""
    return "; ".join(text for text, _ in evidence_parts(change.entry, w=w))


def change_author(change: Any) -> str:
    """Who made a history entry (``-`` for one made before authors were kept)."""
    return str(change.entry.author or "-")


def signed(number: int) -> str:
    """``+182``, ``-30``, ``0``."""
    return f"+{number}" if number > 0 else str(number)


def signed_days(days: int | None, w: Words = ENGLISH) -> str:
    """``+182 days``, ``-30 days``, ``0 days``, ``+1 day``; ``-`` when unknown."""
    if days is None:
        return "-"
    return w.count(days, "day", shown=signed(days))


def move_label(move: Any) -> str:
    """``by 2027 (2027-01-01..2027-12-31) -> H1 2028 (2028-01-01..2028-06-30)``."""
    return f"{window_label(move.before)} -> {window_label(move.after)}"


def move_evidence(move: Any, w: Words = ENGLISH) -> str:
    """The evidence of a deadline move, ``; ``-separated: its note, source, the quote
    from that source, and ref."""
    return "; ".join(text for text, _ in evidence_parts(move.entry, quote=True, w=w))


def bracketed(match: SearchMatch) -> str:
    """A snippet with each match in [brackets]."""
    text, out, at = match.snippet, [], 0
    for start, end in match.marks:
        out += [text[at:start], "[", text[start:end], "]"]
        at = end
    return "".join(out) + text[at:]


def shown_of(shown: int, total: int) -> str:
    """``2 initiatives``; ``20 of 31 initiatives`` when there are more than shown."""
    if shown == total:
        return count(total, "initiative")
    return f"{shown} of {count(total, 'initiative')}"


def source_changed_line(result: SourceResult) -> str:
    """``bridging: source added: https://...`` and the like."""
    slug, label = safe(result.initiative.slug), one_line(safe(result.source.source.label))
    if result.outcome == "unchanged":
        return f"{slug}: {label} is among its sources already, as given; nothing recorded"
    return f"{slug}: source {result.outcome}: {label}"


def names_change_line(change: Any) -> str:
    """What ``names rename``, ``merge``, ``alias`` or ``unalias`` did, in one line (a
    :class:`tracker.domain.names.NamesChange`)."""
    kind, old, new = change.kind, safe(change.old), safe(change.new)
    if change.action == "aliased":
        line = f'{kind} alias "{old}" -> "{new}"'
        if change.replaced is not None:
            line += f' (it meant "{safe(change.replaced)}")'
        if change.carrying:
            line += (
                f'; {count(change.carrying, "initiative")} still name "{old}":'
                f' tracker names merge {kind} "{old}" "{new}" gives them "{new}"'
            )
        return line
    if change.action == "unaliased":
        return f'removed {kind} alias "{old}" (of "{new}")'
    verb, joint = ("renamed", "to") if change.action == "renamed" else ("merged", "into")
    slugs = change.initiatives
    shown = ", ".join(slugs[:10]) + (", ..." if len(slugs) > 10 else "")
    line = f'{verb} {kind} "{old}" {joint} "{new}": {count(len(slugs), "initiative")}'
    line += f" ({safe(shown)})" if slugs else ""
    if change.aliased:
        line += f'; "{old}" is now an alias of "{new}"'
    return line


#: The slipped section's columns in the formats that draw it as a table (Markdown,
#: HTML): one row per deadline move.
SLIPPED_COLUMNS = (
    "Initiative",
    "Baseline",
    "Since baseline",
    "Effective",
    "Deadline moved",
    "Days",
    "Evidence",
    "By",
)


def since_baseline_label(item: Any, w: Words = ENGLISH) -> str:
    """``+182 days since the baseline, by 2027 (2027-01-01..2027-12-31)``."""
    baseline = window_label(item.initiative.baseline_deadline)
    days = signed_days(item.total_days_slipped, w)
    return w("{days} since the baseline, {baseline}", days=days, baseline=baseline)


def more_not_shown(more: int, w: Words = ENGLISH, code: str = "`--rows 0`") -> str:
    """``… and 3 more (`--rows 0` shows all)``: the line under a section cut short."""
    return w("… and {more} more ({option} shows all)", more=more, option=code)
