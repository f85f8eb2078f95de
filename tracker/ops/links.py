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
    if kind in ONE_WAY and stored.exists(conn, to_id, kind, from_id):
        raise InputError(
            f"{target.slug} {kind} {source.slug} already; a link and its reverse cannot"
            " both hold (tracker unlink it first)"
        )
    now = now or clock.now_iso()
    uuid = history.write_entry(
        conn,
        from_id,
        "edit",
        t.today.isoformat(),
        now,
        edits={CHANGE: {"added": [item(kind, target.uuid, target.slug)]}},
        note=note,
        author=t.author,
    )
    stored.insert(conn, from_id, kind, to_id)
    repo.update_initiative(conn, from_id, {"updated_at": now})
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
        target = repo.fetch_initiative(conn, other_id)
        now = clock.now_iso()
        uuid = history.write_entry(
            conn,
            owner_id,
            "edit",
            t.today.isoformat(),
            now,
            edits={CHANGE: {"removed": [item(kind, target.uuid, target.slug)]}},
            note=text,
            author=t.author,
        )
        stored.delete(conn, owner_id, kind, other_id)
        repo.update_initiative(conn, owner_id, {"updated_at": now})
        return _result(conn, owner_id, uuid)


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
    """``tracker merge A --into B``, in ONE transaction: B gains A's sources and an
    entry saying what came from A (A's uuid, slug and the uuids of its history's
    entries); A is linked as a duplicate of B (an edit entry in A's history) and, if
    open, closed as ``superseded`` (an update entry): each entry noted ``merged from
    A`` or ``merged into B``. A keeps its history and its sources."""
    text = values.optional_text(note, "--note")
    with t.db.write() as conn:
        a_id, b_id = references.resolve_id(conn, a), references.resolve_id(conn, into)
        merged, target = repo.fetch_initiative(conn, a_id), repo.fetch_initiative(conn, b_id)
        if a_id == b_id:
            raise InputError(f"cannot merge {merged.slug} into itself")
        if stored.exists(conn, b_id, "duplicates", a_id):
            raise InputError(
                f"{target.slug} duplicates {merged.slug}; merge {target.slug} --into"
                f" {merged.slug} instead"
            )
        before = conn.execute(
            "SELECT uuid FROM updates WHERE initiative_id = ? AND event = 'edit'"
            " AND json_extract(edits, '$.merged.uuid') = ? LIMIT 1",
            [b_id, merged.uuid],
        ).fetchone()
        if before is not None:
            raise InputError(
                f"{merged.slug} was merged into {target.slug} already (entry {before[0][:13]})"
            )
        other = conn.execute(
            "SELECT i.slug FROM links l JOIN initiatives i ON i.id = l.to_id"
            " WHERE l.from_id = ? AND l.kind = 'duplicates' AND l.to_id != ? LIMIT 1",
            [a_id, b_id],
        ).fetchone()
        if other is not None:
            raise InputError(f"{merged.slug} is already a duplicate of {other[0]}")
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
        edits: dict[str, object] = {
            "merged": {"uuid": merged.uuid, "slug": merged.slug, "entries": entries}
        }
        if moved:
            edits["sources"] = {"added": moved}
        written = [
            history.write_entry(
                conn,
                b_id,
                "edit",
                t.today.isoformat(),
                now,
                edits=edits,
                note=text or f"merged from {merged.slug}",
                author=t.author,
            )
        ]
        history.refresh_sources(conn, b_id)
        repo.update_initiative(conn, b_id, {"updated_at": now})
        into_note = text or f"merged into {target.slug}"
        made = add_link(t, conn, a_id, "duplicates", b_id, into_note, now)
        if made is not None:
            written.append(made)
        if merged.status not in CLOSED_STATUSES:
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
                note=into_note,
                source=None,
                quote=None,
                ref=None,
            )
            _, _, closed = updates.apply_update(t, conn, a_id, parsed)
            if closed is not None:
                written.append(closed)
        return MergeResult(
            merged=repo.fetch_initiative(conn, a_id),
            into=repo.fetch_initiative(conn, b_id),
            entries=[
                (target.slug if n == 0 else merged.slug, repo.fetch_update(conn, uuid))
                for n, uuid in enumerate(written)
            ],
            sources=len(moved),
            history=len(entries),
        )
