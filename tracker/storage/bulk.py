"""Writing many new initiatives at once (``tracker import``), inside the caller's
transaction.

:class:`Rows` writes each row as it comes (the repository functions); :class:`Batch`
has the same methods but queues new initiatives, their names, sources and history
rows, and writes them a few thousand at a time with ``executemany``. The rows and
their ids are exactly those :class:`Rows` would write.

Inserting one row at a time costs a statement each (about 10 microseconds with its
index updates). The search index is not written row by row either: the rows written
are noted, and indexed a few thousand at a time before the transaction commits
(:mod:`tracker.storage.search`).

Inserting a row into a table with many indexes costs a b-tree update for each
(updates has eleven: a million synced rows take 22 s with them, 11 s without and 3 s
to build them afterwards), so a load of many more rows than a table holds sets its
secondary indexes aside (:class:`IndexesAside`) and builds them again once written.

A batch only holds NEW initiatives: before anything reads or changes an initiative
that may be queued (a later record naming the same uuid or slug, a parent link),
the caller flushes it. A load into a table much smaller than it (the first
:attr:`Batch.SIZE` initiatives queued while the database holds fewer) writes with the
secondary indexes of ``initiatives`` and ``updates`` set aside, and
:meth:`Batch.flush` builds them again before the caller reads anything (100,000
initiatives: 3.6 s rather than 7.2 s of SQLite's work).
"""

from __future__ import annotations

import sqlite3
from operator import itemgetter
from typing import Any

from tracker.domain.initiatives import Source
from tracker.storage import repository as repo

#: Every column an update row may have, in a fixed order for executemany.
_UPDATE_COLUMNS = (
    "uuid",
    "initiative_id",
    "recorded_at",
    "effective",
    "event",
    "status_from",
    "status_to",
    "progress_from",
    "progress_to",
    "confidence_from",
    "confidence_to",
    "confidence_note",
    "deadline_from",
    "deadline_to",
    "deadline_to_latest",
    "edits",
    "note",
    "source_id",
    "quote",
    "accessed",
    "ref",
    "author",
    "target",
    "clock",
    "origin",
    "initial",
)
_UPDATE_BLANK = dict.fromkeys(_UPDATE_COLUMNS)
_update_row = itemgetter(*_UPDATE_COLUMNS)
#: Columns with a NOT NULL default an initiative row may leave out.
_INITIATIVE_DEFAULTS = {
    "summary": "",
    "tags_json": "[]",
    "jurisdictions_json": "[]",
    "sponsors_json": "[]",
}


class Rows:
    """Write each row at once (the ordinary path)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._clock: int | None = None

    def taken(self, uuid: str | None = None, slug: str | None = None) -> bool:
        """Whether a queued (not yet written) initiative has this uuid or slug."""
        return False

    def insert_initiative(self, values: dict[str, Any]) -> int:
        return repo.insert_initiative(self.conn, values)

    def add_names(self, initiative_id: int, list_name: str, names: list[str]) -> None:
        repo.add_names(self.conn, initiative_id, list_name, names)

    def link_source(
        self, initiative_id: int, source: Source, quote: str | None, accessed: str | None = None
    ) -> None:
        repo.link_source(self.conn, initiative_id, source, quote, accessed)

    def insert_update(self, values: dict[str, Any]) -> None:
        if "clock" not in values:
            values = {**values, "clock": self.clock()}
        repo.insert_update(self.conn, values)

    def queued_entry(self, uuids: set[str]) -> bool:
        """Whether a queued history entry has one of these uuids."""
        return False

    def claim(self) -> None:
        """Answer lookups where the rows written make them known (:class:`Batch`)."""

    def release(self) -> None:
        """Write what is queued and stop answering lookups (:meth:`Batch.release`)."""
        self.flush()

    def absent(self, uuid: str | None, slug: str | None) -> bool:
        """Whether no initiative is known, without a query, to have this uuid or slug,
        or to have had the slug (:meth:`Batch.absent`); False: not known."""
        return False

    def new_entries(self, uuids: set[str]) -> bool:
        """Whether no history entry is known, without a query, to have one of these
        uuids (:meth:`Batch.new_entries`); False: not known."""
        return False

    def remember_ref(self, initiative_id: int, ref: str, now: str) -> None:
        repo.remember_ref(self.conn, initiative_id, ref, now)

    def clock(self) -> int:
        """The Lamport clock of the entries this command makes (one for all of them:
        :data:`tracker.storage.repository.NEXT_CLOCK` when the first is made)."""
        if self._clock is None:
            self._clock = repo.next_clock(self.conn)
        return self._clock

    def flush(self) -> None:
        pass


class Captured(Rows):
    """Keep the history rows written, unwritten (:attr:`updates`), for a caller that
    computes from them (a replay) before it queues them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__(conn)
        self.updates: list[dict[str, Any]] = []

    def insert_update(self, values: dict[str, Any]) -> None:
        self.updates.append(values)


def stored_update(values: dict[str, Any]) -> dict[str, Any]:
    """A history row as ``updates`` stores it (every column; those not given NULL)."""
    return {**_UPDATE_BLANK, **values}


def history_order(row: dict[str, Any]) -> tuple[Any, ...]:
    """The sort key of a history row in history order (the ``created`` entry first, then
    by effective day, clock, recording time and uuid), as
    :func:`tracker.storage.repository.history_rows_with_ids` orders them."""
    return (
        row["event"] != "created",
        row["effective"],
        row["clock"],
        row["recorded_at"],
        row["uuid"],
    )


class Batch(Rows):
    """Queue new initiatives and write them :attr:`SIZE` at a time."""

    #: How many initiatives are queued before they are written.
    SIZE = 5000

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__(conn)
        self._next_id: int | None = None
        self._initiatives: list[dict[str, Any]] = []
        self._names: dict[str, list[tuple[int, str]]] = {name: [] for name in repo.NAME_LISTS}
        self._sources: list[tuple[int, int, str | None, str | None]] = []
        self._updates: list[tuple[Any, ...]] = []
        self._uuids: set[str] = set()
        self._slugs: set[str] = set()
        self._entries: set[str] = set()
        self._refs: list[tuple[int, str, str]] = []
        self._name_rows: dict[tuple[str, str], tuple[int, str]] = {}
        self._aside: list[IndexesAside] | None = None
        #: Whether every initiative, old slug and history entry stored was written by
        #: this batch (:meth:`claim`), with the uuids, slugs and entry uuids it wrote.
        self._sole = False
        self._ever_uuids: set[str] = set()
        self._ever_slugs: set[str] = set()
        self._ever_entries: set[str] = set()

    def claim(self) -> None:
        """Answer for the database while it holds only what this batch writes: if it
        holds no initiative, old slug or history entry now, :meth:`absent` and
        :meth:`new_entries` say what a lookup would, without one, until
        :meth:`release`."""
        self._sole = not self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM initiatives) OR EXISTS (SELECT 1 FROM slug_aliases)"
            " OR EXISTS (SELECT 1 FROM updates)"
        ).fetchone()[0]

    def release(self) -> None:
        """Write everything queued (:meth:`flush`) and stop answering for the database:
        the caller writes past the batch."""
        self.flush()
        self._sole = False
        self._ever_uuids.clear()
        self._ever_slugs.clear()
        self._ever_entries.clear()

    def absent(self, uuid: str | None, slug: str | None) -> bool:
        """True when no initiative has this uuid or slug, nor had this slug (so
        :func:`tracker.storage.repository.id_by_uuid`, ``id_by_slug`` and ``id_by_alias``
        give None), known without a query; False when not known so."""
        return (
            self._sole
            and (uuid is None or uuid not in self._ever_uuids)
            and (slug is None or slug not in self._ever_slugs)
        )

    def new_entries(self, uuids: set[str]) -> bool:
        """True when no history entry, stored or queued, has one of these uuids, known
        without a query; False when not known so."""
        return self._sole and self._ever_entries.isdisjoint(uuids)

    def queued_entry(self, uuids: set[str]) -> bool:
        """Whether a queued history entry has one of these uuids."""
        return not self._entries.isdisjoint(uuids)

    def taken(self, uuid: str | None = None, slug: str | None = None) -> bool:
        return (uuid is not None and uuid in self._uuids) or (
            slug is not None and slug in self._slugs
        )

    def insert_initiative(self, values: dict[str, Any]) -> int:
        if self._next_id is None:
            row = self.conn.execute("SELECT max(id) FROM initiatives").fetchone()
            self._next_id = (row[0] or 0) + 1
        initiative_id = self._next_id
        self._next_id += 1
        self._initiatives.append({**_INITIATIVE_DEFAULTS, **values, "id": initiative_id})
        self._uuids.add(values["uuid"])
        self._slugs.add(values["slug"])
        if self._sole:
            self._ever_uuids.add(values["uuid"])
            self._ever_slugs.add(values["slug"])
        return initiative_id

    def add_names(self, initiative_id: int, list_name: str, names: list[str]) -> None:
        self._names[list_name].extend((initiative_id, name) for name in names)

    def link_source(
        self, initiative_id: int, source: Source, quote: str | None, accessed: str | None = None
    ) -> None:
        # The document is recorded now, as Rows would, so it gets the same id.
        document = repo.source_id(self.conn, source)
        self._sources.append((initiative_id, document, quote, accessed))

    def insert_update(self, values: dict[str, Any]) -> None:
        unknown = values.keys() - _UPDATE_BLANK.keys()
        if unknown:
            raise ValueError(f"not columns of updates: {sorted(unknown)}")
        if "clock" not in values:
            if self._clock is None and self._updates:
                self._write()  # the clock made now is above the queued entries' (Rows's)
            values = {**values, "clock": self.clock()}
        row = {**_UPDATE_BLANK, **values}
        self._updates.append(_update_row(row))
        self._entries.add(row["uuid"])
        if self._sole:
            self._ever_entries.add(row["uuid"])
        if len(self._initiatives) >= self.SIZE or len(self._updates) >= 10 * self.SIZE:
            self._write()

    def remember_ref(self, initiative_id: int, ref: str, now: str) -> None:
        """Queue :func:`tracker.storage.repository.remember_ref`."""
        self._refs.append((initiative_id, ref, now))

    def _name(self, list_name: str, name: str) -> tuple[int, str]:
        key = (list_name, name)
        row = self._name_rows.get(key)
        if row is None:
            row = self._name_rows[key] = repo.name_row(self.conn, list_name, name)
        return row

    def flush(self) -> None:
        """Write everything queued, in the order it came, with every index in place:
        the caller may read anything after it."""
        self._write()
        if self._aside is not None:
            for aside in self._aside:
                aside.restore()

    def _write(self) -> None:
        if self._aside is None and len(self._initiatives) >= self.SIZE:
            # The first full batch: a load much larger than the tables (once decided,
            # the indexes stay aside until flush, and are never set aside again).
            first = self._initiatives[0]["id"]
            self._aside = (
                [IndexesAside(self.conn, "initiatives"), IndexesAside(self.conn, "updates")]
                if first <= self.SIZE
                else []
            )
        if self._initiatives:
            self._flush_initiatives()
        self.conn.executemany(repo.LINK_SOURCE, self._sources)
        self.conn.executemany(
            f"INSERT INTO updates ({', '.join(_UPDATE_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(_UPDATE_COLUMNS))})",
            self._updates,
        )
        self.conn.executemany(repo.REMEMBER_REF, self._refs)
        self._sources.clear()
        self._updates.clear()
        self._entries.clear()
        self._refs.clear()

    def _flush_initiatives(self) -> None:
        conn = self.conn
        first = self._initiatives[0]["id"]
        # Name links, and each initiative's names as the JSON column add_names keeps.
        links: dict[str, list[tuple[int, int]]] = {}
        for list_name, named_pairs in self._names.items():
            named: dict[int, dict[int, str]] = {}
            for initiative_id, name in named_pairs:
                name_id, stored = self._name(list_name, name)
                named.setdefault(initiative_id, {})[name_id] = stored
            links[list_name] = [(i, name_id) for i, ids in named.items() for name_id in ids]
            for initiative_id, ids in named.items():
                self._initiatives[initiative_id - first][f"{list_name}_json"] = repo.names_json(
                    ids.values()
                )
        columns = list(self._initiatives[0])
        if any(row.keys() != self._initiatives[0].keys() for row in self._initiatives):
            raise ValueError("queued initiatives must all have the same columns")
        conn.executemany(
            f"INSERT INTO initiatives ({', '.join(columns)})"
            f" VALUES ({', '.join('?' * len(columns))})",
            map(itemgetter(*columns), self._initiatives),
        )
        for list_name, pairs in links.items():
            _, link, column = repo.NAME_LISTS[list_name]
            conn.executemany(f"INSERT INTO {link} (initiative_id, {column}) VALUES (?, ?)", pairs)
        self._next_id = None
        self._initiatives.clear()
        for queued in self._names.values():
            queued.clear()
        self._uuids.clear()
        self._slugs.clear()


class IndexesAside:
    """A table's secondary indexes (those SQLite did not make for a constraint, and
    not unique ones, which a write must check), dropped for a large load and created
    again from their own stored SQL by :meth:`restore`. Inside the caller's
    transaction: if it rolls back, the indexes come back with it, so no committed
    schema ever lacks one. Nothing may read the table by those indexes until they are
    restored (a query would still be right, but would scan the table)."""

    def __init__(self, conn: sqlite3.Connection, table: str) -> None:
        self.conn = conn
        self._indexes: list[tuple[str, str]] = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
            " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name",
            [table],
        ).fetchall()
        for name, _ in self._indexes:
            conn.execute(f'DROP INDEX "{name}"')

    def restore(self) -> None:
        """Build the indexes again (once; a second call does nothing)."""
        for _, sql in self._indexes:
            self.conn.execute(sql)
        self._indexes = []
