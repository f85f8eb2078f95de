"""The corrections through the library: Tracker.retract, amend, undo, and the one
function that replays an initiative's stored current fields (refresh_current)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tracker.api import CorrectionResult, NewInitiative, Tracker, UpdateRequest
from tracker.errors import InputError, NotFoundError
from tracker.ops.history import refresh_current


@pytest.fixture
def t(tmp_path: Path) -> Iterator[Tracker]:
    with Tracker.open(tmp_path / "t.db", today=date(2026, 11, 22), author="ann") as tracker:
        tracker.add(NewInitiative(title="Bridging programme", deadline="2027"))
        yield tracker


def _fields(t: Tracker) -> tuple:
    i = t.resolve("bridging-programme")
    return i.status, i.progress, i.deadline.text if i.deadline else None, i.baseline_deadline


def test_retract_replays_the_current_fields_and_keeps_the_entry(t: Tracker) -> None:
    before = _fields(t)
    wrong = t.update("bridging-programme", UpdateRequest(status="stalled", deadline="2029"))
    assert wrong.entry is not None
    assert _fields(t)[:3] == ("stalled", None, "2029")
    # a prefix (13 characters are only the time: entries made in one millisecond share them)
    result = t.retract(wrong.entry.uuid[:30], "wrong")
    assert isinstance(result, CorrectionResult)
    assert (result.slug, result.entry.event, result.entry.target, result.entry.note) == (
        "bridging-programme",
        "retract",
        wrong.entry.uuid,
        "wrong",
    )
    assert result.entry.author == "ann" and result.entry.effective == "2026-11-22"
    assert result.target.retracted_by == result.entry
    assert _fields(t) == before
    _, history = t.history("bridging-programme")
    assert [e.event for e in history] == ["created", "update", "retract"]
    assert history[1].retracted_by is not None and history[1].changes == wrong.entry.changes
    assert [entry.event for _, _, entry in t.recent_updates()] == ["created"]


def test_refresh_current_changes_nothing_when_in_line(t: Tracker) -> None:
    t.update("bridging-programme", UpdateRequest(progress=10))
    stamp, initiative_id = t.resolve("bridging-programme").updated_at, t.resolve("1").id
    with t.db.write() as conn:
        assert refresh_current(t, conn, initiative_id) is False
    assert t.resolve("bridging-programme").updated_at == stamp
    with t.db.write() as conn:  # a stored field out of line is replayed back
        conn.execute("UPDATE initiatives SET progress = 99")
        # (updated_at never goes back: a time after the update's)
        assert refresh_current(t, conn, initiative_id, "2030-01-01T00:00:00Z")
    assert (
        t.resolve("bridging-programme").progress,
        t.resolve("bridging-programme").updated_at,
    ) == (
        10,
        "2030-01-01T00:00:00Z",
    )


def test_amend_and_undo(t: Tracker) -> None:
    entry = t.update("bridging-programme", UpdateRequest(progress=10, note="teh")).entry
    assert entry is not None
    amended = t.amend(entry.uuid, note="the")
    assert (amended.entry.event, amended.target.note, amended.target.amended_by) == (
        "amend",
        "the",
        amended.entry,
    )
    slug, last = t.last_entry()
    assert (slug, last.uuid) == ("bridging-programme", amended.entry.uuid)
    with pytest.raises(InputError, match="another entry was recorded meanwhile"):
        t.undo(expected=entry.uuid)
    undone = t.undo(expected=amended.entry.uuid)
    assert (undone.entry.note, undone.target.uuid) == ("undo", amended.entry.uuid)
    _, history = t.history("bridging-programme")
    assert history[1].note == "teh" and history[1].amended_by is None


def test_an_unknown_entry(t: Tracker) -> None:
    with pytest.raises(NotFoundError, match="no history entry starts with 'abcdef'"):
        t.retract("abcdef", "x")
