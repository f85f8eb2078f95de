"""Schema migrations, forward only.

The steps form a sqlite-utils ``Migrations`` set named ``tracker``, recorded in
``_sqlite_migrations``. Never edit an applied step: add ``m00N_...`` instead.

``PRAGMA user_version`` mirrors the number of applied steps so that opening an
up-to-date database costs one pragma read. When steps are pending they run
inside ONE ``BEGIN IMMEDIATE`` transaction (each step a savepoint within it),
so concurrent processes opening an old database apply them exactly once.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tracker.errors import SchemaTooNewError, UnusableError
from tracker.storage import connection
from tracker.storage.connection import Database

if TYPE_CHECKING:
    import sqlite_utils

SET_NAME = "tracker"

#: The name lists and their tables (as in repository.NAME_LISTS, which storage code
#: shares; repeated here because a migration must never change once applied).
_NAME_LISTS = {
    "tags": ("tags", "initiative_tags", "tag_id"),
    "jurisdictions": ("jurisdictions", "initiative_jurisdictions", "jurisdiction_id"),
    "sponsors": ("sponsors", "initiative_sponsors", "sponsor_id"),
}

#: Migration names in order; the schema version is the number applied.
STEPS: tuple[str, ...] = (
    "m001_initial",
    "m002_search",
    "m003_report_cursors",
    "m004_fast_writes",
    "m005_authors_and_corrections",
    "m006_replicas",
    "m007_confidence_levels",
    "m008_filter_indexes",
    "m009_search_everything",
    "m010_slug_aliases",
    "m011_links",
    "m012_sources",
    "m013_names",
    "m014_feed_index",
    "m015_browse_views",
    "m016_shared_refs",
)
SCHEMA_VERSION = len(STEPS)

_OWN_TABLES = {
    "_sqlite_migrations",
    "initiatives",
    "updates",
    "sources",
    "initiative_sources",
    "tags",
    "initiative_tags",
    "jurisdictions",
    "initiative_jurisdictions",
    "sponsors",
    "initiative_sponsors",
    "report_cursors",
    "applied_refs",
    "removals",
    "replica",
    "replica_logs",
    "sync_pending",
    "slug_claims",
    "search_docs",
    "slug_aliases",
    "links",
    "name_aliases",
    "browse_docs",
    "browse_fts",
}


def _m001_initial(db: sqlite_utils.Database) -> None:
    statuses = "'proposed','announced','in_progress','achieved','stalled','abandoned','superseded'"
    kinds = "'proposal','plan','programme','policy','measure'"
    confidences = "'green','amber','red'"
    precisions = "'day','week','month','quarter','half','part-year','year','multi-year'"
    statements = [
        f"""
        CREATE TABLE initiatives (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            slug TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            summary TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind IN ({kinds})),
            status TEXT NOT NULL CHECK (status IN ({statuses})),
            confidence TEXT CHECK (confidence IN ({confidences})),
            progress INTEGER CHECK (progress BETWEEN 0 AND 100),
            announced_text TEXT,
            announced_date TEXT,
            announced_latest TEXT,
            announced_precision TEXT CHECK (announced_precision IN ({precisions})),
            deadline_text TEXT,
            deadline_earliest TEXT,
            deadline_latest TEXT,
            deadline_precision TEXT CHECK (deadline_precision IN ({precisions})),
            baseline_text TEXT,
            baseline_earliest TEXT,
            baseline_latest TEXT,
            baseline_precision TEXT CHECK (baseline_precision IN ({precisions})),
            parent_id INTEGER REFERENCES initiatives(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            CHECK (deadline_earliest IS NULL OR deadline_earliest <= deadline_latest),
            CHECK (parent_id IS NULL OR parent_id != id)
        )
        """,
        "CREATE INDEX idx_initiatives_status_deadline ON initiatives(status, deadline_latest)",
        "CREATE INDEX idx_initiatives_deadline ON initiatives(deadline_latest)",
        "CREATE INDEX idx_initiatives_updated ON initiatives(updated_at)",
        "CREATE INDEX idx_initiatives_title ON initiatives(title COLLATE NOCASE)",
        "CREATE INDEX idx_initiatives_parent ON initiatives(parent_id)",
        """
        CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            title TEXT,
            publisher TEXT,
            published TEXT,
            url TEXT
        )
        """,
        """
        CREATE TABLE initiative_sources (
            id INTEGER PRIMARY KEY,
            initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
            source_id INTEGER NOT NULL REFERENCES sources(id),
            quote TEXT
        )
        """,
        """CREATE UNIQUE INDEX idx_initiative_sources_unique
           ON initiative_sources(initiative_id, source_id, coalesce(quote, ''))""",
        "CREATE INDEX idx_initiative_sources_source ON initiative_sources(source_id)",
        f"""
        CREATE TABLE updates (
            id INTEGER PRIMARY KEY,
            uuid TEXT NOT NULL UNIQUE,
            initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
            recorded_at TEXT NOT NULL,
            effective TEXT NOT NULL,
            event TEXT NOT NULL CHECK (event IN ('created', 'update', 'edit')),
            status_from TEXT,
            status_to TEXT CHECK (status_to IN ({statuses})),
            progress_from INTEGER,
            progress_to INTEGER CHECK (progress_to BETWEEN 0 AND 100),
            confidence_from TEXT,
            confidence_to TEXT CHECK (confidence_to IN ({confidences})),
            deadline_from TEXT,
            deadline_to TEXT,
            deadline_to_latest TEXT,
            edits TEXT,
            note TEXT,
            source_id INTEGER REFERENCES sources(id),
            quote TEXT,
            ref TEXT
        )
        """,
        "CREATE INDEX idx_updates_initiative ON updates(initiative_id, effective, id)",
        "CREATE INDEX idx_updates_effective ON updates(effective)",
        "CREATE INDEX idx_updates_source ON updates(source_id)",
        """CREATE UNIQUE INDEX idx_updates_ref ON updates(initiative_id, ref)
           WHERE ref IS NOT NULL""",
        # The history is append-only: rows may be added, never changed.
        """
        CREATE TRIGGER updates_append_only BEFORE UPDATE ON updates
        BEGIN SELECT RAISE(ABORT, 'the update history is append-only'); END
        """,
    ]
    for table in ("tags", "jurisdictions", "sponsors"):
        link = f"initiative_{table}"
        column = f"{table[:-1]}_id"
        statements += [
            f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE"
            " COLLATE NOCASE)",
            f"""
            CREATE TABLE {link} (
                initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
                {column} INTEGER NOT NULL REFERENCES {table}(id),
                PRIMARY KEY (initiative_id, {column})
            ) WITHOUT ROWID
            """,
            f"CREATE INDEX idx_{link}_{column} ON {link}({column}, initiative_id)",
        ]
    for sql in statements:
        db.execute(sql)


def _m002_search(db: sqlite_utils.Database) -> None:
    # Full-text index over title and summary, kept in step by triggers.
    db.table("initiatives").enable_fts(
        ["title", "summary"], tokenize="unicode61 remove_diacritics 2", create_triggers=True
    )


def _m003_report_cursors(db: sqlite_utils.Database) -> None:
    # Where `tracker report --since last` starts: one row per set of report filters,
    # written when a report is written with --output.
    db.execute(
        """
        CREATE TABLE report_cursors (
            filters TEXT PRIMARY KEY,
            as_of TEXT NOT NULL,
            max_update_id INTEGER NOT NULL,
            written_at TEXT NOT NULL
        )
        """
    )
    # Idempotency keys of updates that changed nothing (the others are in updates.ref):
    # the same key again is a no-op even after the state has moved on.
    db.execute(
        """
        CREATE TABLE applied_refs (
            initiative_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,
            ref TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (initiative_id, ref)
        ) WITHOUT ROWID
        """
    )
    # Replaying a field as of a day (tracker report --as-of, "slipped"): the latest
    # update that set it, found by one index probe per initiative.
    for name in ("status", "progress", "confidence", "deadline"):
        db.execute(
            f"CREATE INDEX idx_updates_{name}_set ON updates(initiative_id, effective, id)"
            f" WHERE {name}_to IS NOT NULL AND event != 'created'"
        )
    db.execute("CREATE INDEX idx_updates_created ON updates(initiative_id) WHERE event = 'created'")
    # Each initiative's tags, jurisdictions and sponsors as a JSON array in NOCASE order
    # (kept by repository.add_names / remove_names): a report of 100,000 initiatives reads
    # them as plain columns instead of 300,000 lookups.
    for list_name, (table, link, column) in _NAME_LISTS.items():
        db.execute(
            f"ALTER TABLE initiatives ADD COLUMN {list_name}_json TEXT NOT NULL DEFAULT '[]'"
        )
        db.execute(
            f"UPDATE initiatives SET {list_name}_json = coalesce((SELECT json_group_array(name)"
            f" FROM (SELECT n.name FROM {link} l JOIN {table} n ON n.id = l.{column}"
            " WHERE l.initiative_id = initiatives.id ORDER BY n.name COLLATE NOCASE)), '[]')"
        )
    # The baseline is the deadline of the FIRST entry in history order (created, then by
    # effective day and recording), so a backdated earlier deadline counts: recompute it.
    first = (
        "(SELECT u.deadline_to FROM updates u WHERE u.initiative_id = initiatives.id"
        " AND u.deadline_to IS NOT NULL ORDER BY u.event != 'created', u.effective, u.id"
        " LIMIT 1)"
    )
    db.execute(
        f"UPDATE initiatives SET baseline_text = json_extract({first}, '$.text'),"
        f" baseline_earliest = json_extract({first}, '$.earliest'),"
        f" baseline_latest = json_extract({first}, '$.latest'),"
        f" baseline_precision = json_extract({first}, '$.precision')"
        f" WHERE {first} IS NOT NULL"
    )
    # Re-index the full-text search only when the indexed text changes, not on every
    # status update (sqlite-utils' trigger fires on any UPDATE).
    db.execute("DROP TRIGGER IF EXISTS initiatives_au")
    db.execute(
        "CREATE TRIGGER initiatives_au AFTER UPDATE OF title, summary ON initiatives BEGIN"
        " INSERT INTO initiatives_fts (initiatives_fts, rowid, title, summary)"
        " VALUES ('delete', old.rowid, old.title, old.summary);"
        " INSERT INTO initiatives_fts (rowid, title, summary)"
        " VALUES (new.rowid, new.title, new.summary); END"
    )


_IN_LIST = re.compile(r"\b(\w+) IN \(('[^']*'(?:\s*,\s*'[^']*')*)\)")


def _or_chain(match: re.Match[str]) -> str:
    column, values = match.group(1), re.findall(r"'[^']*'", match.group(2))
    return "(" + " OR ".join(f"{column} = {value}" for value in values) + ")"


def _m004_fast_writes(db: sqlite_utils.Database) -> None:
    # A CHECK written ``x IN ('a', 'b', ...)`` builds a temporary index of the list
    # every time a statement runs: about 1.6 microseconds per checked column per row,
    # a second per 100,000 imported initiatives. The same test as an OR chain costs
    # nothing. CHECK text does not touch stored rows, so the tables' schema text is
    # rewritten in place, the documented way (sqlite.org/lang_altertable.html, "making
    # other kinds of table schema changes"); every stored row still satisfies it.
    _rewrite_table_sql(db.conn, {"initiatives": _or_chains, "updates": _or_chains})


def _or_chains(sql: str) -> str:
    return _IN_LIST.sub(_or_chain, sql)


def _rewrite_table_sql(conn: sqlite3.Connection, changes: dict[str, Callable[[str], str]]) -> None:
    """Rewrite tables' CREATE text in place, the documented way for changes that no
    stored row can break (sqlite.org/lang_altertable.html, "making other kinds of table
    schema changes"): ``changes`` maps a table to a function of its SQL."""
    version = conn.execute("PRAGMA schema_version").fetchone()[0]
    conn.execute("PRAGMA writable_schema = ON")
    try:
        for name, change in changes.items():
            (sql,) = conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [name]
            ).fetchone()
            conn.execute(
                "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
                [change(sql), name],
            )
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")


_EDIT_EVENT = "event = 'edit'"


def _m005_authors_and_corrections(db: sqlite_utils.Database) -> None:
    # Every entry records who made it (NULL for entries made before authors were kept).
    # A ``retract`` entry takes back the entry whose uuid is its ``target``; an ``amend``
    # entry supersedes its target's note, source and quote. Both are appended like any
    # other entry: the history stays append-only. The event CHECK (an OR chain since
    # m004) only widens, so every stored row still satisfies it.
    conn = db.conn
    conn.execute("ALTER TABLE updates ADD COLUMN author TEXT")
    conn.execute("ALTER TABLE updates ADD COLUMN target TEXT")

    def widen(sql: str) -> str:
        if _EDIT_EVENT not in sql:
            raise RuntimeError("the updates table's event CHECK is not the one expected")
        return sql.replace(_EDIT_EVENT, f"{_EDIT_EVENT} OR event = 'retract' OR event = 'amend'", 1)

    _rewrite_table_sql(conn, {"updates": widen})
    conn.execute("CREATE INDEX idx_updates_target ON updates(target) WHERE target IS NOT NULL")
    # What ``tracker remove`` removed (the initiative and its history go): a row of a
    # list or file taken before then does not silently make it again.
    conn.execute(
        "CREATE TABLE removals (uuid TEXT PRIMARY KEY, slug TEXT NOT NULL,"
        " removed_at TEXT NOT NULL, author TEXT) WITHOUT ROWID"
    )
    # History order within a day is recording order by the entries' own recorded_at
    # (then uuid), not this file's row ids: copies of one history that received its
    # entries in another order (two trackers merging each other's exports) replay them
    # in the same order. The indexes that serve history order follow.
    conn.execute("DROP INDEX idx_updates_initiative")
    conn.execute(
        "CREATE INDEX idx_updates_initiative ON updates(initiative_id, effective, recorded_at,"
        " uuid)"
    )
    for name in ("status", "progress", "confidence", "deadline"):
        conn.execute(f"DROP INDEX idx_updates_{name}_set")
        conn.execute(
            f"CREATE INDEX idx_updates_{name}_set ON updates(initiative_id, effective,"
            f" recorded_at, uuid) WHERE {name}_to IS NOT NULL AND event != 'created'"
        )
    # A file analysed before (its sqlite_stat1 has statistics) gets them for the new
    # and rebuilt indexes too: the planner weighs an index with none against the
    # others' counts and can choose a walk of the whole history instead.
    _analyse_updates_if_analysed(conn)


def _analyse_updates_if_analysed(conn: sqlite3.Connection) -> None:
    """Statistics for the history's new indexes, in a file analysed before (its
    sqlite_stat1 has rows): the planner weighs an index with none against the others'
    counts and can choose a walk of the whole history instead."""
    analysed = (
        conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        and conn.execute("SELECT 1 FROM sqlite_stat1 LIMIT 1").fetchone()
    )
    if analysed:
        conn.execute("ANALYZE updates")


def _m006_replicas(db: sqlite_utils.Database) -> None:
    # Sync (tracker sync): this database is one replica, with a uuid made here, and
    # every entry carries a Lamport clock, so that replicas order one another's entries
    # the same way whatever their machines' clocks say. ``lamport`` is the floor of the
    # next clock (the highest clock seen, also of entries since removed); ``sent_clock``
    # marks the entries made here already in this replica's log; ``resend``: the next
    # sync compares every entry with the logs (the first one, and after an import);
    # ``log_size``: the bytes of this replica's log written by a committed sync.
    import uuid

    conn = db.conn
    conn.execute(
        "CREATE TABLE replica (only INTEGER PRIMARY KEY CHECK (only = 1), id TEXT NOT NULL,"
        " lamport INTEGER NOT NULL DEFAULT 0, sent_clock INTEGER NOT NULL DEFAULT -1,"
        " resend INTEGER NOT NULL DEFAULT 1, log_size INTEGER NOT NULL DEFAULT 0)"
    )
    conn.execute("INSERT INTO replica (only, id) VALUES (1, ?)", [str(uuid.uuid4())])
    # How far each other replica's log has been read (bytes, lines).
    conn.execute(
        "CREATE TABLE replica_logs (replica TEXT PRIMARY KEY, offset INTEGER NOT NULL,"
        " lines INTEGER NOT NULL) WITHOUT ROWID"
    )
    # An initiative that wants a slug another initiative, created first, holds (two
    # replicas added the same slug) is shown as ``slug-<uuid8>``: the slug it wants.
    conn.execute(
        "CREATE TABLE slug_claims (initiative_id INTEGER PRIMARY KEY"
        " REFERENCES initiatives(id) ON DELETE CASCADE, wanted TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX idx_slug_claims_wanted ON slug_claims(wanted)")
    # Entries received before the initiative they belong to (kept for the next sync).
    conn.execute(
        "CREATE TABLE sync_pending (uuid TEXT PRIMARY KEY, initiative TEXT NOT NULL,"
        " replica TEXT NOT NULL, line TEXT NOT NULL) WITHOUT ROWID"
    )
    # Entries made before clocks were kept have clock 0 everywhere, so every replica
    # orders them as before (by recording); ``origin``: the replica a synced entry came
    # from (NULL: made or imported here); ``initial``: a synced created entry's
    # descriptive fields as its replica made them.
    conn.execute("ALTER TABLE updates ADD COLUMN clock INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE updates ADD COLUMN origin TEXT")
    conn.execute("ALTER TABLE updates ADD COLUMN initial TEXT")
    conn.execute("ALTER TABLE removals ADD COLUMN clock INTEGER NOT NULL DEFAULT 0")
    conn.execute("ALTER TABLE removals ADD COLUMN origin TEXT")
    # History order is (effective day, clock, recorded_at, uuid) from now on.
    conn.execute("DROP INDEX idx_updates_initiative")
    conn.execute(
        "CREATE INDEX idx_updates_initiative ON updates(initiative_id, effective, clock,"
        " recorded_at, uuid)"
    )
    for name in ("status", "progress", "confidence", "deadline"):
        conn.execute(f"DROP INDEX idx_updates_{name}_set")
        conn.execute(
            f"CREATE INDEX idx_updates_{name}_set ON updates(initiative_id, effective, clock,"
            f" recorded_at, uuid) WHERE {name}_to IS NOT NULL AND event != 'created'"
        )
    conn.execute("CREATE INDEX idx_updates_clock ON updates(clock)")
    _analyse_updates_if_analysed(conn)


_AMBER = re.compile(r"\b(confidence(?:_to)?) = 'amber'")


def _m007_confidence_levels(db: sqlite_utils.Database) -> None:
    # Delivery confidence takes the five levels of the UK Infrastructure and Projects
    # Authority's assessment: amber_green and amber_red join green, amber and red,
    # which keep their meaning. The CHECKs (OR chains since m004) only widen, so every
    # stored row still satisfies them and none is rewritten. Each entry that sets a
    # level may give its rationale (``confidence_note``); the initiative keeps a copy
    # of the rationale of the entry that set its current level (NULL: none given, and
    # for every entry and initiative made before this step: they replay to the same).
    conn = db.conn

    def widen(sql: str) -> str:
        widened, count = _AMBER.subn(
            lambda m: f"{m[1]} = 'amber_green' OR {m[1]} = 'amber' OR {m[1]} = 'amber_red'", sql
        )
        if count != 1:
            raise RuntimeError("the confidence CHECK is not the one expected")
        return widened

    _rewrite_table_sql(conn, {"initiatives": widen, "updates": widen})
    conn.execute("ALTER TABLE updates ADD COLUMN confidence_note TEXT")
    conn.execute("ALTER TABLE initiatives ADD COLUMN confidence_note TEXT")


def _m008_filter_indexes(db: sqlite_utils.Database) -> None:
    # `list --by NAME`: the initiatives with an entry by NAME (any case), by index.
    db.execute("CREATE INDEX idx_updates_author ON updates(author COLLATE NOCASE, initiative_id)")


def _m009_search_everything(db: sqlite_utils.Database) -> None:
    # One search index over everything recorded of an initiative (title, summary, tags,
    # sponsors, jurisdictions, sources, quotes, notes), stemmed for English, Chinese,
    # Japanese and Korean by character, traditional and simplified folded together
    # (tracker.storage.search); it replaces m002's index of titles and summaries and
    # its triggers, and is built here from what the database holds.
    from tracker.storage import search

    conn = db.conn
    for trigger in ("initiatives_ai", "initiatives_ad", "initiatives_au"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    conn.execute("DROP TABLE IF EXISTS initiatives_fts")
    search.schema(conn)
    search.rebuild(conn)


def _m010_slug_aliases(db: sqlite_utils.Database) -> None:
    # Every slug an initiative's history gave it (each slug edit's from and to) keeps
    # naming it after a rename: ``slug_aliases`` is derived from the history, by the
    # trigger below as each edit entry is written (by every path: edit, import, sync),
    # and here from the entries already written. Two initiatives that left one slug:
    # the entry recorded last owns it, (recorded_at, uuid) ordering them the same on
    # every replica. A current slug always wins over an alias (resolution looks there
    # first); an alias goes with its initiative (``remove``).
    conn = db.conn
    conn.execute(
        "CREATE TABLE slug_aliases (slug TEXT PRIMARY KEY, initiative_id INTEGER NOT NULL"
        " REFERENCES initiatives(id) ON DELETE CASCADE, recorded_at TEXT NOT NULL,"
        " entry TEXT NOT NULL) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX idx_slug_aliases_initiative ON slug_aliases(initiative_id)")
    slug_edit = (
        "{u}.event = 'edit' AND {u}.edits IS NOT NULL AND json_type({u}.edits, '$.slug') = 'object'"
    )
    keep = []
    for end in ("from", "to"):
        value = f"json_extract(NEW.edits, '$.slug.{end}')"
        keep += [
            f"DELETE FROM slug_aliases WHERE slug = {value}"
            " AND (recorded_at, entry) < (NEW.recorded_at, NEW.uuid);",
            "INSERT OR IGNORE INTO slug_aliases (slug, initiative_id, recorded_at, entry)"
            f" SELECT {value}, NEW.initiative_id, NEW.recorded_at, NEW.uuid"
            f" WHERE typeof({value}) = 'text';",
        ]
    conn.execute(
        "CREATE TRIGGER updates_slug_aliases AFTER INSERT ON updates"
        f" WHEN {slug_edit.format(u='NEW')} BEGIN {' '.join(keep)} END"
    )
    rows = conn.execute(
        "SELECT json_extract(u.edits, '$.slug.from'), json_extract(u.edits, '$.slug.to'),"
        f" u.initiative_id, u.recorded_at, u.uuid FROM updates u WHERE {slug_edit.format(u='u')}"
        " ORDER BY u.recorded_at, u.uuid"
    ).fetchall()
    for before, after, initiative_id, recorded_at, uuid in rows:  # the later wins
        for slug in (before, after):
            if isinstance(slug, str):
                conn.execute(
                    "INSERT OR REPLACE INTO slug_aliases VALUES (?, ?, ?, ?)",
                    [slug, initiative_id, recorded_at, uuid],
                )


def _m011_links(db: sqlite_utils.Database) -> None:
    # Links between initiatives (tracker link A KIND B): one row per link, owned by
    # its first end, whose history's edit entries make and end it (a ``links`` change):
    # the rows are what replaying those entries gives (tracker.domain.links), kept in
    # step by the commands and rebuilt where histories arrive (import, sync). A link
    # goes with either end (a removed initiative takes its links with it); one link of
    # a kind between two initiatives; never from an initiative to itself.
    conn = db.conn
    conn.execute(
        "CREATE TABLE links (from_id INTEGER NOT NULL REFERENCES initiatives(id)"
        " ON DELETE CASCADE, kind TEXT NOT NULL CHECK (kind = 'supersedes' OR"
        " kind = 'duplicates' OR kind = 'depends-on' OR kind = 'relates-to'),"
        " to_id INTEGER NOT NULL REFERENCES initiatives(id) ON DELETE CASCADE,"
        " PRIMARY KEY (from_id, kind, to_id), CHECK (from_id != to_id)) WITHOUT ROWID"
    )
    conn.execute("CREATE INDEX idx_links_to ON links(to_id, kind, from_id)")
    # The entries that make or end links, found without walking the whole history
    # (the rows are rebuilt from them after an import or a sync).
    conn.execute(
        "CREATE INDEX idx_updates_links ON updates(initiative_id)"
        " WHERE event = 'edit' AND edits LIKE '%\"links\"%'"
    )


def _m012_sources(db: sqlite_utils.Database) -> None:
    # One list of sources per initiative, and the history is its truth: the list is
    # what replaying the history gives (tracker.domain.replay.replay_sources). Until
    # now ``update --source`` reached only the history, and the sources an import or a
    # sync added kept their quotes only in ``initiative_sources``. Here: every entry's
    # evidence gets the day its source was read (``accessed``), so does each item of
    # the list; for each initiative, the (document, quote) pairs of its stored list
    # that its history does not give are appended to the history as ONE ``edit``
    # entry (``{"sources": {"added": [...]}}``, effective on its created day), so none
    # is lost; then the stored list is rewritten as the replay: one item per document
    # (its URL, else its title), in order. A view shows the list with a title always
    # set (the URL where the document has none), for Datasette and other SQL tools.
    import json

    from tracker.domain import clock
    from tracker.domain.replay import Cited, replay_sources
    from tracker.storage.repository import NEXT_CLOCK

    conn = db.conn
    conn.execute("ALTER TABLE updates ADD COLUMN accessed TEXT")
    conn.execute("ALTER TABLE initiative_sources ADD COLUMN accessed TEXT")

    @dataclass(frozen=True)
    class Evidence:
        key: str
        quote: str | None
        accessed: str | None = None

    @dataclass
    class Row:
        uuid: str
        event: str
        effective: str
        recorded_at: str
        target: str | None
        changes: dict[str, Any]
        source: Evidence | None

    def entry_row(
        uuid: str,
        event: str,
        effective: str,
        recorded_at: str,
        target: str | None,
        edits: str | None,
        key: str | None,
        quote: str | None,
    ) -> Row:
        changes = json.loads(edits) if edits else {}
        sources = changes.get("sources") if isinstance(changes, dict) else None
        kept = {"sources": sources} if isinstance(sources, dict) else {}
        evidence = Evidence(key, quote) if key else None
        return Row(uuid, event, effective, recorded_at, target, kept, evidence)

    histories: dict[int, list[Row]] = {}
    for row in conn.execute(
        "SELECT u.initiative_id, u.uuid, u.event, u.effective, u.recorded_at, u.target,"
        " u.edits, s.key, u.quote FROM updates u LEFT JOIN sources s ON s.id = u.source_id"
        " ORDER BY u.initiative_id, u.event != 'created', u.effective, u.clock,"
        " u.recorded_at, u.uuid"
    ):
        histories.setdefault(row[0], []).append(entry_row(*row[1:]))
    initial: dict[int, list[object]] = {}
    for initiative_id, text in conn.execute(
        "SELECT initiative_id, initial FROM updates WHERE event = 'created' AND initial IS NOT NULL"
    ):
        found = json.loads(text).get("sources")
        initial[initiative_id] = list(found) if isinstance(found, list) else []
    stored: dict[int, list[tuple[str, str | None, dict[str, object]]]] = {}
    for initiative_id, key, quote, title, publisher, published, url in conn.execute(
        "SELECT l.initiative_id, s.key, l.quote, s.title, s.publisher, s.published, s.url"
        " FROM initiative_sources l JOIN sources s ON s.id = l.source_id ORDER BY l.id"
    ):
        document = {"title": title, "publisher": publisher, "published": published, "url": url}
        stored.setdefault(initiative_id, []).append((key, quote, document))
    lists: dict[int, list[Cited]] = {}
    for initiative_id, entries in histories.items():
        replayed = replay_sources(entries, initial.get(initiative_id, ()))
        given = {item.key: item for item in replayed}
        missing: list[dict[str, object]] = []
        for key, quote, document in stored.get(initiative_id, []):
            have = given.get(key)
            if have is None or (quote is not None and have.quote != quote):
                item = {**document, "accessed": None, "quote": quote}
                if item not in missing:
                    missing.append(item)
        if missing:
            created = next((e for e in entries if e.event == "created"), entries[0])
            edits = json.dumps({"sources": {"added": missing}}, ensure_ascii=False)
            entry = entry_row(
                clock.new_uuid(),
                "edit",
                created.effective,
                clock.now_iso(),
                None,
                edits,
                None,
                None,
            )
            conn.execute(
                "INSERT INTO updates (uuid, initiative_id, recorded_at, effective, event, edits,"
                f" note, clock) VALUES (?, ?, ?, ?, 'edit', ?, ?, {NEXT_CLOCK})",
                [
                    entry.uuid,
                    initiative_id,
                    entry.recorded_at,
                    entry.effective,
                    edits,
                    "sources kept before the history held them",
                ],
            )
            entries.append(entry)  # last in history order: its day is the created one's
            entries.sort(key=lambda e: (e.event != "created", e.effective))
            replayed = replay_sources(entries, initial.get(initiative_id, ()))
        lists[initiative_id] = replayed
    for initiative_id, pairs in stored.items():  # no history at all (check reports it)
        if initiative_id not in lists:
            lists[initiative_id] = list(
                {key: Cited(key, quote) for key, quote, _ in pairs}.values()
            )
    # One item per document on each list, in the replay's order.
    conn.execute("DELETE FROM initiative_sources")
    conn.execute("DROP INDEX idx_initiative_sources_unique")
    conn.execute(
        "CREATE UNIQUE INDEX idx_initiative_sources_unique"
        " ON initiative_sources(initiative_id, source_id)"
    )
    for initiative_id, items in lists.items():
        for one in items:
            document = conn.execute("SELECT id FROM sources WHERE key = ?", [one.key]).fetchone()
            if document is None:
                url = one.key if "://" in one.key or "/" in one.key else None
                document = conn.execute(
                    "INSERT INTO sources (key, title, url) VALUES (?, ?, ?) RETURNING id",
                    [one.key, None if url else one.key, url],
                ).fetchone()
            conn.execute(
                "INSERT INTO initiative_sources (initiative_id, source_id, quote, accessed)"
                " VALUES (?, ?, ?, ?)",
                [initiative_id, document[0], one.quote, one.accessed],
            )
    conn.execute(
        "CREATE VIEW source_list AS SELECT i.slug AS initiative, l.id AS position, s.url,"
        " coalesce(s.title, s.url) AS title, s.publisher, s.published, l.accessed, l.quote"
        " FROM initiative_sources l JOIN sources s ON s.id = l.source_id"
        " JOIN initiatives i ON i.id = l.initiative_id"
    )


#: The aliases a database starts with: (kind, alias, its fold key, the name it stands
#: for). Written out, keys too, because a migration never changes once applied (the
#: key rule is tracker.domain.names.fold_key; tests/test_names.py proves them equal).
_DEFAULT_ALIASES = (
    ("jurisdiction", "HK", "hk", "Hong Kong"),
    ("jurisdiction", "HKSAR", "hksar", "Hong Kong"),
    ("jurisdiction", "Hong Kong SAR", "hong kong sar", "Hong Kong"),
    ("jurisdiction", "香港", "香港", "Hong Kong"),
    ("jurisdiction", "香港特別行政區", "香港特别行政区", "Hong Kong"),
    ("jurisdiction", "SZ", "sz", "Shenzhen"),
    ("jurisdiction", "深圳", "深圳", "Shenzhen"),
    ("jurisdiction", "深圳市", "深圳市", "Shenzhen"),
    ("jurisdiction", "前海", "前海", "Qianhai"),
    ("jurisdiction", "GBA", "gba", "Greater Bay Area"),
    (
        "jurisdiction",
        "Guangdong-Hong Kong-Macao Greater Bay Area",
        "guangdong-hong kong-macao greater bay area",
        "Greater Bay Area",
    ),
    ("jurisdiction", "粤港澳大湾区", "粤港澳大湾区", "Greater Bay Area"),
    ("jurisdiction", "大灣區", "大湾区", "Greater Bay Area"),
    ("jurisdiction", "Mainland", "mainland", "Mainland China"),
    ("jurisdiction", "Chinese Mainland", "chinese mainland", "Mainland China"),
    ("jurisdiction", "內地", "内地", "Mainland China"),
    ("jurisdiction", "中國內地", "中国内地", "Mainland China"),
    ("jurisdiction", "Macau", "macau", "Macao"),
    ("jurisdiction", "澳門", "澳门", "Macao"),
    ("sponsor", "Hong Kong Monetary Authority", "hong kong monetary authority", "HKMA"),
    ("sponsor", "金管局", "金管局", "HKMA"),
    ("sponsor", "香港金融管理局", "香港金融管理局", "HKMA"),
    ("sponsor", "HKSAR Government", "hksar government", "Hong Kong Government"),
    ("sponsor", "香港特區政府", "香港特区政府", "Hong Kong Government"),
    ("sponsor", "香港政府", "香港政府", "Hong Kong Government"),
    (
        "sponsor",
        "Shenzhen Municipal Government",
        "shenzhen municipal government",
        "Shenzhen Government",
    ),
    ("sponsor", "深圳市政府", "深圳市政府", "Shenzhen Government"),
    ("sponsor", "深圳市人民政府", "深圳市人民政府", "Shenzhen Government"),
    ("sponsor", "Hong Kong Polytechnic University", "hong kong polytechnic university", "PolyU"),
    (
        "sponsor",
        "The Hong Kong Polytechnic University",
        "the hong kong polytechnic university",
        "PolyU",
    ),
    ("sponsor", "香港理工大學", "香港理工大学", "PolyU"),
    ("sponsor", "理大", "理大", "PolyU"),
    (
        "sponsor",
        "Bank of Communications (Hong Kong)",
        "bank of communications (hong kong)",
        "BoCom (HK)",
    ),
    ("sponsor", "People's Bank of China", "people's bank of china", "PBOC"),
    ("sponsor", "中國人民銀行", "中国人民银行", "PBOC"),
    ("sponsor", "人民銀行", "人民银行", "PBOC"),
)


def _m013_names(db: sqlite_utils.Database) -> None:
    # Aliases of sponsors, jurisdictions and tags (tracker names alias): input naming
    # an alias stores the name it stands for, and filters and reports fold it. One row
    # per fold key (tracker.domain.names.fold_key: case, spaces and script folded), so
    # an alias has one meaning. Stored names are not touched: every row keeps its data.
    conn = db.conn
    conn.execute(
        "CREATE TABLE name_aliases (kind TEXT NOT NULL CHECK (kind = 'sponsor' OR"
        " kind = 'jurisdiction' OR kind = 'tag'), key TEXT NOT NULL, alias TEXT NOT NULL,"
        " name TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID"
    )
    conn.executemany(
        "INSERT INTO name_aliases (kind, alias, key, name) VALUES (?, ?, ?, ?)", _DEFAULT_ALIASES
    )


def _m014_feed_index(db: sqlite_utils.Database) -> None:
    # tracker feed: the newest recorded entries, by (recorded_at, uuid), read from the
    # end of one index instead of a sort of the whole history. Row ids do not serve:
    # an import or a sync writes entries in another order than they were recorded.
    conn = db.conn
    conn.execute("CREATE INDEX idx_updates_recorded ON updates(recorded_at, uuid)")
    _analyse_updates_if_analysed(conn)


#: The views of m015_browse_views, in order (docs/data.md, "Views for Datasette").
#: Today is the machine's local day, as tracker's own (``date.today()``); the health
#: rule is tracker.domain.model.health with its 90-day horizon (DUE_SOON_DAYS), the
#: days are tracker.domain.model.deadline_days: written out because a migration never
#: changes once applied, and tests/test_browse.py proves them equal over many cases.
_BROWSE_VIEWS = (
    (
        "initiative_health",
        "SELECT i.id, i.slug, i.title, i.status,"
        " CASE WHEN i.status IN ('achieved', 'abandoned', 'superseded') THEN 'closed'"
        " WHEN i.deadline_latest IS NULL THEN 'no_deadline'"
        " WHEN i.deadline_latest < d.today THEN 'overdue'"
        " WHEN i.deadline_latest <= date(d.today, '+90 days') THEN 'due_soon'"
        " ELSE 'on_track' END AS health,"
        " i.deadline_latest AS deadline, i.baseline_latest AS baseline,"
        " CASE WHEN i.status NOT IN ('achieved', 'abandoned', 'superseded')"
        " AND i.deadline_latest < d.today"
        " THEN CAST(julianday(d.today) - julianday(i.deadline_latest) AS INTEGER)"
        " END AS days_overdue,"
        " CASE WHEN i.status NOT IN ('achieved', 'abandoned', 'superseded')"
        " AND i.deadline_latest >= d.today"
        " THEN CAST(julianday(i.deadline_latest) - julianday(d.today) AS INTEGER)"
        " END AS days_left,"
        " CASE WHEN i.deadline_latest > i.baseline_latest"
        " THEN CAST(julianday(i.deadline_latest) - julianday(i.baseline_latest) AS INTEGER)"
        " END AS days_slipped,"
        " d.today AS as_of"
        " FROM initiatives i, (SELECT date('now', 'localtime') AS today) d",
    ),
    (
        "initiative_list",
        "SELECT i.id, i.slug, i.title, i.kind, i.status, h.health, i.progress, i.confidence,"
        " i.deadline_text, h.deadline, h.days_left, h.days_overdue, i.baseline_text,"
        " h.baseline, h.days_slipped, p.slug AS parent, i.tags_json AS tags,"
        " i.jurisdictions_json AS jurisdictions, i.sponsors_json AS sponsors, i.summary,"
        " i.updated_at, h.as_of"
        " FROM initiatives i JOIN initiative_health h ON h.id = i.id"
        " LEFT JOIN initiatives p ON p.id = i.parent_id",
    ),
    (
        "history_list",
        "SELECT u.id, i.slug AS initiative, u.effective, u.event, u.status_from, u.status_to,"
        " u.progress_from, u.progress_to, u.confidence_from, u.confidence_to,"
        " json_extract(u.deadline_from, '$.text') AS deadline_from,"
        " json_extract(u.deadline_to, '$.text') AS deadline_to, u.note,"
        " coalesce(s.title, s.url) AS source, s.url AS source_url, u.quote, u.author,"
        " u.recorded_at, u.uuid, u.target"
        " FROM updates u JOIN initiatives i ON i.id = u.initiative_id"
        " LEFT JOIN sources s ON s.id = u.source_id",
    ),
)


def _m015_browse_views(db: sqlite_utils.Database) -> None:
    # For Datasette and other SQL tools (tracker datasette-metadata): views with each
    # initiative's health and days as of today, and readable lists; and a search
    # index of titles and summaries whose every word inside Chinese text is a token
    # of its own (tracker.storage.browse), kept in step by the same write path as
    # tracker's own index. Nothing stored is changed.
    from tracker.storage import browse

    conn = db.conn
    for name, select in _BROWSE_VIEWS:
        conn.execute(f"CREATE VIEW {name} AS {select}")
    browse.schema(conn)
    browse.rebuild(conn)


def _m016_shared_refs(db: sqlite_utils.Database) -> None:
    # A ref makes an update idempotent on one database: apply and update look it up
    # (repository.update_context) before writing. Two replicas that apply the same
    # file each record an entry with that ref, and sync or an import brings the other's
    # in: both are history, and both are kept. The index stays, for the lookups, but no
    # longer unique (it made the second entry a database error).
    conn = db.conn
    conn.execute("DROP INDEX idx_updates_ref")
    conn.execute(
        "CREATE INDEX idx_updates_ref ON updates(initiative_id, ref) WHERE ref IS NOT NULL"
    )


_FUNCTIONS = {
    "m001_initial": _m001_initial,
    "m002_search": _m002_search,
    "m003_report_cursors": _m003_report_cursors,
    "m004_fast_writes": _m004_fast_writes,
    "m005_authors_and_corrections": _m005_authors_and_corrections,
    "m006_replicas": _m006_replicas,
    "m007_confidence_levels": _m007_confidence_levels,
    "m008_filter_indexes": _m008_filter_indexes,
    "m009_search_everything": _m009_search_everything,
    "m010_slug_aliases": _m010_slug_aliases,
    "m011_links": _m011_links,
    "m012_sources": _m012_sources,
    "m013_names": _m013_names,
    "m014_feed_index": _m014_feed_index,
    "m015_browse_views": _m015_browse_views,
    "m016_shared_refs": _m016_shared_refs,
}


def migration_set(stop_before: str | None = None) -> sqlite_utils.Migrations:
    """The sqlite-utils ``Migrations`` set (imported lazily: sqlite-utils is slow to import)."""
    from sqlite_utils import Migrations

    migrations = Migrations(SET_NAME)
    for name in STEPS:
        if name == stop_before:
            break
        migrations(name=name)(_FUNCTIONS[name])
    return migrations


def applied_names(conn: sqlite3.Connection) -> list[str]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id", [SET_NAME]
    )
    return [name for (name,) in rows]


def _check_not_newer(database: Database, version: int) -> None:
    unknown = [name for name in applied_names(database.conn) if name not in STEPS]
    if version > SCHEMA_VERSION or unknown:
        raise SchemaTooNewError(
            f"{database.path} was written by a newer version of tracker (schema version "
            f"{max(version, SCHEMA_VERSION + len(unknown))}, this tracker knows {SCHEMA_VERSION}); "
            "upgrade tracker to use it"
        )


def _check_is_ours(database: Database) -> None:
    tables = {
        name
        for (name,) in database.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    foreign = {
        t
        for t in tables
        if t not in _OWN_TABLES
        and not t.startswith(("initiatives_fts", "search_index", "browse_fts"))
    }
    if foreign and "_sqlite_migrations" not in tables:
        raise UnusableError(
            f"{database.path} is a SQLite database of something else "
            f"(tables: {', '.join(sorted(foreign)[:5])}); refusing to add tracker tables to it"
        )


def _backup_before(database: Database, version: int) -> Path:
    """Copy the database aside (the online backup API) before migrating it:
    ``tracker.db.v3-20261201T101500.bak`` beside it. If the copy cannot be made, the
    migration does not run."""
    from tracker.domain import clock

    stamp = clock.file_stamp()
    target = database.path.with_name(f"{database.path.name}.v{version}-{stamp}.bak")
    try:
        connection.copy_database(database.path, target)
    except UnusableError as error:
        raise UnusableError(
            f"not upgrading {database.path} (schema {version} -> {SCHEMA_VERSION}): could not"
            f" back it up first ({error.message})"
        ) from None
    return target


def schema_version(conn: sqlite3.Connection) -> int:
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    return version


def ensure_current(database: Database, *, stop_before: str | None = None) -> int:
    """Apply pending migrations (``stop_before`` is for tests). Returns how many were applied."""
    conn = database.conn
    version = schema_version(conn)
    target = STEPS.index(stop_before) if stop_before else SCHEMA_VERSION
    if version == target:
        return 0
    if version > SCHEMA_VERSION:
        _check_not_newer(database, version)
    with database.write():
        # Another process may have migrated while we waited for the lock.
        version = schema_version(conn)
        _check_not_newer(database, version)
        if version >= target:
            return 0
        if version == 0:
            _check_is_ours(database)
        else:  # a database in use: keep a copy of it as it was, in case
            database.migration_backup = _backup_before(database, version)
        applied_before = len(applied_names(conn))
        migration_set(stop_before).apply(database.utils)
        conn.execute(f"PRAGMA user_version = {target}")
        return len(applied_names(conn)) - applied_before
