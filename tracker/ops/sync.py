"""``tracker sync DIR``: replicas exchanging their histories through a shared folder.

The folder holds one append-only JSON Lines log per replica, ``DIR/log/<id>.jsonl``,
written only by that replica (so git or a file-sync tool never sees two writers of a
file). A sync, in ONE transaction of this database:

1. reads every other replica's log from where it last stopped, merged in clock order
   and a batch at a time (a truncated last line, a copy in progress, is left for the
   next sync), checking each line as an import line is checked: one bad line and
   nothing of the sync is applied;
2. takes in what they hold that this database lacks: tombstones first (a removal
   wins over every entry of the initiative), then new initiatives (from their
   ``created`` entry and its initial fields) and entries; an entry whose initiative
   has not arrived yet waits (``sync_pending``) for a later sync;
3. appends to this replica's log the entries and removals made here that it lacks
   (after a crash between the append and the commit, the lines already there are not
   written again);
4. replays each initiative it touched (:func:`tracker.domain.replay.replay` for the
   tracked fields, :func:`~tracker.domain.replay.replay_descriptive` for the rest), so
   that replicas that have seen the same entries hold the same state, settles slugs
   and parents (:mod:`tracker.ops.settling`), and reports where two replicas changed
   one field without seeing each other's change.

Lines, each ending in a newline, after a header ``{"format": "tracker-log",
"version": 1, "replica": ID}``: ``{replica, clock, initiative, op: "entry", entry,
[fields], [sources]}`` (``entry`` as ``history --format json`` shows it; ``fields``: a
created entry's initial fields; ``sources``: the documents an edit added) or ``{replica,
clock, initiative, op: "remove", slug, removed_at, author}``.
"""

from __future__ import annotations

import heapq
import itertools
import json
import os
import sqlite3
import time
import uuid as uuidlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.domain.authors import check_author
from tracker.domain.clock import now_iso
from tracker.domain.initiatives import HistoryEntry, SourceLink
from tracker.domain.model import check_slug, check_text, parse_kind, slugify
from tracker.domain.replay import (
    DESCRIPTIVE_FIELDS,
    NAME_LISTS,
    TRACKED_FIELDS,
    live,
    replay_descriptive,
)
from tracker.domain.windows import parse_iso_window
from tracker.errors import InputError, UnusableError
from tracker.ops import history, importing, settling, values
from tracker.ops.gitsync import LOCK_NAME, git_sync
from tracker.requests import SyncConflict, SyncResult, SyncSide
from tracker.storage import replicas
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.progress import Progress
    from tracker.ops.session import Session
    from tracker.storage.bulk import IndexesAside

LOG_FORMAT = "tracker-log"
LOG_VERSION = 1
_FIELD_KEYS = frozenset(
    ["slug", "title", "summary", "kind", "announced", "parent", "sources", *NAME_LISTS]
)
_LINE_KEYS = {
    "entry": frozenset(["replica", "clock", "initiative", "op", "entry", "fields", "sources"]),
    "remove": frozenset(["replica", "clock", "initiative", "op", "slug", "removed_at", "author"]),
}


def encode(line: dict[str, Any]) -> bytes:
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


# -- reading and checking logs -------------------------------------------------------------


@dataclass
class Line:
    """One checked line of another replica's log."""

    replica: str
    clock: int
    initiative: str
    op: str
    #: op "entry": the checked entry (:func:`tracker.ops.importing.import_entry`).
    entry: dict[str, Any] = field(default_factory=dict)
    #: a created entry's initial fields (checked), else None.
    fields: dict[str, Any] | None = None
    #: the documents an edit added.
    sources: list[SourceLink] = field(default_factory=list)
    #: op "remove": the tombstone's slug, time and author.
    slug: str = ""
    removed_at: str = ""
    author: str | None = None
    #: The line as read (kept while the entry waits for its initiative).
    raw: dict[str, Any] = field(default_factory=dict)


def _uuid(value: Any, what: str) -> str:
    try:
        return importing.canonical_uuid(value)
    except ValueError:
        raise InputError(f"{what} must be a uuid") from None


def check_fields(data: Any) -> dict[str, Any]:
    """A created entry's initial fields, checked as an import record's are."""
    if not isinstance(data, dict) or not set(data) <= _FIELD_KEYS or "title" not in data:
        raise InputError(f"a created entry's fields are {', '.join(sorted(_FIELD_KEYS))}")
    title = check_text(data["title"], "title", required=True, max_len=500)
    summary = data.get("summary") or ""
    if not isinstance(summary, str):
        raise InputError("a created entry's summary must be a string")
    announced = data.get("announced")
    if announced is not None:
        if not isinstance(announced, dict):
            raise InputError("a created entry's announced must be a window")
        try:
            announced = parse_iso_window(**announced).to_dict()
        except TypeError:
            raise InputError("a created entry's announced must be a window") from None
    parent = data.get("parent")
    lists = {}
    for name in NAME_LISTS:
        names = data.get(name) or []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise InputError(f"a created entry's {name} must be a list of strings")
        lists[name] = values.checked_names(names, name[:-1])
    sources = data.get("sources") or []
    if not isinstance(sources, list):
        raise InputError("a created entry's sources must be a list")
    checked_sources = [importing.import_source(s) for s in sources]
    return {
        "slug": check_slug(data["slug"]) if data.get("slug") is not None else None,
        "title": " ".join(title.split()),
        "summary": summary,
        "kind": str(parse_kind(data.get("kind") or "measure")),
        "announced": announced,
        "parent": _uuid(parent, "a created entry's parent") if parent is not None else None,
        **lists,
        "sources": [link.to_dict() for link in checked_sources],
    }


def check_line(data: Any, replica: str) -> Line:
    """One line of ``replica``'s log, checked (an :class:`InputError` says why not)."""
    if not isinstance(data, dict):
        raise InputError("a log line must be a JSON object")
    op = data.get("op")
    if op not in _LINE_KEYS:
        raise InputError("a log line's op must be 'entry' or 'remove'")
    unknown = set(data) - _LINE_KEYS[op]
    if unknown:
        raise InputError(f"a log line has no key {sorted(unknown)[0]!r}")
    if data.get("replica") != replica:
        raise InputError(f"the line claims replica {data.get('replica')!r}, not this log's")
    clock = data.get("clock")
    if isinstance(clock, bool) or not isinstance(clock, int):
        raise InputError("a log line's clock must be a whole number")
    if not 0 <= clock <= importing.MAX_CLOCK:
        raise InputError(f"a log line's clock must be between 0 and {importing.MAX_CLOCK}")
    initiative = _uuid(data.get("initiative"), "a log line's initiative")
    line = Line(replica, clock, initiative, op, raw=data)
    if op == "remove":
        slug, removed_at, author = data.get("slug"), data.get("removed_at"), data.get("author")
        if not isinstance(slug, str) or not isinstance(removed_at, str):
            raise InputError("a remove line has a slug and a removed_at")
        line.slug, line.removed_at = slug, removed_at
        line.author = check_author(author) if isinstance(author, str) else None
        return line
    entry = data.get("entry")
    if isinstance(entry, dict) and "clock" in entry and entry["clock"] != clock:
        raise InputError("the entry's clock is not the line's")
    checked = importing.import_entry({**entry, "clock": clock} if isinstance(entry, dict) else 0)
    if not checked.get("recorded_at"):
        # every replica must order and date the entry alike: no local stand-in time
        raise InputError("a log line's entry needs its recorded_at")
    line.entry = checked
    if checked["event"] == "created":
        line.fields = check_fields(data.get("fields"))
    elif "fields" in data:
        raise InputError("only a created entry's line has fields")
    sources = data.get("sources") or []
    if not isinstance(sources, list):
        raise InputError("a log line's sources must be a list")
    line.sources = [importing.import_source(s) for s in sources]
    return line


#: Lines checked and taken in at a time: a folder of any size streams through.
BATCH = 20_000
#: The longest log line read (bytes): a line is one entry, a few hundred bytes.
MAX_LINE = 1_000_000
#: A sync about to read more than this many bytes of logs, and more lines (a few
#: hundred bytes each) than the history holds rows, writes them with the history's
#: secondary indexes set aside (:class:`tracker.storage.bulk.IndexesAside`).
LARGE_LOAD = 64 * 2**20
#: Bytes a log line takes, about, for that estimate.
LINE_BYTES = 400


@dataclass
class LogRead:
    """One log as a sync reads it: from where it last stopped, in batches of checked
    lines; ``offset`` (bytes) and ``count`` (lines) say how far it has got."""

    replica: str
    path: Path
    offset: int
    count: int

    def lines(self) -> Iterator[Line]:
        """The complete lines after :attr:`offset`, checked (a bad one raises, naming
        the file and line). A last line without its newline (a copy still being
        written) is left for later."""
        try:
            stream = self.path.open("rb")
        except OSError as error:
            raise UnusableError(f"cannot read {self.path}: {error.strerror or error}") from None
        with stream:
            stream.seek(self.offset)
            while raw := stream.readline(MAX_LINE + 1):
                if not raw.endswith(b"\n"):
                    if len(raw) > MAX_LINE:  # untrusted: never read a line whole
                        self.count += 1
                        raise InputError(
                            f"{self.path} line {self.count}: longer than {MAX_LINE:,} bytes"
                        )
                    break
                line = self._check(raw)
                self.offset += len(raw)
                if line is not None:
                    yield line

    def _check(self, raw: bytes) -> Line | None:
        self.count += 1
        try:
            try:
                parsed = json.loads(raw)
            except (json.JSONDecodeError, UnicodeDecodeError) as error:
                raise InputError(f"not valid JSON ({getattr(error, 'msg', error)})") from None
            if self.count == 1:
                _check_header(parsed, self.replica, self.path)
                return None
            return check_line(parsed, self.replica)
        except InputError as error:
            raise InputError(f"{self.path} line {self.count}: {error.message}") from None


def _clock_order(line: Line) -> tuple[int, int]:
    """Lines by clock, a created entry before the other lines of its clock: a replica
    writes its log in this order, and an entry made after its author saw an initiative
    made has a higher clock than its created entry."""
    return (line.clock, 0 if line.entry.get("event") == "created" else 1)


def merged_batches(reads: list[LogRead], size: int = BATCH) -> Iterator[list[Line]]:
    """The lines of several logs merged in clock order (:func:`_clock_order`), so that
    an initiative's created entry comes before the entries other replicas made for it
    later, ``size`` at a time."""
    batch: list[Line] = []
    for line in heapq.merge(*(read.lines() for read in reads), key=_clock_order):
        batch.append(line)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _check_header(header: Any, replica: str, path: Path) -> None:
    if not isinstance(header, dict) or header.get("format") != LOG_FORMAT:
        raise InputError(f"the first line must be the header {{format: {LOG_FORMAT}, ...}}")
    version = header.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > LOG_VERSION:
        raise UnusableError(
            f"{path} was written by a newer tracker (log version {version}, this tracker"
            f" reads {LOG_VERSION}); upgrade tracker to sync with it"
        )
    if version != LOG_VERSION:
        raise InputError(f"the header's version must be {LOG_VERSION}")
    if header.get("replica") != replica:
        raise InputError(f"the header claims replica {header.get('replica')!r}, not this log's")


def _log_files(folder: Path, own: str) -> dict[str, Path]:
    """The other replicas' logs in the folder: id -> path (other files are ignored)."""
    found = {}
    for path in sorted(folder.glob("*.jsonl")):
        try:
            replica = str(uuidlib.UUID(path.stem))
        except ValueError:
            continue
        if replica == path.stem and replica != own:
            found[replica] = path
    return found


# -- the folder lock -----------------------------------------------------------------------


@contextmanager
def folder_lock(folder: Path, wait: float) -> Iterator[None]:
    """One sync of ``folder`` at a time: wait up to ``wait`` seconds for another."""
    import fcntl

    path = folder / LOCK_NAME
    try:
        handle = path.open("a")
    except OSError as error:
        raise UnusableError(f"cannot lock {folder}: {error.strerror or error}") from None
    with handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise UnusableError(
                        f"another tracker sync is running on {folder}; try again"
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- the sync --------------------------------------------------------------------------------


def sync(
    t: Session, folder: Path, git: bool = False, progress: Progress | None = None
) -> SyncResult:
    """Sync this database with the replicas whose logs are in ``folder``; with ``git``,
    ``folder`` is a git working copy, pulled before and pushed after
    (:func:`tracker.ops.gitsync.git_sync`). One sync of a folder at a time. ``progress``
    is told of the bytes of the others' logs read, of all (:mod:`tracker.ops.progress`),
    a batch at a time."""
    from tracker.storage.connection import busy_timeout_from_env

    if not git:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UnusableError(f"cannot use {folder}: {error.strerror or error}") from None
    elif not folder.is_dir():
        raise UnusableError(f"{folder} is not a git working copy: no such folder")

    def run() -> SyncResult:
        logs = folder / "log"
        try:
            logs.mkdir(exist_ok=True)
        except OSError as error:
            raise UnusableError(f"cannot use {folder}: {error.strerror or error}") from None
        with t.db.write() as conn:
            return _sync(t, conn, logs, progress)

    with folder_lock(folder, busy_timeout_from_env()):
        if not git:
            return run()
        with t.db.read() as conn:
            replica = replicas.replica_id(conn)
        return git_sync(folder, replica, run)


def _sync(
    t: Session, conn: sqlite3.Connection, logs: Path, progress: Progress | None = None
) -> SyncResult:
    me = replicas.state(conn)
    result = SyncResult(replica=me.id)
    own = logs / f"{me.id}.jsonl"
    files = _log_files(logs, me.id)
    result.replicas_seen = sorted(files)
    resend = me.resend
    own_size = own.stat().st_size if own.exists() else 0
    if own_size < me.log_size:
        resend = True  # the log was replaced or cut back: compare everything again
    # 1. the others' logs, from where they stopped (from the start when comparing
    # everything), and what this replica's own log holds beyond what a committed sync
    # wrote (a killed sync's lines; all of it when comparing): checked and taken in a
    # batch at a time, in this one transaction (a bad line undoes it all)
    read_from = replicas.offsets(conn)
    reads = []
    incoming = 0  # bytes of the others' logs still to read
    for replica, path in files.items():
        offset, count = (0, 0) if resend else read_from.get(replica, (0, 0))
        size = path.stat().st_size
        if offset > size:
            offset, count = 0, 0  # another file now: read it again (entries are unique)
        reads.append(LogRead(replica, path, offset, count))
        incoming += size - offset
    own_from = 0 if resend else me.log_size
    own_read = LogRead(me.id, own, own_from, 0 if own_from == 0 else 1)
    receiver = Receiver(t, conn)
    if incoming > LARGE_LOAD and incoming // LINE_BYTES > repo.max_update_id(conn):
        receiver.set_indexes_aside()
    in_logs: set[str] = set()
    read_from_bytes = sum(read.offset for read in reads)
    for batch in merged_batches([*reads, *([own_read] if own_size > own_from else [])]):
        if progress is not None:
            progress(sum(read.offset for read in reads) - read_from_bytes, incoming)
        if resend or own_size > own_from:
            in_logs.update(_line_key(line) for line in batch)
        receiver.take(batch)
    receiver.take_waiting()
    receiver.restore_indexes()  # before sending and replaying read by them
    result.received = receiver.received
    # 2. send what the logs lack, made here (or imported)
    complete = own_read.offset if own_size > own_from else own_size
    lines = _lines_to_send(conn, me, resend, in_logs)
    size, result.sent = _append(own, me.id, lines, complete, own_size)
    # 3. replay what was taken in, and report
    result.conflicts = receiver.settle()
    for read in reads:
        replicas.save_offset(conn, read.replica, read.offset, read.count)
    replicas.save_marks(conn, size)
    return result


def _line_key(line: Line) -> str:
    return line.entry["uuid"] if line.op == "entry" else _removal_key(line.initiative)


def _removal_key(initiative: str) -> str:
    """A removal's key among the entries' uuids (what the logs hold)."""
    return f"remove:{initiative}"


def _append(
    own: Path, me: str, lines: Iterator[dict[str, Any]], complete: int, size: int
) -> tuple[int, int]:
    """Append ``lines`` to this replica's log (a header first in a new one), as they
    come, and make them durable; what follows its last complete line (``complete``
    bytes; a killed sync's half line) is cut off first. Returns the log's size and how
    many lines were appended."""
    first = next(lines, None)
    if first is None and complete == size:
        return size, 0
    count = 0
    try:
        with own.open("r+b" if own.exists() else "wb") as stream:
            if complete != size:
                stream.truncate(complete)
            stream.seek(complete)
            if complete == 0:
                stream.write(encode({"format": LOG_FORMAT, "version": LOG_VERSION, "replica": me}))
            buffer: list[bytes] = []
            for line in itertools.chain([first] if first is not None else [], lines):
                buffer.append(encode(line))
                count += 1
                if len(buffer) >= BATCH:
                    stream.write(b"".join(buffer))
                    buffer.clear()
            stream.write(b"".join(buffer))
            stream.flush()
            os.fsync(stream.fileno())
            return stream.tell(), count
    except OSError as error:
        raise UnusableError(f"cannot write {own}: {error.strerror or error}") from None


def _lines_to_send(
    conn: sqlite3.Connection, me: replicas.ReplicaState, everything: bool, in_logs: set[str]
) -> Iterator[dict[str, Any]]:
    """This replica's removals and entries the logs lack, as log lines in the order
    the logs are read in (:func:`_clock_order`)."""
    removals = (
        {
            "replica": me.id,
            "clock": clock,
            "initiative": uuid,
            "op": "remove",
            "slug": slug,
            "removed_at": removed_at,
            "author": author,
        }
        for uuid, slug, removed_at, author, clock in replicas.unsent_removals(
            conn, me.sent_clock, everything
        )
        if _removal_key(uuid) not in in_logs
    )
    entries = (
        _entry_line(conn, me.id, initiative_id, initiative_uuid, entry, initial)
        for initiative_id, initiative_uuid, entry, initial in replicas.unsent_entries(
            conn, me.sent_clock, everything
        )
        if entry.uuid not in in_logs
    )

    def order(line: dict[str, Any]) -> tuple[int, int]:
        return (line["clock"], 0 if line.get("fields") is not None else 1)

    return heapq.merge(removals, entries, key=order)


def _entry_line(
    conn: sqlite3.Connection,
    me: str,
    initiative_id: int,
    initiative_uuid: str,
    entry: HistoryEntry,
    initial: str | None,
) -> dict[str, Any]:
    line: dict[str, Any] = {
        "replica": me,
        "clock": entry.clock,
        "initiative": initiative_uuid,
        "op": "entry",
        "entry": entry.to_dict(),
    }
    if entry.event == "created":
        line["fields"] = (
            json.loads(initial) if initial else settling.initial_fields(conn, initiative_id)
        )
    elif entry.event == "edit" and isinstance(entry.changes.get("sources"), dict):
        # the documents an edit made before m007 names by key (a later one holds them)
        named = {n for n in entry.changes["sources"].get("added") or [] if isinstance(n, str)}
        line["sources"] = [
            link.to_dict()
            for link in repo.fetch_sources(conn, initiative_id)
            if link.source.url in named or link.source.title in named
        ]
    return line


# -- receiving ------------------------------------------------------------------------------


class Receiver:
    """Takes in the lines of one sync, a batch at a time (:meth:`take`), then replays
    what they touched (:meth:`settle`). Entries are queued and written a batch at a
    time (:class:`tracker.storage.bulk.Batch`)."""

    def __init__(self, t: Session, conn: sqlite3.Connection) -> None:
        from tracker.storage.bulk import Batch

        self.t, self.conn = t, conn
        self.rows = Batch(conn)
        self.received = 0
        #: initiatives that were here before, and the entries received for each
        self.touched: dict[int, set[str]] = {}
        #: initiatives made by this sync (every entry of theirs was received)
        self.made: set[int] = set()
        #: their uuids and ids (the initiatives the next batches' entries belong to)
        self.made_ids: dict[str, int] = {}
        #: initiatives a received entry gives a parent
        self.parents: set[int] = set()
        self.removed_any = False
        #: whether a received entry makes or ends a link (tracker.domain.links)
        self.linked = False
        #: initiatives a received entry may give another list of sources
        self.sourced: set[int] = set()
        self.removed = replicas.removed(conn)
        self.aside: IndexesAside | None = None

    def set_indexes_aside(self) -> None:
        """For a load of many more entries than the history holds: write them without
        the history's secondary indexes, built again by :meth:`restore_indexes`."""
        from tracker.storage.bulk import IndexesAside

        self.rows.flush()
        self.aside = IndexesAside(self.conn, "updates")

    def restore_indexes(self) -> None:
        self.rows.flush()
        if self.aside is not None:
            self.aside.restore()

    def take(self, batch: list[Line]) -> None:
        """Take in what a batch of lines holds that this database lacks: tombstones
        first (a removal wins over every entry of the initiative, wherever made), new
        initiatives, then entries; an entry whose initiative is not here (yet) waits."""
        conn = self.conn
        # every clock received: the next one made here is above them (a Lamport clock)
        replicas.raise_floor(conn, max((line.clock for line in batch), default=0))
        for line in batch:
            if line.op == "remove" and line.initiative not in self.removed:
                self._remove(line)
        entries = [
            line for line in batch if line.op == "entry" and line.initiative not in self.removed
        ]
        known = replicas.known_entries(conn, [line.entry["uuid"] for line in entries])
        fresh: dict[str, Line] = {}
        for line in entries:
            if line.entry["uuid"] not in known:
                fresh.setdefault(line.entry["uuid"], line)
        wanted = {line.initiative for line in fresh.values()}
        ids = {u: self.made_ids[u] for u in wanted if u in self.made_ids}
        ids.update(replicas.initiative_ids(conn, wanted - ids.keys()))
        for line in fresh.values():
            if line.entry["event"] == "created" and line.initiative not in ids:
                ids[line.initiative] = self._create(line)
        for line in fresh.values():
            initiative_id = ids.get(line.initiative)
            if initiative_id is None:
                replicas.keep_pending(
                    conn, line.entry["uuid"], line.initiative, line.replica, line.raw
                )
                continue
            if line.entry["event"] == "created":
                continue  # made above, or the initiative has its created entry already
            importing.write_imported_entry(
                conn, initiative_id, line.entry, origin=line.replica, rows=self.rows
            )
            for link in line.sources:  # the documents an edit names (a key each)
                self.rows.link_source(initiative_id, link.source, link.quote, link.accessed)
            if _touches_sources(line.entry):
                self.sourced.add(initiative_id)
            if initiative_id not in self.made:
                self.touched.setdefault(initiative_id, set()).add(line.entry["uuid"])
            if "parent" in line.entry["changes"]:
                self.parents.add(initiative_id)
            if "links" in line.entry["changes"]:
                self.linked = True
            self.received += 1
        self.rows.flush()

    def take_waiting(self) -> None:
        """The entries that waited for their initiative, from this sync or an earlier
        one: those whose initiative is here now are taken in."""
        pending = [
            (initiative, check_line(raw, replica))
            for replica, initiative, raw in replicas.pending(self.conn)
        ]
        replicas.drop_pending(self.conn, [line.entry["uuid"] for _, line in pending])
        # those of a removed initiative go; those still without theirs wait again
        self.take([line for initiative, line in pending if initiative not in self.removed])

    def _remove(self, line: Line) -> None:
        conn = self.conn
        self.rows.flush()
        found = repo.id_by_uuid(conn, line.initiative)
        if found is not None:
            self.restore_indexes()  # deleting its history finds it by them
            slug = repo.fetch_initiative(conn, found).slug
            repo.delete_initiative(conn, found)
            settling.free_slug(conn, slug)
            self.touched.pop(found, None)
            self.made.discard(found)
            self.made_ids.pop(line.initiative, None)
            self.parents.discard(found)
            self.removed_any = True
        repo.record_removal(
            conn, line.initiative, line.slug, line.removed_at, line.author, line.clock, line.replica
        )
        self.removed[line.initiative] = line.clock
        self.received += 1

    def _create(self, line: Line) -> int:
        """A new initiative from a created entry and its initial fields (its parent is
        linked by :meth:`settle`, once every initiative of the sync is made)."""
        conn, rows = self.conn, self.rows
        fields = line.fields or {}
        entry = line.entry
        announced = fields["announced"]
        rank = (line.clock, entry.get("recorded_at") or "", line.initiative)
        wanted = fields["slug"] or slugify(fields["title"]) or f"i-{line.initiative[:8]}"
        if rows.taken(slug=wanted):
            rows.flush()  # two new ones want it: settle it against the written one
        recorded = entry.get("recorded_at") or now_iso()
        slug = settling.claim_slug(conn, wanted, rank)
        initiative_id = rows.insert_initiative(
            {
                "uuid": line.initiative,
                "slug": slug,
                "title": fields["title"],
                "summary": fields["summary"],
                "kind": fields["kind"],
                "status": (entry["changes"].get("status") or {}).get("to") or "announced",
                "confidence": None,
                "progress": None,
                **repo.announced_columns(parse_iso_window(**announced) if announced else None),
                **repo.window_columns("deadline", None),
                **repo.window_columns("baseline", None),
                "parent_id": None,
                "created_at": recorded,
                "updated_at": recorded,
            }
        )
        # its names and documents are queued with it (before its entry, which may
        # write the queue)
        for name in NAME_LISTS:
            if fields[name]:
                rows.add_names(initiative_id, name, fields[name])
        for source in fields["sources"]:
            link = importing.import_source(source)
            rows.link_source(initiative_id, link.source, link.quote, link.accessed)
        if fields["sources"] or _touches_sources(entry):
            self.sourced.add(initiative_id)
        if slug != wanted:  # another, created first, holds it: keep the claim
            rows.flush()
            settling.record_claim(conn, initiative_id, wanted)
        importing.write_imported_entry(
            conn,
            initiative_id,
            entry,
            origin=line.replica,
            initial=json.dumps(fields, ensure_ascii=False, sort_keys=True),
            rows=rows,
        )
        self.made.add(initiative_id)
        self.made_ids[line.initiative] = initiative_id
        if fields["parent"]:
            self.parents.add(initiative_id)
        self.received += 1
        return initiative_id

    def settle(self) -> list[SyncConflict]:
        """Replay each initiative the sync touched (histories read 500 at a time), find
        the conflicts, then settle the parents the new entries name (and those of
        the children that were waiting for a new initiative)."""
        conn, t = self.conn, self.t
        self.rows.flush()
        conflicts: list[SyncConflict] = []
        ids = sorted(replicas.existing(conn, set(self.touched) | self.made))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            for initiative_id, rows in repo.replay_rows(conn, chunk).items():
                # updated_at: the newest entry's time (it never goes back)
                newest = max((e.recorded_at for e in rows), default=None)
                changed = history.refresh_current(t, conn, initiative_id, now=newest, entries=rows)
                if not changed and newest:
                    repo.update_initiative(conn, initiative_id, {"updated_at": newest})
                edited = any(e.event == "edit" for e in rows)
                mixed = len({e.origin for e in rows}) > 1
                if not (edited or mixed):
                    continue
                # the whole entries only where edits (descriptive fields) are
                entries: Sequence[Any] = rows
                if edited:
                    entries = repo.fetch_history(conn, initiative_id)
                    _refresh_descriptive(conn, initiative_id, entries)
                if mixed:
                    received = (
                        {e.uuid for e in rows}
                        if initiative_id in self.made
                        else self.touched.get(initiative_id, set())
                    )
                    origin = {e.uuid: e.origin for e in rows}
                    conflicts += _conflicts(conn, initiative_id, entries, received, origin)
        for initiative_id in sorted(replicas.existing(conn, self.sourced)):
            history.refresh_sources(conn, initiative_id)
        moved = self.parents | replicas.naming_parents(conn, set(self.made_ids))
        if moved or self.removed_any:
            settling.settle_parents(conn, replicas.existing(conn, moved))
        if self.linked or self.made:
            # the links the histories now make, also to an initiative just received
            from tracker.storage import links

            links.settle(conn)
        return conflicts


def _touches_sources(entry: dict[str, Any]) -> bool:
    """Whether a received entry may change the list of sources its history gives."""
    return bool(
        entry.get("source")
        or "sources" in (entry.get("changes") or {})
        or entry.get("event") in ("retract", "amend")
    )


def _refresh_descriptive(
    conn: sqlite3.Connection, initiative_id: int, entries: list[HistoryEntry]
) -> None:
    """Rewrite the descriptive fields from the replay of the history."""
    wanted = replay_descriptive(settling.stored_initial(conn, initiative_id), entries)
    current = settling.current_descriptive(conn, initiative_id)
    fields: dict[str, Any] = {}
    for name in ("title", "summary", "kind"):
        if isinstance(wanted[name], str) and wanted[name] != current[name]:
            fields[name] = wanted[name]
    if wanted["announced"] != current["announced"]:
        announced = wanted["announced"]
        try:
            window = parse_iso_window(**announced) if isinstance(announced, dict) else None
        except (TypeError, ValueError):
            window = None
        fields.update(repo.announced_columns(window))
    repo.update_initiative(conn, initiative_id, fields)
    for name in NAME_LISTS:
        want = {n.casefold(): n for n in wanted[name]}
        have = {n.casefold(): n for n in current[name]}
        repo.remove_names(conn, initiative_id, name, [have[k] for k in have if k not in want])
        repo.add_names(conn, initiative_id, name, [want[k] for k in want if k not in have])
    if isinstance(wanted["slug"], str) and wanted["slug"] != current["slug"]:
        held = repo.fetch_initiative(conn, initiative_id).slug
        settling.record_claim(conn, initiative_id, None)
        rank = replicas.created_rank(conn, initiative_id)
        slug = settling.claim_slug(conn, wanted["slug"], rank, initiative_id)
        if slug != held:
            repo.update_initiative(conn, initiative_id, {"slug": slug})
            settling.free_slug(conn, held)


def _value_key(value: Any) -> Any:
    if isinstance(value, dict) and "earliest" in value:
        return (value.get("earliest"), value.get("latest"), value.get("text"))
    return value


#: The fields whose changes are compared for conflicts.
_COMPARED = frozenset([*TRACKED_FIELDS, *DESCRIPTIVE_FIELDS])


def _conflicts(
    conn: sqlite3.Connection,
    initiative_id: int,
    entries: Sequence[Any],
    received: set[str],
    origin: dict[str, str | None],
) -> list[SyncConflict]:
    """Where an entry changed a field from a value other than the one the history had
    at that point, because the entry that set that value came from another replica
    that its author had not seen: one of the two just received."""
    setter: dict[str, Any] = {}
    value: dict[str, Any] = {}
    found: list[SyncConflict] = []
    for entry in live(entries):
        for name, change in entry.changes.items():
            if name not in _COMPARED or not isinstance(change, dict) or "to" not in change:
                continue
            before = setter.get(name)
            if (
                entry.event != "created"
                and before is not None
                and before.event != "created"
                and "from" in change
                and _value_key(change["from"]) != _value_key(value.get(name))
                and origin.get(before.uuid) != origin.get(entry.uuid)
                and (before.uuid in received or entry.uuid in received)
            ):
                found.append(
                    SyncConflict(
                        initiative=repo.current_fields(conn, initiative_id)["slug"],
                        field=name,
                        kept=SyncSide(entry.uuid, change["to"], origin.get(entry.uuid)),
                        other=SyncSide(before.uuid, value.get(name), origin.get(before.uuid)),
                    )
                )
            setter[name] = entry
            value[name] = change["to"]
    return found
