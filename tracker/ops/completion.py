"""Shell completion's look-ups: quick, read-only, and never loud.

The command line asks these while a shell completes a word, so they open the
database file only if it exists, wait at most a millisecond for a lock, and give
no suggestions (never an error) when anything goes wrong.
"""

from __future__ import annotations

import os

#: At most this many suggestions.
LIMIT = 50


def slugs(database: str | os.PathLike[str] | None, prefix: str, limit: int = LIMIT) -> list[str]:
    """The slugs that start with ``prefix``, in order (at most ``limit``), from the
    database at ``database`` (None: the default one); [] if there is none or it fails."""
    try:
        from tracker.storage.database import connect, resolve_path

        path = resolve_path(None if database is None else os.fspath(database))
        if not path.exists():
            return []
        conn = connect(path, busy_timeout=1)
        try:
            rows = conn.execute(
                "SELECT slug FROM initiatives WHERE slug >= ? AND slug < ? ORDER BY slug LIMIT ?",
                [prefix, prefix + "\uffff", limit],
            )
            return [row[0] for row in rows]
        finally:
            conn.close()
    except Exception:
        return []
