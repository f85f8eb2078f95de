"""The report's fast paths proven equal to the plain rule: the groups summed per
distinct name list, then per name (reports._groups), equal to a plain per-initiative,
per-name count; the changed section loads only the groups a format shows."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_list_rows import build, initiatives

from tracker import reports
from tracker.api import NewInitiative, ReportRequest, Tracker, UpdateRequest
from tracker.domain import shapes
from tracker.domain.model import (
    CLOSED_STATUSES,
    NO_PROGRESS_GROUP,
    Health,
    Status,
    mean_progress,
)
from tracker.renderers.json import JsonRenderer

TODAY = date(2026, 11, 1)


def plain_groups(
    figures: list[reports.Figures], folds: dict[str, dict[str, str]]
) -> tuple[list[reports.Group], list[reports.Group]]:
    """The rule written plainly: each initiative adds to each of its (folded) names."""
    result = []
    for key, lists in (("tags", "tags"), ("jurisdictions", "jurisdictions")):
        folded = folds.get(key) or {}
        totals: dict[str, list[int]] = {}
        for item in figures:
            names = list(dict.fromkeys(folded.get(n, n) for n in getattr(item, lists)))
            counted = item.status not in NO_PROGRESS_GROUP
            for name in names:
                sums = totals.setdefault(name, [0] * 6)
                sums[0] += 1
                sums[1] += item.status not in CLOSED_STATUSES
                sums[2] += item.health is Health.OVERDUE
                sums[3] += item.status == Status.ACHIEVED
                sums[4] += counted
                sums[5] += item.progress_value if counted else 0
        result.append(
            [
                reports.Group(name, n, o, d, a, round(p / c) if c else None)
                for name in sorted(totals, key=lambda n: (n.casefold(), n))
                for n, o, d, a, c, p in [totals[name]]
            ]
        )
    return result[0], result[1]


pool = st.sampled_from(["a", "A", "b", "香港", "x\\y", "Zed", "zed2"])
arrays = st.lists(pool, unique_by=str.casefold, max_size=3)


@st.composite
def figures(draw: Any) -> list[reports.Figures]:
    lists = reports._NameLists()
    rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from([str(s) for s in Status]),
                st.one_of(st.none(), st.integers(0, 100)),
                st.sampled_from(list(Health)),
                arrays,
                arrays,
            ),
            max_size=30,
        )
    )
    made = []
    for n, (status, progress, health, tags, places) in enumerate(rows):
        # shared lists (the report's) and lists of their own, alike
        import json

        tag_list = lists[json.dumps(tags)] if n % 2 else list(tags)
        made.append(
            reports.Figures(
                n, f"s{n}", "t", status, progress, health, None, None, None,
                tags=tag_list, jurisdictions=lists[json.dumps(places)],
            )
        )  # fmt: skip
    return made


folds = st.fixed_dictionaries(
    {},
    optional={
        "tags": st.dictionaries(pool, pool, max_size=3),
        "jurisdictions": st.dictionaries(pool, pool, max_size=3),
    },
)


@settings(max_examples=300, deadline=None)
@given(items=figures(), folded=folds)
def test_groups_equal_the_plain_rule(
    items: list[reports.Figures], folded: dict[str, dict[str, str]]
) -> None:
    found = reports._groups(items, folded)
    assert found == plain_groups(items, folded)
    # numbers, not True (equal to 1, but JSON writes it true)
    assert all(
        type(n) is int
        for groups in found
        for g in groups
        for n in (g.initiatives, g.open, g.overdue, g.achieved)
    )


def test_changed_loads_only_the_groups_shown(tmp_path: Path) -> None:
    with Tracker.open(tmp_path / "t.db", today=TODAY) as t:
        for n in range(3):
            t.add(NewInitiative(title=f"Item {n}", deadline="2027"))
            t.update(f"item-{n}", UpdateRequest(progress=10 + n, on=f"2026-10-2{n}"))
        report = t.report(ReportRequest(), materialise=2)
        loaded = [group.item is not None for group in report.changed]
        assert [g.slug for g in report.changed] == ["item-0", "item-1", "item-2"]
        assert loaded == [True, True, False]
        every = t.report(ReportRequest(), materialise=None)
        assert all(group.item is not None for group in every.changed)
        assert all(group.item is None for group in t.report(materialise=0).changed)


def plain_sections(report: reports.Report) -> dict[str, list[int]]:
    """The sections' rules written plainly, one list comprehension each, from the
    report's own figures and order."""
    ordered = [report.figures[i] for i in report.order]
    stale_before = report.as_of - timedelta(days=report.options.stale_after_days)
    quiet = [
        f
        for f in ordered
        if f.health != Health.CLOSED and (f.last_update is None or f.last_update <= stale_before)
    ]
    overdue = sorted(
        (f for f in ordered if f.health == Health.OVERDUE), key=lambda f: -(f.days_overdue or 0)
    )
    return {
        "overdue": [f.id for f in overdue],
        "due_soon": [f.id for f in ordered if f.health == Health.DUE_SOON],
        "timeline": [f.id for f in ordered if f.latest is not None and f.health != "closed"],
        "quiet": [f.id for f in quiet],
    }


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(items=initiatives, steps=st.lists(st.integers(0, 9), max_size=8))
def test_sections_and_formats_on_generated_databases(
    items: list[dict[str, Any]], steps: list[int]
) -> None:
    """On generated databases: the sections are the plain rules' lists, the entries the
    same texts by either path, and every human-readable format writes the same text
    whether every initiative was loaded or only those shown."""
    with (
        tempfile.TemporaryDirectory() as folder,
        Tracker.open(Path(folder) / "t.db", today=TODAY) as t,
    ):
        build(t, items, steps)
        for request in (
            ReportRequest(),
            ReportRequest(as_of="2026-06-01", since="2026-01-01"),
            ReportRequest(since="2020-01-01", stale_after="0d", horizon="3000d"),
        ):
            report = t.report(request, materialise=0)
            plain = plain_sections(report)
            assert report.overdue.ids == plain["overdue"]
            assert report.due_soon.ids == plain["due_soon"]
            assert report.timeline.ids == plain["timeline"]
            assert set(report.stale.ids) <= set(plain["quiet"])
            assert list(report.entry_texts(report.order)) == list(map(report.entry, report.order))
            for rows in (1, 2):
                shown = t.report(request, materialise=rows)
                every = t.report(request, materialise=None)
                for fmt in ("markdown", "html", "terminal"):
                    assert written(fmt, shown, rows) == written(fmt, every, rows)


def written(fmt: str, report: reports.Report, rows: int) -> str:
    from tracker.renderers import FORMATS

    out = io.StringIO()
    FORMATS[fmt].load()(out, False).report(report, rows)
    return out.getvalue()


#: Deadlines to move to: later, earlier, the report day itself (due, not overdue), the
#: horizon's last day and the day after it (from TODAY, 90 days), a quarter, the last
#: day there is (sorted before no deadline).
MOVES = ("2030", "2025-01-15", "2026-11-01", "2027-01-30", "2027-01-31", "Q2 2028", "9999-12-31")


def plain_counts(report: reports.Report) -> dict[str, Any]:
    """The counts' rules written plainly, over every initiative's figures."""
    figures = [report.figures[i] for i in report.order]
    statuses = {str(s): sum(f.status == s for f in figures) for s in Status}
    healths = {str(h): sum(f.health is h for f in figures) for h in Health}
    return {
        "initiatives": len(figures),
        "progress": mean_progress([(f.status, f.progress) for f in figures]),
        "status": statuses,
        "health": healths,
    }


def plain_moved_by(t: Tracker, report: reports.Report) -> dict[int, str]:
    """Each slipped deadline's update as the report read it before (one subquery in the
    facts query, for every initiative): the reference for the probes of those shown."""
    from tracker.storage import report_queries as queries

    found = {}
    with t.db.read() as conn:
        dead = queries.corrections(conn).dead
        sql = queries._MOVED_BY.format(id=":id", alive=queries._alive("u", dead))
        for initiative_id, figures in report.figures.items():
            if figures.days_slipped is not None:
                params = {"id": initiative_id, "day": report.as_of.isoformat()}
                (value,) = conn.execute(f"SELECT {sql}", {**params, "dead": json.dumps(dead)})
                found[initiative_id] = value[0]
    return {i: text for i, text in found.items() if text is not None}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    items=initiatives,
    steps=st.lists(st.integers(0, 9), max_size=8),
    moves=st.lists(st.tuples(st.integers(0, 6), st.sampled_from(MOVES)), max_size=5),
)
def test_counts_entries_and_moved_by_equal_the_plain_rules(
    items: list[dict[str, Any]], steps: list[int], moves: list[tuple[int, str]]
) -> None:
    """The counts summed as the rows are read, each entry closed once with its computed
    keys, and the update that set a slipped deadline read only for those shown: equal to
    the plain rules, on generated databases (unicode, no deadline, every status, backdated
    and retracted moves, stale and due-soon boundaries on the report day)."""
    with (
        tempfile.TemporaryDirectory() as folder,
        Tracker.open(Path(folder) / "t.db", today=TODAY) as t,
    ):
        build(t, items, steps)
        slugs = [i.slug for i in t.list()]
        for n, (index, deadline) in enumerate(moves):
            if not slugs:
                break
            slug = slugs[index % len(slugs)]
            result = t.update(
                slug,
                UpdateRequest(
                    deadline=deadline,
                    note=f"moved «{n}»" if n % 2 else None,
                    source="https://example.org/中" if n % 3 == 0 else None,
                    on=(TODAY - timedelta(days=30 * n)).isoformat(),
                ),
            )
            if n == 3 and result.entry is not None:
                t.retract(result.entry.uuid, "wrong")
        for request in (
            ReportRequest(),
            ReportRequest(as_of="2026-06-01", since="2026-01-01"),
            ReportRequest(since="2020-01-01", stale_after="0d", horizon="3000d"),
            ReportRequest(horizon="60d", stale_after="31d", statuses=["in_progress", "stalled"]),
        ):
            every = t.report(request, materialise=None)
            document = every.to_dict()
            plain_order = sorted(
                every.figures.values(),
                key=lambda f: (f.latest is None, f.latest or date.max, f.title.casefold(), f.id),
            )
            assert every.order == [f.id for f in plain_order]
            assert document["counts"] == plain_counts(every)
            moved = plain_moved_by(t, every)
            assert {i: f.moved_by for i, f in every.figures.items() if f.moved_by} == moved
            for materialise in (0, 2):
                report = t.report(request, materialise=materialise)
                assert report.to_dict() == document
                out = io.StringIO()
                JsonRenderer(out, False).report(report)
                assert json.loads(out.getvalue()) == document
                for initiative_id in report.order:
                    entry = json.loads(report.entry(initiative_id))
                    stored = json.loads(report.stored_entry(initiative_id))
                    assert list(stored) == list(shapes.REPORT_STORED_KEYS)
                    assert stored == {k: entry[k] for k in shapes.REPORT_STORED_KEYS}


def test_no_deadline_sorts_after_the_last_day(tmp_path: Path) -> None:
    with Tracker.open(tmp_path / "t.db", today=TODAY) as t:
        t.add(NewInitiative(title="A none"))
        t.add(NewInitiative(title="B last day", deadline="9999-12-31"))
        t.add(NewInitiative(title="c same day", deadline="9999-12-31"))
        t.add(NewInitiative(title="C same day", deadline="9999-12-31"))
        report = t.report(ReportRequest(), materialise=0)
        slugs = [report.figures[i].slug for i in report.order]
        assert slugs == ["b-last-day", "c-same-day", "c-same-day-2", "a-none"]
