"""The report's queries (:mod:`tracker.reports`): one row of plain facts per initiative,
the history entries of a period, the ``--since last`` cursors and the recent entries.

Like :mod:`tracker.storage.repository`, every function takes a connection already
inside a transaction. The history replay here is SQL, for speed: a fast copy of the
one rule, :func:`tracker.domain.replay.replay` (tests/test_replay.py proves they agree).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any, NamedTuple

from tracker.domain import replay as rules
from tracker.domain.initiatives import HistoryEntry
from tracker.storage.repository import (
    DESCENDANTS_SQL,
    TRACKED_FIELDS,
    Row,
    correction_rows,
    entry_from_row,
    history_rows_with_ids,
    tuples,
)


class Corrections(NamedTuple):
    """The corrections in force: retracted entry uuid -> the live retract entry, amended
    entry uuid -> its latest live amend entry, the retracted entries' row ids (``dead``)
    and those and the corrections' own (``skipped``: what a report never counts)."""

    retracted: dict[str, HistoryEntry]
    amended: dict[str, HistoryEntry]
    dead: list[int]
    skipped: list[int]

    def apply(self, entry: HistoryEntry) -> HistoryEntry:
        return entry.corrected(self.retracted.get(entry.uuid), self.amended.get(entry.uuid))


def corrections(conn: sqlite3.Connection) -> Corrections:
    """The corrections in force, by the one rule (:func:`tracker.domain.replay.
    retractions` and ``amendments``) over the entries that target another (few, read
    through ``idx_updates_target``), in recording order."""
    rows = correction_rows(conn)
    entries = [entry for _, _, entry in rows]
    retracted = rules.retractions(entries)
    amended = rules.amendments(entries, retracted)
    dead: list[int] = []
    if retracted:
        found = conn.execute(
            "SELECT id FROM updates WHERE uuid IN (SELECT value FROM json_each(?)) ORDER BY id",
            [json.dumps(sorted(retracted))],
        )
        dead = [row[0] for row in found]
    skipped = sorted({*dead, *(row_id for row_id, _, _ in rows)})
    return Corrections(retracted, amended, dead, skipped)


def _alive(alias: str, dead: Sequence[int]) -> str:
    """SQL: entry ``alias`` is not retracted (``dead``: :attr:`Corrections.dead`, bound
    as ``:dead``); nothing when none is."""
    return f" AND {alias}.id NOT IN (SELECT value FROM json_each(:dead))" if dead else ""


def _counted(alias: str, skipped: Sequence[int]) -> str:
    """SQL: entry ``alias`` counts in a report: live, and no correction itself
    (``skipped``: :attr:`Corrections.skipped`, bound as ``:skipped``; by row id, so an
    index on ``(initiative_id, effective, clock, recorded_at, uuid)`` still answers alone)."""
    return f" AND {alias}.id NOT IN (SELECT value FROM json_each(:skipped))" if skipped else ""


def _window_json_sql(prefix: str) -> str:
    """A stored window's columns as the JSON object :meth:`Window.to_dict` gives."""
    return (
        f"CASE WHEN i.{prefix}_latest IS NULL THEN NULL ELSE json_object("
        f"'text', i.{prefix}_text, 'earliest', i.{prefix}_earliest,"
        f" 'latest', i.{prefix}_latest, 'precision', i.{prefix}_precision) END"
    )


def _latest_set(name: str, dead: Sequence[int]) -> str:
    """SQL for the value ``name`` had on ``:day`` for initiative ``i.id``: the latest
    live update that set it (one probe of ``idx_updates_<name>_set``), else the
    ``created`` entry's (``idx_updates_created``)."""
    return (
        f"coalesce((SELECT u.{name}_to FROM updates u WHERE u.initiative_id = i.id"
        f" AND u.{name}_to IS NOT NULL AND u.event != 'created' AND u.effective <= :day"
        f"{_alive('u', dead)} ORDER BY u.effective DESC, u.clock DESC, u.recorded_at DESC,"
        " u.uuid DESC LIMIT 1),"
        f" (SELECT u.{name}_to FROM updates u WHERE u.initiative_id = i.id"
        " AND u.event = 'created'))"
    )


def _latest_confidence_note(dead: Sequence[int]) -> str:
    """SQL for the rationale of the confidence level initiative ``i.id`` had on ``:day``:
    that of the entry :func:`_latest_set` takes the level from (each wrapped in a JSON
    array, so that an entry with none still counts as the one found)."""
    return (
        "json_extract(coalesce((SELECT json_array(u.confidence_note) FROM updates u"
        " WHERE u.initiative_id = i.id AND u.confidence_to IS NOT NULL"
        " AND u.event != 'created' AND u.effective <= :day"
        f"{_alive('u', dead)} ORDER BY u.effective DESC, u.clock DESC, u.recorded_at DESC,"
        " u.uuid DESC LIMIT 1),"
        " (SELECT json_array(u.confidence_note) FROM updates u WHERE u.initiative_id = i.id"
        " AND u.event = 'created')), '$[0]')"
    )


#: The first deadline set: the ``created`` entry's, else that of the first live update
#: in history order (by effective day, then recording; effective by ``:day``).
_BASELINE_AS_OF = (
    "coalesce((SELECT u.deadline_to FROM updates u WHERE u.initiative_id = i.id"
    " AND u.event = 'created'), (SELECT u.deadline_to FROM updates u"
    " WHERE u.initiative_id = i.id AND u.deadline_to IS NOT NULL AND u.event != 'created'"
    " AND u.effective <= :day{alive} ORDER BY u.effective, u.clock, u.recorded_at, u.uuid LIMIT 1))"
)


#: Columns of a :func:`report_facts` row.
FACT_COLUMNS = (
    "id",
    "slug",
    "title",
    "status",
    "progress",
    "confidence",
    "deadline",
    "baseline",
    "deadline_latest",
    "baseline_latest",
    "first",
    "last",
    "tags",
    "jurisdictions",
    "entry",
    "confidence_note",
)

_MOVED_BY = """(
    SELECT json_object('effective', u.effective, 'note', u.note,
        'source', CASE WHEN u.source_id IS NULL THEN NULL ELSE json_object('title', s.title,
            'publisher', s.publisher, 'published', s.published, 'url', s.url,
            'accessed', u.accessed, 'quote', u.quote) END,
        'ref', u.ref)
    FROM updates u LEFT JOIN sources s ON s.id = u.source_id
    WHERE u.initiative_id = {id} AND u.deadline_to IS NOT NULL AND u.event != 'created'
      AND u.effective <= :day{alive}
    ORDER BY u.effective DESC, u.clock DESC, u.recorded_at DESC, u.uuid DESC LIMIT 1)"""

#: An initiative's report entry without its computed keys, built by SQLite: the shape of
#: ``Initiative.report_entry_dict`` (tracker.domain.initiatives; its keys are
#: ``shapes.REPORT_STORED_KEYS``), proven byte-equal to it by tests/test_shapes.py.
_ENTRY = """json_object(
    'id', {id}, 'uuid', {uuid}, 'slug', {slug}, 'title', {title}, 'status', {status},
    'confidence', {confidence}, 'confidence_note', {confidence_note},
    'progress', {progress}, 'deadline', {deadline},
    'baseline_deadline', {baseline}, 'announced', {announced},
    'tags', json({tags}), 'jurisdictions', json({jurisdictions}),
    'sponsors', json({sponsors}), 'parent', {parent})"""

_LAST = (
    "(SELECT max(u.effective) FROM updates u WHERE u.initiative_id = {id}"
    " AND u.effective <= :day{counted})"
)


#: The SQL below keeps a fast copy of the replay rule (:func:`tracker.domain.replay.replay`)
#: for the report; tests/test_replay.py proves the two agree.


def report_facts(
    conn: sqlite3.Connection, as_of: date, *, replay: bool, ids: Sequence[int] | None = None
) -> Iterator[Row]:
    """One row per initiative that existed on ``as_of``, as :data:`FACT_COLUMNS`:

    - status, progress and confidence, and the deadline's and baseline's latest days: the
      stored columns, or with ``replay`` the values replayed from the history as of
      ``as_of`` (the rule of :func:`tracker.domain.replay.replay`, by index probes), the
      deadline and baseline windows then also as JSON text (else NULL);
    - ``first``: the first history entry's day (with ``replay`` only: without it, every
      entry is effective by ``as_of``, so every initiative existed); ``last``: the last
      entry's day by ``as_of``;
    - tags and jurisdictions as JSON arrays;
    - ``entry``: the initiative as one compact JSON object (id, uuid, slug, title, status,
      confidence, progress, deadline, baseline_deadline, announced, tags, jurisdictions,
      sponsors, parent), built by SQLite so that 100,000 of them cost no Python objects.
    """
    params: dict[str, Any] = {"day": as_of.isoformat()}
    fixes = corrections(conn)
    dead = fixes.dead
    params.update(dead=json.dumps(dead), skipped=json.dumps(fixes.skipped))
    alive, counted = _alive("u", dead), _counted("u", fixes.skipped)
    where = ""
    if ids is not None:
        where = "WHERE i.id IN (SELECT value FROM json_each(:ids))"
        params["ids"] = json.dumps(list(ids))
    if not replay:
        deadline, baseline = _window_json_sql("deadline"), _window_json_sql("baseline")
        entry = _ENTRY.format(
            id="i.id",
            uuid="i.uuid",
            slug="i.slug",
            title="i.title",
            status="i.status",
            confidence="i.confidence",
            confidence_note="i.confidence_note",
            progress="i.progress",
            deadline=deadline,
            baseline=baseline,
            announced="i.announced_date",
            tags="i.tags_json",
            jurisdictions="i.jurisdictions_json",
            sponsors="i.sponsors_json",
            parent="p.slug",
        )
        sql = f"""
            SELECT i.id, i.slug, i.title, i.status, i.progress, i.confidence, NULL, NULL,
                i.deadline_latest, i.baseline_latest, NULL,
                {_LAST.format(id="i.id", counted=counted)},
                i.tags_json, i.jurisdictions_json, {entry}, i.confidence_note
            FROM initiatives i LEFT JOIN initiatives p ON p.id = i.parent_id
            {where}
        """
    else:
        entry = _ENTRY.format(
            id="id",
            uuid="uuid",
            slug="slug",
            title="title",
            status="status",
            confidence="confidence",
            confidence_note="confidence_note",
            progress="progress",
            deadline="json(deadline)",
            baseline="json(baseline)",
            announced="announced_date",
            tags="tags",
            jurisdictions="jurisdictions",
            sponsors="sponsors",
            parent="parent",
        )
        # MATERIALIZED: evaluate each probe once, however often its value is used.
        sql = f"""
            WITH facts AS MATERIALIZED (
                SELECT i.id, i.uuid, i.slug, i.title, i.announced_date, p.slug AS parent,
                    {_latest_set("status", dead)} AS status,
                    {_latest_set("progress", dead)} AS progress,
                    {_latest_set("confidence", dead)} AS confidence,
                    {_latest_confidence_note(dead)} AS confidence_note,
                    {_latest_set("deadline", dead)} AS deadline,
                    {_BASELINE_AS_OF.format(alive=alive)} AS baseline,
                    (SELECT min(u.effective) FROM updates u WHERE u.initiative_id = i.id
                        {counted}) AS first,
                    {_LAST.format(id="i.id", counted=counted)} AS last,
                    i.tags_json AS tags, i.jurisdictions_json AS jurisdictions,
                    i.sponsors_json AS sponsors
                FROM initiatives i LEFT JOIN initiatives p ON p.id = i.parent_id
                {where}
            ),
            dated AS (
                SELECT *, json_extract(deadline, '$.latest') AS deadline_latest,
                    json_extract(baseline, '$.latest') AS baseline_latest
                FROM facts WHERE first <= :day
            )
            SELECT id, slug, title, status, progress, confidence, deadline, baseline,
                deadline_latest, baseline_latest, first, last, tags, jurisdictions,
                {entry}, confidence_note
            FROM dated
        """
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params)  # streamed: 100,000 rows never sit in one list


def moved_by(conn: sqlite3.Connection, as_of: date, ids: Sequence[int]) -> dict[int, str]:
    """For each of ``ids`` (initiatives whose deadline, as of ``as_of``, is later than
    its baseline), the update that set it, as of ``as_of``: effective, note, source and
    ref as a JSON object."""
    if not ids:
        return {}
    dead = corrections(conn).dead
    rows = tuples(
        conn,
        f"SELECT ids.value, {_MOVED_BY.format(id='ids.value', alive=_alive('u', dead))}"
        " FROM json_each(:ids) AS ids",
        {"ids": json.dumps(list(ids)), "day": as_of.isoformat(), "dead": json.dumps(dead)},
    )
    return {initiative_id: found for initiative_id, found in rows if found is not None}


def first_effective(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, str]:
    """Each initiative's first history entry's day (of the entries that count)."""
    skipped = corrections(conn).skipped
    rows = tuples(
        conn,
        "SELECT initiative_id, min(effective) FROM updates u"
        f" WHERE initiative_id IN (SELECT value FROM json_each(:ids)){_counted('u', skipped)}"
        " GROUP BY initiative_id",
        {"ids": json.dumps(list(ids)), "skipped": json.dumps(skipped)},
    )
    return dict(rows)


def changed_entries(
    conn: sqlite3.Connection,
    since: date | None,
    as_of: date,
    after_update_id: int | None = None,
    ids: Sequence[int] | None = None,
) -> list[tuple[int, HistoryEntry]]:
    """History entries effective in ``since..as_of`` (inclusive; no ``since``: all up to
    ``as_of``) or recorded after update ``after_update_id`` and effective by ``as_of``,
    in history order, as (initiative id, entry).

    Each tracked change's ``from`` is REPLAYED: the value set by the entry before it in
    history order (the ``created`` entry, then by effective day and recording order), so
    a backdated update slotted in between two others reads right.
    """
    conditions = ["u.effective >= :since"] if since is not None else ["1"]
    params: dict[str, Any] = {"day": as_of.isoformat()}
    if since is not None:
        params["since"] = since.isoformat()
    if after_update_id is not None:
        conditions.append("u.id > :after")
        params["after"] = after_update_id
    fixes = corrections(conn)
    dead = fixes.dead
    params.update(dead=json.dumps(dead), skipped=json.dumps(fixes.skipped))
    where = f"({' OR '.join(conditions)}) AND u.effective <= :day{_counted('u', fixes.skipped)}"
    if ids is not None:
        where += " AND u.initiative_id IN (SELECT value FROM json_each(:ids))"
        params["ids"] = json.dumps(list(ids))
    before = []
    for name in TRACKED_FIELDS:
        before.append(
            f"CASE WHEN u.{name}_to IS NULL OR u.event = 'created' THEN NULL ELSE coalesce("
            f"(SELECT v.{name}_to FROM updates v WHERE v.initiative_id = u.initiative_id"
            f" AND v.{name}_to IS NOT NULL AND v.event != 'created'"
            " AND (v.effective, v.clock, v.recorded_at, v.uuid)"
            " < (u.effective, u.clock, u.recorded_at, u.uuid)"
            f"{_alive('v', dead)}"
            " ORDER BY v.effective DESC, v.clock DESC, v.recorded_at DESC, v.uuid DESC LIMIT 1),"
            f" (SELECT c.{name}_to FROM updates c WHERE c.initiative_id = u.initiative_id"
            f" AND c.event = 'created')) END AS replayed_{name}_from"
        )
    rows = conn.execute(
        "SELECT u.*, s.title AS s_title, s.publisher AS s_publisher,"
        f" s.published AS s_published, s.url AS s_url, {', '.join(before)}"
        " FROM updates u LEFT JOIN sources s ON s.id = u.source_id"
        f" WHERE {where} ORDER BY u.initiative_id, u.event != 'created', u.effective,"
        " u.clock, u.recorded_at, u.uuid",
        params,
    )
    result = []
    for row in rows:
        entry = fixes.apply(entry_from_row(row))
        for name in TRACKED_FIELDS:
            if name in entry.changes:
                value = row[f"replayed_{name}_from"]
                if name == "deadline" and value is not None:
                    value = json.loads(value)
                entry.changes[name] = {**entry.changes[name], "from": value}
        result.append((row["initiative_id"], entry))
    return result


def max_update_id(conn: sqlite3.Connection) -> int:
    newest: int = conn.execute("SELECT coalesce(max(id), 0) FROM updates").fetchone()[0]
    return newest


def report_cursor(conn: sqlite3.Connection, filters: str) -> tuple[date, int] | None:
    row = conn.execute(
        "SELECT as_of, max_update_id FROM report_cursors WHERE filters = ?", [filters]
    ).fetchone()
    return (date.fromisoformat(row[0]), row[1]) if row else None


def save_report_cursor(
    conn: sqlite3.Connection, filters: str, as_of: date, update_id: int, written_at: str
) -> None:
    conn.execute(
        "INSERT INTO report_cursors (filters, as_of, max_update_id, written_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (filters) DO UPDATE SET as_of = excluded.as_of,"
        " max_update_id = excluded.max_update_id, written_at = excluded.written_at",
        [filters, as_of.isoformat(), update_id, written_at],
    )


def recent_updates(conn: sqlite3.Connection, limit: int) -> list[tuple[str, str, HistoryEntry]]:
    """The most recently recorded history entries that count (live, no corrections
    themselves), newest first (by ``recorded_at``, then uuid: not by row id, which an
    import or a sync gives in another order), each with its amended text, and the slug
    and title of their initiative. Read from the end of ``idx_updates_recorded``."""
    fixes = corrections(conn)
    rows = conn.execute(
        f"SELECT u.id FROM updates u WHERE 1{_counted('u', fixes.skipped)}"
        " ORDER BY u.recorded_at DESC, u.uuid DESC LIMIT :limit",
        {"limit": limit, "skipped": json.dumps(fixes.skipped)},
    ).fetchall()
    if not rows:
        return []
    ids = [row[0] for row in rows]
    marks = ",".join("?" * len(ids))
    entries = {
        row_id: (initiative_id, entry)
        for row_id, initiative_id, entry in history_rows_with_ids(conn, f"u.id IN ({marks})", ids)
    }
    owners = {
        row["id"]: (row["slug"], row["title"])
        for row in conn.execute(
            f"SELECT id, slug, title FROM initiatives WHERE id IN"
            f" ({','.join(str(i) for i in {owner for owner, _ in entries.values()})})"
        )
    }
    return [(*owners[entries[i][0]], fixes.apply(entries[i][1])) for i in ids]


def moved_below(ids: list[int], after: date, until: date, conn: sqlite3.Connection) -> set[int]:
    """Those of ``ids`` with a descendant that has a history entry effective after
    ``after`` and up to ``until``: a quiet programme whose children moved. One query
    for each of them that has children (the parent index finds those at once)."""
    if not ids:
        return set()
    parents = [
        row[0]
        for row in conn.execute(
            "SELECT value FROM json_each(?) WHERE EXISTS (SELECT 1 FROM initiatives"
            " INDEXED BY idx_initiatives_parent WHERE parent_id = value)",
            [json.dumps(ids)],
        )
    ]
    moved = set()
    for parent in parents:
        found = conn.execute(
            f"SELECT 1 FROM updates WHERE initiative_id IN ({DESCENDANTS_SQL})"
            " AND substr(effective, 1, 10) > ? AND substr(effective, 1, 10) <= ? LIMIT 1",
            [parent, after.isoformat(), until.isoformat()],
        ).fetchone()
        if found is not None:
            moved.add(parent)
    return moved


def newest_entries(conn: sqlite3.Connection) -> dict[int, int]:
    """Each initiative's newest history row id (any entry, a correction too): what
    ``tracker site`` compares to tell which pages changed (idx on initiative_id)."""
    rows = tuples(conn, "SELECT initiative_id, max(id) FROM updates GROUP BY initiative_id")
    return {initiative_id: newest for initiative_id, newest in rows}
