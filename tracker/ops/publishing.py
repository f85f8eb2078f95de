"""``tracker site``: what the static website is built from.

:func:`site_data` reads, in one snapshot, everything the summary pages need: the
progress report as of the day with every initiative materialised (its fields replayed
as of the day, as ``report --as-of`` does), the links among them, each initiative's
newest history row (for the pages' fingerprints), the feed's entries and the
calendar's initiatives. :func:`initiative_pages` then streams the costly part, each
initiative's history and sources, only for the pages that need rendering again.
Nothing here formats; :mod:`tracker.site` does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from tracker.domain.initiatives import corrected_history
from tracker.domain.links import FORWARD, INVERSE, SYMMETRIC
from tracker.publishing import FEED_ENTRIES, PageDetail, SiteData, SiteLink
from tracker.requests import ReportRequest
from tracker.storage import links as stored_links
from tracker.storage import replicas
from tracker.storage import report_queries as queries
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.session import Session


def site_data(t: Session, as_of: str | None = None) -> SiteData:
    """The report as of ``as_of`` (a date phrase; None: today) with every initiative,
    and the rest the site's summary pages need."""
    from tracker.ops.reporting import report

    built = report(t, ReportRequest(as_of=as_of), materialise=None)
    day = built.as_of
    with t.db.read() as conn:
        newest = queries.newest_entries(conn)
        future = repo.any_update_after(conn, day)
        links: dict[int, list[SiteLink]] = {}
        seen: set[tuple[int, str, int]] = set()
        for from_id, kind, to_id in stored_links.touching(conn):
            if from_id not in built.figures or to_id not in built.figures:
                continue
            # a symmetric link stated from both ends (two replicas may): once
            if kind in SYMMETRIC and (to_id, kind, from_id) in seen:
                continue
            seen.add((from_id, kind, to_id))
            links.setdefault(from_id, []).append(SiteLink(FORWARD[kind], to_id))
            links.setdefault(to_id, []).append(SiteLink(INVERSE[kind], from_id))
        # the newest entries effective by the day (a few more read, for the later ones)
        feed = [
            found
            for found in queries.recent_updates(conn, FEED_ENTRIES * (4 if future else 1))
            if found[2].effective <= day.isoformat()
        ][:FEED_ENTRIES]
        replica = replicas.replica_id(conn)
    return SiteData(built, future, newest, links, feed, replica)


def initiative_pages(
    t: Session, ids: Sequence[int], as_of: date, chunk: int = 200
) -> Iterator[PageDetail]:
    """Each initiative's history and sources as of ``as_of``, in the order of ``ids``,
    read in one snapshot a chunk at a time (never all held at once)."""
    with t.db.read() as conn:
        day = as_of.isoformat()
        replay = repo.any_update_after(conn, as_of)
        for start in range(0, len(ids), chunk):
            for initiative_id in ids[start : start + chunk]:
                raw = repo.fetch_history(conn, initiative_id)
                sources = repo.fetch_sources(conn, initiative_id)
                if replay:
                    raw = [e for e in raw if e.effective <= day]
                    keys = {c.key for c in repo.replayed_sources(conn, initiative_id, raw)}
                    sources = [s for s in sources if s.key in keys]
                short = repo.short_uuids(conn, [e.uuid for e in raw])
                history = corrected_history(
                    [dataclasses.replace(e, short_uuid=short[e.uuid]) for e in raw]
                )
                yield PageDetail(initiative_id, history, sources)
