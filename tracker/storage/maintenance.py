"""Looking after the database file: ``tracker check`` and ``tracker backup``.

:func:`check` runs SQLite's own checks (``integrity_check``, ``foreign_key_check``,
the full-text index's ``integrity-check``) and tracker's: the schema version and its
recorded migrations, and rows that make no sense on their own (an initiative
without its ``created`` entry, a name list column out of step with its links).

:func:`backup` copies a live database with SQLite's online backup API: a consistent
snapshot even while other processes write, written to a temporary file beside the
destination and renamed into place, so a failed backup leaves no partial file.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tracker.domain import replay
from tracker.domain.windows import parse_iso_window
from tracker.errors import InputError, UnusableError
from tracker.storage import browse, links, migrations
from tracker.storage import repository as repo
from tracker.storage.connection import Database, copy_database, is_busy
from tracker.storage.database import expand_user

T = TypeVar("T")

#: At most this many problems of one kind are listed (with a count of the rest).
_SHOWN = 20


@dataclass
class CheckReport:
    """What :func:`check` found: ``problems`` is empty when all is well."""

    path: Path
    schema_version: int
    initiatives: int = 0
    updates: int = 0
    problems: list[str] = field(default_factory=list)
    #: Checks that could not run (e.g. the search index's, on a read-only file).
    skipped: list[str] = field(default_factory=list)
    #: With ``check --repair``: the initiatives rewritten from their history, and the
    #: copy of the file made before (None when nothing needed it).
    repaired: list[str] = field(default_factory=list)
    repair_backup: Path | None = None
    #: The database's replica id (``tracker sync``; None before schema 6).
    replica: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _listed(problems: list[str], rows: list[str], what: str) -> None:
    problems.extend(rows[:_SHOWN])
    if len(rows) > _SHOWN:
        problems.append(f"... and {len(rows) - _SHOWN} more {what}")


def check(db: Database) -> CheckReport:
    """Check the whole database inside one read snapshot; nothing is changed.

    A check that SQLite cannot finish (a page too damaged to read) is itself a problem,
    and the checks after it still run where they can. SQLite's integrity check runs on
    a second connection, in the same snapshot, while the others run (:class:`_Aside`).
    """
    conn = db.conn
    aside: _Aside | None = None
    try:
        with db.read():
            aside = _Aside.lined_up(conn)
            problems: list[str] = []
            version = _guarded(problems, "schema", migrations.schema_version, conn)
            report = CheckReport(db.path, -1 if version is None else version, problems=problems)
            current = report.schema_version == migrations.SCHEMA_VERSION
            steps = [("integrity", _check_integrity)] if aside is None else []
            steps += [("schema", _check_schema)]
            if _guarded(report.problems, "schema", _has_tables, conn):
                steps += [("foreign key", _check_keys), ("counts", _count_rows)]
                if current:  # the row checks read the current schema's columns
                    steps += [
                        ("rows", _check_rows),
                        ("history", _check_replay),
                        ("links", _check_links),
                    ]
                else:
                    report.skipped.append("rows and search index (the schema is not current)")
            else:
                report.problems.append("schema: there are no initiatives and updates tables")
                current = False
            first = len(report.problems)  # where the integrity check's problems go
            for name, step in steps:
                _guarded(report.problems, name, step, conn, report)
        if current:
            _check_search_index(conn, report)  # it sorts its own errors into problems and skips
        if aside is not None:
            report.problems[first:first] = aside.problems()
    finally:
        if aside is not None:
            aside.close()
    return report


#: Seconds :meth:`_Aside.lined_up` waits for the write lock (or a read) before the
#: integrity check runs on the main connection instead.
_LINE_UP_WAIT = 0.2


#: The page cache of the integrity check's connection, in KiB as PRAGMA cache_size takes
#: it (held only as pages are used): the check looks up each row in each index of its
#: table, and with SQLite's default 2 MB most look-ups read the file again (the bench's
#: applied.db, 190 MB: 1.7 s alone, 1.3 s with 16 MB; 64 MB gains no more).
_INTEGRITY_CACHE_KIB = -16000


class _Aside:
    """SQLite's integrity check, the longest check, on a second connection in a thread
    while the main connection runs the others: sqlite3 lets go of Python's lock while a
    statement runs, so on two cores they take about the time of the longer.

    Both connections read one snapshot: a third connection holds the write lock (``BEGIN
    IMMEDIATE``: no writer can commit) while each takes its snapshot with a first read,
    then lets go. Where that cannot be had (the journal is not WAL, the file or folder
    is read-only, another writer keeps the lock, an in-memory database), there is no
    aside and the integrity check runs on the main connection, first, as ever."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._found: list[str] = []
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="tracker check", daemon=True)

    @classmethod
    def lined_up(cls, main: sqlite3.Connection) -> _Aside | None:
        """The aside, started, in the snapshot ``main`` reads from now on; call it inside
        ``main``'s BEGIN, before ``main`` has read anything. None where it cannot be had."""
        aside = None
        try:
            file = next(row[2] for row in main.execute("PRAGMA database_list") if row[1] == "main")
            if not file:  # in memory: no second connection can reach it
                return None
            with contextlib.closing(_connect_beside(file)) as lock:
                if lock.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    return None
                lock.execute("BEGIN IMMEDIATE")  # no writer commits until the ROLLBACK
                try:
                    # A connection that cannot write (a read-only file) begins all the same
                    # but holds no lock: a write, undone by the ROLLBACK, proves it holds one.
                    version = lock.execute("PRAGMA user_version").fetchone()[0]
                    lock.execute(f"PRAGMA user_version = {int(version)}")
                    aside = cls(_connect_beside(file, threads=True))
                    aside.conn.execute(f"PRAGMA cache_size = {_INTEGRITY_CACHE_KIB}")
                    aside.conn.execute("BEGIN")
                    for conn in (aside.conn, main):  # a snapshot begins at the first read
                        conn.execute("PRAGMA schema_version").fetchone()
                finally:
                    lock.execute("ROLLBACK")
        except BaseException as error:
            if aside is not None:
                aside.conn.close()
            if isinstance(error, sqlite3.Error):
                return None
            raise
        aside._thread.start()
        return aside

    def _run(self) -> None:
        try:
            _guarded(self._found, "integrity", _integrity, self.conn, self._found)
        except BaseException as failure:  # not SQLite's: raised again in the main thread
            self._failure = failure

    def problems(self) -> list[str]:
        """Wait for the check: its problems, as :func:`_check_integrity` lists them."""
        self._thread.join()
        if self._failure is not None:
            raise self._failure
        return self._found

    def close(self) -> None:
        """Stop the check if it still runs (Ctrl-C, an error elsewhere) and close the
        connection, which ends its read."""
        while self._thread.is_alive():
            self.conn.interrupt()  # a no-op before its statement starts: so, again
            self._thread.join(0.05)
        self.conn.close()


def _connect_beside(file: str, *, threads: bool = False) -> sqlite3.Connection:
    """Another connection to the file the main one reads, which must exist; ``threads``:
    for use in a thread other than this one."""
    from urllib.parse import quote

    return sqlite3.connect(
        f"file:{quote(file)}?mode=rw",
        uri=True,
        timeout=_LINE_UP_WAIT,
        isolation_level=None,
        check_same_thread=not threads,
    )


def _guarded(problems: list[str], name: str, step: Callable[..., T], *args: Any) -> T | None:
    """Run one check; a SQLite error stopping it is listed as a problem."""
    try:
        return step(*args)
    except sqlite3.DatabaseError as error:
        problems.append(f"{name}: {error} (SQLite could not finish this check)")
        return None


def _check_integrity(conn: sqlite3.Connection, report: CheckReport) -> None:
    _integrity(conn, report.problems)


def _integrity(conn: sqlite3.Connection, problems: list[str]) -> None:
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        _listed(problems, [f"integrity: {text}" for text in integrity], "integrity errors")


def _count_rows(conn: sqlite3.Connection, report: CheckReport) -> None:
    report.initiatives = conn.execute("SELECT count(*) FROM initiatives").fetchone()[0]
    report.updates = conn.execute("SELECT count(*) FROM updates").fetchone()[0]
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'replica'").fetchone():
        report.replica = conn.execute("SELECT id FROM replica").fetchone()[0]


def _check_keys(conn: sqlite3.Connection, report: CheckReport) -> None:
    keys = [
        f"foreign key: {table}{'' if rowid is None else f' row {rowid}'} points to a"
        f" missing row of {parent}"
        for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check")
    ]
    _listed(report.problems, keys, "foreign key errors")


def _check_search_index(conn: sqlite3.Connection, report: CheckReport) -> None:
    """FTS5's own check of the search index against the initiatives. It is run as a
    statement that writes nothing but takes the write lock for a moment, so it runs on
    its own, after the snapshot, and is skipped where the file cannot be written."""
    try:
        conn.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as error:
        text = str(error)
        if "readonly" in text or "read-only" in text:
            report.skipped.append("search index (the file is read-only)")
        elif is_busy(error):
            report.skipped.append("search index (another process kept the write lock)")
        else:
            report.problems.append(f"search index: {text}")


def _has_tables(conn: sqlite3.Connection) -> bool:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    return {"initiatives", "updates"} <= names


def _check_schema(conn: sqlite3.Connection, report: CheckReport) -> None:
    version = report.schema_version
    if version != migrations.SCHEMA_VERSION:
        report.problems.append(
            f"schema: version {version}, this tracker's is {migrations.SCHEMA_VERSION}"
        )
    applied = migrations.applied_names(conn)
    if applied != list(migrations.STEPS[: len(applied)]) or len(applied) != version:
        report.problems.append(
            f"schema: the recorded migrations ({', '.join(applied) or 'none'}) do not match"
            f" version {version}"
        )


def _check_rows(conn: sqlite3.Connection, report: CheckReport) -> None:
    problems = report.problems
    missing = [
        f"initiative {slug} (id {row_id}) has no 'created' history entry"
        for row_id, slug in conn.execute(
            "SELECT id, slug FROM initiatives i WHERE NOT EXISTS (SELECT 1 FROM updates u"
            " WHERE u.initiative_id = i.id AND u.event = 'created') ORDER BY id"
        )
    ]
    _listed(problems, missing, "initiatives without a created entry")
    twice = [
        f"initiative id {row_id} has {count} 'created' history entries"
        for row_id, count in conn.execute(
            "SELECT initiative_id, count(*) FROM updates WHERE event = 'created'"
            " GROUP BY initiative_id HAVING count(*) > 1 ORDER BY initiative_id"
        )
    ]
    _listed(problems, twice, "initiatives with several created entries")
    for list_name in repo.NAME_LISTS:
        stale = [
            f"initiative {slug}: {list_name}_json is {stored}, its links say {linked}"
            for slug, stored, linked in conn.execute(
                f"SELECT slug, {list_name}_json, linked FROM (SELECT slug, {list_name}_json,"
                f" {repo.names_json_sql(list_name)} AS linked FROM initiatives)"
                f" WHERE {list_name}_json IS NOT linked ORDER BY slug"
            )
        ]
        _listed(problems, stale, f"initiatives with a stale {list_name} list")
    # Datasette's search index (tracker.storage.browse) was given each title and summary
    unindexed = [
        f"initiative {slug}: Datasette's search index holds another title or summary"
        for (slug,) in conn.execute(
            f"SELECT i.slug FROM initiatives i LEFT JOIN {browse.DOCS} d"
            " ON d.initiative_id = i.id WHERE d.title IS NOT i.title"
            " OR d.summary IS NOT i.summary ORDER BY i.slug"
        )
    ]
    _listed(problems, unindexed, "initiatives not as Datasette's search index has them")


@dataclass(frozen=True)
class _Entry:
    """What replay reads of a history row (:class:`tracker.domain.replay.Entry`)."""

    uuid: str
    event: str
    effective: str
    changes: dict[str, Any]
    target: str | None


#: The history in history order, with what replay reads of each entry (``:ids``: the
#: initiatives wanted, bound as ``:ids``, a JSON array).
_HISTORY_SQL = (
    "SELECT initiative_id, uuid, event, effective, status_to, progress_to, confidence_to,"
    " deadline_to, target, confidence_note FROM updates"
    " WHERE initiative_id IN (SELECT value FROM json_each(:ids))"
    " ORDER BY initiative_id, event != 'created', effective, clock, recorded_at, uuid"
)


def _replays(
    conn: sqlite3.Connection, ids: list[int]
) -> Iterator[tuple[int, replay.Replayed[_Entry]]]:
    """The initiatives' ids and the replays of their histories, streamed in id order
    (those without history left out)."""
    initiative = None
    entries: list[_Entry] = []
    for row in conn.execute(_HISTORY_SQL, {"ids": json.dumps(ids)}):
        if row[0] != initiative:
            if initiative is not None:
                yield initiative, replay.replay(entries)
            initiative, entries = row[0], []
        changes: dict[str, Any] = {}
        for name, value in zip(("status", "progress", "confidence"), row[4:7], strict=True):
            if value is not None:
                changes[name] = {"to": value}
        if row[6] is not None and row[9] is not None:
            changes["confidence"]["note"] = row[9]
        if row[7] is not None:
            changes["deadline"] = {"to": json.loads(row[7])}
        entries.append(_Entry(row[1], row[2], row[3], changes, row[8]))
    if initiative is not None:
        yield initiative, replay.replay(entries)


def _replayed_drift(
    conn: sqlite3.Connection, ids: list[int]
) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """:func:`drifted` by the replay rule itself, for the initiatives ``ids`` (sorted)."""
    columns = ", ".join(repo.REPLAYED_COLUMNS)
    stored = conn.execute(
        f"SELECT id, slug, {columns} FROM initiatives"
        " WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY id",
        {"ids": json.dumps(ids)},
    )
    replays = _replays(conn, ids)
    replayed = next(replays, None)
    for row in stored:
        while replayed is not None and replayed[0] < row[0]:
            replayed = next(replays, None)
        if replayed is None or replayed[0] != row[0]:
            continue  # no history at all: _check_rows reports it
        wanted = repo.replayed_columns(replayed[1])
        if tuple(wanted.values()) != tuple(row[2:]):
            yield row[0], row[1], wanted


def _same(stored: str, replayed: str) -> str:
    """SQL: a stored column holds the replayed value, as Python compares them (no
    affinity conversion: the same type too)."""
    return f"({stored} IS {replayed} AND typeof({stored}) = typeof({replayed}))"


def _latest(name: str, last: bool = True) -> str:
    """SQL: the row id of initiative ``i.id``'s last (else first) entry after ``created``
    that sets ``name``, in history order (one probe of ``idx_updates_<name>_set``)."""
    order = ", ".join(f"u.{c}{' DESC' if last else ''}" for c in _ORDER)
    return (
        f"(SELECT u.id FROM updates u INDEXED BY idx_updates_{name}_set"
        f" WHERE u.initiative_id = i.id AND u.{name}_to IS NOT NULL AND u.event != 'created'"
        f" AND u.event NOT IN {replay.CORRECTIONS!r} ORDER BY {order} LIMIT 1)"
    )


_ORDER = ("effective", "clock", "recorded_at", "uuid")


def _window_kept(prefix: str, entry: str) -> str:
    """SQL: the window columns ``i.<prefix>_*`` hold the deadline JSON ``entry``, as
    written (``json.dumps`` of ``Window.to_dict``), or both are empty. Whether the stored
    columns are a window at all is Python's to say (:func:`_unreadable_windows`)."""
    text, earliest, latest, precision = (f"i.{c}" for c in repo.window_columns(prefix, None))
    return (
        f"({entry} IS NULL AND {text} IS NULL AND {earliest} IS NULL AND {latest} IS NULL"
        f" AND {precision} IS NULL OR {text} IS NOT NULL AND {earliest} IS NOT NULL"
        f" AND {latest} IS NOT NULL AND {precision} IS NOT NULL"
        f" AND {entry} IS '{{\"text\": ' || json_quote({text}) || ', \"earliest\": '"
        f" || json_quote({earliest}) || ', \"latest\": ' || json_quote({latest})"
        f" || ', \"precision\": ' || json_quote({precision}) || '}}')"
    )


#: The initiatives whose stored current fields may differ from the replay of their
#: history, by index probes: for each with its ``created`` entry, the last entry setting
#: each field (and the first setting a deadline: the baseline), corrections aside, and
#: the stored columns compared with what those entries say. Every initiative it leaves
#: out replays to its stored fields (tests/test_check_replay.py); those it gives are
#: replayed by the rule itself. Initiatives a retract entry of their own corrects, and
#: with several created entries, are left to the rule (see :func:`drifted`).
_MAYBE_DRIFTED_SQL = f"""
    WITH found AS MATERIALIZED (
        SELECT i.id AS id, c.id AS created, {_latest("status")} AS status,
            {_latest("progress")} AS progress, {_latest("confidence")} AS confidence,
            {_latest("deadline")} AS deadline, {_latest("deadline", last=False)} AS baseline
        FROM initiatives i LEFT JOIN updates c INDEXED BY idx_updates_created
            ON c.initiative_id = i.id AND c.event = 'created'
    )
    SELECT i.id FROM found f JOIN initiatives i ON i.id = f.id
        LEFT JOIN updates c ON c.id = f.created
        LEFT JOIN updates s ON s.id = f.status LEFT JOIN updates p ON p.id = f.progress
        LEFT JOIN updates k ON k.id = f.confidence LEFT JOIN updates d ON d.id = f.deadline
        LEFT JOIN updates b ON b.id = f.baseline
    WHERE NOT (c.id IS NOT NULL
        AND {_same("i.status", "coalesce(s.status_to, c.status_to)")}
        AND {_same("i.progress", "coalesce(p.progress_to, c.progress_to)")}
        AND {_same("i.confidence", "coalesce(k.confidence_to, c.confidence_to)")}
        AND {
    _same(
        "i.confidence_note",
        "CASE WHEN k.id IS NOT NULL THEN k.confidence_note"
        " WHEN c.confidence_to IS NOT NULL THEN c.confidence_note END",
    )
}
        AND {_window_kept("deadline", "coalesce(d.deadline_to, c.deadline_to)")}
        AND {_window_kept("baseline", "coalesce(c.deadline_to, b.deadline_to)")})
"""

#: The initiatives the probes above cannot speak for: a retract entry of their own may
#: withdraw an entry (idx_updates_target), or they have several created entries.
_REPLAYED_ALWAYS_SQL = (
    "SELECT initiative_id FROM updates INDEXED BY idx_updates_target"
    " WHERE target IS NOT NULL AND event = 'retract'"
    " UNION SELECT initiative_id FROM updates WHERE event = 'created'"
    " GROUP BY initiative_id HAVING count(*) > 1"
)


def _unreadable_windows(conn: sqlite3.Connection) -> list[int]:
    """The initiatives with a stored deadline or baseline that is not a window as
    written (a replay writes each window through :func:`repo.window_columns`): the
    probes compare the columns' text with the entries', so these are left to the rule.
    Each distinct window is read once."""
    found: list[int] = []
    for prefix in ("deadline", "baseline"):
        columns = repo.window_columns(prefix, None)
        names = ", ".join(columns)
        bad = set()
        for parts in conn.execute(f"SELECT DISTINCT {names} FROM initiatives"):
            if parts == (None, None, None, None):
                continue
            try:
                written = tuple(repo.window_columns(prefix, parse_iso_window(*parts)).values())
            except Exception:  # any value that is not a window
                written = None
            if written != parts or not all(type(part) is str for part in parts):
                bad.add(parts)
        if bad:  # never in a file tracker wrote: each row's columns looked at
            rows = conn.execute(f"SELECT id, {names} FROM initiatives")
            found += [row[0] for row in rows if row[1:] in bad]
    return found


def drifted(conn: sqlite3.Connection) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """The initiatives whose stored current fields differ from the replay of their
    history: (id, slug, the columns as the replay gives them), in id order.

    The replay rule (:func:`tracker.domain.replay.replay`) decides for every initiative
    it is given; index probes (:data:`_MAYBE_DRIFTED_SQL`) leave out only those whose
    stored fields surely are what it gives, so that a sound database of 100,000
    initiatives replays none."""
    ids = {row[0] for row in conn.execute(_MAYBE_DRIFTED_SQL)}
    ids.update(row[0] for row in conn.execute(_REPLAYED_ALWAYS_SQL))
    ids.update(_unreadable_windows(conn))
    return _replayed_drift(conn, sorted(ids))


def drifted_sources(conn: sqlite3.Connection) -> Iterator[tuple[int, str, list[replay.Cited]]]:
    """The initiatives whose stored list of sources differs from the replay of their
    history: (id, slug, the list as the replay gives it), in id order. Only those with
    a stored source or a history entry that can give one are read, and only those with
    their created entry (:func:`_check_rows` reports the others)."""
    rows = conn.execute(
        "SELECT id, slug FROM initiatives WHERE id IN (SELECT initiative_id FROM"
        " initiative_sources UNION SELECT initiative_id FROM updates WHERE source_id IS NOT"
        " NULL OR edits LIKE '%\"sources\"%' OR initial LIKE '%\"sources\"%')"
        " AND id IN (SELECT initiative_id FROM updates WHERE event = 'created') ORDER BY id"
    ).fetchall()
    for row_id, slug in rows:
        wanted = repo.replayed_sources(conn, row_id)
        if repo.stored_cited(conn, row_id) != wanted:
            yield row_id, slug, wanted


def _check_replay(conn: sqlite3.Connection, report: CheckReport) -> None:
    found = []
    for row_id, slug, wanted in drifted(conn):
        fields = _differences(conn, row_id, wanted)
        named = " and ".join([", ".join(fields[:-1]), fields[-1]] if len(fields) > 1 else fields)
        verb, them = ("differs", "it") if len(fields) == 1 else ("differ", "them")
        found.append(
            f"initiative {slug}: {named} {verb} from what its history replays to"
            f" (tracker check --repair rewrites {them})"
        )
    _listed(report.problems, found, "initiatives whose fields differ from their history")
    lists = [
        f"initiative {slug}: its sources differ from what its history replays to"
        " (tracker check --repair rewrites them)"
        for _, slug, _ in drifted_sources(conn)
    ]
    _listed(report.problems, lists, "initiatives whose sources differ from their history")


def _link_text(conn: sqlite3.Connection, row: tuple[int, str, int]) -> str:
    slugs = dict(
        conn.execute("SELECT id, slug FROM initiatives WHERE id IN (?, ?)", [row[0], row[2]])
    )
    return f"{slugs.get(row[0])} {row[1]} {slugs.get(row[2])}"


def _check_links(conn: sqlite3.Connection, report: CheckReport) -> None:
    missing, extra = links.drift(conn)
    found = [
        f"link {_link_text(conn, row)}: {what} (tracker check --repair rebuilds the links)"
        for rows, what in (
            (missing, "its history makes it, but it is not stored"),
            (extra, "stored, but no history makes it"),
        )
        for row in sorted(rows)
    ]
    _listed(report.problems, found, "links that differ from the histories")


def _differences(conn: sqlite3.Connection, initiative_id: int, wanted: dict[str, Any]) -> list[str]:
    stored = conn.execute(
        f"SELECT {', '.join(wanted)} FROM initiatives WHERE id = ?", [initiative_id]
    ).fetchone()
    fields = []
    for column, have in zip(wanted, stored, strict=True):
        if wanted[column] != have:
            name = column.split("_")[0]
            if name not in fields:
                fields.append(name)
    return fields


@dataclass
class Repair:
    """What :func:`repair` did: the initiatives rewritten (slugs, in id order) and the
    copy of the file made first (None when nothing needed rewriting)."""

    repaired: list[str]
    backup: Path | None


def repair(db: Database) -> Repair:
    """Rewrite the stored current fields of every initiative whose fields differ from
    the replay of its history, in ONE write transaction, after copying the file aside
    (``tracker.db.repair-<stamp>.bak``; if the copy cannot be made, nothing is changed).
    The schema must be current: an older file is upgraded by any other command first."""
    version = migrations.schema_version(db.conn)
    if version != migrations.SCHEMA_VERSION:
        raise UnusableError(
            f"not repairing {db.path}: its schema is version {version}, not"
            f" {migrations.SCHEMA_VERSION}; any other tracker command upgrades it"
        )
    with db.write() as conn:
        found = list(drifted(conn))
        missing, extra = links.drift(conn)
        lists = list(drifted_sources(conn))
        if not found and not missing and not extra and not lists:
            return Repair([], None)
        from tracker.domain import clock

        backup = db.path.with_name(f"{db.path.name}.repair-{clock.file_stamp()}.bak")
        copy_database(db.path, backup)
        for row_id, _, wanted in found:
            repo.update_initiative(conn, row_id, wanted)
        for row_id, _, items in lists:
            repo.store_sources(conn, row_id, items)
        owners = sorted({row[0] for row in missing | extra} - {row_id for row_id, _, _ in found})
        links.settle(conn)
        slugs_of = dict(
            conn.execute(
                f"SELECT id, slug FROM initiatives WHERE id IN ({','.join('?' * len(owners))})",
                owners,
            )
        )
    # each repaired initiative once: fields, then sources, then links
    slugs = dict.fromkeys([slug for _, slug, _ in [*found, *lists]] + [slugs_of[i] for i in owners])
    return Repair(list(slugs), backup)


#: The files SQLite keeps beside a database, which a backup must never replace.
_COMPANIONS = ("", "-wal", "-shm", "-journal")


def backup(db: Database, destination: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Copy the database to ``destination`` (a file, or a folder to put a dated file in)
    with the online backup API; returns the path written. An existing file is replaced
    only with ``force``; a link is followed, so the file it points to is replaced."""
    text = os.fspath(destination)
    if not text.strip():
        raise InputError("PATH must not be empty")
    target = expand_user(text)
    if target.is_dir():
        from tracker.domain import clock

        stamp = clock.file_stamp()
        name = f"{db.path.stem}-{stamp}Z"
        target, n = target / f"{name}.db", 1
        while target.exists():  # two backups within one second
            n += 1
            target = target.parent / f"{name}-{n}.db"
    elif text.endswith(("/", os.sep)):
        raise UnusableError(f"cannot write {target}: folder {target} does not exist")
    target = Path(os.path.realpath(target))
    own = {Path(os.path.realpath(f"{db.path}{suffix}")) for suffix in _COMPANIONS}
    if target in own:
        raise InputError(f"{target} is the database or one of its files; choose another path")
    if target.exists():
        if not target.is_file():
            raise UnusableError(f"cannot write {target}: it is not a regular file")
        if not force:
            raise InputError(f"{target} exists; use --force to replace it")
    copy_database(db.path, target)
    return target
