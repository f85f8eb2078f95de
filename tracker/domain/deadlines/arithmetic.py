"""Calendar arithmetic for the deadline reader: building dates, month ends, adding
months, whole spans, and the precision of a window.

Every date the reader makes is built here, so that an impossible day or a year outside
1-9999 becomes a :class:`Problem` (a one-line reason) rather than a ``ValueError``.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from tracker.domain.windows import Precision

#: An inclusive (earliest, latest) pair of days.
Span = tuple[date, date]
_Span = Span


class Problem(Exception):
    """Why (part of) a phrase cannot be read; becomes a DateParseError message."""


class NoSuchDate(Problem):
    """A day that is not in the calendar (31 February, or 29 February in 2026)."""


_Problem = Problem
_NoSuchDate = NoSuchDate

_OUT_OF_RANGE = "the date falls outside the supported years 1-9999"


def _date(year: int, month: int, day: int) -> date:
    if not 1 <= year <= 9999:
        raise _Problem(_OUT_OF_RANGE)
    try:
        return date(year, month, day)
    except ValueError:
        raise _NoSuchDate(f"{_show_day(year, month, day)} does not exist") from None


def _show_day(year: int | None, month: int, day: int) -> str:
    name = calendar.month_name[month] if 1 <= month <= 12 else f"month {month}"
    return f"{day} {name}" + (f" {year}" if year is not None else "")


def _month_end(year: int, month: int) -> date:
    if not 1 <= year <= 9999:
        raise _Problem(_OUT_OF_RANGE)
    return _date(year, month, calendar.monthrange(year, month)[1])


def _add_days(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise _Problem(_OUT_OF_RANGE) from None


def _add_months(day: date, months: int) -> date:
    """Same day-of-month ``months`` later, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise _Problem(_OUT_OF_RANGE)
    return _date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _months(year: int, month: int, count: int = 1) -> _Span:
    """``count`` whole calendar months starting at ``year``-``month``."""
    start = _date(year, month, 1)
    last = _add_months(start, count - 1)
    return start, _month_end(last.year, last.month)


def _whole_months(span: _Span) -> int | None:
    """How many whole calendar months the span covers, or None if it is not month-aligned."""
    earliest, latest = span
    if earliest.day != 1 or latest.day != calendar.monthrange(latest.year, latest.month)[1]:
        return None
    return (latest.year - earliest.year) * 12 + latest.month - earliest.month + 1


def _whole_years(span: _Span) -> int | None:
    earliest, latest = span
    if (earliest.month, earliest.day, latest.month, latest.day) != (1, 1, 12, 31):
        return None
    return latest.year - earliest.year + 1


def _precision(earliest: date, latest: date, fiscal_start: int) -> Precision:
    if earliest == latest:
        return Precision.DAY
    months = _whole_months((earliest, latest))
    if months == 1:
        return Precision.MONTH
    if months == 3 and earliest.month in (1, 4, 7, 10):
        return Precision.QUARTER
    if months == 6 and earliest.month in (1, 7):
        return Precision.HALF
    if months == 12 and earliest.month in (1, fiscal_start):
        return Precision.YEAR
    if (latest - earliest).days + 1 <= 11:
        return Precision.WEEK
    try:
        within_a_year = latest <= _add_months(earliest, 12)
    except _Problem:
        within_a_year = True
    return Precision.PART_YEAR if within_a_year else Precision.MULTI_YEAR


def _check_weekday(weekdays: list[int], day: date) -> None:
    for weekday in weekdays:
        if day.weekday() != weekday:
            raise _Problem(
                f"{_show_day(day.year, day.month, day.day)} is a "
                f"{calendar.day_name[day.weekday()]}, not a {calendar.day_name[weekday]}"
            )


# ---- rules


def _unit_span(unit: str, day: date) -> _Span:
    """The calendar week/month/quarter/half/year containing ``day``."""
    if unit == "day":
        return day, day
    if unit == "week":
        monday = _add_days(day, -day.weekday())
        return monday, _add_days(monday, 6)
    size = {"month": 1, "quarter": 3, "half": 6, "year": 12}[unit]
    return _months(day.year, (day.month - 1) // size * size + 1, size)


def _shift(day: date, unit: str, count: int) -> date:
    if unit in ("day", "week"):
        return _add_days(day, count * (7 if unit == "week" else 1))
    return _add_months(day, count * {"month": 1, "quarter": 3, "half": 6, "year": 12}[unit])


def _end_of(span: _Span, *, first: bool = False) -> _Span:
    """The last (or first) year of a multi-year span, month of a longer span, day of a
    month or week."""
    edge = _edge_of(span, first=first)
    if edge is None:
        which = "start" if first else "end"
        raise _Problem(
            f'"{which}" needs a week, month, quarter, half, year or plan period after it'
        )
    return edge


def _edge_of(span: _Span, *, first: bool = False) -> _Span | None:
    """:func:`_end_of`, or None for a span that has no such edge (a day, "Nov 3-7")."""
    earliest, latest = span
    years, months = _whole_years(span), _whole_months(span)
    if years and years > 1:
        year = earliest.year if first else latest.year
        return _months(year, 1, 12)
    if months and months > 1:
        day = earliest if first else latest
        return _months(day.year, day.month)
    if months == 1 or ((latest - earliest).days == 6 and earliest.weekday() == 0):
        day = earliest if first else latest
        return day, day
    return None


def _third_of(span: _Span, third: int) -> _Span | None:
    """The first, middle or last (``third`` 0, 1, 2) third of a month (days 1-10, 11-20,
    21-end) or of 3, 6, 9 or 12 whole months; None for any other span."""
    earliest, latest = span
    months = _whole_months((earliest, latest))
    if months == 1:
        starts = (1, 11, 21)
        last = (10, 20, latest.day)[third]
        return _date(earliest.year, earliest.month, starts[third]), _date(
            earliest.year, earliest.month, last
        )
    if months and months % 3 == 0 and months <= 12:
        size = months // 3
        start = _add_months(earliest, third * size)
        return _months(start.year, start.month, size)
    return None


def _plan_span(number: int) -> _Span:
    if number < 1:
        raise _Problem("Five-Year Plans are numbered from 1")
    start = {1: 1953, 2: 1958}.get(number, 1951 + 5 * number)
    return _months(start, 1, 60)


def _plan_in_force(day: date) -> int:
    """The number of the Five-Year Plan whose years include ``day``."""
    if day.year >= 1966:
        return (day.year - 1951) // 5
    if 1953 <= day.year <= 1962:
        return 1 if day.year <= 1957 else 2
    raise _Problem(f"no Five-Year Plan was in force in {day.year}")


def _full_year(text: str, century_of: int | None = None) -> int:
    """A 4-digit year, or a 2-digit one in 2000-2099 (or in ``century_of``'s century,
    rolling over: 1999/00 -> 2000)."""
    value = int(text)
    if len(text) == 4:
        if value < 1:
            raise _Problem("there is no year 0")
        return value
    if century_of is None:
        return 2000 + value
    year = century_of - century_of % 100 + value
    return year + 100 if year < century_of and century_of % 100 >= 90 else year


def _next_day(month: int, day: int, on_or_after: date) -> date:
    for year in range(on_or_after.year, on_or_after.year + 9):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= on_or_after:
            return found
    raise _Problem(f"{_show_day(None, month, day)} does not exist")


def _weekday_near(weekday: int, relative: str | None, ref: date, *, past: bool = False) -> date:
    """A weekday (0 = Monday) named from ``ref``: bare or "this" / "coming", the next one on
    or after ref (with ``past``, the latest one on or before it); "next", the one in the
    following Monday-Sunday week (as "next week"); "last", the latest one before ref."""
    if relative == "next":
        monday = _add_days(ref, 7 - ref.weekday())
        return _add_days(monday, weekday)
    if relative == "last":
        return _add_days(ref, -((ref.weekday() - weekday - 1) % 7 + 1))
    if past and relative is None:
        return _add_days(ref, -((ref.weekday() - weekday) % 7))
    return _add_days(ref, (weekday - ref.weekday()) % 7)


def _relative_season(first_month: int, relative: str, ref: date) -> _Span:
    """ "next spring": the first spring that starts after ref; "last spring": the most
    recent one that ended before ref (so neither is the season ref falls in); "this
    spring": the one in ref's year (for winter: the one ref falls in, or else the one
    starting in ref's December)."""
    years = range(ref.year - 2, ref.year + 3)
    spans = [_months(year, first_month, 3) for year in years]
    if relative == "this":
        if first_month == 12 and ref.month <= 2:
            return _months(ref.year - 1, 12, 3)
        return _months(ref.year, first_month, 3)
    if relative == "next":
        return next(span for span in spans if span[0] > ref)
    return next(span for span in reversed(spans) if span[1] < ref)


def _relative_month_year(month: int, relative: str, ref: date) -> int:
    """ "this June": ref's year; "next June": the first June strictly after ref's month;
    "last June": the last June strictly before it."""
    if relative == "this":
        return ref.year
    if relative == "next":
        return ref.year if month > ref.month else ref.year + 1
    return ref.year if month < ref.month else ref.year - 1
