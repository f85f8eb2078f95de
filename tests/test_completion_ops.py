"""tracker.ops.completion: the slugs shell completion offers, quietly."""

from __future__ import annotations

import sqlite3

from helpers import ok

from tracker.ops.completion import slugs


def test_slugs_start_with_the_prefix_in_order(seeded):
    found = slugs(seeded, "fintech-hub")
    assert found == sorted(found) and len(found) == 4
    assert all(s.startswith("fintech-hub") for s in found)
    assert slugs(str(seeded), "fintech-hub-d") == [
        "fintech-hub-data-platforms",
        "fintech-hub-digital-finance",
    ]
    assert slugs(None, "bridging") == ["bridging-programme"]  # None: $TRACKER_DB


def test_at_most_the_limit(seeded):
    everything = slugs(seeded, "")
    assert len(everything) == len(ok("list", "-f", "csv").splitlines()) - 1
    assert slugs(seeded, "", limit=2) == everything[:2]


def test_no_database_or_a_broken_one_gives_nothing(isolated, tmp_path):
    assert slugs(isolated, "") == []
    assert not isolated.exists()  # completion never creates the database
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    assert slugs(broken, "x") == []
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert slugs(empty, "x") == []  # no initiatives table
