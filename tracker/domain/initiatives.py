"""Initiatives, their sources and their history, as plain records.

These are what the library returns and what every renderer formats. ``to_dict``
gives the documented ``--format json`` shape (see README, "JSON output");
``Initiative``'s ``to_dict``, ``export_dict`` and ``report_entry_dict`` are the ONE
definition of each of an initiative's JSON shapes (see :mod:`tracker.domain.shapes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from tracker.domain import replay as rules
from tracker.domain import shapes
from tracker.domain.links import Linked
from tracker.domain.model import Health, health, mean_progress, worst_health
from tracker.domain.shapes import announced_dict, window_dict
from tracker.domain.windows import Window


@dataclass(frozen=True)
class Source:
    """A document that evidences an initiative or an update."""

    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None

    @property
    def key(self) -> str:
        """What identifies the document: its URL or path, else its title."""
        return (self.url or self.title or "").strip()

    @property
    def label(self) -> str:
        return self.title or self.url or ""

    @classmethod
    def from_text(cls, text: str) -> Source:
        """Read ``--source``: a URL or file path becomes ``url``, anything else ``title``."""
        value = " ".join(text.split())
        looks_like_location = "://" in value or (
            " " not in value and ("/" in value or value.startswith("."))
        )
        return cls(url=value) if looks_like_location else cls(title=value)

    def to_dict(self, quote: str | None = None, accessed: str | None = None) -> dict[str, Any]:
        """``{title, publisher, published, url, accessed, quote}``: the document and,
        where it is cited, the day it was read and the words quoted from it."""
        return {
            "title": self.title,
            "publisher": self.publisher,
            "published": self.published,
            "url": self.url,
            "accessed": accessed,
            "quote": quote,
        }


@dataclass(frozen=True)
class SourceLink:
    """A document as cited: by an initiative's list of sources, or as a history entry's
    evidence (the quote from it, and the day it was read)."""

    source: Source
    quote: str | None = None
    accessed: str | None = None

    @property
    def key(self) -> str:
        return self.source.key

    def to_dict(self) -> dict[str, Any]:
        return self.source.to_dict(self.quote, self.accessed)


@dataclass(frozen=True)
class HistoryEntry:
    """One row of the append-only history."""

    uuid: str
    event: str  # created | update | edit | retract | amend
    recorded_at: str
    effective: str
    changes: dict[str, Any]
    note: str | None = None
    source: SourceLink | None = None
    ref: str | None = None
    #: Who made it (None for entries made before authors were kept).
    author: str | None = None
    #: The uuid of the entry a ``retract`` or ``amend`` entry refers to.
    target: str | None = None
    #: Its Lamport clock: within a day, history order is by clock (then recording), so
    #: every replica orders synced entries alike (0: made before clocks were kept).
    clock: int = field(default=0, compare=False)
    #: Where the history is shown (:meth:`corrected`): the live ``retract`` entry that
    #: withdraws this one, and the latest live ``amend`` entry whose text it now shows.
    retracted_by: HistoryEntry | None = field(default=None, compare=False)
    amended_by: HistoryEntry | None = field(default=None, compare=False)
    #: Where the history is shown: the shortest prefix of the uuid naming this entry
    #: alone (for ``retract`` and ``amend``); None: not worked out.
    short_uuid: str | None = field(default=None, compare=False)

    @property
    def short(self) -> str:
        """The uuid's prefix to show: :attr:`short_uuid`, else its first 8 characters."""
        return self.short_uuid or self.uuid[:8]

    def corrected(
        self, retracted_by: HistoryEntry | None, amended_by: HistoryEntry | None
    ) -> HistoryEntry:
        """This entry as shown: marked retracted, and with the note, source and quote of
        its latest live amend entry (its own kept in the stored history)."""
        if retracted_by is None and amended_by is None:
            return self
        return replace(
            self,
            retracted_by=retracted_by,
            amended_by=amended_by,
            note=amended_by.note if amended_by else self.note,
            source=amended_by.source if amended_by else self.source,
        )

    def history_dict(self) -> dict[str, Any]:
        """As ``history --format json`` shows it: :meth:`to_dict` and the marks of its
        corrections (``retracted``: ``{uuid, by, at, reason}``; ``amended``:
        ``{uuid, by, at}``; each None without one)."""
        retract, amend = self.retracted_by, self.amended_by
        return {
            **self.to_dict(),
            "retracted": {
                "uuid": retract.uuid,
                "by": retract.author,
                "at": retract.recorded_at,
                "reason": retract.note,
            }
            if retract
            else None,
            "amended": {"uuid": amend.uuid, "by": amend.author, "at": amend.recorded_at}
            if amend
            else None,
        }

    def export_dict(self) -> dict[str, Any]:
        """As ``export`` and the sync logs carry it: :meth:`to_dict` and its ``clock``."""
        return {**self.to_dict(), "clock": self.clock}

    def to_dict(self) -> dict[str, Any]:
        return {
            "uuid": self.uuid,
            "event": self.event,
            "recorded_at": self.recorded_at,
            "effective": self.effective,
            "changes": self.changes,
            "note": self.note,
            "source": self.source.to_dict() if self.source else None,
            "ref": self.ref,
            "author": self.author,
            "target": self.target,
        }


def corrected_history(entries: Sequence[HistoryEntry]) -> list[HistoryEntry]:
    """An initiative's history as shown: every entry (corrections too, as their own
    lines), each retracted one marked and each amended one with its amended text
    (:meth:`HistoryEntry.corrected`; the rules are :mod:`tracker.domain.replay`'s)."""
    by_recording = sorted(entries, key=lambda e: e.recorded_at)
    retracted = rules.retractions(by_recording)
    amended = rules.amendments(by_recording, retracted)
    return [e.corrected(retracted.get(e.uuid), amended.get(e.uuid)) for e in entries]


@dataclass
class Initiative:
    id: int
    uuid: str
    slug: str
    title: str
    summary: str
    kind: str
    status: str
    confidence: str | None
    progress: int | None
    announced: Window | None
    deadline: Window | None
    baseline_deadline: Window | None
    parent: str | None
    created_at: str
    updated_at: str
    tags: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    #: The rationale given with the current confidence level (None: none given).
    confidence_note: str | None = None

    def health(self, today: date) -> Health:
        return health(self.status, self.deadline.latest if self.deadline else None, today)

    def to_dict(self, today: date) -> dict[str, Any]:
        """As ``list`` and ``show`` print it in JSON (health as of ``today``)."""
        return {
            "id": self.id,
            "uuid": self.uuid,
            "slug": self.slug,
            "title": self.title,
            "summary": self.summary,
            "kind": self.kind,
            "status": self.status,
            "health": str(self.health(today)),
            "confidence": self.confidence,
            "confidence_note": self.confidence_note,
            "progress": self.progress,
            "tags": self.tags,
            "jurisdictions": self.jurisdictions,
            "sponsors": self.sponsors,
            "parent": self.parent,
            "announced": announced_dict(self.announced),
            "deadline": window_dict(self.deadline),
            "baseline_deadline": window_dict(self.baseline_deadline),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    def export_dict(
        self,
        parent_uuid: str | None,
        sources: Sequence[SourceLink],
        history: Sequence[HistoryEntry],
        refs: list[str],
    ) -> dict[str, Any]:
        """As an export record: everything needed to rebuild it exactly."""
        return {
            "uuid": self.uuid,
            "slug": self.slug,
            "title": self.title,
            "summary": self.summary,
            "kind": self.kind,
            "status": self.status,
            "confidence": self.confidence,
            "confidence_note": self.confidence_note,
            "progress": self.progress,
            "announced": window_dict(self.announced),
            "deadline": window_dict(self.deadline),
            "baseline_deadline": window_dict(self.baseline_deadline),
            "parent": parent_uuid,
            "tags": self.tags,
            "jurisdictions": self.jurisdictions,
            "sponsors": self.sponsors,
            "sources": [link.to_dict() for link in sources],
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "history": [entry.export_dict() for entry in history],
            "applied_refs": refs,
        }

    def report_entry_dict(
        self,
        *,
        health: str,
        days_overdue: int | None,
        days_left: int | None,
        days_slipped: int | None,
        last_update: date | None,
        days_since_update: int | None,
    ) -> dict[str, Any]:
        """As an entry of ``report --format json``: its fields (this initiative must hold
        them as of the report day), then what the report computed
        (:data:`shapes.REPORT_STORED_KEYS`, then :data:`shapes.REPORT_COMPUTED_KEYS`)."""
        stored = (
            self.id,
            self.uuid,
            self.slug,
            self.title,
            self.status,
            self.confidence,
            self.confidence_note,
            self.progress,
            window_dict(self.deadline),
            window_dict(self.baseline_deadline),
            self.announced.earliest.isoformat() if self.announced else None,
            self.tags,
            self.jurisdictions,
            self.sponsors,
            self.parent,
        )
        computed = (
            health,
            days_overdue,
            days_left,
            days_slipped,
            last_update.isoformat() if last_update else None,
            days_since_update,
        )
        return {
            **dict(zip(shapes.REPORT_STORED_KEYS, stored, strict=True)),
            **dict(zip(shapes.REPORT_COMPUTED_KEYS, computed, strict=True)),
        }


@dataclass(frozen=True)
class Rollup:
    """What a programme's descendants (children, their children ...) add up to:
    how many, their mean progress (the report's group rule), their worst health on
    the day, and the last day any of them had a history entry."""

    children: int
    descendants: int
    progress: int | None
    worst_health: Health | None
    latest_activity: date | None

    @classmethod
    def of(
        cls, children: int, descendants: Sequence[Initiative], latest: date | None, today: date
    ) -> Rollup:
        return cls(
            children=children,
            descendants=len(descendants),
            progress=mean_progress([(d.status, d.progress) for d in descendants]),
            worst_health=worst_health([d.health(today) for d in descendants]),
            latest_activity=latest,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "children": self.children,
            "descendants": self.descendants,
            "progress": self.progress,
            "worst_health": str(self.worst_health) if self.worst_health else None,
            "latest_activity": self.latest_activity.isoformat() if self.latest_activity else None,
        }


@dataclass
class InitiativeDetail:
    """Everything ``show`` prints: the initiative, its sources, children, its
    descendants' roll-up (None without children), history and links (both ends,
    :class:`tracker.domain.links.Linked`)."""

    initiative: Initiative
    sources: list[SourceLink]
    children: list[Initiative]
    history: list[HistoryEntry]
    rollup: Rollup | None = None
    links: list[Linked] = field(default_factory=list)

    def to_dict(self, today: date) -> dict[str, Any]:
        data = self.initiative.to_dict(today)
        data["sources"] = [link.to_dict() for link in self.sources]
        data["children"] = [
            {
                "slug": child.slug,
                "title": child.title,
                "status": child.status,
                "health": str(child.health(today)),
                "progress": child.progress,
            }
            for child in self.children
        ]
        data["rollup"] = self.rollup.to_dict() if self.rollup else None
        data["links"] = [link.to_dict() for link in self.links]
        data["history"] = [entry.history_dict() for entry in self.history]
        return data
