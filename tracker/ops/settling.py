"""What a replica's state derives from besides each initiative's own history: slugs
two initiatives want (the one created first keeps it, wherever the clash is seen, and
gets it back when it is freed) and parents (a cycle that concurrent edits on two
replicas made is broken at the edge set last). Used by ``tracker sync``
(:mod:`tracker.ops.sync`) and by the local commands that free a slug or move a parent,
so that every replica that has seen the same entries shows the same."""

from __future__ import annotations

import json
import sqlite3
import uuid as uuidlib
from typing import Any

from tracker.domain.clock import now_iso
from tracker.domain.initiatives import HistoryEntry
from tracker.domain.replay import live, unreplay_descriptive
from tracker.storage import replicas
from tracker.storage import repository as repo


def current_descriptive(conn: sqlite3.Connection, initiative_id: int) -> dict[str, Any]:
    item = repo.fetch_initiative(conn, initiative_id)
    parent = conn.execute(
        "SELECT p.uuid FROM initiatives i JOIN initiatives p ON p.id = i.parent_id WHERE i.id = ?",
        [initiative_id],
    ).fetchone()
    return {
        "slug": wanted_slug(conn, initiative_id, item.slug),
        "title": item.title,
        "summary": item.summary,
        "kind": item.kind,
        "announced": item.announced.to_dict() if item.announced else None,
        "parent": parent[0] if parent else None,
        "tags": list(item.tags),
        "jurisdictions": list(item.jurisdictions),
        "sponsors": list(item.sponsors),
    }


def initial_fields(conn: sqlite3.Connection, initiative_id: int) -> dict[str, Any]:
    """The fields an initiative made here was created with, worked back from its
    current fields and its edits (:func:`unreplay_descriptive`); no sources (its
    history's entries carry them)."""
    entries = repo.fetch_history(conn, initiative_id)
    initial = unreplay_descriptive(current_descriptive(conn, initiative_id), entries)
    parent = initial.get("parent")
    if parent is not None and not is_uuid(parent):
        found = repo.id_by_slug(conn, parent)
        initial["parent"] = repo.fetch_initiative(conn, found).uuid if found else None
    # Its sources are its history's (the created entry's evidence and the entries
    # after it): a replica replays them from the entries it receives.
    initial["sources"] = []
    return initial


def is_uuid(value: Any) -> bool:
    try:
        return bool(str(uuidlib.UUID(str(value))) == value)
    except ValueError:
        return False


def stored_initial(conn: sqlite3.Connection, initiative_id: int) -> dict[str, Any]:
    """The fields an initiative was created with: a synced created entry's own, else
    worked back (:func:`initial_fields`)."""
    row = conn.execute(
        "SELECT initial FROM updates WHERE initiative_id = ? AND event = 'created'",
        [initiative_id],
    ).fetchone()
    if row and row[0]:
        return dict(json.loads(row[0]))
    return initial_fields(conn, initiative_id)


def claim_slug(
    conn: sqlite3.Connection, wanted: str, rank: tuple[int, str, str], initiative_id: int = 0
) -> str:
    """The slug an initiative whose history wants ``wanted`` gets: ``wanted`` itself,
    unless another initiative holds it and was created first
    (:func:`replicas.created_rank`, the same on every replica); then ``wanted-<its
    uuid's last 8>``, and (for an ``initiative_id`` already written; else the caller
    does, :func:`record_claim`) its claim on ``wanted`` is kept. A holder created
    later is moved to its own such slug, its claim kept."""
    holder = repo.id_by_slug(conn, wanted)
    if holder is None or holder == initiative_id:
        return wanted
    holder_rank = replicas.created_rank(conn, holder)
    if holder_rank < rank:
        slug = loser_slug(conn, wanted, rank[2])
        if initiative_id:
            record_claim(conn, initiative_id, wanted)
        return slug
    repo.update_initiative(conn, holder, {"slug": loser_slug(conn, wanted, holder_rank[2])})
    record_claim(conn, holder, wanted)
    return wanted


def record_claim(conn: sqlite3.Connection, initiative_id: int, wanted: str | None) -> None:
    """Keep (or, with None, drop) the slug an initiative wants but does not hold."""
    if wanted is None:
        conn.execute("DELETE FROM slug_claims WHERE initiative_id = ?", [initiative_id])
    else:
        conn.execute(
            "INSERT OR REPLACE INTO slug_claims (initiative_id, wanted) VALUES (?, ?)",
            [initiative_id, wanted],
        )


def loser_slug(conn: sqlite3.Connection, wanted: str, uuid: str) -> str:
    """``wanted-<the last 8 of its uuid>``: the random end of a time-ordered uuid (two
    made in the same minute share their first 8), the full uuid if even that is taken."""
    for suffix in (uuid[-8:], uuid):
        candidate = f"{wanted}-{suffix}"
        if repo.id_by_slug(conn, candidate) is None:
            return candidate
    return f"{wanted}-{uuid}-{now_iso()}"  # never: a full uuid names one initiative


def wanted_slug(conn: sqlite3.Connection, initiative_id: int, slug: str) -> str:
    """The slug an initiative's history wants: its claim, else the one it holds."""
    row = conn.execute(
        "SELECT wanted FROM slug_claims WHERE initiative_id = ?", [initiative_id]
    ).fetchone()
    return str(row[0]) if row else slug


def free_slug(conn: sqlite3.Connection, slug: str) -> None:
    """``slug`` was just freed (its initiative removed or renamed): the initiative
    created first among those that claim it gets it."""
    if repo.id_by_slug(conn, slug) is not None:
        return
    claims = [
        i for (i,) in conn.execute("SELECT initiative_id FROM slug_claims WHERE wanted = ?", [slug])
    ]
    if claims:
        first = min(claims, key=lambda i: replicas.created_rank(conn, i))
        repo.update_initiative(conn, first, {"slug": slug})
        record_claim(conn, first, None)


def _order(entry: HistoryEntry | None) -> tuple[str, int, str, str]:
    """Where an entry stands among all entries, of every initiative."""
    if entry is None:
        return ("", -1, "", "")
    return (entry.effective, entry.clock, entry.recorded_at, entry.uuid)


def parent_wanted(
    conn: sqlite3.Connection, initiative_id: int
) -> tuple[int | None, tuple[str, int, str, str]]:
    """The parent an initiative's history wants (its created fields' parent, then each
    live edit that changed it), as a local id (None: none, or not here), and where the
    entry that set it stands (:func:`_order`)."""
    entries = repo.fetch_history(conn, initiative_id)
    initial = stored_initial(conn, initiative_id)
    value: Any = initial.get("parent")
    setter = entries[0] if entries else None
    for entry in live(entries):
        change = entry.changes.get("parent") if entry.event == "edit" else None
        if isinstance(change, dict) and "to" in change:
            value, setter = change.get("to_uuid", change["to"]), entry
    found = None
    if isinstance(value, str):
        found = repo.id_by_uuid(conn, value) if is_uuid(value) else repo.id_by_slug(conn, value)
    return (None if found == initiative_id else found), _order(setter)


def settle_parents(conn: sqlite3.Connection, candidates: set[int]) -> None:
    """Give each initiative of ``candidates``, and each that lost its parent to a
    cycle before, the parent its history wants; where the wanted parents make a cycle
    (two replicas each moved one under the other), the edge set last in the order of
    all entries is left out, the same on every replica."""
    wanted = {i: parent_wanted(conn, i) for i in candidates}
    for i in replicas.parentless_wanting_one(conn):
        if i not in wanted:
            wanted[i] = parent_wanted(conn, i)
    actual = dict(
        conn.execute("SELECT id, parent_id FROM initiatives WHERE parent_id IS NOT NULL").fetchall()
    )

    def desired(node: int) -> int | None:
        return wanted[node][0] if node in wanted else actual.get(node)

    dropped: set[int] = set()
    for start in list(wanted):
        walk, seen, node = [start], {start: 0}, desired(start)
        while node is not None and node not in seen:
            seen[node] = len(walk)
            walk.append(node)
            node = desired(node)
        if node is None:
            continue
        cycle = walk[seen[node] :]
        for member in cycle:
            if member not in wanted:
                wanted[member] = parent_wanted(conn, member)
        dropped.add(max(cycle, key=lambda member: wanted[member][1]))
    for node, (parent, _) in wanted.items():
        final = None if node in dropped else parent
        if actual.get(node) != final:
            repo.update_initiative(conn, node, {"parent_id": final})
