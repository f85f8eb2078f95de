"""Turn deadline phrases from policy documents into inclusive date windows.

Policy documents rarely give exact dates; they say "in late 2025", "by 2027",
"first half of 2026" or "within three years".  :func:`parse_window` reads such a
phrase against a *reference date* (the announcement date when known, else today:
the caller decides; this module never looks at the clock) and returns a
:class:`Window`: the original text (stripped), an inclusive ``earliest..latest``
range of days and a :class:`Precision`.

A wrong window is worse than an error.  When any part of a phrase cannot be read,
or the phrase is open-ended ("after 2027", "from 2027 onwards", "not before") or
vague ("soon", "in due course", "TBD"), :class:`~tracker.errors.DateParseError`
is raised with a one-line message naming the part that failed, e.g.
``cannot read date "next blursday": unrecognised word "blursday"``.  Known filler
around a date ("the ... deadline", "shall apply from", "launch in", "previously
set as", "aims to ... by", brackets, a trailing full stop) is skipped; any other
word is an error.

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

How it works: the phrase is normalised to lower-case, space-separated tokens;
then an ordered list of rules (``_RULES``) is tried, each a regular expression
over the whole token string plus a builder returning ``(earliest, latest)``;
builders may read sub-phrases recursively ("end of X", "before X", ranges of
calendar terms).  Only when no rule matches is one filler word peeled off the
front or back and the rules tried again.  dateparser (imported lazily, never at
module import) is a last resort for single days our rules do not cover, such as
a day with a clock time ("31 Dec 2026 at 17:00", "2026-12-31T17:00Z") or a
year-first written date ("2026 December 31"); its answer is accepted only when
the day, month and year it found are exactly the numbers in the text.  Chinese
phrases are refused for now; a Chinese rule set would be a second normaliser
and rule list chosen in :func:`_read_phrase` (which already detects CJK text).
"""

from __future__ import annotations

import calendar
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
    if isinstance(fiscal_year_start, bool) or fiscal_year_start not in range(1, 13):
        raise InputError(
            f"fiscal year start must be a month number 1-12, not {fiscal_year_start!r}")
    ctx = _Ctx(_as_date(reference), fiscal_year_start, bool(day_first))
    phrase = text.strip()
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
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}
_CARDINALS = {word: n for n, word in enumerate((
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen"))}
_ORDINALS = {word: n for n, word in enumerate((
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth"))}
_TENS = {word: 10 * n for n, word in enumerate((
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), start=2)}
_ORDINAL_TENS = {word: 10 * n for n, word in enumerate((
    "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth",
    "ninetieth"), start=2)}
_UNIT_WORDS = {"day", "days", "week", "weeks", "month", "months", "year", "years"}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}

# Filler peeled off the front (longest first) or the back when no rule matches.
# "on or before" / "no later than" mean the same as "by"; "before" is NOT filler.
_LEAD_FILLER = (
    "on or before", "no later than", "not later than", "at or before", "up to", "some time",
    "sometime", "at some point", "come into force", "comes into force", "coming into force",
    "enter into force", "enters into force", "entry into force", "in force from",
    "with effect from", "will be", "to be", "aims to", "aim to", "aiming to", "plans to",
    "planned for", "set to", "due to", "expected to", "scheduled to",
    "by", "in", "on", "at", "for", "from", "during", "within", "until", "till", "around",
    "approximately", "approx", "about", "roughly", "circa", "starting", "commencing",
    "effective", "scheduled", "expected", "due", "target", "targeted", "targeting",
    "deadline", "launch", "launched", "launching", "completion", "complete", "completed",
    "implementation", "implemented", "previously", "originally", "planned", "now",
    "currently", "is", "was", "be", "will", "shall", "should", "must", "to", "set", "as",
    "apply", "applies", "applicable", "date", "timeline", "goal",
)
_TRAIL_FILLER = (
    "at latest", "or earlier", "or before", "or so", "target date", "time frame", "deadline",
    "target", "timeline", "timeframe", "timescale", "horizon", "date", "period",
)

# Phrases refused outright: open-ended windows and vague time words.
_OPEN_ENDED = (
    "after", "afterwards", "onwards", "onward", "beyond", "since", "not before",
    "no earlier than", "not earlier than", "or after", "or later", "at earliest",
    "from now on", "thereafter", "at least", "ongoing", "indefinitely",
    "until further notice",
)
_VAGUE = (
    "soon", "shortly", "due course", "tbd", "tba", "tbc", "to be determined",
    "to be decided", "to be confirmed", "to be announced", "asap", "as soon as possible",
    "eventually", "someday", "unknown", "unspecified", "n / a", "pending", "future",
    "long term", "medium term", "short term", "near term", "immediately", "recently",
)

_KEYWORDS = (
    "early", "mid", "middle", "late", "later", "latter", "part", "end", "close", "beginning",
    "start", "outset", "opening", "initial", "final", "closing", "last", "year", "years", "yr",
    "month", "months", "week", "weeks", "day", "days", "quarter", "quarters", "half", "h", "q",
    "fy", "fiscal", "financial", "fin", "budget", "calendar", "cy", "plan", "fyp", "period",
    "this", "next", "current", "previous", "coming", "following", "forthcoming", "over",
    "ahead", "few", "upcoming", "come", "rest", "remainder", "balance", "today", "tomorrow",
    "yesterday", "ago", "time", "between", "and", "or", "to", "through", "thru", "until",
    "till", "before", "prior", "w", "c", "commencing", "starting", "ending", "ended",
)
# Only meaningful to the dateparser fallback (clock times and zones).
_CLOCK_WORDS = frozenset((
    "at", "am", "pm", "noon", "midnight", "t", "z", "utc", "gmt", "hrs", "local", "hkt", "cst",
    "bst", "cet", "cest", "est", "edt", "pst", "pdt"))

_VOCABULARY = frozenset(
    [*_MONTHS, *_WEEKDAYS, *_SEASONS, *_KEYWORDS, *_CLOCK_WORDS]
    + [w for phrase in _LEAD_FILLER + _TRAIL_FILLER for w in phrase.split()]
)
_KEPT_PUNCTUATION = frozenset("-/.:+")  # "+" only for time-zone offsets (fallback)
_DROPPED_PUNCTUATION = frozenset("()[]{}\"',;!")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


# ---- normalisation


def _tokens(text: str) -> list[str]:
    """Lower-case, split and normalise a phrase into tokens.

    Numbers become digits ("three" -> "3", "fifteenth" -> "15", "31st" -> "31",
    "a year" -> "1 year"), "the"/"of"/commas/brackets disappear, dots survive only
    between digits, and letters and digits are split apart ("3Q26" -> 3 q 26).
    """
    s = unicodedata.normalize("NFKC", text).lower()
    s = re.sub("[\u2018\u2019\u201b\u02bc\u2032`]", "'", s)
    s = re.sub("[\u201c\u201d\u201e\u2033]", '"', s)
    s = re.sub("[\u2010-\u2015\u2212\ufe58\ufe63]", "-", s)
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"'([0-9]{2})\b", r"20\1", s)  # '26 -> 2026
    s = re.sub(r"(?<=[0-9])(?=[^\W\d_])|(?<=[^\W\d_])(?=[0-9])", " ", s)
    raw = re.findall(r"[0-9]+|[^\W\d_]+|\S", s)

    kept: list[str] = []
    for i, tok in enumerate(raw):
        if tok in _DROPPED_PUNCTUATION or tok in ("the", "of"):
            continue
        if tok == "&":
            tok = "and"
        if tok in ".:" and not (0 < i < len(raw) - 1 and raw[i - 1].isdigit()
                                and raw[i + 1].isdigit()):
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


def _contains(canon: str, phrases: Iterable[str]) -> str | None:
    padded = f" {canon} "
    return next((p for p in phrases if f" {p} " in padded), None)


# ---- the driver


def _read_phrase(phrase: str, ctx: _Ctx) -> _Span:
    if not phrase:
        raise _Problem("the phrase is empty")
    if _CJK.search(phrase):
        raise _Problem("Chinese date phrases are not supported yet")
    tokens = _tokens(phrase)
    canon = " ".join(tokens)
    if not tokens:
        raise _Problem("there is no date in it")
    if word := _contains(canon, _OPEN_ENDED):
        raise _Problem(f'"{word}" leaves the window open-ended; give an end date')
    if re.search(r"(?<!no )(?<!not )\blater than\b", canon):
        raise _Problem('"later than" leaves the window open-ended; give an end date')
    if (word := _contains(canon, _VAGUE)) or canon == "later":
        raise _Problem(f"{_quote(word or canon)} is too vague to place on a calendar")
    for tok in tokens:
        if not (tok.isascii() and tok.isdigit()) and tok not in _VOCABULARY \
                and tok not in _KEPT_PUNCTUATION:
            kind = "word" if tok.isalpha() else "character"
            raise _Problem(f"unrecognised {kind} {_quote(tok)}")
    return _read(canon, ctx)


def _read(s: str, ctx: _Ctx) -> _Span:
    """Try every rule on ``s``; if none fits, peel one filler word and retry."""
    while s:
        for rule in _RULES:
            match = rule.pattern.fullmatch(s)
            if match:
                span = rule.build(match, ctx)
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
    r"(?:" + "|".join(map(re.escape, sorted(_LEAD_FILLER, key=len, reverse=True))) + r") ")
_TRAIL_RE = re.compile(
    r" (?:" + "|".join(map(re.escape, sorted(_TRAIL_FILLER, key=len, reverse=True))) + r")$")


def _strip_filler(s: str) -> str:
    if s in _LEAD_FILLER or s in _TRAIL_FILLER:
        return ""
    if m := _LEAD_RE.match(s):
        return s[m.end():]
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
    clock = {i for i, t in enumerate(tokens) if t.isdigit() and (
        (i + 1 < len(tokens) and tokens[i + 1] in (":", "am", "pm"))
        or (i > 0 and tokens[i - 1] in (":", "t")))}
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
        if not any(_MONTHS.get(w) == day.month for w in words) \
                or sorted(numbers) != sorted([day.day, day.year]):
            return None
    elif numbers != ([day.year, day.month, day.day] if numbers[:1] == [day.year] else
                     [day.day, day.month, day.year] if ctx.day_first else
                     [day.month, day.day, day.year]):
        return None  # numeric dates must be in the order the options say
    _check_weekday([_WEEKDAYS[w] for w in words if w in _WEEKDAYS], day)
    return day


def _check_weekday(weekdays: list[int], day: date) -> None:
    for weekday in weekdays:
        if day.weekday() != weekday:
            raise _Problem(
                f"{_show_day(day.year, day.month, day.day)} is a "
                f"{calendar.day_name[day.weekday()]}, not a {calendar.day_name[weekday]}")


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


@_rule(r"within {N} {UNIT}",
       r"(?:(?:in|over|during|for|within) )?(?:next|coming|following|forthcoming) {N} {UNIT}",
       r"(?:in|over|during|for|within) (?:next|coming|following|forthcoming)"
       r" (?P<unit>day|week|month|year)")
def _within_n_units(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "within three years": ref .. the same calendar day N units later.  "In the next
    year" (N = 1) is ref..ref + 1 year; plain "next year" is the calendar year."""
    return ctx.reference, _shift(ctx.reference, m["unit"], _count(m))


def _count(m: re.Match[str]) -> int:
    number = m.groupdict().get("n") or "1"
    if int(number) < 1:
        raise _Problem(f"a period of {number} {m['unit']}s is empty")
    return int(number)


@_rule(r"(?:within|later(?: in| during)?|rest|remainder|balance) "
       r"(?:(?:this|current) )?(?P<unit>year|quarter|month|week)")
def _rest_of_unit(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "later this year", "within the year": ref .. the end of ref's year."""
    return ctx.reference, _unit_span(m["unit"], ctx.reference)[1]


@_rule(r"(?:(?:in|over|during|within) )?"
       r"(?:coming months|upcoming months|next few months|months ahead|months to come)")
def _coming_months(m: re.Match[str], ctx: _Ctx) -> _Span:
    return ctx.reference, _add_months(ctx.reference, 6)


@_rule(r"(?:before|prior to|ahead|by (?:start|beginning|outset)) {X}")
def _before(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "before 2027" / "by the start of 2027": the same-sized unit just before (2026)."""
    earliest, latest = ctx.read(m["x"])
    months = _whole_months((earliest, latest))
    if earliest == latest:
        day = _add_days(earliest, -1)
        return day, day
    if (latest - earliest).days == 6 and earliest.weekday() == 0:
        return _add_days(earliest, -7), _add_days(latest, -7)
    if months in (1, 3, 6, 12) and _precision(earliest, latest, ctx.fiscal_start) in (
            Precision.MONTH, Precision.QUARTER, Precision.HALF, Precision.YEAR):
        start = _add_months(earliest, -months)
        return _months(start.year, start.month, months)
    raise _Problem('"before" needs a single day, week, month, quarter, half or year after it')


@_rule(r"(?P<unit>year|quarter|month|half) (?:- )?end",
       r"(?P<y>\d{4}) year (?:- )?end", r"year (?:- )?end (?P<y>\d{4})")
def _unit_end(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "year-end" (the reference year's), "2025 year-end": the last month."""
    if m.groupdict().get("y"):
        return _months(int(m["y"]), 12)
    return _end_of(_unit_span(m["unit"], ctx.reference))


@_rule(r"(?:end|close) (?:- )?{X}")
def _end(m: re.Match[str], ctx: _Ctx) -> _Span:
    return _end_of(ctx.read(m["x"]))


@_rule(r"(?:beginning|start|outset) (?:- )?{X}")
def _beginning(m: re.Match[str], ctx: _Ctx) -> _Span:
    return _end_of(ctx.read(m["x"]), first=True)


def _end_of(span: _Span, *, first: bool = False) -> _Span:
    """The last (or first) year of a multi-year span, month of a longer span, day of a
    month or week."""
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
    which = "start" if first else "end"
    raise _Problem(f'"{which}" needs a week, month, quarter, half, year or plan period after it')


@_rule(r"(?P<which>opening|1|initial|final|closing|last) year {X}")
def _year_of_period(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "the opening / final year of the 15th Five-Year Plan"."""
    span = ctx.read(m["x"])
    if not _whole_years(span):
        raise _Problem(f'"{m["which"]} year" needs a span of whole years after it')
    year = span[0].year if m["which"] in ("opening", "1", "initial") else span[1].year
    return _months(year, 1, 12)


@_rule(r"(?P<which>early part|later part|latter part|early|mid|middle|late|later in)"
       r" (?:- )?{X}")
def _thirds(m: re.Match[str], ctx: _Ctx) -> _Span:
    """early / mid / late: the first / middle / last third of a month or of whole months."""
    earliest, latest = ctx.read(m["x"])
    third = {"early": 0, "mid": 1, "middle": 1}.get(m["which"].split()[0], 2)
    months = _whole_months((earliest, latest))
    if months == 1:
        starts = (1, 11, 21)
        last = (10, 20, latest.day)[third]
        return _date(earliest.year, earliest.month, starts[third]), \
            _date(earliest.year, earliest.month, last)
    if months and months % 3 == 0 and months <= 12:
        size = months // 3
        start = _add_months(earliest, third * size)
        return _months(start.year, start.month, size)
    raise _Problem(f'"{m["which"]}" needs a month, quarter, half or year after it')


@_rule(r"(?P<kind>week commencing|week beginning|week starting|week ending|week ended"
       r"|w / c|week) {X}")
def _week_of(m: re.Match[str], ctx: _Ctx) -> _Span:
    # A year-less day picks the first such week that has not ended by the reference date.
    anchor = {"week": _unit_span("week", ctx.reference)[0], "week ending": ctx.reference,
              "week ended": ctx.reference}.get(m["kind"], _add_days(ctx.reference, -6))
    day, last = replace(ctx, anchor=anchor).read(m["x"])
    if day != last:
        raise _Problem(f'"{m["kind"]}" needs a single day after it')
    if m["kind"] in ("week ending", "week ended"):
        return _add_days(day, -6), day
    if m["kind"] == "week":
        return _unit_span("week", day)
    return day, _add_days(day, 6)


@_rule(r"(?P<n>\d{1,2}) (?:5 (?:- )?years? plan|fyp)(?: period)?")
def _five_year_plan(m: re.Match[str], ctx: _Ctx) -> _Span:
    """China's Nth Five-Year Plan, five calendar years: 1st 1953-57, 2nd 1958-62, then
    (after the 1963-65 readjustment) the 3rd from 1966, so plan N >= 3 starts in 1951 + 5N
    (14th: 2021-2025, 15th: 2026-2030)."""
    number = int(m["n"])
    if number < 1:
        raise _Problem("Five-Year Plans are numbered from 1")
    start = {1: 1953, 2: 1958}.get(number, 1951 + 5 * number)
    return _months(start, 1, 60)


_FY = r"(?:fy|fiscal year|financial year|fiscal|fin year|budget year)"


@_rule(rf"{_FY} (?:- )?(?P<a>\d{{4}}|\d{{2}})(?: [-/] (?P<b>\d{{4}}|\d{{2}}))?",
       rf"(?P<a>\d{{4}}|\d{{2}}) [-/] (?P<b>\d{{4}}|\d{{2}}) {_FY}",
       rf"(?P<a>\d{{4}}) {_FY}")
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
_term("day",
      r"(?:{WD} )?(?P<d>\d{1,2}) (?:[-/.] )?{MON}(?: (?:[-/.] )?{YR})?",
      r"(?:{WD} )?{MON} (?:[-/.] )?(?P<d>\d{1,2})(?: (?:[-/.] )?{YR})?")
_term("year_month", r"(?P<y>\d{4}) [-/] (?P<m>\d{1,2})")
_term("month_year", r"(?P<m>\d{1,2}) [-/] (?P<y>\d{4})")
_term("month", r"(?:(?P<rel>this|next|last) )?{MON}(?: (?:[-/.] )?{YR})?")
_term("quarter",
      rf"q (?P<i>\d)(?: (?:[-/] )?(?:{{YR}}|{_YY}))?",
      rf"(?P<i>\d) q(?: (?:{{YR}}|{_YY}))?",
      r"(?P<y>\d{4}) (?:- )?q (?P<i>\d)",
      r"(?P<i>\d) quarter(?: {YR})?",
      r"quarter (?P<i>\d)(?: {YR})?")
_term("half",
      rf"h (?P<i>\d)(?: (?:[-/] )?(?:{{YR}}|{_YY}))?",
      rf"(?P<i>\d) h(?: (?:{{YR}}|{_YY}))?",
      r"(?P<y>\d{4}) (?:- )?h (?P<i>\d)",
      r"(?P<i>\d|latter) half(?: {YR})?")
_term("season",
      r"(?P<season>spring|summer|autumn|fall|winter)(?: {YR})?",
      r"{YR} (?P<season>spring|summer|autumn|fall|winter)",
      r"(?P<season>winter) (?P<y>\d{4}) [-/] (?P<y2>\d{4}|\d{2})")
_term("year", r"(?:calendar year |year |cy )?(?P<y>\d{4})")
_term("number", r"(?P<n>\d{1,4})", partial=True)
_term("day", r"(?P<d>\d{1,2}) (?P<y>\d{4})", partial=True)


def _read_term(s: str, ctx: _Ctx, *, partial: bool = False) -> _Term | None:
    for kind, pattern, needs_partial in _TERM_PATTERNS:
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
        if kind == "year_month" and year is not None and len(g["m"]) == 2 \
                and month == (year + 1) % 100 and 1 <= month <= 12:
            raise _Problem(f"{year}-{g['m']} could be a month or the years {year}-{year + 1};"
                           " write it out")
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
        return _Term("season", year, _SEASONS[g["season"]])
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
            right = _read_term(" ".join(tokens[i + 1:]), ctx, partial=True)
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
        raise _Problem(f"the range ends before it starts ({start.isoformat()} to "
                       f"{end.isoformat()}); give both years")
    return start, end
