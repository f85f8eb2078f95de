"""What ``tracker sync`` keeps in the database: this replica's id and marks, how far
each other replica's log has been read, the entries waiting for their initiative, and
the reads of the history a sync sends (:mod:`tracker.ops.sync`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from tracker.domain.initiatives import HistoryEntry
from tracker.storage import repository as repo


@dataclass(frozen=True)
class ReplicaState:
    """This database as a replica (the ``replica`` row, schema 6)."""

    #: Its uuid, made when the database was.
    id: str
    #: The floor of the next Lamport clock (the highest clock seen).
    lamport: int
    #: The entries made here with a higher clock are not in this replica's log yet.
    sent_clock: int
    #: The next sync compares every entry with the logs (the first; after an import).
    resend: bool
    #: The bytes of this replica's log a committed sync wrote.
    log_size: int


def state(conn: sqlite3.Connection) -> ReplicaState:
    row = conn.execute(
        "SELECT id, lamport, sent_clock, resend, log_size FROM replica WHERE only = 1"
    ).fetchone()
    return ReplicaState(row[0], row[1], row[2], bool(row[3]), row[4])


def replica_id(conn: sqlite3.Connection) -> str:
    return str(conn.execute("SELECT id FROM replica WHERE only = 1").fetchone()[0])


def save_marks(conn: sqlite3.Connection, log_size: int) -> None:
    """After a sync: every entry and removal made here so far is in the log, the clock
    floor is the highest clock seen, and the log is ``log_size`` bytes long."""
    top = repo.next_clock(conn) - 1
    conn.execute(
        "UPDATE replica SET lamport = ?, sent_clock = ?, resend = 0, log_size = ?",
        [top, top, log_size],
    )


def raise_floor(conn: sqlite3.Connection, clock: int) -> None:
    """Clocks received: the next clock made here is above them (up to the ceiling,
    :data:`tracker.storage.repository.CLOCK_CEILING`)."""
    conn.execute("UPDATE replica SET lamport = max(lamport, ?)", [min(clock, repo.CLOCK_CEILING)])


def offsets(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """How far each other replica's log has been read: id -> (bytes, lines)."""
    rows = conn.execute("SELECT replica, offset, lines FROM replica_logs")
    return {replica: (offset, lines) for replica, offset, lines in rows}


def save_offset(conn: sqlite3.Connection, replica: str, offset: int, lines: int) -> None:
    conn.execute(
        "INSERT INTO replica_logs (replica, offset, lines) VALUES (?, ?, ?)"
        " ON CONFLICT (replica) DO UPDATE SET offset = excluded.offset, lines = excluded.lines",
        [replica, offset, lines],
    )


# -- entries waiting for their initiative ------------------------------------------------


def pending(conn: sqlite3.Connection) -> list[tuple[str, str, dict[str, Any]]]:
    """Entries received before their initiative: (replica, initiative uuid, line)."""
    rows = conn.execute("SELECT replica, initiative, line FROM sync_pending ORDER BY uuid")
    return [(replica, initiative, json.loads(line)) for replica, initiative, line in rows]


def keep_pending(
    conn: sqlite3.Connection, uuid: str, initiative: str, replica: str, line: dict[str, Any]
) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO sync_pending (uuid, initiative, replica, line) VALUES (?, ?, ?, ?)",
        [uuid, initiative, replica, json.dumps(line, ensure_ascii=False)],
    )


def drop_pending(conn: sqlite3.Connection, uuids: Iterable[str]) -> None:
    conn.executemany("DELETE FROM sync_pending WHERE uuid = ?", [(u,) for u in uuids])


def known_entries(conn: sqlite3.Connection, uuids: list[str]) -> set[str]:
    """Which of these entry uuids the history holds."""
    found: set[str] = set()
    for start in range(0, len(uuids), 50_000):
        chunk = json.dumps(uuids[start : start + 50_000])
        found.update(
            u
            for (u,) in conn.execute(
                "SELECT uuid FROM updates WHERE uuid IN (SELECT value FROM json_each(?))", [chunk]
            )
        )
    return found


def initiative_ids(conn: sqlite3.Connection, uuids: Iterable[str]) -> dict[str, int]:
    """The local ids of these initiatives (those present): uuid -> id."""
    chunk = json.dumps(sorted(set(uuids)))
    rows = conn.execute(
        "SELECT uuid, id FROM initiatives WHERE uuid IN (SELECT value FROM json_each(?))", [chunk]
    )
    return dict(rows.fetchall())


def removed(conn: sqlite3.Connection) -> dict[str, int]:
    """Removed initiatives: uuid -> the tombstone's clock."""
    return dict(conn.execute("SELECT uuid, clock FROM removals").fetchall())


def unsent_removals(
    conn: sqlite3.Connection, sent_clock: int, everything: bool
) -> list[tuple[str, str, str, str | None, int]]:
    """Tombstones to send, by clock: (uuid, slug, removed_at, author, clock) of the
    removals made here since the last sync, or (``everything``) of all made here (a
    received one is in its replica's log)."""
    where = " WHERE origin IS NULL" + ("" if everything else " AND clock > ?")
    return conn.execute(
        "SELECT uuid, slug, removed_at, author, clock FROM removals" + where + " ORDER BY clock",
        [] if everything else [sent_clock],
    ).fetchall()


def unsent_entries(
    conn: sqlite3.Connection, sent_clock: int, everything: bool
) -> Iterator[tuple[int, str, HistoryEntry, str | None]]:
    """The entries a sync may send, in clock order, as (initiative id, initiative uuid,
    entry, the created entry's stored initial fields): those made (or imported) here
    since the last sync, or (``everything``) all of them, streamed. Entries a sync took
    in (their ``origin`` is set) are in their replica's log already."""
    if everything:
        return repo.history_in_clock_order(conn, "u.origin IS NULL", [])
    return repo.history_in_clock_order(conn, "u.origin IS NULL AND u.clock > ?", [sent_clock])


def existing(conn: sqlite3.Connection, initiative_ids: Iterable[int]) -> set[int]:
    """Which of these initiatives are still there."""
    chunk = json.dumps(sorted(initiative_ids))
    return {
        i
        for (i,) in conn.execute(
            "SELECT id FROM initiatives WHERE id IN (SELECT value FROM json_each(?))", [chunk]
        )
    }


def naming_parents(conn: sqlite3.Connection, parents: set[str]) -> set[int]:
    """The initiatives whose created entry's initial fields, or an edit, name one of
    these initiative uuids as parent."""
    if not parents:
        return set()  # (the query walks every created entry and edit)
    chunk = json.dumps(sorted(parents))
    rows = conn.execute(
        "SELECT initiative_id FROM updates WHERE event = 'created' AND initial IS NOT NULL"
        " AND json_extract(initial, '$.parent') IN (SELECT value FROM json_each(:p))"
        " UNION SELECT initiative_id FROM updates WHERE event = 'edit' AND edits IS NOT NULL"
        " AND json_extract(edits, '$.parent.to_uuid') IN (SELECT value FROM json_each(:p))",
        {"p": chunk},
    )
    return {i for (i,) in rows}


def created_rank(conn: sqlite3.Connection, initiative_id: int) -> tuple[int, str, str]:
    """Which of two initiatives claiming one slug keeps it (the lower): its created
    entry's (clock, recorded_at, uuid), the same on every replica."""
    row = conn.execute(
        "SELECT u.clock, u.recorded_at, i.uuid FROM updates u JOIN initiatives i"
        " ON i.id = u.initiative_id WHERE u.initiative_id = ? AND u.event = 'created'",
        [initiative_id],
    ).fetchone()
    return (row[0], row[1], row[2]) if row else (2**63, "~", "~")


def parentless_wanting_one(conn: sqlite3.Connection) -> list[int]:
    """Initiatives with no parent whose history names one (a synced created entry's
    fields, or an edit): those a cycle of parents may have cost theirs."""
    rows = conn.execute(
        "SELECT DISTINCT u.initiative_id FROM updates u JOIN initiatives i"
        " ON i.id = u.initiative_id AND i.parent_id IS NULL"
        " WHERE (u.event = 'created' AND u.initial IS NOT NULL"
        " AND json_extract(u.initial, '$.parent') IS NOT NULL)"
        " OR (u.event = 'edit' AND u.edits IS NOT NULL"
        " AND json_extract(u.edits, '$.parent.to') IS NOT NULL)"
    )
    return [i for (i,) in rows]
