"""Turn deadline phrases from policy documents into inclusive date windows.

Policy documents rarely give exact dates; they say "in late 2025", "by 2027",
"first half of 2026" or "within three years".  :func:`parse_window` reads such a
phrase against a *reference date* (the announcement date when known, else today:
the caller decides; this package never looks at the clock) and returns a
:class:`Window`: the original text (stripped), an inclusive ``earliest..latest``
range of days and a :class:`Precision`.  :func:`parse_day` reads a phrase that must
name one day; :func:`find_windows` lists every date stretch in a longer text.

A wrong window is worse than an error: a phrase that is open-ended, vague, counted
from an undated event, denied, or holds several dates is refused with a one-line
:class:`~tracker.errors.DateParseError`.  English and Chinese are read.

The full specification (every accepted form, its window and precision, the number
conventions, what is refused and how the reader works) is in ``docs/deadlines.md``.

The package:

- :mod:`.arithmetic`: calendar arithmetic (dates, month ends, adding months, spans,
  precision);
- :mod:`.engine`: what both languages share (the reading context, ordered rules and
  their index, calendar terms and ranges);
- :mod:`.english_words`, :mod:`.chinese_words`: the vocabularies, as plain tables;
- :mod:`.english_rules`, :mod:`.chinese_rules`: the rules, each list in the order
  tried (``RULE_ORDER``);
- :mod:`.english`, :mod:`.chinese`: reading a phrase or a sentence (the Chinese
  modules are imported only for text with CJK characters; dateparser only as the
  last resort for an odd written day).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date

from tracker.domain.deadlines.arithmetic import Problem as _Problem
from tracker.domain.deadlines.arithmetic import _precision
from tracker.domain.deadlines.engine import _as_date, _Ctx
from tracker.domain.deadlines.english import (
    _CJK,
    _keeps_meaning,
    _read_phrase,
    find_in_sentence,
)
from tracker.domain.windows import Precision, Window, parse_iso_window
from tracker.domain.windows import quote_phrase as _quote
from tracker.errors import DateParseError, InputError

__all__ = [
    "FoundWindow",
    "Precision",
    "Window",
    "find_windows",
    "parse_day",
    "parse_iso_window",
    "parse_window",
]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DAY = Precision.DAY
_MONTH_NUMBERS = range(1, 13)


def parse_window(
    text: str, reference: date, *, fiscal_year_start: int = 4, day_first: bool = True
) -> Window:
    """Read a deadline phrase into a :class:`Window` relative to ``reference``.

    ``fiscal_year_start`` is the month (1-12) a fiscal year starts in; FY2026
    names the fiscal year *ending* in 2026 (see the module docstring).
    ``day_first`` selects DD/MM/YYYY (default) or MM/DD/YYYY.
    Raises :class:`DateParseError` when the phrase cannot be read unambiguously.
    """
    reference = _checked(text, reference, fiscal_year_start)
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


def _checked(text: str, reference: date, fiscal_year_start: int) -> date:
    """The reference as a date, once the arguments are checked."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if isinstance(fiscal_year_start, bool) or fiscal_year_start not in _MONTH_NUMBERS:
        raise InputError(
            f"fiscal year start must be a month number 1-12, not {fiscal_year_start!r}"
        )
    if type(reference) is not date:
        reference = _as_date(reference)
    return reference


@dataclass(frozen=True)
class FoundWindow:
    """A date phrase found in a text: ``source[start:end]`` is :attr:`text`, which reads
    (with :func:`parse_window`, the same reference and options) to :attr:`window`."""

    start: int
    end: int
    text: str
    window: Window


#: Where a sentence ends: the denials in one do not reach the next.
_SENTENCE_END = re.compile(r"[;\n!\u3002\uff1b\uff01]|(?<=\.)\s+(?=[A-Z\"\u201c(])")
#: Where a clause of a sentence with Chinese in it ends: each is read in its language.
_CLAUSE_END = re.compile(r"[,\uff0c\u3001]")
#: Punctuation a found phrase may lose at its ends ("2027." -> "2027").
_OPENING = "([{\"'\u201c\u2018\u300c\u300e"
_CLOSING = ".,:)]}\"'\u201d\u2019\u300d\u300f"


def find_windows(
    text: str, reference: date, *, fiscal_year_start: int = 4, day_first: bool = True
) -> list[FoundWindow]:
    """Every date phrase in ``text`` (English or Chinese), in order, with its offsets.

    Built on the readers of a date inside a sentence: their runs of known words are the
    candidates (several per sentence here), their refusals apply to each clause (a
    clause that denies or withdraws gives nothing; an approximate, open-ended or
    event-counted date is left out), and each phrase is the tightest that
    :func:`parse_window` reads to the same window.  A text without dates gives ``[]``.
    The options are :func:`parse_window`'s.
    """
    reference = _checked(text, reference, fiscal_year_start)
    ctx = _Ctx(reference, fiscal_year_start, bool(day_first))
    candidates: list[list[tuple[int, int]]] = []
    labels: list[list[tuple[int, int]]] = []
    for start, end in _pieces(_SENTENCE_END, text, 0, len(text)):
        if not _CJK.search(text, start, end):
            dates, years = find_in_sentence(text, start, end, ctx)
            candidates += dates
            labels += years
            continue
        from tracker.domain.deadlines.chinese import find_in_chinese, zh_denies  # only now

        if zh_denies(text[start:end]):
            continue  # "该计划已取消...原定2025年底完成": the whole sentence is withdrawn
        for first, last in _pieces(_CLAUSE_END, text, start, end):
            if _CJK.search(text, first, last):
                candidates += find_in_chinese(text, first, last, ctx)
            else:
                candidates += find_in_sentence(text, first, last, ctx)[0]
    found = [w for c in candidates if (w := _found(text, c, ctx)) is not None]
    if not found:  # only years used as labels: then they are the dates
        found = [w for c in labels if (w := _found(text, c, ctx)) is not None]
    return found


def _pieces(separator: re.Pattern[str], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at each match of ``separator``, as (start, end) offsets."""
    cuts = [m.start() for m in separator.finditer(text, start, end)]
    return list(itertools.pairwise([start, *cuts, end]))


def _found(text: str, spans: list[tuple[int, int]], ctx: _Ctx) -> FoundWindow | None:
    """The first span's window, at the tightest of the spans (or the first, less the
    punctuation around it) that reads the same; None if the first does not read."""

    def read_window(phrase: str) -> Window:
        return parse_window(
            phrase, ctx.reference, fiscal_year_start=ctx.fiscal_start, day_first=ctx.day_first
        )

    def read(start: int, end: int) -> tuple[date, date, Precision] | None:
        try:
            window = read_window(text[start:end])
        except DateParseError:
            return None
        return window.earliest, window.latest, window.precision

    start, end = spans[0]
    meant = read(start, end)
    if meant is None:
        return None
    for tighter in reversed(spans[1:]):
        if (
            tighter != (start, end)
            and (
                _CJK.search(text, start, end)
                or _keeps_meaning(text[start : tighter[0]], text[tighter[0] : tighter[1]])
            )
            and read(*tighter) == meant
        ):
            start, end = tighter
            break
    while end - start > 1 and text[start] in _OPENING and read(start + 1, end) == meant:
        start += 1
    while (
        end - start > 1
        and text[end - 1] in _CLOSING
        and not (text[end - 1] == ")" and "(" in text[start : end - 1])
        and read(start, end - 1) == meant
    ):
        end -= 1
    return FoundWindow(start, end, text[start:end], read_window(text[start:end]))
