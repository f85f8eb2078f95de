"""tracker init and the seed initiatives, end to end through typer's CliRunner."""

from __future__ import annotations

import sqlite3

from helpers import dump, listed, ok, shown

from tracker.storage import migrations

# -- init and seeds --------------------------------------------------------------------


def test_init_creates_database_and_parent_folders(tmp_path):
    db = tmp_path / "deep" / "er" / "t.db"
    out = ok("--db", str(db), "init")
    assert out == f"database ready at {db}\n"
    assert db.exists()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION


def test_init_seed_twice_changes_nothing(isolated):
    first = ok("init", "--seed")
    assert first.endswith("seeded 13 initiatives\n")
    before = dump(isolated)
    second = ok("init", "--seed")
    assert second.endswith("13 seed initiatives already present, left unchanged\n")
    assert dump(isolated) == before


def test_seed_deadlines_and_structure(seeded):
    items = {item["slug"]: item for item in listed()}
    assert len(items) >= 8
    bridging = items["bridging-programme"]
    assert "bridging programme" in bridging["title"]
    assert bridging["deadline"] == {
        "text": "late 2025",
        "earliest": "2025-09-01",
        "latest": "2025-12-31",
        "precision": "part-year",
    }
    assert bridging["sponsors"] == ["Hong Kong Government", "Joseph Chan Ho-lim", "PolyU"]
    plan = items["fintech-hub-action-plan"]
    assert "three-year action plan" in plan["title"].lower()
    assert plan["deadline"]["latest"] == "2027-12-31"
    assert plan["deadline"]["earliest"] == "2027-01-01"
    assert plan["kind"] == "plan"
    rmb = items["offshore-rmb-centre"]
    assert "offshore RMB" in rmb["title"]
    assert rmb["status"] == "proposed"
    assert rmb["sponsors"] == ["He Ping"]
    assert rmb["announced"] == {"text": "2023-03-14", "date": "2023-03-14", "precision": "day"}
    assert rmb["deadline"] is None and rmb["health"] == "no_deadline"
    children = [s for s, item in items.items() if item["parent"] == plan["slug"]]
    assert sorted(children) == [
        "fintech-hub-data-platforms",
        "fintech-hub-digital-finance",
        "fintech-hub-green-finance",
    ]
    assert {
        "bocom-hk-ai-priority",
        "hk-fintech-sz-subsidiaries",
        "sz-tech-hk-capital-markets",
        "sz-digital-economy-engine",
        "sz-business-environment",
        "sz-basic-research",
    } <= set(items)
    for item in items.values():
        detail = shown(item["slug"])
        assert detail["sources"] and detail["sources"][0]["quote"], item["slug"]
        assert item["jurisdictions"] and item["sponsors"] and item["tags"], item["slug"]


def test_seed_with_a_taken_slug_gets_a_suffix_and_keeps_its_children(isolated):
    ok("add", "Mine", "--slug", "fintech-hub-action-plan")
    assert ok("init", "--seed").endswith("seeded 13 initiatives\n")
    assert shown("fintech-hub-action-plan")["title"] == "Mine"
    assert shown("fintech-hub-action-plan")["children"] == []
    plan = shown("fintech-hub-action-plan-2")
    assert "three-year action plan" in plan["title"].lower()
    assert len(plan["children"]) == 3


def test_seed_health_as_of_today(seeded):
    items = {item["slug"]: item for item in listed()}
    assert items["bridging-programme"]["health"] == "overdue"  # late 2025, today 2026-11-22
    assert items["fintech-hub-action-plan"]["health"] == "on_track"
