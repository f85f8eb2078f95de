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


def undo_names(conn: object) -> None:
    """Take a current database back to schema 8 (before m009_names): the aliases go
    (the caller commits and sets ``user_version``)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    conn.execute("DROP TABLE name_aliases")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_names'")


def undo_filter_indexes(conn: object) -> None:
    """Take a current database back to schema 7 (before m008_filter_indexes): its index
    goes (the caller commits and sets ``user_version``)."""
    import sqlite3

    assert isinstance(conn, sqlite3.Connection)
    undo_names(conn)
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
    """Take a current database back to schema 5 (before m006_replicas): its tables,
    columns and indexes go, the history-order indexes are m005's again. For tests that
    go further back by hand (the caller commits and sets ``user_version``)."""
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
