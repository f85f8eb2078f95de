"""``tracker export``: every initiative with everything needed to rebuild it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tracker.domain.initiatives import HistoryEntry, Initiative, SourceLink
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.progress import Progress
    from tracker.ops.session import Session

#: ``tracker export`` files say what they are and which version of the format they use;
#: ``tracker import`` refuses a newer version rather than misread it.
EXPORT_FORMAT = "tracker-export"
EXPORT_VERSION = 1


def export_record(
    initiative: Initiative,
    parent_uuid: str | None,
    sources: list[SourceLink],
    history: list[HistoryEntry],
    refs: list[str],
) -> dict[str, Any]:
    """One initiative as an export record (:meth:`Initiative.export_dict`)."""
    return initiative.export_dict(parent_uuid, sources, history, refs)


def export(t: Session, progress: Progress | None = None) -> Iterator[dict[str, Any]]:
    """Every initiative with its history, sources and remembered refs, in uuid order,
    as the records of ``tracker export`` (see :data:`EXPORT_FORMAT`). A generator:
    the whole database is read in one snapshot but never held in memory at once.
    ``progress`` is told of the records given, of all (:mod:`tracker.ops.progress`)."""
    with t.db.read() as conn:
        order = repo.export_order(conn)
        for start in range(0, len(order), 500):
            chunk = order[start : start + 500]
            if progress is not None:
                progress(start, len(order))
            ids = [i for i, _ in chunk]
            initiatives = repo.fetch_initiatives(conn, ids)
            # each table read once for the chunk (not three queries an initiative)
            sources = repo.sources_of(conn, ids)
            histories = repo.histories_of(conn, ids)
            refs = repo.applied_refs_of(conn, ids)
            for initiative, (initiative_id, parent_uuid) in zip(initiatives, chunk, strict=True):
                yield export_record(
                    initiative,
                    parent_uuid,
                    sources.get(initiative_id, []),
                    histories.get(initiative_id, []),
                    refs.get(initiative_id, []),
                )
