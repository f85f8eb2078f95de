"""The history is the single truth: a hypothesis state machine drives two trackers that
diverge and merge, and after every step each initiative's stored current fields must be
what replaying its history gives, and ``tracker check`` must pass.

Steps: add, update (often backdated), edit, remove, apply, retract, an import of the
other tracker's export (the two copies diverged), and a CSV import of a list exported
earlier. Two-way syncs must converge: after A's export goes into B and B's back into A,
both hold the same current fields for every initiative they share.

A list taken before a removal is refused for the removed initiative's row (making it
again with --force is the one case two trackers cannot agree on: test_merge's strict
xfail). The suite runs a few hundred examples; ``bench/history_property.py`` runs the same
machine at full size (``TRACKER_MACHINE_EXAMPLES``, ``TRACKER_MACHINE_STEPS``).
"""

from __future__ import annotations

import collections
import contextlib
import io
import json
import os
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from tracker.api import EditRequest, NewInitiative, Tracker, UpdateRequest
from tracker.errors import TrackerError
from tracker.storage import maintenance

TODAY = date(2026, 11, 22)
EXAMPLES = int(os.environ.get("TRACKER_MACHINE_EXAMPLES", "300"))
STEPS = int(os.environ.get("TRACKER_MACHINE_STEPS", "25"))

STATUSES = ["proposed", "announced", "in_progress", "achieved", "stalled", "abandoned"]
DEADLINES = ["2026", "late 2026", "Q3 2027", "by 2027", "2028年上半年", "2027-03-31", "H1 2029"]
REPLICAS = ("a", "b")

#: How often each step ran and did something (bench/history_property.py prints it).
RAN: collections.Counter[str] = collections.Counter()


def _export_text(t: Tracker) -> str:
    """The export as a file would carry it (JSON Lines through json, not shared dicts)."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in t.export())


def _records(text: str) -> list[tuple[int, dict[str, Any] | str]]:
    return [(n, json.loads(line)) for n, line in enumerate(text.splitlines(), start=1)]


def _current(t: Tracker) -> dict[str, tuple[Any, ...]]:
    """Every initiative's tracked fields, by uuid."""
    return {
        i.uuid: (
            i.status,
            i.progress,
            i.confidence,
            i.deadline.to_dict() if i.deadline else None,
            i.baseline_deadline.to_dict() if i.baseline_deadline else None,
        )
        for i in t.list()
    }


class HistoryMachine(RuleBasedStateMachine):
    """Two trackers, ``a`` and ``b``, sharing a starting export."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="history-machine-"))
        self.trackers: dict[str, Tracker] = {}
        self.csv: dict[str, str] = {}  # a list --format csv taken earlier, by replica

    @initialize(
        titles=st.lists(
            st.sampled_from(
                ["Bridging programme", "RMB centre", "Fintech hub", "Action plan", "Talent pass"]
            ),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    def start(self, titles: list[str]) -> None:
        a = Tracker.open(self.folder / "a.db", today=TODAY, author="ann")
        for title in titles:
            a.add(NewInitiative(title=title, deadline="2027", announced="2025"))
        b = Tracker.open(self.folder / "b.db", today=TODAY, author="bo")
        b.import_records(_records(_export_text(a)))
        self.trackers = {"a": a, "b": b}

    def teardown(self) -> None:
        for t in self.trackers.values():
            t.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _slugs(self, replica: str) -> list[str]:
        return sorted(i.slug for i in self.trackers[replica].list())

    # -- steps -----------------------------------------------------------------------

    @rule(
        replica=st.sampled_from(REPLICAS),
        title=st.sampled_from(["New plan", "Pilot scheme"]),
        status=st.sampled_from(STATUSES),
        deadline=st.sampled_from(DEADLINES),
    )
    def add(self, replica: str, title: str, status: str, deadline: str) -> None:
        self.trackers[replica].add(NewInitiative(title=title, status=status, deadline=deadline))
        RAN["add"] += 1

    @rule(
        replica=st.sampled_from(REPLICAS),
        pick=st.integers(0, 50),
        status=st.none() | st.sampled_from(STATUSES),
        progress=st.none() | st.integers(0, 100),
        deadline=st.none() | st.sampled_from(DEADLINES),
        back=st.sampled_from([0, 0, 1, 7]) | st.integers(0, 400),  # same days often
    )
    def update(
        self,
        replica: str,
        pick: int,
        status: str | None,
        progress: int | None,
        deadline: str | None,
        back: int,
    ) -> None:
        slugs = self._slugs(replica)
        if not slugs:
            return
        on = (TODAY - timedelta(days=back)).isoformat()
        request = UpdateRequest(
            status=status,
            progress=progress,
            deadline=deadline,
            on=on,
            note=None if (status or progress is not None or deadline) else "checked",
        )
        self.trackers[replica].update(slugs[pick % len(slugs)], request)
        RAN["update" if back == 0 else "update, backdated"] += 1

    @rule(
        replica=st.sampled_from(REPLICAS),
        pick=st.integers(0, 50),
        tag=st.sampled_from(["finance", "talent", "hk"]),
    )
    def edit(self, replica: str, pick: int, tag: str) -> None:
        slugs = self._slugs(replica)
        if slugs:
            self.trackers[replica].edit(slugs[pick % len(slugs)], EditRequest(add_tags=[tag]))
            RAN["edit"] += 1

    @rule(replica=st.sampled_from(REPLICAS), pick=st.integers(0, 50))
    def remove(self, replica: str, pick: int) -> None:
        slugs = self._slugs(replica)
        if len(slugs) > 1:
            self.trackers[replica].remove(slugs[pick % len(slugs)])
            RAN["remove"] += 1

    @rule(
        replica=st.sampled_from(REPLICAS),
        picks=st.lists(st.integers(0, 50), max_size=4),
        progress=st.integers(0, 100),
        back=st.integers(0, 60),
    )
    def apply(self, replica: str, picks: list[int], progress: int, back: int) -> None:
        slugs = self._slugs(replica)
        if not slugs:
            return
        on = (TODAY - timedelta(days=back)).isoformat()
        lines = [
            json.dumps({"initiative": slugs[p % len(slugs)], "progress": progress, "on": on})
            for p in picks
        ]
        self.trackers[replica].apply(list(enumerate(lines, start=1)))
        RAN["apply"] += 1

    @rule(replica=st.sampled_from(REPLICAS), pick=st.integers(0, 50), entry=st.integers(0, 50))
    def retract(self, replica: str, pick: int, entry: int) -> None:
        t = self.trackers[replica]
        slugs = self._slugs(replica)
        if not slugs:
            return
        _, history = t.history(slugs[pick % len(slugs)])
        live = [e for e in history if e.event not in ("created", "retract", "amend")]
        if live:
            with contextlib.suppress(TrackerError):  # already retracted: refused, unchanged
                t.retract(live[entry % len(live)].uuid, reason="wrong")
                RAN["retract"] += 1

    @rule(source=st.sampled_from(REPLICAS))
    def merge(self, source: str) -> None:
        """The other tracker imports this one's export (they may have diverged)."""
        target = "b" if source == "a" else "a"
        text = _export_text(self.trackers[source])
        result = self.trackers[target].import_records(_records(text))
        assert not result.error_count, result.errors
        RAN["import of the other's export"] += 1

    @rule()
    def sync_both_ways(self) -> None:
        """A's export into B, then B's into A: both hold the same current fields."""
        a, b = self.trackers["a"], self.trackers["b"]
        assert not b.import_records(_records(_export_text(a))).error_count
        assert not a.import_records(_records(_export_text(b))).error_count
        assert _current(a) == _current(b)
        RAN["two-way sync"] += 1

    @rule(replica=st.sampled_from(REPLICAS))
    def take_csv(self, replica: str) -> None:
        from tracker.renderers.csv import CsvRenderer

        out = io.StringIO()
        t = self.trackers[replica]
        CsvRenderer(out).initiatives(t.list(), t.today)
        self.csv[replica] = out.getvalue()

    @precondition(lambda self: bool(self.csv))
    @rule(replica=st.sampled_from(REPLICAS))
    def import_csv(self, replica: str) -> None:
        """An earlier CSV comes back: imported, or refused as a whole (a conflict)."""
        from tracker import exchange

        text = self.csv.get(replica)
        if text is None:
            return
        stream = io.BytesIO(text.encode("utf-8"))
        result = self.trackers[replica].import_records(exchange.csv_records(stream))
        refused = "CSV import, refused (changed or removed since)"
        RAN[refused if result.error_count else "CSV import"] += 1

    # -- what must hold after every step -----------------------------------------------

    @invariant()
    def stored_fields_are_the_replay(self) -> None:
        for name, t in self.trackers.items():
            with t.db.read() as conn:
                drifted = [slug for _, slug, _ in maintenance.drifted(conn)]
            assert drifted == [], f"{name}: {drifted}"

    @invariant()
    def check_passes(self) -> None:
        for name, t in self.trackers.items():
            report = maintenance.check(t.db)
            assert report.ok, f"{name}: {report.problems}"


HistoryMachine.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

TestHistoryMachine = HistoryMachine.TestCase
