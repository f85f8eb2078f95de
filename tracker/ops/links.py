"""``tracker link``, ``unlink`` and ``merge``: links between initiatives.

A link ``A KIND B`` is stated by A: an ``edit`` entry in A's history adds it (or
removes it), written by the one history writer (:func:`tracker.ops.history.
write_entry`), and the ``links`` table row follows in the same transaction; the rows
are what replaying the histories gives (:mod:`tracker.domain.links`,
:func:`tracker.storage.links.settle`). ``update A --superseded-by B`` records ``B
supersedes A`` in B's history beside A's status entry; ``merge A --into B`` gives B
A's sources, links A as a duplicate of B and closes it, recorded in both histories.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from tracker.domain import clock
from tracker.domain.initiatives import Initiative
from tracker.domain.links import CHANGE, ONE_WAY, item, parse_kind
from tracker.domain.model import CLOSED_STATUSES, Status
from tracker.errors import InputError
from tracker.ops import history, references, values
from tracker.requests import MergeResult, UpdateRequest, UpdateResult
from tracker.storage import links as stored
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.session import Session


def add_link(
    t: Session,
    conn: sqlite3.Connection,
    from_id: int,
    kind: str,
    to_id: int,
    note: str | None,
    now: str | None = None,
) -> str | None:
    """Record ``from kind to`` in from's history and the table, inside the caller's
    transaction; returns the entry's uuid, or None when the link already holds."""
    if from_id == to_id:
        slug = repo.fetch_initiative(conn, from_id).slug
        raise InputError(f"{slug} cannot be linked to itself")
    source, target = repo.fetch_initiative(conn, from_id), repo.fetch_initiative(conn, to_id)
    if stored.owner(conn, from_id, kind, to_id) is not None:
        return None
    if _reverse_holds(conn, from_id, kind, to_id):
        raise InputError(
            f"{target.slug} {kind} {source.slug} already; a link and its reverse cannot"
            " both hold (tracker unlink it first)"
        )
    return restate(t, conn, from_id, [(kind, to_id)], [], note, now)


def _reverse_holds(conn: sqlite3.Connection, from_id: int, kind: str, to_id: int) -> bool:
    """Whether ``from kind to`` cannot be made because its reverse holds (a one-way
    kind: A supersedes B and B supersedes A cannot both hold)."""
    return kind in ONE_WAY and stored.exists(conn, to_id, kind, from_id)


def restate(
    t: Session,
    conn: sqlite3.Connection,
    owner_id: int,
    added: list[tuple[str, int]],
    removed: list[tuple[str, int]],
    note: str | None,
    now: str | None = None,
    also: dict[str, object] | None = None,
) -> str:
    """The one writer of links: ONE edit entry in the owner's history that makes the
    ``added`` links ``(kind, other id)`` and ends the ``removed`` ones (beside the
    changes in ``also``), and the table rows that follow from it, inside the caller's
    transaction; returns the entry's uuid. The caller has checked that each link may
    be made or ended."""
    now = now or clock.now_iso()
    others = {i.id: i for i in repo.fetch_initiatives(conn, [o for _, o in added + removed])}
    change: dict[str, list[dict[str, object]]] = {}
    if added:
        change["added"] = [item(k, others[o].uuid, others[o].slug) for k, o in added]
    if removed:
        change["removed"] = [item(k, others[o].uuid, others[o].slug) for k, o in removed]
    edits: dict[str, object] = dict(also or {})
    if change:
        edits[CHANGE] = change
    uuid = history.write_entry(
        conn,
        owner_id,
        "edit",
        t.today.isoformat(),
        now,
        edits=edits,
        note=note,
        author=t.author,
    )
    for kind, other in removed:
        stored.delete(conn, owner_id, kind, other)
    for kind, other in added:
        stored.insert(conn, owner_id, kind, other)
    repo.update_initiative(conn, owner_id, {"updated_at": now})
    return uuid


def _pair(conn: sqlite3.Connection, a: str, b: str) -> tuple[int, int]:
    first, second = references.resolve_id(conn, a), references.resolve_id(conn, b)
    if first == second:
        slug = repo.fetch_initiative(conn, first).slug
        raise InputError(f"{slug} cannot be linked to itself")
    return first, second


def _result(conn: sqlite3.Connection, initiative_id: int, uuid: str | None) -> UpdateResult:
    entry = repo.fetch_update(conn, uuid) if uuid else None
    return UpdateResult(
        "recorded" if uuid else "unchanged", repo.fetch_initiative(conn, initiative_id), entry
    )


def link(t: Session, a: str, kind: str, b: str, note: str | None = None) -> UpdateResult:
    """``tracker link A KIND B``: one edit entry in A's history (nothing when the link
    already holds: outcome ``unchanged``)."""
    kind = parse_kind(kind)
    text = values.optional_text(note, "--note")
    with t.db.write() as conn:
        first, second = _pair(conn, a, b)
        uuid = add_link(t, conn, first, kind, second, text)
        if uuid is None:
            owner = stored.owner(conn, first, kind, second)
            return _result(conn, owner[0] if owner else first, None)
        return _result(conn, first, uuid)


def unlink(t: Session, a: str, kind: str, b: str, note: str | None = None) -> UpdateResult:
    """``tracker unlink A KIND B``: one edit entry in the history of the initiative that
    states the link (A; for ``relates-to``, whichever end does)."""
    kind = parse_kind(kind)
    text = values.optional_text(note, "--note")
    with t.db.write() as conn:
        first, second = _pair(conn, a, b)
        found = stored.owner(conn, first, kind, second)
        if found is None:
            slugs = [i.slug for i in repo.fetch_initiatives(conn, [first])]
            other = repo.fetch_initiative(conn, second).slug
            raise InputError(f"there is no link {slugs[0]} {kind} {other}")
        owner_id, _, other_id = found
        return _result(conn, owner_id, restate(t, conn, owner_id, [], [(kind, other_id)], text))


def supersede(t: Session, ref: str, request: UpdateRequest) -> UpdateResult:
    """``update REF --superseded-by B``: the update (status superseded) in REF's history
    and ``B supersedes REF`` in B's (:func:`add_link`), in ONE transaction; the link
    entry is in the result's ``also``. A ref already applied records neither."""
    from tracker.ops import updates

    parsed = updates.parse_update(t, request)
    if parsed.superseded_by is None:
        return updates.update(t, ref, request)
    with t.db.write() as conn:
        successor = references.resolve_id(conn, parsed.superseded_by)
        outcome, initiative_id, entry_uuid = updates.apply_update(t, conn, ref, parsed)
        also = []
        if outcome != "duplicate":
            made = add_link(t, conn, successor, "supersedes", initiative_id, parsed.note)
            if made is not None:
                slug = repo.fetch_initiative(conn, successor).slug
                also.append((slug, repo.fetch_update(conn, made)))
        entry = repo.fetch_update(conn, entry_uuid) if entry_uuid else None
        return UpdateResult(outcome, repo.fetch_initiative(conn, initiative_id), entry, also)


def merge(t: Session, a: str, into: str, note: str | None = None) -> MergeResult:
    """``tracker merge A --into B``, in ONE transaction: B gains A's sources, the links
    A states to others, and an entry saying what came from A (A's uuid, slug and the
    uuids of its history's entries); A is linked as a duplicate of B (an edit entry in
    A's history, which also ends the links B took over) and, if open, closed as
    ``superseded`` (an update entry); A's children become B's, and links others state
    to A point to B (an entry in each one's history). Each entry is noted ``merged
    from A``, ``merged into B`` or ``A was merged into B``. A keeps its history and its
    sources. A link or child that cannot move (its reverse holds, or B is within the
    child) stays, and the result says why."""
    text = values.optional_text(note, "--note")
    with t.db.write() as conn:
        a_id, b_id = references.resolve_id(conn, a), references.resolve_id(conn, into)
        merged, target = repo.fetch_initiative(conn, a_id), repo.fetch_initiative(conn, b_id)
        _check_merge(conn, merged, target)
        now = clock.now_iso()
        # A's sources that B's list lacks (or holds with another quote or day), as
        # sources, so that B's list stays what its history replays to on every replica
        given = {item.key: item for item in history.replayed_sources(conn, b_id)}
        moved = [
            link.to_dict()
            for link in repo.fetch_sources(conn, a_id)
            if link.key not in given
            or (link.quote is not None and given[link.key].quote != link.quote)
            or (link.accessed is not None and given[link.key].accessed != link.accessed)
        ]
        entries = [entry.uuid for entry in repo.fetch_history(conn, a_id)]
        also: dict[str, object] = {
            "merged": {"uuid": merged.uuid, "slug": merged.slug, "entries": entries}
        }
        if moved:
            also["sources"] = {"added": moved}
        kept: list[str] = []
        gained, handed = _outgoing(conn, merged, target, kept)
        written = [
            (
                target.slug,
                restate(t, conn, b_id, gained, [], text or f"merged from {merged.slug}", now, also),
            )
        ]
        history.refresh_sources(conn, b_id)
        into_note = text or f"merged into {target.slug}"
        duplicate = [] if stored.exists(conn, a_id, "duplicates", b_id) else [("duplicates", b_id)]
        if duplicate or handed:
            written.append((merged.slug, restate(t, conn, a_id, duplicate, handed, into_note, now)))
        if merged.status not in CLOSED_STATUSES:
            closed = _close(t, conn, a_id, into_note)
            if closed is not None:
                written.append((merged.slug, closed))
        others = text or f"{merged.slug} was merged into {target.slug}"
        pointed, repointed = _repoint(t, conn, merged, target, others, now, kept)
        written += pointed
        children = _adopt(t, conn, merged, target, others, now, kept)
        written += children
        return MergeResult(
            merged=repo.fetch_initiative(conn, a_id),
            into=repo.fetch_initiative(conn, b_id),
            entries=[(slug, repo.fetch_update(conn, uuid)) for slug, uuid in written],
            sources=len(moved),
            history=len(entries),
            children=[slug for slug, _ in children],
            links=len(handed) + repointed,
            kept=kept,
        )


def _check_merge(conn: sqlite3.Connection, merged: Initiative, target: Initiative) -> None:
    """Refuse a merge into itself, against a duplicate link, or of one merged before."""
    if merged.id == target.id:
        raise InputError(f"cannot merge {merged.slug} into itself")
    if stored.exists(conn, target.id, "duplicates", merged.id):
        raise InputError(
            f"{target.slug} duplicates {merged.slug}; merge {target.slug} --into"
            f" {merged.slug} instead"
        )
    before = conn.execute(
        "SELECT uuid FROM updates WHERE initiative_id = ? AND event = 'edit'"
        " AND json_extract(edits, '$.merged.uuid') = ? LIMIT 1",
        [target.id, merged.uuid],
    ).fetchone()
    if before is not None:
        raise InputError(
            f"{merged.slug} was merged into {target.slug} already (entry {before[0][:13]})"
        )
    other = conn.execute(
        "SELECT i.slug FROM links l JOIN initiatives i ON i.id = l.to_id"
        " WHERE l.from_id = ? AND l.kind = 'duplicates' AND l.to_id != ? LIMIT 1",
        [merged.id, target.id],
    ).fetchone()
    if other is not None:
        raise InputError(f"{merged.slug} is already a duplicate of {other[0]}")


def _slug(conn: sqlite3.Connection, initiative_id: int) -> str:
    return repo.fetch_initiative(conn, initiative_id).slug


def _outgoing(
    conn: sqlite3.Connection, merged: Initiative, target: Initiative, kept: list[str]
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The links A states to others that B takes over: (those B gains, those A ends:
    the same, and any B holds already). One whose reverse B holds stays with A."""
    gained: list[tuple[str, int]] = []
    handed: list[tuple[str, int]] = []
    for from_id, kind, to_id in stored.touching(conn, [merged.id]):
        if from_id != merged.id or to_id == target.id:
            continue
        if stored.owner(conn, target.id, kind, to_id) is None:
            if _reverse_holds(conn, target.id, kind, to_id):
                other = _slug(conn, to_id)
                kept.append(
                    f"{merged.slug} {kind} {other} stays: {other} {kind} {target.slug} holds"
                )
                continue
            gained.append((kind, to_id))
        handed.append((kind, to_id))
    return gained, handed


def _repoint(
    t: Session,
    conn: sqlite3.Connection,
    merged: Initiative,
    target: Initiative,
    note: str,
    now: str,
    kept: list[str],
) -> tuple[list[tuple[str, str]], int]:
    """Links others state to A now point to B: one entry in each one's history that
    ends the link to A and makes it to B (unless it holds already). One whose reverse
    B holds stays. Returns the entries written and how many links moved."""
    wanted: dict[int, tuple[list[tuple[str, int]], list[tuple[str, int]]]] = {}
    for from_id, kind, to_id in stored.touching(conn, [merged.id]):
        if to_id != merged.id or from_id == target.id:
            continue
        if stored.owner(conn, from_id, kind, target.id) is None:
            if _reverse_holds(conn, from_id, kind, target.id):
                other = _slug(conn, from_id)
                kept.append(
                    f"{other} {kind} {merged.slug} stays: {target.slug} {kind} {other} holds"
                )
                continue
            wanted.setdefault(from_id, ([], []))[0].append((kind, target.id))
        wanted.setdefault(from_id, ([], []))[1].append((kind, merged.id))
    written = [
        (_slug(conn, owner_id), restate(t, conn, owner_id, added, removed, note, now))
        for owner_id, (added, removed) in sorted(
            wanted.items(), key=lambda pair: _slug(conn, pair[0])
        )
    ]
    return written, sum(len(removed) for _, removed in wanted.values())


def _adopt(
    t: Session,
    conn: sqlite3.Connection,
    merged: Initiative,
    target: Initiative,
    note: str,
    now: str,
    kept: list[str],
) -> list[tuple[str, str]]:
    """A's children become B's (an edit entry in each child's history); one that B is
    within (or B itself) stays, since moving it would make a cycle of parents."""
    from tracker.ops.initiatives import parent_change

    within = {target.id, *repo.ancestors(conn, target.id)}
    written = []
    for child_id in repo.children_ids(conn, merged.id):
        child = _slug(conn, child_id)
        if child_id in within:
            if child_id != target.id:
                kept.append(f"{child} stays under {merged.slug}: {target.slug} is within it")
            continue
        change = {"parent": parent_change(conn, child_id, target)}
        written.append(
            (
                child,
                history.record_edit(t, conn, child_id, change, {"parent_id": target.id}, note, now),
            )
        )
    return written


def _close(t: Session, conn: sqlite3.Connection, initiative_id: int, note: str) -> str | None:
    """A's status entry: superseded, as ``update --status superseded`` records it."""
    from tracker.ops import updates

    parsed = updates.ParsedUpdate(
        requested={
            "status": str(Status.SUPERSEDED),
            "progress": None,
            "confidence": None,
            "deadline": None,
        },
        if_status=None,
        effective=t.today,
        note=note,
        source=None,
        quote=None,
        ref=None,
    )
    _, _, closed = updates.apply_update(t, conn, initiative_id, parsed)
    return closed
