"""Finding initiatives by what users call them (id, slug, uuid prefix) and finding
a free slug."""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from tracker.domain.model import check_text
from tracker.errors import AmbiguousRefError, NotFoundError
from tracker.storage import repository as repo

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
    suggestions = repo.similar_slugs(conn, lowered)
    hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
    raise NotFoundError(f"no initiative matches {ref!r}{hint}")


def unique_slug(conn: sqlite3.Connection, base: str, rows: bulk.Rows | None = None) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free first."""
    slug, n = base, 2
    while (
        repo.slug_exists(conn, slug)
        or slug.isdigit()
        or (rows is not None and rows.taken(slug=slug))
    ):
        slug = f"{base}-{n}"
        n += 1
    return slug
