"""The Chinese reader: phrases with CJK characters (simplified or traditional, Arabic
or Chinese numerals), imported only when such a phrase is read.

Its own tokeniser (traditional characters mapped to simplified, Chinese numerals to
digits, known words segmented by longest match; anything not in
:data:`~tracker.domain.deadlines.chinese_words.WORDS` is refused) feeds its own ordered
rules (:mod:`.chinese_rules`) over the space-separated canonical tokens.  A date inside
a sentence is read as in English: the one run of known tokens that holds a date.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import TypeVar

from tracker.domain.deadlines.arithmetic import Problem as _Problem
from tracker.domain.deadlines.arithmetic import Span as _Span
from tracker.domain.deadlines.arithmetic import _weekday_near
from tracker.domain.deadlines.chinese_rules import _zh_try_rules
from tracker.domain.deadlines.chinese_words import (
    ANCHORS as _ZH_ANCHORS,
)
from tracker.domain.deadlines.chinese_words import (
    CLOSE_QUOTES as _ZH_CLOSE_QUOTES,
)
from tracker.domain.deadlines.chinese_words import (
    COUNT_AFTER as _ZH_COUNT_AFTER,
)
from tracker.domain.deadlines.chinese_words import (
    DATE_ENDS as _ZH_DATE_ENDS,
)
from tracker.domain.deadlines.chinese_words import (
    DATE_UNITS as _ZH_DATE_UNITS,
)
from tracker.domain.deadlines.chinese_words import (
    DEADLINE_MARKS as _ZH_DEADLINE_MARKS,
)
from tracker.domain.deadlines.chinese_words import (
    DIGITS as _ZH_DIGITS,
)
from tracker.domain.deadlines.chinese_words import (
    DROPPED as _ZH_DROPPED,
)
from tracker.domain.deadlines.chinese_words import (
    FESTIVALS,
    LUNAR_BLOCKERS,
    LUNAR_DAYS,
    LUNAR_PREFIXES,
    MORE_WORDS,
    MOVES,
    TRADITIONAL,
    WORDS,
)
from tracker.domain.deadlines.chinese_words import (
    HORIZONS as _ZH_HORIZONS,
)
from tracker.domain.deadlines.chinese_words import (
    LEAD_FILLER as _ZH_LEAD_FILLER,
)
from tracker.domain.deadlines.chinese_words import (
    NEGATIONS as _ZH_NEGATIONS,
)
from tracker.domain.deadlines.chinese_words import (
    NOISE as _ZH_NOISE,
)
from tracker.domain.deadlines.chinese_words import (
    OPEN as _ZH_OPEN,
)
from tracker.domain.deadlines.chinese_words import (
    OPEN_QUOTES as _ZH_OPEN_QUOTES,
)
from tracker.domain.deadlines.chinese_words import (
    PLAN_CONTEXT as _ZH_PLAN_CONTEXT,
)
from tracker.domain.deadlines.chinese_words import (
    PLAN_YEARS as _ZH_PLAN_YEARS,
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
    UNIT_AFTER as _ZH_UNIT_AFTER,
)
from tracker.domain.deadlines.chinese_words import (
    VAGUE as _ZH_VAGUE,
)
from tracker.domain.deadlines.chinese_words import (
    WEEKDAY_FUTURE as _ZH_WEEKDAY_FUTURE,
)
from tracker.domain.deadlines.chinese_words import (
    WEEKDAY_PAST as _ZH_WEEKDAY_PAST,
)
from tracker.domain.deadlines.engine import _Ctx
from tracker.domain.deadlines.english_rules import _read
from tracker.domain.windows import quote_phrase as _quote

_T = TypeVar("_T")
_ZH_TRADITIONAL = str.maketrans(TRADITIONAL)
#: Every known word with its canonical token: the table, the filler, a few more.
_ZH_WORDS: dict[str, str] = {
    **WORDS,
    **{word: word for word in _ZH_LEAD_FILLER | _ZH_TRAIL_FILLER},
    **MORE_WORDS,
    **FESTIVALS,
    **{
        prefix + day: f"初{number}"
        for day, number in LUNAR_DAYS.items()
        for prefix in LUNAR_PREFIXES
    },
}
_ZH_FESTIVAL_TOKENS = frozenset(FESTIVALS.values())
#: The canonical tokens of the lunar days (年初六 -> 初6).
_ZH_LUNAR_TOKENS = frozenset(f"初{number}" for number in LUNAR_DAYS.values())
_ZH_MOVES_RE = re.compile("|".join(MOVES))
#: A Chinese document number, a year in tortoise-shell brackets and a serial: it is no date.
_ZH_DOCUMENT_NUMBER = re.compile(
    "[\u3014\uff3b\\[]\\s*\\d{4}\\s*[\u3015\uff3d\\]]\\s*第?\\s*\\d+\\s*[号號]"
)


def read_chinese(phrase: str, ctx: _Ctx) -> _Span:
    """Read a phrase holding CJK characters (a document number in it is no date)."""
    return _zh_read_phrase(_ZH_DOCUMENT_NUMBER.sub(" ", phrase), ctx)


_ZH_DASHES = re.compile("[\u2010-\u2015\u2212~\u301c]")

_ZH_LONGEST = max(map(len, [*_ZH_WORDS, *_ZH_NOISE]))

_ZH_NUMERAL_CHARS = frozenset("\u3007零一二两三四五六七八九十百廿卅")
_ZH_POSITIONAL = re.compile(
    "(?:(?P<h>[一二两三四五六七八九])百)?(?:(?P<t>[一二三四五六七八九])?(?P<ten>十)|(?P<z>[零\u3007]))?"
    "(?P<u>[一二三四五六七八九])?"
)


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
        low, high = ("0", "9") if ch <= "9" else ("a", "z")
        while j < len(s) and low <= s[j] <= high:
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
        if word in _ZH_LUNAR_TOKENS and s[i + size : i + size + 1] in LUNAR_BLOCKERS:
            continue  # "年初三个月": 年初 and a count, not the third day of the New Year
        if word is not None:
            return i + size, [word]
    return None


def _zh_tokens(
    text: str, spans: list[tuple[int, int]] | None = None
) -> tuple[list[str], list[str], str | None]:
    """Canonical tokens, the text each came from, and the first problem met (if any).

    Text that no known piece starts becomes one token "?<text>" (for the messages).
    ``spans``, if given, receives each token's (start, end) in the normalised text (the
    same offsets as in ``text`` when normalising kept its length).
    """
    where = [] if spans is None else spans
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
            where.append((unknown, i))
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
                where[-1] = (where[-1][0], end)
                continue
            tokens.append(tok)
            raws.append(src[i:end])
            where.append((i, end))
        i = unknown = end
    if unknown < len(s):
        tokens.append("?" + s[unknown:])
        raws.append(src[unknown:])
        where.append((unknown, len(s)))
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


def _zh_check_open_or_vague(tokens: list[str], raws: list[str]) -> None:
    for i, (tok, raw) in enumerate(zip(tokens, raws, strict=True)):
        before = tokens[i - 1] if i else ""
        if tok in ("左右", "前后") and before not in _ZH_DATE_ENDS:
            continue  # an approximate amount, not an approximate date
        if tok in _ZH_HORIZONS and tokens[i + 1 : i + 2] == ["至"]:
            continue  # "規劃近期至2022年": the near term, up to a year that is given
        if tok in _ZH_VAGUE:
            raise _Problem(f"{_quote(raw)} is too vague to place on a calendar")
        if tok in ("起", "开始") and before in ("日", "号"):
            continue  # "自2026年1月1日起施行": in force from that day, as "shall apply from"
        if tok in _ZH_OPEN:
            raise _Problem(f"{_quote(raw)} leaves the window open-ended; give an end date")


#: A run of known tokens holds a date only with one of these (or a number) in it:


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
        if tok in _ZH_LUNAR_TOKENS or tok in _ZH_FESTIVAL_TOKENS:
            return True  # 元旦, 年初六
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
            if run[k] in _ZH_LUNAR_TOKENS | _ZH_FESTIVAL_TOKENS and (
                run[k - 1] == "年" or run[k - 1] in _ZH_REL_YEARS
            ):
                continue  # "2040年春节": the festival of that year, never of another
            try:
                return [
                    (_zh_read_tokens(run[:k], raws[:k], ctx), run[:k]),
                    (_zh_read_tokens(run[k:], raws[k:], ctx), run[k:]),
                ]
            except _Problem:
                continue
        raise


def _zh_date_runs(
    tokens: list[str], raws: list[str], unknown_text: str
) -> tuple[list[tuple[list[str], list[str], list[int]]], set[int]]:
    """The runs of known tokens that may hold a date, each as (tokens, raws, the index of
    each token in ``tokens``), and the weekdays named beside them (星期三, 周三)."""
    weekdays = set()
    # (tokens, raws, indices, the unknown text before)
    runs: list[tuple[list[str], list[str], list[int], str]] = [([], [], [], "")]
    skip = 0
    for n, (tok, raw) in enumerate(zip(tokens, raws, strict=True)):
        if skip:
            skip -= 1
            continue
        weekday = _zh_weekday(tokens, n)
        if weekday is not None:  # checked against the day, not part of its words
            weekdays.add(weekday)
            skip = 1
            continue
        following = tokens[n + 1] if n + 1 < len(tokens) else ""
        if (
            tok == "?的"
            and runs[-1][0][-1:] in (["规划"], ["计划"], ["五"])
            and following in _ZH_PLAN_YEARS
        ):
            runs[-1][1][-1] += raw  # "十四五规划的开局之年": the plan's own opening year
            continue
        if not tok.startswith("?"):
            runs[-1][0].append(tok)
            runs[-1][1].append(raw)
            runs[-1][2].append(n)
        elif runs[-1][0]:
            runs.append(([], [], [], tok[1:]))
        else:
            runs[-1] = ([], [], [], tok[1:])
    dated: list[tuple[list[str], list[str], list[int]]] = []
    for run, run_raws, at, before in runs:
        cut = _zh_number_of_document(run)
        if cut is not None:
            run, run_raws, at = _without(run, cut), _without(run_raws, cut), _without(at, cut)
        if not run or not _zh_anchored(run) or before.endswith(("比", "较", "較")):
            continue  # no date, or a baseline ("比2020年翻一番", "较2023年增长")
        if run[0] in _ZH_PLAN_YEARS and before.endswith("的"):
            continue  # "贯彻二十大精神的开局之年": the opening year of something not a plan
        if _ZH_MOVES_RE.search(unknown_text) and "至" in run[1:]:
            k = len(run) - 1 - run[::-1].index("至")  # extended by a month TO the day
            run, run_raws, at = run[k:], run_raws[k:], at[k:]
        while (
            len(run) > 1
            and run[-1].isdigit()
            and run[-2] not in ("-", "/", "至", ".", *_ZH_REL_WEEKS)
        ):
            run, run_raws, at = run[:-1], run_raws[:-1], at[:-1]  # "2026年3月底將為6,572"
        if (
            len(run) >= 2
            and run[1] == "年"
            and run[0].isdigit()
            and int(run[0]) < 100
            and all(tok in _ZH_COUNT_AFTER for tok in run[2:])
        ):
            continue  # "十年行动计划", "这五年期间": a count of years, not a date
        dated.append((run, run_raws, at))
    return dated, weekdays


def _zh_read_embedded(tokens: list[str], raws: list[str], ctx: _Ctx, problem: str) -> _Span:
    """A Chinese date inside a sentence ("到2025年建成现代化国际化创新型城市"): the one
    run of known tokens that holds a date; as in English, anything ambiguous is refused."""
    unknown_text = "".join(tok[1:] for tok in tokens if tok.startswith("?"))  # simplified
    if _zh_negated(raws):
        raise _Problem(f"{problem}, in a phrase that denies or withdraws; give the deadline alone")
    runs, weekdays = _zh_date_runs(tokens, raws, unknown_text)
    _zh_check_open_or_vague(tokens, raws)
    found: list[tuple[_Span, list[str]]] = []
    for run, run_raws, _ in runs:
        found.extend(_zh_read_run(run, run_raws, ctx))
    if not found and len(weekdays) == 1:  # "会议将于周五举行": a weekday alone
        text = "".join(raws).translate(_ZH_TRADITIONAL)
        past = not any(w in text for w in _ZH_WEEKDAY_FUTURE) and any(
            w in text for w in _ZH_WEEKDAY_PAST
        )
        day = _weekday_near(weekdays.pop(), None, ctx.reference, past=past)
        return day, day
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


def _without(items: list[_T], cut: int) -> list[_T]:
    """``items`` without the five from ``cut`` (a document number)."""
    return items[:cut] + items[cut + 5 :]


def _zh_number_of_document(run: list[str]) -> int | None:
    """Where a document number, 2024年第46号 (a year and a serial, not a date), starts in
    a run: it is its five tokens from there; None if there is none."""
    for i in range(len(run) - 4):
        if (
            run[i].isdigit()
            and run[i + 1 : i + 3] == ["年", "第"]
            and run[i + 3].isdigit()
            and run[i + 4] in ("号", "日")
        ):
            return i
    return None


def _zh_read_tokens(tokens: list[str], raws: list[str], ctx: _Ctx) -> _Span:
    lo, hi = 0, len(tokens)
    if hi >= 2 and tokens[-1] == "起" and tokens[-2] in ("日", "号"):
        hi -= 1  # "2026年1月1日起": the day it starts
    while lo < hi:
        span = _zh_try_rules(" ".join(tokens[lo:hi]), ctx)
        if span is not None:
            return span
        if (
            tokens[lo] in _ZH_LEAD_FILLER
            or tokens[lo] in ("-", "/")
            or (tokens[lo] in _ZH_HORIZONS and tokens[lo + 1 : lo + 2] == ["至"])
        ):
            lo += 1
        elif tokens[hi - 1] in _ZH_TRAIL_FILLER or (
            tokens[hi - 1] in _ZH_LEAD_FILLER and tokens[hi - 1] != "至"
        ):
            hi -= 1  # "到2035年, 力争…": a word that opens the next clause
        else:
            raise _Problem(f"no date form matches {_quote(''.join(raws[lo:hi]))}")
    raise _Problem("there is no date in it, only filler words")


def _zh_negated(raws: list[str]) -> bool:
    """Whether the text denies or withdraws (不会, 取消, 暂缓, 无法 ...): looked for in
    the whole text, since a negation may be split across tokens the grammar knows
    ("不会": "会" is a filler word, so "不" alone is left unknown)."""
    text = "".join(raws)
    return any(word in text for word in _ZH_NEGATIONS)


def zh_denies(sentence: str) -> bool:
    """Whether a sentence denies or withdraws (取消, 暂缓, 无法 ...), as
    :func:`_zh_read_embedded` refuses it."""
    return _zh_negated(_zh_tokens(sentence)[1])


def find_in_chinese(text: str, start: int, end: int, ctx: _Ctx) -> list[list[tuple[int, int]]]:
    """The dates in one clause, ``text[start:end]``, for
    :func:`~tracker.domain.deadlines.find_windows`: for each, its (start, end) offsets in
    ``text``, then tighter ones without the filler around it (力争, 完成 ...).

    The candidates are the runs :func:`_zh_read_embedded` reads (each split in two
    where it holds two dates); a clause that denies, is vague or open-ended, or counts
    from an undated event gives none.  The caller reads each candidate with
    ``parse_window`` and keeps a tighter one only when it reads the same.
    """
    clause = text[start:end]
    if "?" in clause or "\uff1f" in clause:
        return []
    if len(unicodedata.normalize("NFKC", clause).lower()) != len(clause):
        return []  # the offsets would not be the text's
    clause = _ZH_DOCUMENT_NUMBER.sub(lambda m: " " * len(m.group()), clause)
    spans: list[tuple[int, int]] = []
    tokens, raws, _ = _zh_tokens(clause, spans)
    for i, tok in enumerate(tokens[:-1]):
        if tok.startswith("?") and tokens[i + 1] in ("之日", "起", "后"):
            return []  # counted from an event whose date is not given
    unknown_text = "".join(tok[1:] for tok in tokens if tok.startswith("?"))
    if _zh_negated(raws):
        return []
    try:
        _zh_check_open_or_vague(tokens, raws)
    except _Problem:
        return []
    found: list[list[tuple[int, int]]] = []
    for run, run_raws, at in _zh_date_runs(tokens, raws, unknown_text)[0]:
        try:
            pieces = _zh_read_run(run, run_raws, ctx)
        except _Problem:
            continue
        k = len(pieces[0][1])
        for piece in [at] if len(pieces) == 1 else [at[:k], at[k:]]:
            words = [tokens[n] for n in piece]
            lo, hi = 0, len(piece)
            while lo < hi - 1 and words[lo] in _ZH_LEAD_FILLER:
                lo += 1
            while hi > lo + 1 and words[hi - 1] in _ZH_TRAIL_FILLER:
                hi -= 1
            options = [(piece[0], piece[-1]), (piece[lo], piece[hi - 1])]
            found.append([(start + spans[a][0], start + spans[b][1]) for a, b in options])
    return found
