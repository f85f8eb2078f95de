"""``--format table`` (and the report's ``--format terminal``): Rich tables for people.

Named for what it draws: tables (the ``terminal`` report is tables and a timeline
drawn in a terminal's characters). Colour and bars on a terminal; plain text, no
ANSI codes, when output goes to a pipe or a file or colour is off (``NO_COLOR``;
Rich decides the rest from the stream). All user text passes through
:func:`tracker.renderers.phrasing.safe` and is added as ``rich.text.Text``, never as
markup, so ``[bold]`` in a title stays literal.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from tracker.i18n import Words
from tracker.renderers import (
    NamesRenderer,
    ProposalRenderer,
    RecordRenderer,
    SearchRenderer,
    SectionRenderer,
    SourcesRenderer,
)
from tracker.renderers.phrasing import (
    change_evidence,
    change_summary,
    correction_mark,
    counts_line,
    describe_changes,
    filters_label,
    more_not_shown,
    move_evidence,
    names_change_line,
    progress_text,
    report_sections,
    report_subtitle,
    safe,
    shown_of,
    signed,
    since_baseline_label,
    what_recorded,
    window_label,
)

if TYPE_CHECKING:
    from tracker.domain.initiatives import (
        HistoryEntry,
        Initiative,
        InitiativeDetail,
        Rollup,
        SourceLink,
    )
    from tracker.domain.names import Alias, NamesChange, NameUse
    from tracker.reports import Group as ReportGroup
    from tracker.reports import Item, Report
    from tracker.requests import ImportResult, Proposal, SearchResults, SourceResult, UpdateResult

STATUS_STYLES = {
    "proposed": "magenta",
    "announced": "cyan",
    "in_progress": "blue",
    "achieved": "green",
    "stalled": "yellow",
    "abandoned": "red",
    "superseded": "dim",
}
HEALTH_STYLES = {
    "overdue": "bold red",
    "due_soon": "yellow",
    "on_track": "green",
    "closed": "dim",
    "no_deadline": "dim",
}


def make_console(stream: TextIO, colour: bool = True) -> Console:
    # No colour (NO_COLOR): no escape codes at all (Rich would still send bold and dim).
    return Console(
        file=stream,
        highlight=False,
        emoji=False,
        markup=False,
        color_system="auto" if colour else None,
    )


def _t(value: object, style: str = "") -> Text:
    return Text(safe(str(value)) if value is not None else "-", style=style)


def _rollup_line(rollup: Rollup) -> Text:
    """ "3 children, 5 in all · progress 42% · worst health overdue · latest activity
    2026-11-20"."""
    line = Text(f"{rollup.children} children")
    if rollup.descendants != rollup.children:
        line.append(f", {rollup.descendants} in all")
    if rollup.progress is not None:
        line.append(f" · progress {rollup.progress}%")
    if rollup.worst_health is not None:
        worst = str(rollup.worst_health)
        line.append(" · worst health ")
        line.append(worst, style=HEALTH_STYLES.get(worst, ""))
    if rollup.latest_activity is not None:
        line.append(f" · latest activity {rollup.latest_activity.isoformat()}")
    return line


def _progress(progress: int | None, width: int = 10) -> Text:
    return Text(progress_text(progress, width), style="green" if progress is not None else "dim")


def _deadline(item: Initiative, health: str) -> Text:
    """The latest day, and under it the phrase it was read from (clipped to 16 characters)."""
    if item.deadline is None:
        return Text("-", style="dim")
    text = Text(item.deadline.latest.isoformat(), style="red" if health == "overdue" else "")
    phrase = item.deadline.text
    if phrase != item.deadline.latest.isoformat():
        clipped = phrase if len(phrase) <= 16 else phrase[:15] + "…"
        text.append("\n" + safe(clipped), style="dim")
    return text


class TableRenderer(
    RecordRenderer,
    SectionRenderer,
    ProposalRenderer,
    SearchRenderer,
    SourcesRenderer,
    NamesRenderer,
):
    def __init__(self, stream: TextIO, colour: bool = True) -> None:
        super().__init__(stream, colour)
        self.console = make_console(stream, colour)

    # -- search hits -----------------------------------------------------------------

    def search_results(self, results: SearchResults, today: date) -> None:
        """One row per hit, best first: the initiative (title over slug), its status
        and health, and each field it matched in with a snippet, the matches in bold."""
        if not results.hits:
            self.console.print("No initiatives found.", style="dim")
            return
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, show_lines=True)
        table.add_column("Initiative", overflow="fold", ratio=1)
        table.add_column("Status", no_wrap=True)
        table.add_column("Where it matched", overflow="fold", ratio=2)
        for hit in results.hits:
            item = hit.initiative
            name = Text(safe(item.title))
            name.append("\n" + safe(item.slug), style="dim")
            health = str(item.health(today))
            status = Text(safe(item.status), style=STATUS_STYLES.get(item.status, ""))
            status.append("\n" + health, style=HEALTH_STYLES.get(health, ""))
            where = Text()
            for n, match in enumerate(hit.matches):
                where.append(("\n" if n else "") + match.field + ": ", style="dim")
                at = 0
                for start, end in match.marks:
                    where.append(safe(match.snippet[at:start]))
                    where.append(safe(match.snippet[start:end]), style="bold")
                    at = end
                where.append(safe(match.snippet[at:]))
            table.add_row(name, status, where)
        self.console.print(table)
        self.console.print(Text(shown_of(len(results.hits), results.total), style="dim"))

    def sources(self, initiative: Initiative, links: list[SourceLink]) -> None:
        """As ``show`` lists them, under the initiative's slug, with a count."""
        self.console.print(Text(f"Sources of {safe(initiative.slug)}", style="bold"))
        if links:
            self.console.print(_sources_grid(links))
        from tracker.renderers.phrasing import count as counted

        self.console.print(counted(len(links), "source"), soft_wrap=True)

    def source_changed(self, result: SourceResult) -> None:
        from tracker.renderers.phrasing import source_changed_line

        self.console.print(Text(source_changed_line(result)), soft_wrap=True)

    # -- names ----------------------------------------------------------------------

    def names(self, uses: list[NameUse]) -> None:
        if not uses:
            self.console.print("No names in use.", style="dim")
            return
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column("Kind", no_wrap=True)
        table.add_column("Name", overflow="fold", ratio=2)
        table.add_column("Initiatives", justify="right", no_wrap=True)
        table.add_column("Folds to", overflow="fold", ratio=1)
        for use in uses:
            table.add_row(use.kind, _t(use.name), str(use.initiatives), _t(use.folds_to, "yellow"))
        self.console.print(table)
        self.console.print(f"{len(uses)} name{'' if len(uses) == 1 else 's'}", style="dim")

    def aliases(self, aliases: list[Alias]) -> None:
        if not aliases:
            self.console.print("No aliases.", style="dim")
            return
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column("Kind", no_wrap=True)
        table.add_column("Alias", overflow="fold")
        table.add_column("Name", overflow="fold")
        for alias in aliases:
            table.add_row(alias.kind, _t(alias.alias), _t(alias.name))
        self.console.print(table)
        count = len(aliases)
        self.console.print(f"{count} alias{'' if count == 1 else 'es'}", style="dim")

    def names_changed(self, change: NamesChange) -> None:
        self.console.print(names_change_line(change))

    # -- proposals from articles ---------------------------------------------------

    def proposals(self, items: list[Proposal]) -> None:
        """Two lines per candidate: title over the quote's start; status over kind;
        the deadline's phrase over its window; sponsors; the tracked match."""
        if not items:
            self.console.print("No initiatives found.", style="dim")
            return
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, show_lines=True)
        table.add_column("Score", no_wrap=True, justify="right")
        table.add_column("Initiative", overflow="fold", ratio=2)
        table.add_column("Status", no_wrap=True)
        table.add_column("Deadline", overflow="fold", ratio=1)
        table.add_column("Sponsors", overflow="fold", ratio=1)
        table.add_column("Tracked as", overflow="fold", ratio=1)
        for item in items:
            name = Text(safe(item.title))
            quote = item.quote if len(item.quote) <= 90 else item.quote[:89] + "\u2026"
            name.append("\n" + safe(quote), style="dim")
            status = Text(safe(item.status), style=STATUS_STYLES.get(item.status, ""))
            status.append("\n" + safe(item.kind), style="dim")
            deadline = Text()
            if item.deadline is not None:
                deadline.append(safe(item.deadline.text))
                window = f"{item.deadline.earliest} .. {item.deadline.latest}"
                deadline.append("\n" + window, style="dim")
            match = Text()
            if item.match is not None:
                match.append(safe(item.match))
                match.append(f"\n{item.match_score:.0f}% alike", style="dim")
            table.add_row(
                f"{item.score:.2f}",
                name,
                status,
                deadline,
                safe(", ".join(item.sponsors)),
                match,
            )
        self.console.print(table)
        noun = "initiative" if len(items) == 1 else "initiatives"
        matched = sum(item.match is not None for item in items)
        self.console.print(
            Text(f"{len(items)} {noun} found, {matched} like tracked ones", style="dim")
        )

    # -- reviewing proposals (extract --review) -------------------------------------

    def candidate(self, item: Proposal, number: int, total: int) -> None:
        """One candidate in a panel: every field it proposes, its evidence (the quote
        and its file), its score and the tracked initiative it looks like."""
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        status = Text(safe(item.status), style=STATUS_STYLES.get(item.status, ""))
        rows: list[tuple[str, Text | str]] = [
            ("Title", Text(safe(item.title), style="bold")),
            ("Status", status),
            ("Kind", safe(item.kind)),
            ("Sponsors", safe(", ".join(item.sponsors)) or "-"),
            ("Jurisdictions", safe(", ".join(item.jurisdictions)) or "-"),
            ("Tags", safe(", ".join(item.tags)) or "-"),
            ("Deadline", safe(window_label(item.deadline))),
            ("Announced", item.announced.isoformat() if item.announced else "-"),
            ("Score", f"{item.score:.2f}"),
        ]
        if item.match is not None:
            rows.append(("Tracked as", f"{safe(item.match)} ({item.match_score:.0f}% alike)"))
        for name, value in rows:
            grid.add_row(name, value)
        quote = Text("\n\u201c" + safe(item.quote) + "\u201d", style="italic")
        quote.append("\n" + safe(item.file), style="dim")
        self.console.print(Panel(Group(grid, quote), title=f"{number}/{total}", title_align="left"))

    def review_help(self, matched: bool) -> None:
        """What each answer does."""
        lines = [
            "a  accept: record it (kept until the end, then all recorded at once)",
            "e  edit its title, status and deadline, then decide",
            "s  skip it",
            "q  quit: ask no more; record what was accepted so far (after asking)",
            "?  this help",
        ]
        if matched:
            lines.append("An accepted candidate like a tracked initiative is added to it")
            lines.append("as a source (the default), or recorded as a new initiative.")
        self.console.print(Text("\n".join(lines), style="dim"))

    def reviewed(self, result: ImportResult, total: int) -> None:
        """What the review recorded: each accepted candidate's slug, and what became
        of it (a new initiative, a source added, or a source it already had)."""
        recorded = result.recorded
        noun = "candidate" if total == 1 else "candidates"
        self.console.print(f"Recorded {len(recorded)} of {total} {noun}:")
        said = {
            "created": "new initiative",
            "updated": "source added to",
            "unchanged": "source already in",
        }
        for outcome, slug in recorded:
            self.console.print(Text(f"  {said[outcome]:<18} {safe(slug)}"))

    # -- lists ---------------------------------------------------------------------

    def initiatives(self, items: Iterable[Initiative], today: date) -> None:
        """Two lines per initiative: title over slug, status over health, day over phrase."""
        items = list(items)  # the table sizes its columns from every row
        if not items:
            self.console.print("No initiatives match.", style="dim")
            return
        # Status, deadline and progress take 38 columns with their gaps; on very
        # narrow terminals they win, elsewhere the slug fits on one line.
        longest_slug = max(len(item.slug) for item in items)
        slug_width = max(10, min(longest_slug, self.console.width - 38))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, show_lines=True)
        # The slug is what people copy as a REF: keep it on one line where possible.
        table.add_column("Initiative", overflow="fold", ratio=1, min_width=slug_width)
        table.add_column("Status", no_wrap=True)
        table.add_column("Deadline", no_wrap=True)
        table.add_column("Progress", no_wrap=True)
        for item in items:
            health = str(item.health(today))
            name = Text(safe(item.title))
            name.append("\n" + safe(item.slug), style="dim")
            status = Text(safe(item.status), style=STATUS_STYLES.get(item.status, ""))
            status.append("\n" + health, style=HEALTH_STYLES.get(health, ""))
            table.add_row(name, status, _deadline(item, health), _progress(item.progress, width=5))
        self.console.print(table)
        noun = "initiative" if len(items) == 1 else "initiatives"
        self.console.print(Text(f"{len(items)} {noun}", style="dim"))

    # -- one initiative ------------------------------------------------------------

    def _fields(self, item: Initiative, today: date) -> Table:
        health = str(item.health(today))
        health_text = health
        if health == "overdue" and item.deadline:
            health_text += (
                f" ({(today - item.deadline.latest).days} days past {item.deadline.latest})"
            )
        elif health in ("due_soon", "on_track") and item.deadline:
            health_text += f" ({(item.deadline.latest - today).days} days left)"
        baseline = item.baseline_deadline
        slipped = ""
        if baseline and item.deadline and item.deadline.latest > baseline.latest:
            slipped = f", slipped {(item.deadline.latest - baseline.latest).days} days"
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        rows = [
            ("Status", _t(item.status, STATUS_STYLES.get(item.status, ""))),
            ("Health", _t(health_text, HEALTH_STYLES.get(health, ""))),
            ("Progress", _progress(item.progress)),
            ("Confidence", _t(item.confidence)),
            *([("Rationale", _t(item.confidence_note))] if item.confidence_note else []),
            ("Kind", _t(item.kind)),
            (
                "Deadline",
                _t(
                    window_label(item.deadline)
                    + (f" [{item.deadline.precision}]" if item.deadline else "")
                ),
            ),
            ("Baseline", _t(window_label(baseline) + slipped)),
            (
                "Announced",
                _t(
                    f"{item.announced.text} ({item.announced.earliest}, {item.announced.precision})"
                    if item.announced
                    else None
                ),
            ),
            ("Parent", _t(item.parent)),
            ("Tags", _t(", ".join(item.tags) or None)),
            ("Jurisdictions", _t(", ".join(item.jurisdictions) or None)),
            ("Sponsors", _t(", ".join(item.sponsors) or None)),
            ("Id", _t(f"{item.id}  uuid {item.uuid}")),
            ("Created", _t(item.created_at)),
            ("Updated", _t(item.updated_at)),
        ]
        for label, value in rows:
            grid.add_row(label, value)
        return grid

    def _timeline(self, entries: list[HistoryEntry]) -> Table:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column("Entry", no_wrap=True)
        table.add_column("Effective", no_wrap=True)
        table.add_column("Event", no_wrap=True)
        table.add_column("By", overflow="fold", max_width=16)
        table.add_column("Changes", overflow="fold", ratio=2)
        table.add_column("Note / source", overflow="fold", ratio=2)
        shorts = {entry.uuid: entry.short for entry in entries}
        for entry in entries:
            notes = []
            if entry.note:
                notes.append(entry.note)
            if entry.source:
                notes.append("source: " + entry.source.source.label)
                if entry.source.quote and entry.event != "created":  # created: see Sources
                    notes.append(f"“{entry.source.quote}”")
            if entry.ref:
                notes.append(f"ref: {entry.ref}")
            changes = describe_changes(entry.changes)
            if entry.target and entry.event in ("retract", "amend"):
                changes.insert(0, f"{entry.event}s {shorts.get(entry.target, entry.target[:8])}")
            if entry.amended_by:
                notes.append(correction_mark("amended", entry.amended_by))
            if entry.retracted_by:
                notes.append(correction_mark("RETRACTED", entry.retracted_by))
            table.add_row(
                _t(entry.short, "dim"),
                _t(entry.effective),
                _t(entry.event, "dim" if entry.event == "edit" or entry.retracted_by else ""),
                _t(entry.author or "-", "dim"),
                _t("; ".join(changes) or "-"),
                _t("\n".join(notes) or "-"),
            )
        return table

    def detail(self, detail: InitiativeDetail, today: date) -> None:
        item = detail.initiative
        parts: list[Any] = [
            Text(safe(item.title), style="bold underline"),
            Text(safe(item.slug), style="dim"),
            Text(""),
            self._fields(item, today),
        ]
        if item.summary:
            parts += [Text(""), Text(safe(item.summary))]
        if detail.sources:
            parts += [Text(""), Text("Sources", style="bold")]
            parts.append(_sources_grid(detail.sources))
        if detail.children:
            parts += [Text(""), Text("Children", style="bold")]
            if detail.rollup is not None:
                parts.append(_rollup_line(detail.rollup))
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
            for column in ("Slug", "Status", "Health", "Progress"):
                table.add_column(column, overflow="fold")
            for child in detail.children:
                health = str(child.health(today))
                table.add_row(
                    _t(child.slug),
                    _t(child.status, STATUS_STYLES.get(child.status, "")),
                    _t(health, HEALTH_STYLES.get(health, "")),
                    _progress(child.progress),
                )
            parts.append(table)
        if detail.links:
            parts += [Text(""), Text("Links", style="bold")]
            links = Table.grid(padding=(0, 2))
            links.add_column(no_wrap=True)
            links.add_column(overflow="fold")
            for linked in detail.links:
                line = Text(safe(linked.slug))
                line.append(f" ({safe(linked.status)}) {safe(linked.title)}", style="dim")
                links.add_row(linked.relation, line)
            parts.append(links)
        parts += [Text(""), Text("History", style="bold"), self._timeline(detail.history)]
        self.console.print(Group(*parts))

    def history(self, initiative: Initiative, entries: list[HistoryEntry]) -> None:
        self.console.print(Text(f"History of {safe(initiative.slug)}", style="bold"))
        self.console.print(self._timeline(entries))

    def update_result(self, result: UpdateResult) -> None:
        slug = safe(result.initiative.slug)
        if result.outcome == "duplicate" and result.entry:
            self.console.print(
                f"{slug}: ref {safe(result.entry.ref)!r} was already applied"
                f" (recorded {result.entry.recorded_at}); nothing recorded",
                soft_wrap=True,
            )
        elif result.outcome == "duplicate":
            self.console.print(
                f"{slug}: ref was already applied (it changed nothing then); nothing recorded",
                soft_wrap=True,
            )
        elif result.outcome == "unchanged" or not result.entry:
            self.console.print(f"{slug}: nothing changed; nothing recorded", soft_wrap=True)
        else:
            changes = "; ".join(describe_changes(result.entry.changes)) or (
                f"{what_recorded(result.entry)} recorded"
            )
            self.console.print(Text(f"{slug}: {safe(changes)}"), soft_wrap=True)
            for name in result.overridden():
                value = getattr(result.initiative, name)
                value_text = window_label(value) if name == "deadline" else value
                self.console.print(
                    Text(
                        f"  (recorded as of {result.entry.effective}; the current {name} stays"
                        f" {safe(str(value_text))}: a later update set it)",
                        style="dim",
                    ),
                    soft_wrap=True,
                )
        for other, entry in result.also:
            changes = "; ".join(describe_changes(entry.changes))
            self.console.print(Text(f"{safe(other)}: {safe(changes)}"), soft_wrap=True)

    # -- reports -------------------------------------------------------------------

    def report(self, report: Report, rows: int = 20, lang: str = "en") -> None:
        """The progress report: headline counts, then each section, then the timeline."""
        self.words = Words(lang)
        if self.console.is_terminal:
            self._report(self.console, report, rows)
            return
        # Files, pipes and cron mail: plain text, 80 columns, no trailing blanks.
        console = Console(width=80, highlight=False, emoji=False, markup=False, no_color=True)
        with console.capture() as captured:
            self._report(console, report, rows)
        text = "\n".join(line.rstrip() for line in captured.get().splitlines())
        self.console.file.write(text + "\n")

    def _report(self, console: Console, report: Report, rows: int) -> None:
        self._section_console = console  # the timeline fits its width
        w = self.words
        title = w("Progress report as of {day}", day=report.as_of)
        console.print(Text(title, style="bold underline"))
        for line in report_subtitle(report, w):
            console.print(Text(line, style="dim"))
        filters = filters_label(report.options.filters, w)
        if filters:
            console.print(Text(w("Filtered:") + " " + safe(filters), style="dim"))
        console.print()
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row(w("Progress"), _progress(report.progress, width=20))
        grid.add_row(w("Status"), Text(counts_line(report.status_counts(), w, w.status)))
        health = Text()
        for n, (name, count) in enumerate(c for c in report.health_counts().items() if c[1]):
            health.append(" · " if n else "")
            health.append(f"{w.health(name)} {count}", style=HEALTH_STYLES.get(name, ""))
        grid.add_row(w("Health"), health if health.plain else Text(w("none")))
        console.print(grid)

        for _key, heading, count, body, more in report_sections(report, rows, self, w):
            console.print()
            console.print(Text(f"{heading} ({count})", style="bold"))
            console.print(Text(w("None."), style="dim") if body is None else body)
            if more:
                console.print(Text(more_not_shown(more, w, "--rows 0"), style="dim"))

    @staticmethod
    def _report_table() -> Table:
        return Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)

    def _initiative_column(self, table: Table, items: list[Item], ratio: int = 1) -> None:
        """The title over the slug; the slug (what people copy) kept on one line if it can."""
        longest = max((len(item.slug) for item in items), default=10)
        table.add_column(
            self.words("Initiative"), overflow="fold", ratio=ratio, min_width=min(longest, 30)
        )

    @staticmethod
    def _name(item: Item) -> Text:
        name = Text(safe(item.initiative.title))
        name.append("\n" + safe(item.slug), style="dim")
        for link in item.links:
            name.append("\n" + safe(link), style="italic")
        return name

    def section_items(self, items: list[Item], days: str) -> Table:
        table = self._report_table()
        self._initiative_column(table, items)
        w = self.words
        table.add_column(w("Deadline"), no_wrap=True)
        table.add_column(
            w("Days over") if days == "days_overdue" else w("Days left"), justify="right"
        )
        table.add_column(w("Progress"), no_wrap=True)
        for item in items:
            health = str(item.health)
            table.add_row(
                self._name(item),
                _deadline(item.initiative, health),
                _t(getattr(item, days), HEALTH_STYLES.get(health, "")),
                _progress(item.initiative.progress, width=5),
            )
        return table

    def section_changes(self, groups: list[Any]) -> Table:
        table = self._report_table()
        self._initiative_column(table, [group.item for group in groups])
        w = self.words
        table.add_column(w("Effective"), no_wrap=True)
        table.add_column(w("Change"), overflow="fold", ratio=2)
        for group in groups:
            for n, change in enumerate(group.changes):
                text = Text(safe(change_summary(change, w)))
                by = w("by {name}", name=change.entry.author) if change.entry.author else ""
                evidence = "; ".join(part for part in (change_evidence(change, w), by) if part)
                if evidence:
                    text.append("\n" + safe(evidence), style="dim")
                table.add_row(
                    self._name(group.item) if n == 0 else Text(""),
                    _t(change.entry.effective),
                    text,
                )
        return table

    def section_slipped(self, items: list[Item]) -> Table:
        """One row per deadline move in the period, its evidence below it; under the
        initiative's name, its total slip since the baseline."""
        table = self._report_table()
        self._initiative_column(table, items)
        w = self.words
        table.add_column(w("Effective"), no_wrap=True)
        table.add_column(w("Deadline moved"), overflow="fold", ratio=2)
        table.add_column(w("Days"), justify="right", no_wrap=True)
        for item in items:
            for n, move in enumerate(item.moves):
                name = Text("")
                if n == 0:
                    name = self._name(item)
                    name.append("\n" + safe(since_baseline_label(item, w)), style="italic")
                text = Text(safe(f"{window_label(move.before)}\n-> {window_label(move.after)}"))
                by = w("by {name}", name=move.entry.author) if move.entry.author else ""
                evidence = "; ".join(part for part in (move_evidence(move, w), by) if part)
                if evidence:
                    text.append("\n" + safe(evidence), style="dim")
                table.add_row(
                    name,
                    _t(move.entry.effective),
                    text,
                    _t(
                        signed(move.days),
                        "yellow" if move.days > 0 else "",
                    ),
                )
        return table

    def section_stale(self, items: list[Item]) -> Table:
        table = self._report_table()
        self._initiative_column(table, items)
        w = self.words
        table.add_column(w("Status"), no_wrap=True)
        table.add_column(w("Last update"), no_wrap=True)
        table.add_column(w("Days"), justify="right", no_wrap=True)
        for item in items:
            status = item.initiative.status
            table.add_row(
                self._name(item),
                _t(w.status(status), STATUS_STYLES.get(status, "")),
                _t(item.last_update.isoformat() if item.last_update else None),
                _t(item.days_since_update),
            )
        return table

    def section_groups(self, groups: list[ReportGroup], label: str) -> Table:
        table = self._report_table()
        table.add_column(label, overflow="fold", ratio=1)
        for column in ("All", "Open", "Overdue", "Done"):
            table.add_column(self.words(column), justify="right", no_wrap=True)
        table.add_column(self.words("Progress"), no_wrap=True)
        for group in groups:
            table.add_row(
                _t(group.name),
                _t(group.initiatives),
                _t(group.open),
                _t(group.overdue, "bold red" if group.overdue else ""),
                _t(group.achieved),
                _progress(group.progress),
            )
        return table

    def section_timeline(self, report: Report, items: list[Item]) -> Group:
        console = self._section_console
        from tracker.renderers.timeline import Scale, bar_parts

        label_width = 22
        width = max(20, console.width - label_width - 1)
        scale = Scale.for_items(items, report.as_of, width)
        today = scale.cell(report.as_of)
        axis = [" "] * width
        for day, label in scale.ticks(most=max(2, width // 6)):
            at = scale.cell(day)
            if at + len(label) <= width and all(c == " " for c in axis[at : at + len(label)]):
                axis[at : at + len(label)] = label
        lines = [Text(" " * (label_width + 1) + "".join(axis).rstrip(), style="dim")]
        for item in items:
            start, earliest, latest, band = bar_parts(item)
            cells = [" "] * width
            styles = [""] * width
            first, lo, hi = scale.cell(start), scale.cell(earliest), scale.cell(latest)
            colour = "red" if item.health == "overdue" else "cyan"
            for c in range(first, lo):
                cells[c], styles[c] = "─", "dim"
            for c in range(lo, hi + 1):
                cells[c], styles[c] = ("█" if band else "◆"), colour
            # The report day shows on every row: a rule, or a bright cell in the band.
            if cells[today] in (" ", "─"):
                cells[today], styles[today] = "│", "bold"
            else:
                cells[today], styles[today] = "┃", f"bold {colour}"
            slug = item.slug
            if len(slug) > label_width:
                slug = slug[: label_width - 1] + "…"
            line = Text(safe(slug).ljust(label_width) + " ")
            for char, style in zip(cells, styles, strict=True):
                line.append(char, style=style)
            line.rstrip()
            lines.append(line)
        legend = self.words(
            "─ since announced   █ deadline window   ◆ deadline day   │ {day}", day=report.as_of
        )
        lines.append(Text(legend, style="dim"))
        return Group(*lines)


def _sources_grid(links: list[SourceLink]) -> Table:
    """A list of sources as ``show`` draws it: each document's title (else URL), its
    publisher, published and accessed days, its URL under a title, and the quote."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for link in links:
        source = link.source
        accessed = f"accessed {link.accessed}" if link.accessed else None
        meta = ", ".join(x for x in (source.publisher, source.published, accessed) if x)
        line = Text(safe(source.label))
        if meta:
            line.append(f" ({safe(meta)})", style="dim")
        if source.url and source.title:
            line.append(f"\n{safe(source.url)}", style="dim")
        if link.quote:
            line.append(f"\n“{safe(link.quote)}”", style="italic")
        grid.add_row("•", line)
    return grid
