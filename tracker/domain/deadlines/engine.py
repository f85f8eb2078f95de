"""What the English and Chinese readers share: the reading context, rules and the index
that finds the first one to try, calendar terms and ranges of terms.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime

from tracker.domain.deadlines.arithmetic import (
    NoSuchDate as _NoSuchDate,
)
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
    _date,
    _full_year,
    _months,
    _next_day,
    _precision,
    _relative_month_year,
    _relative_season,
    _whole_months,
)
from tracker.domain.windows import Precision


@dataclass(frozen=True)
class _Ctx:
    """How to read a phrase: the reference day and the options, and how deep in a
    sub-phrase the reader is."""

    reference: date
    fiscal_start: int
    day_first: bool
    depth: int = 0
    #: Year-less terms resolve to the first one ending on/after this (default: reference).
    anchor: date | None = None
    #: The words around the phrase tell of the past ("said on Monday"): a bare weekday is
    #: then the latest one on or before the reference, not the next one.
    past: bool = False

    @property
    def not_before(self) -> date:
        return self.anchor or self.reference


def _as_date(value: date) -> date:
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise TypeError(f"reference must be a date, not {type(value).__name__}")
    return value


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    build: Builder


#: A rule's builder: the span a match names, or None to let the next rule try.
Builder = Callable[[re.Match[str], _Ctx], _Span | None]


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


def _try_rules(rules: Sequence[_Rule], finder: _FirstMatch, s: str, ctx: _Ctx) -> _Span | None:
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


def _split_fiscal_year(first: int, ctx: _Ctx) -> _Span:
    if ctx.fiscal_start == 1:
        raise _Problem(f"{first}/{first + 1} spans two years but fiscal years start in January")
    return _months(first, ctx.fiscal_start, 12)


def _split_year(a: str, b: str, ctx: _Ctx) -> _Span:
    """The fiscal year written with its two years ("2025/26", 二零二五/二六)."""
    first = _full_year(a)
    second = _full_year(b, century_of=first)
    if second != first + 1:
        raise _Problem(f"a fiscal year spans two consecutive years, not {first} and {second}")
    return _split_fiscal_year(first, ctx)


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


def _complete_pair(left: _Term, right: _Term) -> tuple[_Term, _Term] | None:
    """Let each end of a range borrow what it lacks from the other ("3-7 Nov 2025")."""
    if left.kind == "number" and right.kind == "number":
        return None
    if left.kind == "number":
        borrowed = _number_as(left.number or "", right, left_side=True)
        if borrowed is None:
            return None
        left = borrowed
    elif right.kind == "number":
        borrowed = _number_as(right.number or "", left, left_side=False)
        if borrowed is None:
            return None
        right = borrowed
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


def split_range(
    tokens: list[str],
    separators: Iterable[str],
    read_term: Callable[[str], _Term | None],
    shown: str,
    ctx: _Ctx,
) -> _Span | None:
    """A range written as two terms around a separator ("March - June 2026", "3月至6月"),
    for either grammar: ``read_term`` reads one end (partial: it may lack what the
    other end gives). Every split that reads as a range is tried; more than one is
    ambiguous (named by ``shown``), none with a problem is that problem."""
    results: set[_Span] = set()
    problems: list[_Problem] = []
    for i, tok in enumerate(tokens):
        if tok not in separators or i == 0 or i == len(tokens) - 1:
            continue
        try:
            left = read_term(" ".join(tokens[:i]))
            right = read_term(" ".join(tokens[i + 1 :]))
            pair = None if left is None or right is None else _complete_pair(left, right)
            if pair is not None:
                results.add(_range_span(*pair, ctx))
        except _Problem as problem:
            problems.append(problem)
    if len(results) > 1:
        raise _Problem(f"{shown} can be split into a range in more than one way")
    if not results and problems:
        raise problems[0]
    return results.pop() if results else None


def _ordered(left: _Term, right: _Term, not_before: date = date.min) -> _Span:
    start, first_end = _resolve(left, not_before)
    right_start, end = _resolve(right, start)
    if right_start < start or end < first_end:
        raise _Problem(
            f"the range ends before it starts ({start.isoformat()} to "
            f"{end.isoformat()}); give both years"
        )
    return start, end
