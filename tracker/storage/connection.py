"""The connection layer: opening a SQLite file with tracker's settings, running
transactions on it, translating SQLite's errors, and copying a live file.

Every connection gets WAL journaling, a busy timeout and foreign keys. Every
write goes through :meth:`Database.write`, which opens ONE transaction with
``BEGIN IMMEDIATE``: the write lock is taken before anything is read, so two
processes that read-then-write can never interleave and lose an update (a
deferred ``BEGIN``, which sqlite-utils' ``db.atomic()`` uses, would let both
read, then fail or overwrite each other on upgrade to a write lock).

SQLite errors are translated here into :class:`tracker.errors.UnusableError`
so the layers above see only the project's own exceptions.

This module imports nothing else of tracker's storage: :mod:`.database` (finding
and opening the file), :mod:`.migrations` and :mod:`.maintenance` all build on it,
so they never import each other in a circle.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from tracker.errors import DatabaseBusyError, UnusableError

if TYPE_CHECKING:
    import sqlite_utils

#: Seconds a command waits for another process's write lock before giving up.
DEFAULT_BUSY_TIMEOUT = 10.0


def busy_timeout_from_env() -> float:
    raw = os.environ.get("TRACKER_BUSY_TIMEOUT")
    if not raw:
        return DEFAULT_BUSY_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        raise UnusableError(
            f"TRACKER_BUSY_TIMEOUT must be a number of seconds, not {raw!r}"
        ) from None
    if not 0 <= value <= 3600:
        raise UnusableError(f"TRACKER_BUSY_TIMEOUT must be between 0 and 3600 seconds, not {raw}")
    return value


def is_busy(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text


def describe_sqlite_error(error: sqlite3.Error, path: Path) -> UnusableError:
    """Turn a SQLite error into a one-line, user-facing :class:`UnusableError`."""
    if is_busy(error):
        return DatabaseBusyError(
            f"database is busy, try again: another process held {path} for too long"
        )
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    if "not a database" in text or "malformed" in text:
        return UnusableError(f"{path} is not a usable tracker database ({text})")
    if "readonly" in text or "read-only" in text:
        return UnusableError(f"cannot write to {path}: the file or its folder is read-only")
    if "disk is full" in text or "database or disk is full" in text:
        return UnusableError(f"cannot write to {path}: disk is full")
    if "unable to open" in text:
        return UnusableError(f"cannot open database at {path}: {text}")
    return UnusableError(f"database error in {path}: {text}")


@contextlib.contextmanager
def sqlite_errors(path: Path) -> Iterator[None]:
    """Translate any SQLite error raised inside the block."""
    try:
        yield
    except sqlite3.Error as error:
        raise describe_sqlite_error(error, path) from error


class WriteHook(Protocol):
    """Work every write transaction does: at its start, and just before it commits
    (the search index keeps in step this way: :mod:`tracker.storage.search`).
    ``attach`` makes its temporary tables and triggers on the connection again after
    :meth:`Database.write` has dropped them (once, before the first write)."""

    def attach(self, conn: sqlite3.Connection) -> None: ...

    def begin(self, conn: sqlite3.Connection) -> None: ...

    def before_commit(self, conn: sqlite3.Connection) -> None: ...


class Connection(sqlite3.Connection):
    """tracker's sqlite3 connection: it also keeps the notes a command's look-ups leave
    for the user (a REF that named an initiative by its old slug), which the command
    line prints on standard error once the command has succeeded."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notices: dict[str, None] = {}  # ordered, each once


def leave_note(conn: sqlite3.Connection, text: str) -> None:
    """A note for the user, kept on the connection (see :class:`Connection`)."""
    if isinstance(conn, Connection):
        conn.notices[text] = None


class Database:
    """One open tracker database: a sqlite3 connection plus transaction helpers.

    Use :func:`open_database` to get one with the schema brought up to date.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self._utils: sqlite_utils.Database | None = None
        #: Where the file was copied before this open migrated it (None if it was not).
        self.migration_backup: Path | None = None
        #: Run inside every write transaction (:class:`WriteHook`).
        self.hooks: list[WriteHook] = []
        self._temp_in_memory = False

    @property
    def utils(self) -> sqlite_utils.Database:
        """A sqlite-utils view of the same connection, created on first use."""
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._utils

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, begun IMMEDIATE; rolled back on any exception."""
        with sqlite_errors(self.path):
            # The default page cache (2 MB) thrashes when a batch touches rows all over
            # a large file; a write gets 64 MB (held only as pages are used), and gives
            # it back after, so a long report does not keep it.
            self.conn.execute(f"PRAGMA cache_size = {WRITE_CACHE_KIB}")
            if not self._temp_in_memory:
                # Each statement of a transaction keeps the pages it changes in a
                # statement journal (to undo that statement alone), a temporary file
                # past 64 KiB: in memory, a bulk write makes no system call per page
                # (apply of 100,000 updates: 2.5 million writes, 1.6 s of CPU). The
                # switch drops the connection's temporary tables and triggers: the
                # hooks make theirs again. Reads keep their sorts on disk.
                self.conn.execute("PRAGMA temp_store = MEMORY")
                self._temp_in_memory = True
                for hook in self.hooks:
                    hook.attach(self.conn)
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                try:
                    for hook in self.hooks:
                        hook.begin(self.conn)
                    yield self.conn
                    for hook in self.hooks:
                        hook.before_commit(self.conn)
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
                self.conn.execute("COMMIT")
            finally:
                self.conn.execute(f"PRAGMA cache_size = {READ_CACHE_KIB}")

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside sees one consistent snapshot."""
        with sqlite_errors(self.path):
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")

    @property
    def notices(self) -> list[str]:
        """The notes this database's look-ups left for the user, in order (each once)."""
        return list(self.conn.notices) if isinstance(self.conn, Connection) else []

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: The page cache of a write transaction, and of everything else (SQLite's default), in
#: KiB as PRAGMA cache_size takes it (negative).
WRITE_CACHE_KIB = -65536
READ_CACHE_KIB = -2000


def connect(
    path: Path, *, busy_timeout: float | None = None, as_it_is: bool = False
) -> sqlite3.Connection:
    """Open (creating if needed) the file with tracker's connection settings.

    ``as_it_is``: leave the file's journal mode alone (``check``, ``backup``: a
    backup copy must stay one self-contained file)."""
    timeout = busy_timeout_from_env() if busy_timeout is None else busy_timeout
    if path.exists() and path.is_dir():
        raise UnusableError(f"cannot open database at {path}: it is a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason = error.strerror or str(error)
        blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            reason = f"{blocker} is a file, not a folder"
        raise UnusableError(f"cannot create folder for database {path}: {reason}") from error
    with sqlite_errors(path):
        # isolation_level=None: no implicit transactions; we issue BEGIN/COMMIT ourselves.
        conn: sqlite3.Connection = sqlite3.connect(
            path, timeout=timeout, isolation_level=None, factory=Connection
        )
        conn.row_factory = sqlite3.Row
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA foreign_keys = ON")
            try:
                mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
            except sqlite3.OperationalError as error:
                if not _read_only_folder(error, path):
                    raise
                conn.close()
                conn = _open_immutable(path)
                mode = "wal"
            if mode.lower() != "wal" and not as_it_is:
                try:
                    conn.execute("PRAGMA journal_mode = WAL")
                except sqlite3.OperationalError as error:
                    # A read-only file can still be read; writes will say why they fail.
                    if "readonly" not in str(error):
                        raise
        except BaseException:
            conn.close()
            raise
    return conn


def _read_only_folder(error: sqlite3.OperationalError, path: Path) -> bool:
    """A WAL database in a folder we may not write: SQLite cannot make its ``-shm``
    file, so even reading fails, unless nothing is waiting in a ``-wal`` file."""
    return (
        getattr(error, "sqlite_errorname", "") == "SQLITE_READONLY_DIRECTORY"
        and not Path(f"{path}-wal").exists()
    )


def _open_immutable(path: Path) -> sqlite3.Connection:
    """Open read-only as an immutable file: in a folder no one can write, no one can
    be changing it (a writer would need its -wal file there). Writes fail as read-only."""
    from urllib.parse import quote

    conn = sqlite3.connect(
        f"file:{quote(str(path))}?mode=ro&immutable=1",
        uri=True,
        isolation_level=None,
        factory=Connection,
    )
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def copy_database(source_path: Path, target: Path) -> None:
    """Write a consistent copy of the database at ``source_path`` to ``target``, atomically.

    It reads through a connection of its own, in one step: one read snapshot, which
    writers in other processes (WAL) do not disturb, and which works while the caller's
    connection holds the write lock (a pre-migration copy).
    """
    import tempfile  # only copies need it: kept off the start-up path

    folder = target.parent
    if not folder.is_dir():
        raise UnusableError(f"cannot write {target}: folder {folder} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise UnusableError(f"cannot write {target}: {error.strerror or error}") from None
    os.close(handle)
    try:
        # tracker's own opening (a WAL file in a read-only folder too), as it is
        with (
            contextlib.closing(connect(source_path, as_it_is=True)) as source,
            contextlib.closing(sqlite3.connect(temporary, isolation_level=None)) as copy,
        ):
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise UnusableError(f"the copy of {source_path} did not pass its check")
        os.chmod(temporary, source_path.stat().st_mode & 0o777)  # mkstemp made it 0600
        os.replace(temporary, target)
    except sqlite3.Error as error:
        text = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UnusableError(f"cannot copy {source_path} to {target}: {text}") from None
    except OSError as error:
        raise UnusableError(f"cannot write {target}: {error.strerror or error}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
