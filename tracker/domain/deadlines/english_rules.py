"""The English rules: each a regular expression over a whole normalised phrase (lower
case, space-separated tokens, numbers as digits; see :mod:`.english`) and a builder
returning the ``(earliest, latest)`` span it names.

:data:`RULE_ORDER` lists them in the order they are tried; the first rule whose
pattern matches and whose builder returns a span wins.  :func:`read` tries them and,
when none fits, peels one filler word off the front or back and tries again; dateparser
is the last resort for a single written day (imported only then).  Calendar terms
(days, months, quarters, halves, seasons, years; :data:`TERM_ORDER`) are read by the
single-term and range rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from tracker.domain.deadlines.arithmetic import (
    Problem as _Problem,
)
from tracker.domain.deadlines.arithmetic import (
    Span as _Span,
)
from tracker.domain.deadlines.arithmetic import (
    _add_days,
    _add_months,
    _check_weekday,
    _end_of,
    _full_year,
    _months,
    _plan_span,
    _shift,
    _third_of,
    _unit_span,
    _weekday_near,
    _whole_years,
)
from tracker.domain.deadlines.engine import (
    Builder,
    _before_span,
    _Ctx,
    _FirstMatch,
    _resolve,
    _Rule,
    _split_fiscal_year,
    _split_year,
    _Term,
    _try_rules,
    split_range,
)
from tracker.domain.deadlines.english_words import (
    CLOCK_WORDS as _CLOCK_WORDS,
)
from tracker.domain.deadlines.english_words import (
    DAY_PARTS as _DAY_PARTS,
)
from tracker.domain.deadlines.english_words import (
    FISCAL_AFTER as _FISCAL_AFTER,
)
from tracker.domain.deadlines.english_words import (
    FULL_WEEKDAYS as _FULL_WEEKDAYS,
)
from tracker.domain.deadlines.english_words import (
    LEAD_FILLER as _LEAD_FILLER,
)
from tracker.domain.deadlines.english_words import (
    MONTHS as _MONTHS,
)
from tracker.domain.deadlines.english_words import (
    RANGE_SEPARATORS as _RANGE_SEPARATORS,
)
from tracker.domain.deadlines.english_words import (
    RELATIVE_DAYS as _RELATIVE_DAYS,
)
from tracker.domain.deadlines.english_words import (
    SEASONS as _SEASONS,
)
from tracker.domain.deadlines.english_words import (
    TRAIL_FILLER as _TRAIL_FILLER,
)
from tracker.domain.deadlines.english_words import (
    WEEKDAYS as _WEEKDAYS,
)
from tracker.domain.windows import quote_phrase as _quote

#: The start of the message when no rule reads a phrase (callers test for it).
_NO_FORM = "no date form matches"


def _read_part(ctx: _Ctx, part: str) -> _Span:
    """Read a sub-phrase (already normalised) such as the X in "end of X"."""
    return _read(part, replace(ctx, depth=ctx.depth + 1))


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
    if s in _WEEKDAYS:
        raise _Problem(f'"{s}" alone may be a word, not a weekday; write the day out')
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
    # slow to import (~0.2 s): only here, never at module import; it ships no type hints
    import dateparser  # type: ignore[import-untyped]

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
        found: datetime | None = dateparser.parse(text, languages=["en"], settings=settings)
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


#: A day named from the reference ("today", "tomorrow", "this afternoon", "last
#: night"), with the part of it that may follow ("tomorrow morning").
_REL_DAY = rf"(?P<rel>{_alt(_RELATIVE_DAYS)})(?: (?:{_alt(_DAY_PARTS)}))?"


def _relative_day(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "today", "later this morning", "tomorrow evening", "last night": that day; "3
    days ago": counted back."""
    if m.groupdict().get("rel"):
        day = _add_days(ctx.reference, _RELATIVE_DAYS[m["rel"]])
    else:
        day = _shift(ctx.reference, m["unit"], -int(m["n"]))
    return day, day


def _relative_days(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "today and tomorrow", "yesterday and today": both days, in order."""
    first, last = (_add_days(ctx.reference, _RELATIVE_DAYS[m[g]]) for g in ("rel", "rel2"))
    if last <= first:
        raise _Problem(f"{_quote(m.group(0))} does not name two days in order")
    return first, last


def _named_relative_day(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "today (May 29)", "tomorrow (May 25)", "today [Monday 8 September]": the day
    given, its year the one that puts it next on or after the day the word names (an
    embargoed release may say "today" for the day after it is dated)."""
    named = _add_days(ctx.reference, _RELATIVE_DAYS[m["rel"]])
    earliest, latest = _read_part(replace(ctx, reference=named, anchor=None), m["x"])
    if earliest != latest:
        raise _Problem(f'"{m["rel"]}" names one day, not {_quote(m["x"])}')
    return earliest, latest


def _weekday(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """A weekday named from the reference: "Friday", "on Friday", "this / coming Friday"
    (the next one on or after ref), "next Monday" (the one in the following
    Monday-Sunday week, as "next week"), "last Friday" (the latest before ref), "Friday
    next week"; after words of the past ("said on Monday") a bare one is the latest on
    or before ref.  A bare abbreviation ("sat", "sun", "wed") is an English word: no."""
    rel = m.groupdict().get("rel")
    if rel is None and m["wd"] not in _FULL_WEEKDAYS:
        return None
    weekday = _WEEKDAYS[m["wd"]]
    if m.groupdict().get("unit"):  # "Friday next week"
        monday = _unit_span("week", _relative_unit(m, ctx)[0])[0]
        day = _add_days(monday, weekday)
    else:
        day = _weekday_near(
            weekday, None if rel in ("this", "coming") else rel, ctx.reference, past=ctx.past
        )
    return day, day


def _relative_weekday(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "tomorrow (Friday)", "today, Monday": the day the word names, its weekday checked."""
    day = _add_days(ctx.reference, _RELATIVE_DAYS[m["rel"]])
    _check_weekday([_WEEKDAYS[m["wd"]]], day)
    return day, day


def _duration_then_span(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "for two years, from 1 April 2026 until 31 March 2028", "the next six-month period
    from April to September 2024", "extended for five years until 31 March 2029": the
    range (or the end) given is the window; the length only describes it, and when the
    range has both ends it must last about that long (within a month); of the calendar
    and the fiscal reading of split years ("2025-26 to 2029-30") the one that does."""
    if m["kind"] not in ("from", "starting", "commencing", "beginning", "between"):
        return _read_part(ctx, m["x"])
    if not _RANGE_SEPARATORS.intersection(m["x"].split()[:-1]):
        raise _Problem(f"{_quote(m['x'])} gives no end; the length alone cannot place it")
    # "the five-year period from 2025-26 to 2029-30": split years are calendar years
    # (2025-2030, six) or fiscal years (2025/26 to 2029/30, five); the length says which
    readings = [m["x"]]
    if (fiscal := _SPLIT_YEAR.sub(r"\1 / \2", m["x"])) != m["x"]:
        readings.append(fiscal)
    problem = _Problem(
        f"{_quote(m['x'])} does not last {m['n']} {m['unit']}s; give the dates alone"
    )
    for text in readings:
        try:
            span = _read_part(ctx, text)
        except _Problem as unread:
            problem = unread
            continue
        expected = _add_days(_shift(span[0], m["unit"], _count(m)), -1)
        if abs((span[1] - expected).days) <= 31:
            return span
    raise problem


_SPLIT_YEAR = re.compile(r"\b(\d{4}) - (\d{2})\b")


def _from_now(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "from now until December 2020": the reference day to the end of the period."""
    latest = _read_part(ctx, m["x"])[1]
    if latest < ctx.reference:
        raise _Problem(f"{_quote(m['x'])} is over before now")
    return ctx.reference, latest


def _relative_unit(m: re.Match[str], ctx: _Ctx) -> _Span:
    step = {"this": 0, "current": 0, "next": 1, "last": -1, "previous": -1}[m["rel"]]
    return _unit_span(m["unit"], _shift(ctx.reference, m["unit"], step))


def _in_n_units(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "in two years' time": the calendar unit containing ref + N units."""
    return _unit_span(m["unit"], _shift(ctx.reference, m["unit"], _count(m)))


def _within_n_units(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "within three years": ref .. the same calendar day N units later.  "In the next
    year" (N = 1) is ref..ref + 1 year; plain "next year" is the calendar year."""
    return ctx.reference, _shift(ctx.reference, m["unit"], _count(m))


def _count(m: re.Match[str]) -> int:
    number = m.groupdict().get("n") or "1"
    if int(number) < 1:
        raise _Problem(f"a period of {number} {m['unit']}s is empty")
    return int(number)


def _rest_of_unit(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "later this year", "within the year": ref .. the end of ref's year."""
    return ctx.reference, _unit_span(m["unit"], ctx.reference)[1]


def _coming_months(m: re.Match[str], ctx: _Ctx) -> _Span:
    return ctx.reference, _add_months(ctx.reference, 6)


def _before(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "before 2027" / "by the start of 2027": the same-sized unit just before (2026)."""
    return _before_span(_read_part(ctx, m["x"]), ctx)


def _unit_end(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "year-end" (the reference year's), "2025 year-end": the last month."""
    if m.groupdict().get("y"):
        return _months(int(m["y"]), 12)
    return _end_of(_unit_span(m["unit"], ctx.reference))


# "end in 2027", "start from 1 July": verbs, read by the filler (_LEAD_FILLER), not "end of".
def _end(m: re.Match[str], ctx: _Ctx) -> _Span:
    return _end_of(_read_part(ctx, m["x"]))


def _halfway(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "halfway through 2026": its middle third, as "mid-2026"; "halfway through the
    14th Five-Year Plan": its middle year (a span of an odd number of whole years)."""
    span = _read_part(ctx, m["x"])
    years = _whole_years(span)
    if years is not None and years > 1:
        if years % 2 == 0:
            raise _Problem(f"{_quote(m['x'])} has no middle year")
        return _months(span[0].year + years // 2, 1, 12)
    middle = _third_of(span, 1)
    if middle is None:
        raise _Problem('"halfway" needs a month, quarter, half, year or plan after it')
    return middle


def _beginning(m: re.Match[str], ctx: _Ctx) -> _Span:
    return _end_of(_read_part(ctx, m["x"]), first=True)


def _first_parts(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "the first three quarters of 2025", "the first nine months of 2026": from the
    start of the year (or span) to the end of its Nth quarter or month."""
    earliest, latest = _read_part(ctx, m["x"])
    if _whole_years((earliest, latest)) != 1:
        raise _Problem(f'"first {m["n"]} {m["unit"]}" needs a year after it')
    count = int(m["n"]) * (3 if m["unit"] == "quarters" else 1)
    if not 1 <= count <= 12:
        raise _Problem(f"a year has no {m['n']} {m['unit']}")
    return _months(earliest.year, earliest.month, count)


def _year_of_period(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "the opening / final year of the 15th Five-Year Plan"."""
    span = _read_part(ctx, m["x"])
    if not _whole_years(span):
        raise _Problem(f'"{m["which"]} year" needs a span of whole years after it')
    year = span[0].year if m["which"] in ("opening", "1", "initial") else span[1].year
    return _months(year, 1, 12)


def _thirds(m: re.Match[str], ctx: _Ctx) -> _Span:
    """early / mid / late: the first / middle / last third of a month or of whole months."""
    third = {"early": 0, "mid": 1, "middle": 1}.get(m["which"].split()[0], 2)
    span = _third_of(_read_part(ctx, m["x"]), third)
    if span is None:
        raise _Problem(f'"{m["which"]}" needs a month, quarter, half or year after it')
    return span


def _week_of(m: re.Match[str], ctx: _Ctx) -> _Span:
    # A year-less day picks the first such week that has not ended by the reference date.
    anchor = {
        "week": _unit_span("week", ctx.reference)[0],
        "week ending": ctx.reference,
        "week ended": ctx.reference,
    }.get(m["kind"], _add_days(ctx.reference, -6))
    day, last = _read_part(replace(ctx, anchor=anchor), m["x"])
    if day != last:
        raise _Problem(f'"{m["kind"]}" needs a single day after it')
    if m["kind"] in ("week ending", "week ended"):
        return _add_days(day, -6), day
    if m["kind"] == "week":
        return _unit_span("week", day)
    return day, _add_days(day, 6)


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


_FY = r"(?:fy|fiscal year|financial year|fiscal|fin year|budget year)"


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


def _fiscal_years(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "between FY2011 and FY2024": the first one's start to the last one's end."""
    first, last = (_whole_fiscal_year(_full_year(m[g]), ctx) for g in ("a", "b"))
    if last[1] <= first[0]:
        raise _Problem("the range of fiscal years ends before it starts")
    return first[0], last[1]


def _split_fiscal_years(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "from 2026/27 to 2028/29", "the 2026-27 to 2028-29 financial years": the first
    fiscal year's start to the last one's end (a bare "2026-27 to 2028-29" stays two
    spans of calendar years, so it is left to the other rules)."""
    first, last = (_split_year(m[a], m[b], ctx) for a, b in (("a", "b"), ("c", "d")))
    if last[1] <= first[0]:
        raise _Problem("the range of fiscal years ends before it starts")
    return first[0], last[1]


def _whole_fiscal_year(ending: int, ctx: _Ctx) -> _Span:
    """The fiscal year named by the year it ends in (FY2026)."""
    if ctx.fiscal_start == 1:
        return _months(ending, 1, 12)
    return _months(ending - 1, ctx.fiscal_start, 12)


def _slashed_fiscal_year(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """A bare "2025/26" is a fiscal year; "2026/12" is left to the month rules."""
    first = _full_year(m["a"])
    if _full_year(m["b"], century_of=first) != first + 1:
        return None
    return _split_fiscal_year(first, ctx)


def _bare_unit(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """Inside a phrase, "the year" / "the month" is the one containing the reference."""
    return _unit_span(m["unit"], ctx.reference) if ctx.depth > 0 else None


# ---- calendar terms: single dates, months, quarters, halves, seasons, years


_YY = r"(?P<yy>\d{2})"
#: The calendar terms in the order they are tried, each a kind (see :func:`_build_term`),
#: its patterns, and whether it is read only as one end of a range (a bare number, or
#: "3 2026" in "Nov 3 2025 - 3 2026").  The order matters: a whole ISO or numeric day
#: before the forms that could read part of it; a day before a month; a bare year
#: after every form that holds one.
TERM_ORDER: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("iso", (r"(?P<y>\d{4}) (?P<s>[-/.]) (?P<m>\d{1,2}) (?P=s) (?P<d>\d{1,2})",), False),
    ("numeric", (r"(?P<a>\d{1,2}) (?P<s>[-/.]) (?P<b>\d{1,2}) (?P=s) (?P<y>\d{4}|\d{2})",), False),
    (
        "day",
        (
            r"(?:{WD} )?(?P<d>\d{1,2}) (?:[-/.] )?{MON}(?: (?:[-/.] )?{YR})?",
            r"(?:{WD} )?{MON} (?:[-/.] )?(?P<d>\d{1,2})(?: (?:[-/.] )?{YR})?",
            r"(?P<d>\d{1,2}) (?:[-/.] )?{MON}(?: (?:[-/.] )?{YR})? {WD}",
            r"{MON} (?:[-/.] )?(?P<d>\d{1,2})(?: (?:[-/.] )?{YR})? {WD}",
        ),
        False,
    ),
    ("year_month", (r"(?P<y>\d{4}) [-/] (?P<m>\d{1,2})",), False),
    ("month_year", (r"(?P<m>\d{1,2}) [-/] (?P<y>\d{4})",), False),
    ("month", (r"(?:(?P<rel>this|next|last) )?{MON}(?: (?:[-/.] )?{YR})?",), False),
    (
        "quarter",
        (
            rf"q (?P<i>\d)(?: (?:[-/] )?(?:{{YR}}|{_YY}))?",
            rf"(?P<i>\d) q(?: (?:{{YR}}|{_YY}))?",
            r"(?P<y>\d{4}) (?:- )?q (?P<i>\d)",
            r"(?P<i>\d) quarter(?: {YR})?",
            r"quarter (?P<i>\d)(?: {YR})?",
        ),
        False,
    ),
    (
        "half",
        (
            rf"h (?P<i>\d)(?: (?:[-/] )?(?:{{YR}}|{_YY}))?",
            rf"(?P<i>\d) h(?: (?:{{YR}}|{_YY}))?",
            r"(?P<y>\d{4}) (?:- )?h (?P<i>\d)",
            r"(?P<i>\d|latter) half(?: {YR})?",
        ),
        False,
    ),
    (
        "season",
        (
            r"(?:(?P<rel>this|next|last) )?(?P<season>spring|summer|autumn|fall|winter)(?: {YR})?",
            r"{YR} (?P<season>spring|summer|autumn|fall|winter)",
            r"(?P<season>winter) (?P<y>\d{4}) [-/] (?P<y2>\d{4}|\d{2})",
        ),
        False,
    ),
    ("year", (r"(?:calendar year |year |cy )?(?P<y>\d{4})",), False),
    ("number", (r"(?P<n>\d{1,4})",), True),
    ("day", (r"(?P<d>\d{1,2}) (?P<y>\d{4})",), True),
)
_TERM_PATTERNS: list[tuple[str, re.Pattern[str], bool]] = [
    (kind, _compile(pattern), partial)
    for kind, patterns, partial in TERM_ORDER
    for pattern in patterns
]


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


def _need(groups: dict[str, str | None], name: str) -> str:
    """A group that the pattern of the term being built always sets."""
    value = groups[name]
    if value is None:
        raise AssertionError(f"unreachable: the pattern sets {name}")
    return value


def _build_term(kind: str, g: dict[str, str | None], ctx: _Ctx) -> _Term | None:
    year = _year_of(g.get("y"), ctx)
    if g.get("yy"):
        year = _full_year(_need(g, "yy"))
    if kind == "iso":
        return _Term("day", year, int(_need(g, "m")), int(_need(g, "d")))
    if kind == "numeric":
        day_first = ctx.day_first or _need(g, "s") == "."
        first, second = int(_need(g, "a")), int(_need(g, "b"))
        day, month = (first, second) if day_first else (second, first)
        if month > 12:
            order = "day first" if day_first else "month first"
            raise _Problem(f"there is no month {month} (numeric dates are read {order})")
        return _Term("day", year, month, day)
    if kind == "day":
        named = _MONTHS[_need(g, "mon")] if g.get("mon") else None
        weekday = _WEEKDAYS[_need(g, "wd")] if g.get("wd") else None
        return _Term("day", year, named, int(_need(g, "d")), weekday)
    if kind in ("year_month", "month_year"):
        month = int(_need(g, "m"))
        if (
            kind == "year_month"
            and year is not None
            and len(_need(g, "m")) == 2
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
        return _Term("month", year, _MONTHS[_need(g, "mon")], relative=g.get("rel"))
    if kind in ("quarter", "half"):
        index = 2 if _need(g, "i") == "latter" else int(_need(g, "i"))
        if index not in (range(1, 5) if kind == "quarter" else range(1, 3)):
            raise _Problem(f"there is no {kind} {index}")
        return _Term(kind, year, index)
    if kind == "season":
        if (
            g.get("y2") is not None
            and _full_year(_need(g, "y2"), century_of=year) != (year or 0) + 1
        ):
            raise _Problem("a winter spans two consecutive years")
        if g.get("rel") and g.get("y"):
            return None
        return _Term("season", year, _SEASONS[_need(g, "season")], relative=g.get("rel"))
    if kind == "year":
        return _Term("year", year)
    return _Term("number", number=_need(g, "n"))


def _single_term(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    term = _read_term(m.group(0), ctx)
    return None if term is None else _resolve(term, ctx.not_before)


def _range(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    return split_range(
        m["x"].split(),
        _RANGE_SEPARATORS,
        lambda text: _read_term(text, ctx, partial=True),
        _quote(m["x"]),
        ctx,
    )


#: The English rules in the order they are tried, each a builder and its patterns
#: (``{MON}``, ``{WD}``, ``{YR}``, ``{N}``, ``{UNIT}`` and ``{X}`` stand for the
#: placeholders above).  The order matters: relative words ("next week", "in 2 years")
#: come before the rules that read a sub-phrase ("before X", "end of X", "early X"),
#: which come before the fiscal and plan years; a single calendar term is tried before
#: a range, so "2026-12" is a month and only what no term reads is split at "-", "to",
#: "and" ... into a range.
RULE_ORDER: tuple[tuple[Builder, tuple[str, ...]], ...] = (
    (_named_relative_day, (rf"{_REL_DAY} (?P<x>(?:{{WD}} )?.*\d.*)",)),
    (_from_now, (r"(?:from )?(?:now|today) (?:until|till|to|through) {X}",)),
    (
        _duration_then_span,
        (
            r"(?:(?:for|over) )?"
            r"(?:(?:next|coming|following|initial|further|additional|final|last) )?"
            r"(?:period )?{N} (?:- )?(?P<unit>day|week|month|year)s?(?: period)?"
            r" (?P<x>(?P<kind>from|starting|commencing|beginning|between|until|till|to|through"
            r"|ending) .+)",
        ),
    ),
    (
        _relative_day,
        (
            rf"(?:(?:later|earlier) )?{_REL_DAY}",
            r"{N} (?P<unit>day|week)s? ago",
        ),
    ),
    (
        _relative_days,
        (
            rf"{_REL_DAY} (?:and|to|through|-) "
            rf"(?P<rel2>{_alt(_RELATIVE_DAYS)})(?: (?:{_alt(_DAY_PARTS)}))?",
        ),
    ),
    (_relative_weekday, (rf"{_REL_DAY} {{WD}}",)),
    (
        _weekday,
        (
            rf"(?:(?P<rel>this|next|last|coming) )?{{WD}}(?: (?:{_alt(_DAY_PARTS)}))?",
            r"{WD} (?P<rel>this|next|last) (?P<unit>week)",
        ),
    ),
    (
        _relative_unit,
        (r"(?P<rel>this|current|next|last|previous) (?P<unit>week|month|quarter|year)",),
    ),
    (_in_n_units, (r"in {N} {UNIT}(?: time)?",)),
    (
        _within_n_units,
        (
            r"within {N} {UNIT}",
            r"(?:(?:in|over|during|for|within) )?(?:next|coming|following|forthcoming) {N} {UNIT}",
            r"(?:in|over|during|for|within) (?:next|coming|following|forthcoming)"
            r" (?P<unit>day|week|month|year)",
        ),
    ),
    (
        _rest_of_unit,
        (
            r"(?:within|later(?: in| during)?|rest|remainder|balance) "
            r"(?:(?:this|current) )?(?P<unit>year|quarter|month|week)",
        ),
    ),
    (
        _coming_months,
        (
            r"(?:(?:in|over|during|within) )?"
            r"(?:coming months|upcoming months|next few months|months ahead|months to come)",
        ),
    ),
    (_end, (r"(?:before|prior to) (?:end|close|conclusion) (?:- )?{X}",)),
    (_before, (r"(?:before|prior to|ahead|by (?:start|beginning|outset)) {X}",)),
    (
        _unit_end,
        (
            r"(?P<unit>year|quarter|month|half) (?:- )?end",
            r"(?P<y>\d{4}) year (?:- )?end",
            r"year (?:- )?end (?P<y>\d{4})",
        ),
    ),
    (_end, (r"(?:end|close|conclusion) (?!(?:on|in|from|at|during|by|with) )(?:- )?{X}",)),
    (_halfway, (r"halfway (?:through |into )?{X}",)),
    (_beginning, (r"(?:beginning|start|outset) (?!(?:on|in|from|at|during|by|with) )(?:- )?{X}",)),
    (_first_parts, (r"1 (?P<n>\d{1,2}) (?P<unit>quarters|months) {X}",)),
    (_year_of_period, (r"(?P<which>opening|1|initial|final|closing|last) year {X}",)),
    (
        _thirds,
        (
            r"(?P<which>early part|later part|latter part|early|mid|middle|late|later in)"
            r" (?:- )?{X}",
        ),
    ),
    (
        _week_of,
        (
            r"(?P<kind>week commencing|week beginning|week starting|week ending|week ended"
            r"|w / c|week) {X}",
        ),
    ),
    (
        _five_year_plan,
        (
            r"(?P<n>\d{1,2}) (?:5 (?:- )?years? plan|fyp)(?: period)?"
            r"(?: (?P<y1>\d{4}) (?:-|to) (?P<y2>\d{4}))?",
        ),
    ),
    (
        _fiscal_year,
        (
            rf"{_FY} (?:- )?(?P<a>\d{{4}}|\d{{2}})(?: [-/] (?P<b>\d{{4}}|\d{{2}}))?",
            rf"(?P<a>\d{{4}}|\d{{2}}) [-/] (?P<b>\d{{4}}|\d{{2}}) {_FY}",
            rf"(?P<a>\d{{4}}) {_FY}",
            rf"(?P<a>\d{{4}}) [-/] (?P<b>\d{{4}}|\d{{2}}) (?:{'|'.join(sorted(_FISCAL_AFTER))})",
        ),
    ),
    (
        _fiscal_years,
        (
            rf"(?:between |from )?{_FY} (?:- )?(?P<a>\d{{4}}|\d{{2}})"
            rf" (?:and|to|-|until|through) {_FY} (?:- )?(?P<b>\d{{4}}|\d{{2}})",
        ),
    ),
    (
        _split_fiscal_years,
        (
            rf"(?:from |between )?(?:{_FY} )?(?P<a>\d{{4}}) / (?P<b>\d{{4}}|\d{{2}})"
            rf" (?:to|-|and|until|through) (?:{_FY} )?(?P<c>\d{{4}}) / (?P<d>\d{{4}}|\d{{2}})"
            rf"(?: {_FY}s?)?",
            rf"(?:from |between )?(?P<a>\d{{4}}) - (?P<b>\d{{2}})"
            rf" (?:to|and|until|through) (?P<c>\d{{4}}) - (?P<d>\d{{2}}) {_FY}s?",
            rf"(?:from |between )?{_FY}s? (?P<a>\d{{4}}) - (?P<b>\d{{2}})"
            rf" (?:to|and|until|through) (?:{_FY} )?(?P<c>\d{{4}}) - (?P<d>\d{{2}})",
        ),
    ),
    (_slashed_fiscal_year, (r"(?P<a>\d{4}) / (?P<b>\d{4}|\d{2})",)),
    (_bare_unit, (r"(?P<unit>year|quarter|month|week)",)),
    (_single_term, (r".+",)),
    (_range, (r"(?:between )?(?P<x>.+ (?:-|to|and|or|through|thru|until|till) .+)",)),
)
_RULES: list[_Rule] = [
    _Rule(build.__name__, _compile(pattern), build)
    for build, patterns in RULE_ORDER
    for pattern in patterns
]
_RULE_FINDER = _FirstMatch(lambda: (rule.pattern for rule in _RULES))
