"""The history: the ONE function that writes a history entry (:func:`write_entry`,
which every path calls: add's ``created`` entry, updates, edits, imports, a removed
parent's children), and the reads of it (``show``, ``history``, recent entries)."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tracker.domain import clock
from tracker.domain.authors import check_author
from tracker.domain.initiatives import (
    HistoryEntry,
    Initiative,
    InitiativeDetail,
    Rollup,
    corrected_history,
)
from tracker.domain.replay import Cited, Entry, replay
from tracker.domain.windows import Window
from tracker.errors import InputError
from tracker.ops import references
from tracker.storage import report_queries as queries
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.session import Session
    from tracker.storage import bulk


def show(t: Session, ref: str) -> InitiativeDetail:
    from tracker.storage.links import linked

    with t.db.read() as conn:
        initiative_id = references.resolve_id(conn, ref)
        children = repo.fetch_initiatives(conn, repo.children_ids(conn, initiative_id))
        rollup = None
        if children:
            below = repo.descendant_ids(conn, initiative_id)
            rollup = Rollup.of(
                len(children),
                repo.fetch_initiatives(conn, below),
                repo.latest_entry_day(conn, below, t.today),
                t.today,
            )
        return InitiativeDetail(
            initiative=repo.fetch_initiative(conn, initiative_id),
            sources=repo.fetch_sources(conn, initiative_id),
            children=children,
            history=shown_history(conn, initiative_id),
            rollup=rollup,
            links=linked(conn, initiative_id),
        )


def history(
    t: Session, ref: str, authors: Sequence[str] = ()
) -> tuple[Initiative, list[HistoryEntry]]:
    """The initiative and its history; with ``authors``, only their entries (any case)."""
    wanted = {check_author(name, "--by").casefold() for name in authors}
    with t.db.read() as conn:
        initiative_id = references.resolve_id(conn, ref)
        entries = shown_history(conn, initiative_id)
        if wanted:
            entries = [e for e in entries if (e.author or "").casefold() in wanted]
        return repo.fetch_initiative(conn, initiative_id), entries


def shown_history(conn: sqlite3.Connection, initiative_id: int) -> list[HistoryEntry]:
    """An initiative's history as ``history`` and ``show`` show it: every entry, marked
    by its corrections (:func:`corrected_history`), each with its short uuid."""
    entries = repo.fetch_history(conn, initiative_id)
    short = repo.short_uuids(conn, [e.uuid for e in entries])
    return corrected_history([dataclasses.replace(e, short_uuid=short[e.uuid]) for e in entries])


def recent_updates(t: Session, limit: int = 50) -> list[tuple[str, str, HistoryEntry]]:
    """The newest history entries, newest first, as (slug, title, entry)."""
    if not 1 <= limit <= 10_000:
        raise InputError(f"--limit must be between 1 and 10000, not {limit}")
    with t.db.read() as conn:
        return queries.recent_updates(conn, limit)


def write_entry(
    rows: sqlite3.Connection | bulk.Rows,
    initiative_id: int,
    event: str,
    effective: str,
    recorded_at: str,
    *,
    tracked: dict[str, Any] | None = None,
    edits: dict[str, Any] | None = None,
    note: str | None = None,
    source_id: int | None = None,
    quote: str | None = None,
    accessed: str | None = None,
    ref: str | None = None,
    uuid: str | None = None,
    author: str | None = None,
    target: str | None = None,
    lamport: int | None = None,
    origin: str | None = None,
    initial: str | None = None,
) -> str:
    """Append one history entry: the ONE place a history row is made, for every event
    (``created``, ``update``, ``edit``) and every path. Returns the entry's uuid (a new
    one unless ``uuid`` is given, as an imported entry's is).

    ``tracked``: the entry's tracked-field columns (``status_from``, ``status_to``, ...,
    ``deadline_to_latest``), as :func:`tracked_columns` or the created entry's make them;
    ``edits``: the descriptive changes of an ``edit`` (stored as JSON). ``rows`` is the
    transaction's connection, or a :class:`tracker.storage.bulk.Rows` that may queue it.
    ``author``: who made it (the session's :attr:`author`, or an imported entry's own);
    ``target``: the entry a ``retract`` or ``amend`` entry refers to; ``lamport``: its
    Lamport clock when it has one (an imported or synced entry), else one is given
    (:data:`tracker.storage.repository.NEXT_CLOCK`); ``origin``: the replica a synced
    entry came from; ``initial``: a synced ``created`` entry's initial fields (JSON).
    """
    entry_uuid = uuid or clock.new_uuid()
    row = {
        "uuid": entry_uuid,
        "initiative_id": initiative_id,
        "recorded_at": recorded_at,
        "effective": effective,
        "event": event,
        **(tracked or _NOTHING),
        "edits": json.dumps(edits, ensure_ascii=False) if edits else None,
        "note": note,
        "source_id": source_id,
        "quote": quote,
        "ref": ref,
        "author": author,
        "target": target,
    }
    if accessed is not None:
        row["accessed"] = accessed
    if lamport is not None:
        row["clock"] = lamport
    if origin is not None:
        row["origin"] = origin
    if initial is not None:
        row["initial"] = initial
    if isinstance(rows, sqlite3.Connection):
        repo.insert_update(rows, row)
    else:
        rows.insert_update(row)
    return entry_uuid


_NOTHING: dict[str, Any] = {}


def refresh_current(
    t: Session | None,
    conn: sqlite3.Connection,
    initiative_id: int,
    now: str | None = None,
    entries: Sequence[Entry] | None = None,
) -> bool:
    """Rewrite the initiative's stored current fields (status, progress, confidence, the
    deadline's and baseline's columns) from the replay of its history: the ONE way to
    bring them back in line after anything that changes which entries count (a retract,
    an import merge). The columns are :func:`tracker.storage.repository.replayed_columns`,
    the mapping ``check`` and ``check --repair`` use too. ``now``: the initiative's new
    ``updated_at`` when anything changed (None leaves it: a merge keeps the record's).
    Returns whether anything changed. Runs inside the caller's transaction. ``entries``:
    the history, when the caller has just read it (in history order)."""
    if entries is None:
        entries = repo.fetch_history(conn, initiative_id)
    fields = repo.replayed_columns(replay(entries))
    stored = conn.execute(
        f"SELECT {', '.join(fields)} FROM initiatives WHERE id = ?", [initiative_id]
    ).fetchone()
    if tuple(stored) == tuple(fields.values()):
        return False
    if now is not None:
        fields["updated_at"] = now
    repo.update_initiative(conn, initiative_id, fields)
    return True


def replayed_sources(
    conn: sqlite3.Connection, initiative_id: int, entries: Sequence[HistoryEntry] | None = None
) -> list[Cited]:
    """The list of sources the initiative's history gives
    (:func:`tracker.storage.repository.replayed_sources`)."""
    return repo.replayed_sources(conn, initiative_id, entries)


def refresh_sources(
    conn: sqlite3.Connection, initiative_id: int, entries: Sequence[HistoryEntry] | None = None
) -> bool:
    """Rewrite the initiative's stored list of sources as the replay of its history
    (:func:`replayed_sources`), the ONE way the list changes after an entry: returns
    whether it changed. Runs inside the caller's transaction."""
    wanted = replayed_sources(conn, initiative_id, entries)
    if repo.stored_cited(conn, initiative_id) == wanted:
        return False
    repo.store_sources(conn, initiative_id, wanted)
    return True


def created_columns(
    status: str,
    progress: int | None,
    confidence: str | None,
    deadline: Window | None,
    confidence_note: str | None = None,
) -> dict[str, Any]:
    """The tracked-field columns of a ``created`` entry: the values it starts with (and
    the rationale of its confidence level)."""
    return {
        "status_to": status,
        "progress_to": progress,
        "confidence_to": confidence,
        "confidence_note": confidence_note,
        "deadline_to": repo.window_to_json(deadline),
        "deadline_to_latest": deadline.latest.isoformat() if deadline else None,
    }


def record_edit(
    t: Session,
    conn: sqlite3.Connection,
    initiative_id: int,
    edits: dict[str, Any],
    fields: dict[str, Any],
    note: str | None,
    now: str | None = None,
) -> str:
    """Apply descriptive ``fields`` and append the ``edit`` entry that says so."""
    now = now or clock.now_iso()
    repo.update_initiative(conn, initiative_id, {**fields, "updated_at": now})
    return write_entry(
        conn,
        initiative_id,
        "edit",
        t.today.isoformat(),
        now,
        edits=edits,
        note=note,
        author=t.author,
    )
