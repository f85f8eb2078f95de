"""``tracker datasette-metadata``: the metadata that makes ``datasette tracker.db -m
metadata.json`` a browser of the database: titles and descriptions of the tables,
views and columns (written once, here), facets, canned queries over the views of
``m015_browse_views`` and the internal tables hidden.

The database is opened (and so upgraded: the views are there) to read which columns
its tables and views have."""

from __future__ import annotations

import json
import re
from typing import Any

from tracker.domain.model import (
    CLOSED_STATUSES,
    DUE_SOON_DAYS,
    Confidence,
    Health,
    Kind,
    Status,
)
from tracker.ops.session import Session
from tracker.storage import browse

_CLOSED = ", ".join(sorted(CLOSED_STATUSES))
_HEALTH = (
    f"{Health.CLOSED} ({_CLOSED}); {Health.NO_DEADLINE}; {Health.OVERDUE} (the deadline's"
    f" latest day has passed); {Health.DUE_SOON} (it is within {DUE_SOON_DAYS} days);"
    f" {Health.ON_TRACK}. As of today, the machine's local day"
)
_STATUS = f"One of {', '.join(Status)}"
_DAYS_LEFT = "Days from today to the deadline's latest day (open, not overdue)"
_DAYS_OVERDUE = "Days since the deadline's latest day (overdue only)"
_DAYS_SLIPPED = "Days the deadline's latest day is later than the baseline's (the first set)"
_NAMES = "A JSON array of names (facet it as an array)"

#: The columns described, by name, in every table and view that has them.
_COLUMNS: dict[str, str] = {
    "id": "tracker's number for the initiative in this file",
    "slug": "The initiative's short name, as in tracker show SLUG",
    "title": "The initiative's title",
    "summary": "What it is about",
    "kind": f"One of {', '.join(Kind)}",
    "status": _STATUS,
    "health": _HEALTH,
    "progress": "Per cent done, 0-100",
    "confidence": f"Delivery confidence, best first: {', '.join(Confidence)}",
    "deadline_text": "The deadline as written",
    "deadline": "The deadline's latest day (ISO 8601)",
    "deadline_latest": "The deadline's latest day (ISO 8601)",
    "baseline_text": "The first deadline set, as written",
    "baseline": "The first deadline's latest day",
    "baseline_latest": "The first deadline's latest day",
    "days_left": _DAYS_LEFT,
    "days_overdue": _DAYS_OVERDUE,
    "days_slipped": _DAYS_SLIPPED,
    "parent": "The slug of the programme it belongs to",
    "tags": _NAMES,
    "jurisdictions": _NAMES,
    "sponsors": _NAMES,
    "tags_json": _NAMES,
    "jurisdictions_json": _NAMES,
    "sponsors_json": _NAMES,
    "as_of": "The day health and days are counted on (today)",
    "updated_at": "When its current fields last changed (UTC)",
    "initiative": "The initiative's slug",
    "effective": "The day the entry takes effect",
    "event": "created, update, edit, retract or amend",
    "note": "The entry's note",
    "quote": "The words quoted from the source",
    "author": "Who made the entry",
    "recorded_at": "When the entry was recorded (UTC)",
}

#: The tables and views shown, with their descriptions; the first is Datasette's first.
_SHOWN: dict[str, str] = {
    "initiative_list": "Every initiative with its health and days as of today, its parent's"
    " slug and its names (a view)",
    "initiative_health": "Each initiative's health, days left, days overdue and days slipped"
    " as of today (a view: the one place these rules are in SQL)",
    "initiatives": "The initiatives' current fields: what replaying their history gives",
    "history_list": "Every history entry, with its initiative's slug and its source (a view)",
    "updates": "The history: append-only entries, the truth of every current field",
    "source_list": "Each initiative's list of sources, a title always set (a view)",
    "sources": "The documents cited, one per URL (else title)",
    "links": "Links between initiatives (from_id KIND to_id)",
    "name_aliases": "Aliases of sponsors, jurisdictions and tags, and the name each stands for",
}

#: Tables for tracker's own bookkeeping, hidden (Datasette hides FTS tables itself).
HIDDEN = (
    "_sqlite_migrations",
    "report_cursors",
    "applied_refs",
    "removals",
    "replica",
    "replica_logs",
    "sync_pending",
    "slug_claims",
    "slug_aliases",
    "search_docs",
    "browse_docs",
)

_FACETS_LIST = ["status", "health", {"array": "tags"}, {"array": "jurisdictions"}]
_FACETS_TABLE = ["status", {"array": "tags_json"}, {"array": "jurisdictions_json"}]

_LISTED = (
    "slug, title, status, health, deadline_text, deadline, days_left, days_overdue,"
    " days_slipped, tags, jurisdictions"
)
#: Canned queries: name -> (title, description, SQL), each over the views.
QUERIES: dict[str, tuple[str, str, str]] = {
    "overdue": (
        "Overdue",
        "Open initiatives whose deadline has passed, most days overdue first",
        f"SELECT {_LISTED} FROM initiative_list WHERE health = 'overdue'"
        " ORDER BY days_overdue DESC, title",
    ),
    "due_soon": (
        "Due soon",
        f"Open initiatives due within {DUE_SOON_DAYS} days, soonest first",
        f"SELECT {_LISTED} FROM initiative_list WHERE health = 'due_soon'"
        " ORDER BY days_left, title",
    ),
    "slipped": (
        "Slipped",
        "Initiatives whose deadline is later than their first one, most days first",
        f"SELECT {_LISTED}, baseline_text, baseline FROM initiative_list"
        " WHERE days_slipped > 0 ORDER BY days_slipped DESC, title",
    ),
}


def metadata(t: Session) -> dict[str, Any]:
    """Datasette's metadata for this tracker database (named, as Datasette names it,
    after its file): the columns described are those each table and view has."""
    with t.db.read() as conn:
        have = {
            table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            for table in _SHOWN
        }
    tables: dict[str, Any] = {}
    for table, description in _SHOWN.items():
        entry: dict[str, Any] = {"description": description}
        columns = {name: _COLUMNS[name] for name in have[table] if name in _COLUMNS}
        if columns:
            entry["columns"] = columns
        if table == "initiative_list":
            entry["facets"] = _FACETS_LIST
        if table == "initiatives":
            entry["facets"] = _FACETS_TABLE
        if table in ("initiative_list", "initiatives", "initiative_health"):
            entry |= {"fts_table": browse.TABLE, "fts_pk": "id"}
        tables[table] = entry
    for table in HIDDEN:
        tables[table] = {"hidden": True}
    queries = {
        key: {"title": title, "description": description, "sql": sql}
        for key, (title, description, sql) in QUERIES.items()
    }
    return {
        "title": "tracker",
        "description": "Policy initiatives: who promised what, by when, and whether it"
        " happened. Search finds words inside Chinese titles and summaries.",
        "databases": {
            t.db.path.stem: {
                "description": "A tracker database",
                "tables": tables,
                "queries": queries,
            }
        },
    }


def as_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


#: Plain words YAML 1.1 (PyYAML) reads as something else than a string.
_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def as_yaml(data: dict[str, Any]) -> str:
    """``data`` (dicts, lists, strings, numbers, booleans) as YAML: every string a
    double-quoted scalar (JSON's escapes are YAML's), SQL a literal block."""
    lines: list[str] = []

    def key_of(value: str) -> str:
        plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value) and value.lower() not in _WORDS
        return value if plain else scalar(value)

    def scalar(value: object) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return json.dumps(value, ensure_ascii=False)

    def emit(value: object, indent: int) -> None:
        pad = "  " * indent
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, dict | list) and item:
                    lines.append(f"{pad}{key_of(key)}:")
                    emit(item, indent + 1)
                elif key == "sql" and isinstance(item, str) and "\n" not in item:
                    lines.append(f"{pad}{key_of(key)}: |-")
                    lines.append(f"{pad}  {item}")
                else:
                    lines.append(f"{pad}{key_of(key)}: {scalar(item)}")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    first, *rest = [f"{key_of(k)}: {scalar(v)}" for k, v in item.items()]
                    lines.append(f"{pad}- {first}")
                    lines.extend(f"{pad}  {line}" for line in rest)
                else:
                    lines.append(f"{pad}- {scalar(item)}")

    emit(data, 0)
    return "\n".join(lines) + "\n"
