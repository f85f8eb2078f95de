"""Finding initiatives by what users call them (id, slug, uuid prefix) and finding
a free slug."""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from tracker.domain.model import check_text, slugify
from tracker.domain.romanise import has_han
from tracker.errors import AmbiguousRefError, InputError, NotFoundError
from tracker.storage import repository as repo
from tracker.storage.connection import leave_note

if TYPE_CHECKING:
    from tracker.storage import bulk

_UUID_PREFIX = re.compile(r"^[0-9a-f-]{4,36}$")


def resolve_id(conn: sqlite3.Connection, ref: str) -> int:
    text = ref.strip()
    check_text(ref, "REF", max_len=200)
    if not text:
        raise NotFoundError(f"no initiative matches {ref!r}")
    if text.isascii() and text.isdigit():
        found = repo.id_by_id(conn, int(text)) if len(text) < 19 else None
        if found is not None:
            return found
    found = repo.id_by_slug(conn, text)
    if found is not None:
        return found
    found = id_by_old_slug(conn, text)
    if found is not None:
        return found
    lowered = text.lower()
    if _UUID_PREFIX.match(lowered):
        matches = repo.ids_by_uuid_prefix(conn, lowered)
        if len(matches) == 1:
            only: int = matches[0][0]
            return only
        if len(matches) > 1:
            names = ", ".join(slug for _, slug in matches[:5])
            more = " and more" if len(matches) > 5 else ""
            raise AmbiguousRefError(f"{ref!r} matches several initiatives: {names}{more}")
    # a title in Chinese is compared as the slug it would make (北部都会区: bei-bu-du-hui-qu)
    suggestions = nearest_slugs(conn, slugify(text) if has_han(text) else lowered)
    hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
    raise NotFoundError(f"no initiative matches {ref!r}{hint}")


#: A mistyped REF's suggestions: at most this many, each alike by rapidfuzz's ratio at
#: least RATIO_CUTOFF of 100 (a typo: ``sz-low-altitde``), or containing it all but a
#: letter (partial ratio at least PARTIAL_CUTOFF; a REF of 2 characters or more:
#: ``bridging``). Ratio's matches come first, each group best first.
SUGGESTIONS = 3
RATIO_CUTOFF = 60
PARTIAL_CUTOFF = 90


def nearest_slugs(conn: sqlite3.Connection, text: str) -> list[str]:
    """The slugs most like ``text``, best first: its current slug for an old slug like
    it. The names compared are read from the slug index and the old slugs (no history);
    rapidfuzz compares them in C: 35 to 55 ms at 100,000 initiatives."""
    from rapidfuzz import fuzz, process  # only when a REF matches nothing

    candidates = repo.slug_candidates(conn)
    names = [name for name, _ in candidates]
    many = SUGGESTIONS * 4  # ties are ordered by slug below, not by where rows came
    slugs: dict[str, None] = {}
    for scorer, cutoff in ((fuzz.ratio, RATIO_CUTOFF), (fuzz.partial_ratio, PARTIAL_CUTOFF)):
        if len(slugs) >= SUGGESTIONS or len(text) < 2:
            break  # the partial ratio only fills what the ratio left
        found = process.extract(text, names, scorer=scorer, limit=many, score_cutoff=cutoff)
        for _, _, index in sorted(found, key=lambda hit: (-hit[1], hit[0])):
            slugs[candidates[index][1]] = None
    return list(slugs)[:SUGGESTIONS]


def id_by_old_slug(conn: sqlite3.Connection, slug: str) -> int | None:
    """The initiative ``slug`` named before a rename: it names it still, and a note for
    the user says what its slug is now."""
    found = repo.id_by_alias(conn, slug)
    if found is not None:
        leave_note(conn, f"{slug} was renamed: its slug is now {repo.slug_of(conn, found)}")
    return found


def unique_slug(conn: sqlite3.Connection, base: str, rows: bulk.Rows | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free first: held by no
    initiative, and no initiative's old slug (an old slug keeps naming its initiative)."""
    slug, n = base, 2
    while (
        repo.slug_reserved(conn, slug) is not None
        or slug.isdigit()
        or (rows is not None and rows.taken(slug=slug))
    ):
        slug = f"{base}-{n}"
        n += 1
    return slug


def check_slug_free(conn: sqlite3.Connection, slug: str, initiative_id: int = 0) -> None:
    """Refuse ``slug`` for a new slug if another initiative holds it, or held it before
    a rename (its old slug keeps naming it); ``initiative_id`` may take back its own."""
    holder = repo.slug_reserved(conn, slug, initiative_id)
    if holder is None:
        return
    current = repo.slug_of(conn, holder)
    if current == slug:
        used = "used by another initiative" if initiative_id else "used; choose another with --slug"
        raise InputError(f"slug {slug!r} is already {used}")
    raise InputError(
        f"slug {slug!r} is the old slug of {current} and still names it; choose another with --slug"
    )
