"""Issue 16: tracker calendar as calendar programs read it (icalendar, khal).

Every file has a component (RFC 5545); an overdue initiative also sits on the
calendar's day, where an agenda view looks; --base-url gives each event its page.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import TODAY, ok, run

BASE = "https://example.org/tracker"
BRIDGING = "4df265b0-0dff-5069-8e0f-3dc3577b8952"  # late 2025: overdue on TODAY
BRIDGING_TITLE = "Dual-qualification banking-talent bridging programme with PolyU"


def _parse(text: str):
    import icalendar

    return icalendar.Calendar.from_ical(text.encode("utf-8"))


def _events(text: str) -> dict[str, object]:
    return {str(e["uid"]): e for e in _parse(text).walk("VEVENT")}


def _khal(tmp_path: Path, ics: str, *args: str) -> str:
    """``khal`` with a configuration of its own under ``tmp_path``, on ``ics``."""
    binary = shutil.which("khal")
    if binary is None:
        pytest.skip("khal is not installed (apt-get install khal)")
    home = tmp_path / "khal"
    (home / "calendar").mkdir(parents=True, exist_ok=True)
    config = home / "config"
    config.write_text(
        f"[calendars]\n[[tracker]]\npath = {home / 'calendar'}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
        "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\n"
        f"[default]\ndefault_calendar = tracker\n[sqlite]\npath = {home / 'khal.db'}\n"
    )
    path = tmp_path / "calendar.ics"
    path.write_text(ics, encoding="utf-8")
    done = subprocess.run(
        [binary, "-c", str(config), *[str(path) if a == "ICS" else a for a in args]],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "TZ": "UTC"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower(), done.stderr
    return done.stdout


@pytest.mark.parametrize("setup", [("init",), ("init", "--seed")])
def test_a_calendar_with_no_event_still_has_a_component(isolated: Path, setup, tmp_path) -> None:
    ok(*setup)
    text = ok("calendar", "--status", "achieved")  # open deadlines of achieved ones: none
    calendar = _parse(text)
    assert [c.name for c in calendar.subcomponents] == ["X-TRACKER-EMPTY"]
    assert calendar.walk("VEVENT") == []
    assert _khal(tmp_path, text, "printics", "ICS").startswith("0 events found")


def test_an_overdue_initiative_also_sits_on_today(seeded: Path, tmp_path) -> None:
    text = ok("calendar")
    events = _events(text)
    assert len(_parse(text).subcomponents) == len(events) == 6  # 5 deadlines, 1 overdue
    deadline = events[f"{BRIDGING}@tracker"]
    assert deadline.decoded("dtstart").isoformat() == "2025-12-31"  # kept
    overdue = events[f"{BRIDGING}-overdue@tracker"]
    assert str(overdue["summary"]) == f"Overdue since 2026-01-01: {BRIDGING_TITLE}"
    assert (overdue.decoded("dtstart").isoformat(), overdue.decoded("dtend").isoformat()) == (
        TODAY,
        "2026-11-23",
    )
    assert str(overdue["description"]).startswith("Overdue since 2026-01-01 (326 days on")
    assert ok("calendar") == text  # byte-identical for an unchanged database
    # khal's agenda for the day shows it
    _khal(tmp_path, text, "import", "--batch", "ICS")
    day = _khal(tmp_path, text, "list", "--format", "{start-date} {title}", TODAY, "1d")
    assert f"{TODAY} Overdue since 2026-01-01: {BRIDGING_TITLE}" in day.splitlines()


def test_the_overdue_event_moves_with_the_day(seeded: Path, monkeypatch) -> None:
    first = _events(ok("calendar"))[f"{BRIDGING}-overdue@tracker"]
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-23")
    later = _events(ok("calendar"))[f"{BRIDGING}-overdue@tracker"]
    assert later.decoded("dtstart").isoformat() == "2026-11-23"
    # DTSTAMP: the later of the last change and the day's start, from the data alone
    for event, day in (
        (first, datetime(2026, 11, 22, tzinfo=UTC)),
        (later, datetime(2026, 11, 23, tzinfo=UTC)),
    ):
        assert event.decoded("dtstamp") == max(event.decoded("last-modified"), day)


def test_as_of_draws_the_calendar_of_that_day(seeded: Path) -> None:
    assert ok("calendar", "--as-of", TODAY) == ok("calendar")
    ok("update", "bridging-programme", "--status", "achieved", "--on", "2026-02-01")
    events = _events(ok("calendar", "--as-of", "2026-01-15"))
    overdue = events[f"{BRIDGING}-overdue@tracker"]  # open then, achieved since
    assert overdue.decoded("dtstart").isoformat() == "2026-01-15"
    assert f"{BRIDGING}-overdue@tracker" not in _events(ok("calendar"))
    result = run("calendar", "--as-of", "someday soonish")
    assert (result.exit_code, result.stdout) == (2, "")


def test_the_filters_apply_to_the_overdue_too(seeded: Path) -> None:
    events = _events(ok("calendar", "--tag", "fintech"))
    assert not any(uid.endswith("-overdue@tracker") for uid in events)
    events = _events(ok("calendar", "--tag", "talent"))
    assert sorted(events) == [f"{BRIDGING}-overdue@tracker", f"{BRIDGING}@tracker"]


def test_with_a_base_url_every_event_links_its_page(seeded: Path) -> None:
    from tracker.api import Tracker

    with Tracker.open() as tracker:
        slugs = {i.uuid: i.slug for i in tracker.list()}
    events = _events(ok("calendar", "--base-url", BASE))
    assert len(events) == 6
    for uid, event in events.items():
        uuid = uid.removesuffix("@tracker").removesuffix("-overdue")
        assert str(event["url"]) == f"{BASE}/initiatives/{slugs[uuid]}.html"
    assert all("url" not in e for e in _events(ok("calendar")).values())
    result = run("calendar", "--base-url", "example.org")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: --base-url must")


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"tags": ["talent"]},
        {"tags": ["Zeta", "alpha"]},
        {"statuses": ["proposed", "stalled"]},
        {"sponsors": ["b sponsor"], "jurisdictions": ["Hong Kong"]},
    ],
)
def test_the_calendars_query_gives_what_list_gives(seeded: Path, filters) -> None:
    """Issue 17: tracker calendar reads its initiatives in one streamed statement; they
    are list's open ones with a deadline (names sorted as list sorts them), in the
    calendar's order: the deadline's latest day, then uuid."""
    from tracker.api import Tracker
    from tracker.requests import ListFilters

    ok("add", "Same day B", "--deadline", "2027-03-31", "--tag", "Zeta", "--tag", "alpha",
       "--tag", "Beta", "--sponsor", "b sponsor", "--sponsor", "A sponsor",
       "--jurisdiction", "Hong Kong", "--status", "stalled")  # fmt: skip
    ok("add", "Same day A", "--deadline", "Q1 2027", "--tag", "alpha", "--tag", "Zeta")
    ok("add", "Closed", "--deadline", "2027", "--tag", "alpha", "--status", "achieved")
    ok("add", "No deadline", "--tag", "alpha", "--tag", "Zeta")
    with Tracker.open() as tracker:
        listed = tracker.list(ListFilters(healths=["overdue", "due_soon", "on_track"], **filters))
        streamed = list(tracker.open_deadlines(ListFilters(**filters)))
    assert streamed == sorted(listed, key=lambda i: (i.deadline.latest, i.uuid))
    assert streamed  # each filter keeps something
    tags = {i.title: i.tags for i in streamed}
    assert tags.get("Same day B", ["alpha", "Beta", "Zeta"]) == ["alpha", "Beta", "Zeta"]
