"""The tracker library: every operation the CLI offers, as plain Python.

``Tracker`` validates requests completely (statuses, ranges, date phrases,
references) and then performs each write in ONE ``BEGIN IMMEDIATE``
transaction, so a failed command changes nothing. Requests carry raw user
strings, so the CLI, batch files and library users share one set of rules.

Example::

    from tracker.api import Tracker, NewInitiative, UpdateRequest

    with Tracker.open("tracker.db") as t:
        t.add(NewInitiative(title="Bridging programme", deadline="late 2025"))
        t.update("bridging-programme", UpdateRequest(status="in_progress", progress=30))
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.domain.authors import check_author, default_author
from tracker.domain.dates import DateReader
from tracker.domain.initiatives import HistoryEntry, Initiative, InitiativeDetail, SourceLink
from tracker.domain.names import Alias, NamesChange, NameUse
from tracker.domain.windows import Window
from tracker.errors import ConflictError
from tracker.requests import (
    ApplyResult,
    ArticleFile,
    CorrectionResult,
    EditRequest,
    ImportResult,
    ListFilters,
    MergeResult,
    NewInitiative,
    Proposal,
    ReportRequest,
    SearchHit,
    SearchMatch,
    SearchResults,
    SeedResult,
    SourceRequest,
    SourceResult,
    SyncConflict,
    SyncResult,
    UpdateRequest,
    UpdateResult,
)
from tracker.storage.database import Database, open_database

if TYPE_CHECKING:
    import sqlite3

    from tracker.ops.exporting import EXPORT_FORMAT, EXPORT_VERSION, export_record
    from tracker.ops.values import checked_names as _checked_names
    from tracker.ops.values import names as _names
    from tracker.ops.values import parse_duration_days
    from tracker.publishing import PageDetail, SiteData
    from tracker.reports import Report

__all__ = [
    "EXPORT_FORMAT",
    "EXPORT_VERSION",
    "ApplyResult",
    "ArticleFile",
    "ConflictError",
    "CorrectionResult",
    "EditRequest",
    "ImportResult",
    "ListFilters",
    "MergeResult",
    "NewInitiative",
    "Proposal",
    "ReportRequest",
    "SearchHit",
    "SearchMatch",
    "SearchResults",
    "SeedResult",
    "SourceRequest",
    "SourceResult",
    "SyncConflict",
    "SyncResult",
    "Tracker",
    "UpdateRequest",
    "UpdateResult",
    "_checked_names",
    "_names",
    "export_record",
    "parse_duration_days",
]


#: Names this module has always offered, now defined by the use cases: loaded when first
#: asked for, so that a command imports only the use cases it runs.
_MOVED = {
    "EXPORT_FORMAT": ("tracker.ops.exporting", "EXPORT_FORMAT"),
    "EXPORT_VERSION": ("tracker.ops.exporting", "EXPORT_VERSION"),
    "export_record": ("tracker.ops.exporting", "export_record"),
    "parse_duration_days": ("tracker.ops.values", "parse_duration_days"),
    "_names": ("tracker.ops.values", "names"),
    "_checked_names": ("tracker.ops.values", "checked_names"),
    "_RECORD_KEY_KINDS": ("tracker.ops.importing", "RECORD_KEY_KINDS"),
}


def __getattr__(name: str) -> Any:
    moved = _MOVED.get(name)
    if moved is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(moved[0]), moved[1])


class Tracker:
    """Operations on one tracker database: a facade over the use cases in
    :mod:`tracker.ops`, each of which takes the tracker (its database, its day and
    its reading of dates) as its session."""

    def __init__(
        self,
        database: Database,
        *,
        today: date | None = None,
        fiscal_year_start: int | None = None,
        day_first: bool | None = None,
        author: str | None = None,
    ) -> None:
        self.db = database
        self.dates = DateReader.from_env(
            today, fiscal_year_start=fiscal_year_start, day_first=day_first
        )
        self.today = self.dates.today
        self._author = check_author(author) if author is not None else None
        self._author_known = author is not None

    @property
    def author(self) -> str | None:
        """Who this tracker's entries are by: the ``author`` it was opened with, else
        ``TRACKER_AUTHOR``, else the system's user name (:mod:`tracker.domain.authors`)."""
        if not self._author_known:
            self._author = default_author()
            self._author_known = True
        return self._author

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, **options: Any) -> Tracker:
        return cls(open_database(path), **options)

    @property
    def notices(self) -> list[str]:
        """Notes for the user that look-ups left, in order: a REF that named an
        initiative by its old slug (``old was renamed: its slug is now new``)."""
        return self.db.notices

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- dates ---------------------------------------------------------------------

    def window(self, text: str, what: str, reference: date | None = None) -> Window:
        return self.dates.window(text, what, reference)

    def day(self, text: str, what: str) -> date:
        return self.dates.day(text, what)

    # -- initiatives (tracker.ops.initiatives) -------------------------------------

    def _resolve(self, conn: sqlite3.Connection, ref: str) -> int:
        from tracker.ops import references

        return references.resolve_id(conn, ref)

    def resolve(self, ref: str) -> Initiative:
        from tracker.ops import initiatives

        return initiatives.resolve(self, ref)

    def add(self, new: NewInitiative) -> Initiative:
        """Create an initiative and its ``created`` history entry; returns it."""
        from tracker.ops import initiatives

        return initiatives.add(self, new)

    def alike_titles(self, title: str, exclude: int | None = None) -> list[tuple[str, str, int]]:
        """The initiatives (but the one with id ``exclude``) tracked under a title alike
        ``title`` (:mod:`tracker.ops.likeness`), as (slug, title, likeness 0-100), the
        most alike first, at most three: what ``tracker add`` warns about."""
        from tracker.ops import likeness

        return likeness.alike_titles(self, title, exclude)

    def add_many(
        self,
        items: list[NewInitiative],
        *,
        skip_existing: bool = True,
        rename_on_clash: bool = False,
    ) -> list[str]:
        """Add several initiatives in ONE transaction (parents before children).

        With ``skip_existing``, items whose uuid is already present are left
        untouched; with ``rename_on_clash``, an item whose slug is taken gets a
        ``-2``-style suffix instead of failing. Returns the slugs added.
        """
        from tracker.ops import initiatives

        return initiatives.add_many(
            self, items, skip_existing=skip_existing, rename_on_clash=rename_on_clash
        )

    def edit(self, ref: str, request: EditRequest) -> UpdateResult:
        """Change descriptive fields; each change is recorded in the history as an ``edit``."""
        from tracker.ops import initiatives

        return initiatives.edit(self, ref, request)

    def remove(self, ref: str) -> tuple[Initiative, int]:
        """Delete an initiative and its history; children lose their parent.

        Each child's history records the detachment. Returns the removed
        initiative and how many children it had.
        """
        from tracker.ops import initiatives

        return initiatives.remove(self, ref)

    # -- links (tracker.ops.links) ------------------------------------------------

    def link(self, a: str, kind: str, b: str, note: str | None = None) -> UpdateResult:
        """Record ``a KIND b`` (supersedes, duplicates, depends-on, relates-to) as an
        edit entry in a's history; outcome ``unchanged`` when the link already holds."""
        from tracker.ops import links

        return links.link(self, a, kind, b, note)

    def unlink(self, a: str, kind: str, b: str, note: str | None = None) -> UpdateResult:
        """End the link ``a KIND b`` with an edit entry in the history that states it."""
        from tracker.ops import links

        return links.unlink(self, a, kind, b, note)

    def merge(self, a: str, into: str, note: str | None = None) -> MergeResult:
        """Merge duplicate ``a`` into ``into`` in ONE transaction: ``into`` gains a's
        sources and an entry saying what came from a; a is linked as a duplicate of
        ``into`` and closed as superseded (if open); both histories record it."""
        from tracker.ops import links

        return links.merge(self, a, into, note)

    # -- sync (tracker.ops.sync) ----------------------------------------------------

    @property
    def replica(self) -> str:
        """This database's replica id (the name of its log in a sync folder)."""
        from tracker.storage import replicas

        with self.db.read() as conn:
            return replicas.replica_id(conn)

    def sync(
        self,
        folder: str | os.PathLike[str],
        git: bool = False,
        progress: Callable[[int, int | None], None] | None = None,
    ) -> SyncResult:
        """Sync with the replicas whose logs are in ``folder`` (``tracker sync DIR``):
        append this database's new entries to its own log there, take in what the
        others' logs hold, and replay; in one transaction. With ``git``, ``folder`` is
        a git working copy: pulled first, this replica's log committed and pushed."""
        from pathlib import Path

        from tracker.ops import sync

        return sync.sync(self, Path(folder), git=git, progress=progress)

    def extract(
        self, files: Iterable[ArticleFile], min_score: float | None = None
    ) -> list[Proposal]:
        """The initiatives the articles name, as proposals (``tracker extract``): each
        with its evidence, a score, and the tracked initiative it looks like, if any.
        Reads the tracker, never writes it."""
        from tracker.ops import extracting

        return extracting.extract(self, files, min_score)

    def record_proposals(self, proposals: Sequence[Proposal]) -> ImportResult:
        """Record the proposals a person accepted (``extract --review``) in ONE
        transaction, as ``tracker import`` records their lines: each a new initiative,
        or for one with a ``match``, a new source of it. All or nothing: a refused one
        is an input error and nothing is written. ``result.recorded``: each one's
        outcome and slug."""
        from tracker.ops import extracting

        return extracting.record(self, proposals)

    def seed(self) -> SeedResult:
        """Load the packaged seed initiatives that are not present yet (matched by uuid)."""
        from tracker.ops import initiatives

        return initiatives.seed(self)

    # -- updates (tracker.ops.updates) ---------------------------------------------

    def update(self, ref: str, request: UpdateRequest) -> UpdateResult:
        """Append one history entry; the initiative's current fields follow the latest entries.

        A backdated update (``on``) records its change from the value that held on
        that day; the current value only moves if no later entry already set it.
        With ``superseded_by``, the status becomes superseded and ``superseded_by
        supersedes ref`` is recorded in that initiative's history too (``also``).
        """
        if request.superseded_by is not None:
            from tracker.ops import links

            return links.supersede(self, ref, request)
        from tracker.ops import updates

        return updates.update(self, ref, request)

    # -- sources (tracker.ops.sources) ----------------------------------------------

    def sources(self, ref: str) -> tuple[Initiative, builtins.list[SourceLink]]:
        """The initiative and its list of sources (what its history replays to)."""
        from tracker.ops import sources

        return sources.listed(self, ref)

    def add_source(self, ref: str, request: SourceRequest) -> SourceResult:
        """Add a document to the initiative's list of sources, or merge the fields given
        into the item it has for it (recorded as an ``update`` entry citing it)."""
        from tracker.ops import sources

        return sources.add(self, ref, request)

    def remove_source(self, ref: str, source: str, note: str | None = None) -> SourceResult:
        """Take a document (its URL, or title) off the initiative's list of sources
        (recorded as an ``edit`` entry)."""
        from tracker.ops import sources

        return sources.remove(self, ref, source, note)

    def apply(
        self,
        lines: Iterable[tuple[int, str | None]],
        *,
        dry_run: bool = False,
        on_change: Callable[[int, str, HistoryEntry], None] | None = None,
        progress: Callable[[int, int | None], None] | None = None,
    ) -> ApplyResult:
        """Apply JSON Lines of updates (see :mod:`tracker.exchange`) in ONE transaction.

        Every line is checked; if any is bad (bad JSON, unknown initiative, bad value,
        failed ``if_status``), nothing is applied and the bad lines are in ``errors``.
        A line whose ``ref`` was already applied is skipped and counted. Lines apply in
        order, so a later line sees what an earlier one did. With ``dry_run`` nothing is
        kept either way; ``on_change`` is told of each entry that would be recorded.
        ``progress(done, total)`` is told how far it has got (:mod:`tracker.ops.progress`).
        """
        from tracker.ops import updates

        return updates.apply(self, lines, dry_run=dry_run, on_change=on_change, progress=progress)

    # -- reading (tracker.ops.reporting, tracker.ops.history) ----------------------

    def list(self, filters: ListFilters | None = None) -> list[Initiative]:
        from tracker.ops import reporting

        return reporting.list_initiatives(self, filters)

    def each(self, filters: ListFilters | None = None, chunk: int = 1000) -> Iterator[Initiative]:
        """What :meth:`list` returns, read ``chunk`` at a time inside one read snapshot,
        so that printing 100,000 initiatives never holds them all in memory. The filters
        are checked now (bad ones raise before anything is read or written); the
        snapshot opens at the first item and lasts until the iterator is exhausted or
        closed."""
        from tracker.ops import reporting

        return reporting.each(self, filters, chunk)

    def open_deadlines(self, filters: ListFilters | None = None) -> Iterator[Initiative]:
        """``tracker calendar``'s initiatives: the open ones with a deadline that
        ``filters`` select (healths, sort and limit aside), by the deadline's latest
        day, then uuid; streamed like :meth:`each`, filters checked now."""
        from tracker.ops import calendars

        return calendars.open_deadlines(self, filters)

    def each_row(
        self, filters: ListFilters | None = None, chunk: int = 1000
    ) -> Iterator[tuple[Any, ...]]:
        """What :meth:`each` gives, as plain rows (:data:`tracker.domain.shapes.
        LIST_ROW_COLUMNS`): what ``list --format json`` and ``csv`` write from."""
        from tracker.ops import reporting

        return reporting.each_row(self, filters, chunk)

    def count(self, filters: ListFilters | None = None) -> int:
        """How many initiatives :meth:`list` would return, without reading them."""
        from tracker.ops import reporting

        return reporting.count(self, filters)

    def search(self, text: str, limit: int = 20) -> SearchResults:
        """The ``limit`` initiatives matching ``text`` best, best first, each with the
        fields it matched in and a snippet of each (``tracker search``)."""
        from tracker.ops import reporting

        return reporting.search_all(self, text, limit)

    def show(self, ref: str) -> InitiativeDetail:
        from tracker.ops import history

        return history.show(self, ref)

    def history(
        self, ref: str, authors: Sequence[str] = ()
    ) -> tuple[Initiative, builtins.list[HistoryEntry]]:
        """The initiative and its history, oldest first (only the entries by
        ``authors``, compared without case, when any are given)."""
        from tracker.ops import history

        return history.history(self, ref, authors)

    def recent_updates(self, limit: int = 50) -> builtins.list[tuple[str, str, HistoryEntry]]:
        """The newest history entries, newest first, as (slug, title, entry)."""
        from tracker.ops import history

        return history.recent_updates(self, limit)

    # -- corrections (tracker.ops.corrections) -----------------------------------

    def retract(self, entry: str, reason: str) -> CorrectionResult:
        """Withdraw history entry ``entry`` (its uuid, or a unique prefix of at least 4
        characters) by appending a ``retract`` entry with ``reason``; replay then
        ignores it, and the current fields are replayed again. Nothing is deleted."""
        from tracker.ops import corrections

        return corrections.retract(self, entry, reason)

    def amend(
        self,
        entry: str,
        note: str | None = None,
        source: str | None = None,
        quote: str | None = None,
    ) -> CorrectionResult:
        """Give history entry ``entry`` a new note, source or quote by appending an
        ``amend`` entry (what is not given is kept)."""
        from tracker.ops import corrections

        return corrections.amend(self, entry, note, source, quote)

    def last_entry(self) -> tuple[str, HistoryEntry]:
        """The slug and entry :meth:`undo` would retract (the last one recorded)."""
        from tracker.ops import corrections

        return corrections.last_entry(self)

    def undo(self, expected: str | None = None) -> CorrectionResult:
        """Retract the last entry recorded, with reason ``undo`` (``expected``: its
        uuid; refused if another entry was recorded since)."""
        from tracker.ops import corrections

        return corrections.undo(self, expected)

    # -- reports (tracker.ops.reporting) -------------------------------------------

    def report(self, request: ReportRequest | None = None, materialise: int | None = 20) -> Report:
        """The progress report as of a day (see :mod:`tracker.reports`).

        ``materialise``: how many initiatives per section to load in full, for the formats
        that show a few rows (None: all of them, as CSV and iCalendar need).
        """
        from tracker.ops import reporting

        return reporting.report(self, request, materialise)

    def mark_reported(self, report: Report, write: Callable[[], None] | None = None) -> None:
        """Record that ``report`` was written (``write()`` writes it, inside the same
        transaction: if either fails, neither happens). ``--since last`` then starts
        after it. The cursor only moves forward, and never past today: an archive
        report for an earlier day or a projection for a later one leaves it alone."""
        from tracker.ops import reporting

        reporting.mark_reported(self, report, write)

    # -- the static site (tracker.ops.publishing) -------------------------------------

    def site_data(self, as_of: str | None = None) -> SiteData:
        """What ``tracker site`` draws as of a day (a date phrase; None: today): the
        report with every initiative, their links, the feed's entries."""
        from tracker.ops import publishing

        return publishing.site_data(self, as_of)

    def initiative_pages(self, ids: Sequence[int], as_of: date) -> Iterator[PageDetail]:
        """Each of these initiatives' history and sources as of ``as_of``, streamed."""
        from tracker.ops import publishing

        return publishing.initiative_pages(self, ids, as_of)

    # -- names (tracker.ops.names) ----------------------------------------------------

    def names(self, kind: str | None = None) -> builtins.list[NameUse]:
        """The sponsors, jurisdictions and tags in use (or those of ``kind``), with how
        many initiatives carry each and the name each folds to, if another."""
        from tracker.ops import names

        return names.list_names(self, kind)

    def rename_name(self, kind: str, old: str, new: str) -> NamesChange:
        """Rename a name in use; each initiative carrying it records an edit."""
        from tracker.ops import names

        return names.rename(self, kind, old, new)

    def merge_names(self, kind: str, source: str, target: str, alias: bool = True) -> NamesChange:
        """Give ``source``'s initiatives ``target`` instead (each records an edit); with
        ``alias``, ``source`` becomes an alias of ``target``."""
        from tracker.ops import names

        return names.merge(self, kind, source, target, alias)

    def aliases(self, kind: str | None = None) -> builtins.list[Alias]:
        from tracker.ops import names

        return names.list_aliases(self, kind)

    def add_alias(self, kind: str, alias: str, name: str) -> NamesChange:
        """Make ``alias`` another spelling of ``name``: input naming it stores ``name``,
        and filters and reports fold it."""
        from tracker.ops import names

        return names.add_alias(self, kind, alias, name)

    def remove_alias(self, kind: str, alias: str) -> NamesChange:
        from tracker.ops import names

        return names.remove_alias(self, kind, alias)

    # -- import and export (tracker.ops.importing, tracker.ops.exporting) ----------

    def import_records(
        self,
        records: Iterable[tuple[int, dict[str, Any] | str]],
        *,
        dry_run: bool = False,
        force: bool = False,
        progress: Callable[[int, int | None], None] | None = None,
    ) -> ImportResult:
        """Create or update initiatives from records (``tracker export``'s, or a CSV's), in
        ONE transaction: matched by uuid, then slug. A record with ``history`` is merged
        (the entries new to the database are added, then its history replayed); one
        without is a sync, its changes recorded as an update and an edit, refused if the
        initiative changed since the row's ``updated_at`` unless ``force``. If any record
        is bad, nothing is imported and every bad one is in ``errors``; parents are linked
        last, so they may come later in the file."""
        from tracker.ops import importing

        return importing.import_records(
            self, records, dry_run=dry_run, force=force, progress=progress
        )

    def datasette_metadata(self) -> dict[str, Any]:
        """Datasette's metadata for this database (``tracker datasette-metadata``): the
        title, table, view and column descriptions, facets, canned queries (overdue,
        due soon, slipped) and tracker's internal tables hidden."""
        from tracker.ops import datasette

        return datasette.metadata(self)

    def export(
        self, progress: Callable[[int, int | None], None] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every initiative with its history, sources and remembered refs, in uuid order,
        as the records of ``tracker export`` (see :data:`EXPORT_FORMAT`). A generator:
        the whole database is read in one snapshot but never held in memory at once."""
        from tracker.ops import exporting

        return exporting.export(self, progress)

    def export_lines(
        self, progress: Callable[[int, int | None], None] | None = None
    ) -> Iterator[str]:
        """The records of :meth:`export` as the lines of ``tracker export`` (compact
        JSON, no newline), in the same order and just as streamed."""
        from tracker.ops import exporting

        return exporting.export_lines(self, progress)
