"""The SQL of ``tracker list``: its filters (:class:`ListQuery`, each narrowing), its
sort orders, its search (the index of :mod:`tracker.storage.search`), and the health
conditions it shares with nothing else. Split from :mod:`tracker.storage.repository`,
which it reads through.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tracker.domain.initiatives import Initiative
from tracker.domain.model import CLOSED_STATUSES, DUE_SOON_DAYS, Health, Status
from tracker.storage import repository as repo
from tracker.storage import search

_CLOSED_SQL = ", ".join(f"'{s}'" for s in sorted(CLOSED_STATUSES))
_STATUS_ORDER_SQL = (
    "CASE i.status "
    + " ".join(f"WHEN '{status}' THEN {n}" for n, status in enumerate(Status))
    + " END"
)


@dataclass
class ListQuery:
    """Filters and order for :func:`list_ids`; each filter narrows (AND)."""

    statuses: list[str] = field(default_factory=list)
    healths: list[str] = field(default_factory=list)
    # each a name, or the spellings that mean one name (any of them)
    tags: list[str | tuple[str, ...]] = field(default_factory=list)
    jurisdictions: list[str | tuple[str, ...]] = field(default_factory=list)
    sponsors: list[str | tuple[str, ...]] = field(default_factory=list)
    due_before: date | None = None
    due_within_days: int | None = None
    search: str | None = None
    within: int | None = None  # an initiative id: it and its descendants only
    kinds: list[str] = field(default_factory=list)
    confidences: list[str] = field(default_factory=list)
    changed_since: date | None = None  # an entry effective on or after this day
    authors: list[str] = field(default_factory=list)  # an entry by one of these (any case)
    slipped: bool = False  # the deadline ends later than the baseline's
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


def _list_where(query: ListQuery, today: date) -> tuple[str, list[Any]] | None:
    """The WHERE clause (with its parameters) of the initiatives a query selects; None
    when it can select nothing (a search with no usable words)."""
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
        table, link, column = repo.NAME_LISTS[list_name]
        for name in names:
            spelled = (name,) if isinstance(name, str) else name
            where.append(
                f"i.id IN (SELECT l.initiative_id FROM {link} l JOIN {table} n ON n.id = l.{column}"
                f" WHERE n.name IN ({','.join('?' * len(spelled))}))"
            )
            params += spelled
    if query.due_before is not None:
        where.append(f"i.status NOT IN ({_CLOSED_SQL}) AND i.deadline_latest < ?")
        params.append(query.due_before.isoformat())
    if query.due_within_days is not None:
        where.append(f"i.status NOT IN ({_CLOSED_SQL}) AND i.deadline_latest BETWEEN ? AND ?")
        params += [today.isoformat(), (today + timedelta(days=query.due_within_days)).isoformat()]
    for column, chosen in (("kind", query.kinds), ("confidence", query.confidences)):
        if chosen:
            where.append(f"i.{column} IN ({','.join('?' * len(chosen))})")
            params += chosen
    if query.changed_since is not None:
        where.append(
            "i.id IN (SELECT initiative_id FROM updates INDEXED BY idx_updates_effective"
            " WHERE effective >= ?)"
        )
        params.append(query.changed_since.isoformat())
    if query.authors:
        where.append(
            "i.id IN (SELECT initiative_id FROM updates INDEXED BY idx_updates_author WHERE"
            f" author COLLATE NOCASE IN ({','.join('?' * len(query.authors))}))"
        )
        params += query.authors
    if query.slipped:
        where.append("i.deadline_latest > i.baseline_latest")
    if query.within is not None:
        where.append(f"(i.id = ? OR i.id IN ({repo.DESCENDANTS_SQL}))")
        params += [query.within, query.within]
    if query.search is not None:
        match = search.match_query(query.search)
        if match is None:
            return None
        where.append(f"i.id IN ({search.matching_ids_sql()})")
        params.append(match)
    return (" WHERE " + " AND ".join(where) if where else ""), params


def list_ids(conn: sqlite3.Connection, query: ListQuery, today: date) -> list[int]:
    selected = _list_where(query, today)
    if selected is None:
        return []
    where, params = selected
    sql = f"SELECT i.id FROM initiatives i{where} ORDER BY {_SORTS[query.sort]}"
    if query.limit is not None:
        sql += " LIMIT ?"
        params.append(query.limit)
    return [row[0] for row in conn.execute(sql, params)]


def open_deadlines(conn: sqlite3.Connection, query: ListQuery, today: date) -> Iterator[Initiative]:
    """``tracker calendar``'s initiatives: those ``query`` selects (its healths and sort
    aside) that are open and have a deadline, by the deadline's latest day, then uuid
    (the calendar's order), streamed (:func:`repo.each_initiative`)."""
    selected = _list_where(dataclasses.replace(query, healths=[]), today)
    if selected is None:
        return iter(())
    where, params = selected
    where += " AND " if where else " WHERE "
    where += f"i.status NOT IN ({_CLOSED_SQL}) AND i.deadline_latest IS NOT NULL"
    return repo.each_initiative(conn, where, params, "i.deadline_latest, i.uuid")


def count_matching(conn: sqlite3.Connection, query: ListQuery, today: date) -> int:
    """How many initiatives :func:`list_ids` would return (its limit included)."""
    selected = _list_where(query, today)
    if selected is None:
        return 0
    where, params = selected
    count: int = conn.execute(f"SELECT count(*) FROM initiatives i{where}", params).fetchone()[0]
    return count if query.limit is None else min(count, query.limit)


_ROWS_SQL = (
    # the name lists as the stored JSON arrays, in the order fetch_initiatives gives
    # (NOCASE; kept by repository.add_names and remove_names, verified by tracker check)
    f"SELECT {repo._INITIATIVE_COLUMNS}, i.tags_json, i.jurisdictions_json, i.sponsors_json"
    " FROM initiatives i LEFT JOIN initiatives p ON p.id = i.parent_id"
    " WHERE i.id IN (SELECT value FROM json_each(?))"
)


def initiative_rows(
    conn: sqlite3.Connection, ids: list[int], chunk: int = 1000
) -> Iterator[tuple[Any, ...]]:
    """The initiatives with these ids, in the order given, as plain rows of
    :data:`tracker.domain.shapes.LIST_ROW_COLUMNS` (no :class:`Initiative` objects):
    the fields :func:`repository.fetch_initiatives` reads, each window as one
    :class:`Window` (one object per distinct window, as there) and each name list as a
    JSON array. Read ``chunk`` ids at a time; ``conn`` must be inside one read snapshot."""
    windows = repo._Windows()
    cursor = conn.cursor()
    cursor.row_factory = None
    for start in range(0, len(ids), chunk):
        wanted = ids[start : start + chunk]
        found = {row[0]: row for row in cursor.execute(_ROWS_SQL, [json.dumps(wanted)])}
        for initiative_id in wanted:
            row = found.get(initiative_id)
            if row is None:
                continue
            yield (
                *row[:9],
                windows[row[9:13]] if row[10] is not None else None,
                windows[row[13:17]],
                windows[row[17:21]],
                *row[21:],
            )
