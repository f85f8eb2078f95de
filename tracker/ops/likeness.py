"""Titles alike: what ``tracker add`` warns about (an initiative already tracked under
a near-identical title). Two titles are alike when, folded (Unicode compatibility
forms, traditional Chinese as simplified through OpenCC, case, and punctuation and
spacing: :func:`fold_all`), they are the same or rapidfuzz's ratio between them is
:data:`TITLE_LIKENESS` or more."""

from __future__ import annotations

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


def alike_titles(t: Session, title: str, exclude: int | None = None) -> list[tuple[str, str, int]]:
    """The initiatives (but ``exclude``) whose title is alike ``title``, as (slug, title,
    likeness 0-100), the most alike first: at most :data:`NAMED`. Every title is read
    and compared (100,000 in about 0.1 s)."""
    from rapidfuzz import fuzz, process

    with t.db.read() as conn:
        cursor = conn.cursor()
        cursor.row_factory = None  # plain tuples: 100,000 rows
        rows = [
            row for row in cursor.execute("SELECT id, title FROM initiatives") if row[0] != exclude
        ]
        if not rows:
            return []
        wanted, *folded = fold_all([title, *(row[1] for row in rows)])
        found = process.extract(
            wanted, folded, scorer=fuzz.ratio, limit=NAMED * 4, score_cutoff=TITLE_LIKENESS
        )
        hits = [(repo.slug_of(conn, rows[i][0]), rows[i][1], round(score)) for _, score, i in found]
    return sorted(hits, key=lambda hit: (-hit[2], hit[0]))[:NAMED]
