"""Titles alike: what ``tracker add`` warns about (an initiative already tracked under
a near-identical title), looked for among the titles next to it in alphabetical order.
Two titles are alike when, folded (Unicode compatibility forms, traditional Chinese as
simplified through OpenCC, case, and punctuation and spacing: :func:`fold_all`), they
are the same or rapidfuzz's ratio between them is :data:`TITLE_LIKENESS` or more."""

from __future__ import annotations

import re
import unicodedata

from tracker.domain.romanise import has_han
from tracker.ops.session import Session
from tracker.storage import repository as repo

#: How alike (rapidfuzz's ratio of the folded titles, 0-100) a title must be to warn.
#: 90: "Northern Metropolis plan" and "Northern Metropolis plans" (98) are alike,
#: "Wealth Connect 2.0" and "Wealth Connect 3.0" (94) too; "Wealth Connect" and
#: "Wealth Management Connect" (72) are not.
TITLE_LIKENESS = 90

#: At most this many are named.
NAMED = 3

_SEPARATOR = "\x1f"  # between titles folded together (titles are single lines)


def fold_all(titles: list[str]) -> list[str]:
    """Each title as titles are compared: compatibility forms (full-width letters,
    ligatures) made plain, traditional Chinese as simplified, case folded, punctuation
    and spaces left out (``Hong Kong-Shenzhen hub`` -> ``hongkongshenzhenhub``). Unicode
    and OpenCC are called once for all of them, rapidfuzz's own folding (C) on each."""
    from rapidfuzz.utils import default_process

    text = unicodedata.normalize(
        "NFKC", _SEPARATOR.join(t.replace(_SEPARATOR, " ") for t in titles)
    )
    if has_han(text):
        from tracker.extraction.script import simplified  # only for Chinese

        text = simplified(text)
    return [default_process(part).replace(" ", "") for part in text.split(_SEPARATOR)]


#: The titles compared: this many each side of the new one in alphabetical order, for
#: each way of writing it (:func:`_probes`).
EACH_SIDE = 50


def _probes(title: str) -> list[str]:
    """Where to look for titles alike ``title`` in alphabetical order: the title as
    given, with its punctuation as spaces (``Dual-qualification`` sorts apart from
    ``Dual qualification``), and in simplified script."""
    plain = unicodedata.normalize("NFKC", title)
    probes = [title, " ".join(re.sub(r"[\W_]+", " ", plain).split())]
    if has_han(plain):
        from tracker.extraction.script import simplified  # only for Chinese

        probes.append(simplified(plain))
    return list(dict.fromkeys(probe for probe in probes if probe))


def alike_titles(t: Session, title: str, exclude: int | None = None) -> list[tuple[str, str, int]]:
    """The initiatives (but ``exclude``) whose title is alike ``title``, as (slug, title,
    likeness 0-100), the most alike first: at most :data:`NAMED`. Compared: the titles
    next to it in alphabetical order (:data:`EACH_SIDE` each side, read from the title
    index for each of :func:`_probes`), so the cost does not grow with the database;
    a title alike but for its first characters can be missed."""
    from rapidfuzz import fuzz, process

    with t.db.read() as conn:
        near = {
            initiative_id: other
            for probe in _probes(title)
            for initiative_id, other in repo.titles_near(conn, probe, EACH_SIDE)
            if initiative_id != exclude
        }
        if not near:
            return []
        ids = list(near)
        wanted, *folded = fold_all([title, *near.values()])
        found = process.extract(
            wanted, folded, scorer=fuzz.ratio, limit=NAMED * 4, score_cutoff=TITLE_LIKENESS
        )
        hits = [(repo.slug_of(conn, ids[i]), near[ids[i]], round(score)) for _, score, i in found]
    return sorted(hits, key=lambda hit: (-hit[2], hit[0]))[:NAMED]
