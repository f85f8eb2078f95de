"""``retract``, ``amend`` and ``undo``: correcting the history without deleting from it.

A correction is one more history entry, written like every other (:func:`tracker.ops.
history.write_entry`), that targets an earlier entry: a ``retract`` entry withdraws it
(replay then ignores it, see :mod:`tracker.domain.replay`), an ``amend`` entry gives
it a new note, source and quote. After a retract, the initiative's current fields are
replayed again (:func:`tracker.ops.history.refresh_current`) in the same transaction.
"""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from tracker.domain import clock
from tracker.domain.initiatives import HistoryEntry
from tracker.errors import InputError, NotFoundError
from tracker.ops import history, values
from tracker.requests import CorrectionResult
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.session import Session

#: The fewest characters of an entry's uuid that may name it.
MIN_PREFIX = 4

_PREFIX = re.compile(r"[0-9a-f][0-9a-f-]*")


def _entry_row(conn: sqlite3.Connection, text: str) -> tuple[int, str]:
    """(initiative id, uuid) of the entry ``text`` (a uuid or a unique prefix) names."""
    prefix = text.strip().lower()
    if len(prefix.replace("-", "")) < MIN_PREFIX or not _PREFIX.fullmatch(prefix):
        raise InputError(
            f"ENTRY must be an entry's uuid or at least its first {MIN_PREFIX} hex"
            f" characters (see tracker history), not {text!r}"
        )
    rows = conn.execute(
        "SELECT initiative_id, uuid FROM updates WHERE uuid >= ? AND uuid < ? LIMIT 2",
        [prefix, prefix + "~"],
    ).fetchall()
    if not rows:
        raise NotFoundError(f"no history entry starts with {prefix!r}")
    if len(rows) > 1:
        raise InputError(f"{prefix!r} names more than one history entry; give more characters")
    return rows[0][0], rows[0][1]


def _located(conn: sqlite3.Connection, text: str) -> tuple[int, HistoryEntry]:
    """The initiative id and the entry ``text`` names, as its history shows it now."""
    initiative_id, uuid = _entry_row(conn, text)
    shown = history.shown_history(conn, initiative_id)
    return initiative_id, next(e for e in shown if e.uuid == uuid)


def _short(entry: HistoryEntry) -> str:
    return entry.short


def _result(
    conn: sqlite3.Connection, initiative_id: int, uuid: str, target: str
) -> CorrectionResult:
    shown = {e.uuid: e for e in history.shown_history(conn, initiative_id)}
    slug = repo.current_fields(conn, initiative_id)["slug"]
    return CorrectionResult(slug=slug, entry=shown[uuid], target=shown[target])


def _retract(
    t: Session, conn: sqlite3.Connection, initiative_id: int, target: HistoryEntry, reason: str
) -> CorrectionResult:
    if target.event == "created":
        raise InputError(
            f"entry {_short(target)} is the created entry of its initiative; it cannot be"
            " retracted (use tracker remove to delete an initiative)"
        )
    if target.event == "edit":
        raise InputError(
            f"entry {_short(target)} is an edit of descriptive fields, which replay does not"
            " undo; use tracker edit to change them back"
        )
    if target.retracted_by is not None:
        raise InputError(
            f"entry {_short(target)} is already retracted (by {_short(target.retracted_by)})"
        )
    now = clock.now_iso()
    uuid = history.write_entry(
        conn,
        initiative_id,
        "retract",
        t.today.isoformat(),
        now,
        note=reason,
        author=t.author,
        target=target.uuid,
    )
    history.refresh_current(t, conn, initiative_id, now)
    history.refresh_sources(conn, initiative_id)
    # a correction changes the record: updated_at is the newest entry's time (as a
    # replica receiving it works it out)
    repo.update_initiative(conn, initiative_id, {"updated_at": now})
    return _result(conn, initiative_id, uuid, target.uuid)


def retract(t: Session, entry: str, reason: str) -> CorrectionResult:
    """Append a ``retract`` entry withdrawing ``entry`` (a uuid or unique prefix), with
    ``reason`` as its note; the initiative's current fields are replayed again."""
    text = values.optional_text(reason, "--reason")
    if text is None:
        raise InputError("--reason must say why the entry is retracted")
    with t.db.write() as conn:
        initiative_id, target = _located(conn, entry)
        return _retract(t, conn, initiative_id, target, text)


def amend(
    t: Session,
    entry: str,
    note: str | None = None,
    source: str | None = None,
    quote: str | None = None,
) -> CorrectionResult:
    """Append an ``amend`` entry giving ``entry`` a new note, source or quote (what is
    not given is kept from the text it shows now)."""
    new_note = values.optional_text(note, "--note")
    new_source = values.source(source)
    new_quote = values.optional_text(quote, "--quote")
    if new_note is None and new_source is None and new_quote is None:
        raise InputError("nothing to amend: give --note, --source or --quote")
    with t.db.write() as conn:
        initiative_id, target = _located(conn, entry)
        if target.event in ("retract", "amend"):
            raise InputError(
                f"entry {_short(target)} is a {target.event} entry; it cannot be amended"
                " (retract it instead)"
            )
        if target.retracted_by is not None:
            raise InputError(f"entry {_short(target)} is retracted; it cannot be amended")
        link = target.source
        final_source = new_source or (link.source if link else None)
        final_quote = new_quote if new_quote is not None else (link.quote if link else None)
        if new_source is not None and new_quote is None and link and new_source != link.source:
            final_quote = None  # a quote belongs to its source
        if final_quote is not None and final_source is None:
            raise InputError("--quote needs --source: a quote must say where it comes from")
        final_note = new_note if new_note is not None else target.note
        same_source = (link.source if link else None) == final_source
        if (
            final_note == target.note
            and same_source
            and final_quote == (link.quote if link else None)
        ):
            raise InputError(f"entry {_short(target)} already says that; nothing to amend")
        now = clock.now_iso()
        uuid = history.write_entry(
            conn,
            initiative_id,
            "amend",
            t.today.isoformat(),
            now,
            note=final_note,
            source_id=repo.source_id(conn, final_source) if final_source else None,
            quote=final_quote,
            accessed=link.accessed if link and same_source else None,
            author=t.author,
            target=target.uuid,
        )
        repo.update_initiative(conn, initiative_id, {"updated_at": now})
        history.refresh_sources(conn, initiative_id)
        return _result(conn, initiative_id, uuid, target.uuid)


def last_entry(t: Session) -> tuple[str, HistoryEntry]:
    """The slug and entry ``undo`` would retract: the last entry recorded."""
    with t.db.read() as conn:
        initiative_id, target = _last(conn)
        return repo.current_fields(conn, initiative_id)["slug"], target


def _last(conn: sqlite3.Connection) -> tuple[int, HistoryEntry]:
    row = conn.execute(
        "SELECT initiative_id, uuid, event FROM updates ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        raise InputError("there is nothing to undo: the history is empty")
    if row[2] == "created":
        slug = repo.current_fields(conn, row[0])["slug"]
        raise InputError(
            f"the last entry is the creation of {slug}; undo cannot retract it"
            f" (use tracker remove {slug} to delete it)"
        )
    return _located(conn, row[1])


def undo(t: Session, expected: str | None = None) -> CorrectionResult:
    """Retract the last entry recorded (reason ``undo``); ``expected``: its uuid as
    shown to the user, refused if another entry was recorded since."""
    with t.db.write() as conn:
        initiative_id, target = _last(conn)
        if expected is not None and target.uuid != expected:
            raise InputError("another entry was recorded meanwhile; nothing was undone")
        return _retract(t, conn, initiative_id, target, "undo")
