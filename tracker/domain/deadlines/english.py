"""The English reader: normalising a phrase into tokens, refusing what is open-ended,
vague or counted from an event, and finding the date inside a sentence.

:func:`_read_phrase` reads a whole phrase (the rules are in :mod:`.english_rules`);
:func:`_read_embedded` reads the one date in a sentence and :func:`find_in_sentence`
lists every date in a text with its offsets (for :func:`~tracker.domain.deadlines.find_windows`).
A phrase with CJK characters goes to :mod:`.chinese`, imported only then.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from tracker.domain.deadlines.arithmetic import Problem as _Problem
from tracker.domain.deadlines.arithmetic import Span as _Span
from tracker.domain.deadlines.engine import _Ctx
from tracker.domain.deadlines.english_rules import _NO_FORM, _read
from tracker.domain.deadlines.english_words import (
    BASELINE_WORDS as _BASELINE_WORDS,
)
from tracker.domain.deadlines.english_words import (
    CARDINALS as _CARDINALS,
)
from tracker.domain.deadlines.english_words import (
    CLOCK_WORDS as _CLOCK_WORDS,
)
from tracker.domain.deadlines.english_words import (
    COUNT_PREPOSITIONS as _COUNT_PREPOSITIONS,
)
from tracker.domain.deadlines.english_words import (
    DAY_HEDGES as _DAY_HEDGES,
)
from tracker.domain.deadlines.english_words import (
    DEADLINE_MARKS as _DEADLINE_MARKS,
)
from tracker.domain.deadlines.english_words import (
    DETERMINERS as _DETERMINERS,
)
from tracker.domain.deadlines.english_words import (
    EVENT_UNITS as _EVENT_UNITS,
)
from tracker.domain.deadlines.english_words import (
    FRAMING as _FRAMING,
)
from tracker.domain.deadlines.english_words import (
    FULL_WEEKDAYS as _FULL_WEEKDAYS,
)
from tracker.domain.deadlines.english_words import (
    KEYWORDS as _KEYWORDS,
)
from tracker.domain.deadlines.english_words import (
    LEAD_FILLER as _LEAD_FILLER,
)
from tracker.domain.deadlines.english_words import (
    LENGTH_UNITS as _LENGTH_UNITS,
)
from tracker.domain.deadlines.english_words import (
    MONTH_PREPOSITIONS as _MONTH_PREPOSITIONS,
)
from tracker.domain.deadlines.english_words import (
    MONTHS as _MONTHS,
)
from tracker.domain.deadlines.english_words import (
    MOVES as _MOVES,
)
from tracker.domain.deadlines.english_words import (
    NEGATIONS as _NEGATIONS,
)
from tracker.domain.deadlines.english_words import (
    OPEN_ENDED as _OPEN_ENDED,
)
from tracker.domain.deadlines.english_words import (
    ORDINAL_TENS as _ORDINAL_TENS,
)
from tracker.domain.deadlines.english_words import (
    ORDINALS as _ORDINALS,
)
from tracker.domain.deadlines.english_words import (
    PAST_MARKERS as _PAST_MARKERS,
)
from tracker.domain.deadlines.english_words import (
    PLAN_OWNERS as _PLAN_OWNERS,
)
from tracker.domain.deadlines.english_words import (
    POSITION_WORDS as _POSITION_WORDS,
)
from tracker.domain.deadlines.english_words import (
    PREPOSITIONS_ALONE as _PREPOSITIONS_ALONE,
)
from tracker.domain.deadlines.english_words import (
    RELATIVE_DAYS as _RELATIVE_DAYS,
)
from tracker.domain.deadlines.english_words import (
    SCOPED_HEDGES as _SCOPED_HEDGES,
)
from tracker.domain.deadlines.english_words import (
    SCOPED_NEGATIONS as _SCOPED_NEGATIONS,
)
from tracker.domain.deadlines.english_words import (
    SEASONS as _SEASONS,
)
from tracker.domain.deadlines.english_words import (
    STRETCH_ENDS as _STRETCH_ENDS,
)
from tracker.domain.deadlines.english_words import (
    STRONG_WORDS,
)
from tracker.domain.deadlines.english_words import (
    TENS as _TENS,
)
from tracker.domain.deadlines.english_words import (
    TIME_WORDS as _TIME_WORDS,
)
from tracker.domain.deadlines.english_words import (
    TRAIL_FILLER as _TRAIL_FILLER,
)
from tracker.domain.deadlines.english_words import (
    UNIT_WORDS as _UNIT_WORDS,
)
from tracker.domain.deadlines.english_words import (
    VAGUE as _VAGUE,
)
from tracker.domain.deadlines.english_words import (
    WEEKDAYS as _WEEKDAYS,
)
from tracker.domain.deadlines.english_words import (
    WORD_MONTHS as _WORD_MONTHS,
)
from tracker.domain.deadlines.english_words import (
    YEAR_QUALIFIERS as _YEAR_QUALIFIERS,
)
from tracker.domain.windows import quote_phrase as _quote

#: Every word the reader knows; a phrase with any other word is read as a sentence.
_VOCABULARY = frozenset(
    [*_MONTHS, *_WEEKDAYS, *_SEASONS, *_KEYWORDS, *_CLOCK_WORDS]
    + [w for phrase in _LEAD_FILLER + _TRAIL_FILLER for w in phrase.split()]
)
#: Words that must not be dropped around the date: they change which window is meant.
_STRONG = frozenset([*_MONTHS, *_SEASONS, *_FULL_WEEKDAYS, *STRONG_WORDS])
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


_DAY_HEDGE_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in _DAY_HEDGES) + r")\b\.?",
    re.IGNORECASE,
)


def _hedged_day(phrase: str, ctx: _Ctx) -> _Span | None:
    """The day a hedge stands around ("no earlier than 1 October 2026"), or None when the
    phrase has no hedge or is not one day without it."""
    plain, count = _DAY_HEDGE_RE.subn(" ", phrase)
    if not count or not plain.strip():
        return None
    try:
        span = _read_phrase(plain, ctx)
    except _Problem:
        return None
    return span if span[0] == span[1] else None


def _read_phrase(phrase: str, ctx: _Ctx) -> _Span:
    if phrase and not _CJK.search(phrase) and (day := _hedged_day(phrase, ctx)) is not None:
        return day
    if not phrase:
        raise _Problem("the phrase is empty")
    if "?" in phrase or "\uff1f" in phrase:
        raise _Problem("a question mark makes the date uncertain; give it plainly")
    if _CJK.search(phrase):
        from tracker.domain.deadlines.chinese import read_chinese  # only for Chinese text

        return read_chinese(phrase, ctx)
    if _DECADE.search(phrase):
        raise _Problem('a decade ("the 2030s") is too vague to place on a calendar')
    # "cut emissions by half before 2035", "by at least 81% by 2035": amounts, not dates;
    # "by 5pm on 9 February 2024": a deadline is a day, its hour is not needed
    phrase = _CLOCK.sub(" ", _QUANTITY.sub(" ", _AMOUNT.sub(" ", phrase)))
    phrase = _PLAN_OWNER.sub(_blank, phrase)  # "the National 15th Five-Year Plan"
    phrase = _FREQUENCY.sub(" ", phrase)  # "per year", "every year": how often, not when
    tokens = _tokens(phrase)
    canon = " ".join(tokens)
    if not tokens:
        raise _Problem("there is no date in it")
    if (event := _dateless_event(phrase, ctx)) is not None:
        raise _Problem(f"it counts from an event ({_quote(event)}) whose date is not given")
    if (refusal := _open_or_vague(canon)) is not None:
        raise _Problem(refusal)
    unknown = [tok for tok in tokens if not _known(tok)]
    if unknown:
        return _read_embedded(tokens, ctx, unknown[0])
    if _is_negated(tokens):  # "not by 2027": every word known, and still a denial
        raise _Problem("the phrase denies or withdraws the date; give the deadline alone")
    try:
        return _read(canon, ctx)
    except _Problem as problem:
        if not str(problem).startswith(_NO_FORM):
            raise
        span = _read_tail(tokens, ctx)
        if span is None:
            raise
        return span


def _open_or_vague(canon: str) -> str | None:
    """Why normalised words leave the window open-ended or vague, or None.  A word of
    :data:`SCOPED_HEDGES` counts only before a time ("about 2030", "post-2027"), not
    before a noun ("a question about the party", "the Post Office")."""
    if canon and _SCOPED_HEDGE_RE.search(canon):
        canon = _SCOPED_HEDGE_RE.sub(_unscoped, canon)
    if word := _contains(canon, _OPEN_ENDED, _OPEN_ENDED_RE):
        return f'"{word}" leaves the window open-ended; give an end date'
    if _LATER_THAN.search(canon):
        return '"later than" leaves the window open-ended; give an end date'
    if (word := _contains(canon, _VAGUE, _VAGUE_RE)) or canon == "later":
        return f"{_quote(word or canon)} is too vague to place on a calendar"
    return None


_SCOPED_HEDGE_RE = re.compile(
    r"(?<![^ ])(?P<word>" + "|".join(map(re.escape, _SCOPED_HEDGES)) + r")(?: (?P<next>\S+))?"
)


def _unscoped(m: re.Match[str]) -> str:
    """A scoped hedge as it stands when a time follows it, else blanked (with its next
    word kept, to be looked at in turn)."""
    following = m["next"]
    if following is not None and (
        following == "-" or _names_time(following) or following in _STRONG
    ):
        return m.group(0)
    return "_" + (f" {following}" if following is not None else "")


#: Whose plan it is, between "of the" and a numbered Five-Year Plan: "the first year of
#: the National 15th Five-Year Plan", "China's 14th Five-Year Plan" name the plan alone.
_PLAN_OWNER = re.compile(
    r"\b(?:" + "|".join(_PLAN_OWNERS) + r")(?:['\u2019]s)?\s+"
    r"(?=(?:\d{1,2}(?:st|nd|rd|th)?|[a-z]+(?:-[a-z]+)?)\s+five[-\u2010-\u2015 ]year\s+plan\b)",
    re.IGNORECASE,
)
_DECADE = re.compile(r"\d{3}0['\u2019]?s\b", re.ASCII)
_AMOUNT = re.compile(r"\bby (?:(?:one )?half|a third|two thirds)\b", re.IGNORECASE)
_FREQUENCY = re.compile(r"\b(?:per|each|every) (?:year|month|week|day|quarter)\b", re.IGNORECASE)
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


def _names_time(tok: str) -> bool:
    return (
        tok.isdigit()
        or (tok in _MONTHS and tok not in _WORD_MONTHS)
        or tok in _SEASONS
        or tok in _FULL_WEEKDAYS
        or tok in _TIME_WORDS  # "no plans ... next year"
    )


def _is_negated(tokens: list[str]) -> bool:
    """Whether the words deny or withdraw a date: "not", "never", "cancelled" ... anywhere;
    "no", "without", "unless", "except" (:data:`SCOPED_NEGATIONS`) only when a date word
    follows them ("no plans to act before 2027", "no longer in 2026"), not before a noun
    phrase that ends the sentence ("a risk of one this summer without sustained
    rainfall", "by 2030 there will be no coal plants")."""
    for i, tok in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else ""
        if tok in _SCOPED_NEGATIONS:
            if tok == "no" and (following in ("later", "earlier") or following.isdigit()):
                continue  # "no later than", "No. 2": a number
            if any(_names_time(t) for t in tokens[i + 1 :]):
                return True
            continue
        if tok in _NEGATIONS or (tok == "not" and following not in ("later", "earlier", "before")):
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
    r"|quarters?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b)[a-z])"
    # money ("£1.8 billion", "paying over $1,000") and counts with thousands ("14,000
    # places")
    r"|(?:\b(?:at least|around|about|approximately|roughly|nearly|almost|some|over"
    r"|more than|less than|up to|under)\s+)?"
    r"[£$€¥]\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:billion|million|bn|m|k)\b)?"
    r"|\b\d{1,3}(?:,\d{3})+(?:\.\d+)?\b",
    re.IGNORECASE,
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


def _label_tail(run: list[str], followed: bool) -> int:
    """How many words at the end of a run, before an unknown word, name a thing rather
    than a time: a length joined by a hyphen ("a two-year extension", "the two-day
    conference", or without the hyphen, "a 10 year low", unless a preposition makes it a
    period: "within 1 year") or an ordinal ("the 20th Central Committee")."""
    if not followed:
        return 0
    if len(run) >= 3 and run[-3].isdigit() and run[-2] == "-" and run[-1] in _LENGTH_UNITS:
        return 3
    if (
        len(run) >= 2
        and run[-2].isdigit()
        and len(run[-2]) <= 3
        and run[-1] in _LENGTH_UNITS
        and (len(run) == 2 or (run[-3] not in _STRONG and run[-3] not in _COUNT_PREPOSITIONS))
    ):
        return 2  # "a 10 year low", "the 3 month programme": a length as an adjective
    if (
        len(run) >= 2
        and run[-1].isdigit()
        and len(run[-1]) <= 2
        and run[-2] not in _MONTHS
        and run[-2] not in _MONTH_PREPOSITIONS
        and run[-2] not in _KEPT_PUNCTUATION
        and not run[-2].isdigit()
    ):
        return 1
    return 0


def _date_in_run(
    run: list[str], before: str | None, followed: bool, tokens: list[str]
) -> tuple[int, bool] | None:
    """Where the date in a run of known words (see :func:`_runs`) starts, as the number of
    leading words to skip, and whether it is only a year that may be a label ("All 2025
    PTINs"); None when the run holds no date.  ``tokens`` are the whole phrase's; the
    caller drops the run's last :func:`_label_tail` words first."""
    skip = 0
    while skip < len(run) and run[skip] in _KEPT_PUNCTUATION:
        skip += 1
    rest = run[skip:]
    if (
        before is not None
        and len(rest) == 2
        and rest[0] in _EVENT_UNITS
        and rest[1].isdigit()
        and len(rest[1]) == 4
    ):
        return skip + 1, True  # "FinTech Week 2024": an event's name
    if (
        any(t in _POSITION_WORDS for t in rest)
        and all(t in _POSITION_WORDS or (t not in _STRONG and not t.isdigit()) for t in rest)
        and not any(t in _DEADLINE_MARKS for t in rest)
    ):
        # "nears its conclusion", "comes to an end": no period named (but "by the end of
        # the Government's term" is a deadline whose period cannot be read: refused)
        return None
    core = [t for t in rest if t in _STRONG or t.isdigit()]
    if (followed or before is not None) and len(core) == 1 and core[0] in _UNIT_WORDS:
        return None  # "the Hong Kong FinTech Week x ...": a name; "a record month for": a noun
    if followed and rest in ([w] for w in _PREPOSITIONS_ALONE):
        return None  # "sent over a thousand drones", "between Hong Kong and Macao"
    if followed and rest and rest[-1] in _DETERMINERS and not any(t.isdigit() for t in rest):
        return None  # "laid before this House", "by the next meeting": a thing, not a time
    if (
        before is not None
        and rest
        and rest[0].isdigit()
        and len(rest[0]) <= 3
        and len(rest) > 1
        and not rest[1].isdigit()
        and rest[1] not in _MONTHS
        and rest[1] not in _UNIT_WORDS
        and not (rest[1] == "-" and len(rest) > 2 and rest[2] in _LENGTH_UNITS)
    ):
        skip, rest = skip + 1, rest[1:]  # "Article 23 within 2024", "CPS 230 will ...": a label
    if not rest or _dateless(rest) or before in _BASELINE_WORDS:
        return None
    if followed and not any(tok in _STRONG - _DETERMINERS or tok.isdigit() for tok in rest):
        return None  # "this Directive", "its next scheduled meeting", "the Final Rules"
    if followed and (
        rest[-2:] in (["to", "end"], ["to", "start"], ["to", "close"])
        or rest in ([s] for s in _SEASONS)
    ):
        return None  # "set to end the use of", "the spring statement": not dates
    if followed and len(rest) == 1 and len(rest[0]) == 4 and rest[0].isdigit():
        return skip, True
    if _MOVES.intersection(tokens) and "to" in rest[:-1]:
        skip += len(rest) - rest[::-1].index("to")  # "deferred ... to 1 January 2023"
    return skip, False


def _past_near(tokens: list[str], first: int, last: int) -> bool:
    """Whether words of the past (:data:`PAST_MARKERS`) stand near ``tokens[first:last]``:
    among the three words before it ("the HKMA said on Monday", "was held on Friday"), or,
    when it opens the clause, among the four after it ("On Monday, the minister
    announced"); then a bare weekday there is the latest one, not the next."""
    if any(tok in _PAST_MARKERS for tok in tokens[max(0, first - 3) : first]):
        return True
    opens = all(tok in ("on", "this", "last") for tok in tokens[:first])
    return opens and any(tok in _PAST_MARKERS for tok in tokens[last : last + 4])


def _keeps_meaning(dropped: str, kept: str) -> bool:
    """Whether words dropped from the front of a found date leave its meaning, even when
    the rest happens to read the same on this reference day: no number ("14" in "March
    14 (Friday)"), and no word that steers a bare weekday ("next" in "next Monday")."""
    dropped_tokens = _tokens(dropped)
    if any(tok.isdigit() for tok in dropped_tokens):
        return False
    return not (any(tok in _STRONG for tok in dropped_tokens) and _bare_weekday(_tokens(kept)))


def _bare_weekday(tokens: list[str]) -> bool:
    """Whether a date's words name a weekday alone ("on Friday", "this Monday"), which
    words of the past around it turn into a day already gone."""
    joined = f" {' '.join(tokens)} "
    return (
        any(tok in _FULL_WEEKDAYS for tok in tokens)
        and not any(tok.isdigit() or tok in ("next", "last") for tok in tokens)
        # "this morning (Tuesday)": the weekday of the day named from the reference
        and not any(f" {day} " in joined for day in _RELATIVE_DAYS)
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
    for first, last, before, followed in _runs_at(tokens):
        whole = tokens[first:last]
        whole = whole[: len(whole) - _label_tail(whole, followed)]
        where = _date_in_run(whole, before, followed, tokens)
        if where is None:
            continue
        skip, label = where
        run = whole[skip:]
        if label:
            labels.append(run)  # "All 2025 PTINs", "Act 1998": a year as a label, maybe
            continue
        run_ctx = replace(ctx, past=True) if _past_near(tokens, first, last) else ctx
        try:
            found.append((_read(" ".join(run), run_ctx), run))
            continue
        except _Problem as problem:
            if str(problem).startswith("there is no date"):
                continue  # only filler after all ("will start to be settled")
            if not str(problem).startswith(_NO_FORM):
                raise
        span = _read_tail(run, run_ctx)
        if span is None:
            raise unreadable from None
        found.append((span, run))
    if not found:  # only years used as labels: then they are the date
        for run in labels:
            found.append((_read(run[0], ctx), run))
    days = {
        span[0].weekday() for span, run in found if span[0] == span[1] and not _bare_weekday(run)
    }
    if days:  # "by 1.7.2025, which is on Tuesday": the weekday of the day given
        found = [
            (span, run)
            for span, run in found
            if not _bare_weekday(run) or (span[0].weekday() not in days)
        ]
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


# ---- every date in a text, with its offsets (for find_windows)

_WORD = re.compile(r"\S+")
#: The most words a date phrase found in a text may have ("the end of the first half
#: of 2026" has eight).
_MOST_WORDS = 10


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())


def _runs_at(tokens: list[str]) -> list[tuple[int, int, str | None, bool]]:
    """:func:`_runs` as (start, end) indices into ``tokens``."""
    runs: list[tuple[int, int, str | None, bool]] = []
    first, before = 0, None
    for i, tok in enumerate([*tokens, None]):
        if tok is not None and _known(tok):
            continue
        if first < i:
            runs.append((first, i, before, tok is not None))
        first, before = i + 1, tok
    return runs


def find_in_sentence(
    text: str, start: int, end: int, ctx: _Ctx
) -> tuple[list[list[tuple[int, int]]], list[list[tuple[int, int]]]]:
    """The dates in one clause, ``text[start:end]``, for
    :func:`~tracker.domain.deadlines.find_windows`: each as a list of (start, end)
    offsets in ``text``, the whole phrase first and then without its first words one by
    one ("close on 8 May 2025", "on 8 May 2025" ...); and apart, the years that may only
    be labels ("All 2025 PTINs"), dates only when the text has no other.

    The candidates are the runs of known words :func:`_read_embedded` reads, with its
    filters (:func:`_date_in_run`); in each run, every longest stretch from a date word
    to a date word that reads as a phrase is a date, so a run may hold several ("starts
    in March 2026 and ends by the end of 2027").  A clause that denies or withdraws,
    or asks, gives none; a date beside words that make it vague or open-ended ("around
    2030", "2027 or later") or that counts from an undated event is left out.
    """
    clause = text[start:end]
    if "?" in clause or "\uff1f" in clause:
        return [], []
    # as in _read_phrase: amounts, clock times and frequencies are no dates
    masked = _FREQUENCY.sub(
        _blank, _CLOCK.sub(_blank, _QUANTITY.sub(_blank, _AMOUNT.sub(_blank, clause)))
    )
    masked = _PLAN_OWNER.sub(_blank, masked)
    words: list[tuple[int, int]] = []
    strong: list[bool] = []
    tokens: list[str] = []
    owner: list[int] = []
    for m in _WORD.finditer(masked):
        found = _tokens(m.group())
        if found:
            tokens += found
            owner += [len(words)] * len(found)
            words.append((m.start(), m.end()))
            strong.append(
                any(tok in _STRONG or tok in _STRETCH_ENDS or tok.isdigit() for tok in found)
            )
    if _is_negated(tokens):
        return [], []
    for k in range(1, len(tokens)):
        if f"{tokens[k - 1]} {tokens[k]}" in _FRAMING:
            strong[owner[k]] = False  # "Looking ahead, on 1 January": no date starts there
    dates: list[tuple[int, int]] = []  # first and last word of each date
    labels: list[list[tuple[int, int]]] = []
    for first, last, before, followed in _runs_at(tokens):
        last -= _label_tail(tokens[first:last], followed)
        where = _date_in_run(tokens[first:last], before, followed, tokens)
        if where is None:
            continue
        skip, label = where
        lo, hi = owner[first + skip], owner[last - 1]
        if label:
            labels.append([(start + words[lo][0], start + words[hi][1])])
            continue
        i = lo
        while i <= hi:
            if strong[i]:
                for j in range(min(hi, i + _MOST_WORDS - 1), i - 1, -1):
                    if not strong[j]:
                        continue
                    try:
                        _read_phrase(clause[words[i][0] : words[j][1]], ctx)
                    except _Problem:
                        continue
                    dates.append((i, j))
                    i = j
                    break
            i += 1
    kept: list[list[tuple[int, int]]] = []

    def date_tokens(i: int, j: int) -> list[str]:
        return tokens[owner.index(i) : len(owner) - owner[::-1].index(j)]

    days = set()  # the weekdays of the days named: "by 1.7.2025, which is on Tuesday"
    for i, j in dates:
        if not _bare_weekday(date_tokens(i, j)):
            span = _read_phrase(clause[words[i][0] : words[j][1]], ctx)
            if span[0] == span[1]:
                days.add(span[0].weekday())
    for n, (i, j) in enumerate(dates):
        lo = max(dates[n - 1][1] + 1 if n else 0, i - 3)
        hi = min(dates[n + 1][0] - 1 if n + 1 < len(dates) else len(words) - 1, j + 3)
        around = " ".join(_tokens(masked[words[lo][0] : words[hi][1]]))
        if _DAY_HEDGE_RE.search(masked[words[lo][0] : words[hi][1]]):
            phrase = clause[words[i][0] : words[j][1]]
            span = _read_phrase(phrase, ctx)
            if span[0] == span[1]:  # "no earlier than 1 October 2026": the day
                around = " ".join(
                    _tokens(_DAY_HEDGE_RE.sub(" ", masked[words[lo][0] : words[hi][1]]))
                )
        rest = clause[words[i][0] : words[dates[n + 1][0] - 1][1] if n + 1 < len(dates) else None]
        first = owner.index(i)
        last = len(owner) - owner[::-1].index(j)
        if _bare_weekday(tokens[first:last]) and (
            _read_phrase(clause[words[i][0] : words[j][1]], ctx)[0].weekday() in days
            or (n and dates[n - 1][1] == i - 1)
            or (n + 1 < len(dates) and dates[n + 1][0] == j + 1)
            or _past_near(tokens, first, last)
        ):
            # "14 March (Friday)", "tomorrow (Friday)": the weekday of the day beside it;
            # "the HKMA said on Monday": the day it happened (read alone, the next one)
            continue
        if _open_or_vague(around) is not None or _dateless_event(rest, ctx) is not None:
            continue
        kept.append([(start + words[k][0], start + words[j][1]) for k in range(i, j + 1)])
    return kept, labels
