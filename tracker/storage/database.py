"""Finding and opening the tracker database file.

:func:`open_database` opens (creating if needed) the file at ``--db``,
``$TRACKER_DB`` or the user data folder and brings its schema up to date;
:func:`open_existing` opens a file as it is. The connection itself, its
transactions and its error translation are :mod:`tracker.storage.connection`'s
(re-exported here, where callers have always found them).
"""

from __future__ import annotations

import os
from pathlib import Path

from tracker.errors import InputError, SchemaTooNewError, UnusableError
from tracker.storage.connection import (
    DEFAULT_BUSY_TIMEOUT,
    READ_CACHE_KIB,
    WRITE_CACHE_KIB,
    Database,
    busy_timeout_from_env,
    connect,
    copy_database,
    describe_sqlite_error,
    is_busy,
    sqlite_errors,
)


def default_path() -> Path:
    """``tracker.db`` in the user data directory (platformdirs)."""
    import platformdirs

    return platformdirs.user_data_path("tracker", appauthor=False) / "tracker.db"


def resolve_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The database path: ``explicit`` (``--db``), else ``$TRACKER_DB``, else the default."""
    if explicit:
        return expand_user(explicit)
    env = os.environ.get("TRACKER_DB")
    if env:
        return expand_user(env)
    return default_path()


def expand_user(path: str | os.PathLike[str]) -> Path:
    """``~`` and ``~user`` expanded; a user with no home folder is bad input, not a bug."""
    try:
        return Path(path).expanduser()
    except RuntimeError:
        raise InputError(f"cannot find the home folder in {os.fspath(path)!r}") from None


def open_database(
    path: str | os.PathLike[str] | None = None, *, busy_timeout: float | None = None
) -> Database:
    """Open the tracker database at ``path`` (see :func:`resolve_path`), migrating it if needed.

    Raises :class:`SchemaTooNewError` for a database written by a newer tracker and
    :class:`UnusableError` for anything that is not a usable SQLite file.
    """
    from tracker.storage import migrations, search

    resolved = resolve_path(path)
    conn = connect(resolved, busy_timeout=busy_timeout)
    db = Database(resolved, conn)
    try:
        with sqlite_errors(resolved):
            migrations.ensure_current(db)
            db.hooks.append(search.Watcher(conn))
    except BaseException:
        conn.close()
        raise
    return db


def open_existing(
    path: str | os.PathLike[str] | None = None, *, busy_timeout: float | None = None
) -> Database:
    """Open a database file that must already exist, as it is: no migration (for
    ``tracker check`` and ``tracker backup``, which must see an old file unchanged)."""
    resolved = resolve_path(path)
    if not resolved.exists():
        raise UnusableError(f"no database at {resolved} (create one with 'tracker init')")
    return Database(resolved, connect(resolved, busy_timeout=busy_timeout, as_it_is=True))


__all__ = [
    "DEFAULT_BUSY_TIMEOUT",
    "READ_CACHE_KIB",
    "WRITE_CACHE_KIB",
    "Database",
    "SchemaTooNewError",
    "busy_timeout_from_env",
    "connect",
    "copy_database",
    "describe_sqlite_error",
    "expand_user",
    "is_busy",
    "open_database",
    "open_existing",
    "resolve_path",
    "sqlite_errors",
]
