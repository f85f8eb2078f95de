"""The one replay rule (tracker.domain.replay) against the SQL that keeps fast copies
of it: histories generated at random (backdated updates, same-day entries, partial
fields, deadline changes) are written through the library, by ``update``, ``apply``
and ``import``, and some of them retracted (retract entries too, which restores their
targets); then every initiative's stored current fields must equal the replay of its
entries, and the as-of report's figures the replay at that day."""

from __future__ import annotations

import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.api import NewInitiative, ReportRequest, Tracker, UpdateRequest
from tracker.domain.replay import TRACKED_FIELDS, Replayed, live, replay

TODAY = date(2026, 11, 1)
STATUSES = ("proposed", "announced", "in_progress", "achieved", "stalled", "abandoned")
DEADLINES = ("2026-12-31", "2027-06-30", "2027", "2028-03-31", "Q3 2026", "2025-01-15")
#: A few days back only, so that entries often share a day.
DAYS_BACK = (0, 0, 1, 3, 40, 200, 700)

updates = st.fixed_dictionaries(
    {},
    optional={
        "status": st.sampled_from(STATUSES),
        "progress": st.integers(0, 100),
        "confidence": st.sampled_from(("green", "amber_green", "amber", "amber_red", "red")),
        # a rationale, often the same one again (a restated level changes nothing)
        "confidence_note": st.sampled_from(("why", "why", "because")),
        "deadline": st.sampled_from(DEADLINES),
        "note": st.just("n"),
    },
).filter(lambda fields: fields and ("confidence" in fields or "confidence_note" not in fields))

steps = st.lists(
    st.tuples(
        st.integers(0, 2),  # which initiative
        st.sampled_from(("update", "apply", "import", "retract", "retract")),
        st.sampled_from(DAYS_BACK),
        updates,
    ),
    min_size=1,
    max_size=14,
)
starts = st.lists(
    st.tuples(
        st.sampled_from((None, *DEADLINES)),
        st.sampled_from((None, "2026-01-10", "2024-05-01")),  # announced
        st.sampled_from((None, "green", "amber_red")),
    ),
    min_size=3,
    max_size=3,
)


def _write(t: Tracker, slugs: list[str], step: tuple[int, str, int, dict[str, Any]]) -> None:
    which, path, back, fields = step
    slug = slugs[which]
    if path == "retract":  # an earlier entry, a retract entry too, that is still live
        _, history = t.history(slug)
        live = [e for e in history if e.event not in ("created", "amend") and not e.retracted_by]
        if live:
            t.retract(live[(back + len(fields)) % len(live)].uuid, "wrong")
        return
    on = (TODAY - timedelta(days=back)).isoformat() if back else None
    if path == "update" or (path == "import" and (back or set(fields) - {"status"})):
        t.update(slug, UpdateRequest(**fields, on=on))
    elif path == "apply":
        line = {"initiative": slug, **fields, **({"on": on} if on else {})}
        result = t.apply([(1, json.dumps(line))])
        assert result.error_count == 0, result.errors
    else:  # a spreadsheet row: a sync, its change recorded as an update today
        result = t.import_records([(1, {"slug": slug, "status": fields["status"]})])
        assert result.error_count == 0, result.errors


def _window(parts: dict[str, Any] | None) -> dict[str, Any] | None:
    return parts


def _stored(t: Tracker, slug: str) -> tuple[Any, ...]:
    i = t.resolve(slug)
    return (
        i.status,
        i.progress,
        i.confidence,
        i.confidence_note,
        i.deadline.to_dict() if i.deadline else None,
        i.baseline_deadline.to_dict() if i.baseline_deadline else None,
    )


def _replayed(state: Replayed[Any]) -> tuple[Any, ...]:
    return (
        state.status,
        state.progress,
        state.confidence,
        state.confidence_note,
        state.deadline,
        state.baseline,
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(starts=starts, steps=steps, days=st.lists(st.integers(0, 800), min_size=1, max_size=3))
def test_sql_copies_equal_the_replay(
    starts: list[tuple[str | None, str | None, str | None]],
    steps: list[tuple[int, str, int, dict[str, Any]]],
    days: list[int],
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        Tracker.open(Path(folder) / "t.db", today=TODAY) as t,
    ):
        slugs = [
            t.add(
                NewInitiative(
                    title=f"Initiative {n}",
                    deadline=deadline,
                    announced=announced,
                    confidence=confidence,
                    confidence_note="at the start" if confidence == "amber_red" else None,
                    tags=["a"],
                )
            ).slug
            for n, (deadline, announced, confidence) in enumerate(starts)
        ]
        for step in steps:
            _write(t, slugs, step)
        histories = {slug: t.history(slug)[1] for slug in slugs}
        # The current fields the database keeps equal the replay of the whole history.
        for slug in slugs:
            assert _stored(t, slug) == _replayed(replay(histories[slug])), slug
        # The as-of report (replayed in SQL when later entries exist) equals the replay.
        for back in days:
            day = TODAY - timedelta(days=back)
            report = t.report(ReportRequest(as_of=day.isoformat()), materialise=None)
            ids = {t.resolve(slug).id: slug for slug in slugs}
            shown = set()
            for initiative_id, figures in report.figures.items():
                slug = ids[initiative_id]
                shown.add(slug)
                state = replay(histories[slug], day.isoformat())
                entry = json.loads(report.entry(initiative_id))
                assert (
                    entry["status"],
                    entry["progress"],
                    entry["confidence"],
                    entry["confidence_note"],
                    entry["deadline"],
                    entry["baseline_deadline"],
                ) == _replayed(state)
                assert (figures.status, figures.progress) == (state.status, state.progress)
                latest = state.deadline["latest"] if state.deadline else None
                assert (figures.latest.isoformat() if figures.latest else None) == latest
                assert (figures.last_update.isoformat() if figures.last_update else None) == (
                    state.last
                )
                if figures.days_slipped:
                    moved = json.loads(figures.moved_by) if figures.moved_by else None
                    setter = state.deadline_set_by
                    assert (moved and moved["effective"]) == (setter and setter.effective)
            existing = {
                slug for slug in slugs if (replay(histories[slug]).first or "") <= day.isoformat()
            }
            assert shown == existing
        # The changed section (all of it): the live entries only, each change's ``from``
        # the replay of the live entries before it (the SQL copy in changed_entries).
        report = t.report(ReportRequest(since="2020-01-01"), materialise=None)
        changed = {group.slug: group.changes for group in report.changed}
        for slug in slugs:
            entries = histories[slug]
            counted = live(entries)
            shown = [change.entry.uuid for change in changed.get(slug, [])]
            assert set(shown) <= {e.uuid for e in counted}, slug
            for change in changed.get(slug, []):
                at = next(n for n, e in enumerate(counted) if e.uuid == change.entry.uuid)
                before = replay(counted[:at])
                for name, moved in change.changes.items():
                    if name in TRACKED_FIELDS and change.entry.event != "created":
                        assert moved["from"] == before.value(name), (slug, name)
        # The slipped section's moves (the same entries): the live entries that set a
        # deadline window other than the one replayed before them; the first is no move.
        for slug in slugs:
            counted = live(histories[slug])
            expected = []
            for at, entry in enumerate(counted):
                after = entry.changes.get("deadline", {}).get("to")
                before = replay(counted[:at]).deadline
                if entry.event == "created" or not after or not before:
                    continue
                if (before["earliest"], before["latest"]) != (after["earliest"], after["latest"]):
                    days = date.fromisoformat(after["latest"]) - date.fromisoformat(
                        before["latest"]
                    )
                    expected.append((entry.uuid, days.days))
            moves = report.moves.get(t.resolve(slug).id, [])
            assert [(move.entry.uuid, move.days) for move in moves] == expected, slug


def test_replay_rule_by_hand() -> None:
    """The rule itself: created first whatever its day, then by day and recording
    order; the last setter wins, the first deadline is the baseline."""

    class E:
        def __init__(self, event: str, effective: str, **changes: Any) -> None:
            self.event, self.effective = event, effective
            self.uuid, self.target = f"{event}-{effective}-{len(changes)}", None
            self.changes = {k: {"from": None, "to": v} for k, v in changes.items()}

    d1 = {"text": "2027", "earliest": "2027-01-01", "latest": "2027-12-31", "precision": "year"}
    d2 = {"text": "2028", "earliest": "2028-01-01", "latest": "2028-12-31", "precision": "year"}
    created = E("created", "2026-05-01", status="announced", deadline=d1)
    early = E("update", "2026-01-01", status="in_progress", progress=10)
    later = E("update", "2026-06-01", deadline=d2, progress=20)
    edit = E("edit", "2026-06-01")
    state = replay([created, early, later, edit])
    assert (state.status, state.progress, state.deadline, state.baseline) == (
        "in_progress",
        20,
        d2,
        d1,
    )
    assert (state.deadline_set_by, state.first, state.last) == (later, "2026-01-01", "2026-06-01")
    before = replay([created, early, later, edit], "2026-03-01")
    assert (before.status, before.progress, before.deadline, before.deadline_set_by) == (
        "in_progress",
        10,
        d1,
        None,
    )
    assert (before.first, before.last) == ("2026-01-01", "2026-01-01")


def test_retraction_rule_by_hand() -> None:
    """An entry is retracted when a live retract entry targets it; a retract entry is
    live when nothing live retracts it; corrections set nothing."""

    class E:
        def __init__(self, uuid: str, event: str, target: str | None = None, **changes: Any):
            self.uuid, self.event, self.target, self.effective = uuid, event, target, "2026-06-01"
            self.changes = {k: {"from": None, "to": v} for k, v in changes.items()}

    from tracker.domain.replay import amendments, live, retractions

    created = E("c", "created", status="announced")
    wrong = E("w", "update", status="stalled", progress=5)
    r1 = E("r1", "retract", "w")
    r2 = E("r2", "retract", "r1")  # restores w
    r3 = E("r3", "retract", "r2")  # withdraws w again
    a1 = E("a1", "amend", "w")
    a2 = E("a2", "amend", "w")
    r4 = E("r4", "retract", "a2")  # a1 is the amend in force again
    assert retractions([created, wrong, r1]) == {"w": r1}
    assert retractions([created, wrong, r1, r2]) == {"r1": r2}
    assert retractions([created, wrong, r1, r2, r3]) == {"w": r1, "r2": r3}
    assert [e.uuid for e in live([created, wrong, r1, r2])] == ["c", "w"]
    assert amendments([wrong, a1, a2]) == {"w": a2}
    assert amendments([wrong, a1, a2, r4]) == {"w": a1}
    assert replay([created, wrong, r1]).status == "announced"
    assert (replay([created, wrong, r1, r2]).status, replay([created, wrong, r1, r2]).progress) == (
        "stalled",
        5,
    )
    assert replay([created, wrong, r1, r2, r3]).progress is None
    # A retract entry may come in any order; a cycle (never made by tracker) counts as live.
    assert retractions([r3, r2, r1, wrong, created]) == {"w": r1, "r2": r3}
    x, y = E("x", "retract", "y"), E("y", "retract", "x")
    assert set(retractions([x, y])) <= {"x", "y"}
