"""The library: ``tracker.api.Tracker``, the facade the command line is built on.

Each test opens the temporary database the autouse fixture points TRACKER_DB at
(conftest.py), or one under tmp_path; "today" is 2026-11-22 (TRACKER_TODAY). Only
public names are used: the facade's internals may move.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from helpers import AUTHOR, dump, ok, run, shown

from tracker import api as facade
from tracker import requests as request_types
from tracker.api import (
    EditRequest,
    ListFilters,
    NewInitiative,
    ReportRequest,
    Tracker,
    UpdateRequest,
)
from tracker.domain.initiatives import HistoryEntry, Initiative, Source, SourceLink
from tracker.domain.windows import Precision, Window
from tracker.errors import (
    AmbiguousRefError,
    ConflictError,
    DateParseError,
    InputError,
    NotFoundError,
)
from tracker.requests import ApplyResult, ImportResult, SeedResult

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
UUID = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
SEED_SLUGS = [
    "offshore-rmb-centre",
    "sz-hk-financial-cooperation",
    "sz-digital-economy-engine",
    "sz-business-environment",
    "sz-basic-research",
    "hk-fintech-sz-subsidiaries",
    "sz-tech-hk-capital-markets",
    "bridging-programme",
    "fintech-hub-action-plan",
    "fintech-hub-digital-finance",
    "fintech-hub-green-finance",
    "fintech-hub-data-platforms",
    "bocom-hk-ai-priority",
]


def q3_2027() -> Window:
    return Window("Q3 2027", date(2027, 7, 1), date(2027, 9, 30), Precision.QUARTER)


def wealth_connect(tracker: Tracker) -> Initiative:
    return tracker.add(
        NewInitiative(
            title="Cross-boundary  wealth connect",
            uuid=UUID,
            deadline="Q3 2027",
            announced="2026-01-15",
            tags=["Finance", "finance", "HK"],
            jurisdictions=["Hong Kong"],
            source="https://example.org/a",
            quote="a quota rise",
            progress=10,
        )
    )


# -- moved from the command-line tests: they call the library directly ------------------


def test_ambiguous_uuid_prefix_names_candidates(isolated):
    import uuid

    conn_uuids = [
        str(uuid.UUID("abcd0000-0000-4000-8000-000000000001")),
        str(uuid.UUID("abcd0000-0000-4000-8000-000000000002")),
    ]
    from tracker.api import NewInitiative, Tracker

    with Tracker.open() as tracker:
        for n, u in enumerate(conn_uuids):
            tracker.add(NewInitiative(title=f"Thing {n}", uuid=u))
    result = run("show", "abcd")
    assert result.exit_code == 2
    assert result.stderr == "error: 'abcd' matches several initiatives: thing-0, thing-1\n"
    assert shown("abcd0000-0000-4000-8000-000000000002")["slug"] == "thing-1"


def test_building_a_report_leaves_the_collector_as_it_was(seeded):
    """The library changes no process-wide collector state (nothing frozen)."""
    import gc

    from tracker.api import ReportRequest, Tracker

    with Tracker.open() as tracker:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            frozen = gc.get_freeze_count()
            report = tracker.report(ReportRequest(), materialise=0)
            assert gc.isenabled() is enabled
            assert gc.get_freeze_count() == frozen
            assert len(report.figures) == 13
    gc.enable()


@pytest.mark.parametrize("count", [0, 1, 5])
def test_list_json_written_item_by_item_is_the_one_document(seeded, count):
    import io

    from tracker.api import ListFilters, Tracker
    from tracker.renderers.json import JsonRenderer, dump

    ok("edit", "bridging-programme", "--summary", 'quote " newline \n tab \t \u202e \U0001f680')
    with Tracker.open() as tracker:
        items = tracker.list(ListFilters(limit=count))
        streamed, whole = io.StringIO(), io.StringIO()
        JsonRenderer(streamed).initiatives(iter(items), tracker.today)
        dump([item.to_dict(tracker.today) for item in items], whole)
        assert len(items) == count and streamed.getvalue() == whole.getvalue()
        assert [i.slug for i in tracker.each(ListFilters(), chunk=2)] == [
            i.slug for i in tracker.list()
        ]


# -- the facade's names -----------------------------------------------------------------


def test_the_request_and_result_types_come_from_tracker_requests_through_the_api() -> None:
    assert request_types.__all__ == [
        "ApplyResult",
        "ArticleFile",
        "EditRequest",
        "ImportResult",
        "ListFilters",
        "MergeResult",
        "NewInitiative",
        "Proposal",
        "ReportRequest",
        "SeedResult",
        "SyncConflict",
        "SyncResult",
        "UpdateRequest",
        "UpdateResult",
    ]
    for name in request_types.__all__:
        assert getattr(facade, name) is getattr(request_types, name), name
    assert issubclass(ConflictError, InputError)
    assert ConflictError("x").exit_code == 2


def test_open_takes_a_path_and_a_day_of_its_own(isolated: Path, tmp_path: Path) -> None:
    other = tmp_path / "deep" / "other.db"
    with Tracker.open(other, today=date(2027, 1, 1)) as tracker:
        assert tracker.today == date(2027, 1, 1)
        added = tracker.add(NewInitiative(title="Elsewhere", deadline="within 3 months"))
        assert added.deadline == Window(
            "within 3 months", date(2027, 1, 1), date(2027, 4, 1), Precision.PART_YEAR
        )
    assert other.exists() and not isolated.exists()
    with Tracker.open() as tracker:  # TRACKER_DB and TRACKER_TODAY
        assert tracker.today == date(2026, 11, 22)
        assert tracker.count() == 0
    assert isolated.exists()


# -- add ---------------------------------------------------------------------------------


def test_add_returns_the_stored_initiative(isolated: Path) -> None:
    with Tracker.open() as tracker:
        added = wealth_connect(tracker)
        assert STAMP.match(added.created_at) and added.updated_at == added.created_at
        assert added == Initiative(
            id=1,
            uuid=UUID,
            slug="cross-boundary-wealth-connect",
            title="Cross-boundary wealth connect",
            summary="",
            kind="measure",
            status="announced",
            confidence=None,
            progress=10,
            announced=Window("2026-01-15", date(2026, 1, 15), date(2026, 1, 15), Precision.DAY),
            deadline=q3_2027(),
            baseline_deadline=q3_2027(),
            parent=None,
            created_at=added.created_at,
            updated_at=added.created_at,
            tags=["Finance", "HK"],
            jurisdictions=["Hong Kong"],
            sponsors=[],
        )
        assert tracker.resolve(UUID[:8]) == added
        detail = tracker.show("cross-boundary-wealth-connect")
        source = SourceLink(Source(url="https://example.org/a"), "a quota rise")
        assert (detail.initiative, detail.sources, detail.children) == (added, [source], [])
        [created] = detail.history
        assert created == HistoryEntry(
            uuid=created.uuid,
            event="created",
            recorded_at=added.created_at,
            effective="2026-01-15",
            changes={
                "status": {"from": None, "to": "announced"},
                "progress": {"from": None, "to": 10},
                "deadline": {"from": None, "to": q3_2027().to_dict()},
            },
            note=None,
            source=source,
            ref=None,
            author=AUTHOR,
        )
        assert created.uuid != UUID


def test_add_many_is_one_transaction_that_skips_known_uuids_and_renames_clashes(
    isolated: Path,
) -> None:
    with Tracker.open() as tracker:
        wealth_connect(tracker)
        before = dump(isolated)
        with pytest.raises(InputError, match=r"^unknown status 'done'; choose from proposed,"):
            tracker.add_many([NewInitiative(title="Fine"), NewInitiative(title="X", status="done")])
        assert dump(isolated) == before
        added = tracker.add_many(
            [
                NewInitiative(title="Again", uuid=UUID),  # present: skipped
                NewInitiative(title="Parent", slug="cross-boundary-wealth-connect"),
                NewInitiative(title="Child", parent="cross-boundary-wealth-connect-2"),
            ],
            rename_on_clash=True,
        )
        assert added == ["cross-boundary-wealth-connect-2", "child"]
        assert tracker.resolve("child").parent == "cross-boundary-wealth-connect-2"
        assert tracker.resolve(UUID).title == "Cross-boundary wealth connect"


# -- update and history ------------------------------------------------------------------


def test_add_then_update_then_history_round_trip(isolated: Path) -> None:
    with Tracker.open() as tracker:
        added = wealth_connect(tracker)
        result = tracker.update(
            "cross-boundary-wealth-connect",
            UpdateRequest(
                status="in_progress",
                progress=40,
                deadline="H1 2028",
                note="quota raised",
                source="https://example.org/b",
                quote="now in force",
                ref="k1",
            ),
        )
        assert result.outcome == "recorded" and result.overridden() == []
        h1_2028 = Window("H1 2028", date(2028, 1, 1), date(2028, 6, 30), Precision.HALF)
        entry = result.entry
        assert STAMP.match(entry.recorded_at)
        assert entry == HistoryEntry(
            uuid=entry.uuid,
            event="update",
            recorded_at=entry.recorded_at,
            effective="2026-11-22",
            changes={
                "status": {"from": "announced", "to": "in_progress"},
                "progress": {"from": 10, "to": 40},
                "deadline": {"from": q3_2027().to_dict(), "to": h1_2028.to_dict()},
            },
            note="quota raised",
            source=SourceLink(Source(url="https://example.org/b"), "now in force"),
            ref="k1",
            author=AUTHOR,
        )
        current = result.initiative
        assert (current.status, current.progress, current.deadline) == (
            "in_progress",
            40,
            h1_2028,
        )
        assert current.baseline_deadline == q3_2027()  # the first deadline stays the baseline
        assert (current.created_at, current.updated_at) == (added.created_at, entry.recorded_at)
        initiative, history = tracker.history("cross-boundary-wealth-connect")
        assert initiative == current == tracker.resolve(str(added.id))
        assert [(e.event, e.effective) for e in history] == [
            ("created", "2026-01-15"),
            ("update", "2026-11-22"),
        ]
        assert history[1] == entry
        assert tracker.show(UUID).history == history


def test_a_repeated_ref_is_a_duplicate_and_a_change_to_nothing_is_unchanged(
    isolated: Path,
) -> None:
    with Tracker.open() as tracker:
        wealth_connect(tracker)
        first = tracker.update(UUID, UpdateRequest(progress=40, ref="k1"))
        again = tracker.update(UUID, UpdateRequest(progress=90, ref="k1"))
        assert (again.outcome, again.entry, again.initiative.progress) == (
            "duplicate",
            first.entry,
            40,
        )
        same = tracker.update(UUID, UpdateRequest(progress=40))
        assert (same.outcome, same.entry, same.overridden()) == ("unchanged", None, [])
        assert len(tracker.history(UUID)[1]) == 2


def test_a_backdated_update_records_the_value_of_its_day_and_leaves_the_later_one(
    isolated: Path,
) -> None:
    with Tracker.open() as tracker:
        wealth_connect(tracker)  # progress 10 on 2026-01-15
        tracker.update(UUID, UpdateRequest(progress=40))  # today, 2026-11-22
        result = tracker.update(UUID, UpdateRequest(progress=20, on="2026-10-01"))
        assert result.outcome == "recorded"
        assert (result.entry.effective, result.entry.changes) == (
            "2026-10-01",
            {"progress": {"from": 10, "to": 20}},
        )
        assert result.initiative.progress == 40
        assert result.overridden() == ["progress"]
        history = tracker.history(UUID)[1]
        assert [(e.effective, e.changes["progress"]) for e in history] == [
            ("2026-01-15", {"from": None, "to": 10}),
            ("2026-10-01", {"from": 10, "to": 20}),
            ("2026-11-22", {"from": 10, "to": 40}),
        ]


def test_if_status_applies_when_it_holds_and_otherwise_raises_a_conflict(isolated: Path) -> None:
    with Tracker.open() as tracker:
        wealth_connect(tracker)
        before = dump(isolated)
        with pytest.raises(ConflictError) as raised:
            tracker.update(UUID, UpdateRequest(status="achieved", if_status="proposed"))
        assert raised.value.message == (
            "cross-boundary-wealth-connect is announced, not proposed; update not applied"
        )
        assert raised.value.exit_code == 2
        assert dump(isolated) == before
        result = tracker.update(UUID, UpdateRequest(status="achieved", if_status="announced"))
        assert result.entry.changes == {"status": {"from": "announced", "to": "achieved"}}
        with pytest.raises(ConflictError, match=r"^cross-boundary-wealth-connect is achieved,"):
            tracker.update(UUID, UpdateRequest(status="achieved", if_status="announced"))


def test_apply_counts_each_line_and_keeps_nothing_if_one_is_bad(seeded: Path) -> None:
    line = lambda n, **fields: (n, json.dumps({"initiative": "bridging-programme", **fields}))  # noqa: E731
    with Tracker.open() as tracker:
        before = dump(seeded)
        bad = tracker.apply([line(1, progress=70), (2, '{"initiative": "nope", "note": "x"}')])
        assert bad == ApplyResult(
            dry_run=False,
            error_count=1,
            errors=[(2, "no initiative matches 'nope'")],
            lines=2,
            applied=1,
            unchanged=0,
            duplicates=0,
        )
        assert (bad.kept, bad.to_dict()["applied"], bad.to_dict()["would_apply"]) == (False, 0, 1)
        dry = tracker.apply([line(1, progress=70)], dry_run=True)
        assert (dry.applied, dry.kept) == (1, False)
        assert dump(seeded) == before
        seen = []
        done = tracker.apply(
            [line(1, progress=50, ref="a"), line(2, progress=50), line(3, progress=60, ref="a")],
            on_change=lambda number, slug, entry: seen.append((number, slug, entry.changes)),
        )
        assert (done.lines, done.applied, done.unchanged, done.duplicates, done.kept) == (
            3,
            1,
            1,
            1,
            True,
        )
        assert seen == [(1, "bridging-programme", {"progress": {"from": None, "to": 50}})]
        assert tracker.resolve("bridging-programme").progress == 50


# -- edit and remove ---------------------------------------------------------------------


def test_edit_records_each_change_and_an_edit_to_nothing_is_unchanged(isolated: Path) -> None:
    with Tracker.open() as tracker:
        wealth_connect(tracker)
        result = tracker.edit(
            UUID, EditRequest(title="New  title", add_tags=["Extra"], remove_tags=["HK"])
        )
        assert result.outcome == "recorded"
        assert (result.entry.event, result.entry.changes) == (
            "edit",
            {
                "title": {"from": "Cross-boundary wealth connect", "to": "New title"},
                "tags": {"added": ["Extra"], "removed": ["HK"]},
            },
        )
        assert (result.initiative.title, result.initiative.tags) == (
            "New title",
            ["Extra", "Finance"],
        )
        again = tracker.edit(UUID, EditRequest(title="New title"))
        assert (again.outcome, again.entry) == ("unchanged", None)
        assert [e.event for e in tracker.history(UUID)[1]] == ["created", "edit"]


def test_remove_returns_the_initiative_and_detaches_its_children(seeded: Path) -> None:
    with Tracker.open() as tracker:
        plan = tracker.resolve("fintech-hub-action-plan")
        removed, children = tracker.remove("fintech-hub-action-plan")
        assert (removed, children) == (plan, 3)
        with pytest.raises(
            NotFoundError, match=r"^no initiative matches 'fintech-hub-action-plan'"
        ):
            tracker.resolve("fintech-hub-action-plan")
        child, history = tracker.history("fintech-hub-green-finance")
        assert child.parent is None
        assert (
            history[-1].event,
            history[-1].effective,
            history[-1].changes,
            history[-1].note,
        ) == (
            "edit",
            "2026-11-22",
            {
                "parent": {
                    "from": "fintech-hub-action-plan",
                    "to": None,
                    "from_uuid": "223956bd-8517-5b04-9491-b025c7aee94d",
                    "to_uuid": None,
                }
            },
            "parent fintech-hub-action-plan was removed",
        )


# -- reading -----------------------------------------------------------------------------


def test_list_each_and_count_agree(seeded: Path) -> None:
    with Tracker.open() as tracker:
        fintech = ListFilters(tags=["fintech"], sort="title")
        assert [i.slug for i in tracker.list(fintech)] == [
            "hk-fintech-sz-subsidiaries",
            "fintech-hub-data-platforms",
            "fintech-hub-digital-finance",
            "fintech-hub-green-finance",
            "fintech-hub-action-plan",
        ]
        assert list(tracker.each(fintech, chunk=2)) == tracker.list(fintech)
        assert tracker.count(fintech) == 5
        assert tracker.count() == len(tracker.list()) == 13
        overdue = ListFilters(healths=["overdue"])
        assert [i.slug for i in tracker.list(overdue)] == ["bridging-programme"]
        assert tracker.count(overdue) == 1
        assert tracker.list(ListFilters(limit=0)) == []


def test_report_counts_as_of_today(seeded: Path) -> None:
    with Tracker.open() as tracker:
        report = tracker.report()
        assert report.as_of == date(2026, 11, 22)
        assert report.status_counts() == {
            "proposed": 5,
            "announced": 7,
            "in_progress": 1,
            "achieved": 0,
            "stalled": 0,
            "abandoned": 0,
            "superseded": 0,
        }
        assert report.health_counts() == {
            "closed": 0,
            "overdue": 1,
            "due_soon": 0,
            "on_track": 4,
            "no_deadline": 8,
        }
        assert tracker.report(ReportRequest(as_of="2025-01-01")).as_of == date(2025, 1, 1)


def test_seed_adds_the_seeds_once(isolated: Path) -> None:
    with Tracker.open() as tracker:
        assert tracker.seed() == SeedResult(added=SEED_SLUGS, present=0)
        before = dump(isolated)
        assert tracker.seed() == SeedResult(added=[], present=13)
        assert dump(isolated) == before


# -- errors change nothing ---------------------------------------------------------------

REFUSED = [
    (
        lambda t: t.update("bridging-programme", UpdateRequest()),
        InputError,
        "nothing to update: give at least one of --status, --progress, --confidence,"
        " --deadline, --note or --source",
    ),
    (
        lambda t: t.update("bridging-programme", UpdateRequest(progress=101)),
        InputError,
        "progress must be between 0 and 100, not 101",
    ),
    (
        lambda t: t.update("bridging-programme", UpdateRequest(status="done")),
        InputError,
        "unknown status 'done'; choose from proposed, announced, in_progress, achieved,"
        " stalled, abandoned, superseded",
    ),
    (
        lambda t: t.update("bridging-programme", UpdateRequest(note="x", on="2027-01-01")),
        InputError,
        "--on '2027-01-01' is in the future (2027-01-01)",
    ),
    (
        lambda t: t.update("bridging-programme", UpdateRequest(note="x", quote="q")),
        InputError,
        "--quote needs --source: a quote must say where it comes from",
    ),
    (
        lambda t: t.update("nope", UpdateRequest(note="x")),
        NotFoundError,
        "no initiative matches 'nope'",
    ),
    (
        lambda t: t.show("bridging"),
        NotFoundError,
        "no initiative matches 'bridging'; did you mean: bridging-programme?",
    ),
    (lambda t: t.history(""), NotFoundError, "no initiative matches ''"),
    (lambda t: t.remove("nope"), NotFoundError, "no initiative matches 'nope'"),
    (
        lambda t: t.add(NewInitiative(title="X", slug="bridging-programme")),
        InputError,
        "slug 'bridging-programme' is already used; choose another with --slug",
    ),
    (lambda t: t.add(NewInitiative(title="  ")), InputError, "title must not be empty"),
    (lambda t: t.add(NewInitiative(title="X", uuid="zz")), InputError, "invalid uuid 'zz'"),
    (
        lambda t: t.add(NewInitiative(title="X", deadline="whenever")),
        DateParseError,
        '--deadline: cannot read date "whenever": unrecognised word "whenever"',
    ),
    (
        lambda t: t.edit("bridging-programme", EditRequest(parent="x", clear_parent=True)),
        InputError,
        "give either --parent or --no-parent, not both",
    ),
    (
        lambda t: t.list(ListFilters(sort="size")),
        InputError,
        "unknown sort 'size'; choose from deadline, updated, status, title",
    ),
    (
        lambda t: t.count(ListFilters(limit=-1)),
        InputError,
        "--limit must be between 0 and 9223372036854775807, not -1",
    ),
    (
        lambda t: t.report(ReportRequest(horizon="soon")),
        InputError,
        "invalid --horizon 'soon': use a number and a unit, e.g. 90d, 12w, 6m, 1y",
    ),
]


@pytest.mark.parametrize(("call", "error", "message"), REFUSED, ids=[m for _, _, m in REFUSED])
def test_a_refused_call_raises_its_error_and_changes_nothing(seeded, call, error, message):
    before = dump(seeded)
    with Tracker.open() as tracker, pytest.raises(InputError) as raised:
        call(tracker)
    assert (type(raised.value), raised.value.message, str(raised.value)) == (
        error,
        message,
        message,
    )
    assert dump(seeded) == before


def test_a_uuid_prefix_of_two_initiatives_is_ambiguous(isolated: Path) -> None:
    with Tracker.open() as tracker:
        for n in (1, 2):
            tracker.add(
                NewInitiative(title=f"Thing {n}", uuid=f"abcd0000-0000-4000-8000-00000000000{n}")
            )
        with pytest.raises(AmbiguousRefError) as raised:
            tracker.resolve("ABCD")
        assert raised.value.message == "'ABCD' matches several initiatives: thing-1, thing-2"
        assert tracker.resolve("abcd0000-0000-4000-8000-000000000002").slug == "thing-2"


# -- export and import -------------------------------------------------------------------


def test_export_imported_into_a_second_database_exports_the_same(
    seeded: Path, tmp_path: Path
) -> None:
    ok("update", "bridging-programme", "--progress", "30", "--ref", "k1", "--note", "n")
    ok("update", "bridging-programme", "--progress", "20", "--on", "2026-10-01")
    ok("edit", "offshore-rmb-centre", "--add-tag", "RMB", "--parent", "fintech-hub-action-plan")
    with Tracker.open() as tracker:
        records = list(tracker.export())
    assert len(records) == 13 and records == sorted(records, key=lambda r: r["uuid"])
    with Tracker.open(tmp_path / "second.db") as second:
        result = second.import_records(enumerate(records, start=1))
        assert result == ImportResult(
            dry_run=False, error_count=0, errors=[], records=13, created=13, updated=0, unchanged=0
        )
        assert list(second.export()) == records
        before = dump(tmp_path / "second.db")
        again = second.import_records(enumerate(records, start=1))
        assert (again.created, again.updated, again.unchanged) == (0, 0, 13)
        assert dump(tmp_path / "second.db") == before
        rerun = second.update("bridging-programme", UpdateRequest(progress=99, ref="k1"))
        assert rerun.outcome == "duplicate"  # the remembered refs came along


def test_a_bad_record_imports_nothing(isolated: Path) -> None:
    with Tracker.open() as tracker:
        result = tracker.import_records(
            [(1, {"title": "Fine", "slug": "fine"}), (2, {"title": "Bad", "status": "done"})]
        )
        assert (result.error_count, result.kept, result.records) == (1, False, 2)
        assert result.errors[0][0] == 2
        assert result.errors[0][1].startswith("unknown status 'done'")
        assert tracker.count() == 0
