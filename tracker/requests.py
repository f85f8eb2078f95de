"""The library's request and result types: what callers hand ``Tracker`` and what
they get back. Requests carry raw user strings (checked by the operations); results
say what a command did. Renderers and the command line read these, so they live
apart from the operations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.domain.initiatives import HistoryEntry, Initiative, Source, SourceLink
from tracker.domain.shapes import window_dict
from tracker.domain.windows import Window

__all__ = [
    "ApplyResult",
    "ArticleFile",
    "EditRequest",
    "ImportResult",
    "ListFilters",
    "MergeResult",
    "NewInitiative",
    "Proposal",
    "ReportRequest",
    "SeedResult",
    "SyncConflict",
    "SyncResult",
    "UpdateRequest",
    "UpdateResult",
]


@dataclass
class NewInitiative:
    title: str
    slug: str | None = None
    summary: str = ""
    kind: str | None = None
    status: str | None = None
    deadline: str | None = None
    announced: str | None = None
    jurisdictions: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    source: str | Source | None = None
    quote: str | None = None
    progress: int | None = None
    confidence: str | None = None
    parent: str | None = None
    uuid: str | None = None
    note: str | None = None
    confidence_note: str | None = None  # the rationale of ``confidence``


@dataclass
class UpdateRequest:
    status: str | None = None
    progress: int | None = None
    confidence: str | None = None
    deadline: str | None = None
    note: str | None = None
    source: str | Source | None = None
    quote: str | None = None
    on: str | None = None
    ref: str | None = None
    if_status: str | None = None
    by: str | None = None  # who made it; None: the tracker's author
    confidence_note: str | None = None  # the rationale of ``confidence``
    #: The initiative that supersedes this one (``--superseded-by``): the status becomes
    #: superseded, and ``REF supersedes`` this one is recorded in REF's history.
    superseded_by: str | None = None
    #: The source's own fields (``--source-title``, ``--publisher``, ``--published``):
    #: given, each replaces the document's (it is kept once per URL, for every
    #: initiative citing it); and the day it was read (a date phrase, ISO when stored).
    source_title: str | None = None
    publisher: str | None = None
    published: str | None = None
    accessed: str | None = None


@dataclass
class EditRequest:
    title: str | None = None
    summary: str | None = None
    slug: str | None = None
    kind: str | None = None
    announced: str | None = None
    parent: str | None = None
    clear_parent: bool = False
    add_tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)
    add_jurisdictions: list[str] = field(default_factory=list)
    remove_jurisdictions: list[str] = field(default_factory=list)
    add_sponsors: list[str] = field(default_factory=list)
    remove_sponsors: list[str] = field(default_factory=list)
    note: str | None = None


@dataclass
class UpdateResult:
    """What ``update`` or ``edit`` did: ``recorded``, ``unchanged`` or ``duplicate`` (ref seen)."""

    outcome: str
    initiative: Initiative
    entry: HistoryEntry | None
    #: Entries the command recorded in other initiatives' histories, as (slug, entry):
    #: ``update --superseded-by B`` records ``B supersedes`` this one in B's.
    also: list[tuple[str, HistoryEntry]] = field(default_factory=list)

    def overridden(self) -> list[str]:
        """Fields this entry changed whose current value a later-dated update had already set."""
        if self.entry is None:
            return []
        current = self.initiative.to_dict(date.min)
        return [
            name
            for name in ("status", "progress", "confidence", "deadline")
            if name in self.entry.changes and self.entry.changes[name]["to"] != current[name]
        ]


@dataclass
class MergeResult:
    """What ``merge A --into B`` recorded: A and B as they now stand, the entries
    written (B's merge entry first, then A's, then those of initiatives whose links
    now point to B, then those of A's children), how many of A's sources B gained, how
    many entries A's history has, the children B took (slugs), how many links moved
    to B, and why any link or child stayed with A."""

    merged: Initiative
    into: Initiative
    entries: list[tuple[str, HistoryEntry]]
    sources: int
    history: int
    children: list[str] = field(default_factory=list)
    links: int = 0
    kept: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "merged": self.merged.slug,
            "into": self.into.slug,
            "status": self.merged.status,
            "sources_added": self.sources,
            "history_entries": self.history,
            "children_moved": self.children,
            "links_moved": self.links,
            "kept": self.kept,
            "entries": [{"initiative": slug, **entry.to_dict()} for slug, entry in self.entries],
        }


@dataclass
class SourceRequest:
    """``tracker source add``: a document (a URL or path, else a title) and what to
    record of it; ``published`` and ``accessed`` are date phrases naming one day."""

    source: str
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    accessed: str | None = None
    quote: str | None = None
    note: str | None = None
    on: str | None = None


@dataclass
class SourceResult:
    """What ``source add`` or ``source remove`` did: ``added`` (new on the list),
    ``updated`` (on it already: the fields given merged in), ``unchanged`` (it said
    that already: nothing recorded) or ``removed``; the item as the list now has it
    (as it had it, once removed) and the entry recorded (None: none was)."""

    outcome: str
    initiative: Initiative
    source: SourceLink
    entry: HistoryEntry | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "initiative": self.initiative.slug,
            "source": self.source.to_dict(),
            "entry": self.entry.to_dict() if self.entry else None,
        }


@dataclass
class CorrectionResult:
    """What ``retract``, ``amend`` or ``undo`` recorded: the new correction entry, the
    entry it corrects (as it now shows) and the initiative's slug."""

    slug: str
    entry: HistoryEntry
    target: HistoryEntry


@dataclass
class _BatchResult:
    """What a batch (``apply``, ``import``) did; with errors or a dry run, what it would
    have done, since nothing was kept."""

    dry_run: bool = False
    error_count: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # the first 100
    #: On a dry run, what each line would change: ``{line, initiative, changes}``.
    changes: list[dict[str, Any]] = field(default_factory=list)

    def fail(self, number: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < 100:
            self.errors.append((number, message))

    @property
    def kept(self) -> bool:
        return not self.dry_run and not self.error_count

    def _errors_dict(self) -> dict[str, Any]:
        return {
            "errors": [{"line": n, "error": message} for n, message in self.errors],
            "error_count": self.error_count,
            "dry_run": self.dry_run,
            **({"changes": self.changes} if self.dry_run else {}),
        }


@dataclass
class ApplyResult(_BatchResult):
    """What ``apply`` did."""

    lines: int = 0
    applied: int = 0
    unchanged: int = 0
    duplicates: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "applied": self.applied if self.kept else 0,
            "would_apply": self.applied,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            **self._errors_dict(),
        }


@dataclass
class ImportResult(_BatchResult):
    """What ``import_records`` did."""

    records: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    #: Asked for (``slugs=True``) and kept: each record's outcome (created, updated,
    #: unchanged) and its initiative's slug, in the order of the records.
    recorded: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "created": self.created if self.kept else 0,
            "updated": self.updated if self.kept else 0,
            "unchanged": self.unchanged,
            "would_create": self.created,
            "would_update": self.updated,
            **self._errors_dict(),
        }


@dataclass
class SeedResult:
    added: list[str]
    present: int


@dataclass
class ListFilters:
    """``tracker list`` filters as the user typed them."""

    statuses: list[str] = field(default_factory=list)
    healths: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    due_before: str | None = None
    due_within: str | None = None
    search: str | None = None
    parent: str | None = None  # a REF: it and every initiative below it
    kinds: list[str] = field(default_factory=list)
    confidences: list[str] = field(default_factory=list)
    changed_since: str | None = None  # a date phrase: an entry effective on or after it
    authors: list[str] = field(default_factory=list)  # an entry by one of these (any case)
    slipped: bool = False  # the deadline ends later than the baseline's
    sort: str = "deadline"
    limit: int | None = None


@dataclass
class ReportRequest:
    """``tracker report`` options as the user typed them."""

    as_of: str | None = None  # a day (default today)
    since: str | None = None  # a date phrase, a duration (7d) or "last"; default 7d
    horizon: str = "90d"
    stale_after: str = "180d"
    statuses: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    search: str | None = None
    parent: str | None = None  # a REF: it and every initiative below it
    kinds: list[str] = field(default_factory=list)
    confidences: list[str] = field(default_factory=list)
    changed_since: str | None = None  # a date phrase: an entry effective on or after it
    slipped: bool = False  # the deadline ends later than the baseline's
    authors: list[str] = field(default_factory=list)  # changed: only entries by these


@dataclass(frozen=True)
class SyncSide:
    """One side of a sync conflict: the entry, the value it set, and the replica it
    came from (None: made on this database)."""

    entry: str
    value: Any
    replica: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"entry": self.entry, "value": self.value, "replica": self.replica}


@dataclass(frozen=True)
class SyncConflict:
    """Two replicas changed one field of an initiative without seeing each other's
    change: both entries stay in the history; replay kept ``kept``'s value."""

    initiative: str
    field: str
    kept: SyncSide
    other: SyncSide

    def to_dict(self) -> dict[str, Any]:
        return {
            "initiative": self.initiative,
            "field": self.field,
            "kept": self.kept.to_dict(),
            "other": self.other.to_dict(),
        }


@dataclass
class SyncResult:
    """What ``tracker sync`` did: entries appended to this replica's log (``sent``),
    entries taken in from the others' (``received``), the conflicts found, and the
    other replicas whose logs the folder holds."""

    replica: str
    sent: int = 0
    received: int = 0
    conflicts: list[SyncConflict] = field(default_factory=list)
    replicas_seen: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "replica": self.replica,
            "sent": self.sent,
            "received": self.received,
            "conflicts": [c.to_dict() for c in self.conflicts],
            "replicas_seen": sorted(self.replicas_seen),
        }


@dataclass(frozen=True)
class ArticleFile:
    """A file to read (``-``: ``data`` holds standard input's bytes) and what the
    command line says of it, beating what the file says."""

    path: str
    data: bytes | None = None
    published: date | None = None
    publisher: str | None = None
    url: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Proposal:
    """An initiative ``tracker extract`` found in an article: what it proposes to
    record, the sentence that evidences it, how sure it is (``score``, 0-1), and the
    tracked initiative it looks like (``match``, with its likeness 0-100), if any.
    :meth:`to_json` is its ``--format json`` shape, :meth:`to_record` the import
    record its ``--format jsonl`` line is."""

    file: str
    title: str
    kind: str
    status: str
    sponsors: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    tags: tuple[str, ...]
    announced: date | None
    deadline: Window | None
    quote: str
    source: Source
    score: float
    match: str | None = None
    match_score: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "sponsors": list(self.sponsors),
            "jurisdictions": list(self.jurisdictions),
            "tags": list(self.tags),
            "announced": self.announced.isoformat() if self.announced else None,
            "deadline": window_dict(self.deadline),
            "quote": self.quote,
            "source": self.source.to_dict(None) | {"quote": self.quote},
            "score": self.score,
            "match": (
                {"slug": self.match, "score": self.match_score} if self.match is not None else None
            ),
        }

    def to_record(self) -> dict[str, Any]:
        """A line ``tracker import`` takes as it is: a new initiative, or, for one that
        matches a tracked initiative, this article as a new source of it. What import
        does not read is under ``extracted``."""
        source = self.source.to_dict(self.quote)
        extracted = {
            "score": self.score,
            "file": self.file,
            "match": (
                {"slug": self.match, "score": self.match_score} if self.match is not None else None
            ),
        }
        if self.match is not None:
            proposed: dict[str, Any] = {"title": self.title, "status": self.status}
            proposed["deadline"] = window_dict(self.deadline)
            return {"slug": self.match, "sources": [source], "extracted": extracted | proposed}
        day = self.announced.isoformat() if self.announced else None
        return {
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "announced": (
                {"text": day, "earliest": day, "latest": day, "precision": "day"} if day else None
            ),
            "deadline": window_dict(self.deadline),
            "sponsors": list(self.sponsors),
            "jurisdictions": list(self.jurisdictions),
            "tags": list(self.tags),
            "sources": [source],
            "extracted": extracted,
        }


@dataclass(frozen=True)
class SearchMatch:
    """Where a search hit matched: the field (one of ``title``, ``summary``, ``tag``,
    ``sponsor``, ``jurisdiction``, ``source``, ``quote``, ``note``), a stretch of its
    first matching value as recorded, and the ``(start, end)`` of each match in it."""

    field: str
    snippet: str
    marks: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "snippet": self.snippet,
            "marks": [list(m) for m in self.marks],
        }


@dataclass(frozen=True)
class SearchHit:
    initiative: Initiative
    matches: tuple[SearchMatch, ...]


@dataclass(frozen=True)
class SearchResults:
    """``tracker search``: the best hits, best first, and how many initiatives match."""

    query: str
    total: int
    hits: list[SearchHit]

    def to_dict(self, today: date) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "results": [
                {
                    "slug": hit.initiative.slug,
                    "title": hit.initiative.title,
                    "status": hit.initiative.status,
                    "health": str(hit.initiative.health(today)),
                    "matches": [m.to_dict() for m in hit.matches],
                }
                for hit in self.hits
            ],
        }
