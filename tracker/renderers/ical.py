"""``tracker calendar``: open deadlines as an iCalendar file (RFC 5545, via icalendar).

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
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from icalendar import Calendar, Component, Event

from tracker.renderers import CalendarRenderer, sitepaths
from tracker.renderers.phrasing import due, safe

if TYPE_CHECKING:
    from tracker.domain.initiatives import Initiative

SPAN_DAYS = 31


def uid(initiative_uuid: str) -> str:
    return f"{initiative_uuid}@tracker"


def _stamp(text: str) -> datetime:
    """``2026-11-22T09:30:00.123456Z`` -> an aware UTC datetime, to the second."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(microsecond=0)


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


def _common(entry: Event, initiative: Initiative, base_url: str | None) -> None:
    """What both events of an initiative end with: categories, URL, transparency."""
    if initiative.tags:
        entry.add("categories", [safe(tag) for tag in initiative.tags])
    if base_url is not None:
        entry.add("url", sitepaths.absolute(base_url, sitepaths.initiative_page(initiative.slug)))
    entry.add("transp", "TRANSPARENT")


def event(initiative: Initiative, health: str, base_url: str | None = None) -> Event:
    deadline = due(initiative)
    span = (deadline.latest - deadline.earliest).days + 1
    entry = Event()
    entry.add("uid", uid(initiative.uuid))
    entry.add("dtstamp", _stamp(initiative.updated_at))
    entry.add("last-modified", _stamp(initiative.updated_at))
    if span <= SPAN_DAYS:
        entry.add("summary", f"Deadline: {safe(initiative.title)}")
        entry.add("dtstart", deadline.earliest)
        entry.add("dtend", deadline.latest + timedelta(days=1))
    else:
        entry.add("summary", f"Due by: {safe(initiative.title)}")
        entry.add("dtstart", deadline.latest)
        entry.add("dtend", deadline.latest + timedelta(days=1))
    entry.add("description", safe("\n".join(_lines(initiative, health))))
    _common(entry, initiative, base_url)
    return entry


def overdue_event(initiative: Initiative, today: date, base_url: str | None = None) -> Event:
    """An overdue initiative on ``today``: "Overdue since DAY: TITLE"."""
    since = due(initiative).latest + timedelta(days=1)
    days = (today - due(initiative).latest).days
    changed = _stamp(initiative.updated_at)
    entry = Event()
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


class _Empty(Component):
    name = "X-TRACKER-EMPTY"


def empty() -> Component:
    """The component of a calendar with no event (RFC 5545 wants one): an x-comp."""
    component = _Empty()
    component.add("description", "No open initiative with a deadline matched.")
    return component


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//tracker//policy initiative deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Policy initiative deadlines")
    return calendar


_END = "END:VCALENDAR\r\n"


def render_calendar(
    initiatives: Iterable[Initiative],
    today: date,
    stream: TextIO,
    base_url: str | None = None,
) -> None:
    """One event per initiative, which must come in order of their deadline's latest day
    (``list --sort deadline``); within a day they go by uuid. Then one on ``today`` for
    each of them overdue on it, in the same order; :func:`empty`'s component when there
    is no event. The text is written an event at a time: the same bytes as
    ``Calendar.to_ical()`` with every component added, holding only the overdue."""
    envelope = _calendar().to_ical().decode("utf-8")
    if not envelope.endswith(_END):
        raise ValueError("an icalendar VCALENDAR that does not end as expected")
    stream.write(envelope[: -len(_END)])
    overdue: list[Initiative] = []
    events = 0
    for _, same_day in groupby(initiatives, key=lambda i: due(i).latest):
        for initiative in sorted(same_day, key=lambda i: i.uuid):
            health = str(initiative.health(today))
            if health == "overdue":
                overdue.append(initiative)
            stream.write(event(initiative, health, base_url).to_ical().decode("utf-8"))
            events += 1
    for initiative in overdue:
        stream.write(overdue_event(initiative, today, base_url).to_ical().decode("utf-8"))
    if not events:
        stream.write(empty().to_ical().decode("utf-8"))
    stream.write(_END)


class IcalRenderer(CalendarRenderer):
    def calendar(
        self, initiatives: Iterable[Initiative], today: date, base_url: str | None = None
    ) -> None:
        render_calendar(initiatives, today, self.stream, base_url)
