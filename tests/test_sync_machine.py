"""Issue 13's convergence property: a hypothesis state machine drives 3 to 5 replicas
that share one ``tracker sync`` folder, each making random changes of its own (adds,
backdated updates, edits of title, tags and parent, retractions, amendments, undos and
removals) and syncing at random; after every step each replica passes ``tracker check``
and its stored fields are the replay of its history, and no replica loses an entry it
held unless the initiative was removed there (by itself, or by a tombstone it took in).

Convergence, checked at the end of every machine whose steps all passed: every
replica syncs, in order, twice over (A..E, A..E); then every replica's ``export`` is
the same text, they hold the same initiatives and the same tombstones, every entry any
replica ever held is on every replica unless its initiative was removed (and then the
initiative is on none), and one more sync on each sends and receives nothing.

Nothing is left out of the comparison: ``export`` carries no local row ids, and every
other key of it (``updated_at``, ``applied_refs``, the history's ``recorded_at``) is
data the replicas must agree on. The suite runs a few dozen machines, the same ones
every run (derandomized), and reports a failing machine unshrunk;
``bench/sync_property.py`` runs it at random and at full size, and shrinks
(``TRACKER_SYNC_EXAMPLES``, ``TRACKER_SYNC_STEPS``). The divergences it found are below
as plain tests.
"""

from __future__ import annotations

import collections
import contextlib
import difflib
import json
import os
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from tracker.api import EditRequest, NewInitiative, Tracker, UpdateRequest
from tracker.errors import TrackerError
from tracker.storage import maintenance

TODAY = date(2026, 11, 22)
EXAMPLES = int(os.environ.get("TRACKER_SYNC_EXAMPLES", "60"))
STEPS = int(os.environ.get("TRACKER_SYNC_STEPS", "25"))
#: The suite runs the same machines every time (its verdict must not vary between runs);
#: the bench explores at random.
DERANDOMIZE = os.environ.get("TRACKER_SYNC_RANDOM", "") == ""

STATUSES = ["proposed", "announced", "in_progress", "achieved", "stalled", "abandoned"]
DEADLINES = ["2026", "late 2026", "Q3 2027", "by 2027", "2028年上半年", "2027-03-31", "H1 2029"]
AUTHORS = ("ann", "bo", "cy", "di", "ed")
TITLES = ["Bridging programme", "RMB centre", "Fintech hub", "Action plan", "Talent pass"]

#: How often each step ran and did something (bench/sync_property.py prints it).
RAN: collections.Counter[str] = collections.Counter()

#: A replica, as the rules draw it (taken modulo the number of replicas).
WHO = st.integers(0, 4)


def export_text(t: Tracker) -> str:
    """The export as a file would carry it (JSON Lines through json, not shared dicts)."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in t.export())


def entries(t: Tracker) -> dict[str, str]:
    """Every history entry the replica holds: entry uuid -> initiative uuid."""
    with t.db.read() as conn:
        rows = conn.execute(
            "SELECT u.uuid, i.uuid FROM updates u JOIN initiatives i ON i.id = u.initiative_id"
        ).fetchall()
    return dict(rows)


def initiatives(t: Tracker) -> set[str]:
    with t.db.read() as conn:
        return {row[0] for row in conn.execute("SELECT uuid FROM initiatives")}


def tombstones(t: Tracker) -> set[str]:
    """The initiatives this replica knows were removed (by itself or by another)."""
    with t.db.read() as conn:
        return {row[0] for row in conn.execute("SELECT uuid FROM removals")}


def first_difference(name_a: str, text_a: str, name_b: str, text_b: str) -> str:
    """The first record two exports disagree on, as a short unified diff."""
    diff = difflib.unified_diff(
        text_a.splitlines(), text_b.splitlines(), name_a, name_b, lineterm="", n=0
    )
    return "\n".join(line[:600] for line in list(diff)[:12])


class SyncMachine(RuleBasedStateMachine):
    """3 to 5 replicas, each its own database file, sharing one sync folder."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="sync-machine-"))
        self.folder = self.root / "shared"
        self.trackers: list[Tracker] = []
        #: Every entry some replica held at some point: entry uuid -> initiative uuid.
        self.known: dict[str, str] = {}
        #: What each replica held after the last step.
        self.held: list[dict[str, str]] = []
        #: True while every step so far (and the checks after it) passed: only then
        #: does the teardown check convergence.
        self.clean = True

    @initialize(
        replicas=st.integers(3, 5),
        titles=st.lists(st.sampled_from(TITLES), min_size=1, max_size=3, unique=True),
    )
    def start(self, replicas: int, titles: list[str]) -> None:
        self.clean = False
        self.trackers = [
            Tracker.open(self.root / f"{AUTHORS[n]}.db", today=TODAY, author=AUTHORS[n])
            for n in range(replicas)
        ]
        for title in titles:
            self.trackers[0].add(NewInitiative(title=title, deadline="2027", announced="2025"))
        self.held = [{} for _ in self.trackers]
        RAN[f"machine of {replicas} replicas"] += 1

    def teardown(self) -> None:
        try:
            if self.clean and self.trackers:
                self.converges()
                RAN["final convergence"] += 1
        finally:
            for t in self.trackers:
                t.close()
            shutil.rmtree(self.root, ignore_errors=True)

    def _replica(self, who: int) -> Tracker:
        """The replica a rule acts on (and the mark that a step is under way)."""
        self.clean = False
        return self.trackers[who % len(self.trackers)]

    @staticmethod
    def _slugs(t: Tracker) -> list[str]:
        return sorted(i.slug for i in t.list())

    # -- changes made on one replica ---------------------------------------------------

    @rule(
        who=WHO,
        title=st.sampled_from(["New plan", "Pilot scheme", *TITLES]),
        status=st.sampled_from(STATUSES),
        deadline=st.sampled_from(DEADLINES),
    )
    def add(self, who: int, title: str, status: str, deadline: str) -> None:
        self._replica(who).add(NewInitiative(title=title, status=status, deadline=deadline))
        RAN["add"] += 1

    @rule(
        who=WHO,
        pick=st.integers(0, 50),
        status=st.none() | st.sampled_from(STATUSES),
        progress=st.none() | st.integers(0, 100),
        deadline=st.none() | st.sampled_from(DEADLINES),
        back=st.sampled_from([0, 0, 1, 7]) | st.integers(0, 400),  # same days often
    )
    def update(
        self,
        who: int,
        pick: int,
        status: str | None,
        progress: int | None,
        deadline: str | None,
        back: int,
    ) -> None:
        t = self._replica(who)
        slugs = self._slugs(t)
        if not slugs:
            return
        request = UpdateRequest(
            status=status,
            progress=progress,
            deadline=deadline,
            on=(TODAY - timedelta(days=back)).isoformat(),
            note=None if (status or progress is not None or deadline) else "checked",
        )
        t.update(slugs[pick % len(slugs)], request)
        RAN["update" if back == 0 else "update, backdated"] += 1

    @rule(
        who=WHO,
        pick=st.integers(0, 3),
        status=st.sampled_from(STATUSES),
        progress=st.integers(0, 100),
        back=st.sampled_from([0, 1, 7]),
    )
    def update_status(self, who: int, pick: int, status: str, progress: int, back: int) -> None:
        """Updates are the common change: a second rule for them, on the first few
        initiatives, so that replicas often change the same field without seeing each
        other's change (a conflict)."""
        t = self._replica(who)
        slugs = self._slugs(t)
        if slugs:
            on = (TODAY - timedelta(days=back)).isoformat()
            request = UpdateRequest(status=status, progress=progress, on=on)
            t.update(slugs[pick % len(slugs)], request)
            RAN["update" if back == 0 else "update, backdated"] += 1

    @rule(
        who=WHO,
        pick=st.integers(0, 50),
        title=st.none() | st.sampled_from(["Renamed plan", "Second phase"]),
        tag=st.none() | st.sampled_from(["finance", "talent", "hk"]),
        untag=st.none() | st.sampled_from(["finance", "talent", "hk"]),
    )
    def edit(
        self, who: int, pick: int, title: str | None, tag: str | None, untag: str | None
    ) -> None:
        t = self._replica(who)
        slugs = self._slugs(t)
        if not slugs or not (title or tag or untag):
            return
        request = EditRequest(
            title=title,
            add_tags=[tag] if tag else [],
            remove_tags=[untag] if untag and untag != tag else [],
        )
        result = t.edit(slugs[pick % len(slugs)], request)
        RAN["edit" if result.entry else "edit, unchanged"] += 1

    @rule(who=WHO, pick=st.integers(0, 50), parent=st.none() | st.integers(0, 50))
    def edit_parent(self, who: int, pick: int, parent: int | None) -> None:
        t = self._replica(who)
        slugs = self._slugs(t)
        if not slugs:
            return
        request = (
            EditRequest(clear_parent=True)
            if parent is None
            else EditRequest(parent=slugs[parent % len(slugs)])
        )
        try:
            result = t.edit(slugs[pick % len(slugs)], request)
        except TrackerError:  # its own parent, or a cycle: refused, unchanged
            RAN["parent edit, refused"] += 1
            return
        RAN["parent edit" if result.entry else "parent edit, unchanged"] += 1

    @rule(who=WHO, pick=st.integers(0, 50), entry=st.integers(0, 50))
    def retract(self, who: int, pick: int, entry: int) -> None:
        t = self._replica(who)
        slugs = self._slugs(t)
        if not slugs:
            return
        _, history = t.history(slugs[pick % len(slugs)])
        live = [e for e in history if e.event == "update"]
        if live:
            try:
                t.retract(live[entry % len(live)].uuid, reason="wrong")
            except TrackerError:  # already retracted: refused, unchanged
                RAN["retract, refused"] += 1
                return
            RAN["retract"] += 1

    @rule(
        who=WHO,
        pick=st.integers(0, 50),
        entry=st.integers(0, 50),
        note=st.sampled_from(["per the gazette", "see LegCo paper"]),
    )
    def amend(self, who: int, pick: int, entry: int, note: str) -> None:
        t = self._replica(who)
        slugs = self._slugs(t)
        if not slugs:
            return
        _, history = t.history(slugs[pick % len(slugs)])
        targets = [e for e in history if e.event in ("created", "update")]
        if targets:
            try:
                t.amend(targets[entry % len(targets)].uuid, note=note)
            except TrackerError:
                RAN["amend, refused"] += 1
                return
            RAN["amend"] += 1

    @rule(who=WHO)
    def undo(self, who: int) -> None:
        t = self._replica(who)
        with contextlib.suppress(TrackerError):  # nothing to undo, or not undoable
            t.undo()
            RAN["undo"] += 1
            return
        RAN["undo, refused"] += 1

    @rule(who=WHO, pick=st.integers(0, 50))
    def remove(self, who: int, pick: int) -> None:
        t = self._replica(who)
        slugs = self._slugs(t)
        if slugs:
            t.remove(slugs[pick % len(slugs)])
            RAN["remove"] += 1

    # -- syncing -----------------------------------------------------------------------

    def _sync(self, t: Tracker) -> Any:
        result = t.sync(self.folder)
        assert result.replica == t.replica
        RAN["sync"] += 1
        RAN["sync: entries sent"] += result.sent
        RAN["sync: entries received"] += result.received
        RAN["sync: conflicts"] += len(result.conflicts)
        return result

    @rule(who=WHO)
    def sync(self, who: int) -> None:
        self._sync(self._replica(who))

    @rule(order=st.lists(WHO, min_size=2, max_size=6))
    def sync_some(self, order: list[int]) -> None:
        """Several replicas sync one after another, in a random order (some twice)."""
        for who in order:
            self._sync(self._replica(who))

    def converges(self) -> None:
        """Every replica syncs twice in a round; then all agree, and nothing is lost."""
        self.clean = False
        for _ in range(2):
            for t in self.trackers:
                self._sync(t)
        self.after_step()
        self.clean = False  # until the checks below pass
        names = [AUTHORS[n] for n in range(len(self.trackers))]
        texts = [export_text(t) for t in self.trackers]
        for name, text in zip(names[1:], texts[1:], strict=True):
            assert text == texts[0], "exports differ:\n" + first_difference(
                names[0], texts[0], name, text
            )
        present = [initiatives(t) for t in self.trackers]
        assert all(p == present[0] for p in present), present
        removed = [tombstones(t) for t in self.trackers]
        assert all(r == removed[0] for r in removed), removed
        assert not (present[0] & removed[0]), "an initiative both present and removed"
        for t, name in zip(self.trackers, names, strict=True):
            held = entries(t)
            lost = {
                entry: initiative
                for entry, initiative in self.known.items()
                if entry not in held and initiative not in removed[0]
            }
            assert not lost, f"{name} lacks entries of live initiatives: {lost}"
        for t, name in zip(self.trackers, names, strict=True):
            again = self._sync(t)
            assert (again.sent, again.received) == (0, 0), f"{name}: sync after convergence"
        assert [export_text(t) for t in self.trackers] == texts, "changed by a further sync"

    # -- what must hold after every step -----------------------------------------------

    @invariant()
    def after_step(self) -> None:
        for n, t in enumerate(self.trackers):
            name = AUTHORS[n]
            report = maintenance.check(t.db)
            assert report.ok, f"{name}: {report.problems}"
            with t.db.read() as conn:
                drifted = [slug for _, slug, _ in maintenance.drifted(conn)]
            assert drifted == [], f"{name}: {drifted}"
            held = entries(t)
            gone = {e: i for e, i in self.held[n].items() if e not in held}
            if gone:
                live, removed = initiatives(t), tombstones(t)
                lost = {e: i for e, i in gone.items() if i in live or i not in removed}
                assert not lost, f"{name} lost entries without a removal: {lost}"
            self.held[n] = held
            self.known.update(held)
        self.clean = True


SyncMachine.TestCase.settings = settings(
    max_examples=EXAMPLES,
    derandomize=DERANDOMIZE,
    # A failing machine is reported as found, not shrunk (shrinking one takes minutes):
    # bench/sync_property.py shrinks it.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    stateful_step_count=STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

TestSyncMachine = SyncMachine.TestCase


def test_the_machine_ran() -> None:
    """The machine above did run, and its steps did things (pytest runs this file's
    tests in order; alone, this test runs a few machines itself)."""
    if not RAN["sync"]:
        from hypothesis.stateful import run_state_machine_as_test

        run_state_machine_as_test(
            SyncMachine,
            settings=settings(max_examples=5, derandomize=True, deadline=None, database=None),
        )
    assert RAN["sync"] > 0
    assert RAN["add"] > 0
    assert RAN["sync: entries received"] > 0


# -- the divergences the machine found, shrunk by hand ---------------------------------


def _replicas(folder: Path, *names: str) -> list[Tracker]:
    return [Tracker.open(folder / f"{n}.db", today=TODAY, author=n) for n in names]


def test_amend_moves_updated_at_on_every_replica(tmp_path: Path) -> None:
    """Divergence 1: the receiver took the amend's time as updated_at, the maker did not."""
    a, b = _replicas(tmp_path, "ann", "bo")
    made = a.add(NewInitiative(title="New plan", deadline="2026"))
    _, history = a.history(made.slug)
    amended = a.amend(history[0].uuid, note="per the gazette")
    assert a.resolve(made.slug).updated_at == amended.entry.recorded_at  # the maker's too
    for t in (a, b, a, b):
        t.sync(tmp_path / "shared")
    assert export_text(a) == export_text(b)


def test_a_slug_freed_by_a_removal_is_settled_alike(tmp_path: Path) -> None:
    """Divergence 2: two replicas add "New plan"; the clash renames one of them where it
    was seen. The winner is removed: a replica that never saw both gives the survivor
    ``new-plan``, the others keep ``new-plan-<uuid8>``."""
    a, b, c = _replicas(tmp_path, "ann", "bo", "cy")
    shared = tmp_path / "shared"
    a.add(NewInitiative(title="New plan", deadline="2026"))
    b.add(NewInitiative(title="New plan", deadline="2026"))
    for t in (a, b, a):
        t.sync(shared)
    assert len([i for i in a.list() if i.slug.startswith("new-plan-")]) == 1
    a.remove("new-plan")
    for t in (a, b, c, a, b, c):
        t.sync(shared)
    assert export_text(a) == export_text(b) == export_text(c)
    assert [i.slug for i in c.list()] == ["new-plan"]  # the survivor gets it back


def test_concurrent_parent_edits_making_a_cycle_settle_alike(tmp_path: Path) -> None:
    """Divergence 3: A puts Q under P while B puts P under Q; each replica dropped the
    edge it settled second, so each kept its own edit. Now the edge set last (in the
    order of all entries) is left out on every replica, and comes back when a later
    edit breaks the cycle."""
    a, b, c = _replicas(tmp_path, "ann", "bo", "cy")
    shared = tmp_path / "shared"
    a.add(NewInitiative(title="Plan P"))
    a.add(NewInitiative(title="Plan Q"))
    a.add(NewInitiative(title="Plan R"))
    a.sync(shared)
    b.sync(shared)
    a.edit("plan-q", EditRequest(parent="plan-p"))
    b.edit("plan-p", EditRequest(parent="plan-q"))
    for t in (a, b, a, b, c):
        t.sync(shared)
    assert export_text(a) == export_text(b) == export_text(c)
    # b's edge was set last (same clock, recorded later): left out
    assert {i.slug: i.parent for i in a.list()} == {
        "plan-p": None,
        "plan-q": "plan-p",
        "plan-r": None,
    }
    a.edit("plan-q", EditRequest(parent="plan-r"))  # Q moves: P may sit under Q again
    for t in (a, b, c, a):
        t.sync(shared)
    assert export_text(a) == export_text(b) == export_text(c)
    assert {i.slug: i.parent for i in a.list()} == {
        "plan-p": "plan-q",
        "plan-q": "plan-r",
        "plan-r": None,
    }


def test_three_initiatives_wanting_one_slug_settle_alike(tmp_path: Path) -> None:
    """Divergence 4: the two losers of a three-way slug clash both want
    ``-<uuid8>`` (uuid7s made within a minute share it); the first settled got it,
    the other the full uuid, in each replica's arrival order. The suffix is now the
    uuid's random end."""
    replicas = _replicas(tmp_path, "ann", "bo", "cy")
    for t in replicas:
        t.add(NewInitiative(title="Fintech hub"))
    for t in replicas + replicas:
        t.sync(tmp_path / "shared")
    assert export_text(replicas[0]) == export_text(replicas[1]) == export_text(replicas[2])
