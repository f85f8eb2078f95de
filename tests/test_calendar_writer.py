"""Issue 17: tracker calendar's own iCalendar writer gives the icalendar library's bytes.

tracker.renderers.ical writes the text itself (the library's objects took 15 s for
100,000 initiatives). :func:`reference` below is the library path it replaced: the
same events built as icalendar ``Event`` objects in one ``Calendar``, serialised by
``Calendar.to_ical()``. On generated initiatives (titles, sponsors, tags and deadline
phrases with Unicode, Chinese, emoji, control characters, ``\\ ; , ^``, line breaks,
very long and empty values; every kind of window; overdue or not; with and without a
base URL; no initiative at all) the two give the same bytes, and the library reads
every file back with one component per event.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from itertools import groupby

import icalendar
import pytest
from helpers import ok
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline

from tracker.domain.initiatives import Initiative
from tracker.domain.model import Status
from tracker.domain.windows import Precision, Window
from tracker.renderers import sitepaths
from tracker.renderers.ical import SPAN_DAYS, changed, fold, moment, render_calendar, stamp
from tracker.renderers.phrasing import due, safe

# -- the reference: the icalendar library's path, as tracker calendar used it ------------


def _lines(initiative: Initiative, health: str) -> list[str]:
    deadline = due(initiative)
    lines = [
        f"Deadline: {deadline.text} ({deadline.earliest}..{deadline.latest}, {deadline.precision})",
        f"Status: {initiative.status}; health: {health}",
    ]
    if initiative.progress is not None:
        lines.append(f"Progress: {initiative.progress}%")
    if initiative.sponsors:
        lines.append("Sponsors: " + ", ".join(initiative.sponsors))
    lines.append(f"tracker show {initiative.slug}")
    return lines


def _common(entry: icalendar.Event, initiative: Initiative, base_url: str | None) -> None:
    if initiative.tags:
        entry.add("categories", [safe(tag) for tag in initiative.tags])
    if base_url is not None:
        entry.add("url", sitepaths.absolute(base_url, sitepaths.initiative_page(initiative.slug)))
    entry.add("transp", "TRANSPARENT")


def _event(initiative: Initiative, health: str, base_url: str | None) -> icalendar.Event:
    deadline = due(initiative)
    entry = icalendar.Event()
    entry.add("uid", f"{initiative.uuid}@tracker")
    entry.add("dtstamp", stamp(initiative.updated_at))
    entry.add("last-modified", stamp(initiative.updated_at))
    if (deadline.latest - deadline.earliest).days + 1 <= SPAN_DAYS:
        entry.add("summary", f"Deadline: {safe(initiative.title)}")
        entry.add("dtstart", deadline.earliest)
    else:
        entry.add("summary", f"Due by: {safe(initiative.title)}")
        entry.add("dtstart", deadline.latest)
    entry.add("dtend", deadline.latest + timedelta(days=1))
    entry.add("description", safe("\n".join(_lines(initiative, health))))
    _common(entry, initiative, base_url)
    return entry


def _overdue(initiative: Initiative, today: date, base_url: str | None) -> icalendar.Event:
    since = due(initiative).latest + timedelta(days=1)
    days = (today - due(initiative).latest).days
    changed = stamp(initiative.updated_at)
    entry = icalendar.Event()
    entry.add("uid", f"{initiative.uuid}-overdue@tracker")
    entry.add("dtstamp", max(changed, datetime(today.year, today.month, today.day, tzinfo=UTC)))
    entry.add("last-modified", changed)
    entry.add("summary", f"Overdue since {since}: {safe(initiative.title)}")
    entry.add("dtstart", today)
    entry.add("dtend", today + timedelta(days=1))
    lines = [f"Overdue since {since} ({days} day{'' if days == 1 else 's'} on {today})"]
    entry.add("description", safe("\n".join(lines + _lines(initiative, "overdue"))))
    _common(entry, initiative, base_url)
    return entry


class _Empty(icalendar.cal.component.Component):
    name = "X-TRACKER-EMPTY"


def reference(initiatives: list[Initiative], today: date, base_url: str | None) -> bytes:
    """The whole calendar as one icalendar ``Calendar``, serialised by the library."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//tracker//policy initiative deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Policy initiative deadlines")
    overdue = []
    for _, same_day in groupby(initiatives, key=lambda i: due(i).latest):
        for initiative in sorted(same_day, key=lambda i: i.uuid):
            health = str(initiative.health(today))
            if health == "overdue":
                overdue.append(initiative)
            calendar.add_component(_event(initiative, health, base_url))
    for initiative in overdue:
        calendar.add_component(_overdue(initiative, today, base_url))
    if not initiatives:
        empty = _Empty()
        empty.add("description", "No open initiative with a deadline matched.")
        calendar.add_component(empty)
    return calendar.to_ical()


def written(initiatives: list[Initiative], today: date, base_url: str | None) -> bytes:
    stream = io.StringIO(newline="")
    render_calendar(iter(initiatives), today, stream, base_url)
    return stream.getvalue().encode("utf-8")


# -- generated data ------------------------------------------------------------------

#: What escaping and folding must get right, more often than chance would give it.
HARD = [
    "\\",
    ";",
    ",",
    "^",
    "\n",
    "\r",
    "\r\n",
    "\\N",
    "\\n",
    "\t",
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\u202e",
    "\u2028",
    "é",
    "中",
    "國務院",
    "😀",
    "👩‍👩‍👧",
    "\u0301",
    "\ufeff",
    '"',
    ":",
    " ",
]
CHARS = st.one_of(
    st.sampled_from(HARD),
    st.characters(codec="utf-8"),
    st.sampled_from("abcdefghij 0123456789"),
)
TEXT = st.lists(CHARS, max_size=60).map("".join)
LONG = st.one_of(TEXT, st.tuples(TEXT, st.integers(1, 40)).map(lambda t: t[0] * t[1]), st.just(""))
DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
TODAY = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def windows(draw: st.DrawFn) -> Window:
    earliest = draw(DAYS)
    length = draw(st.sampled_from([0, 0, 6, 30, 31, 89, 364, 3000]))
    return Window(
        draw(LONG), earliest, earliest + timedelta(days=length), draw(st.sampled_from(Precision))
    )


@st.composite
def initiatives(draw: st.DrawFn) -> Initiative:
    changed = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 12, 31)))
    return Initiative(
        id=draw(st.integers(1, 10**6)),
        uuid=draw(st.one_of(st.uuids().map(str), st.uuids().map(str), TEXT)),
        slug=draw(st.one_of(st.from_regex(r"[a-z0-9-]{1,40}", fullmatch=True), TEXT)),
        title=draw(LONG),
        summary="",
        kind="programme",
        status=str(draw(st.sampled_from(Status))),
        confidence=None,
        progress=draw(st.one_of(st.none(), st.integers(0, 100))),
        announced=None,
        deadline=draw(windows()),
        baseline_deadline=None,
        parent=None,
        created_at="2020-01-01T00:00:00.000000Z",
        updated_at=changed.isoformat(timespec="microseconds") + "Z",
        tags=draw(st.lists(LONG, max_size=4)),
        sponsors=draw(st.lists(LONG, max_size=4)),
    )


BASES = st.one_of(
    st.none(),
    st.just("https://example.org/tracker"),
    st.lists(st.sampled_from(["a", "中", "😀", ",", ";", "%", "\\", "^", "-"]), max_size=90).map(
        lambda path: "https://例え.jp/" + "".join(path)
    ),
)


def _in_order(items: list[Initiative]) -> list[Initiative]:
    """As the command gives them: by the deadline's latest day (then uuid)."""
    return sorted(items, key=lambda i: (due(i).latest, i.uuid))


def _components(data: bytes) -> list[str]:
    return [c.name for c in icalendar.Calendar.from_ical(data).subcomponents]


# -- the tests ------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(initiatives(), max_size=6), TODAY, BASES)
@example([], date(2026, 11, 22), None)
@example([], date(2026, 11, 22), "https://example.org/tracker")
def test_the_writer_gives_the_librarys_bytes(items, today, base) -> None:
    items = _in_order(items)
    data = written(items, today, base)
    assert data == reference(items, today, base)
    overdue = sum(str(i.health(today)) == "overdue" for i in items)
    components = _components(data)
    assert len(components) == (len(items) + overdue or 1)
    assert set(components) == ({"VEVENT"} if items else {"X-TRACKER-EMPTY"})


@settings(max_examples=500, deadline=None)
@given(st.lists(CHARS, max_size=400).map("".join))
def test_a_content_line_folds_as_the_library_folds_it(value) -> None:
    line = "DESCRIPTION:" + value.replace("\n", "").replace("\r", "")
    assert fold(line) == Contentline(line).to_ical().decode("utf-8")


@pytest.mark.parametrize(
    "line",
    [
        "X" * 74,
        "X" * 75,
        "X" * 148,
        "X" * 149,
        "X" * 73 + "\\;" + "Y" * 80,  # a \ that would end a line starts the next
        "X" * 73 + "^^" + "Y" * 80,
        "X" * 72 + "中" + "Y" * 80,  # 3 octets across the 74th: the character moves down
        "X" * 73 + "😀" * 40,
        "\\" * 200,
        "中" * 100,
    ],
)
def test_folding_at_the_edges(line: str) -> None:
    folded = fold(line)
    assert folded == Contentline(line).to_ical().decode("utf-8")
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


@given(
    st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    st.sampled_from(["seconds", "milliseconds", "microseconds"]),
    st.sampled_from(["Z", "+00:00", "+08:00", "-05:30", ""]),
)
def test_a_stored_time_reads_as_the_library_writes_it(when, spec, zone) -> None:
    text = when.isoformat(timespec=spec) + zone
    assert changed(text) == moment(stamp(text))
    assert changed(text) == icalendar.vDatetime(stamp(text)).to_ical().decode()


def test_stamps_are_utc_to_the_second() -> None:
    assert stamp("2026-11-22T09:30:00.123456Z") == datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    assert stamp("2026-11-22T11:30:00+02:00") == datetime(2026, 11, 22, 9, 30, tzinfo=UTC)
    assert stamp("2026-11-22T09:30:00") == datetime(2026, 11, 22, 9, 30, tzinfo=UTC)


def test_a_seeded_calendar_is_the_librarys_too(seeded, tmp_path) -> None:
    """The command's own output (seeded data, overdue on the day, a base URL) against
    the library's serialisation of the same initiatives."""
    from tracker.api import Tracker
    from tracker.requests import ListFilters

    ok("add", "Short window", "--deadline", "2027-03-04", "--tag", "x")
    ok("add", "Same day", "--deadline", "2027-03-04")  # after or before it, by uuid
    with Tracker.open() as tracker:
        chosen = [
            i
            for i in tracker.list(ListFilters(healths=["overdue", "due_soon", "on_track"]))
            if i.deadline is not None
        ]
        today = tracker.today
    chosen = _in_order(chosen)
    base = "https://example.org/tracker"
    target = tmp_path / "calendar.ics"
    ok("calendar", "--base-url", base, "--output", str(target))
    assert target.read_bytes() == reference(chosen, today, base)
    ok("calendar", "--output", str(target))
    assert target.read_bytes() == reference(chosen, today, None)
    assert any(str(i.health(today)) == "overdue" for i in chosen)
    assert len(chosen) > 3
