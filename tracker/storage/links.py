"""The ``links`` table: links between initiatives, what replaying their owners'
histories gives (:func:`tracker.domain.links.replay_links`).

The commands that make or end a link write its row beside the history entry that
says so; :func:`settle` rebuilds the rows from the histories where entries arrive
from elsewhere (an import, a sync) and ``tracker check --repair`` does the same.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from tracker.domain.links import CHANGE, SYMMETRIC, Linked, replay_links
from tracker.storage import repository as repo

#: A link as stored: (from id, kind, to id).
Row = tuple[int, str, int]

#: The entries that make or end links (served by the partial index idx_updates_links;
#: the pattern may match more, e.g. a tag named "links": the replay reads the changes).
_LINK_ENTRIES = (
    "SELECT DISTINCT initiative_id FROM updates INDEXED BY idx_updates_links"
    " WHERE event = 'edit' AND edits LIKE '%\"" + CHANGE + "\"%'"
)


def exists(conn: sqlite3.Connection, from_id: int, kind: str, to_id: int) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM links WHERE from_id = ? AND kind = ? AND to_id = ?",
            [from_id, kind, to_id],
        ).fetchone()
        is not None
    )


def owner(conn: sqlite3.Connection, a: int, kind: str, b: int) -> Row | None:
    """The stored link ``a kind b``; for a symmetric kind, ``b kind a`` also counts."""
    if exists(conn, a, kind, b):
        return (a, kind, b)
    if kind in SYMMETRIC and exists(conn, b, kind, a):
        return (b, kind, a)
    return None


def insert(conn: sqlite3.Connection, from_id: int, kind: str, to_id: int) -> None:
    conn.execute(
        "INSERT OR IGNORE INTO links (from_id, kind, to_id) VALUES (?, ?, ?)",
        [from_id, kind, to_id],
    )


def delete(conn: sqlite3.Connection, from_id: int, kind: str, to_id: int) -> None:
    conn.execute(
        "DELETE FROM links WHERE from_id = ? AND kind = ? AND to_id = ?", [from_id, kind, to_id]
    )


def of(conn: sqlite3.Connection, initiative_id: int) -> list[tuple[str, bool, int]]:
    """An initiative's links from both ends: (kind, whether it owns the link, the
    other end's id); its own first, each end in the order of the other's slug."""
    rows = conn.execute(
        "SELECT l.kind AS kind, 1 AS own, l.to_id AS other, i.slug AS slug FROM links l"
        " JOIN initiatives i ON i.id = l.to_id WHERE l.from_id = ?1"
        " UNION ALL SELECT l.kind, 0, l.from_id, i.slug FROM links l JOIN initiatives i"
        " ON i.id = l.from_id WHERE l.to_id = ?1 ORDER BY own DESC, slug, kind",
        [initiative_id],
    )
    return [(kind, bool(own), other) for kind, own, other, _ in rows]


def linked(conn: sqlite3.Connection, initiative_id: int) -> list[Linked]:
    """An initiative's links from both ends, as ``show`` gives them (a symmetric link
    stated from both ends, as two replicas may, once)."""
    found = of(conn, initiative_id)
    others = {i.id: i for i in repo.fetch_initiatives(conn, [other for _, _, other in found])}
    result: list[Linked] = []
    seen: set[tuple[str, int]] = set()
    for kind, own, other in found:
        if kind in SYMMETRIC:
            if (kind, other) in seen:
                continue
            seen.add((kind, other))
        one = others[other]
        result.append(Linked(kind, own, one.slug, one.uuid, one.title, one.status))
    return result


def touching(conn: sqlite3.Connection, ids: Iterable[int] | None = None) -> list[Row]:
    """Every stored link (None), or those with either end among ``ids``."""
    if ids is None:
        rows = conn.execute("SELECT from_id, kind, to_id FROM links ORDER BY from_id, kind, to_id")
        return [tuple(row) for row in rows]
    wanted = sorted(set(ids))
    found: set[Row] = set()
    for start in range(0, len(wanted), 500):
        chunk = ",".join(map(str, wanted[start : start + 500]))
        for row in conn.execute(
            f"SELECT from_id, kind, to_id FROM links WHERE from_id IN ({chunk})"
            f" UNION SELECT from_id, kind, to_id FROM links WHERE to_id IN ({chunk})"
        ):
            found.add(tuple(row))
    return sorted(found)


def replayed(conn: sqlite3.Connection) -> set[Row]:
    """The links the histories make: each owner's replay, to the initiatives here (a
    link to one removed, or not received yet, waits for it)."""
    wanted: set[Row] = set()
    for (owner_id,) in conn.execute(_LINK_ENTRIES).fetchall():
        for kind, uuid in replay_links(repo.fetch_history(conn, owner_id)):
            other = repo.id_by_uuid(conn, uuid)
            if other is not None and other != owner_id:
                wanted.add((owner_id, kind, other))
    return wanted


def drift(conn: sqlite3.Connection) -> tuple[set[Row], set[Row]]:
    """(links the histories make that are not stored, stored links they do not make)."""
    wanted = replayed(conn)
    stored = set(touching(conn))
    return wanted - stored, stored - wanted


def settle(conn: sqlite3.Connection) -> bool:
    """Make the stored links what the histories make (inside the caller's transaction);
    returns whether anything changed."""
    missing, extra = drift(conn)
    for row in extra:
        delete(conn, *row)
    for row in missing:
        insert(conn, *row)
    return bool(missing or extra)
