"""The Chinese rules: each a regular expression over the space-separated canonical
tokens of a phrase (see :mod:`.chinese`) and a builder returning the span it names.

:data:`RULE_ORDER` lists them in the order they are tried; they are compiled on first
use (:func:`_zh_rules`).  The calendar helpers, terms and ranges are the English
reader's (:mod:`.engine`, :mod:`.arithmetic`), so the conventions are the same.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from tracker.domain.deadlines.arithmetic import (
    Problem as _Problem,
)
from tracker.domain.deadlines.arithmetic import (
    Span as _Span,
)
from tracker.domain.deadlines.arithmetic import (
    _add_days,
    _check_weekday,
    _edge_of,
    _full_year,
    _months,
    _plan_in_force,
    _plan_span,
    _shift,
    _third_of,
    _unit_span,
    _weekday_near,
    _whole_months,
    _whole_years,
)
from tracker.domain.deadlines.chinese_words import (
    FESTIVAL_LUNAR_DAYS as _ZH_FESTIVAL_LUNAR_DAYS,
)
from tracker.domain.deadlines.chinese_words import (
    LEAD_FILLER as _ZH_LEAD_FILLER,
)
from tracker.domain.deadlines.chinese_words import (
    LUNAR_NEW_YEAR as _ZH_LUNAR_NEW_YEAR,
)
from tracker.domain.deadlines.chinese_words import (
    REL_DAYS as _ZH_REL_DAYS,
)
from tracker.domain.deadlines.chinese_words import (
    REL_FISCAL_YEARS as _ZH_REL_FISCAL_YEARS,
)
from tracker.domain.deadlines.chinese_words import (
    REL_WEEKS as _ZH_REL_WEEKS,
)
from tracker.domain.deadlines.chinese_words import (
    REL_YEARS as _ZH_REL_YEARS,
)
from tracker.domain.deadlines.chinese_words import (
    TRAIL_FILLER as _ZH_TRAIL_FILLER,
)
from tracker.domain.deadlines.chinese_words import (
    UNITS as _ZH_UNITS,
)
from tracker.domain.deadlines.engine import (
    Builder,
    _before_span,
    _Ctx,
    _FirstMatch,
    _resolve,
    _Rule,
    _split_year,
    _Term,
    _try_rules,
    split_range,
)
from tracker.domain.windows import quote_phrase as _quote


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


_zh_compiled_rules: list[_Rule] | None = None


def _zh_rules() -> list[_Rule]:
    global _zh_compiled_rules
    if _zh_compiled_rules is None:
        _zh_compiled_rules = [
            _Rule(build.__name__, _zh_compile(pattern), build)
            for build, patterns in RULE_ORDER
            for pattern in patterns
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


def _zh_part(m: re.Match[str]) -> str | None:
    """The X of "X底", "X前", "X内", or None when X is a range ("2025至2027年底" is refused
    rather than read as the end of 2025-2027)."""
    return None if _ZH_SEPARATOR.search(m["x"]) else m["x"]


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


def _zh_rest_of_unit(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "年内", "在今年内": ref .. the end of ref's year (like "within the year"); the
    lead words are allowed here so that "{X} 内" (the period itself) does not take them."""
    unit = {"今年": "year", "年": "year", "本月": "month", "月": "month"}.get(m["unit"], "quarter")
    return ctx.reference, _unit_span(unit, ctx.reference)[1]


def _zh_within_term(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "2030年内", "明年内", "6月内": the period itself."""
    part = _zh_part(m)
    return None if part is None else _zh_read(part, ctx)


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
    if tokens[-1] in ("底", "日") or span[0] == span[1]:  # a day: "3月31日前", "元旦前"
        return span
    if tokens[-1] == "年" or tokens[-1] in _ZH_REL_YEARS:
        return _before_span(span, ctx)
    raise _Problem(
        '"前" here could mean "by" or "before"; write 底前 (by the end of) or give the day'
    )


def _zh_first_months(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "今年前10个月": January to the end of the tenth month (of ref's year if none)."""
    count = int(m["n"])
    if not 1 <= count <= 12:
        raise _Problem(f"a year has twelve months, not {count}")
    year = _zh_year(m, ctx)
    return _months(ctx.not_before.year if year is None else year, 1, count)


def _zh_first_quarters(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "前三季度": January to the end of the third quarter, of the year given, else of
    ref's year (said in October, it is the nine months just gone)."""
    count = int(m["i"])
    if not 1 <= count <= 4:
        raise _Problem(f"a year has four quarters, not {count}")
    year = _zh_year(m, ctx)
    return _months(ctx.not_before.year if year is None else year, 1, 3 * count)


def _zh_plan(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "十四五", "“十四五”时期", "十四五规划期间", "第十四个五年规划": 2021-2025."""
    return _plan_span(int(m["n"]))


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


def _zh_fiscal_year(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "2026至27財政年度", "2026/27年度": the fiscal year starting in 2026 (like 2026/27)."""
    return _split_year(m["a"], m["b"], ctx)


def _zh_fiscal_years(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "2023-24至2027-28年度", "2026/27及2027/28兩個年度": the first fiscal year's start
    to the last one's end (as "2026/27 and 2027/28")."""
    first = _split_year(m["a"], m["b"], ctx)
    last = _split_year(m["c"], m["d"], ctx)
    if last[1] <= first[0]:
        raise _Problem("the range of fiscal years ends before it starts")
    _zh_check_count(m, last[1].year - first[1].year + 1)
    return first[0], last[1]


def _zh_check_count(m: re.Match[str], years: int) -> None:
    """ "2026/27及2027/28兩個年度": the count said must be the number of years named."""
    count = m.groupdict().get("n")
    if count is not None and int(count) != years:
        raise _Problem(f"the years named are {years}, not {count}")


def _zh_current_fiscal_start(ctx: _Ctx) -> int:
    """The calendar year in which the fiscal year holding the reference starts."""
    ref = ctx.reference
    return ref.year if ref.month >= ctx.fiscal_start else ref.year - 1


def _zh_relative_fiscal_year(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "本財政年度", "下一個財政年度", "下年度": the fiscal year holding the reference, the
    next or the previous one; "未來兩個財政年度": the next N."""
    start = _zh_current_fiscal_start(ctx)
    if m.groupdict().get("n") is not None:
        count = int(m["n"])
        if count < 1:
            raise _Problem(f"a period of {count} fiscal years is empty")
        return _months(start + 1, ctx.fiscal_start, 12)[0], _months(
            start + count, ctx.fiscal_start, 12
        )[1]
    return _months(start + _ZH_REL_FISCAL_YEARS[m["rel"]], ctx.fiscal_start, 12)


def _zh_relative_day(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "今日", and "今日(二月二十五日)", "明日(二月二十八日)": the day given, its year the
    one after the day the word names."""
    named = _add_days(ctx.reference, _ZH_REL_DAYS[m["rel"]])
    if m.groupdict().get("x") is None:
        return named, named
    earliest, latest = _zh_read(m["x"], replace(ctx, reference=named, anchor=None))
    if earliest != latest:
        raise _Problem(f'"{m["rel"]}" names one day, not {_quote(m["x"])}')
    return earliest, latest


def _zh_this_and_next(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "今明两天": today and tomorrow; "今明两年": this year and next (as "today and
    tomorrow", "2026 and 2027")."""
    if m["unit"] == "年":
        return _months(ctx.reference.year, 1, 24)
    return ctx.reference, _add_days(ctx.reference, 1)


def _zh_weekday_number(m: re.Match[str]) -> int:
    """The weekday (0 = Monday) of 周一..周六, 周日, 周天."""
    return 6 if m["wd"] in ("日", "天") else int(m["wd"]) - 1


def _zh_weekday(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "本周五": the Friday of ref's Monday-Sunday week; "下周一", "上周三": of the next or
    the previous week; a bare "星期三" / "周三": the next Wednesday on or after ref (with
    words of the past in its sentence, the latest on or before it)."""
    weekday = _zh_weekday_number(m)
    rel = m.groupdict().get("rel")
    if rel is None:
        day = _weekday_near(weekday, None, ctx.reference, past=ctx.past)
    else:
        monday = _unit_span("week", _shift(ctx.reference, "week", _ZH_REL_WEEKS[rel]))[0]
        day = _add_days(monday, weekday)
    return day, day


def _zh_dated_weekday(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "3月14日(星期五)", "今日(星期三)": the day, its weekday checked."""
    span = _zh_read(m["x"], ctx)
    if span[0] != span[1]:
        raise _Problem(f"a weekday names one day, not {_quote(_zh_show(m['x']))}")
    _check_weekday([_zh_weekday_number(m)], span[0])
    return span


def _zh_during(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "二零二零/二一至二零二三/二四年度期间", "2026年期间": during the years, the years."""
    return _zh_read(m["x"], ctx)


def _zh_bracketed(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "未來五年(2023-24至2027-28年度)", "過去五年(2017-18至2021-22年度)", "十年行動計劃
    (2026-2035)": a count of years (of a plan) followed by the years themselves: the
    years, which must be as many."""
    span = _zh_read(m["x"], ctx)
    years = round(((span[1] - span[0]).days + 1) / 365.25)
    if years != int(m["n"]):
        raise _Problem(f"{_quote(_zh_show(m['x']))} is {years} years, not {m['n']}")
    return span


def _zh_years(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "2025—2027年", "2025年至2027年", "2026-27年", "2026及2027年": Jan 1 of the first ..
    Dec 31 of the last (as "2026 and 2027")."""
    first = _full_year(m["a"])
    last = _full_year(m["b"], century_of=first)
    if last < first:
        raise _Problem(f"the range ends before it starts ({first} to {last})")
    _zh_check_count(m, last - first + 1)
    return _months(first, 1, 12 * (last - first + 1))


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


def _zh_range(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    """ "2026年3月至6月", "3月5日至7日": both ends, each borrowing what it lacks."""
    return split_range(
        m["x"].split(),
        ("-", "至"),
        lambda text: _zh_term(text, ctx, partial=True),
        _quote(_zh_show(m["x"])),
        ctx,
    )


def _zh_relative_unit(m: re.Match[str], ctx: _Ctx) -> _Span:
    unit = {"度": "quarter", "周": "week"}.get(m["rel"][-1], "month")
    step = {"本": 0, "下": 1, "上": -1}[m["rel"][0]]
    return _unit_span(unit, _shift(ctx.reference, unit, step))


def _zh_festival(m: re.Match[str], ctx: _Ctx) -> _Span:
    """ "2022年元旦": 1 January; "年初六", "大年初一", "除夕", "元宵": that day of the lunar
    New Year (its table: ``chinese_words.LUNAR_NEW_YEAR``).  Without a year, the next one
    on or after the reference, as for "31 December"."""
    year = _zh_year(m, ctx)
    years = [year] if year is not None else [ctx.not_before.year - 1, ctx.not_before.year]
    for candidate in [*years, years[-1] + 1]:
        day = _zh_festival_day(m["f"], candidate, _quote(_zh_show(m.group(0))))
        if year is not None or day >= ctx.not_before:
            return day, day
    raise AssertionError("unreachable: a later year always follows")


def _zh_festival_day(token: str, year: int, shown: str) -> date:
    if token == "元旦":
        return date(year, 1, 1)
    if year not in _ZH_LUNAR_NEW_YEAR:
        raise _Problem(
            f"the lunar New Year of {year} is not in the table; give the date of {shown}"
        )
    month, day = _ZH_LUNAR_NEW_YEAR[year]
    offset = _ZH_FESTIVAL_LUNAR_DAYS.get(token)
    number = int(token[1:]) if offset is None else offset
    return _add_days(date(year, month, day), number - 1)


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


def _zh_single_term(m: re.Match[str], ctx: _Ctx) -> _Span | None:
    term = _zh_term(m.group(0), ctx)
    return None if term is None else _resolve(term, ctx.not_before)


#: The Chinese rules in the order they are tried, each a builder and its patterns
#: (``{N}`` a number, ``{X}`` any sub-phrase).  The order matters: durations ("三年内")
#: and the rest of a unit ("年内") before "X内"; "X前" before the first months or
#: quarters ("前三季度"); plans and fiscal years before ranges; a single term last.
RULE_ORDER: tuple[tuple[Builder, tuple[str, ...]], ...] = (
    (
        _zh_relative_day,
        (rf"(?P<rel>{'|'.join(_ZH_REL_DAYS)})(?: (?P<x>(?!周 ).*[0-9].*))?",),
    ),
    (_zh_this_and_next, (r"今明 2 (?P<unit>天|日|年)",)),
    (
        _zh_weekday,
        (
            r"(?P<rel>本周|下周|上周) (?P<wd>[1-6]|日|天)",
            r"周 (?P<wd>[1-6]|日|天)",
        ),
    ),
    (_zh_dated_weekday, (r"(?P<x>(?:.+ )?(?:日|号|今日|明日|昨日)) 周 (?P<wd>[1-6]|日|天)",)),
    (
        _zh_relative_fiscal_year,
        (
            rf"(?P<rel>{'|'.join(_ZH_REL_FISCAL_YEARS)})",
            r"未来 {N} 个 财政年度",
        ),
    ),
    (
        _zh_bracketed,
        (
            r"(?:未来 |过去 )?{N} (?:个 )?(?:年|财政年度)(?: 内)?"
            r"(?: (?:行动计划|计划|规划|方案|纲要))? (?P<x>[0-9]{4} .+)",
        ),
    ),
    (
        _zh_within,
        (
            r"(?:未来 )?{N} (?P<ge>个 )?(?P<unit>年|月|天|日|周|季度) 内",
            r"未来 {N} (?P<ge>个 )?(?P<unit>年|月|天|日|周|季度)",
            r"(?:未来 )?半年 内",
            r"未来 半年",
        ),
    ),
    (
        _zh_rest_of_unit,
        (
            r"(?:(?:在|于|将于|力争|争取|计划|预计|拟于|拟) )*"
            r"(?P<unit>今年|年|本月|月|本季度|季度) 内",
        ),
    ),
    (_zh_within_term, (r"{X} 内",)),
    (_zh_before, (r"{X} 前",)),
    (
        _zh_first_months,
        (r"(?:(?P<y>[0-9]{4}) 年 |(?P<ry>今年|明年|后年|去年|前年) )?前 (?P<n>[0-9]{1,2}) 个 月",),
    ),
    (
        _zh_first_quarters,
        (
            r"(?:(?P<y>[0-9]{4}) 年 |(?P<ry>今年|明年|后年|去年|前年) )?"
            r"前 (?P<i>[0-9]) (?:个 )?季度",
        ),
    ),
    (
        _zh_plan,
        (
            r"(?P<n>[0-9]{1,2}) 五(?: (?:规划|计划))?(?: 期间)?",
            r"第 (?P<n>[0-9]{1,2}) 个 5 年 (?:规划|计划)(?: 期间)?",
        ),
    ),
    (
        _zh_plan_year,
        (
            r"{X} (?P<w>开局|收官)(?: 之年)?",
            r"(?P<w>开局|收官) 之年",
        ),
    ),
    (
        _zh_fiscal_years,
        (
            r"(?P<a>[0-9]{4}) (?:-|/) (?P<b>[0-9]{4}|[0-9]{2}) (?:-|至)"
            r" (?P<c>[0-9]{4}) (?:-|/) (?P<d>[0-9]{4}|[0-9]{2}) (?:财政年度|年度)",
            r"(?P<a>[0-9]{4}) (?:-|/) (?P<b>[0-9]{4}|[0-9]{2})(?: (?:财政年度|年度))? 及"
            r" (?P<c>[0-9]{4}) (?:-|/) (?P<d>[0-9]{4}|[0-9]{2})(?: (?P<n>[0-9]{1,2}) 个)?"
            r" (?:财政年度|年度)",
        ),
    ),
    (_zh_fiscal_year, (r"(?P<a>[0-9]{4}) (?:-|/|至) (?P<b>[0-9]{4}|[0-9]{2}) (?:财政年度|年度)",)),
    (_zh_during, (r"(?P<x>.+ (?:财政年度|年度|年)) 期间",)),
    (
        _zh_years,
        (
            r"(?:从 )?(?P<a>[0-9]{4})(?: 年)? (?:-|至) (?P<b>[0-9]{4}|[0-9]{2}) 年",
            r"(?:从 )?(?P<a>[0-9]{4}) 年 (?:-|至) (?P<b>[0-9]{4})",
            r"(?P<a>[0-9]{4})(?: 年)? 及 (?P<b>[0-9]{4}) 年(?: (?P<n>[0-9]{1,2}) 年)?",
        ),
    ),
    (_zh_end, (r"{X} (?P<w>底|初)",)),
    (_zh_thirds, (r"{X} (?P<w>中|上旬|中旬|下旬)",)),
    (_zh_range, (r"(?:从 )?(?P<x>.+ (?:-|至) .+)",)),
    (_zh_relative_unit, (r"(?P<rel>本月|下月|上月|本季度|下季度|上季度|本周|下周|上周)",)),
    (
        _zh_festival,
        (
            r"(?:(?P<y>[0-9]{4})(?: 年)? |(?P<ry>今年|明年|后年|去年|前年) )?"
            r"(?P<f>元旦|除夕|春节|元宵|初(?:[1-9]|10))",
        ),
    ),
    (_zh_bare_unit, (r"(?P<unit>年|月|季度)",)),
    (_zh_single_term, (r".+",)),
)
_ZH_RULE_FINDER = _FirstMatch(lambda: (rule.pattern for rule in _zh_rules()))
