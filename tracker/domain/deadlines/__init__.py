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

import re
from datetime import date

from tracker.domain.deadlines.arithmetic import Problem as _Problem
from tracker.domain.deadlines.arithmetic import _precision
from tracker.domain.deadlines.engine import _as_date, _Ctx
from tracker.domain.deadlines.english import _read_phrase
from tracker.domain.windows import Precision, Window, parse_iso_window
from tracker.domain.windows import quote_phrase as _quote
from tracker.errors import DateParseError, InputError

__all__ = ["Precision", "Window", "parse_day", "parse_iso_window", "parse_window"]

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
