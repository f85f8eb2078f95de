"""Is a candidate one of the initiatives already tracked? Its title against theirs,
and its quote against the sentences their sources quote (rapidfuzz), Chinese folded
to one script first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from tracker.extraction.engine import Candidate, fold

#: The score (0-100) from which a candidate is taken for a tracked initiative.
MATCH_SCORE = 80.0


@dataclass(frozen=True)
class Known:
    """A tracked initiative as matching sees it; its title and quotes are folded once,
    whatever the number of candidates compared with it."""

    slug: str
    title: str
    quotes: tuple[str, ...] = ()

    @cached_property
    def title_key(self) -> str:
        return _key(self.title)

    @cached_property
    def quote_keys(self) -> tuple[str, ...]:
        return tuple(_key(q) for q in self.quotes if q)


@dataclass(frozen=True)
class Match:
    slug: str
    score: float


def _key(text: str) -> str:
    return " ".join(fold(text).lower().split())


#: Quotes shorter than this (either of the two) are not compared: too short to mean much.
_QUOTE_MIN = 30


class Tracked:
    """The tracked initiatives, ready to be compared with many candidates: their titles
    and quotes folded once, and for each quote what :func:`_may_reach` needs to leave
    out, without comparing them, the quotes that cannot be alike enough."""

    def __init__(self, known: Sequence[Known]) -> None:
        self.slugs = [item.slug for item in known]
        self.titles = [item.title_key for item in known]
        pairs = [
            (number, quote)
            for number, item in enumerate(known)
            for quote in item.quote_keys
            if len(quote) >= _QUOTE_MIN
        ]
        self.owners = [number for number, _ in pairs]
        self.quotes = [quote for _, quote in pairs]
        self.profiles = [_Profile.of(quote) for quote in self.quotes]

    def best(self, candidate: Candidate, threshold: float = MATCH_SCORE) -> Match | None:
        """The tracked initiative the candidate most looks like, if it looks like one
        enough: the better of its title's likeness to the initiative's title (token set
        ratio: the words in common, whatever their order, counting 95%) and its quote's
        to a quote of the initiative's sources (the quoted sentence contains, or is
        contained in, the other: partial ratio, on quotes of 30 characters or more).
        Of equal likeness, the first in the order given (slug order).

        Only likenesses of ``threshold`` or more can decide, so rapidfuzz computes no
        other exactly (``score_cutoff``), and a quote whose characters cannot make one
        is not compared at all: the result is the same as comparing every pair."""
        from rapidfuzz import fuzz, process

        title, quote = _key(candidate.title), _key(candidate.quote)
        scores: dict[int, float] = {}
        for _, ratio, number in process.extract(
            title,
            self.titles,
            scorer=fuzz.token_set_ratio,
            processor=None,
            limit=None,
            score_cutoff=max(0.0, threshold / 0.95 - 0.01),
        ):
            score = ratio * 0.95
            if score >= threshold:
                scores[number] = score
        if len(quote) >= _QUOTE_MIN:
            mine = _Profile.of(quote)
            for other, profile, number in zip(self.quotes, self.profiles, self.owners, strict=True):
                if not _may_reach(mine, profile, threshold):  # cannot reach: not compared
                    continue
                score = fuzz.partial_ratio(quote, other, processor=None, score_cutoff=threshold)
                if score >= threshold and score > scores.get(number, 0.0):
                    scores[number] = score
        best: Match | None = None
        for number in sorted(scores):  # as each were compared in turn, in the given order
            score = scores[number]
            if best is None or score > best.score:
                best = Match(self.slugs[number], round(score, 1))
        return best


@dataclass(frozen=True)
class _Profile:
    """A text and what bounds its likeness to another cheaply: its length and how many
    of its characters are ASCII."""

    text: str
    length: int
    ascii: int

    @classmethod
    def of(cls, text: str) -> _Profile:
        return cls(text, len(text), len(text.encode("ascii", "ignore")))


def _may_reach(one: _Profile, other: _Profile, threshold: float) -> bool:
    """Whether the partial ratio of the two texts can be ``threshold`` or more.

    The partial ratio compares the shorter text (``m`` characters) with pieces of the
    longer of at most ``m`` characters (``k``): ``200 * L / (m + k)``, ``L`` the length
    of their longest common subsequence. ``L`` is at most the longest common
    subsequence of the two whole texts, and at most ``k``, so the ratio is at most
    ``200 * C / (m + C)`` for any ``C`` at least that. ``C`` is first bounded by the
    ASCII characters and the others apart (an English quote and a Chinese one share
    few), then computed (bit-parallel, about a microsecond for two sentences: the
    partial ratio takes some forty)."""
    if threshold <= 0:
        return True
    m = min(one.length, other.length)
    need = threshold * m - 1e-6

    def reaches(common: int) -> bool:
        return common * (200 - threshold) >= need

    classes = min(one.ascii, other.ascii) + min(one.length - one.ascii, other.length - other.ascii)
    if not reaches(classes):
        return False
    from rapidfuzz.distance import LCSseq

    return reaches(int(LCSseq.similarity(one.text, other.text)))
