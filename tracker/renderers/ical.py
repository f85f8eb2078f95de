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
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from itertools import groupby
from typing import TYPE_CHECKING, TextIO

from icalendar import Calendar, Event

from tracker.renderers import CalendarRenderer
from tracker.renderers.phrasing import due, safe

if TYPE_CHECKING:
    from tracker.domain.initiatives import Initiative

SPAN_DAYS = 31


def uid(initiative_uuid: str) -> str:
    return f"{initiative_uuid}@tracker"


def _stamp(text: str) -> datetime:
    """``2026-11-22T09:30:00.123456Z`` -> an aware UTC datetime, to the second."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(microsecond=0)


def event(initiative: Initiative, health: str) -> Event:
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
    lines = [
        f"Deadline: {deadline.text} ({deadline.earliest}..{deadline.latest}, {deadline.precision})",
        f"Status: {initiative.status}; health: {health}",
    ]
    if initiative.progress is not None:
        lines.append(f"Progress: {initiative.progress}%")
    if initiative.sponsors:
        lines.append("Sponsors: " + ", ".join(initiative.sponsors))
    lines.append(f"tracker show {initiative.slug}")
    entry.add("description", safe("\n".join(lines)))
    if initiative.tags:
        entry.add("categories", [safe(tag) for tag in initiative.tags])
    entry.add("transp", "TRANSPARENT")
    return entry


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//tracker//policy initiative deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Policy initiative deadlines")
    return calendar


_END = "END:VCALENDAR\r\n"


def render_calendar(initiatives: Iterable[Initiative], today: date, stream: TextIO) -> None:
    """One event per initiative, which must come in order of their deadline's latest day
    (``list --sort deadline``); within a day they go by uuid. The text is written an
    event at a time: the same bytes as ``Calendar.to_ical()`` with every event added,
    without holding them all."""
    envelope = _calendar().to_ical().decode("utf-8")
    if not envelope.endswith(_END):
        raise ValueError("an icalendar VCALENDAR that does not end as expected")
    stream.write(envelope[: -len(_END)])
    for _, same_day in groupby(initiatives, key=lambda i: due(i).latest):
        for initiative in sorted(same_day, key=lambda i: i.uuid):
            ical = event(initiative, str(initiative.health(today))).to_ical()
            stream.write(ical.decode("utf-8"))
    stream.write(_END)


class IcalRenderer(CalendarRenderer):
    def calendar(self, initiatives: Iterable[Initiative], today: date) -> None:
        render_calendar(initiatives, today, self.stream)
