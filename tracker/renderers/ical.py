"""``tracker calendar``: open deadlines as an iCalendar file (RFC 5545).

One all-day event per open initiative with a deadline:

- a window of up to 31 days (a day, a week, a month) is an all-day span
  ``DTSTART = earliest``, ``DTEND = latest + 1 day`` (DTEND is exclusive);
- a coarser window (a quarter, a year, a plan period) is one all-day event on its
  latest day, titled "due by", so a calendar is not covered in year-long bars;
- the description keeps the original phrase and the whole window;
- the UID is derived from the initiative's uuid, so re-importing or re-subscribing
  updates the entry instead of adding a copy; DTSTAMP is the initiative's last
  change, so an unchanged database gives a byte-identical file.

An overdue initiative's deadline lies in the past, where an agenda view never looks:
each one also gets an all-day event on the calendar's day (today, or ``--as-of``),
"Overdue since DAY: TITLE" (DAY: the day after its deadline's latest). Its UID is
``<uuid>-overdue@tracker``, so the event moves from day to day instead of piling
up; its DTSTAMP is the later of the initiative's last change and the calendar's day
(midnight UTC), so it is the same for the same database and day.

With a base URL (where :mod:`tracker.renderers.sitepaths`' site is served) every
event has a URL property: its initiative's page.

RFC 5545 wants at least one component in a calendar: one with no event holds an
``X-TRACKER-EMPTY`` component instead (an x-comp, which the RFC lets a program
ignore, and which icalendar, khal and calendar programs do). A VTIMEZONE would do
too, but says something false of all-day events (they have no time zone), and a
VTODO or VJOURNAL would show up as a task or a note.

The text is written here, an event at a time, rather than by the icalendar library
(whose objects made a calendar of 100,000 initiatives take 15 s): the same bytes as
icalendar 7's ``Calendar.to_ical()``, which tests/test_calendar_writer.py proves on
generated data. What that means:

- properties in icalendar's order (an event's SUMMARY, DTSTART, DTEND, DTSTAMP, UID,
  then the rest by name);
- TEXT escaped as icalendar escapes it (:func:`text`): ``\\``, ``;``, ``,`` and line
  breaks, and a ``\\N`` read as a line break;
- content lines folded before 75 octets on a character's boundary, never right after
  a ``\\`` or ``^`` (:func:`fold`), lines ended by CRLF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from tracker.renderers import CalendarRenderer, sitepaths
from tracker.renderers.phrasing import due, safe

if TYPE_CHECKING:
    from tracker.domain.initiatives import Initiative

SPAN_DAYS = 31

#: The calendar's envelope: its properties, and its end.
BEGIN = (
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//tracker//policy initiative deadlines//EN\r\n"
    "CALSCALE:GREGORIAN\r\n"
    "X-WR-CALNAME:Policy initiative deadlines\r\n"
)
END = "END:VCALENDAR\r\n"
#: The component of a calendar with no event (RFC 5545 wants one): an x-comp.
EMPTY = (
    "BEGIN:X-TRACKER-EMPTY\r\n"
    "DESCRIPTION:No open initiative with a deadline matched.\r\n"
    "END:X-TRACKER-EMPTY\r\n"
)

#: A folded line goes on after CRLF and one space; a line holds at most this many octets.
_FOLD = "\r\n "
_OCTETS = 74


def uid(initiative_uuid: str) -> str:
    return f"{initiative_uuid}@tracker"


def stamp(text: str) -> datetime:
    """``2026-11-22T09:30:00.123456Z`` -> an aware UTC datetime, to the second (a time
    without an offset is taken as UTC: DTSTAMP and LAST-MODIFIED are UTC)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00")).replace(microsecond=0)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def text(value: str) -> str:
    """A TEXT value escaped (RFC 5545 3.3.11), as icalendar escapes it."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded (RFC 5545 3.1): at most 74 octets a line (75 with the
    continuation's space), cut only between characters, and never right after a ``\\``
    or ``^`` (which then starts the next line, as icalendar folds)."""
    if line.isascii():
        size = len(line)
        if size <= _OCTETS:
            return line
        if "\\" not in line and "^" not in line:
            return _FOLD.join([line[i : i + _OCTETS] for i in range(0, size, _OCTETS)])
        parts = []
        start = 0
        while size - start > _OCTETS:
            end = start + _OCTETS
            if line[end - 1] in "\\^":
                end -= 1
            parts.append(line[start:end])
            start = end
        parts.append(line[start:])
        return _FOLD.join(parts)
    data = line.encode("utf-8")
    size = len(data)
    if size <= _OCTETS:
        return line
    pieces = []
    start = 0
    while size - start > _OCTETS:
        end = start + _OCTETS
        while data[end] & 0xC0 == 0x80:  # inside a character: cut before it
            end -= 1
        if end - start > 1 and data[end - 1] in b"\\^":
            end -= 1
        pieces.append(data[start:end])
        start = end
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode("utf-8")


def _date(day: date) -> str:
    return day.isoformat().replace("-", "")


def moment(when: datetime) -> str:
    """A UTC date-time value: ``20261122T093000Z``."""
    w = when
    return f"{w.year:04d}{w.month:02d}{w.day:02d}T{w.hour:02d}{w.minute:02d}{w.second:02d}Z"


#: How tracker writes its times (:func:`tracker.domain.clock.now`), read by slicing.
_STORED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z")


def changed(text: str) -> str:
    """An initiative's ``updated_at`` as :func:`moment` gives :func:`stamp`'s reading."""
    if _STORED.fullmatch(text):
        return f"{text[:4]}{text[5:7]}{text[8:10]}T{text[11:13]}{text[14:16]}{text[17:19]}Z"
    return moment(stamp(text))


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


def _line(name: str, value: str) -> str:
    """A content line, folded, with its CRLF. Like icalendar, which reads a value's bytes
    back as ``utf-8-sig``, a byte order mark opening the value is dropped."""
    return fold(f"{name}:{value.removeprefix(BOM)}") + "\r\n"


BOM = "\ufeff"


def _event(
    summary: str,
    start: date,
    end: date,
    dtstamp: str,
    event_uid: str,
    description: str,
    last_modified: str,
    initiative: Initiative,
    base_url: str | None,
) -> str:
    """A VEVENT, its properties in icalendar's order (canonical ones, then by name)."""
    categories = (
        _line("CATEGORIES", ",".join([text(safe(tag)) for tag in initiative.tags]))
        if initiative.tags
        else ""
    )
    url = (
        _line("URL", sitepaths.absolute(base_url, sitepaths.initiative_page(initiative.slug)))
        if base_url is not None
        else ""
    )
    return (
        f"BEGIN:VEVENT\r\n{_line('SUMMARY', text(summary))}"
        f"DTSTART;VALUE=DATE:{_date(start)}\r\nDTEND;VALUE=DATE:{_date(end)}\r\n"
        f"DTSTAMP:{dtstamp}\r\n{_line('UID', text(event_uid))}{categories}"
        f"{_line('DESCRIPTION', text(description))}"
        f"LAST-MODIFIED:{last_modified}\r\nTRANSP:TRANSPARENT\r\n{url}END:VEVENT\r\n"
    )


def event(initiative: Initiative, health: str, base_url: str | None = None) -> str:
    """The event of an initiative's deadline."""
    deadline = due(initiative)
    last = changed(initiative.updated_at)
    if (deadline.latest - deadline.earliest).days + 1 <= SPAN_DAYS:
        summary, start = f"Deadline: {safe(initiative.title)}", deadline.earliest
    else:
        summary, start = f"Due by: {safe(initiative.title)}", deadline.latest
    return _event(
        summary,
        start,
        deadline.latest + timedelta(days=1),
        last,
        uid(initiative.uuid),
        safe("\n".join(_lines(initiative, health))),
        last,
        initiative,
        base_url,
    )


def overdue_event(initiative: Initiative, today: date, base_url: str | None = None) -> str:
    """An overdue initiative on ``today``: "Overdue since DAY: TITLE"."""
    latest = due(initiative).latest
    since = latest + timedelta(days=1)
    days = (today - latest).days
    last = changed(initiative.updated_at)
    lines = [f"Overdue since {since} ({days} day{'' if days == 1 else 's'} on {today})"]
    return _event(
        f"Overdue since {since}: {safe(initiative.title)}",
        today,
        today + timedelta(days=1),
        max(last, f"{_date(today)}T000000Z"),  # the same format: the later one
        f"{initiative.uuid}-overdue@tracker",
        safe("\n".join(lines + _lines(initiative, "overdue"))),
        last,
        initiative,
        base_url,
    )


def render_calendar(
    initiatives: Iterable[Initiative],
    today: date,
    stream: TextIO,
    base_url: str | None = None,
) -> None:
    """One event per initiative, which must come in order of their deadline's latest day
    (``list --sort deadline``); within a day they go by uuid. Then one on ``today`` for
    each of them overdue on it, in the same order; :data:`EMPTY` when there is no
    event. The text is written an event at a time, holding only the overdue."""
    stream.write(BEGIN)
    overdue: list[Initiative] = []
    events = 0
    write = stream.write
    for _, same_day in groupby(initiatives, key=lambda i: due(i).latest):
        for initiative in sorted(same_day, key=lambda i: i.uuid):
            health = str(initiative.health(today))
            if health == "overdue":
                overdue.append(initiative)
            write(event(initiative, health, base_url))
            events += 1
    for initiative in overdue:
        write(overdue_event(initiative, today, base_url))
    if not events:
        write(EMPTY)
    write(END)


class IcalRenderer(CalendarRenderer):
    def calendar(
        self, initiatives: Iterable[Initiative], today: date, base_url: str | None = None
    ) -> None:
        render_calendar(initiatives, today, self.stream, base_url)
