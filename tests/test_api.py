"""The library: ``tracker.api.Tracker``, the facade the command line is built on."""

from __future__ import annotations

import pytest
from helpers import ok, run, shown

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


def test_the_calendar_written_event_by_event_is_the_one_calendar(seeded):
    import io
    from datetime import date

    from tracker.api import ListFilters, Tracker
    from tracker.renderers import ical

    ok("add", "Short window", "--deadline", "2027-03-04", "--tag", "x")
    ok("add", "Same day", "--deadline", "2027-03-04")
    with Tracker.open() as tracker:
        items = tracker.list(ListFilters(healths=["overdue", "due_soon", "on_track"]))
    today = date(2026, 11, 22)
    for chosen in (items, items[:1], []):
        streamed = io.StringIO()
        ical.render_calendar(iter(chosen), today, streamed)
        whole = ical._calendar()  # the plain way: one Calendar holding every event
        for item in sorted(chosen, key=lambda i: (i.deadline.latest, i.uuid)):
            whole.add_component(ical.event(item, str(item.health(today))))
        assert streamed.getvalue() == whole.to_ical().decode("utf-8")
    assert len(items) > 3


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
