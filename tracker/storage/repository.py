"""Every SQL statement tracker runs, behind small functions.

Functions take a ``sqlite3.Connection`` that is already inside a transaction
opened by :class:`tracker.storage.database.Database` and return plain values or
domain records. Nothing here decides policy (what an update changes, which
reference wins): that is :mod:`tracker.api`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tracker.domain.initiatives import HistoryEntry, Initiative, Source, SourceLink
from tracker.domain.model import CLOSED_STATUSES, DUE_SOON_DAYS, Health, Status
from tracker.domain.windows import Window, parse_iso_window

#: Link tables for the many-to-many name lists: list name -> (table, link table, column).
NAME_LISTS = {
    "tags": ("tags", "initiative_tags", "tag_id"),
    "jurisdictions": ("jurisdictions", "initiative_jurisdictions", "jurisdiction_id"),
    "sponsors": ("sponsors", "initiative_sponsors", "sponsor_id"),
}

#: Fields an update can change, with their columns in ``updates``.
TRACKED_FIELDS = ("status", "progress", "confidence", "deadline")

_CLOSED_SQL = ", ".join(f"'{s}'" for s in sorted(CLOSED_STATUSES))
_STATUS_ORDER_SQL = (
    "CASE i.status "
    + " ".join(f"WHEN '{status}' THEN {n}" for n, status in enumerate(Status))
    + " END"
)


# -- reading initiatives ---------------------------------------------------------------


def _window(row: sqlite3.Row, prefix: str) -> Window | None:
    if row[f"{prefix}_latest"] is None:
        return None
    return parse_iso_window(
        row[f"{prefix}_text"],
        row[f"{prefix}_earliest"],
        row[f"{prefix}_latest"],
        row[f"{prefix}_precision"],
    )


def _announced(row: sqlite3.Row) -> Window | None:
    if row["announced_date"] is None:
        return None
    return parse_iso_window(
        row["announced_text"],
        row["announced_date"],
        row["announced_latest"],
        row["announced_precision"],
    )


_SELECT_INITIATIVE = """
    SELECT i.*, p.slug AS parent_slug
    FROM initiatives i LEFT JOIN initiatives p ON p.id = i.parent_id
"""


def _names_for(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[str, dict[int, list[str]]]:
    result: dict[str, dict[int, list[str]]] = {name: {} for name in NAME_LISTS}
    if not ids:
        return result
    marks = ",".join("?" * len(ids))
    for list_name, (table, link, column) in NAME_LISTS.items():
        rows = conn.execute(
            f"SELECT l.initiative_id, n.name FROM {link} l JOIN {table} n ON n.id = l.{column} "
            f"WHERE l.initiative_id IN ({marks}) ORDER BY n.name COLLATE NOCASE",
            list(ids),
        )
        for initiative_id, name in rows:
            result[list_name].setdefault(initiative_id, []).append(name)
    return result


def fetch_initiatives(conn: sqlite3.Connection, ids: Sequence[int]) -> list[Initiative]:
    """The initiatives with these ids, in the order given."""
    found: dict[int, Initiative] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(f"{_SELECT_INITIATIVE} WHERE i.id IN ({marks})", chunk).fetchall()
        names = _names_for(conn, chunk)
        for row in rows:
            found[row["id"]] = Initiative(
                id=row["id"],
                uuid=row["uuid"],
                slug=row["slug"],
                title=row["title"],
                summary=row["summary"],
                kind=row["kind"],
                status=row["status"],
                confidence=row["confidence"],
                progress=row["progress"],
                announced=_announced(row),
                deadline=_window(row, "deadline"),
                baseline_deadline=_window(row, "baseline"),
                parent=row["parent_slug"],
                created_at=row["created_at"],
                updated_at=row["updated_at"],
                tags=names["tags"].get(row["id"], []),
                jurisdictions=names["jurisdictions"].get(row["id"], []),
                sponsors=names["sponsors"].get(row["id"], []),
            )
    return [found[i] for i in ids if i in found]


def fetch_initiative(conn: sqlite3.Connection, initiative_id: int) -> Initiative:
    return fetch_initiatives(conn, [initiative_id])[0]


def children_ids(conn: sqlite3.Connection, initiative_id: int) -> list[int]:
    rows = conn.execute(
        "SELECT id FROM initiatives WHERE parent_id = ? ORDER BY title COLLATE NOCASE, id",
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


def ids_by_uuid_prefix(conn: sqlite3.Connection, prefix: str, limit: int = 6) -> list[tuple]:
    # uuid is UNIQUE, so its index serves this range scan.
    upper = prefix + "\uffff"
    return conn.execute(
        "SELECT id, slug FROM initiatives WHERE uuid >= ? AND uuid < ? ORDER BY uuid LIMIT ?",
        [prefix, upper, limit],
    ).fetchall()


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` anywhere (used with ESCAPE '\\')."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def similar_slugs(conn: sqlite3.Connection, text: str, limit: int = 5) -> list[str]:
    rows = conn.execute(
        "SELECT slug FROM initiatives WHERE slug LIKE ? ESCAPE '\\' ORDER BY slug LIMIT ?",
        [_like(text), limit],
    )
    return [row[0] for row in rows]


def slug_exists(conn: sqlite3.Connection, slug: str) -> bool:
    return id_by_slug(conn, slug) is not None


def uuid_exists(conn: sqlite3.Connection, uuid: str) -> bool:
    return conn.execute("SELECT 1 FROM initiatives WHERE uuid = ?", [uuid]).fetchone() is not None


# -- listing ---------------------------------------------------------------------------


@dataclass
class ListQuery:
    """Filters and order for :func:`list_ids`; each filter narrows (AND)."""

    statuses: list[str] = field(default_factory=list)
    healths: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    due_before: date | None = None
    due_within_days: int | None = None
    search: str | None = None
    sort: str = "deadline"
    limit: int | None = None


_SORTS = {
    "deadline": "i.deadline_latest IS NULL, i.deadline_latest, i.title COLLATE NOCASE, i.id",
    "updated": "i.updated_at DESC, i.id DESC",
    "status": f"{_STATUS_ORDER_SQL}, i.deadline_latest IS NULL, i.deadline_latest, i.id",
    "title": "i.title COLLATE NOCASE, i.id",
}
SORT_KEYS = tuple(_SORTS)


def _health_condition(health: str, params: list[Any], today: date) -> str:
    soon = (today + timedelta(days=DUE_SOON_DAYS)).isoformat()
    if health == Health.CLOSED:
        return f"i.status IN ({_CLOSED_SQL})"
    open_ = f"i.status NOT IN ({_CLOSED_SQL})"
    if health == Health.NO_DEADLINE:
        return f"({open_} AND i.deadline_latest IS NULL)"
    if health == Health.OVERDUE:
        params.append(today.isoformat())
        return f"({open_} AND i.deadline_latest < ?)"
    if health == Health.DUE_SOON:
        params += [today.isoformat(), soon]
        return f"({open_} AND i.deadline_latest BETWEEN ? AND ?)"
    params.append(soon)
    return f"({open_} AND i.deadline_latest > ?)"


# Han, kana, hangul and CJK punctuation: runs of these have no spaces between words.
_CJK = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def search_terms(text: str) -> tuple[str | None, list[str]]:
    """Split ``--search`` text into an FTS5 query and substring terms.

    Each word becomes a quoted prefix term, all required. FTS5's unicode61
    tokenizer treats a run of CJK characters as one token, so a CJK word is
    matched as a substring of the title or summary instead.
    """
    words = re.findall(r"\w+", text)
    substrings = [word for word in words if _CJK.search(word)]
    others = [word for word in words if not _CJK.search(word)]
    match = " ".join('"' + word.replace('"', '""') + '"*' for word in others) or None
    return match, substrings


def list_ids(conn: sqlite3.Connection, query: ListQuery, today: date) -> list[int]:
    where: list[str] = []
    params: list[Any] = []
    if query.statuses:
        where.append(f"i.status IN ({','.join('?' * len(query.statuses))})")
        params += query.statuses
    if query.healths:
        where.append(
            "(" + " OR ".join(_health_condition(h, params, today) for h in query.healths) + ")"
        )
    for list_name, names in (
        ("tags", query.tags),
        ("jurisdictions", query.jurisdictions),
        ("sponsors", query.sponsors),
    ):
        table, link, column = NAME_LISTS[list_name]
        for name in names:
            where.append(
                f"i.id IN (SELECT l.initiative_id FROM {link} l JOIN {table} n ON n.id = l.{column}"
                " WHERE n.name = ?)"
            )
            params.append(name)
    if query.due_before is not None:
        where.append(f"i.status NOT IN ({_CLOSED_SQL}) AND i.deadline_latest < ?")
        params.append(query.due_before.isoformat())
    if query.due_within_days is not None:
        where.append(f"i.status NOT IN ({_CLOSED_SQL}) AND i.deadline_latest BETWEEN ? AND ?")
        params += [today.isoformat(), (today + timedelta(days=query.due_within_days)).isoformat()]
    if query.search is not None:
        match, substrings = search_terms(query.search)
        if match is None and not substrings:
            return []
        if match is not None:
            where.append(
                "i.id IN (SELECT rowid FROM initiatives_fts WHERE initiatives_fts MATCH ?)"
            )
            params.append(match)
        for term in substrings:
            where.append("(i.title LIKE ? ESCAPE '\\' OR i.summary LIKE ? ESCAPE '\\')")
            params += [_like(term), _like(term)]
    sql = "SELECT i.id FROM initiatives i"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY " + _SORTS[query.sort]
    if query.limit is not None:
        sql += " LIMIT ?"
        params.append(query.limit)
    return [row[0] for row in conn.execute(sql, params)]


# -- writing initiatives ---------------------------------------------------------------


def window_columns(prefix: str, window: Window | None) -> dict[str, Any]:
    if window is None:
        return {f"{prefix}_{part}": None for part in ("text", "earliest", "latest", "precision")}
    return {
        f"{prefix}_text": window.text,
        f"{prefix}_earliest": window.earliest.isoformat(),
        f"{prefix}_latest": window.latest.isoformat(),
        f"{prefix}_precision": str(window.precision),
    }


def announced_columns(window: Window | None) -> dict[str, Any]:
    if window is None:
        return {
            "announced_text": None,
            "announced_date": None,
            "announced_latest": None,
            "announced_precision": None,
        }
    return {
        "announced_text": window.text,
        "announced_date": window.earliest.isoformat(),
        "announced_latest": window.latest.isoformat(),
        "announced_precision": str(window.precision),
    }


def _insert(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> int:
    """Insert one row from a column -> value mapping; returns its rowid."""
    columns = ", ".join(values)
    marks = ", ".join("?" * len(values))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    cursor = conn.execute(sql, list(values.values()))
    return cursor.lastrowid


def insert_initiative(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return _insert(conn, "initiatives", values)


def update_initiative(conn: sqlite3.Connection, initiative_id: int, values: dict[str, Any]) -> None:
    if not values:
        return
    assignments = ", ".join(f"{column} = ?" for column in values)
    conn.execute(
        f"UPDATE initiatives SET {assignments} WHERE id = ?", [*values.values(), initiative_id]
    )


def delete_initiative(conn: sqlite3.Connection, initiative_id: int) -> None:
    conn.execute("DELETE FROM initiatives WHERE id = ?", [initiative_id])


def _name_id(conn: sqlite3.Connection, table: str, name: str) -> int:
    conn.execute(f"INSERT INTO {table} (name) VALUES (?) ON CONFLICT (name) DO NOTHING", [name])
    return conn.execute(f"SELECT id FROM {table} WHERE name = ?", [name]).fetchone()[0]


def add_names(
    conn: sqlite3.Connection, initiative_id: int, list_name: str, names: Iterable[str]
) -> list[str]:
    """Link names (creating them if new); returns the names that were not linked before."""
    table, link, column = NAME_LISTS[list_name]
    added = []
    for name in names:
        name_id = _name_id(conn, table, name)
        cursor = conn.execute(
            f"INSERT OR IGNORE INTO {link} (initiative_id, {column}) VALUES (?, ?)",
            [initiative_id, name_id],
        )
        if cursor.rowcount:
            added.append(name)
    return added


def remove_names(
    conn: sqlite3.Connection, initiative_id: int, list_name: str, names: Iterable[str]
) -> list[str]:
    """Unlink names; returns those that were linked."""
    table, link, column = NAME_LISTS[list_name]
    removed = []
    for name in names:
        cursor = conn.execute(
            f"DELETE FROM {link} WHERE initiative_id = ? AND {column} ="
            f" (SELECT id FROM {table} WHERE name = ?)",
            [initiative_id, name],
        )
        if cursor.rowcount:
            removed.append(name)
    return removed


def linked_names(conn: sqlite3.Connection, initiative_id: int, list_name: str) -> list[str]:
    return _names_for(conn, [initiative_id])[list_name].get(initiative_id, [])


# -- sources ---------------------------------------------------------------------------


def source_id(conn: sqlite3.Connection, source: Source) -> int:
    """The id of this document, recording it on first sight (matched by URL, else title)."""
    row = conn.execute("SELECT id FROM sources WHERE key = ?", [source.key]).fetchone()
    if row:
        conn.execute(
            "UPDATE sources SET title = coalesce(title, ?), publisher = coalesce(publisher, ?),"
            " published = coalesce(published, ?), url = coalesce(url, ?) WHERE id = ?",
            [source.title, source.publisher, source.published, source.url, row[0]],
        )
        return row[0]
    cursor = conn.execute(
        "INSERT INTO sources (key, title, publisher, published, url) VALUES (?, ?, ?, ?, ?)",
        [source.key, source.title, source.publisher, source.published, source.url],
    )
    return cursor.lastrowid


def link_source(
    conn: sqlite3.Connection, initiative_id: int, source: Source, quote: str | None
) -> bool:
    cursor = conn.execute(
        "INSERT OR IGNORE INTO initiative_sources (initiative_id, source_id, quote)"
        " VALUES (?, ?, ?)",
        [initiative_id, source_id(conn, source), quote],
    )
    return bool(cursor.rowcount)


def _source(row: sqlite3.Row, prefix: str = "") -> Source:
    return Source(
        title=row[f"{prefix}title"],
        publisher=row[f"{prefix}publisher"],
        published=row[f"{prefix}published"],
        url=row[f"{prefix}url"],
    )


def fetch_sources(conn: sqlite3.Connection, initiative_id: int) -> list[SourceLink]:
    rows = conn.execute(
        "SELECT s.title, s.publisher, s.published, s.url, l.quote FROM initiative_sources l"
        " JOIN sources s ON s.id = l.source_id WHERE l.initiative_id = ? ORDER BY l.id",
        [initiative_id],
    )
    return [SourceLink(_source(row), row["quote"]) for row in rows]


# -- history ---------------------------------------------------------------------------


def insert_update(conn: sqlite3.Connection, values: dict[str, Any]) -> int:
    return _insert(conn, "updates", values)


def update_by_ref(conn: sqlite3.Connection, initiative_id: int, ref: str) -> HistoryEntry | None:
    rows = _history_rows(conn, "u.initiative_id = ? AND u.ref = ?", [initiative_id, ref])
    return rows[0] if rows else None


def fetch_update(conn: sqlite3.Connection, uuid: str) -> HistoryEntry:
    return _history_rows(conn, "u.uuid = ?", [uuid])[0]


def field_value(
    conn: sqlite3.Connection, initiative_id: int, name: str, on_or_before: date | None = None
) -> Any:
    """The value ``name`` had on a day (or now).

    That is the latest update (by effective date, then recording order) that
    set it, on or before the day. The ``created`` entry is the baseline: it
    ranks below every update whatever their dates, so a past event recorded
    after the initiative was added still counts. Returns None when nothing set
    the field. Deadlines come back as a :class:`Window`.
    """
    column = f"{name}_to"
    updates = f"SELECT {column} FROM updates WHERE initiative_id = ? AND {column} IS NOT NULL"
    params: list[Any] = [initiative_id]
    sql = updates + " AND event != 'created'"
    if on_or_before is not None:
        sql += " AND effective <= ?"
        params.append(on_or_before.isoformat())
    sql += " ORDER BY effective DESC, id DESC LIMIT 1"
    row = conn.execute(sql, params).fetchone()
    if row is None:
        row = conn.execute(updates + " AND event = 'created'", [initiative_id]).fetchone()
    if row is None:
        return None
    return window_from_json(row[0]) if name == "deadline" else row[0]


def window_to_json(window: Window | None) -> str | None:
    return json.dumps(window.to_dict(), ensure_ascii=False) if window else None


def window_from_json(text: str | None) -> Window | None:
    if text is None:
        return None
    data = json.loads(text)
    return parse_iso_window(data["text"], data["earliest"], data["latest"], data["precision"])


def _changes(row: sqlite3.Row) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in ("status", "progress", "confidence"):
        if row[f"{name}_to"] is not None:
            changes[name] = {"from": row[f"{name}_from"], "to": row[f"{name}_to"]}
    if row["deadline_to"] is not None:
        changes["deadline"] = {
            "from": json.loads(row["deadline_from"]) if row["deadline_from"] else None,
            "to": json.loads(row["deadline_to"]),
        }
    if row["edits"]:
        changes.update(json.loads(row["edits"]))
    return changes


def _history_rows(conn: sqlite3.Connection, where: str, params: list[Any]) -> list[HistoryEntry]:
    rows = conn.execute(
        "SELECT u.*, s.title AS s_title, s.publisher AS s_publisher, s.published AS s_published,"
        " s.url AS s_url FROM updates u LEFT JOIN sources s ON s.id = u.source_id"
        f" WHERE {where} ORDER BY u.event != 'created', u.effective, u.id",
        params,
    )
    return [
        HistoryEntry(
            uuid=row["uuid"],
            event=row["event"],
            recorded_at=row["recorded_at"],
            effective=row["effective"],
            changes=_changes(row),
            note=row["note"],
            source=SourceLink(_source(row, "s_"), row["quote"]) if row["source_id"] else None,
            ref=row["ref"],
        )
        for row in rows
    ]


def fetch_history(conn: sqlite3.Connection, initiative_id: int) -> list[HistoryEntry]:
    """The history: the ``created`` entry, then updates by effective date and recording order."""
    return _history_rows(conn, "u.initiative_id = ?", [initiative_id])


def count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
