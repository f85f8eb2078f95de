"""What ``tracker site`` is built from, as plain records: :mod:`tracker.ops.publishing`
reads them, :mod:`tracker.site` draws them (and never reads the database itself)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.domain.initiatives import HistoryEntry, Initiative, SourceLink
    from tracker.reports import Report

#: How many of the newest history entries the site's Atom feed carries.
FEED_ENTRIES = 50


@dataclass(frozen=True)
class SiteLink:
    """One link as an initiative's page shows it: how this end reads it and the other."""

    relation: str
    other: int  # the other initiative's id


@dataclass
class SiteData:
    """Everything but the initiatives' histories and sources (:func:`initiative_pages`)."""

    report: Report
    #: whether a history entry takes effect after the day (the day then shapes every page)
    future_entries: bool
    #: initiative id -> the id of its newest history row (any day): what changed, cheaply
    newest_entry: dict[int, int]
    links: dict[int, list[SiteLink]] = field(default_factory=dict)
    feed: list[tuple[str, str, HistoryEntry]] = field(default_factory=list)
    #: this database's replica id: the feed's id when the site has no base URL
    replica: str = ""

    @property
    def as_of(self) -> date:
        return self.report.as_of

    def calendar(self) -> list[Initiative]:
        """The open initiatives with a deadline, as ``tracker calendar`` lists them
        (latest day of the deadline first, as its renderer needs)."""
        items = self.report.all_items or []
        chosen = [
            item.initiative
            for item in items
            if item.initiative.deadline is not None and item.health.value != "closed"
        ]
        return sorted(chosen, key=lambda i: i.deadline.latest if i.deadline else date.max)


@dataclass
class PageDetail:
    """One initiative's history as shown (oldest first, up to the day) and its sources."""

    initiative_id: int
    history: list[HistoryEntry]
    sources: list[SourceLink]
