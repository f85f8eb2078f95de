"""The lines of ``tracker export``, written by SQLite: one query walks the initiatives in
uuid order and gives each one's record as the compact JSON text that
``json.dumps(record, ensure_ascii=False, separators=(",", ":"))`` gives for
:meth:`tracker.domain.initiatives.Initiative.export_dict` (tests/test_export_lines.py
proves the two byte-equal, edge cases included).

SQLite quotes strings as json.dumps does without ``ensure_ascii`` (``\\"``, ``\\\\``,
``\\b \\f \\n \\r \\t``, other control characters as ``\\u00xx``, everything else as
itself) and writes integers alike. Where the two could differ, the line is NULL and the
caller builds that record the reference way: a window whose stored days are not plain
ISO days (Python reads and writes them again), a number stored as REAL (Python's repr
and SQLite's ``%!.15g`` differ), or stored JSON (an entry's ``edits`` and deadlines,
copied into the line as they are) that Python would write otherwise: not valid JSON to
SQLite, not an object, holding a ``\\u`` or ``\\/`` escape or a real number (Python
writes ``1500.0`` for ``1.5e3``), or an ``edits`` key that is also one of the tracked
fields (``dict.update`` keeps those in place). Integers, and strings without escapes
but the short ones, are copied as written: json.dumps wrote them, as Python would.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from tracker.domain.replay import TRACKED_FIELDS


def _window(prefix: str, earliest: str = "earliest", present: str = "") -> str:
    """SQL: the window stored in ``i.<prefix>_*`` as ``Window.to_dict``'s JSON text
    (``null`` when absent: no ``latest``, nor ``present``), or NULL when Python would read
    its days otherwise (see the module's note)."""
    text, first, last, precision = (
        f"i.{prefix}_{part}" for part in ("text", earliest, "latest", "precision")
    )
    return (
        f"CASE WHEN {last} IS NULL {present} THEN 'null'"
        f" WHEN {text} IS NOT NULL AND {precision} IS NOT NULL"
        f" AND date({first}) IS {first} AND date({last}) IS {last}"
        f" AND {first} >= '0001-01-01' AND {first} <= {last}"
        f" THEN json_object('text', {text}, 'earliest', {first}, 'latest', {last},"
        f" 'precision', {precision}) END"
    )


def _stored_json(column: str) -> str:
    """SQL: whether the JSON text stored in ``column`` comes out of SQLite's ``json()``
    as Python's loads-then-dumps would write it."""
    return f"(json_valid({column}) AND instr({column}, '\\u') = 0 AND instr({column}, '\\/') = 0)"


def _number(column: str) -> str:
    return f"typeof({column}) != 'real'"


def _pair(name: str) -> str:
    return (
        f"CASE WHEN u.{name}_to IS NULL THEN '' ELSE ',\"{name}\":'"
        f" || json_object('from', u.{name}_from, 'to', u.{name}_to) END"
    )


_NO_TRACKED_EDITS = " AND ".join(f"json_type(u.edits, '$.{key}') IS NULL" for key in TRACKED_FIELDS)

#: One history entry as ``HistoryEntry.export_dict``'s JSON text, NULL where Python
#: would write it otherwise. ``changes`` is put together as :func:`repository._changes`
#: does: status, progress, confidence (its note), deadline, then the ``edits`` keys.
_ENTRY = f"""CASE WHEN {_number("u.progress_from")} AND {_number("u.progress_to")}
    AND {_number("u.clock")}
    AND (u.deadline_to IS NULL OR ({_stored_json("u.deadline_to")}
        AND (u.deadline_from IS NULL OR u.deadline_from = '' OR {_stored_json("u.deadline_from")})))
    AND (u.edits IS NULL OR u.edits = '' OR ({_stored_json("u.edits")}
        AND json_type(u.edits) = 'object' AND {_NO_TRACKED_EDITS}
        AND NOT EXISTS (SELECT 1 FROM json_tree(u.edits) WHERE type = 'real')))
THEN '{{"uuid":' || json_quote(u.uuid) || ',"event":' || json_quote(u.event)
    || ',"recorded_at":' || json_quote(u.recorded_at) || ',"effective":' || json_quote(u.effective)
    || ',"changes":{{' || substr(
        {_pair("status")} || {_pair("progress")}
        || CASE WHEN u.confidence_to IS NULL THEN ''
            WHEN u.confidence_note IS NULL THEN ',"confidence":'
                || json_object('from', u.confidence_from, 'to', u.confidence_to)
            ELSE ',"confidence":' || json_object('from', u.confidence_from,
                'to', u.confidence_to, 'note', u.confidence_note) END
        || CASE WHEN u.deadline_to IS NULL THEN ''
            ELSE ',"deadline":{{"from":' || CASE WHEN u.deadline_from IS NULL
                OR u.deadline_from = '' THEN 'null' ELSE json(u.deadline_from) END
                || ',"to":' || json(u.deadline_to) || '}}' END
        || CASE WHEN u.edits IS NULL OR u.edits = '' OR json(u.edits) = '{{}}' THEN ''
            ELSE ',' || substr(json(u.edits), 2, length(json(u.edits)) - 2) END,
        2) || '}},"note":' || json_quote(u.note)
    || ',"source":' || CASE WHEN u.source_id THEN json_object('title', s.title,
        'publisher', s.publisher, 'published', s.published, 'url', s.url,
        'accessed', u.accessed, 'quote', u.quote) ELSE 'null' END
    || ',"ref":' || json_quote(u.ref) || ',"author":' || json_quote(u.author)
    || ',"target":' || json_quote(u.target) || ',"clock":' || json_quote(u.clock) || '}}'
END"""

#: An initiative's history in history order (``repository.history_rows_with_ids``'s):
#: NULL if any entry is (see :data:`_ENTRY`).
_HISTORY = f"""(SELECT CASE WHEN count(*) = count(e) THEN '[' || coalesce(group_concat(e, ','), '')
    || ']' END FROM (SELECT {_ENTRY} AS e
    FROM updates u LEFT JOIN sources s ON s.id = u.source_id WHERE u.initiative_id = i.id
    ORDER BY u.event != 'created', u.effective, u.clock, u.recorded_at, u.uuid))"""

#: An initiative's sources (``repository.sources_of``'s order).
_SOURCES = """(SELECT '[' || coalesce(group_concat(e, ','), '') || ']' FROM (SELECT
    json_object('title', s.title, 'publisher', s.publisher, 'published', s.published,
        'url', s.url, 'accessed', l.accessed, 'quote', l.quote) AS e
    FROM initiative_sources l JOIN sources s ON s.id = l.source_id
    WHERE l.initiative_id = i.id ORDER BY l.id))"""

_REFS = """(SELECT '[' || coalesce(group_concat(json_quote(ref), ','), '') || ']'
    FROM (SELECT ref FROM applied_refs WHERE initiative_id = i.id ORDER BY ref))"""

#: Every initiative in uuid order (``repository.export_order``'s) as (id, its parent's
#: uuid, its line or NULL). The name lists are ``initiatives.<list>_json``, kept in their order.
EXPORT_LINES = f"""SELECT i.id, p.uuid, CASE WHEN {_number("i.progress")} THEN
    '{{"uuid":' || json_quote(i.uuid) || ',"slug":' || json_quote(i.slug)
    || ',"title":' || json_quote(i.title) || ',"summary":' || json_quote(i.summary)
    || ',"kind":' || json_quote(i.kind) || ',"status":' || json_quote(i.status)
    || ',"confidence":' || json_quote(i.confidence)
    || ',"confidence_note":' || json_quote(i.confidence_note)
    || ',"progress":' || json_quote(i.progress)
    || ',"announced":' || {_window("announced", "date", "OR i.announced_date IS NULL")}
    || ',"deadline":' || {_window("deadline")}
    || ',"baseline_deadline":' || {_window("baseline")}
    || ',"parent":' || json_quote(p.uuid)
    || ',"tags":' || i.tags_json || ',"jurisdictions":' || i.jurisdictions_json
    || ',"sponsors":' || i.sponsors_json || ',"sources":' || {_SOURCES}
    || ',"created_at":' || json_quote(i.created_at) || ',"updated_at":' || json_quote(i.updated_at)
    || ',"history":' || {_HISTORY} || ',"applied_refs":' || {_REFS} || '}}'
END FROM initiatives i LEFT JOIN initiatives p ON p.id = i.parent_id ORDER BY i.uuid"""


def initiative_count(conn: sqlite3.Connection) -> int:
    count: int = conn.execute("SELECT count(*) FROM initiatives").fetchone()[0]
    return count


#: Rows a fetch gives.
CHUNK = 500


def export_lines(conn: sqlite3.Connection) -> Iterator[list[tuple[int, str | None, str | None]]]:
    """Every initiative in uuid order as (id, its parent's uuid, its export line or None
    where it must be built the reference way), streamed :data:`CHUNK` rows at a time."""
    cursor = conn.cursor()
    cursor.row_factory = None
    cursor.execute(EXPORT_LINES)
    while rows := cursor.fetchmany(CHUNK):
        yield rows
