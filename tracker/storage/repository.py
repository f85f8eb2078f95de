"""Every SQL statement tracker runs, behind small functions.

Functions take a ``sqlite3.Connection`` that is already inside a transaction
opened by :class:`tracker.storage.database.Database` and return plain values or
domain records. Nothing here decides policy (what an update changes, which
reference wins): that is :mod:`tracker.api`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, cast

from tracker.domain import replay
from tracker.domain.initiatives import HistoryEntry, Initiative, Source, SourceLink
from tracker.domain.replay import Cited
from tracker.domain.windows import Precision, Window, parse_iso_window

#: A row as the cursors of :func:`tuples` give it (no row factory).
Row = tuple[Any, ...]

#: Link tables for the many-to-many name lists: list name -> (table, link table, column).
NAME_LISTS = {
    "tags": ("tags", "initiative_tags", "tag_id"),
    "jurisdictions": ("jurisdictions", "initiative_jurisdictions", "jurisdiction_id"),
    "sponsors": ("sponsors", "initiative_sponsors", "sponsor_id"),
}

#: Fields an update can change (``<name>_from``/``<name>_to`` columns in ``updates``).
TRACKED_FIELDS = replay.TRACKED_FIELDS

# -- reading initiatives ---------------------------------------------------------------


def _stored_window(text: str, earliest: str, latest: str, precision: str) -> Window:
    """A window from columns the schema's CHECKs already guard: the quick way first,
    the validating :func:`parse_iso_window` (with its clear message) if anything is off."""
    try:
        return Window(
            text, date.fromisoformat(earliest), date.fromisoformat(latest), _PRECISIONS[precision]
        )
    except (KeyError, TypeError, ValueError):
        return parse_iso_window(text, earliest, latest, precision)


_PRECISIONS = {str(p): p for p in Precision}


class _Windows(dict[Row, Window | None]):
    """Windows read from stored columns, one instance per distinct value (they are
    immutable, and deadlines cluster: "by 2027", "end-2025")."""

    def __missing__(self, key: Row) -> Window | None:
        window = None if key[2] is None else _stored_window(*key)
        self[key] = window
        return window


_INITIATIVE_COLUMNS = (
    "i.id, i.uuid, i.slug, i.title, i.summary, i.kind, i.status, i.confidence, i.progress,"
    " i.announced_text, i.announced_date, i.announced_latest, i.announced_precision,"
    " i.deadline_text, i.deadline_earliest, i.deadline_latest, i.deadline_precision,"
    " i.baseline_text, i.baseline_earliest, i.baseline_latest, i.baseline_precision,"
    " p.slug, i.created_at, i.updated_at, i.confidence_note"
)
_SELECT_INITIATIVE = f"""
    SELECT {_INITIATIVE_COLUMNS}
    FROM initiatives i LEFT JOIN initiatives p ON p.id = i.parent_id
"""


def _initiatives_from(
    rows: Iterable[Row], names: dict[str, dict[int, list[str]]], wanted: set[int] | None = None
) -> dict[int, Initiative]:
    windows = _Windows()
    tags, jurisdictions, sponsors = (names[key] for key in NAME_LISTS)
    found: dict[int, Initiative] = {}
    for row in rows:
        initiative_id = row[0]
        if wanted is not None and initiative_id not in wanted:
            continue
        found[initiative_id] = _initiative(
            row,
            windows,
            tags.get(initiative_id, []),
            jurisdictions.get(initiative_id, []),
            sponsors.get(initiative_id, []),
        )
    return found


def _initiative(
    row: Row, windows: _Windows, tags: list[str], jurisdictions: list[str], sponsors: list[str]
) -> Initiative:
    """An initiative from a row of :data:`_INITIATIVE_COLUMNS` and its name lists."""
    return Initiative(
        id=row[0],
        uuid=row[1],
        slug=row[2],
        title=row[3],
        summary=row[4],
        kind=row[5],
        status=row[6],
        confidence=row[7],
        progress=row[8],
        announced=windows[row[9:13]] if row[10] is not None else None,
        deadline=windows[row[13:17]],
        baseline_deadline=windows[row[17:21]],
        parent=row[21],
        created_at=row[22],
        updated_at=row[23],
        confidence_note=row[24],
        tags=tags,
        jurisdictions=jurisdictions,
        sponsors=sponsors,
    )


def _names_for(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[str, dict[int, list[str]]]:
    result: dict[str, dict[int, list[str]]] = {name: {} for name in NAME_LISTS}
    if not ids:
        return result
    marks = ",".join("?" * len(ids))
    for list_name, (table, link, column) in NAME_LISTS.items():
        rows = conn.execute(
            f"SELECT l.initiative_id, n.name FROM {link} l JOIN {table} n ON n.id = l.{column} "
            f"WHERE l.initiative_id IN ({marks})",
            list(ids),
        )
        for initiative_id, name in rows:
            result[list_name].setdefault(initiative_id, []).append(name)
        for names in result[list_name].values():
            names.sort(key=_nocase)
    return result


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _nocase(name: str) -> str:
    """SQLite's NOCASE order (the names' own collation): ASCII letters folded, nothing else."""
    return name.translate(_ASCII_LOWER)


#: Above this many ids, one pass over each table beats chunks of ``IN (...)``.
_BULK = 5_000


def _all_names(conn: sqlite3.Connection) -> dict[str, dict[int, list[str]]]:
    """Every initiative's tags, jurisdictions and sponsors, sorted as :func:`_names_for`
    sorts them."""
    result: dict[str, dict[int, list[str]]] = {}
    for list_name, (table, link, column) in NAME_LISTS.items():
        labels: dict[int, str] = dict(tuples(conn, f"SELECT id, name FROM {table}"))
        rank = {i: n for n, i in enumerate(sorted(labels, key=lambda i: _nocase(labels[i])))}
        linked: dict[int, list[int]] = {}
        for initiative_id, name_id in tuples(conn, f"SELECT initiative_id, {column} FROM {link}"):
            if initiative_id in linked:
                linked[initiative_id].append(name_id)
            else:
                linked[initiative_id] = [name_id]
        into: dict[int, list[str]] = {}
        for initiative_id, name_ids in linked.items():
            if len(name_ids) > 1:
                name_ids.sort(key=rank.__getitem__)
            into[initiative_id] = [labels[i] for i in name_ids]
        result[list_name] = into
    return result


def tuples(
    conn: sqlite3.Connection, sql: str, params: Sequence[Any] | dict[str, Any] = ()
) -> list[Row]:
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params).fetchall()


def fetch_initiatives(conn: sqlite3.Connection, ids: Sequence[int]) -> list[Initiative]:
    """The initiatives with these ids, in the order given."""
    if len(ids) > _BULK:
        found = _initiatives_from(tuples(conn, _SELECT_INITIATIVE), _all_names(conn), set(ids))
        return [found[i] for i in ids if i in found]
    found = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = tuples(conn, f"{_SELECT_INITIATIVE} WHERE i.id IN ({marks})", chunk)
        found.update(_initiatives_from(rows, _names_for(conn, chunk)))
    return [found[i] for i in ids if i in found]


def fetch_initiative(conn: sqlite3.Connection, initiative_id: int) -> Initiative:
    return fetch_initiatives(conn, [initiative_id])[0]


def _name_ids(list_name: str) -> str:
    """A correlated subquery: the ids of an initiative's names of one list, as
    ``"3,17"`` (NULL for none), read from the link table's primary key alone."""
    _, link, column = NAME_LISTS[list_name]
    return f"(SELECT group_concat({column}) FROM {link} WHERE initiative_id = i.id)"


def _labels(conn: sqlite3.Connection, table: str) -> tuple[dict[str, str], dict[str, int]]:
    """A name table by id (as text, as group_concat gives it) and each id's rank in
    the order :func:`_names_for` sorts names by."""
    labels = {str(i): name for i, name in tuples(conn, f"SELECT id, name FROM {table}")}
    ranked = sorted(labels, key=lambda i: _nocase(labels[i]))
    return labels, {i: n for n, i in enumerate(ranked)}


def each_initiative(
    conn: sqlite3.Connection, where: str, params: Sequence[Any], order: str
) -> Iterator[Initiative]:
    """The initiatives ``where`` selects (a WHERE clause on ``i``) in ``order``, streamed
    from one statement: each row brings its names' ids, which the name tables (read
    once, a few hundred rows) turn into the sorted lists :func:`fetch_initiatives`
    gives. For a reader of tens of thousands of initiatives, one after another."""
    tables = {name: _labels(conn, table) for name, (table, _, _) in NAME_LISTS.items()}
    (tag_names, tag_rank), (place_names, place_rank), (sponsor_names, sponsor_rank) = (
        tables[name] for name in NAME_LISTS
    )

    def names(ids: str | None, labels: dict[str, str], rank: dict[str, int]) -> list[str]:
        if ids is None:
            return []
        if "," not in ids:
            return [labels[ids]]
        return [labels[i] for i in sorted(ids.split(","), key=rank.__getitem__)]

    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(
        f"SELECT {_INITIATIVE_COLUMNS}, {_name_ids('tags')}, {_name_ids('jurisdictions')},"
        f" {_name_ids('sponsors')} FROM initiatives i LEFT JOIN initiatives p"
        f" ON p.id = i.parent_id{where} ORDER BY {order}",
        params,
    )
    windows = _Windows()
    for row in cursor:
        yield _initiative(
            row,
            windows,
            names(row[25], tag_names, tag_rank),
            names(row[26], place_names, place_rank),
            names(row[27], sponsor_names, sponsor_rank),
        )


#: An initiative's descendants (children, their children ...), by the parent index;
#: a cycle cannot loop (UNION drops ids already found).
DESCENDANTS_SQL = (
    "WITH RECURSIVE below(id) AS ("
    " SELECT id FROM initiatives INDEXED BY idx_initiatives_parent WHERE parent_id = ?"
    " UNION SELECT c.id FROM initiatives c INDEXED BY idx_initiatives_parent"
    " JOIN below ON c.parent_id = below.id)"
    " SELECT id FROM below"
)


def descendant_ids(conn: sqlite3.Connection, initiative_id: int) -> list[int]:
    """Every initiative below ``initiative_id``, in no particular order."""
    return [row[0] for row in conn.execute(DESCENDANTS_SQL, [initiative_id])]


def latest_entry_day(conn: sqlite3.Connection, ids: list[int], until: date) -> date | None:
    """The last effective day, up to ``until``, of any history entry of these
    initiatives (an entry dated later has not happened yet)."""
    if not ids:
        return None
    latest = conn.execute(
        "SELECT max(effective) FROM updates WHERE initiative_id IN"
        " (SELECT value FROM json_each(?)) AND substr(effective, 1, 10) <= ?",
        [json.dumps(ids), until.isoformat()],
    ).fetchone()[0]
    return date.fromisoformat(latest[:10]) if latest else None


def children_ids(conn: sqlite3.Connection, initiative_id: int) -> list[int]:
    rows = conn.execute(
        # Without INDEXED BY the planner walks the whole title index to skip a sort.
        "SELECT id FROM initiatives INDEXED BY idx_initiatives_parent WHERE parent_id = ?"
        " ORDER BY title COLLATE NOCASE, id",
        [initiative_id],
    )
    return [row[0] for row in rows]


def ancestors(conn: sqlite3.Connection, initiative_id: int) -> list[int]:
    rows = conn.execute(
        """
        WITH RECURSIVE up(id) AS (
            SELECT parent_id FROM initiatives WHERE id = ?
            UNION SELECT i.parent_id FROM initiatives i JOIN up ON i.id = up.id
        )
        SELECT id FROM up WHERE id IS NOT NULL
        """,
        [initiative_id],
    )
    return [row[0] for row in rows]


# -- references ------------------------------------------------------------------------


def id_by_id(conn: sqlite3.Connection, initiative_id: int) -> int | None:
    row = conn.execute("SELECT id FROM initiatives WHERE id = ?", [initiative_id]).fetchone()
    return row[0] if row else None


def id_by_slug(conn: sqlite3.Connection, slug: str) -> int | None:
    row = conn.execute("SELECT id FROM initiatives WHERE slug = ?", [slug]).fetchone()
    return row[0] if row else None


def ids_by_slugs(conn: sqlite3.Connection, slugs: Iterable[str]) -> dict[str, int]:
    """The id of each of these slugs that an initiative has now (one query)."""
    rows = conn.execute(
        "SELECT slug, id FROM initiatives WHERE slug IN (SELECT value FROM json_each(?))",
        [json.dumps(list(slugs))],
    )
    return dict(rows.fetchall())


def ids_by_uuid_prefix(
    conn: sqlite3.Connection, prefix: str, limit: int = 6
) -> list[tuple[int, str]]:
    # uuid is UNIQUE, so its index serves this range scan.
    upper = prefix + "\uffff"
    return conn.execute(
        "SELECT id, slug FROM initiatives WHERE uuid >= ? AND uuid < ? ORDER BY uuid LIMIT ?",
        [prefix, upper, limit],
    ).fetchall()


def like_pattern(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere (used with ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def slug_candidates(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """Every name an initiative answers to, as (name, its current slug): its slug (read
    from the slug index alone) and its old slugs. What a mistyped REF is compared with."""
    names = [(row[0], row[0]) for row in conn.execute("SELECT slug FROM initiatives")]
    old = conn.execute(  # CROSS JOIN: the few old slugs first, each initiative by its id
        "SELECT a.slug, i.slug FROM slug_aliases a CROSS JOIN initiatives i"
        " ON i.id = a.initiative_id WHERE a.slug != i.slug"
    )
    return names + [(row[0], row[1]) for row in old]


def slug_exists(conn: sqlite3.Connection, slug: str) -> bool:
    return id_by_slug(conn, slug) is not None


def slug_of(conn: sqlite3.Connection, initiative_id: int) -> str:
    row = conn.execute("SELECT slug FROM initiatives WHERE id = ?", [initiative_id]).fetchone()
    return str(row[0])


def id_by_alias(conn: sqlite3.Connection, slug: str) -> int | None:
    """The initiative that ``slug`` named before a rename (``slug_aliases``)."""
    row = conn.execute("SELECT initiative_id FROM slug_aliases WHERE slug = ?", [slug]).fetchone()
    return row[0] if row else None


def slug_reserved(conn: sqlite3.Connection, slug: str, initiative_id: int = 0) -> int | None:
    """The initiative, other than ``initiative_id``, that holds ``slug`` or held it
    before a rename: a new slug is never one of these."""
    row = conn.execute(
        "SELECT id FROM initiatives WHERE slug = :s AND id != :i"
        " UNION ALL SELECT initiative_id FROM slug_aliases WHERE slug = :s"
        " AND initiative_id != :i LIMIT 1",
        {"s": slug, "i": initiative_id},
    ).fetchone()
    return row[0] if row else None


def titles_near(conn: sqlite3.Connection, title: str, each_side: int) -> list[tuple[int, str]]:
    """The titles next to ``title`` in alphabetical order (any case), ``each_side`` after
    and before it, as (id, title): read from the title index alone, never a scan."""
    after = conn.execute(
        "SELECT id, title FROM initiatives WHERE title >= ? COLLATE NOCASE"
        " ORDER BY title COLLATE NOCASE LIMIT ?",
        [title, each_side],
    ).fetchall()
    before = conn.execute(
        "SELECT id, title FROM initiatives WHERE title < ? COLLATE NOCASE"
        " ORDER BY title COLLATE NOCASE DESC LIMIT ?",
        [title, each_side],
    ).fetchall()
    return [(row[0], row[1]) for row in (*after, *before)]


def uuid_exists(conn: sqlite3.Connection, uuid: str) -> bool:
    return conn.execute("SELECT 1 FROM initiatives WHERE uuid = ?", [uuid]).fetchone() is not None


# -- writing initiatives ---------------------------------------------------------------


#: The four columns a window is stored in, by prefix (announced's are named apart).
_WINDOW_COLUMNS = {
    prefix: tuple(f"{prefix}_{part}" for part in ("text", "earliest", "latest", "precision"))
    for prefix in ("deadline", "baseline")
} | {"announced": ("announced_text", "announced_date", "announced_latest", "announced_precision")}


_NO_WINDOW = ((None, None, None, None), None)


@lru_cache(maxsize=8192)
def _window_values(window: Window) -> tuple[tuple[str, ...], str]:
    """A window's four stored column values and its JSON; remembered, as a batch repeats
    a few windows many times."""
    parts = window.to_dict()
    return tuple(parts.values()), json.dumps(parts, ensure_ascii=False)


def window_columns(prefix: str, window: Window | None) -> dict[str, Any]:
    values = _window_values(window) if window is not None else _NO_WINDOW
    return dict(zip(_WINDOW_COLUMNS[prefix], values[0], strict=True))


def announced_columns(window: Window | None) -> dict[str, Any]:
    return window_columns("announced", window)


@lru_cache(maxsize=256)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


@lru_cache(maxsize=256)
def _update_sql(table: str, columns: tuple[str, ...]) -> str:
    # ``updated_at`` never goes back: the newest of the entries' times, so replicas that
    # have seen the same entries agree, though a machine's clock runs behind.
    sets = (f"{c} = max({c}, ?)" if c == "updated_at" else f"{c} = ?" for c in columns)
    return f"UPDATE {table} SET {', '.join(sets)} WHERE id = ?"


def _insert(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> int:
    """Insert one row from a column -> value mapping; returns its rowid."""
    cursor = conn.execute(_insert_sql(table, tuple(values)), tuple(values.values()))
    return cast(int, cursor.lastrowid)


def insert_initiative(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return _insert(conn, "initiatives", values)


#: The columns that keep a copy of what an initiative's history replays to.
REPLAYED_COLUMNS = (
    "status",
    "progress",
    "confidence",
    "confidence_note",
    *_WINDOW_COLUMNS["deadline"],
    *_WINDOW_COLUMNS["baseline"],
)


def replayed_columns(replayed: replay.Replayed[Any]) -> dict[str, Any]:
    """The stored copy of a replay (:func:`tracker.domain.replay.replay`): the values of
    :data:`REPLAYED_COLUMNS`, in that order."""

    def window(data: dict[str, Any] | None) -> Window | None:
        return parse_iso_window(**data) if data else None

    return {
        "status": replayed.status,
        "progress": replayed.progress,
        "confidence": replayed.confidence,
        "confidence_note": replayed.confidence_note,
        **window_columns("deadline", window(replayed.deadline)),
        **window_columns("baseline", window(replayed.baseline)),
    }


def created_columns(row: dict[str, Any]) -> dict[str, Any]:
    """:func:`replayed_columns` of a history that is only this ``created`` entry (its
    row, as ``updates`` stores it, columns not given NULL), read off it without a
    replay: its own values; its deadline is its baseline and a confidence note counts
    with a confidence only. ``tests/test_import.py`` compares it with the replay."""
    deadline = window_from_json(row.get("deadline_to"))
    confidence = row.get("confidence_to")
    return {
        "status": row.get("status_to"),
        "progress": row.get("progress_to"),
        "confidence": confidence,
        "confidence_note": row.get("confidence_note") if confidence is not None else None,
        **window_columns("deadline", deadline),
        **window_columns("baseline", deadline),
    }


def update_initiative(conn: sqlite3.Connection, initiative_id: int, values: dict[str, Any]) -> None:
    if not values:
        return
    conn.execute(_update_sql("initiatives", tuple(values)), (*values.values(), initiative_id))


def delete_initiative(conn: sqlite3.Connection, initiative_id: int) -> None:
    conn.execute("DELETE FROM initiatives WHERE id = ?", [initiative_id])


def name_row(conn: sqlite3.Connection, list_name: str, name: str) -> tuple[int, str]:
    """The id and stored spelling of a tag, jurisdiction or sponsor (matched without
    regard to ASCII case), recording it on first sight."""
    table = NAME_LISTS[list_name][0]
    conn.execute(f"INSERT INTO {table} (name) VALUES (?) ON CONFLICT (name) DO NOTHING", [name])
    row_id, stored = conn.execute(f"SELECT id, name FROM {table} WHERE name = ?", [name]).fetchone()
    return row_id, stored


#: SQLite's NOCASE folds ASCII letters only; sorting by this key orders names as it does.
_NOCASE = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def names_json(names: Iterable[str]) -> str:
    """``initiatives.<list>_json`` for these (distinct, stored) names: what
    json_group_array gives in :func:`_refresh_names_json`'s NOCASE order."""
    from json.encoder import encode_basestring  # json.dumps' own string quoting

    ordered = sorted(names, key=lambda name: name.translate(_NOCASE))
    return "[" + ",".join(map(encode_basestring, ordered)) + "]"


def add_names(
    conn: sqlite3.Connection, initiative_id: int, list_name: str, names: Iterable[str]
) -> list[str]:
    """Link names (creating them if new); returns the names that were not linked before."""
    _, link, column = NAME_LISTS[list_name]
    added = []
    for name in names:
        name_id = name_row(conn, list_name, name)[0]
        cursor = conn.execute(
            f"INSERT OR IGNORE INTO {link} (initiative_id, {column}) VALUES (?, ?)",
            [initiative_id, name_id],
        )
        if cursor.rowcount:
            added.append(name)
    if added:
        _refresh_names_json(conn, initiative_id, list_name)
    return added


def remove_names(
    conn: sqlite3.Connection, initiative_id: int, list_name: str, names: Iterable[str]
) -> list[str]:
    """Unlink names (matched case-blind, as they are stored); returns those that were
    linked, spelled as stored, so the history says what was removed."""
    table, link, column = NAME_LISTS[list_name]
    removed = []
    for name in names:
        row = conn.execute(f"SELECT id, name FROM {table} WHERE name = ?", [name]).fetchone()
        if row is None:
            continue
        cursor = conn.execute(
            f"DELETE FROM {link} WHERE initiative_id = ? AND {column} = ?", [initiative_id, row[0]]
        )
        if cursor.rowcount:
            removed.append(row[1])
    if removed:
        _refresh_names_json(conn, initiative_id, list_name)
    return removed


def names_json_sql(list_name: str) -> str:
    """SQL for ``initiatives.<list>_json`` of the row being updated: its names as a JSON
    array in NOCASE order."""
    table, link, column = NAME_LISTS[list_name]
    return (
        f"coalesce((SELECT json_group_array(name) FROM (SELECT n.name FROM {link} l"
        f" JOIN {table} n ON n.id = l.{column} WHERE l.initiative_id = initiatives.id"
        " ORDER BY n.name COLLATE NOCASE)), '[]')"
    )


def _refresh_names_json(conn: sqlite3.Connection, initiative_id: int, list_name: str) -> None:
    """Keep ``initiatives.<list>_json`` (the names as a JSON array, NOCASE order) in step
    with the link table: every change to a name list goes through add/remove_names (or
    :func:`names_json` for a bulk insert)."""
    conn.execute(
        f"UPDATE initiatives SET {list_name}_json = {names_json_sql(list_name)} WHERE id = ?",
        [initiative_id],
    )


def linked_names(conn: sqlite3.Connection, initiative_id: int, list_name: str) -> list[str]:
    return _names_for(conn, [initiative_id])[list_name].get(initiative_id, [])


# -- sources ---------------------------------------------------------------------------


def source_id(conn: sqlite3.Connection, source: Source, *, overwrite: bool = False) -> int:
    """The id of this document in the catalogue (``sources``: one row per URL, else per
    title), recording it on first sight. A known document takes the fields it lacks
    from ``source``; with ``overwrite`` (an analyst giving them on purpose) every field
    ``source`` gives replaces the stored one."""
    row = conn.execute("SELECT id FROM sources WHERE key = ?", [source.key]).fetchone()
    if row:
        first, second = ("?", "{0}") if overwrite else ("{0}", "?")
        sets = ", ".join(
            f"{name} = coalesce({first.format(name)}, {second.format(name)})"
            for name in ("title", "publisher", "published", "url")
        )
        conn.execute(
            f"UPDATE sources SET {sets} WHERE id = ?",
            [source.title, source.publisher, source.published, source.url, row[0]],
        )
        found: int = row[0]
        return found
    cursor = conn.execute(
        "INSERT INTO sources (key, title, publisher, published, url) VALUES (?, ?, ?, ?, ?)",
        [source.key, source.title, source.publisher, source.published, source.url],
    )
    return cast(int, cursor.lastrowid)


#: Adding a document to an initiative's list of sources: a document already on it keeps
#: its place and takes the quote and accessed day given (the rule of
#: :func:`tracker.domain.replay.merge_cited`).
LINK_SOURCE = (
    "INSERT INTO initiative_sources (initiative_id, source_id, quote, accessed)"
    " VALUES (?, ?, ?, ?) ON CONFLICT (initiative_id, source_id) DO UPDATE SET"
    " quote = coalesce(excluded.quote, quote), accessed = coalesce(excluded.accessed, accessed)"
)


def link_source(
    conn: sqlite3.Connection,
    initiative_id: int,
    source: Source,
    quote: str | None,
    accessed: str | None = None,
) -> bool:
    """Merge a document into the stored list (for paths that append entries in history
    order; the others rewrite the list from the replay, :func:`store_sources`)."""
    document = source_id(conn, source)
    before = conn.execute(
        "SELECT quote, accessed FROM initiative_sources WHERE initiative_id = ? AND source_id = ?",
        [initiative_id, document],
    ).fetchone()
    conn.execute(LINK_SOURCE, [initiative_id, document, quote, accessed])
    if before is None:
        return True
    return (quote is not None and quote != before[0]) or (
        accessed is not None and accessed != before[1]
    )


def _source(row: sqlite3.Row | dict[str, Any], prefix: str = "") -> Source:
    return Source(
        title=row[f"{prefix}title"],
        publisher=row[f"{prefix}publisher"],
        published=row[f"{prefix}published"],
        url=row[f"{prefix}url"],
    )


def fetch_sources(conn: sqlite3.Connection, initiative_id: int) -> list[SourceLink]:
    """An initiative's list of sources, in order: each document with its quote and
    accessed day for this initiative."""
    return sources_of(conn, [initiative_id]).get(initiative_id, [])


def sources_of(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, list[SourceLink]]:
    """:func:`fetch_sources` of each of these initiatives (those with any), in one query."""
    rows = conn.execute(
        "SELECT l.initiative_id, s.title, s.publisher, s.published, s.url, l.quote, l.accessed"
        " FROM initiative_sources l JOIN sources s ON s.id = l.source_id"
        " WHERE l.initiative_id IN (SELECT value FROM json_each(?)) ORDER BY l.id",
        [json.dumps(list(ids))],
    )
    found: dict[int, list[SourceLink]] = {}
    for row in rows:
        found.setdefault(row["initiative_id"], []).append(
            SourceLink(_source(row), row["quote"], row["accessed"])
        )
    return found


def stored_cited(conn: sqlite3.Connection, initiative_id: int) -> list[Cited]:
    """The stored list of sources as the replay rule gives one (key, quote, accessed)."""
    rows = conn.execute(
        "SELECT s.key, l.quote, l.accessed FROM initiative_sources l"
        " JOIN sources s ON s.id = l.source_id WHERE l.initiative_id = ? ORDER BY l.id",
        [initiative_id],
    )
    return [Cited(*row) for row in rows]


def initial_sources(conn: sqlite3.Connection, initiative_id: int) -> list[Any]:
    """The sources a synced ``created`` entry's initial fields give (none for one made
    here: its evidence is its own)."""
    row = conn.execute(
        "SELECT initial FROM updates WHERE initiative_id = ? AND event = 'created'"
        " AND initial IS NOT NULL",
        [initiative_id],
    ).fetchone()
    if row is None:
        return []
    try:
        found = json.loads(row[0]).get("sources")
    except (ValueError, AttributeError):
        return []
    return list(found) if isinstance(found, list) else []


def replayed_sources(
    conn: sqlite3.Connection, initiative_id: int, entries: Sequence[HistoryEntry] | None = None
) -> list[Cited]:
    """The list of sources the initiative's history gives (the one rule,
    :func:`tracker.domain.replay.replay_sources`), from a synced created entry's initial
    sources on. ``entries``: its history in history order, when the caller has it."""
    if entries is None:
        entries = fetch_history(conn, initiative_id)
    return replay.replay_sources(entries, initial_sources(conn, initiative_id))


def store_sources(conn: sqlite3.Connection, initiative_id: int, items: Sequence[Cited]) -> None:
    """Rewrite an initiative's stored list of sources as ``items`` (the replay of its
    history): each key's document from the catalogue, recorded there if it is new."""
    conn.execute("DELETE FROM initiative_sources WHERE initiative_id = ?", [initiative_id])
    for item in items:
        row = conn.execute("SELECT id FROM sources WHERE key = ?", [item.key]).fetchone()
        document = row[0] if row else source_id(conn, Source.from_text(item.key))
        conn.execute(
            "INSERT INTO initiative_sources (initiative_id, source_id, quote, accessed)"
            " VALUES (?, ?, ?, ?)",
            [initiative_id, document, item.quote, item.accessed],
        )


# -- history ---------------------------------------------------------------------------


#: The largest clock an entry may carry (far above any real count, far below SQLite's
#: integer limit) and the highest clock this replica counts up from: a clock received
#: above it (a broken or hostile replica's) orders its entry, but does not lift the
#: clocks made here past what every replica accepts.
MAX_CLOCK = 2**53
CLOCK_CEILING = MAX_CLOCK - 2**32

#: The Lamport clock of an entry made now: above every clock this replica has seen
#: (its entries', and the floor ``replica.lamport`` kept for those since removed), up
#: to :data:`CLOCK_CEILING`.
NEXT_CLOCK = (
    f"(SELECT max(coalesce((SELECT max(clock) FROM updates WHERE clock <= {CLOCK_CEILING}),"
    " 0), lamport) + 1 FROM replica)"
)


def max_update_id(conn: sqlite3.Connection) -> int:
    """The largest history row id (about how many rows the history holds; at once)."""
    return cast(int, conn.execute("SELECT coalesce(max(id), 0) FROM updates").fetchone()[0])


def next_clock(conn: sqlite3.Connection) -> int:
    """The Lamport clock an entry made now gets (:data:`NEXT_CLOCK`)."""
    return cast(int, conn.execute(f"SELECT {NEXT_CLOCK}").fetchone()[0])


@lru_cache(maxsize=64)
def _insert_update_sql(columns: tuple[str, ...]) -> str:
    if "clock" in columns:
        return _insert_sql("updates", columns)
    return (
        f"INSERT INTO updates ({', '.join(columns)}, clock)"
        f" VALUES ({', '.join('?' * len(columns))}, {NEXT_CLOCK})"
    )


def insert_update(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    """Insert one history row; without a ``clock`` it gets :data:`NEXT_CLOCK`."""
    cursor = conn.execute(_insert_update_sql(tuple(values)), tuple(values.values()))
    return cast(int, cursor.lastrowid)


def update_ref_uuid(conn: sqlite3.Connection, initiative_id: int, ref: str) -> str | None:
    """Whether this idempotency key was applied: the uuid of the entry recorded with it,
    "" if it was applied and changed nothing, None if it is new."""
    found: str | None = conn.execute(
        f"SELECT {_ref_uuid_sql(':id', ':ref')}", {"id": initiative_id, "ref": ref}
    ).fetchone()[0]
    return found


def _ref_uuid_sql(initiative: str, ref: str, entry: str = "uuid") -> str:
    """SQL: :func:`update_ref_uuid` of the initiative id and ref these expressions give,
    the one rule for whether a ref was applied (NULL if not). ``entry``: what is given
    of the entry recorded with it (``"1"`` reads only the index)."""
    return (
        f"coalesce((SELECT {entry} FROM updates WHERE initiative_id = {initiative}"
        f" AND ref = {ref} LIMIT 1), (SELECT '' FROM applied_refs"
        f" WHERE initiative_id = {initiative} AND ref = {ref}))"
    )


def _later_sql(initiative: str, day: str) -> str:
    """SQL: "~" when an entry of the initiative other than its ``created`` one is
    effective after the day these expressions give, else NULL (:func:`update_context`)."""
    return (
        f"(SELECT '~' FROM updates WHERE initiative_id = {initiative} AND effective > {day}"
        " AND event != 'created' LIMIT 1)"
    )


REMEMBER_REF = (
    "INSERT OR IGNORE INTO applied_refs (initiative_id, ref, recorded_at) VALUES (?, ?, ?)"
)


def remember_ref(conn: sqlite3.Connection, initiative_id: int, ref: str, now: str) -> None:
    """Record that an update with this key was applied though it changed nothing."""
    conn.execute(
        REMEMBER_REF,
        [initiative_id, ref, now],
    )


def refs_applied(conn: sqlite3.Connection, keys: Sequence[tuple[Any, int, str]]) -> set[Any]:
    """Of these (label, initiative id, ref), the labels of those whose ref was applied
    (:func:`update_ref_uuid` finds it), in one query."""
    if not keys:
        return set()
    pairs = json.dumps([[initiative_id, ref] for _, initiative_id, ref in keys])
    applied = _ref_uuid_sql(
        "json_extract(p.value, '$[0]')", "json_extract(p.value, '$[1]')", entry="1"
    )
    found = conn.execute(
        f"SELECT p.key FROM json_each(?) AS p WHERE {applied} IS NOT NULL", [pairs]
    )
    return {keys[row[0]][0] for row in found}


_CURRENT = (
    "slug, status, progress, confidence, deadline_text, deadline_earliest, deadline_latest,"
    " deadline_precision, baseline_latest, confidence_note"
)


def _current(row: sqlite3.Row | Row) -> dict[str, Any]:
    return {
        "slug": row[0],
        "status": row[1],
        "progress": row[2],
        "confidence": row[3],
        "deadline": _stored_window(*row[4:8]) if row[6] is not None else None,
        "baseline": row[8],
        "confidence_note": row[9],
    }


def current_fields(conn: sqlite3.Connection, initiative_id: int) -> dict[str, Any]:
    """An initiative's slug and current tracked fields (deadline and baseline as windows)."""
    row = conn.execute(
        f"SELECT {_CURRENT} FROM initiatives WHERE id = ?", [initiative_id]
    ).fetchone()
    return _current(row)


#: What recording an update needs (:func:`update_context`).
UpdateContext = tuple[str | None, str | None, dict[str, Any]]


def update_context(
    conn: sqlite3.Connection, initiative_id: int, ref: str | None, day: date
) -> UpdateContext:
    """What recording an update needs, in one query: :func:`update_ref_uuid` of ``ref``;
    "~" when an entry other than the ``created`` one is effective after ``day`` (else
    None): an entry recorded now on ``day`` comes last in history order unless one is,
    since its clock is above every clock seen (:func:`next_clock`) and the created entry
    comes first whatever its day; and :func:`current_fields`."""
    row = conn.execute(
        f"SELECT {_CURRENT}, {_ref_uuid_sql(':id', ':ref')}, {_later_sql(':id', ':day')}"
        " FROM initiatives WHERE id = :id",
        {"id": initiative_id, "ref": ref, "day": day.isoformat()},
    ).fetchone()
    return row[10], row[11], _current(row)


def update_contexts(
    conn: sqlite3.Connection, wanted: Sequence[tuple[Any, int, date]]
) -> dict[Any, UpdateContext]:
    """:func:`update_context` of many updates, each (label, initiative id, day) whose
    ref is known to be new, in one query: by label, the same but for the ref's look-up
    (None)."""
    if not wanted:
        return {}
    later = _later_sql("i.id", "json_extract(p.value, '$[1]')")
    rows = conn.execute(
        f"SELECT p.key, {', '.join('i.' + c for c in _CURRENT.split(', '))},"
        f" {later}"
        " FROM json_each(?) AS p JOIN initiatives AS i ON i.id = json_extract(p.value, '$[0]')",
        [json.dumps([[initiative_id, day.isoformat()] for _, initiative_id, day in wanted])],
    )
    return {wanted[row[0]][0]: (None, row[11], _current(row[1:])) for row in rows}


def fetch_update(conn: sqlite3.Connection, uuid: str) -> HistoryEntry:
    return _history_rows(conn, "u.uuid = ?", [uuid])[0]


def window_to_json(window: Window | None) -> str | None:
    return _window_values(window)[1] if window is not None else None


#: Windows already read from their JSON (a Window is immutable): a bulk import reads
#: back the same few thousand deadlines it has just written.
_FROM_JSON: dict[str, Window] = {}


def window_from_json(text: str | None) -> Window | None:
    if text is None:
        return None
    window = _FROM_JSON.get(text)
    if window is None:
        data = json.loads(text)
        window = parse_iso_window(data["text"], data["earliest"], data["latest"], data["precision"])
        if len(_FROM_JSON) < 50_000:
            _FROM_JSON[text] = window
    return window


def _changes(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in ("status", "progress", "confidence"):
        if row[f"{name}_to"] is not None:
            changes[name] = {"from": row[f"{name}_from"], "to": row[f"{name}_to"]}
    if row["confidence_to"] is not None and row["confidence_note"] is not None:
        changes["confidence"]["note"] = row["confidence_note"]
    if row["deadline_to"] is not None:
        changes["deadline"] = {
            "from": json.loads(row["deadline_from"]) if row["deadline_from"] else None,
            "to": json.loads(row["deadline_to"]),
        }
    if row["edits"]:
        changes.update(json.loads(row["edits"]))
    return changes


@dataclass(frozen=True, slots=True)
class ReplayRow:
    """What replay reads of a history entry (:class:`tracker.domain.replay.Entry`: its
    tracked fields' changes, as :func:`_changes` has them), and where it came from, read
    without the rest of the entry: for replaying many initiatives at once (``tracker
    sync``)."""

    uuid: str
    event: str
    effective: str
    recorded_at: str
    target: str | None
    origin: str | None
    changes: dict[str, Any]
    #: its Lamport clock: with ``effective``, ``recorded_at`` and ``uuid``, its place in
    #: history order (:func:`history_key`)
    clock: int = 0


def history_key(entry: ReplayRow) -> tuple[bool, str, int, str, str]:
    """Where an entry goes in history order: the ``created`` entry first, then the
    others by effective day, clock, recording time and uuid (``ORDER BY`` of
    :func:`replay_rows`)."""
    return (entry.event != "created", entry.effective, entry.clock, entry.recorded_at, entry.uuid)


def _replay_changes(
    status: tuple[Any, Any],
    progress: tuple[Any, Any],
    confidence: tuple[Any, Any],
    deadline: tuple[str | None, str | None],
    confidence_note: str | None,
) -> dict[str, Any]:
    """The changes replay reads, from the tracked columns' (from, to) as stored."""
    changes: dict[str, Any] = {}
    if status[1] is not None:
        changes["status"] = {"from": status[0], "to": status[1]}
    if progress[1] is not None:
        changes["progress"] = {"from": progress[0], "to": progress[1]}
    if confidence[1] is not None:
        changes["confidence"] = {"from": confidence[0], "to": confidence[1]}
        if confidence_note is not None:
            changes["confidence"]["note"] = confidence_note
    if deadline[1] is not None:
        before = json.loads(deadline[0]) if deadline[0] else None
        changes["deadline"] = {"from": before, "to": json.loads(deadline[1])}
    return changes


def replay_row(
    uuid: str, event: str, effective: str, recorded_at: str, clock: int, tracked: dict[str, Any]
) -> ReplayRow:
    """The :class:`ReplayRow` :func:`replay_rows` reads back of an entry just written with
    these values (``tracked``: its tracked-field columns, as
    :func:`tracker.ops.history.write_entry` takes them; no target, no origin)."""
    get = tracked.get
    changes = _replay_changes(
        (get("status_from"), get("status_to")),
        (get("progress_from"), get("progress_to")),
        (get("confidence_from"), get("confidence_to")),
        (get("deadline_from"), get("deadline_to")),
        get("confidence_note"),
    )
    return ReplayRow(uuid, event, effective, recorded_at, None, None, changes, clock)


def replay_rows(conn: sqlite3.Connection, initiative_ids: list[int]) -> dict[int, list[ReplayRow]]:
    """The histories of these initiatives, in history order, as :class:`ReplayRow`."""
    found: dict[int, list[ReplayRow]] = {i: [] for i in initiative_ids}
    rows = conn.execute(
        "SELECT initiative_id, uuid, event, effective, recorded_at, target, origin, status_to,"
        " progress_to, confidence_to, deadline_to, status_from, progress_from, confidence_from,"
        " deadline_from, confidence_note, clock FROM updates WHERE initiative_id IN"
        f" ({','.join(map(str, initiative_ids))}) ORDER BY initiative_id, effective, clock,"
        " recorded_at, uuid"  # the order of idx_updates_initiative: no sort
    )
    for row in rows:
        changes = _replay_changes(
            (row[11], row[7]), (row[12], row[8]), (row[13], row[9]), (row[14], row[10]), row[15]
        )
        entry = ReplayRow(row[1], row[2], row[3], row[4], row[5], row[6], changes, row[16])
        if entry.event == "created":
            found[row[0]].insert(0, entry)  # first in history order, whatever its day
        else:
            found[row[0]].append(entry)
    return found


_HISTORY_SELECT = (
    "SELECT u.*, s.title AS s_title, s.publisher AS s_publisher, s.published AS s_published,"
    " s.url AS s_url FROM updates u {indexed}LEFT JOIN sources s ON s.id = u.source_id"
)


def history_rows_with_ids(
    conn: sqlite3.Connection, where: str, params: list[Any]
) -> list[tuple[int, int, HistoryEntry]]:
    """History entries matching ``where`` in history order, each as (row id, initiative
    id, entry)."""
    rows = conn.execute(
        _HISTORY_SELECT.format(indexed="")
        + f" WHERE {where} ORDER BY u.initiative_id, u.event != 'created', u.effective,"
        " u.clock, u.recorded_at, u.uuid",
        params,
    )
    return [(row["id"], row["initiative_id"], entry_from_row(row)) for row in rows]


def history_in_clock_order(
    conn: sqlite3.Connection, where: str, params: list[Any]
) -> Iterator[tuple[int, str, HistoryEntry, str | None]]:
    """History entries matching ``where`` by clock (a created entry first among those of
    its clock), streamed, as (initiative id, initiative uuid, entry, its ``initial``):
    the order a replica writes its sync log in."""
    cursor = conn.execute(
        "SELECT u.*, s.title AS s_title, s.publisher AS s_publisher,"
        " s.published AS s_published, s.url AS s_url, i.uuid AS i_uuid FROM updates u"
        " JOIN initiatives i ON i.id = u.initiative_id LEFT JOIN sources s ON s.id = u.source_id"
        f" WHERE {where} ORDER BY u.clock, u.event != 'created', u.id",
        params,
    )
    while rows := cursor.fetchmany(1000):
        for row in rows:
            yield row["initiative_id"], row["i_uuid"], entry_from_row(row), row["initial"]


def correction_rows(conn: sqlite3.Connection) -> list[tuple[int, int, HistoryEntry]]:
    """The entries that target another (retract, amend) in recording order, as (row id,
    initiative id, entry): few, read through ``idx_updates_target`` (left to itself, the
    planner walked the whole history in history order instead: 1.1 s at 1,000,000)."""
    rows = conn.execute(
        _HISTORY_SELECT.format(indexed="INDEXED BY idx_updates_target ")
        + " WHERE u.target IS NOT NULL ORDER BY u.id"
    )
    return [(row["id"], row["initiative_id"], entry_from_row(row)) for row in rows]


def entry_from_row(row: sqlite3.Row | dict[str, Any]) -> HistoryEntry:
    return HistoryEntry(
        uuid=row["uuid"],
        event=row["event"],
        recorded_at=row["recorded_at"],
        effective=row["effective"],
        changes=_changes(row),
        note=row["note"],
        source=SourceLink(_source(row, "s_"), row["quote"], row["accessed"])
        if row["source_id"]
        else None,
        ref=row["ref"],
        author=row["author"],
        target=row["target"],
        clock=row["clock"],
    )


def short_uuids(conn: sqlite3.Connection, uuids: Iterable[str], least: int = 8) -> dict[str, str]:
    """Each history entry's shortest uuid prefix (at least ``least`` characters, not
    ending in a dash) that names no other entry: time-ordered uuids made in the same
    minute share their first 8 characters. Two probes of the uuid index each."""
    result = {}
    for uuid in uuids:
        length = least
        for sql in (
            "SELECT uuid FROM updates WHERE uuid < ? ORDER BY uuid DESC LIMIT 1",
            "SELECT uuid FROM updates WHERE uuid > ? ORDER BY uuid LIMIT 1",
        ):
            row = conn.execute(sql, [uuid]).fetchone()
            if row is not None:
                same = next(
                    (n for n, (a, b) in enumerate(zip(uuid, row[0], strict=False)) if a != b), 0
                )
                length = max(length, same + 1)
        if uuid[length - 1 : length] == "-":
            length += 1
        result[uuid] = uuid[:length]
    return result


def _history_rows(conn: sqlite3.Connection, where: str, params: list[Any]) -> list[HistoryEntry]:
    return [entry for _, _, entry in history_rows_with_ids(conn, where, params)]


def fetch_history(conn: sqlite3.Connection, initiative_id: int) -> list[HistoryEntry]:
    """The history: the ``created`` entry, then updates by effective date and recording order."""
    return _history_rows(conn, "u.initiative_id = ?", [initiative_id])


# -- reports ---------------------------------------------------------------------------


def any_update_after(conn: sqlite3.Connection, day: date) -> bool:
    """Whether any history entry takes effect after ``day`` (served by idx_updates_effective)."""
    sql = "SELECT 1 FROM updates WHERE effective > ? LIMIT 1"
    return conn.execute(sql, [day.isoformat()]).fetchone() is not None


# -- export ----------------------------------------------------------------------------


def export_order(conn: sqlite3.Connection) -> list[tuple[int, str | None]]:
    """Every initiative as (id, its parent's uuid), in uuid order: a stable order that
    does not depend on local ids."""
    return tuples(
        conn,
        "SELECT i.id, p.uuid FROM initiatives i LEFT JOIN initiatives p ON p.id = i.parent_id"
        " ORDER BY i.uuid",
    )


def applied_refs(conn: sqlite3.Connection, initiative_id: int) -> list[str]:
    """The remembered refs of updates that changed nothing, in key order."""
    return applied_refs_of(conn, [initiative_id]).get(initiative_id, [])


def applied_refs_of(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, list[str]]:
    """:func:`applied_refs` of each of these initiatives (those with any), in one query."""
    rows = tuples(
        conn,
        "SELECT initiative_id, ref FROM applied_refs WHERE initiative_id IN"
        " (SELECT value FROM json_each(?)) ORDER BY initiative_id, ref",
        [json.dumps(list(ids))],
    )
    found: dict[int, list[str]] = {}
    for initiative_id, ref in rows:
        found.setdefault(initiative_id, []).append(ref)
    return found


def histories_of(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, list[HistoryEntry]]:
    """:func:`fetch_history` of each of these initiatives (those with any), in one query."""
    found: dict[int, list[HistoryEntry]] = {}
    where = "u.initiative_id IN (SELECT value FROM json_each(?))"
    for _, initiative_id, entry in history_rows_with_ids(conn, where, [json.dumps(list(ids))]):
        found.setdefault(initiative_id, []).append(entry)
    return found


def id_by_uuid(conn: sqlite3.Connection, uuid: str) -> int | None:
    row = conn.execute("SELECT id FROM initiatives WHERE uuid = ?", [uuid]).fetchone()
    return row[0] if row else None


def record_removal(
    conn: sqlite3.Connection,
    uuid: str,
    slug: str,
    now: str,
    author: str | None,
    clock: int | None = None,
    origin: str | None = None,
) -> None:
    """Record a tombstone: the initiative ``uuid`` was removed. Made here (no
    ``clock``), it gets the next Lamport clock, which becomes the replica's floor: the
    clocks of the entries removed with it are never given again."""
    if clock is None:
        clock = next_clock(conn)
        conn.execute("UPDATE replica SET lamport = max(lamport, ?)", [clock])
    conn.execute(
        "INSERT OR REPLACE INTO removals (uuid, slug, removed_at, author, clock, origin)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [uuid, slug, now, author, clock, origin],
    )


def removals(conn: sqlite3.Connection) -> dict[str, tuple[str, str | None]]:
    """The initiatives removed here and not made again: uuid -> (when, by whom)."""
    rows = conn.execute("SELECT uuid, removed_at, author FROM removals")
    return {uuid: (removed_at, author) for uuid, removed_at, author in rows}


def forget_removal(conn: sqlite3.Connection, uuid: str) -> None:
    conn.execute("DELETE FROM removals WHERE uuid = ?", [uuid])


def has_created_entry(conn: sqlite3.Connection, initiative_id: int) -> bool:
    sql = "SELECT 1 FROM updates WHERE initiative_id = ? AND event = 'created'"
    return conn.execute(sql, [initiative_id]).fetchone() is not None


def any_entry(conn: sqlite3.Connection, uuids: Iterable[str]) -> bool:
    """Whether the history holds an entry with one of these uuids."""
    row = conn.execute(
        "SELECT 1 FROM updates WHERE uuid IN (SELECT value FROM json_each(?)) LIMIT 1",
        [json.dumps(list(uuids))],
    ).fetchone()
    return row is not None


def update_owner(conn: sqlite3.Connection, uuid: str) -> int | None:
    """The initiative a history entry (by uuid) belongs to, if it is stored."""
    row = conn.execute("SELECT initiative_id FROM updates WHERE uuid = ?", [uuid]).fetchone()
    return row[0] if row else None


def request_resend(conn: sqlite3.Connection) -> None:
    """Have the next ``tracker sync`` compare every entry with the logs, not only those
    made since the last (after an import, whose entries keep their own clocks)."""
    conn.execute("UPDATE replica SET resend = 1")


def titles_and_quotes(conn: sqlite3.Connection) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every initiative's slug, title and the quotes of its sources (what ``extract``
    compares a candidate with), in slug order."""
    quotes: dict[int, list[str]] = {}
    for initiative_id, quote in conn.execute(
        "SELECT initiative_id, quote FROM initiative_sources WHERE quote IS NOT NULL"
    ):
        quotes.setdefault(initiative_id, []).append(quote)
    return [
        (slug, title, tuple(quotes.get(initiative_id, ())))
        for initiative_id, slug, title in conn.execute(
            "SELECT id, slug, title FROM initiatives ORDER BY slug"
        )
    ]
