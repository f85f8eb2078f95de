"""``--format text``: what ``parse-date`` and the commands that change or check
something say, in plain lines (``init``, ``add``, ``remove``, ``apply``, ``import``,
``check``, ``backup``, ``retract``, ``amend``, ``undo``), and ``names`` off a terminal.

Only ``parse-date``'s window has styles (through Rich, imported then): the phrase's
span in bold and its precision dimmed, on a terminal with colour.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.renderers import (
    NamesRenderer,
    SearchRenderer,
    SiteRenderer,
    SourcesRenderer,
    SummaryRenderer,
    WindowRenderer,
)
from tracker.renderers.phrasing import (
    bracketed,
    count,
    describe_changes,
    names_change_line,
    one_line,
    safe,
    shown_of,
    source_changed_line,
    what_recorded,
)

if TYPE_CHECKING:
    from tracker.domain.initiatives import HistoryEntry, Initiative, SourceLink
    from tracker.domain.names import Alias, NamesChange, NameUse
    from tracker.domain.windows import Window
    from tracker.renderers import BuiltSite, CheckedDatabase
    from tracker.requests import (
        ApplyResult,
        CorrectionResult,
        ImportResult,
        MergeResult,
        SearchResults,
        SourceResult,
        SyncResult,
    )


class TextRenderer(
    SummaryRenderer, WindowRenderer, SearchRenderer, SourcesRenderer, NamesRenderer, SiteRenderer
):
    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")

    def search_results(self, results: SearchResults, today: date) -> None:
        """Per hit: its slug and title, then each field it matched in with a snippet,
        the matches in [brackets]; then how many of how many are shown."""
        for hit in results.hits:
            self._line(f"{hit.initiative.slug}  {safe(hit.initiative.title)}")
            for match in hit.matches:
                self._line(f"  {match.field}: {safe(bracketed(match))}")
        self._line(shown_of(len(results.hits), results.total))

    # -- sources -------------------------------------------------------------------

    def sources(self, initiative: Initiative, links: list[SourceLink]) -> None:
        """One line per source, tab-separated: url, title, publisher, published,
        accessed, quote (empty where there is none; each on one line)."""
        for link in links:
            data = link.to_dict()
            fields = ("url", "title", "publisher", "published", "accessed", "quote")
            self._line("\t".join(one_line(safe(data[k] or "")).replace("\t", " ") for k in fields))

    def source_changed(self, result: SourceResult) -> None:
        self._line(source_changed_line(result))

    def initialised(self, database: Path, added: list[str], present: int) -> None:
        lines = [f"database ready at {database}"]
        if added:
            lines.append(f"seeded {count(len(added), 'initiative')}")
        if present:
            lines.append(f"{count(present, 'seed initiative')} already present, left unchanged")
        self._line("\n".join(lines))

    def added(self, initiative: Initiative, today: date) -> None:
        self._line(initiative.slug)

    def removed(self, initiative: Initiative, children: int) -> None:
        detached = f"; {children} child initiatives detached" if children else ""
        self._line(f"removed {initiative.slug}{detached}")

    def would_change(self, number: int, slug: str, entry: HistoryEntry) -> None:
        changes = "; ".join(describe_changes(entry.changes)) or what_recorded(entry)
        self._line(f"line {number}: {safe(slug)}: {safe(changes)}")

    def corrected(self, result: CorrectionResult) -> None:
        target, entry = result.target, result.entry
        what = "; ".join(describe_changes(target.changes)) or target.note or "-"
        verb = "retracted" if entry.event == "retract" else "amended"
        self._line(
            f"{safe(result.slug)}: {verb} entry {target.short} ({target.event} of"
            f" {target.effective}: {safe(one_line(what))}); recorded as entry {entry.short}"
        )

    def merged(self, result: MergeResult) -> None:
        merged, into = safe(result.merged.slug), safe(result.into.slug)
        moved = [
            count(len(result.children), "child", "children") if result.children else "",
            count(result.links, "link") if result.links else "",
        ]
        took = f"; {' and '.join(m for m in moved if m)} moved to {into}" if any(moved) else ""
        self._line(
            f"merged {merged} into {into}: {count(result.sources, 'source')} added to {into}"
            f"{took}; {merged} duplicates {into}, status {safe(result.merged.status)}"
        )
        for why in result.kept:
            self._line(f"  kept: {safe(why)}")

    def applied(self, result: ApplyResult, dry_run: bool) -> None:
        verb = "would apply" if dry_run else "applied"
        self._line(
            f"{verb} {count(result.applied, 'update')}; {result.unchanged} unchanged,"
            f" {result.duplicates} already applied (ref); {count(result.lines, 'line')}"
        )

    def imported(self, result: ImportResult, dry_run: bool) -> None:
        for change in result.changes:
            said = (
                "created" if change["created"] else "; ".join(describe_changes(change["changes"]))
            )
            self._line(f"line {change['line']}: {safe(change['initiative'])}: {safe(said)}")
        verb = "would import" if dry_run else "imported"
        self._line(
            f"{verb} {count(result.records, 'record')}: {result.created} created,"
            f" {result.updated} updated, {result.unchanged} unchanged"
        )

    def checked(self, report: CheckedDatabase) -> None:
        if report.repaired:
            self._line(
                f"repaired {count(len(report.repaired), 'initiative')} from their history:"
                f" {', '.join(report.repaired[:20])}"
                f"{f' and {len(report.repaired) - 20} more' if len(report.repaired) > 20 else ''}"
                f" (the file as it was is at {report.repair_backup})"
            )
        if report.ok:
            entries = "entry" if report.updates == 1 else "entries"
            self._line(
                f"ok: {report.path} (schema version {report.schema_version},"
                f" {count(report.initiatives, 'initiative')},"
                f" {report.updates} history {entries})"
            )
            if report.replica:
                self._line(f"replica: {report.replica}")
            return
        self._line(f"{count(len(report.problems), 'problem')} in {report.path}:")
        self.stream.write("".join(f"  {one_line(p)}\n" for p in report.problems))

    def synced(self, result: SyncResult) -> None:
        self._line(
            f"synced with {count(len(result.replicas_seen), 'replica')}: sent"
            f" {_entries(result.sent)}, received"
            f" {_entries(result.received)},"
            f" {count(len(result.conflicts), 'conflict')}"
        )
        shown = result.conflicts[:CONFLICTS_SHOWN]
        for conflict in shown:
            other = conflict.other
            where = f" from replica {other.replica[:8]}" if other.replica else ""
            self._line(
                f"  conflict: {conflict.initiative} {conflict.field}: kept"
                f" {_shown(conflict.kept.value)} (entry {conflict.kept.entry[:13]}), not"
                f" {_shown(other.value)} (entry {other.entry[:13]}{where})"
            )
        if len(result.conflicts) > len(shown):
            self._line(
                f"  ... and {len(result.conflicts) - len(shown)} more conflicts"
                " (--format json lists them all)"
            )

    def backed_up(self, database: Path, written: Path, size: int) -> None:
        self._line(f"backed up {database} to {written} ({size:,} bytes)")

    def site_built(self, result: BuiltSite) -> None:
        self._line(
            f"site: {count(result.written, 'page')} written, {result.unchanged} unchanged,"
            f" {result.removed} removed in {result.folder}"
        )

    # -- names: tab-separated lines, for cut, sort and grep ------------------------------

    def names(self, uses: list[NameUse]) -> None:
        for use in uses:
            folds = f"\t{safe(use.folds_to)}" if use.folds_to is not None else ""
            self._line(f"{use.kind}\t{safe(use.name)}\t{use.initiatives}{folds}")

    def aliases(self, aliases: list[Alias]) -> None:
        for alias in aliases:
            self._line(f"{alias.kind}\t{safe(alias.alias)}\t{safe(alias.name)}")

    def names_changed(self, change: NamesChange) -> None:
        self._line(names_change_line(change))

    def window(self, window: Window) -> None:
        from rich.text import Text

        from tracker.renderers.table import make_console

        line = Text(f"{safe(window.text)}: ")
        line.append(f"{window.earliest}..{window.latest}", style="bold")
        line.append(f" ({window.precision})", style="dim")
        make_console(self.stream, self.colour).print(line, soft_wrap=True)


#: How many conflicts the text summary lists (JSON lists them all).
CONFLICTS_SHOWN = 20


def _entries(n: int) -> str:
    return f"{n} {'entry' if n == 1 else 'entries'}"


def _shown(value: object) -> str:
    """A field's value in a conflict line: a window by its words, else as it is."""
    if isinstance(value, dict) and "text" in value:
        return repr(value["text"])
    return "nothing" if value is None else repr(value)
