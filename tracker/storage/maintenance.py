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

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from tracker.domain import replay
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
    and the checks after it still run where they can.
    """
    conn = db.conn
    with db.read():
        problems: list[str] = []
        version = _guarded(problems, "schema", migrations.schema_version, conn)
        report = CheckReport(db.path, -1 if version is None else version, problems=problems)
        current = report.schema_version == migrations.SCHEMA_VERSION
        steps = [("integrity", _check_integrity), ("schema", _check_schema)]
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
        for name, step in steps:
            _guarded(report.problems, name, step, conn, report)
    if current:
        _check_search_index(conn, report)  # it sorts its own errors into problems and skips
    return report


def _guarded(problems: list[str], name: str, step: Callable[..., T], *args: Any) -> T | None:
    """Run one check; a SQLite error stopping it is listed as a problem."""
    try:
        return step(*args)
    except sqlite3.DatabaseError as error:
        problems.append(f"{name}: {error} (SQLite could not finish this check)")
        return None


def _check_integrity(conn: sqlite3.Connection, report: CheckReport) -> None:
    integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        _listed(report.problems, [f"integrity: {text}" for text in integrity], "integrity errors")


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


#: The history in history order, with what replay reads of each entry.
_HISTORY_SQL = (
    "SELECT initiative_id, uuid, event, effective, status_to, progress_to, confidence_to,"
    " deadline_to, target, confidence_note FROM updates"
    " ORDER BY initiative_id, event != 'created', effective, clock, recorded_at, uuid"
)


def _replays(conn: sqlite3.Connection) -> Iterator[tuple[int, replay.Replayed[_Entry]]]:
    """Every initiative's id and the replay of its history, streamed in id order."""
    initiative = None
    entries: list[_Entry] = []
    for row in conn.execute(_HISTORY_SQL):
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


def drifted(conn: sqlite3.Connection) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """The initiatives whose stored current fields differ from the replay of their
    history: (id, slug, the columns as the replay gives them), in id order."""
    columns = ", ".join(repo.REPLAYED_COLUMNS)
    stored = conn.execute(f"SELECT id, slug, {columns} FROM initiatives ORDER BY id")
    replays = _replays(conn)
    replayed = next(replays, None)
    for row in stored:
        while replayed is not None and replayed[0] < row[0]:
            replayed = next(replays, None)
        if replayed is None or replayed[0] != row[0]:
            continue  # no history at all: _check_rows reports it
        wanted = repo.replayed_columns(replayed[1])
        if tuple(wanted.values()) != tuple(row[2:]):
            yield row[0], row[1], wanted


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
