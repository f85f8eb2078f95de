"""``tracker check``'s replay check (tracker.storage.maintenance.drifted): index probes
leave out the initiatives whose stored fields surely are what their history replays to,
and the replay rule decides for the rest. On generated histories (backdated updates,
several entries on one day, clock ties, created-only initiatives, deadline changes,
confidence rationales, retractions and amendments) with stored fields and history
entries then damaged at random, it must find exactly the initiatives the rule alone
finds (``_replayed_drift`` over every initiative), with the same replayed values."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tempfile
import uuid as uuids
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.api import NewInitiative, Tracker, UpdateRequest
from tracker.errors import InputError
from tracker.storage import maintenance

TODAY = date(2026, 11, 1)
STATUSES = ("proposed", "announced", "in_progress", "achieved", "stalled")
CONFIDENCES = ("green", "amber_green", "amber", "amber_red", "red")
DEADLINES = ("2026-12-31", "2027-06-30", "2027", "Q3 2026", "2025-01-15")
DAYS_BACK = (0, 0, 0, 1, 40, 700)

updates = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(STATUSES),
        "progress": st.integers(0, 100),
        "confidence": st.sampled_from(CONFIDENCES),
        "confidence_note": st.sampled_from(("why", "because")),
        "deadline": st.sampled_from(DEADLINES),
        "note": st.just("n"),
    },
).filter(lambda fields: fields and ("confidence" in fields or "confidence_note" not in fields))

#: What is done to an initiative (by number): an update through the library, a
#: retraction or an amendment of an entry, or a history entry written as another
#: replica or a damaged file might hold it.
steps = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(("update", "update", "update", "retract", "amend")),
        st.sampled_from(DAYS_BACK),
        updates,
        st.integers(0, 1000),
    ),
    max_size=12,
)

#: A deadline as a history entry may hold it: as tracker writes it, and other texts
#: of it (the replay reads JSON, so spacing, escapes and key order do not matter).
WRITTEN = {"text": "by mid-2027", "earliest": "2027-06-01", "latest": "2027-06-30"}
DEADLINE_TEXTS = (
    None,
    json.dumps({**WRITTEN, "precision": "month"}, ensure_ascii=False),
    json.dumps({**WRITTEN, "precision": "month"}, separators=(",", ":")),
    json.dumps(
        {
            "text": "été 2027",
            **{k: WRITTEN[k] for k in ("earliest", "latest")},
            "precision": "month",
        },
        ensure_ascii=False,
    ),
    json.dumps(
        {
            "text": "été 2027",
            **{k: WRITTEN[k] for k in ("earliest", "latest")},
            "precision": "month",
        }
    ),
    json.dumps(
        {"text": " padded ", "earliest": "2027-01-01", "latest": "2027-12-31", "precision": "year"}
    ),
    json.dumps(
        {"precision": "year", "text": "2027", "earliest": "2027-01-01", "latest": "2027-12-31"}
    ),
    "null",
    "{}",
)
raw_entries = st.tuples(
    st.sampled_from(("update", "update", "edit", "amend", "retract", "created")),
    st.sampled_from((None, *STATUSES)),
    st.sampled_from((None, None, 0, 55, 100)),
    st.sampled_from((None, None, *CONFIDENCES)),
    st.sampled_from((None, "a rationale", "")),
    st.sampled_from(DEADLINE_TEXTS),
    st.booleans(),  # a clock tie with the last entry (same day, clock and time)
    st.integers(0, 3),  # which initiative
    st.sampled_from(DAYS_BACK),
    st.booleans(),  # its stored fields then say what the entry says
)

#: Stored columns damaged: each a column and a value it may be given.
damage = st.lists(
    st.tuples(
        st.integers(0, 3),
        st.sampled_from(
            (
                ("status", "stalled"),
                ("status", "abandoned"),
                ("progress", None),
                ("progress", 55),
                ("progress", 55.5),
                ("confidence", None),
                ("confidence", "red"),
                ("confidence_note", None),
                ("confidence_note", ""),
                ("confidence_note", "a rationale"),
                ("deadline_text", "by mid-2027 "),
                ("deadline_text", "2027"),
                ("deadline_text", None),
                ("deadline_earliest", "2027-06-02"),
                ("deadline_latest", "2027-12-31"),
                ("deadline_precision", "year"),
                ("baseline_text", "été 2027"),
                ("baseline_text", None),
                ("baseline_latest", None),
                ("baseline_precision", "month"),
            )
        ),
        st.integers(0, 2),  # a whole window copied from another initiative
    ),
    max_size=4,
)
starts = st.lists(
    st.tuples(st.sampled_from((None, *DEADLINES)), st.sampled_from((None, "green", "red"))),
    min_size=4,
    max_size=4,
)


def _raw(conn: sqlite3.Connection, slugs: list[str], entry: tuple[Any, ...]) -> None:
    """Write a history entry as another replica or a damaged file may hold it."""
    event, status, progress, confidence, note, deadline, tie, which, back, adopt = entry
    initiative_id = conn.execute(
        "SELECT id FROM initiatives WHERE slug = ?", [slugs[which]]
    ).fetchone()[0]
    last = conn.execute(
        "SELECT effective, clock, recorded_at, uuid FROM updates WHERE initiative_id = ?"
        " ORDER BY id DESC LIMIT 1",
        [initiative_id],
    ).fetchone()
    effective = (TODAY - timedelta(days=back)).isoformat()
    clock, recorded = 10_000 + back, f"{effective}T12:00:00Z"
    target = None
    if tie and last:
        effective, clock, recorded = last[0], last[1], last[2]
    if event in ("retract", "amend") and last:
        target = last[3]
    conn.execute(
        "INSERT INTO updates (uuid, initiative_id, recorded_at, effective, event, status_to,"
        " progress_to, confidence_to, confidence_note, deadline_to, target, clock)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            str(uuids.uuid4()),
            initiative_id,
            recorded,
            effective,
            event,
            status,
            progress,
            confidence,
            note,
            deadline,
            target,
            clock,
        ],
    )
    if adopt:
        conn.execute(
            "UPDATE initiatives SET status = coalesce(?, status), progress = coalesce(?, progress),"
            " confidence = coalesce(?, confidence), confidence_note = ? WHERE id = ?",
            [status, progress, confidence, note, initiative_id],
        )


def _write(t: Tracker, slugs: list[str], step: tuple[Any, ...]) -> None:
    which, kind, back, fields, pick = step
    slug = slugs[which]
    if kind == "update":
        on = (TODAY - timedelta(days=back)).isoformat() if back else None
        t.update(slug, UpdateRequest(**fields, on=on))
        return
    if kind in ("retract", "amend"):
        _, history = t.history(slug)
        live = [e for e in history if e.event in ("update", "retract") and not e.retracted_by]
        if live:
            chosen = live[pick % len(live)].uuid
            with contextlib.suppress(InputError):  # e.g. an entry written raw below
                if kind == "retract":
                    t.retract(chosen, "wrong")
                else:
                    t.amend(chosen, note="better")
        return


def _damage(
    path: Path,
    slugs: list[str],
    damaged: list[tuple[int, tuple[str, Any], int]],
    raw: list[tuple[Any, ...]],
) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")  # as a damaged file may be
    for entry in raw:
        _raw(conn, slugs, entry)
    for which, (column, value), copy in damaged:
        slug = slugs[which]
        conn.execute(f"UPDATE initiatives SET {column} = ? WHERE slug = ?", [value, slug])
        if copy:
            other = slugs[(which + copy) % len(slugs)]
            conn.execute(
                "UPDATE initiatives SET (deadline_text, deadline_earliest, deadline_latest,"
                " deadline_precision) = (SELECT deadline_text, deadline_earliest,"
                " deadline_latest, deadline_precision FROM initiatives WHERE slug = ?)"
                " WHERE slug = ?",
                [other, slug],
            )
    conn.close()


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    starts=starts,
    steps=steps,
    damaged=damage,
    raw=st.lists(raw_entries, max_size=6),
)
def test_the_probes_find_what_the_replay_finds(
    starts: list[tuple[str | None, str | None]],
    steps: list[tuple[Any, ...]],
    damaged: list[tuple[int, tuple[str, Any], int]],
    raw: list[tuple[Any, ...]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.db"
        with Tracker.open(path, today=TODAY) as t:
            slugs = [
                t.add(
                    NewInitiative(
                        title=f"Initiative {n}",
                        deadline=deadline,
                        confidence=confidence,
                        confidence_note="at the start" if confidence == "red" else None,
                    )
                ).slug
                for n, (deadline, confidence) in enumerate(starts)
            ]
            for step in steps:
                _write(t, slugs, step)
        conn = sqlite3.connect(path, isolation_level=None)
        # Written by tracker: the probes find every initiative as replayed, save those
        # whose own retract entries the replay rule reads.
        corrected = {row[0] for row in conn.execute(maintenance._REPLAYED_ALWAYS_SQL)}
        assert {row[0] for row in conn.execute(maintenance._MAYBE_DRIFTED_SQL)} <= corrected
        assert list(maintenance.drifted(conn)) == []
        conn.close()
        _damage(path, slugs, damaged, raw)
        conn = sqlite3.connect(path, isolation_level=None)
        every = [row[0] for row in conn.execute("SELECT id FROM initiatives ORDER BY id")]
        assert list(maintenance.drifted(conn)) == list(maintenance._replayed_drift(conn, every))
        conn.close()


def test_a_created_only_initiative_and_one_without_history(tmp_path: Path) -> None:
    path = tmp_path / "t.db"
    with Tracker.open(path, today=TODAY) as t:
        quiet = t.add(NewInitiative(title="Quiet", deadline="2027")).slug
        t.add(NewInitiative(title="Gone", deadline="2027"))
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER updates_append_only")
    conn.execute(
        "DELETE FROM updates WHERE initiative_id = (SELECT id FROM initiatives WHERE slug = 'gone')"
    )
    assert list(maintenance.drifted(conn)) == []
    conn.execute("UPDATE initiatives SET deadline_text = '2028' WHERE slug = ?", [quiet])
    [(_, slug, wanted)] = maintenance.drifted(conn)
    assert (slug, wanted["deadline_text"]) == (quiet, "2027")
    conn.close()


def test_the_probes_by_hand(tmp_path: Path) -> None:
    """Cases the generated histories may miss: the baseline is the first deadline set
    after a created entry without one; an entry of the same day recorded later wins; a
    correction entry sets no field, even one that carries a value."""
    path = tmp_path / "t.db"
    with Tracker.open(path, today=TODAY) as t:
        later = t.add(NewInitiative(title="Later")).slug
        t.update(later, UpdateRequest(deadline="2027", status="in_progress"))
        t.update(later, UpdateRequest(deadline="2028", on="2026-10-01"))
        t.update(later, UpdateRequest(status="stalled", on="2026-10-01"))
        amended = t.add(NewInitiative(title="Amended", confidence="green")).slug
    conn = sqlite3.connect(path, isolation_level=None)
    assert list(conn.execute(maintenance._MAYBE_DRIFTED_SQL)) == []
    stored = conn.execute(
        "SELECT status, deadline_text, baseline_text FROM initiatives WHERE slug = ?", [later]
    ).fetchone()
    assert stored == ("in_progress", "2027", "2028")  # by day: 2026-10-01, then today
    amended_id = conn.execute("SELECT id FROM initiatives WHERE slug = ?", [amended]).fetchone()
    _raw(conn, [amended], ("amend", "stalled", 5, "red", "x", None, True, 0, 0, True))
    assert [(row[0], row[1]) for row in maintenance.drifted(conn)] == [(amended_id[0], amended)]
    conn.close()
