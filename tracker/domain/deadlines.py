"""Turn deadline phrases from policy documents into inclusive date windows.

Policy documents rarely give exact dates; they say "in late 2025", "by 2027",
"first half of 2026" or "within three years".  :func:`parse_window` reads such a
phrase against a *reference date* (the announcement date when known, else today:
the caller decides; this module never looks at the clock) and returns a
:class:`Window`: the original text (stripped), an inclusive ``earliest..latest``
range of days and a :class:`Precision`.

A wrong window is worse than an error.  When any part of a phrase cannot be read,
or the phrase is open-ended ("after 2027", "from 2027 onwards", "post-2027", "not
before"), vague ("soon", "in due course", "TBD", "by mid-century") or counted from
an event whose date it does not give ("180 days after submission", "within 30 days
of publication"), :class:`~tracker.errors.DateParseError` is raised with a
one-line message naming the part that failed, e.g.
``cannot read date "next blursday": unrecognised word "blursday"`` or
``cannot read date "180 days after submission": it counts from an event
("submission") whose date is not given``.  Known filler
around a date ("the ... deadline", "shall apply from", "launch in", "previously
set as", "aims to ... by", brackets, a trailing full stop) is skipped.  Other
words (a phrase pasted with its sentence: "The consultation closes on 8 May
2025.") are allowed only around ONE stretch of known words that reads as a date
(:func:`_read_embedded`, :func:`_zh_read_embedded`): a phrase that denies or
withdraws ("will not ... by 2027"), holds two different dates (unless exactly
one is marked as the deadline with "by", "before", 至 ...), or has date words
outside that stretch which cannot be read, is refused.  Approximate dates
("around 2030", "circa", "the 2030s", 左右, 前后) and question marks are refused
as vague.

Conventions (all windows inclusive; "ref" is the reference date)::

    2027 | in 2027 | by 2027 | no later than 2027  2027-01-01..2027-12-31        year
    before 2027 | by the start/beginning of 2027   2026-01-01..2026-12-31        year
        ("before X" is the unit just before X, for a day, Monday-Sunday week,
        month, quarter, half or year: "before 31 Dec 2026" is 30 Dec)
    31 Dec 2026 | by / on or before / no later      that day                     day
        than 31 Dec 2026
    early | mid | late 2026                         Jan-Apr | May-Aug | Sep-Dec   part-year
    later in 2025 | the latter part of 2025         Sep-Dec 2025                 part-year
    later this year | within the year               ref..Dec 31 of ref's year    by shape
    end of 2025 | end-2025 | by the end of 2025     December 2025                month
        | by end 2025 | year-end (ref's year)
    beginning | start of 2026 | of next year       January                      month
    end of June 2026 | end-June | by end of June    2026-06-30 (last day)        day
    start of June 2026                              2026-06-01 (first day)       day
    end of Q3 2026 | of H1 | of FY2026              the period's last month      month
    end of the 15th Five-Year Plan                  its last year, 2030          year
    end of the week                                 its Sunday                   day
    early | mid | late June 2026                    Jun 1-10 | 11-20 | 21-30     week
    early | mid | late Q3 2026 (or H1)              thirds in whole months       month
    Q3 2026 | 3Q26 | 2026Q3 | third quarter 2026    2026-07-01..2026-09-30        quarter
    H1 2026 | 1H26 | first half of 2026             2026-01-01..2026-06-30        half
    December 2025 | Dec 2025 | 2026-12 | 12/2026    that month                   month
    December | Q3 | H2 | autumn (no year)          the next one ending on/after ref
    31 December (no year)                           the next one on/after ref    day
    next June | this June | last June               first June after ref's month
                                                    | June of ref's year | last
                                                    June before ref's month  month
    week of 22 Sep 2025 | w/c X | week ending X     Mon-Sun containing X | X..X+6
                                                    | X-6..X                     week
    this | next | last week, month, quarter, year  the whole calendar unit      by unit
    Nov 3-7 | 3-7 November 2025 | Nov 3 to 7, 2025  that span of days            by shape
    May-July 2026 | between May and July 2026       May 1..Jul 31                by shape
        (a range without any year: its first occurrence not yet over at ref)
    2026-2028 | 2026-27 | 2023 or 2024 | 2026 and  Jan 1 first..Dec 31 last     multi-year
        2027 | from/between 2026 to/and 2028
    within | in the next | over the next N days,   ref..ref + N units (same     by shape
        weeks, months, years                        day, clamped to month end)
    in N years('s time) (also days, weeks, months)  the calendar unit holding
                                                    ref + N units                by unit
    the coming months | the months ahead            ref..ref + 6 months          part-year
    today | tomorrow | yesterday | N days ago       that day                     day
    spring | summer | autumn/fall 2026              Mar-May | Jun-Aug | Sep-Nov  part-year
    winter 2026 | winter 2026/27                    Dec 2026-Feb 2027            part-year
    14th Five-Year Plan (period)                    2021-01-01..2025-12-31       multi-year
        (1st 1953-57, 2nd 1958-62, then the 3rd from 1966: plan N >= 3 starts
        in 1951 + 5N, so the 15th is 2026-2030; "1953 + 5(N-1)" ignores the
        1963-65 readjustment years)
    opening | first | final | closing | last year   its first | last year        year
        of a plan (or of any span of whole years)
    FY2026 | FY26 | fiscal 2026                     the fiscal year ENDING in 2026:
                                                    2025-04-01..2026-03-31 with
                                                    the default April start      year
    2025/26 | FY2025/26 | fiscal/financial year     the fiscal year starting in
        2025-26 | the 2025-26 financial year        2025 (same as FY2026)        year

With ``fiscal_year_start=1`` FY2026 is calendar 2026 and a split year such as
2025/26 is refused.  This is the UK/HK convention (HK's 2025-26 budget year runs
April 2025 - March 2026); Japan names its fiscal years by their first year.

Precision is derived from the *shape* of the final window, the same way for every
phrase: one day -> ``day``; a calendar month -> ``month``; a calendar quarter ->
``quarter``; Jan-Jun or Jul-Dec -> ``half``; a calendar year or a fiscal year
(per ``fiscal_year_start``) -> ``year``; any other span of 2 to 11 days (a
Monday-Sunday week, "Nov 3-7", a third of a month such as "mid-June" 11-20, or
"within a week" = ref..ref+7) -> ``week``; any other span of at most one year
(``latest <= earliest + 1 year``) -> ``part-year``; longer -> ``multi-year``.  So
"within this year" read on 1 July is exactly ``half`` and "April-June 2026" is a
``quarter``, while "within two weeks" (15 days) is ``part-year``.

Numbers: ``YYYY-MM-DD`` (or ``/`` or ``.``) is always year first; ``DD/MM/YYYY``
is day first unless ``day_first=False``, and only the selected order is tried
(``12/31/2026`` with ``day_first=True`` is an error, never silently swapped);
dotted ``DD.MM.YYYY`` is always day first.  ``YYYY-NN`` is a month when NN <= 12
and a year range otherwise (``2026-27``); ``2000-01`` .. ``2011-12`` could be
either and are refused.  ``YYYY/NN`` with NN the following year is a fiscal year
(so ``2011/12`` is FY2011/12), otherwise a month.  Two-digit years (``FY26``,
``3Q26``, ``Q3 '26``) are 2000-2099.  Number words ("three", "eighteen",
"twenty-first", "Fourteenth") are read as numbers.  A weekday that contradicts
its date, an impossible date or a range that ends before it starts is an error.

Chinese (simplified or traditional; Arabic or Chinese numerals: 十二, 二十一, 廿一,
两, 一百八十, and a year digit by digit, 二零三五) follows the same conventions::

    2027年 | 到2030年 | 至2030年 | 2030年内             that year                   year
    2027年前 | 2027年以前 | 2027年之前            2026 (like "before 2027")   year
    2025年底 | 年末 | 年年底 | 2025年底前 | 今年底  December                    month
    2026年初 | 年初                                January                     month
    2026年中                                      May-Aug                     part-year
    2026年上半年 | 下半年 | H1                      Jan-Jun | Jul-Dec           half
    2026年第一季度 | 第一季 | 一季度 | 第4季度 | Q1    that quarter (no year: the
                                                  next one ending on/after ref) quarter
    前三季度 | 2025年前三季度                       Jan-Sep                     part-year
    2026年3月 | 3月                                that month                  month
    3月底 | 2026年3月底 | 2026年3月底前             the 31st                    day
    2026年3月31日 | 3月31日 | 3月31日前             that day (前 after a day or
                                                  an end means "by")          day
    2026年3月上旬 | 中旬 | 下旬                     Mar 1-10 | 11-20 | 21-31    week
    今年 | 明年 | 后年 | 去年 | 明年第四季度          relative to ref's year      by shape
    年内 | 今年内                                  ref..Dec 31 of ref's year   by shape
    三年内 | 三年之内 | 六个月内 | 30天内 | 未来五年  ref..ref + N units          by shape
        | 今后五年
    2025—2027年 | 2025至2027年 | 2025年到2027年       Jan 1 2025..Dec 31 2027     multi-year
    十四五 | “十四五”时期 | 十四五规划期间            the plan, 2021-2025          multi-year
        | 第十四个五年规划 (any numeral: 一五 is the 1st; 十五 is the 10th
        only with plan words or quotes, else fifteen)
    十五五末 | 十五五期末 | 十四五初 | 十四五开局     the plan's last | first year year
    开局之年 | 收官之年                            first | last year of the plan
                                                  in force on ref             year
    2026至27財政年度 | 2026-27财政年度 | 2026/27年度  like 2026/27: Apr 2026-Mar 2027 year

Refused: 2027年前后 / 左右, 近期, 尽快, 本世纪中叶 (vague); 2027年以后, 2027年起
(open-ended); 2026年6月前 (前 after a month, quarter or half could be "by" or
"before"); 31日前 (no month); two-digit years (25年底; 26年内 could also be 26
years); text mixing Chinese with
Latin-script words; any text not in the reader's explicit word list
(``_ZH_WORDS``), which includes the filler it peels (力争, 争取, 计划, 预计, 将于,
于, 在, 到, 完成, 实现, 启动, 推出, 基本, 全面, 目标, quotation marks ...).

How it works: the phrase is normalised to lower-case, space-separated tokens;
then an ordered list of rules (``_RULES``) is tried, each a regular expression
over the whole token string plus a builder returning ``(earliest, latest)``;
builders may read sub-phrases recursively ("end of X", "before X", ranges of
calendar terms).  Only when no rule matches is one filler word peeled off the
front or back and the rules tried again.  dateparser (imported lazily, never at
module import) is a last resort for single days our rules do not cover, such as
a day with a clock time ("31 Dec 2026 at 17:00", "2026-12-31T17:00Z") or a
year-first written date ("2026 December 31"); its answer is accepted only when
the day, month and year it found are exactly the numbers in the text.  A phrase
with CJK characters goes to a second reader instead (``_zh_read_phrase``): its own
tokeniser and rule list (``_zh_rules()``) over canonical tokens, sharing the calendar
helpers, terms and ranges above.

Speed: a plain ``YYYY-MM-DD`` skips all of this (one regex, ``date.fromisoformat``).
After the first hundred lookups, each rule list is indexed by one combined regex
(``_FirstMatch``), so finding the first rule that can match is one C-level match
rather than a Python loop; a one-off parse does not pay for compiling it, nor for
the Chinese patterns unless the phrase is Chinese.
"""

from __future__ import annotations

import calendar
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from tracker.domain.windows import Precision, Window, parse_iso_window
from tracker.domain.windows import quote_phrase as _quote
from tracker.errors import DateParseError, InputError

__all__ = ["Precision", "Window", "parse_day", "parse_iso_window", "parse_window"]


# --------------------------------------------------------------------------- public API


def parse_window(
    text: str, reference: date, *, fiscal_year_start: int = 4, day_first: bool = True
) -> Window:
    """Read a deadline phrase into a :class:`Window` relative to ``reference``.

    ``fiscal_year_start`` is the month (1-12) a fiscal year starts in; FY2026
    names the fiscal year *ending* in 2026 (see the module docstring).
    ``day_first`` selects DD/MM/YYYY (default) or MM/DD/YYYY.
    Raises :class:`DateParseError` when the phrase cannot be read unambiguously.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if isinstance(fiscal_year_start, bool) or fiscal_year_start not in _MONTH_NUMBERS:
        raise InputError(
            f"fiscal year start must be a month number 1-12, not {fiscal_year_start!r}"
        )
    if type(reference) is not date:
        reference = _as_date(reference)
    phrase = text.strip()
    if _ISO_DAY.fullmatch(phrase):  # fast path; impossible dates get the full reading's message
        try:
            day = date.fromisoformat(phrase)
        except ValueError:
            pass
        else:
            return Window(phrase, day, day, _DAY)
    ctx = _Ctx(reference, fiscal_year_start, bool(day_first))
    try:
        earliest, latest = _read_phrase(phrase, ctx)
    except _Problem as problem:
        raise DateParseError(f"cannot read date {_quote(phrase)}: {problem}") from None
    return Window(phrase, earliest, latest, _precision(earliest, latest, fiscal_year_start))


def parse_day(text: str, reference: date, *, day_first: bool = True) -> date:
    """Read a phrase that must name exactly one day (e.g. an update's effective date).

    Accepts anything :func:`parse_window` reads with precision ``day``, which
    includes "today", "yesterday", "tomorrow" and "3 days ago".
    """
    window = parse_window(text, reference, day_first=day_first)
    if window.precision is not Precision.DAY:
        raise DateParseError(
            f"cannot read date {_quote(window.text)} as a single day: it covers "
            f"{window.earliest.isoformat()}..{window.latest.isoformat()} "
            f"({window.precision.value}); a single day is needed"
        )
    return window.earliest


# --------------------------------------------------------------------------- internals

_Span = tuple[date, date]
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DAY = Precision.DAY
_MONTH_NUMBERS = range(1, 13)


class _Problem(Exception):
    """Why (part of) a phrase cannot be read; becomes a DateParseError message."""


class _NoSuchDate(_Problem):
    """A day that is not in the calendar (31 February, or 29 February in 2026)."""


@dataclass(frozen=True)
class _Ctx:
    reference: date
    fiscal_start: int
    day_first: bool
    depth: int = 0
    #: Year-less terms resolve to the first one ending on/after this (default: reference).
    anchor: date | None = None

    @property
    def not_before(self) -> date:
        return self.anchor or self.reference

    def read(self, part: str) -> _Span:
        """Read a sub-phrase (already normalised) such as the X in "end of X"."""
        return _read(part, replace(self, depth=self.depth + 1))


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise TypeError(f"reference must be a date, not {type(value).__name__}")
    return value


# ---- calendar arithmetic (every date is built here so overflow becomes a _Problem)

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


# ---- vocabulary

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
_CARDINALS = {
    word: n
    for n, word in enumerate(
        (
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        )
    )
}
_ORDINALS = {
    word: n
    for n, word in enumerate(
        (
            "zeroth",
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
        )
    )
}
_TENS = {
    word: 10 * n
    for n, word in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2
    )
}
_ORDINAL_TENS = {
    word: 10 * n
    for n, word in enumerate(
        (
            "twentieth",
            "thirtieth",
            "fortieth",
            "fiftieth",
            "sixtieth",
            "seventieth",
            "eightieth",
            "ninetieth",
        ),
        start=2,
    )
}
_UNIT_WORDS = {"day", "days", "week", "weeks", "month", "months", "year", "years"}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

# Filler peeled off the front (longest first) or the back when no rule matches.
# "on or before" / "no later than" mean the same as "by"; "before" is NOT filler.
_LEAD_FILLER = (
    "on or before",
    "no later than",
    "not later than",
    "at or before",
    "up to",
    "some time",
    "sometime",
    "at some point",
    "come into force",
    "comes into force",
    "coming into force",
    "enter into force",
    "enters into force",
    "entry into force",
    "in force from",
    "with effect from",
    "will be",
    "to be",
    "aims to",
    "aim to",
    "aiming to",
    "plans to",
    "planned for",
    "set to",
    "due to",
    "expected to",
    "scheduled to",
    "in course",
    "over course",
    "during course",
    "throughout",
    "by",
    "in",
    "on",
    "at",
    "for",
    "from",
    "during",
    "within",
    "until",
    "till",
    "starting",
    "commencing",
    "effective",
    "scheduled",
    "expected",
    "due",
    "target",
    "targeted",
    "targeting",
    "deadline",
    "launch",
    "launched",
    "launching",
    "completion",
    "complete",
    "completed",
    "implementation",
    "implemented",
    "previously",
    "originally",
    "planned",
    "now",
    "currently",
    "is",
    "was",
    "be",
    "will",
    "shall",
    "should",
    "must",
    "to",
    "set",
    "as",
    "apply",
    "applies",
    "applicable",
    "date",
    "timeline",
    "goal",
    # How real deadline sentences open: "It shall apply from ...", "shall be operational
    # by ...", "will start on ...", "commence on ...", "at the latest by ...".
    "it",
    "operational",
    "fully operational",
    "at latest",
    "start on",
    "starts on",
    "begin on",
    "begins on",
    "end on",
    "ends on",
    "commence",
    "commences",
    "commence on",
    "commences on",
    "start in",
    "starts in",
    "start from",
    "starts from",
    "starting in",
    "starting from",
    "starting on",
    "begin in",
    "begins in",
    "begin from",
    "begins from",
    "commencing in",
    "commencing from",
    "commence from",
    "commences from",
    "end in",
    "ends in",
    "end by",
    "ends by",
    "ending in",
    "will start",
    "to start",
    "could start",
    "close on",
    "closes on",
    "closed on",
    "closing on",
    "will close on",
    "closing",
    "closes",
    "final implementation deadline",
    "implementation deadline",
    "final date",
    "closing date",
    "due date",
    "end date",
    "start date",
    "effective date",
    "target date",
    "completion date",
    "compliance date",
    "implementation date",
    "release date",
    "launch date",
    "deadline date",
    "initial deadline",
    "original deadline",
    "new deadline",
    "revised deadline",
    "final deadline",
    "current deadline",
    "deadline of",
    "take effect",
    "takes effect",
    "take effect on",
    "takes effect on",
    "take effect from",
    "takes effect from",
    "go live",
    "goes live",
    "go live on",
    "goes live on",
)
_TRAIL_FILLER = (
    "at latest",
    "or earlier",
    "or before",
    "target date",
    "time frame",
    "deadline",
    "target",
    "timeline",
    "timeframe",
    "timescale",
    "horizon",
    "date",
    "period",
)

# Phrases refused outright: open-ended windows and vague time words.
_OPEN_ENDED = (
    "after",
    "afterwards",
    "onwards",
    "onward",
    "beyond",
    "since",
    "not before",
    "no earlier than",
    "not earlier than",
    "or after",
    "or later",
    "at earliest",
    "from now on",
    "thereafter",
    "at least",
    "ongoing",
    "indefinitely",
    "until further notice",
    "post",
)
_VAGUE = (
    "soon",
    "shortly",
    "due course",
    "tbd",
    "tba",
    "tbc",
    "to be determined",
    "to be decided",
    "to be confirmed",
    "to be announced",
    "asap",
    "as soon as possible",
    "eventually",
    "someday",
    "unknown",
    "unspecified",
    "n / a",
    "pending",
    "future",
    "long term",
    "medium term",
    "short term",
    "near term",
    "immediately",
    "recently",
    "century",
    "centuries",
    # An approximate date is no deadline: "around 2030" is as vague as 2030年左右.
    "around",
    "approximately",
    "approx",
    "about",
    "roughly",
    "circa",
    "or so",
)

_KEYWORDS = (
    "early",
    "mid",
    "middle",
    "late",
    "later",
    "latter",
    "part",
    "end",
    "close",
    "beginning",
    "start",
    "outset",
    "opening",
    "initial",
    "final",
    "closing",
    "last",
    "year",
    "years",
    "yr",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "quarter",
    "quarters",
    "half",
    "h",
    "q",
    "fy",
    "fiscal",
    "financial",
    "fin",
    "budget",
    "calendar",
    "cy",
    "plan",
    "fyp",
    "period",
    "this",
    "next",
    "current",
    "previous",
    "coming",
    "following",
    "forthcoming",
    "over",
    "ahead",
    "few",
    "upcoming",
    "come",
    "rest",
    "remainder",
    "balance",
    "today",
    "tomorrow",
    "yesterday",
    "ago",
    "time",
    "between",
    "and",
    "or",
    "to",
    "through",
    "thru",
    "until",
    "till",
    "before",
    "prior",
    "w",
    "c",
    "commencing",
    "starting",
    "ending",
    "ended",
)
# Only meaningful to the dateparser fallback (clock times and zones).
_CLOCK_WORDS = frozenset(
    (
        "at",
        "am",
        "pm",
        "noon",
        "midnight",
        "t",
        "z",
        "utc",
        "gmt",
        "hrs",
        "local",
        "hkt",
        "cst",
        "bst",
        "cet",
        "cest",
        "est",
        "edt",
        "pst",
        "pdt",
    )
)

_VOCABULARY = frozenset(
    [*_MONTHS, *_WEEKDAYS, *_SEASONS, *_KEYWORDS, *_CLOCK_WORDS]
    + [w for phrase in _LEAD_FILLER + _TRAIL_FILLER for w in phrase.split()]
)
_KEPT_PUNCTUATION = frozenset("-/.:+")  # "+" only for time-zone offsets (fallback)
_DROPPED_PUNCTUATION = frozenset("()[]{}\"',;!")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# ---- normalisation

# Curly quotes, primes and backticks -> ' and "; hyphens, dashes and minus signs -> -.
_PUNCTUATION_TABLE = str.maketrans(
    dict.fromkeys("\u2018\u2019\u201b\u02bc\u2032`", "'")
    | dict.fromkeys("\u201c\u201d\u201e\u2033", '"')
    | dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63", "-")
)
_POSSESSIVE = re.compile(r"'s\b")
_SHORT_YEAR = re.compile(r"'([0-9]{2})\b")
_LETTERS_DIGITS = re.compile(r"(?<=[0-9])(?=[^\W\d_])|(?<=[^\W\d_])(?=[0-9])")
_RAW_TOKEN = re.compile(r"[0-9]+|[^\W\d_]+|\S")


def _tokens(text: str) -> list[str]:
    """Lower-case, split and normalise a phrase into tokens.

    Numbers become digits ("three" -> "3", "fifteenth" -> "15", "31st" -> "31",
    "a year" -> "1 year"), "the"/"of"/commas/brackets disappear, dots survive only
    between digits, and letters and digits are split apart ("3Q26" -> 3 q 26).
    """
    s = unicodedata.normalize("NFKC", text).lower().translate(_PUNCTUATION_TABLE)
    s = _POSSESSIVE.sub("", s)
    s = _SHORT_YEAR.sub(r"20\1", s)  # '26 -> 2026
    s = _LETTERS_DIGITS.sub(" ", s)
    raw = _RAW_TOKEN.findall(s)

    kept: list[str] = []
    for i, tok in enumerate(raw):
        if tok in _DROPPED_PUNCTUATION or tok in ("the", "of"):
            continue
        if tok == "&":
            tok = "and"
        if tok in ".:" and not (
            0 < i < len(raw) - 1 and raw[i - 1].isdigit() and raw[i + 1].isdigit()
        ):
            continue  # "Dec. 31", "Target: 2027"; kept in "31.12.2026" and "17:00"
        if tok in ("st", "nd", "rd", "th") and kept and kept[-1].isdigit():
            continue
        kept.append(tok)
    return _numbers(kept)


def _numbers(tokens: list[str]) -> list[str]:
    """Replace number words (cardinal and ordinal, "twenty-one") with digits."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok in _TENS:
            j = i + 2 if i + 2 < len(tokens) and tokens[i + 1] == "-" else i + 1
            unit = tokens[j] if j < len(tokens) else ""
            ones = _CARDINALS.get(unit) or _ORDINALS.get(unit)
            if ones and ones < 10:
                out.append(str(_TENS[tok] + ones))
                i = j + 1
                continue
            out.append(str(_TENS[tok]))
        elif tok in _CARDINALS:
            out.append(str(_CARDINALS[tok]))
        elif tok in _ORDINALS:
            out.append(str(_ORDINALS[tok]))
        elif tok in _ORDINAL_TENS:
            out.append(str(_ORDINAL_TENS[tok]))
        elif tok in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1] in _UNIT_WORDS:
            out.append("1")
        else:
            out.append(tok)
        i += 1
    return out


def _contains(
    canon: str, phrases: Iterable[str], any_of: re.Pattern[str] | None = None
) -> str | None:
    """The first of ``phrases`` that occurs as whole words in ``canon``; ``any_of`` (a
    regex for all of them) rejects most phrases with one search."""
    if any_of is not None and not any_of.search(canon):
        return None
    padded = f" {canon} "
    return next((p for p in phrases if f" {p} " in padded), None)


def _any_of(phrases: Iterable[str]) -> re.Pattern[str]:
    words = "|".join(map(re.escape, sorted(phrases, key=len, reverse=True)))
    return re.compile(rf"(?<![^ ])(?:{words})(?![^ ])")


# ---- the driver

_OPEN_ENDED_RE = _any_of(_OPEN_ENDED)
_VAGUE_RE = _any_of(_VAGUE)
_LATER_THAN = re.compile(r"(?<!no )(?<!not )\blater than\b")


def _read_phrase(phrase: str, ctx: _Ctx) -> _Span:
    if not phrase:
        raise _Problem("the phrase is empty")
    if "?" in phrase or "\uff1f" in phrase:
        raise _Problem("a question mark makes the date uncertain; give it plainly")
    if _CJK.search(phrase):
        return _zh_read_phrase(_ZH_DOCUMENT_NUMBER.sub(" ", phrase), ctx)
    if _DECADE.search(phrase):
        raise _Problem('a decade ("the 2030s") is too vague to place on a calendar')
    # "cut emissions by half before 2035", "by at least 81% by 2035": amounts, not dates;
    # "by 5pm on 9 February 2024": a deadline is a day, its hour is not needed
    phrase = _CLOCK.sub(" ", _QUANTITY.sub(" ", _AMOUNT.sub(" ", phrase)))
    phrase = _FREQUENCY.sub(" ", phrase)  # "per year", "every year": how often, not when
    tokens = _tokens(phrase)
    canon = " ".join(tokens)
    if not tokens:
        raise _Problem("there is no date in it")
    if (event := _dateless_event(phrase, ctx)) is not None:
        raise _Problem(f"it counts from an event ({_quote(event)}) whose date is not given")
    if word := _contains(canon, _OPEN_ENDED, _OPEN_ENDED_RE):
        raise _Problem(f'"{word}" leaves the window open-ended; give an end date')
    if _LATER_THAN.search(canon):
        raise _Problem('"later than" leaves the window open-ended; give an end date')
    if (word := _contains(canon, _VAGUE, _VAGUE_RE)) or canon == "later":
        raise _Problem(f"{_quote(word or canon)} is too vague to place on a calendar")
    unknown = [tok for tok in tokens if not _known(tok)]
    if unknown:
        return _read_embedded(tokens, ctx, unknown[0])
    try:
        return _read(canon, ctx)
    except _Problem as problem:
        if not str(problem).startswith(_NO_FORM):
            raise
        span = _read_tail(tokens, ctx)
        if span is None:
            raise
        return span


_DECADE = re.compile(r"\d{3}0['\u2019]?s\b", re.ASCII)
_AMOUNT = re.compile(r"\bby (?:(?:one )?half|a third|two thirds)\b", re.IGNORECASE)
_FREQUENCY = re.compile(r"\b(?:per|each|every) (?:year|month|week|day|quarter)\b", re.IGNORECASE)
#: A Chinese document number, a year in tortoise-shell brackets and a serial: it is no date.
_ZH_DOCUMENT_NUMBER = re.compile(
    "[\u3014\uff3b\\[]\\s*\\d{4}\\s*[\u3015\uff3d\\]]\\s*第?\\s*\\d+\\s*[号號]"
)
_CLOCK = re.compile(
    r"\b(?:at |by )?\d{1,2}(?:[:.]\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)(?![a-z])", re.IGNORECASE
)


def _known(tok: str) -> bool:
    return (tok.isascii() and tok.isdigit()) or tok in _VOCABULARY or tok in _KEPT_PUNCTUATION


# ---- a date inside a sentence: "The consultation closes on 8 May 2025."
#
# Text pasted from a document carries words the grammar does not know. The date is
# then the one run of known words that reads as a date, and everything else must be
# harmless: a phrase that denies or withdraws ("will not ... by 2027"), holds two
# different dates, or keeps date words that cannot be read ("by the end of the
# Government's term in 2027") is refused, never half-read.

_NO_FORM = "no date form matches"
#: Words that must not be dropped around the date: they change which window is meant.
_STRONG = frozenset(
    [
        *_MONTHS,
        *_SEASONS,
        "early",
        "mid",
        "middle",
        "late",
        "later",
        "latter",
        "end",
        "close",
        "beginning",
        "start",
        "outset",
        "opening",
        "initial",
        "final",
        "closing",
        "last",
        "half",
        "quarter",
        "quarters",
        "q",
        "h",
        "fy",
        "before",
        "prior",
        "until",
        "till",
        "next",
        "this",
        "current",
        "previous",
        "coming",
        "following",
        "within",
        "over",
        "between",
        "ahead",
        "rest",
        "remainder",
        "today",
        "tomorrow",
        "yesterday",
        "ago",
        "week",
        "weeks",
        "month",
        "months",
        "day",
        "days",
        "year",
        "years",
    ]
)
#: Words that make the year right after them a fiscal or plan year: droppable elsewhere
#: ("balance the operating budget within three years").
_YEAR_QUALIFIERS = frozenset(("budget", "fiscal", "financial", "fy", "calendar", "plan", "period"))
#: "this Directive", "next meeting": determiners, not dates, before an unknown word.
_DETERMINERS = frozenset(
    (
        "this",
        "next",
        "last",
        "current",
        "coming",
        "following",
        "previous",
        "final",
        "initial",
        "opening",
        "closing",
    )
)
_NEGATIONS = frozenset(
    (
        "never",
        "unlikely",
        "cannot",
        "cancelled",
        "canceled",
        "scrapped",
        "dropped",
        "withdrawn",
        "abandoned",
        "suspended",
        "shelved",
        "without",
        "neither",
        "nor",
        "instead",
        "unless",
        "except",
        "missed",
        "failed",
        "fail",
    )
)
#: Verbs that move a deadline: "postponed from 1 July 2025 to 1 January 2026" means the latter.
_MOVES = frozenset(
    (
        "postponed",
        "postpone",
        "delayed",
        "delay",
        "deferred",
        "defer",
        "extended",
        "extend",
        "moved",
        "move",
        "pushed",
        "push",
        "rescheduled",
        "reschedule",
        "shifted",
        "shift",
        "slipped",
        "rescheduling",
        "postponing",
        "delaying",
        "deferring",
        "extending",
    )
)
#: A run that starts with one of these names the deadline itself.
_DEADLINE_MARKS = (
    "by",
    "before",
    "no later than",
    "not later than",
    "on or before",
    "until",
    "till",
    "deadline",
    "due",
    "target",
    "targeted",
    "targeting",
    "within",
)
#: English words that are also months: alone they are no date ("firms may apply").
_WORD_MONTHS = frozenset(("may", "march", "fall"))


def _is_negated(tokens: list[str]) -> bool:
    for i, tok in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok in _NEGATIONS or (
            tok in ("not", "no")
            and following not in ("later", "earlier", "before")
            and not (tok == "no" and following.isdigit())  # "No. 2": a number
        ):
            return True
    return False


def _droppable(tok: str, kept_first: str) -> bool:
    """Whether a known word may be dropped from beside the date that starts ``kept_first``.

    Digits, months and words like "end", "before", "half" change the window and must stay;
    a bare unit word ("Release Day: September 10", "Digital Days from Mar 21-23") may go
    right before a month or a year.
    """
    if tok.isdigit():
        return False
    if tok in _WORD_MONTHS:  # "emissions could fall by 2035"; but never "May" before "2026"
        return not kept_first.isdigit()
    if tok in _UNIT_WORDS:
        return kept_first in _MONTHS or (kept_first.isdigit() and len(kept_first) == 4)
    if tok in ("this", "next", "coming") and kept_first in _WEEKDAYS:
        return True  # "returns this Tuesday 13 June": the day is given, its weekday checked
    return tok not in _STRONG


def _read_tail(tokens: list[str], ctx: _Ctx) -> _Span | None:
    """The longest stretch of ``tokens`` that reads as a date, dropping only harmless words
    from its ends (see :func:`_droppable`); None if there is none."""
    for size in range(len(tokens) - 1, 0, -1):
        for start in range(len(tokens) - size + 1):
            end = start + size
            kept = tokens[start:end]
            before, after = tokens[:start], tokens[end:]
            if not all(_droppable(tok, kept[0]) for tok in before) or any(
                tok.isdigit() or (tok in _STRONG and not (n and tok in _UNIT_WORDS))
                for n, tok in enumerate(after)
            ):
                continue  # a unit word may go when filler parts it from the date ("as the day")
            if before and before[-1] in _YEAR_QUALIFIERS and kept[0].isdigit():
                continue  # "budget 2026" may be a fiscal year: do not read it as 2026
            try:
                return _read(" ".join(kept), ctx)
            except _Problem as problem:
                if not str(problem).startswith((_NO_FORM, "there is no date")):
                    raise
    return None


#: A percentage or an approximate count is no date: "by at least 81% by 2035", "about 700
#: electric buses by end-2027", "between 6.3 and 6.8 per cent in FY26".
_QUANTITY = re.compile(
    r"(?:\b(?:by|of|at|between)\s+)?"
    r"(?:\b(?:at least|around|about|approximately|approx\.?|roughly|nearly|almost|some|over"
    r"|more than|less than|up to|under)\s+)?"
    r"(?:\b\d{1,3}(?:\.\d+)?\s*%?\s*(?:-|to|and)\s*)?\b\d{1,3}(?:\.\d+)?\s*"
    r"(?:%|per\s?cent\b|percent\b|percentage points?\b|basis points\b|bps\b)"
    r"|\b(?:at least|around|about|approximately|roughly|nearly|almost|some|over|more than"
    r"|up to)\s+\d{1,3}(?:[ ,]\d{3})*(?:\.\d+)?(?=\s+(?!(?:days?|weeks?|months?|years?"
    r"|quarters?|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b)[a-z])",
    re.IGNORECASE,
)


#: An unknown word right before a run that makes its year a baseline, not a deadline:
#: "by 2035 compared with 2019 levels", "relative to 2005".
_BASELINE_WORDS = frozenset(
    (
        "compared",
        "relative",
        "versus",
        "vs",
        "against",
        "baseline",
        "below",
        "above",
        "than",
        "since",
    )
)
#: Words after which a month name that is also an English word is a month: "in March".
_MONTH_PREPOSITIONS = frozenset(
    (
        "in",
        "by",
        "on",
        "from",
        "until",
        "till",
        "before",
        "during",
        "early",
        "mid",
        "late",
        "end",
        "start",
        "next",
        "this",
        "last",
    )
)


def _runs(tokens: list[str]) -> list[tuple[list[str], str | None, bool]]:
    """The runs of known words: (words, the unknown word before, whether one follows)."""
    runs: list[tuple[list[str], str | None, bool]] = []
    current: list[str] = []
    before: str | None = None
    for tok in [*tokens, None]:
        if tok is not None and _known(tok):
            current.append(tok)
            continue
        if current:
            runs.append((current, before, tok is not None))
        current, before = [], tok
    return runs


def _dateless(run: list[str]) -> bool:
    """Whether a run of known words holds no date: only filler, "may"/"march"/"fall" as
    English words, numbers of at most three digits (labels, counts, "51-50")."""
    words = [
        tok
        for i, tok in enumerate(run)
        if tok not in _WORD_MONTHS
        or (i and (run[i - 1] in _MONTH_PREPOSITIONS or run[i - 1].isdigit()))
        or (i + 1 < len(run) and run[i + 1].isdigit())
    ]
    if not any(tok in _STRONG or tok.isdigit() for tok in words):
        return True
    return all(
        (tok.isdigit() and len(tok) <= 3)
        or tok in _KEPT_PUNCTUATION
        or (tok in _VOCABULARY and tok not in _STRONG)
        for tok in words
    )


def _read_embedded(tokens: list[str], ctx: _Ctx, first_unknown: str) -> _Span:
    unrecognised = f"unrecognised {'word' if first_unknown.isalpha() else 'character'}"
    unreadable = _Problem(f"{unrecognised} {_quote(first_unknown)}")
    if _is_negated(tokens):
        raise _Problem(
            f"{unrecognised} {_quote(first_unknown)} in a phrase that denies or"
            " withdraws; give the deadline alone"
        )
    found: list[tuple[_Span, list[str]]] = []
    labels: list[list[str]] = []
    for run, before, followed in _runs(tokens):
        while run and run[0] in _KEPT_PUNCTUATION:
            run = run[1:]
        if (
            before is not None
            and run
            and run[0].isdigit()
            and len(run[0]) <= 3
            and len(run) > 1
            and not run[1].isdigit()
            and run[1] not in _MONTHS
            and run[1] not in _UNIT_WORDS
        ):
            run = run[1:]  # "Article 23 within 2024", "CPS 230 will ...": a label's number
        if not run or _dateless(run) or before in _BASELINE_WORDS:
            continue
        if followed and not any(tok in _STRONG - _DETERMINERS or tok.isdigit() for tok in run):
            continue  # "this Directive", "its next scheduled meeting", "the Final Rules"
        if followed and (
            run[-2:] in (["to", "end"], ["to", "start"], ["to", "close"])
            or run in ([s] for s in _SEASONS)
        ):
            continue  # "set to end the use of", "the spring statement": not dates
        if followed and len(run) == 1 and len(run[0]) == 4 and run[0].isdigit():
            labels.append(run)  # "All 2025 PTINs", "Act 1998": a year as a label, maybe
            continue
        if _MOVES.intersection(tokens) and "to" in run[:-1]:
            run = run[len(run) - run[::-1].index("to") :]  # "deferred ... to 1 January 2023"
        try:
            found.append((_read(" ".join(run), ctx), run))
            continue
        except _Problem as problem:
            if str(problem).startswith("there is no date"):
                continue  # only filler after all ("will start to be settled")
            if not str(problem).startswith(_NO_FORM):
                raise
        span = _read_tail(run, ctx)
        if span is None:
            raise unreadable from None
        found.append((span, run))
    if not found:  # only years used as labels: then they are the date
        for run in labels:
            found.append((_read(run[0], ctx), run))
    spans = {span for span, _ in found}
    if len(spans) == 1:
        return spans.pop()
    if not spans:
        raise unreadable
    # Exactly one deadline mark ("by", "before", ...) in all the runs, opening its run.
    marks = [
        sum(f" {' '.join(run)} ".count(f" {word} ") for word in _DEADLINE_MARKS) for _, run in found
    ]
    marked = {
        span
        for (span, run), n in zip(found, marks, strict=True)
        if n and " ".join(run).startswith(_DEADLINE_MARKS)
    }
    if len(marked) == 1 and sum(marks) == 1:
        return marked.pop()
    raise _Problem(f"{unrecognised} {_quote(first_unknown)} among several dates; give one")


# Compiled on first use (through re's own pattern cache): most phrases never need it.
_EVENT = (
    r"\b(?:\d+|an?|(?:{tens})(?:[- ](?:{ones}))?|{ones}) (?:(?:working|business|calendar|clear) )?"
    r"(?:day|week|month|year)s?'?s? (?:after|of|from|following|since|upon|post|before|prior to)"
    r" (?:the |its |their )?(?:date |day )?(?:of )?(?:the )?(?P<event>.+?)\.?$".format(
        tens="|".join(_TENS), ones="|".join(sorted(_CARDINALS, key=len, reverse=True))
    )
)
_EVENT_HINT = re.compile(
    r"(?:day|week|month|year)s?'?s? (?:after|of|from|following|since"
    r"|upon|post|before|prior)\b",
    re.ASCII | re.IGNORECASE,
)


#: Words that never name an event by themselves ("2 months before early" is no event).
_NOT_EVENTS = _VOCABULARY | {w for p in _OPEN_ENDED + _VAGUE for w in p.split()} | {"a", "an"}


def _dateless_event(phrase: str, ctx: _Ctx) -> str | None:
    """The event in "180 days after submission" when it is not itself a date, else None.

    The event must name something other than calendar words ("submission", "entry
    into force"); "3 months after 1 June 2026" names a date and is left to the rules
    (which refuse it as open-ended), as is "2 months before early".
    """
    text = " ".join(unicodedata.normalize("NFKC", phrase).replace("\u2019", "'").split())
    if not _EVENT_HINT.search(text):
        return None
    m = re.search(_EVENT, text, re.ASCII | re.IGNORECASE)
    if m is None:
        return None
    event = m["event"]
    words = [tok for tok in _tokens(event) if tok.isalpha()]
    if "force" not in words and all(word in _NOT_EVENTS for word in words):
        return None
    try:
        _read_phrase(event, ctx)
    except _Problem:
        return event
    return None


def _read(s: str, ctx: _Ctx) -> _Span:
    """Try every rule on ``s``; if none fits, peel one filler word and retry."""
    while s:
        span = _try_rules(_RULES, _RULE_FINDER, s, ctx)
        if span is not None:
            return span
        shorter = _strip_filler(s)
        if shorter == s:
            break
        s = shorter
    if not s:
        raise _Problem("there is no date in it, only filler words")
    if ctx.depth == 0 and (day := _dateparser_fallback(s, ctx)) is not None:
        return day, day
    if re.fullmatch(rf"(?:(?:this|next|last|coming) )?(?:{_alt(_WEEKDAYS)})", s):
        raise _Problem("a weekday alone is ambiguous; give the date")
    raise _Problem(f"no date form matches {_quote(s)}")


_LEAD_RE = re.compile(
    r"(?:" + "|".join(map(re.escape, sorted(_LEAD_FILLER, key=len, reverse=True))) + r") "
)
_TRAIL_RE = re.compile(
    r" (?:" + "|".join(map(re.escape, sorted(_TRAIL_FILLER, key=len, reverse=True))) + r")$"
)


def _strip_filler(s: str) -> str:
    if s in _LEAD_FILLER or s in _TRAIL_FILLER:
        return ""
    if m := _LEAD_RE.match(s):
        return s[m.end() :]
    if m := _TRAIL_RE.search(s):
        return s[: m.start()]
    return s


def _dateparser_fallback(s: str, ctx: _Ctx) -> date | None:
    """Last resort for single days our rules do not cover: written forms with a month
    name in an odd order ("2026 December 31") or with a clock time ("31 Dec 2026 at
    17:00", "2026-12-31T17:00Z").

    dateparser is imported here, never at module import.  Its answer is accepted only
    if every word is a month, weekday or clock word and the numbers outside the clock
    time are exactly the day, month (unless named) and year it found, in the order the
    ``day_first`` option prescribes.
    """
    tokens = s.split()
    words = [t for t in tokens if t.isalpha()]
    if any(w not in _MONTHS and w not in _WEEKDAYS and w not in _CLOCK_WORDS for w in words):
        return None
    clock = {
        i
        for i, t in enumerate(tokens)
        if t.isdigit()
        and (
            (i + 1 < len(tokens) and tokens[i + 1] in (":", "am", "pm"))
            or (i > 0 and tokens[i - 1] in (":", "t"))
        )
    }
    numbers = [int(t) for i, t in enumerate(tokens) if t.isdigit() and i not in clock]
    month_named = any(w in _MONTHS for w in words)
    if not (month_named or clock or "noon" in words or "midnight" in words):
        return None
    import dateparser  # slow to import (~0.2 s): only here, never at module import

    settings = {
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
        "RELATIVE_BASE": datetime(ctx.reference.year, ctx.reference.month, ctx.reference.day),
        "DATE_ORDER": "DMY" if ctx.day_first else "MDY",
        "STRICT_PARSING": True,  # day, month and year must all be present
        "PARSERS": ["absolute-time"],
    }
    text = re.sub(r"(?<=\d) ([-/.:]) (?=\d)", r"\1", s).replace("+ ", "+")
    try:
        found = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    if found is None:
        return None
    day = found.date()
    if month_named:
        if not any(_MONTHS.get(w) == day.month for w in words) or sorted(numbers) != sorted(
            [day.day, day.year]
        ):
            return None
    elif numbers != (
        [day.year, day.month, day.day]
        if numbers[:1] == [day.year]
        else [day.day, day.month, day.year]
        if ctx.day_first
        else [day.month, day.day, day.year]
    ):
        return None  # numeric dates must be in the order the options say
    _check_weekday([_WEEKDAYS[w] for w in words if w in _WEEKDAYS], day)
    return day


def _check_weekday(weekdays: list[int], day: date) -> None:
    for weekday in weekdays:
        if day.weekday() != weekday:
            raise _Problem(
                f"{_show_day(day.year, day.month, day.day)} is a "
                f"{calendar.day_name[day.weekday()]}, not a {calendar.day_name[weekday]}"
            )


# ---- rules


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str], _Ctx], _Span | None]


_RULES: list[_Rule] = []


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_PLACEHOLDERS = {
    "{MON}": rf"(?P<mon>{_alt(_MONTHS)})",
    "{WD}": rf"(?P<wd>{_alt(_WEEKDAYS)})",
    "{YR}": r"(?P<y>\d{4}|(?:this|next|last|current) year|year)",
    "{N}": r"(?P<n>\d{1,4})",
    "{UNIT}": r"(?P<unit>day|week|month|year)s?",
    "{X}": r"(?P<x>.+)",
}


def _index(patterns: Iterable[re.Pattern[str]]) -> re.Pattern[str]:
    """One regex whose group i matches wherever the i-th pattern could (a superset: group
    names dropped, back-references loosened).  Alternatives are tried in order, so one
    C-level ``fullmatch`` finds the first candidate instead of a Python loop over all."""
    parts, flags = [], re.ASCII
    for pattern in patterns:
        body = re.sub(r"\(\?P<\w+>", "(?:", pattern.pattern)
        parts.append("(" + re.sub(r"\(\?P=\w+\)", "(?:.*?)", body) + ")")
        flags &= pattern.flags
    return re.compile("|".join(parts), flags)


#: Lookups before a :class:`_FirstMatch` compiles its index (~5 ms): a one-off parse,
#: such as a CLI command's, never pays for it; a batch of phrases soon does.
_INDEX_AFTER = 100


class _FirstMatch:
    """Where to start trying an ordered list of patterns on a string."""

    def __init__(self, patterns: Callable[[], Iterable[re.Pattern[str]]]) -> None:
        self._patterns = patterns  # called when the index is built, once all are registered
        self._regex: re.Pattern[str] | None = None
        self._uses = 0

    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = _index(self._patterns())
        return self._regex

    def start(self, s: str) -> int | None:
        """The position of the first pattern that may fullmatch ``s`` (0 while the index
        is not built yet), or None when none can."""
        if self._regex is None:
            self._uses += 1
            if self._uses <= _INDEX_AFTER:
                return 0
        hit = self.regex().fullmatch(s)
        return None if hit is None else (hit.lastindex or 1) - 1


def _try_rules(rules: list[_Rule], finder: _FirstMatch, s: str, ctx: _Ctx) -> _Span | None:
    """The first rule (in order) that matches ``s`` and builds a span, or None."""
    start = finder.start(s)
    if start is None:
        return None
    for rule in rules[start:]:
        match = rule.pattern.fullmatch(s)
        if match:
            span = rule.build(match, ctx)
            if span is not None:
                return span
    return None


def _compile(pattern: str) -> re.Pattern[str]:
    for key, value in _PLACEHOLDERS.items():
        pattern = pattern.replace(key, value)
    return re.compile(pattern, re.ASCII)


def _rule(*patterns: str) -> Callable:
    """Register a builder for one or more patterns, in the order rules are tried."""

    def register(build: Callable[[re.Match[str], _Ctx], _Span | None]) -> Callable:
        for pattern in patterns:
            _RULES.append(_Rule(build.__name__, _compile(pattern), build))
        return build

    return register


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


@_rule(r"today", r"tomorrow", r"yesterday", r"{N} (?P<unit>day|week)s? ago")
def _relative_day(m: re.Match[str], ctx: _Ctx) -> _Span:
    offsets = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if m.group(0) in offsets:
        day = _add_days(ctx.reference, offsets[m.group(0)])
    else:
        day = _shift(ctx.reference, m["unit"], -int(m["n"]))
    return day, day


@_rule(r"(?P<rel>this|current|next|last|previous) (?P<unit>week|month|quarter|year)")
def _relative_unit(m: re.Match[str], ctx: _Ctx) -> _Span:
    step = {"this": 0, "current": 0, "next": 1, "last": -1, "previous": -1}[m["rel"]]
    return _unit_span(m["unit"], _shift(ctx.reference, m["unit"], step))


@_rule(r"in {N} {UNIT}(?: time)?")
def _in_n_units(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "in two years' time": the calendar unit containing ref + N units."""
    return _unit_span(m["unit"], _shift(ctx.reference, m["unit"], _count(m)))


@_rule(
    r"within {N} {UNIT}",
    r"(?:(?:in|over|during|for|within) )?(?:next|coming|following|forthcoming) {N} {UNIT}",
    r"(?:in|over|during|for|within) (?:next|coming|following|forthcoming)"
    r" (?P<unit>day|week|month|year)",
)
def _within_n_units(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "within three years": ref .. the same calendar day N units later.  "In the next
    year" (N = 1) is ref..ref + 1 year; plain "next year" is the calendar year."""
    return ctx.reference, _shift(ctx.reference, m["unit"], _count(m))


def _count(m: re.Match[str]) -> int:
    number = m.groupdict().get("n") or "1"
    if int(number) < 1:
        raise _Problem(f"a period of {number} {m['unit']}s is empty")
    return int(number)


@_rule(
    r"(?:within|later(?: in| during)?|rest|remainder|balance) "
    r"(?:(?:this|current) )?(?P<unit>year|quarter|month|week)"
)
def _rest_of_unit(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "later this year", "within the year": ref .. the end of ref's year."""
    return ctx.reference, _unit_span(m["unit"], ctx.reference)[1]


@_rule(
    r"(?:(?:in|over|during|within) )?"
    r"(?:coming months|upcoming months|next few months|months ahead|months to come)"
)
def _coming_months(m: re.Match[str], ctx: _Ctx) -> _Span:
    return ctx.reference, _add_months(ctx.reference, 6)


@_rule(r"(?:before|prior to|ahead|by (?:start|beginning|outset)) {X}")
def _before(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "before 2027" / "by the start of 2027": the same-sized unit just before (2026)."""
    return _before_span(ctx.read(m["x"]), ctx)


def _before_span(span: _Span, ctx: _Ctx) -> _Span:
    earliest, latest = span
    months = _whole_months((earliest, latest))
    if earliest == latest:
        day = _add_days(earliest, -1)
        return day, day
    if (latest - earliest).days == 6 and earliest.weekday() == 0:
        return _add_days(earliest, -7), _add_days(latest, -7)
    if months in (1, 3, 6, 12) and _precision(earliest, latest, ctx.fiscal_start) in (
        Precision.MONTH,
        Precision.QUARTER,
        Precision.HALF,
        Precision.YEAR,
    ):
        start = _add_months(earliest, -months)
        return _months(start.year, start.month, months)
    raise _Problem('"before" needs a single day, week, month, quarter, half or year after it')


@_rule(
    r"(?P<unit>year|quarter|month|half) (?:- )?end",
    r"(?P<y>\d{4}) year (?:- )?end",
    r"year (?:- )?end (?P<y>\d{4})",
)
def _unit_end(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "year-end" (the reference year's), "2025 year-end": the last month."""
    if m.groupdict().get("y"):
        return _months(int(m["y"]), 12)
    return _end_of(_unit_span(m["unit"], ctx.reference))


# "end in 2027", "start from 1 July": verbs, read by the filler (_LEAD_FILLER), not "end of".
@_rule(r"(?:end|close) (?!(?:on|in|from|at|during|by|with) )(?:- )?{X}")
def _end(m: re.Match[str], ctx: _Ctx) -> _Span:
    return _end_of(ctx.read(m["x"]))


@_rule(r"(?:beginning|start|outset) (?!(?:on|in|from|at|during|by|with) )(?:- )?{X}")
def _beginning(m: re.Match[str], ctx: _Ctx) -> _Span:
    return _end_of(ctx.read(m["x"]), first=True)


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


@_rule(r"1 (?P<n>\d{1,2}) (?P<unit>quarters|months) {X}")
def _first_parts(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "the first three quarters of 2025", "the first nine months of 2026": from the
    start of the year (or span) to the end of its Nth quarter or month."""
    earliest, latest = ctx.read(m["x"])
    if _whole_years((earliest, latest)) != 1:
        raise _Problem(f'"first {m["n"]} {m["unit"]}" needs a year after it')
    count = int(m["n"]) * (3 if m["unit"] == "quarters" else 1)
    if not 1 <= count <= 12:
        raise _Problem(f"a year has no {m['n']} {m['unit']}")
    return _months(earliest.year, earliest.month, count)


@_rule(r"(?P<which>opening|1|initial|final|closing|last) year {X}")
def _year_of_period(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "the opening / final year of the 15th Five-Year Plan"."""
    span = ctx.read(m["x"])
    if not _whole_years(span):
        raise _Problem(f'"{m["which"]} year" needs a span of whole years after it')
    year = span[0].year if m["which"] in ("opening", "1", "initial") else span[1].year
    return _months(year, 1, 12)


@_rule(
    r"(?P<which>early part|later part|latter part|early|mid|middle|late|later in)"
    r" (?:- )?{X}"
)
def _thirds(m: re.Match[str], ctx: _Ctx) -> _Span:
    """early / mid / late: the first / middle / last third of a month or of whole months."""
    third = {"early": 0, "mid": 1, "middle": 1}.get(m["which"].split()[0], 2)
    span = _third_of(ctx.read(m["x"]), third)
    if span is None:
        raise _Problem(f'"{m["which"]}" needs a month, quarter, half or year after it')
    return span


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


@_rule(
    r"(?P<kind>week commencing|week beginning|week starting|week ending|week ended"
    r"|w / c|week) {X}"
)
def _week_of(m: re.Match[str], ctx: _Ctx) -> _Span:
    # A year-less day picks the first such week that has not ended by the reference date.
    anchor = {
        "week": _unit_span("week", ctx.reference)[0],
        "week ending": ctx.reference,
        "week ended": ctx.reference,
    }.get(m["kind"], _add_days(ctx.reference, -6))
    day, last = replace(ctx, anchor=anchor).read(m["x"])
    if day != last:
        raise _Problem(f'"{m["kind"]}" needs a single day after it')
    if m["kind"] in ("week ending", "week ended"):
        return _add_days(day, -6), day
    if m["kind"] == "week":
        return _unit_span("week", day)
    return day, _add_days(day, 6)


@_rule(
    r"(?P<n>\d{1,2}) (?:5 (?:- )?years? plan|fyp)(?: period)?"
    r"(?: (?P<y1>\d{4}) (?:-|to) (?P<y2>\d{4}))?"
)
def _five_year_plan(m: re.Match[str], ctx: _Ctx) -> _Span:
    """China's Nth Five-Year Plan, five calendar years: 1st 1953-57, 2nd 1958-62, then
    (after the 1963-65 readjustment) the 3rd from 1966, so plan N >= 3 starts in 1951 + 5N
    (14th: 2021-2025, 15th: 2026-2030).  Official texts repeat the years in brackets,
    "the 14th Five-Year Plan period (2021-2025)": they must be the plan's own years."""
    span = _plan_span(int(m["n"]))
    if m["y1"] and (int(m["y1"]), int(m["y2"])) != (span[0].year, span[1].year):
        raise _Problem(
            f"the years {m['y1']}-{m['y2']} are not those of the {m['n']}th Five-Year Plan"
            f" ({span[0].year}-{span[1].year})"
        )
    return span


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


_FY = r"(?:fy|fiscal year|financial year|fiscal|fin year|budget year)"


@_rule(
    rf"{_FY} (?:- )?(?P<a>\d{{4}}|\d{{2}})(?: [-/] (?P<b>\d{{4}}|\d{{2}}))?",
    rf"(?P<a>\d{{4}}|\d{{2}}) [-/] (?P<b>\d{{4}}|\d{{2}}) {_FY}",
    rf"(?P<a>\d{{4}}) {_FY}",
)
def _fiscal_year(m: re.Match[str], ctx: _Ctx) -> _Span:
    """FY2026 ends in 2026; FY2025/26 starts in 2025 (see the module docstring)."""
    first = _full_year(m["a"])
    if m.groupdict().get("b") is None:
        if ctx.fiscal_start == 1:
            return _months(first, 1, 12)
        return _months(first - 1, ctx.fiscal_start, 12)
    second = _full_year(m["b"], century_of=first)
    if second != first + 1:
        raise _Problem(f"a fiscal year spans two consecutive years, not {first} and {second}")
    return _split_fiscal_year(first, ctx)


@_rule(r"(?P<a>\d{4}) / (?P<b>\d{4}|\d{2})")
def _slashed_fiscal_year(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """A bare "2025/26" is a fiscal year; "2026/12" is left to the month rules."""
    first = _full_year(m["a"])
    if _full_year(m["b"], century_of=first) != first + 1:
        return None
    return _split_fiscal_year(first, ctx)


def _split_fiscal_year(first: int, ctx: _Ctx) -> _Span:
    if ctx.fiscal_start == 1:
        raise _Problem(f"{first}/{first + 1} spans two years but fiscal years start in January")
    return _months(first, ctx.fiscal_start, 12)


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


@_rule(r"(?P<unit>year|quarter|month|week)")
def _bare_unit(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """Inside a phrase, "the year" / "the month" is the one containing the reference."""
    return _unit_span(m["unit"], ctx.reference) if ctx.depth > 0 else None


# ---- calendar terms: single dates, months, quarters, halves, seasons, years


@dataclass(frozen=True)
class _Term:
    """A calendar reference that may lack its year (or, inside a range, its month)."""

    kind: str  # day, month, quarter, half, season, year, number
    year: int | None = None
    index: int | None = None  # month, quarter, half or season start month
    day: int | None = None
    weekday: int | None = None
    relative: str | None = None  # this/next/last for "next June"
    number: str | None = None  # bare number inside a range ("Nov 3-7", "2026-27")


_TERM_PATTERNS: list[tuple[str, re.Pattern[str], bool]] = []


def _term(kind: str, *patterns: str, partial: bool = False) -> None:
    for pattern in patterns:
        _TERM_PATTERNS.append((kind, _compile(pattern), partial))


_YY = r"(?P<yy>\d{2})"
_term("iso", r"(?P<y>\d{4}) (?P<s>[-/.]) (?P<m>\d{1,2}) (?P=s) (?P<d>\d{1,2})")
_term("numeric", r"(?P<a>\d{1,2}) (?P<s>[-/.]) (?P<b>\d{1,2}) (?P=s) (?P<y>\d{4}|\d{2})")
_term(
    "day",
    r"(?:{WD} )?(?P<d>\d{1,2}) (?:[-/.] )?{MON}(?: (?:[-/.] )?{YR})?",
    r"(?:{WD} )?{MON} (?:[-/.] )?(?P<d>\d{1,2})(?: (?:[-/.] )?{YR})?",
)
_term("year_month", r"(?P<y>\d{4}) [-/] (?P<m>\d{1,2})")
_term("month_year", r"(?P<m>\d{1,2}) [-/] (?P<y>\d{4})")
_term("month", r"(?:(?P<rel>this|next|last) )?{MON}(?: (?:[-/.] )?{YR})?")
_term(
    "quarter",
    rf"q (?P<i>\d)(?: (?:[-/] )?(?:{{YR}}|{_YY}))?",
    rf"(?P<i>\d) q(?: (?:{{YR}}|{_YY}))?",
    r"(?P<y>\d{4}) (?:- )?q (?P<i>\d)",
    r"(?P<i>\d) quarter(?: {YR})?",
    r"quarter (?P<i>\d)(?: {YR})?",
)
_term(
    "half",
    rf"h (?P<i>\d)(?: (?:[-/] )?(?:{{YR}}|{_YY}))?",
    rf"(?P<i>\d) h(?: (?:{{YR}}|{_YY}))?",
    r"(?P<y>\d{4}) (?:- )?h (?P<i>\d)",
    r"(?P<i>\d|latter) half(?: {YR})?",
)
_term(
    "season",
    r"(?:(?P<rel>this|next|last) )?(?P<season>spring|summer|autumn|fall|winter)(?: {YR})?",
    r"{YR} (?P<season>spring|summer|autumn|fall|winter)",
    r"(?P<season>winter) (?P<y>\d{4}) [-/] (?P<y2>\d{4}|\d{2})",
)
_term("year", r"(?:calendar year |year |cy )?(?P<y>\d{4})")
_term("number", r"(?P<n>\d{1,4})", partial=True)
_term("day", r"(?P<d>\d{1,2}) (?P<y>\d{4})", partial=True)


_TERM_FINDER = _FirstMatch(lambda: (pattern for _, pattern, _ in _TERM_PATTERNS))


def _read_term(s: str, ctx: _Ctx, *, partial: bool = False) -> _Term | None:
    start = _TERM_FINDER.start(s)
    if start is None:
        return None
    for kind, pattern, needs_partial in _TERM_PATTERNS[start:]:
        if needs_partial and not partial:
            continue
        m = pattern.fullmatch(s)
        if m:
            term = _build_term(kind, m.groupdict(), ctx)
            if term is not None:
                return term
    return None


def _year_of(text: str | None, ctx: _Ctx) -> int | None:
    if text is None:
        return None
    if text.isdigit():
        return _full_year(text)
    return ctx.reference.year + {"next": 1, "last": -1}.get(text.split()[0], 0)


def _build_term(kind: str, g: dict[str, str | None], ctx: _Ctx) -> _Term | None:
    year = _year_of(g.get("y"), ctx)
    if g.get("yy"):
        year = _full_year(g["yy"])
    if kind == "iso":
        return _Term("day", year, int(g["m"]), int(g["d"]))
    if kind == "numeric":
        day_first = ctx.day_first or g["s"] == "."
        day, month = (int(g["a"]), int(g["b"])) if day_first else (int(g["b"]), int(g["a"]))
        if month > 12:
            order = "day first" if day_first else "month first"
            raise _Problem(f"there is no month {month} (numeric dates are read {order})")
        return _Term("day", year, month, day)
    if kind == "day":
        month = _MONTHS[g["mon"]] if g.get("mon") else None
        weekday = _WEEKDAYS[g["wd"]] if g.get("wd") else None
        return _Term("day", year, month, int(g["d"]), weekday)
    if kind in ("year_month", "month_year"):
        month = int(g["m"])
        if (
            kind == "year_month"
            and year is not None
            and len(g["m"]) == 2
            and month == (year + 1) % 100
            and 1 <= month <= 12
        ):
            raise _Problem(
                f"{year}-{g['m']} could be a month or the years {year}-{year + 1}; write it out"
            )
        if not 1 <= month <= 12:
            return None  # "2026-27" is a range of years, read by the range rule
        return _Term("month", year, month)
    if kind == "month":
        if g.get("rel") and g.get("y"):
            return None
        return _Term("month", year, _MONTHS[g["mon"]], relative=g.get("rel"))
    if kind in ("quarter", "half"):
        index = 2 if g["i"] == "latter" else int(g["i"])
        if index not in (range(1, 5) if kind == "quarter" else range(1, 3)):
            raise _Problem(f"there is no {kind} {index}")
        return _Term(kind, year, index)
    if kind == "season":
        if g.get("y2") is not None and _full_year(g["y2"], century_of=year) != (year or 0) + 1:
            raise _Problem("a winter spans two consecutive years")
        if g.get("rel") and g.get("y"):
            return None
        return _Term("season", year, _SEASONS[g["season"]], relative=g.get("rel"))
    if kind == "year":
        return _Term("year", year)
    return _Term("number", number=g["n"])


@_rule(r".+")
def _single_term(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    term = _read_term(m.group(0), ctx)
    return None if term is None else _resolve(term, ctx.not_before)


def _resolve(term: _Term, on_or_after: date) -> _Span:
    """The window a term names; a term without a year is the next one that ends on or
    after ``on_or_after`` (for a day: falls on or after it)."""
    year, index = term.year, term.index
    if term.kind == "day":
        if index is None:
            raise _Problem(f"the day {term.day} needs a month")
        if not 1 <= index <= 12:
            raise _Problem(f"there is no month {index}")
        if year is None:
            day = _next_day(index, term.day or 0, on_or_after)
        else:
            day = _date(year, index, term.day or 0)
        _check_weekday([] if term.weekday is None else [term.weekday], day)
        return day, day
    if term.kind == "year":
        return _months(year or 0, 1, 12)
    if term.kind == "month" and term.relative:
        return _months(_relative_month_year(index or 1, term.relative, on_or_after), index or 1)
    if term.kind == "season" and term.relative:
        return _relative_season(index or 3, term.relative, on_or_after)
    size = {"month": 1, "quarter": 3, "half": 6, "season": 3}.get(term.kind)
    if size is None:
        raise _Problem(f"the number {term.number} needs a month or year")
    first_month = index if term.kind in ("month", "season") else ((index or 1) - 1) * size + 1
    if year is not None:
        return _months(year, first_month or 1, size)
    for candidate in range(max(1, on_or_after.year - 1), on_or_after.year + 2):
        span = _months(candidate, first_month or 1, size)
        if span[1] >= on_or_after:
            return span
    raise AssertionError("unreachable: a later year always ends after on_or_after")


def _next_day(month: int, day: int, on_or_after: date) -> date:
    for year in range(on_or_after.year, on_or_after.year + 9):
        try:
            found = date(year, month, day)
        except ValueError:
            continue
        if found >= on_or_after:
            return found
    raise _Problem(f"{_show_day(None, month, day)} does not exist")


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


# ---- ranges: "2026-2028", "between May and July 2026", "Nov 3-7", "2023 or 2024"

_RANGE_SEPARATORS = frozenset({"-", "to", "and", "or", "through", "thru", "until", "till"})


@_rule(r"(?:between )?(?P<x>.+ (?:-|to|and|or|through|thru|until|till) .+)")
def _range(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    tokens = m["x"].split()
    results: set[_Span] = set()
    problems: list[_Problem] = []
    for i, tok in enumerate(tokens):
        if tok not in _RANGE_SEPARATORS or i == 0 or i == len(tokens) - 1:
            continue
        try:
            left = _read_term(" ".join(tokens[:i]), ctx, partial=True)
            right = _read_term(" ".join(tokens[i + 1 :]), ctx, partial=True)
            pair = None if left is None or right is None else _complete_pair(left, right)
            if pair is not None:
                results.add(_range_span(*pair, ctx))
        except _Problem as problem:
            problems.append(problem)
    if len(results) > 1:
        raise _Problem(f"{_quote(m['x'])} can be split into a range in more than one way")
    if not results and problems:
        raise problems[0]
    return results.pop() if results else None


def _complete_pair(left: _Term, right: _Term) -> tuple[_Term, _Term] | None:
    """Let each end of a range borrow what it lacks from the other ("3-7 Nov 2025")."""
    if left.kind == "number" and right.kind == "number":
        return None
    if left.kind == "number":
        left = _number_as(left.number or "", right, left_side=True)
    elif right.kind == "number":
        right = _number_as(right.number or "", left, left_side=False)
    if left is None or right is None:
        return None
    if left.kind == "day" and right.kind == "day":
        if left.index is None:
            left = replace(left, index=right.index)
        if right.index is None:
            right = replace(right, index=left.index)
    if left.year is None and right.year is not None and left.kind != "year":
        left = replace(left, year=right.year)
    if right.year is None and left.year is not None and right.kind != "year":
        right = replace(right, year=left.year)
    return left, right


def _number_as(number: str, other: _Term, *, left_side: bool) -> _Term | None:
    """A bare number in a range takes the other end's kind: a day or a year."""
    if other.kind == "day" and len(number) <= 2:
        return replace(other, day=int(number), weekday=None)
    if other.kind == "year" and other.year is not None:
        if len(number) == 4:
            return _Term("year", _full_year(number))
        if len(number) == 2 and not left_side:
            year = _full_year(number, century_of=other.year)
            return _Term("year", year) if year > other.year else None
    return None


def _range_span(left: _Term, right: _Term, ctx: _Ctx) -> _Span:
    """Both ends, in order.  Without any year, the first occurrence of the whole range
    that has not ended by the reference date ("Nov 3-7" read on 5 November: this year's)."""
    if left.year is None and left.kind != "year":
        bare = replace(left, weekday=None), replace(right, weekday=None)
        for year in range(max(1, ctx.not_before.year - 1), ctx.not_before.year + 9):
            try:
                start, end = _ordered(replace(bare[0], year=year), bare[1])
            except _NoSuchDate:
                continue
            if ctx.not_before <= end <= _add_months(start, 12):
                return _ordered(replace(left, year=year), right)
        for term in bare:  # say which end cannot exist ("31 February does not exist")
            _resolve(term, ctx.not_before)
        raise _Problem("no such range of dates exists")
    return _ordered(left, right, ctx.not_before)


def _ordered(left: _Term, right: _Term, not_before: date = date.min) -> _Span:
    start, first_end = _resolve(left, not_before)
    right_start, end = _resolve(right, start)
    if right_start < start or end < first_end:
        raise _Problem(
            f"the range ends before it starts ({start.isoformat()} to "
            f"{end.isoformat()}); give both years"
        )
    return start, end


_RULE_FINDER = _FirstMatch(lambda: (rule.pattern for rule in _RULES))


# --------------------------------------------------------------------------- Chinese
#
# A second reader for phrases containing CJK characters: its own tokeniser (traditional
# characters mapped to simplified, Chinese numerals to digits, known words segmented by
# longest match) and its own ordered rules over the space-separated canonical tokens.
# The calendar helpers, terms and ranges above are shared, so the conventions are the
# English ones (see the module docstring).

_ZH_TRADITIONAL = str.maketrans(
    {
        "後": "后",
        "內": "内",
        "兩": "两",
        "間": "间",
        "時": "时",
        "個": "个",
        "財": "财",
        "開": "开",
        "規": "规",
        "劃": "划",
        "計": "计",
        "盡": "尽",
        "爭": "争",
        "預": "预",
        "將": "将",
        "於": "于",
        "實": "实",
        "現": "现",
        "啟": "启",
        "啓": "启",
        "動": "动",
        "標": "标",
        "來": "来",
        "週": "周",
        "號": "号",
        "確": "确",
        "擬": "拟",
        "遲": "迟",
        "適": "适",
        "長": "长",
        "從": "从",
        "紀": "纪",
        "葉": "叶",
        "為": "为",
        "\u25cb": "\u3007",  # WHITE CIRCLE, often typed for IDEOGRAPHIC NUMBER ZERO
    }
)
_ZH_DASHES = re.compile("[\u2010-\u2015\u2212~\u301c]")

# Every word the reader knows, with its canonical token.  Anything else is refused.
_ZH_WORDS: dict[str, str] = {
    # calendar words
    "年": "年",
    "月": "月",
    "月份": "月",
    "日": "日",
    "号": "日",
    "天": "天",
    "周": "周",
    "星期": "周",
    "个": "个",
    "第": "第",
    "季度": "季度",
    "季": "季度",
    "上半年": "上半年",
    "下半年": "下半年",
    "半年": "半年",
    "今年": "今年",
    "本年": "今年",
    "明年": "明年",
    "后年": "后年",
    "去年": "去年",
    "前年": "前年",
    "本月": "本月",
    "下月": "下月",
    "下个月": "下月",
    "上月": "上月",
    "上个月": "上月",
    "本季度": "本季度",
    "下季度": "下季度",
    "下个季度": "下季度",
    "下一季度": "下季度",
    "上季度": "上季度",
    "上个季度": "上季度",
    "内": "内",
    "之内": "内",
    "以内": "内",
    "前": "前",
    "之前": "前",
    "以前": "前",
    "底": "底",
    "末": "底",
    "期末": "底",
    "末期": "底",
    "初": "初",
    "期初": "初",
    "中": "中",
    "上旬": "上旬",
    "中旬": "中旬",
    "下旬": "下旬",
    "规划": "规划",
    "计划": "计划",
    "期间": "期间",
    "时期": "期间",
    "开局": "开局",
    "收官": "收官",
    "之年": "之年",
    "之日": "之日",
    "未来": "未来",
    "今后": "未来",
    "至": "至",
    "到": "至",
    "从": "从",
    "自": "从",
    "财政年度": "财政年度",
    "财年": "财政年度",
    "年度": "年度",
    # vague
    "前后": "前后",
    "左右": "左右",
    "近期": "近期",
    "尽快": "尽快",
    "尽早": "尽早",
    "早日": "早日",
    "适时": "适时",
    "不久": "不久",
    "将来": "将来",
    "中期": "中期",
    "长期": "长期",
    "短期": "短期",
    "中长期": "中长期",
    "近年": "近年",
    "待定": "待定",
    "世纪": "世纪",
    "本世纪": "世纪",
    "世纪中叶": "世纪",
    "本世纪中叶": "世纪",
    # open-ended
    "后": "后",
    "以后": "后",
    "之后": "后",
    "此后": "后",
    "往后": "后",
    "起": "起",
    "以来": "以来",
    "不早于": "不早于",
}
# Filler peeled off the front (any of these) or the back (_ZH_TRAIL_FILLER) when no rule
# matches.  "前" is not filler: "2027年前" is 2026, "2027年底前" is December 2027.
_ZH_LEAD_FILLER = frozenset(
    (
        "力争",
        "争取",
        "计划",
        "预计",
        "将于",
        "将",
        "于",
        "在",
        "为",
        "至",
        "截至",
        "截止",
        "不晚于",
        "不迟于",
        "确保",
        "有望",
        "拟",
        "拟于",
        "基本",
        "全面",
        "目标",
        "完成",
        "实现",
        "启动",
        "推出",
        "日期",
        "时间",
        "自",
        "由",
        "从",
        "规划",
        "方案",
        "纲要",
        "行动计划",
        "会",
        "要",
        "将要",
    )
)
_ZH_TRAIL_FILLER = frozenset(
    (
        "完成",
        "实现",
        "启动",
        "推出",
        "基本",
        "全面",
        "目标",
        "截止",
        "日期",
        "时间",
        "或之前",  # "or before", like the English trailing "or before"
        "为",  # "在10个月内为...": "for", before what is to be done
        "将",
        "将要",
        "要",
        "会",
        "拟",
        "计划",
        "预计",
        "规划",
        "方案",
        "纲要",
        "行动计划",
        "在",
        "于",
    )
)
_ZH_WORDS.update({word: word for word in _ZH_LEAD_FILLER | _ZH_TRAIL_FILLER})
_ZH_WORDS.update({"或以前": "或之前", "或更早": "或之前", "开始": "开始", "開始": "开始"})
#: Common words that begin with a date character (中, 初, 日, 前, 起, 内, 底, 上, 下):
#: read as words, so that 中华 is not "mid-" and 起步 not "from".
_ZH_NOISE = frozenset(
    (
        "中国",
        "中华",
        "中央",
        "中共",
        "中心",
        "中小",
        "中外",
        "中资",
        "中方",
        "中长期规划",
        "初步",
        "初心",
        "日常",
        "日益",
        "日趋",
        "底线",
        "前海",
        "前沿",
        "前列",
        "前景",
        "起步",
        "起点",
        "发起",
        "内地",
        "内容",
        "内部",
        "国内",
        "境内",
        "区内",
        "上海",
        "上市",
        "下一步",
        "以上",
        "以下",
        "年轻",
        "年龄",
        "周边",
        "月球",
        "中期检讨",
        "中期评估",
        "中期报告",
        "中期检视",
        "中期檢討",
        "中期評估",
        "中期報告",
        "中期檢視",
        "中午",
        "上午",
        "下午",
        "晚上",
        "凌晨",
    )
)
_ZH_VAGUE = frozenset(
    (
        "前后",
        "左右",
        "近期",
        "尽快",
        "尽早",
        "早日",
        "适时",
        "不久",
        "将来",
        "中期",
        "长期",
        "短期",
        "中长期",
        "近年",
        "待定",
        "世纪",
    )
)
_ZH_OPEN = frozenset(("后", "起", "以来", "不早于", "开始"))
_ZH_LONGEST = max(map(len, [*_ZH_WORDS, *_ZH_NOISE]))

_ZH_DIGITS = {
    "\u3007": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_NUMERAL_CHARS = frozenset("\u3007零一二两三四五六七八九十百廿卅")
_ZH_POSITIONAL = re.compile(
    "(?:(?P<h>[一二两三四五六七八九])百)?(?:(?P<t>[一二三四五六七八九])?(?P<ten>十)|(?P<z>[零\u3007]))?"
    "(?P<u>[一二三四五六七八九])?"
)
#: A numeral run followed by one of these is a count or a date, never a plan ("十五年").
_ZH_UNIT_AFTER = frozenset("年月日号天个周季星%")
#: Words after "十五" that make it the 10th Five-Year Plan rather than fifteen.
_ZH_PLAN_CONTEXT = ("规划", "计划", "时期", "期", "末", "初", "开局", "收官")
_ZH_OPEN_QUOTES = frozenset("\u201c\u2018\u300c\u300e\"'")
_ZH_CLOSE_QUOTES = frozenset("\u201d\u2019\u300d\u300f\"'")
_ZH_DROPPED = frozenset(
    "\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f\"'()[]\u3010\u3011\u300a\u300b,\u3002:"
)
_ZH_REL_YEARS = {"今年": 0, "明年": 1, "后年": 2, "去年": -1, "前年": -2}


def _zh_int(run: str) -> int | None:
    """A Chinese numeral written with place values (十二, 二十一, 廿一, 一百八十), or None."""
    if run in _ZH_DIGITS:
        return _ZH_DIGITS[run]
    if run[0] in "廿卅":
        base, rest = (20 if run[0] == "廿" else 30), run[1:]
        if not rest:
            return base
        if len(rest) == 1 and rest in _ZH_DIGITS and rest not in "\u3007零两":
            return base + _ZH_DIGITS[rest]
        return None
    m = _ZH_POSITIONAL.fullmatch(run)
    if m is None or not (m["h"] or m["ten"]):
        return None  # digit by digit (二五) is not a count; 二零三五 is handled as a year
    if (m["z"] and not (m["h"] and m["u"])) or (m["h"] and m["ten"] and not m["t"]):
        return None  # 零 only in 一百零五; 一百十 is written 一百一十
    value = _ZH_DIGITS[m["h"]] * 100 if m["h"] else 0
    if m["ten"]:
        value += 10 * (_ZH_DIGITS[m["t"]] if m["t"] else 1)
    return value + (_ZH_DIGITS[m["u"]] if m["u"] else 0)


def _zh_numeral(s: str, i: int, j: int) -> list[str] | str:
    """Tokens for the numeral run ``s[i:j]``, or a problem.  "十四五" is the 14th Five-Year
    Plan (tokens 14 五); "十五" is the 10th only with plan words or quotes around it."""
    run, after = s[i:j], s[j:]
    if len(run) >= 2 and run[-1] == "五" and after[:1] not in _ZH_UNIT_AFTER:
        plan = _zh_int(run[:-1])
        quoted = i > 0 and s[i - 1] in _ZH_OPEN_QUOTES and after[:1] in _ZH_CLOSE_QUOTES
        if plan and (_zh_int(run) is None or quoted or after.startswith(_ZH_PLAN_CONTEXT)):
            return [str(plan), "五"]
    value = _zh_int(run)
    if value is not None:
        return [str(value)]
    if len(run) == 4 and all(ch in _ZH_DIGITS and ch != "两" for ch in run):
        return ["".join(str(_ZH_DIGITS[ch]) for ch in run)]  # a year: 二零三五
    if len(run) == 2 and i and s[i - 1] in "/至" and all(ch in _ZH_DIGITS for ch in run):
        return ["".join(str(_ZH_DIGITS[ch]) for ch in run)]  # 二零二六/二七年度: 27
    return f"cannot read the number {_quote(run)}"


def _zh_piece(s: str, i: int) -> tuple[int, list[str] | str] | None:
    """The known piece starting at ``s[i]``: (end, tokens or a problem), or None."""
    ch = s[i]
    if ch.isspace() or ch in _ZH_DROPPED:
        return i + 1, []
    if ch in "-/":
        return i + 1, [ch]
    if ch in _ZH_NUMERAL_CHARS or "0" <= ch <= "9" or "a" <= ch <= "z":
        j = i + 1
        if ch in _ZH_NUMERAL_CHARS:
            while j < len(s) and s[j] in _ZH_NUMERAL_CHARS:
                j += 1
            return j, _zh_numeral(s, i, j)
        same = (lambda c: "0" <= c <= "9") if ch <= "9" else (lambda c: "a" <= c <= "z")
        while j < len(s) and same(s[j]):
            j += 1
        run = s[i:j]
        if ch > "9" and run not in ("q", "h"):
            return j, f"Chinese mixed with Latin-script words ({_quote(run)}) is not supported"
        if (
            len(run) == 2
            and run >= "20"
            and s[j : j + 1] == "年"
            and s[j + 1 : j + 3] in ("内", "之内", "以内")
            and s[i - 2 : i] not in ("未来", "今后")
        ):
            return j, (
                f'"{run}年内" could be within {int(run)} years or within 20{run}; write '
                f"20{run}年内, or the number in Chinese numerals"
            )
        return j, [run]
    for size in range(min(_ZH_LONGEST, len(s) - i), 0, -1):
        if s[i : i + size] in _ZH_NOISE:  # an ordinary word: part of the text around the date
            return i + size, f"unrecognised text {_quote(s[i : i + size])}"
        word = _ZH_WORDS.get(s[i : i + size])
        if word is not None:
            return i + size, [word]
    return None


def _zh_tokens(text: str) -> tuple[list[str], list[str], str | None]:
    """Canonical tokens, the text each came from, and the first problem met (if any).

    Text that no known piece starts becomes one token "?<text>" (for the messages).
    """
    s = _ZH_DASHES.sub("-", unicodedata.normalize("NFKC", text).translate(_ZH_TRADITIONAL))
    s = s.lower()
    src = text if len(text) == len(s) else s  # quote the text as written when we can
    tokens: list[str] = []
    raws: list[str] = []
    problem: str | None = None
    i = unknown = 0
    while i < len(s):
        piece = _zh_piece(s, i)
        if piece is None:
            i += 1
            continue
        if unknown < i:
            tokens.append("?" + s[unknown:i])
            raws.append(src[unknown:i])
            problem = problem or f"unrecognised text {_quote(src[unknown:i])}"
        end, found = piece
        if isinstance(found, str):
            problem = problem or found
            found = ["?" + s[i:end]]
        for tok in found:
            # "2025年年底" and "今年年底" say 年 twice
            if (
                tok == "年"
                and tokens
                and (tokens[-1] == "年" or tokens[-1] in _ZH_REL_YEARS)
                and s[end : end + 1] in ("底", "末", "初", "中", "内")
            ):
                raws[-1] += src[i:end]
                continue
            tokens.append(tok)
            raws.append(src[i:end])
        i = unknown = end
    if unknown < len(s):
        tokens.append("?" + s[unknown:])
        raws.append(src[unknown:])
        problem = problem or f"unrecognised text {_quote(src[unknown:])}"
    return tokens, raws, problem


def _zh_read_phrase(phrase: str, ctx: _Ctx) -> _Span:
    tokens, raws, problem = _zh_tokens(phrase)
    if not tokens:
        raise _Problem("there is no date in it")
    for i, tok in enumerate(tokens[:-1]):
        if tok.startswith("?") and tokens[i + 1] in ("之日", "起", "后"):
            raise _Problem(f"it counts from an event ({_quote(raws[i])}) whose date is not given")
    if (
        problem
        and problem.startswith(("unrecognised text", "Chinese mixed with Latin"))
        and not any(
            tok.startswith("?") and raw.isdigit() for tok, raw in zip(tokens, raws, strict=True)
        )
    ):
        return _zh_read_embedded(tokens, raws, ctx, problem)
    _zh_check_open_or_vague(tokens, raws)
    if problem:
        raise _Problem(problem)
    return _zh_read_tokens(tokens, raws, ctx)


#: What 左右 / 前后 ("about") qualify when they make a DATE vague; after anything else
#: ("60%左右", "50个左右") they qualify an amount.
_ZH_DATE_ENDS = frozenset(
    ("年", "月", "日", "号", "底", "末", "初", "中", "季度", "年度", "上半年", "下半年", "五")
)


def _zh_check_open_or_vague(tokens: list[str], raws: list[str]) -> None:
    for i, (tok, raw) in enumerate(zip(tokens, raws, strict=True)):
        before = tokens[i - 1] if i else ""
        if tok in ("左右", "前后") and before not in _ZH_DATE_ENDS:
            continue  # an approximate amount, not an approximate date
        if tok in _ZH_VAGUE:
            raise _Problem(f"{_quote(raw)} is too vague to place on a calendar")
        if tok in ("起", "开始") and before in ("日", "号"):
            continue  # "自2026年1月1日起施行": in force from that day, as "shall apply from"
        if tok in _ZH_OPEN:
            raise _Problem(f"{_quote(raw)} leaves the window open-ended; give an end date")


#: A run of known tokens holds a date only with one of these (or a number) in it:
#: a lone 年, 中 or 初 is part of a word (青年, 中国, 初步), not a date.
_ZH_ANCHORS = frozenset(
    ("今年", "明年", "后年", "去年", "前年", "上半年", "下半年", "未来", "今后")
)
_ZH_DEADLINE_MARKS = frozenset(("至", "截至", "截止", "不晚于", "不迟于"))
_ZH_MOVES_RE = re.compile("延长|延長|推迟|推遲|押后|押後|顺延|順延|延期|延至|推后|推後")
_ZH_NEGATIONS = (
    "不会",
    "不能",
    "无法",
    "未能",
    "取消",
    "暂缓",
    "搁置",
    "难以",
    "不再",
    "不予",
    "不會",
    "無法",
    "暫緩",
    "擱置",
    "難以",
)


#: What makes a number a date or a duration: "2027年", "3月", "10个月", "十四五", "2025/26".
_ZH_DATE_UNITS = frozenset(
    (
        "年",
        "月",
        "日",
        "号",
        "天",
        "个",
        "周",
        "季度",
        "季",
        "五",
        "年度",
        "财政年度",
        "/",
        "-",
        "至",
    )
)


def _zh_anchored(run: list[str]) -> bool:
    """Whether a run of known tokens holds a date: a number with a date unit after it
    ("2027年", "3个月", "十四五"; not "1400个单位"), a relative year (今年, 明年), 上半年, 未来,
    开局之年, or a bare 年底 / 年末 / 年内."""
    if any(a == "周" and b == "年" for a, b in itertools.pairwise(run)):
        return False  # "25周年": an anniversary, not a date
    padded = [*run, "", ""]
    for i, tok in enumerate(run):
        after, then = padded[i + 1], padded[i + 2]
        if (
            tok.isdigit()
            and after in _ZH_DATE_UNITS
            and (after != "个" or then == "月")
            and (after not in ("日", "号") or "月" in run[:i])
        ):
            return True  # (a day needs its month: "7號機" is a unit number)
        if tok in _ZH_ANCHORS or (tok in ("开局", "收官") and "之年" in run):
            return True
        if (
            tok == "年"
            and after in ("底", "末", "内", "中", "初")
            and not (i and run[i - 1].isdigit())
        ):
            return True
    return False


def _zh_weekday(tokens: list[str], n: int) -> int | None:
    """The weekday (0 = Monday) that tokens[n:n+2] name: 星期三 / 周三 (tokenised 周 3),
    星期日 / 周日 / 星期天; None if they name none ("3周内" is three weeks)."""
    if tokens[n] != "周" or n + 1 >= len(tokens) or (n and tokens[n - 1].isdigit()):
        return None
    after = tokens[n + 1]
    if after in ("日", "天", "?天"):
        return 6
    if after.isdigit() and 1 <= int(after) <= 6:
        return int(after) - 1
    return None


def _zh_read_run(run: list[str], raws: list[str], ctx: _Ctx) -> list[tuple[_Span, list[str]]]:
    """The date(s) in one run of known tokens, each with the tokens it was read from: the
    run read whole, else split in two where both halves read (2026年 followed by
    十五五开局之年; 到十四五期末 then 2000年底前)."""
    core = [tok for tok in run if tok not in _ZH_LEAD_FILLER | _ZH_TRAIL_FILLER]
    if core and all(tok.isascii() for tok in core):
        return [(_read(" ".join(core), ctx), run)]  # 实施日期 2019-12-30: an ISO date
    try:
        return [(_zh_read_tokens(run, raws, ctx), run)]
    except _Problem:
        for k in range(1, len(run)):
            if not (_zh_anchored(run[:k]) and _zh_anchored(run[k:])):
                continue
            try:
                return [
                    (_zh_read_tokens(run[:k], raws[:k], ctx), run[:k]),
                    (_zh_read_tokens(run[k:], raws[k:], ctx), run[k:]),
                ]
            except _Problem:
                continue
        raise


def _zh_read_embedded(tokens: list[str], raws: list[str], ctx: _Ctx, problem: str) -> _Span:
    """A Chinese date inside a sentence ("到2025年建成现代化国际化创新型城市"): the one
    run of known tokens that holds a date; as in English, anything ambiguous is refused."""
    unknown_text = "".join(tok[1:] for tok in tokens if tok.startswith("?"))  # simplified
    if any(word in unknown_text for word in _ZH_NEGATIONS):
        raise _Problem(f"{problem}, in a phrase that denies or withdraws; give the deadline alone")
    weekdays = set()
    runs: list[tuple[list[str], list[str], str]] = [([], [], "")]  # (tokens, raws, before)
    skip = 0
    for n, (tok, raw) in enumerate(zip(tokens, raws, strict=True)):
        if skip:
            skip -= 1
            continue
        weekday = _zh_weekday(tokens, n)
        if weekday is not None:  # checked against the day below, not part of its words
            weekdays.add(weekday)
            skip = 1
            continue
        if not tok.startswith("?"):
            runs[-1][0].append(tok)
            runs[-1][1].append(raw)
        elif runs[-1][0]:
            runs.append(([], [], tok[1:]))
        else:
            runs[-1] = ([], [], tok[1:])
    _zh_check_open_or_vague(tokens, raws)
    found: list[tuple[_Span, list[str]]] = []
    for run, run_raws, before in runs:
        run, run_raws = _zh_drop_numbers_of_documents(run, run_raws)
        if not run or not _zh_anchored(run) or before.endswith(("比", "较", "較")):
            continue  # no date, or a baseline ("比2020年翻一番", "较2023年增长")
        if _ZH_MOVES_RE.search(unknown_text) and "至" in run[1:]:
            at = len(run) - 1 - run[::-1].index("至")  # extended by a month TO the day
            run, run_raws = run[at:], run_raws[at:]
        while len(run) > 1 and run[-1].isdigit() and run[-2] not in ("-", "/", "至", "."):
            run, run_raws = run[:-1], run_raws[:-1]  # "2026年3月底將為6,572": an amount
        if len(run) == 2 and run[1] == "年" and run[0].isdigit() and int(run[0]) < 100:
            continue  # "十年行动计划": a count of years, not a date
        found.extend(_zh_read_run(run, run_raws, ctx))
    spans = {span for span, _ in found}
    if len(spans) == 1:
        span = spans.pop()
        if weekdays and (span[0] != span[1] or weekdays != {span[0].weekday()}):
            raise _Problem(f"{problem}, and its weekday does not match the date")
        return span
    if not spans:
        raise _Problem(problem)
    marked = {
        span
        for span, run in found
        if next((t for t in run if t not in _ZH_LEAD_FILLER - _ZH_DEADLINE_MARKS), "")
        in _ZH_DEADLINE_MARKS
    }
    if len(marked) == 1:
        return marked.pop()
    raise _Problem(f"{problem}, among several dates; give one")


def _zh_drop_numbers_of_documents(run: list[str], raws: list[str]) -> tuple[list[str], list[str]]:
    """Leave out a document number, 2024年第46号: a year and a serial, not a date."""
    for i in range(len(run) - 4):
        if (
            run[i].isdigit()
            and run[i + 1 : i + 3] == ["年", "第"]
            and run[i + 3].isdigit()
            and run[i + 4] in ("号", "日")
        ):
            return run[:i] + run[i + 5 :], raws[:i] + raws[i + 5 :]
    return run, raws


def _zh_read_tokens(tokens: list[str], raws: list[str], ctx: _Ctx) -> _Span:
    lo, hi = 0, len(tokens)
    if hi >= 2 and tokens[-1] == "起" and tokens[-2] in ("日", "号"):
        hi -= 1  # "2026年1月1日起": the day it starts
    while lo < hi:
        span = _zh_try_rules(" ".join(tokens[lo:hi]), ctx)
        if span is not None:
            return span
        if tokens[lo] in _ZH_LEAD_FILLER or tokens[lo] in ("-", "/"):
            lo += 1
        elif tokens[hi - 1] in _ZH_TRAIL_FILLER or (
            tokens[hi - 1] in _ZH_LEAD_FILLER and tokens[hi - 1] != "至"
        ):
            hi -= 1  # "到2035年, 力争…": a word that opens the next clause
        else:
            raise _Problem(f"no date form matches {_quote(''.join(raws[lo:hi]))}")
    raise _Problem("there is no date in it, only filler words")


def _zh_try_rules(s: str, ctx: _Ctx) -> _Span | None:
    return _try_rules(_zh_rules(), _ZH_RULE_FINDER, s, ctx)


def _zh_read(s: str, ctx: _Ctx) -> _Span:
    """Read a canonical sub-phrase (the X in "X底"), peeling filler as at the top."""
    ctx = replace(ctx, depth=ctx.depth + 1)
    tokens = s.split()
    while tokens:
        span = _zh_try_rules(" ".join(tokens), ctx)
        if span is not None:
            return span
        if tokens[0] in _ZH_LEAD_FILLER:
            tokens.pop(0)
        elif tokens[-1] in _ZH_TRAIL_FILLER:
            tokens.pop()
        else:
            break
    raise _Problem(f"no date form matches {_quote(_zh_show(s))}")


def _zh_show(s: str) -> str:
    """Canonical tokens back to text: "2025 年 3 月" -> "2025年3月"."""
    return re.sub(r"(?<=[0-9a-z]) (?=[0-9a-z])|(?<=[^0-9a-z]) | (?=[^0-9a-z])", "", s)


#: (pattern, builder) in the order tried; compiled on first use by _zh_rules(), so that
#: importing the module (for English phrases) does not pay for the Chinese patterns.
_ZH_RULE_SOURCES: list[tuple[str, Callable[[re.Match[str], _Ctx], _Span | None]]] = []
_zh_compiled_rules: list[_Rule] | None = None


def _zh_rules() -> list[_Rule]:
    global _zh_compiled_rules
    if _zh_compiled_rules is None:
        _zh_compiled_rules = [
            _Rule(build.__name__, _zh_compile(pattern), build)
            for pattern, build in _ZH_RULE_SOURCES
        ]
    return _zh_compiled_rules


_ZH_PLACEHOLDERS = {
    "{N}": r"(?P<n>[0-9]{1,3})",
    "{X}": r"(?P<x>.+)",
}
_ZH_SEPARATOR = re.compile(r"(?:^| )(?:-|至)(?: |$)")


def _zh_compile(pattern: str) -> re.Pattern[str]:
    for key, value in _ZH_PLACEHOLDERS.items():
        pattern = pattern.replace(key, value)
    return re.compile(pattern)


def _zh_rule(*patterns: str) -> Callable:
    def register(build: Callable[[re.Match[str], _Ctx], _Span | None]) -> Callable:
        for pattern in patterns:
            _ZH_RULE_SOURCES.append((pattern, build))
        return build

    return register


def _zh_part(m: re.Match[str]) -> str | None:
    """The X of "X底", "X前", "X内", or None when X is a range ("2025至2027年底" is refused
    rather than read as the end of 2025-2027)."""
    return None if _ZH_SEPARATOR.search(m["x"]) else m["x"]


_ZH_UNITS = {"年": "year", "月": "month", "天": "day", "日": "day", "周": "week", "季度": "quarter"}


@_zh_rule(
    r"(?:未来 )?{N} (?P<ge>个 )?(?P<unit>年|月|天|日|周|季度) 内",
    r"未来 {N} (?P<ge>个 )?(?P<unit>年|月|天|日|周|季度)",
    r"(?:未来 )?半年 内",
    r"未来 半年",
)
def _zh_within(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "三年内", "六个月内", "未来五年": ref .. ref + N units (like "within three years")."""
    if m.groupdict().get("n") is None:
        return ctx.reference, _shift(ctx.reference, "month", 6)  # 半年: half a year
    needs_ge = {"月": True, "年": False, "天": False, "日": False}.get(m["unit"])
    if needs_ge is not None and needs_ge != bool(m["ge"]):
        return None  # "6月内" is within June; "三个年" is not Chinese
    count = int(m["n"])
    if count < 1:
        raise _Problem(f"a period of {count} {_ZH_UNITS[m['unit']]}s is empty")
    return ctx.reference, _shift(ctx.reference, _ZH_UNITS[m["unit"]], count)


@_zh_rule(
    r"(?:(?:在|于|将于|力争|争取|计划|预计|拟于|拟) )*(?P<unit>今年|年|本月|月|本季度|季度) 内"
)
def _zh_rest_of_unit(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "年内", "在今年内": ref .. the end of ref's year (like "within the year"); the
    lead words are allowed here so that "{X} 内" (the period itself) does not take them."""
    unit = {"今年": "year", "年": "year", "本月": "month", "月": "month"}.get(m["unit"], "quarter")
    return ctx.reference, _unit_span(unit, ctx.reference)[1]


@_zh_rule(r"{X} 内")
def _zh_within_term(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "2030年内", "明年内", "6月内": the period itself."""
    part = _zh_part(m)
    return None if part is None else _zh_read(part, ctx)


@_zh_rule(r"{X} 前")
def _zh_before(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """After a day or an end (底/末), 前 means "by": "3月31日前", "2030年底前".  After a
    year it means "before": "2027年前" is 2026, like "before 2027".  After a month,
    quarter or half it could be either, so it is refused."""
    part = _zh_part(m)
    if part is None:
        return None
    tokens = part.split()
    while len(tokens) > 1 and tokens[-1] in _ZH_TRAIL_FILLER:
        tokens.pop()
    span = _zh_read(part, ctx)
    if tokens[-1] in ("底", "日"):
        return span
    if tokens[-1] == "年" or tokens[-1] in _ZH_REL_YEARS:
        return _before_span(span, ctx)
    raise _Problem(
        '"前" here could mean "by" or "before"; write 底前 (by the end of) or give the day'
    )


@_zh_rule(r"(?:(?P<y>[0-9]{4}) 年 |(?P<ry>今年|明年|后年|去年|前年) )?前 (?P<n>[0-9]{1,2}) 个 月")
def _zh_first_months(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "今年前10个月": January to the end of the tenth month (of ref's year if none)."""
    count = int(m["n"])
    if not 1 <= count <= 12:
        raise _Problem(f"a year has twelve months, not {count}")
    year = _zh_year(m, ctx)
    return _months(ctx.not_before.year if year is None else year, 1, count)


@_zh_rule(r"(?:(?P<y>[0-9]{4}) 年 |(?P<ry>今年|明年|后年|去年|前年) )?前 (?P<i>[0-9]) (?:个 )?季度")
def _zh_first_quarters(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "前三季度": January to the end of the third quarter, of the year given, else of
    ref's year (said in October, it is the nine months just gone)."""
    count = int(m["i"])
    if not 1 <= count <= 4:
        raise _Problem(f"a year has four quarters, not {count}")
    year = _zh_year(m, ctx)
    return _months(ctx.not_before.year if year is None else year, 1, 3 * count)


@_zh_rule(
    r"(?P<n>[0-9]{1,2}) 五(?: (?:规划|计划))?(?: 期间)?",
    r"第 (?P<n>[0-9]{1,2}) 个 5 年 (?:规划|计划)(?: 期间)?",
)
def _zh_plan(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "十四五", "“十四五”时期", "十四五规划期间", "第十四个五年规划": 2021-2025."""
    return _plan_span(int(m["n"]))


@_zh_rule(r"{X} (?P<w>开局|收官)(?: 之年)?", r"(?P<w>开局|收官) 之年")
def _zh_plan_year(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "十四五开局": the plan's first year; "收官之年": the last year of the plan in
    force on the reference date."""
    if m.groupdict().get("x") is None:
        span = _plan_span(_plan_in_force(ctx.reference))
    else:
        span = _zh_read(m["x"], ctx)
    if (_whole_years(span) or 0) < 2:
        raise _Problem(f'"{m["w"]}" needs a plan or a span of whole years before it')
    year = span[0].year if m["w"] == "开局" else span[1].year
    return _months(year, 1, 12)


@_zh_rule(r"(?P<a>[0-9]{4}) (?:-|/|至) (?P<b>[0-9]{4}|[0-9]{2}) (?:财政年度|年度)")
def _zh_fiscal_year(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "2026至27財政年度", "2026/27年度": the fiscal year starting in 2026 (like 2026/27)."""
    first = _full_year(m["a"])
    second = _full_year(m["b"], century_of=first)
    if second != first + 1:
        raise _Problem(f"a fiscal year spans two consecutive years, not {first} and {second}")
    return _split_fiscal_year(first, ctx)


@_zh_rule(
    r"(?:从 )?(?P<a>[0-9]{4})(?: 年)? (?:-|至) (?P<b>[0-9]{4}|[0-9]{2}) 年",
    r"(?:从 )?(?P<a>[0-9]{4}) 年 (?:-|至) (?P<b>[0-9]{4})",
)
def _zh_years(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "2025—2027年", "2025年至2027年", "2026-27年": Jan 1 of the first .. Dec 31 of the
    last."""
    first = _full_year(m["a"])
    last = _full_year(m["b"], century_of=first)
    if last < first:
        raise _Problem(f"the range ends before it starts ({first} to {last})")
    return _months(first, 1, 12 * (last - first + 1))


@_zh_rule(r"{X} (?P<w>底|初)")
def _zh_end(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "2025年底": December; "3月底": the 31st; "十五五末": 2030; "年初": January."""
    part = _zh_part(m)
    if part is None:
        return None
    edge = _edge_of(_zh_read(part, ctx), first=m["w"] == "初")
    if edge is None:
        word = "底/末" if m["w"] == "底" else "初"
        raise _Problem(f'"{word}" needs a month, quarter, half, year or plan before it')
    return edge


@_zh_rule(r"{X} (?P<w>中|上旬|中旬|下旬)")
def _zh_thirds(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "2026年中": May-August (like "mid-2026"); "3月上旬": March 1-10."""
    part = _zh_part(m)
    if part is None:
        return None
    span = _zh_read(part, ctx)
    third = {"上旬": 0, "中旬": 1, "下旬": 2}.get(m["w"], 1)
    if m["w"] != "中" and _whole_months(span) != 1:
        raise _Problem(f'"{m["w"]}" needs a month before it')
    found = _third_of(span, third)
    if found is None:
        raise _Problem(f'"{m["w"]}" needs a month, quarter, half or year before it')
    return found


@_zh_rule(r"(?:从 )?(?P<x>.+ (?:-|至) .+)")
def _zh_range(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "2026年3月至6月", "3月5日至7日": both ends, each borrowing what it lacks."""
    tokens = m["x"].split()
    results: set[_Span] = set()
    problems: list[_Problem] = []
    for i, tok in enumerate(tokens):
        if tok not in ("-", "至") or i == 0 or i == len(tokens) - 1:
            continue
        try:
            left = _zh_term(" ".join(tokens[:i]), ctx, partial=True)
            right = _zh_term(" ".join(tokens[i + 1 :]), ctx, partial=True)
            pair = None if left is None or right is None else _complete_pair(left, right)
            if pair is not None:
                results.add(_range_span(*pair, ctx))
        except _Problem as problem:
            problems.append(problem)
    if len(results) > 1:
        raise _Problem(f"{_quote(_zh_show(m['x']))} can be split into a range in more than one way")
    if not results and problems:
        raise problems[0]
    return results.pop() if results else None


@_zh_rule(r"(?P<rel>本月|下月|上月|本季度|下季度|上季度)")
def _zh_relative_unit(m: re.Match[str], ctx: _Ctx) -> _Span:
    unit = "quarter" if m["rel"].endswith("季度") else "month"
    step = {"本": 0, "下": 1, "上": -1}[m["rel"][0]]
    return _unit_span(unit, _shift(ctx.reference, unit, step))


@_zh_rule(r"(?P<unit>年|月|季度)")
def _zh_bare_unit(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """Inside a phrase ("年底", "月底"), 年 / 月 is the one containing the reference."""
    if ctx.depth == 0:
        return None
    return _unit_span({"年": "year", "月": "month"}.get(m["unit"], "quarter"), ctx.reference)


_ZH_YEAR = r"(?:(?:(?P<y>[0-9]{4}) 年|(?P<ry>今年|明年|后年|去年|前年)) )?"
#: (kind, pattern, partial only) in the order tried; compiled on first use by _zh_terms().
_ZH_TERM_SOURCES = (
    ("day", r"{YR}(?P<m>[0-9]{1,2}) 月 (?P<d>[0-9]{1,2}) 日", False),
    ("day", r"(?P<d>[0-9]{1,2}) 日", False),
    ("month", r"{YR}(?P<m>[0-9]{1,2}) 月", False),
    ("quarter", r"{YR}(?:第 )?(?P<i>[0-9]) 季度", False),
    ("quarter", r"{YR}q (?P<i>[0-9])", False),
    ("quarter", r"(?P<y>[0-9]{4}) q (?P<i>[0-9])", False),
    ("half", r"{YR}(?P<half>上半年|下半年)", False),
    ("half", r"{YR}h (?P<i>[0-9])", False),
    ("half", r"(?P<y>[0-9]{4}) h (?P<i>[0-9])", False),
    ("year", r"(?P<y>[0-9]{4})(?: 年)?", False),
    ("year", r"(?P<ry>今年|明年|后年|去年|前年)", False),
    ("number", r"(?P<n>[0-9]{1,4})", True),
)
_zh_compiled_terms: list[tuple[str, re.Pattern[str], bool]] | None = None


def _zh_terms() -> list[tuple[str, re.Pattern[str], bool]]:
    global _zh_compiled_terms
    if _zh_compiled_terms is None:
        _zh_compiled_terms = [
            (kind, re.compile(pattern.replace("{YR}", _ZH_YEAR)), partial)
            for kind, pattern, partial in _ZH_TERM_SOURCES
        ]
    return _zh_compiled_terms


def _zh_year(m: re.Match[str], ctx: _Ctx) -> int | None:
    g = m.groupdict()
    if g.get("y"):
        return _full_year(g["y"])
    if g.get("ry"):
        return ctx.reference.year + _ZH_REL_YEARS[g["ry"]]
    return None


def _zh_term(s: str, ctx: _Ctx, *, partial: bool = False) -> _Term | None:
    for kind, pattern, needs_partial in _zh_terms():
        if needs_partial and not partial:
            continue
        m = pattern.fullmatch(s)
        if m is None:
            continue
        year = _zh_year(m, ctx)
        if kind == "day":
            month = int(m["m"]) if m.groupdict().get("m") else None
            return _Term("day", year, month, int(m["d"]))
        if kind == "month":
            if not 1 <= int(m["m"]) <= 12:
                raise _Problem(f"there is no month {int(m['m'])}")
            return _Term("month", year, int(m["m"]))
        if kind in ("quarter", "half"):
            half = m.groupdict().get("half")
            index = (1 if half == "上半年" else 2) if half else int(m["i"])
            if index not in (range(1, 5) if kind == "quarter" else range(1, 3)):
                raise _Problem(f"there is no {kind} {index}")
            return _Term(kind, year, index)
        if kind == "year":
            return _Term("year", year)
        return _Term("number", number=m["n"])
    return None


@_zh_rule(r".+")
def _zh_single_term(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    term = _zh_term(m.group(0), ctx)
    return None if term is None else _resolve(term, ctx.not_before)


_ZH_RULE_FINDER = _FirstMatch(lambda: (rule.pattern for rule in _zh_rules()))
