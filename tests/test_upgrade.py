"""A database made by an older tracker (tests/data/schema6.db, schema version 6,
made by its own CLI: see tests/data/README.md) opens with today's: the migrations
keep every recorded thing, and the features they add work on the old data."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from helpers import run

from tracker.storage import migrations

DATA = Path(__file__).parent / "data"


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    db = tmp_path / "old.db"
    shutil.copyfile(DATA / "schema6.db", db)
    return db


def holds(old: object, new: object) -> bool:
    """Whether ``new`` holds every value of ``old``: the same, with keys added to
    objects at any depth (this round's fields) and none taken away or changed."""
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and holds(v, new[k]) for k, v in old.items())
    if isinstance(old, list):
        return (
            isinstance(new, list)
            and len(new) == len(old)
            and all(holds(a, b) for a, b in zip(old, new, strict=True))
        )
    return old == new


def tracker(db: Path, *args: str) -> str:
    result = run("--db", str(db), *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_upgrade_keeps_every_recorded_value(old_db: Path) -> None:
    result = run("--db", str(old_db), "export")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        f"note: upgraded {old_db} to schema version {migrations.SCHEMA_VERSION};"
        " a copy of it as it was is at "
    )
    before = [json.loads(line) for line in (DATA / "schema6-export.jsonl").open(encoding="utf-8")]
    after = [json.loads(line) for line in result.stdout.splitlines()]
    assert after[0] == before[0]  # the header
    assert [r["uuid"] for r in after[1:]] == [r["uuid"] for r in before[1:]]
    for old, new in zip(before[1:], after[1:], strict=True):
        for key, value in old.items():
            if key == "sources":
                # one list of sources now: an update's cited source joins it
                urls = {o["url"] for o in value}
                kept = [
                    {k: s[k] for k in s if k != "accessed"} for s in new[key] if s["url"] in urls
                ]
                assert kept == value
                cited = {e["source"]["url"] for e in old["history"] if e.get("source")}
                assert {s["url"] for s in new[key]} == {s["url"] for s in value} | cited
            else:
                assert holds(value, new[key]), (old["slug"], key)
    with sqlite3.connect(old_db) as conn:
        version = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
    assert version == migrations.SCHEMA_VERSION
    assert tracker(old_db, "check").startswith(f"ok: {old_db} (schema version 14, 15 initiatives")


def test_this_rounds_features_work_on_the_old_data(old_db: Path) -> None:
    # an old slug resolves, and says so
    result = run("--db", str(old_db), "show", "bridging-programme", "--format", "json")
    assert json.loads(result.stdout)["slug"] == "banking-talent-bridge"
    assert "bridging-programme was renamed: its slug is now banking-talent-bridge" in result.stderr
    # search reaches quotes and tags, simplified for traditional
    hits = json.loads(tracker(old_db, "search", "北部都会区", "--format", "json"))
    assert [(h["slug"], [m["field"] for m in h["matches"]]) for h in hits["results"]] == [
        ("northern-metropolis", ["title", "tag", "quote"])
    ]
    # the names stored as HK, 香港 and 深圳 fold through the default aliases
    listed = json.loads(tracker(old_db, "list", "--jurisdiction", "Hong Kong", "--format", "json"))
    assert {"wmc-2", "northern-metropolis"} <= {i["slug"] for i in listed}
    shenzhen = json.loads(tracker(old_db, "list", "--jurisdiction", "Shenzhen", "--format", "json"))
    assert "wmc-2" in {i["slug"] for i in shenzhen}
    # the parent's roll-up counts the child the old tracker gave it
    shown = json.loads(tracker(old_db, "show", "fintech-hub-action-plan", "--format", "json"))
    assert "wmc-2" in {c["slug"] for c in shown["children"]}
    # and the old data takes this round's writes
    tracker(old_db, "update", "wmc-2", "--confidence", "amber_red", "--confidence-note", "slow")
    tracker(old_db, "link", "wmc-2", "depends-on", "banking-talent-bridge")
    tracker(old_db, "source", "add", "wmc-2", "https://ex.org/wmc", "--title", "Review")
    assert tracker(old_db, "check").startswith("ok:")
