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


def best_match(
    candidate: Candidate, known: Sequence[Known], threshold: float = MATCH_SCORE
) -> Match | None:
    """The tracked initiative the candidate most looks like, if it looks like one
    enough: the better of its title's likeness to the initiative's title (token set
    ratio: the words in common, whatever their order) and its quote's to a quote of
    the initiative's sources (the quoted sentence contains, or is contained in,
    the other: partial ratio, on quotes long enough to mean something)."""
    from rapidfuzz import fuzz

    title, quote = _key(candidate.title), _key(candidate.quote)
    best: Match | None = None
    for item in known:
        score = fuzz.token_set_ratio(title, item.title_key) * 0.95
        for other in item.quote_keys:
            shorter = min(len(quote), len(other))
            if shorter >= 30:
                score = max(score, fuzz.partial_ratio(quote, other))
        if score >= threshold and (best is None or score > best.score):
            best = Match(item.slug, round(score, 1))
    return best
