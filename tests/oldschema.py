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
