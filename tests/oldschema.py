"""A database at an old schema, as tracker 0.1 left it: the migration tests start from
it, and so does the migration race (tests/stresskit.py, bench/stress.py)."""

from __future__ import annotations

from pathlib import Path


def old_schema_database(path: Path) -> None:
    """A database at schema 1 (before full-text search), filled the way tracker 0.1 did:
    one initiative, ``old-one``, with its ``created`` entry. (The suite's too.)"""
    from tracker.storage import migrations
    from tracker.storage.database import Database, connect

    database = Database(path, connect(path))
    if migrations.ensure_current(database, stop_before="m002_search") != 1:
        raise RuntimeError(f"{path} is not a new file")
    database.conn.execute(
        "INSERT INTO initiatives (uuid, slug, title, summary, kind, status, created_at,"
        " updated_at) VALUES ('11111111-1111-4111-8111-111111111111', 'old-one',"
        " 'Offshore renminbi centre', 'From an old version', 'proposal', 'proposed',"
        " '2023-03-14T00:00:00Z', '2023-03-14T00:00:00Z')"
    )
    database.conn.execute(
        "INSERT INTO updates (uuid, initiative_id, recorded_at, effective, event, status_to)"
        " VALUES ('22222222-2222-4222-8222-222222222222', 1, '2023-03-14T00:00:00Z',"
        " '2023-03-14', 'created', 'proposed')"
    )
    database.close()


def undo_shared_refs(conn: object) -> None:
    """Take a current database back to schema 15 (before m016_shared_refs): refs are
    unique per initiative again (the caller commits and sets ``user_version``)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    conn.execute("DROP INDEX idx_updates_ref")
    conn.execute(
        "CREATE UNIQUE INDEX idx_updates_ref ON updates(initiative_id, ref) WHERE ref IS NOT NULL"
    )
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm016_shared_refs'")


def undo_browse_views(conn: object) -> None:
    """Take a current database back to schema 14 (before m015_browse_views): the views
    and Datasette's search index go (the caller commits and sets ``user_version``)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    undo_shared_refs(conn)
    for view in ("history_list", "initiative_list", "initiative_health"):
        conn.execute(f"DROP VIEW {view}")
    conn.execute("DROP TABLE browse_fts")
    conn.execute("DROP TABLE browse_docs")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm015_browse_views'")


def undo_feed_index(conn: object) -> None:
    """Take a current database back to schema 13 (before m014_feed_index): the index of
    entries by recording goes (the caller commits and sets ``user_version``)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    undo_browse_views(conn)
    conn.execute("DROP INDEX idx_updates_recorded")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm014_feed_index'")


def undo_names(conn: object) -> None:
    """Take a current database back to schema 12 (before m013_names): the aliases go
    (the caller commits and sets ``user_version``)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    undo_feed_index(conn)
    conn.execute("DROP TABLE name_aliases")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_names'")


def undo_sources(conn: object) -> None:
    """Take a current database back to schema 11 (before m012_sources): the view, the
    ``accessed`` columns and the one-item-per-document index go (the caller commits and
    sets ``user_version``)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    undo_names(conn)
    conn.execute("DROP VIEW source_list")
    conn.execute("ALTER TABLE updates DROP COLUMN accessed")
    conn.execute("ALTER TABLE initiative_sources DROP COLUMN accessed")
    conn.execute("DROP INDEX idx_initiative_sources_unique")
    conn.execute(
        "CREATE UNIQUE INDEX idx_initiative_sources_unique"
        " ON initiative_sources(initiative_id, source_id, coalesce(quote, ''))"
    )
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm012_sources'")


def undo_links(conn: object) -> None:
    """Take a current database back to schema 10 (before m011_links): the links table
    and the index of the entries that make links go. For tests that go further back by
    hand (the caller commits and sets ``user_version``)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    undo_sources(conn)
    conn.execute("DROP TABLE links")
    conn.execute("DROP INDEX idx_updates_links")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm011_links'")


def undo_slug_aliases(conn: object) -> None:
    """Take a current database back to schema 9 (before m010_slug_aliases): its table
    and trigger go (the caller commits and sets ``user_version``)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    undo_links(conn)
    conn.execute("DROP TRIGGER updates_slug_aliases")
    conn.execute("DROP TABLE slug_aliases")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_slug_aliases'")


def undo_search(conn: object) -> None:
    """Take a current database back to schema 8 (before m009_search_everything): the
    search index goes, m002's index of titles and summaries (and m003's trigger) comes
    back, filled. The caller commits and sets ``user_version``."""
    import sqlite3

    import sqlite_utils

    assert isinstance(conn, sqlite3.Connection)
    undo_slug_aliases(conn)
    conn.execute("DROP TABLE search_index")
    conn.execute("DROP TABLE search_docs")
    sqlite_utils.Database(conn).table("initiatives").enable_fts(
        ["title", "summary"], tokenize="unicode61 remove_diacritics 2", create_triggers=True
    )
    conn.execute("DROP TRIGGER initiatives_au")
    conn.execute(
        "CREATE TRIGGER initiatives_au AFTER UPDATE OF title, summary ON initiatives BEGIN"
        " INSERT INTO initiatives_fts (initiatives_fts, rowid, title, summary)"
        " VALUES ('delete', old.rowid, old.title, old.summary);"
        " INSERT INTO initiatives_fts (rowid, title, summary)"
        " VALUES (new.rowid, new.title, new.summary); END"
    )
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_search_everything'")


def undo_filter_indexes(conn: object) -> None:
    """Take a current database back to schema 7 (before m008_filter_indexes): its index
    goes (the caller commits and sets ``user_version``)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    undo_search(conn)
    conn.execute("DROP INDEX idx_updates_author")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm008_filter_indexes'")


def undo_confidence_levels(conn: object) -> None:
    """Take a current database back to schema 6 (before m007_confidence_levels): the
    rationale columns go and the confidence CHECKs take the three levels again (the
    caller commits and sets ``user_version``; no row may hold a new level)."""
    import sqlite3

    from tracker.storage import migrations

    assert isinstance(conn, sqlite3.Connection)
    undo_filter_indexes(conn)
    for table in ("updates", "initiatives"):
        conn.execute(f"ALTER TABLE {table} DROP COLUMN confidence_note")

    def narrow(sql: str) -> str:
        for column in ("confidence", "confidence_to"):
            sql = sql.replace(f"{column} = 'amber_green' OR ", "")
            sql = sql.replace(f" OR {column} = 'amber_red'", "")
        return sql

    migrations._rewrite_table_sql(conn, {"initiatives": narrow, "updates": narrow})
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_confidence_levels'")


def undo_replicas(conn: object) -> None:
    """Take a current database back to schema 5 (before m006_replicas, and so before
    every later step): its tables, columns and indexes go, the history-order
    indexes are m005's again. For tests that go further back by hand (the caller
    commits and sets ``user_version``)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    undo_confidence_levels(conn)
    for table in ("replica", "replica_logs", "sync_pending", "slug_claims"):
        conn.execute(f"DROP TABLE {table}")
    conn.execute("DROP INDEX idx_updates_clock")
    conn.execute("DROP INDEX idx_updates_initiative")
    for name in ("status", "progress", "confidence", "deadline"):
        conn.execute(f"DROP INDEX idx_updates_{name}_set")
    for column in ("clock", "origin", "initial"):
        conn.execute(f"ALTER TABLE updates DROP COLUMN {column}")
    for column in ("clock", "origin"):
        conn.execute(f"ALTER TABLE removals DROP COLUMN {column}")
    conn.execute(
        "CREATE INDEX idx_updates_initiative ON updates(initiative_id, effective, recorded_at,"
        " uuid)"
    )
    for name in ("status", "progress", "confidence", "deadline"):
        conn.execute(
            f"CREATE INDEX idx_updates_{name}_set ON updates(initiative_id, effective,"
            f" recorded_at, uuid) WHERE {name}_to IS NOT NULL AND event != 'created'"
        )
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm006_replicas'")
