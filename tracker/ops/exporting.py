"""``tracker export``: every initiative with everything needed to rebuild it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from tracker.domain.initiatives import HistoryEntry, Initiative, SourceLink
from tracker.domain.shapes import compact_json
from tracker.storage import export_lines as stored_lines
from tracker.storage import repository as repo

if TYPE_CHECKING:
    import sqlite3

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
            if progress is not None:
                progress(start, len(order))
            yield from _records(conn, order[start : start + 500])


def _records(
    conn: sqlite3.Connection, chunk: list[tuple[int, str | None]]
) -> Iterator[dict[str, Any]]:
    """The export records of these initiatives, given as (id, its parent's uuid)."""
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


def export_lines(t: Session, progress: Progress | None = None) -> Iterator[str]:
    """The records of :func:`export` as the lines of ``tracker export`` (each
    :func:`tracker.domain.shapes.compact_json`, no newline), the same bytes written by
    SQLite (:mod:`tracker.storage.export_lines`); a record SQLite cannot write exactly
    is built as :func:`export` builds it. Streamed, as :func:`export`."""
    with t.db.read() as conn:
        total = stored_lines.initiative_count(conn)
        for done, rows in enumerate(stored_lines.export_lines(conn)):
            if progress is not None:
                progress(done * stored_lines.CHUNK, total)
            for initiative_id, parent_uuid, line in rows:
                if line is None:
                    (record,) = _records(conn, [(initiative_id, parent_uuid)])
                    line = compact_json(record)
                yield line
