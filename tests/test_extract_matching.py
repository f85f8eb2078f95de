"""Matching candidates against the tracked initiatives: the shortcuts that make it fast
(rapidfuzz's score cutoff, quotes left out by their characters) give exactly what
comparing every title and quote in turn gives."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from tracker.extraction.engine import Candidate
from tracker.extraction.matching import (
    MATCH_SCORE,
    Known,
    Match,
    Tracked,
    _key,
    _may_reach,
    _Profile,
)
from tracker.extraction.reading import Document

#: Few letters, so that texts share many: likenesses near every threshold.
_TEXT = st.text(alphabet="ab cde.港深圳计划", min_size=0, max_size=90)


def _reference(candidate: Candidate, known: list[Known], threshold: float) -> Match | None:
    """The rule as first written: every title and every quote compared, in turn."""
    title, quote = _key(candidate.title), _key(candidate.quote)
    best: Match | None = None
    for item in known:
        score = fuzz.token_set_ratio(title, item.title_key) * 0.95
        for other in item.quote_keys:
            if min(len(quote), len(other)) >= 30:
                score = max(score, fuzz.partial_ratio(quote, other))
        if score >= threshold and (best is None or score > best.score):
            best = Match(item.slug, round(score, 1))
    return best


def _candidate(title: str, quote: str) -> Candidate:
    return Candidate(
        title=title,
        kind="measure",
        status="announced",
        sponsors=(),
        jurisdictions=(),
        tags=(),
        deadline=None,
        quote=quote,
        start=0,
        end=len(quote),
        score=1.0,
        article=Document(quote, published=date(2026, 1, 1)),
    )


@settings(max_examples=300, deadline=None)
@given(one=_TEXT, other=_TEXT, threshold=st.sampled_from([1.0, 50.0, 66.7, 80.0, 95.0]))
def test_a_quote_left_out_could_not_have_reached_the_threshold(one, other, threshold):
    if not _may_reach(_Profile.of(one), _Profile.of(other), threshold):
        assert fuzz.partial_ratio(one, other) < threshold


@settings(max_examples=150, deadline=None)
@given(
    title=_TEXT,
    quote=_TEXT,
    tracked=st.lists(st.tuples(_TEXT, st.lists(_TEXT, max_size=3)), max_size=6),
    threshold=st.sampled_from([50.0, 80.0, 95.0]),
)
def test_the_best_match_is_the_one_comparing_every_pair_gives(title, quote, tracked, threshold):
    known = [Known(f"i-{n}", t, tuple(q)) for n, (t, q) in enumerate(tracked)]
    candidate = _candidate(title, quote)
    assert Tracked(known).best(candidate, threshold) == _reference(candidate, known, threshold)


def test_ties_and_rounding_as_in_turn() -> None:
    """Equal likeness: the first in slug order; a later one wins only by beating the
    first's rounded score, as comparing them in turn did."""
    quote = "The government will launch a bridging programme for graduates in late 2025."
    known = [
        Known("a-first", "Something else entirely", (quote,)),
        Known("b-second", "Another thing", (quote,)),
        Known("c-third", "Launch bridging programme", ()),
    ]
    candidate = _candidate("Launch bridging programme", quote)
    expected = _reference(candidate, known, MATCH_SCORE)
    assert expected == Match("a-first", 100.0)
    assert Tracked(known).best(candidate) == expected
    chinese = "香港特区政府将于二零二六年推出新的人才计划\uff0c吸引海外专才来港发展。"
    known = [Known("hk-talent", "人才计划", (chinese * 2,)), Known("other", "无关", ("无关" * 20,))]
    candidate = _candidate("推出人才计划", chinese)
    assert Tracked(known).best(candidate) == _reference(candidate, known, MATCH_SCORE)
    assert Tracked(known).best(candidate) == Match("hk-talent", 100.0)
