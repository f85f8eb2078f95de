"""Delivery confidence (issue 15): the five levels of the UK Infrastructure and Projects
Authority's assessment, each with an optional rationale, through every path that sets
confidence (add, update, apply, import, sync, corrections) and every output that shows
it (show, history, reports, exports, CSV); and the upgrade of a schema-6 database."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from helpers import dump, ok, run
from oldschema import undo_confidence_levels

from tracker.domain.model import (
    CONFIDENCE_ORDER,
    Confidence,
    confidence_rank,
    parse_confidence,
)
from tracker.errors import InputError
from tracker.storage import migrations

SLUG = "fintech-hub-green-finance"
WHY = "Funding agreed for all five strands"


def shown(ref: str = SLUG) -> dict:
    return json.loads(ok("show", ref, "--format", "json"))


def changes(ref: str = SLUG) -> list[dict]:
    return [entry["changes"] for entry in shown(ref)["history"]]


# -- the levels ------------------------------------------------------------------------


def test_five_levels_best_to_worst() -> None:
    assert [str(level) for level in CONFIDENCE_ORDER] == [
        "green",
        "amber_green",
        "amber",
        "amber_red",
        "red",
    ]
    assert [confidence_rank(str(level)) for level in Confidence] == [0, 1, 2, 3, 4]
    assert max(("amber", "red", "green", "amber_red"), key=confidence_rank) == "red"


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("green", "green"),
        ("amber/green", "amber_green"),
        ("Amber/Green", "amber_green"),
        ("amber / green", "amber_green"),
        ("amber-green", "amber_green"),
        ("amber green", "amber_green"),
        ("AMBER_GREEN", "amber_green"),
        ("Amber", "amber"),
        ("amber/red", "amber_red"),
        ("Amber-Red", "amber_red"),
        (" red ", "red"),
    ],
)
def test_written_forms_are_read(written: str, stored: str) -> None:
    assert parse_confidence(written) == stored


@pytest.mark.parametrize("written", ["blue", "green/amber", "amber/", "ambergreen", ""])
def test_other_words_are_refused(written: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_confidence(written)
    assert caught.value.message == (
        f"unknown confidence {written!r}; choose from green, amber_green, amber, amber_red, red"
    )


# -- update ----------------------------------------------------------------------------


def test_update_records_the_level_and_its_rationale(seeded: Path) -> None:
    out = ok("update", SLUG, "--confidence", "amber/green", "--confidence-note", WHY)
    assert out == f"{SLUG}: confidence amber_green (rationale: {WHY})\n"
    item = shown()
    assert (item["confidence"], item["confidence_note"]) == ("amber_green", WHY)
    assert item["history"][-1]["changes"] == {
        "confidence": {"from": None, "to": "amber_green", "note": WHY}
    }
    out = ok("update", SLUG, "--confidence", "amber-red", "--confidence-note", "Two unfunded")
    assert out == f"{SLUG}: confidence amber_green -> amber_red (rationale: Two unfunded)\n"
    assert ok("check").startswith("ok:")


def test_update_json_carries_the_rationale(seeded: Path) -> None:
    data = json.loads(
        ok("update", SLUG, "--confidence", "red", "--confidence-note", WHY, "--format", "json")
    )
    assert data["outcome"] == "recorded"
    assert (data["initiative"]["confidence"], data["initiative"]["confidence_note"]) == (
        "red",
        WHY,
    )
    assert data["entry"]["changes"] == {"confidence": {"from": None, "to": "red", "note": WHY}}


def test_the_old_three_levels_keep_their_meaning(seeded: Path) -> None:
    ok("update", SLUG, "--confidence", "amber")
    item = shown()
    assert (item["confidence"], item["confidence_note"]) == ("amber", None)
    assert item["history"][-1]["changes"] == {"confidence": {"from": None, "to": "amber"}}


def test_a_rationale_needs_its_level(seeded: Path) -> None:
    before = dump(seeded)
    result = run("update", SLUG, "--confidence-note", WHY)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "error: --confidence-note needs --confidence: a rationale explains a confidence level\n",
    )
    result = run("update", SLUG, "--confidence", "amber", "--confidence-note", "  ")
    assert (result.exit_code, result.stderr) == (2, "error: confidence note must not be empty\n")
    result = run("update", SLUG, "--confidence", "purple", "--confidence-note", WHY)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown confidence 'purple'; choose from green,")
    assert dump(seeded) == before


def test_restating_a_level(seeded: Path) -> None:
    ok("update", SLUG, "--confidence", "amber", "--confidence-note", WHY)
    entries = len(changes())
    # the same level alone, or with the same rationale: nothing recorded, rationale stands
    for extra in ([], ["--confidence-note", WHY]):
        out = ok("update", SLUG, "--confidence", "amber", *extra)
        assert out == f"{SLUG}: nothing changed; nothing recorded\n"
    assert len(changes()) == entries
    assert shown()["confidence_note"] == WHY
    # a new rationale at the same level: a new assessment
    out = ok("update", SLUG, "--confidence", "amber", "--confidence-note", "Reviewed in May")
    assert out == f"{SLUG}: confidence amber, reassessed (rationale: Reviewed in May)\n"
    assert changes()[-1] == {
        "confidence": {"from": "amber", "to": "amber", "note": "Reviewed in May"}
    }
    assert shown()["confidence_note"] == "Reviewed in May"


def test_a_new_level_without_a_rationale_has_none(seeded: Path) -> None:
    ok("update", SLUG, "--confidence", "amber", "--confidence-note", WHY)
    ok("update", SLUG, "--confidence", "red")
    item = shown()
    assert (item["confidence"], item["confidence_note"]) == ("red", None)
    assert item["history"][-1]["changes"] == {"confidence": {"from": "amber", "to": "red"}}
    assert ok("check").startswith("ok:")


def test_a_backdated_assessment_leaves_a_later_one_current(seeded: Path) -> None:
    ok("update", SLUG, "--confidence", "green", "--confidence-note", "Now", "--on", "2026-11-20")
    ok("update", SLUG, "--confidence", "red", "--confidence-note", "Then", "--on", "2026-10-01")
    item = shown()
    assert (item["confidence"], item["confidence_note"]) == ("green", "Now")
    # history order: created, the backdated one, then the later one
    assert [e["effective"] for e in item["history"][1:]] == ["2026-10-01", "2026-11-20"]
    ok("retract", item["history"][-1]["uuid"], "--reason", "wrong day")
    item = shown()
    assert (item["confidence"], item["confidence_note"]) == ("red", "Then")
    assert ok("check").startswith("ok:")


def test_undo_restores_the_previous_rationale(seeded: Path) -> None:
    ok("update", SLUG, "--confidence", "amber", "--confidence-note", WHY)
    ok("update", SLUG, "--confidence", "amber_red", "--confidence-note", "Worse")
    ok("undo", "--yes")
    item = shown()
    assert (item["confidence"], item["confidence_note"]) == ("amber", WHY)
    assert ok("check").startswith("ok:")


def test_show_prints_the_rationale_under_confidence(seeded: Path) -> None:
    ok("update", SLUG, "--confidence", "amber/red", "--confidence-note", WHY)
    lines = [line.rstrip() for line in ok("show", SLUG).splitlines()]
    at = lines.index("Confidence     amber_red")
    assert lines[at + 1] == f"Rationale      {WHY}"
    # no rationale, no line
    other = [line.rstrip() for line in ok("show", "bridging-programme").splitlines()]
    assert "Confidence     -" in other
    assert not any(line.startswith("Rationale") for line in other)


# -- add -------------------------------------------------------------------------------


def test_add_takes_a_level_and_its_rationale(isolated: Path) -> None:
    ok("init")
    out = ok("add", "Harbour tunnel", "--confidence", "Amber/Green", "--confidence-note", WHY)
    assert out == "harbour-tunnel\n"
    item = shown("harbour-tunnel")
    assert (item["confidence"], item["confidence_note"]) == ("amber_green", WHY)
    assert item["history"][0]["changes"]["confidence"] == {
        "from": None,
        "to": "amber_green",
        "note": WHY,
    }
    before = dump(isolated)
    result = run("add", "Another", "--confidence-note", WHY)
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --confidence-note needs --confidence: a rationale explains a confidence level\n",
    )
    assert dump(isolated) == before


# -- apply, import, export, CSV --------------------------------------------------------


def _lines(tmp_path: Path, *lines: dict) -> str:
    path = tmp_path / "updates.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return str(path)


def test_apply_lines_carry_the_rationale(seeded: Path, tmp_path: Path) -> None:
    line = {"initiative": SLUG, "confidence": "amber/red", "confidence_note": WHY}
    ok("apply", _lines(tmp_path, line))
    item = shown()
    assert (item["confidence"], item["confidence_note"]) == ("amber_red", WHY)
    before = dump(seeded)
    bad = {"initiative": SLUG, "confidence_note": "alone"}
    result = run("apply", _lines(tmp_path, {"initiative": SLUG, "note": "fine"}, bad))
    assert (result.exit_code, result.stderr) == (
        2,
        "line 2: --confidence-note needs --confidence: a rationale explains a confidence level\n"
        "error: 1 bad line of 2; nothing was applied\n",
    )
    assert dump(seeded) == before


def test_export_and_import_keep_every_rationale(seeded: Path, tmp_path: Path) -> None:
    ok("update", SLUG, "--confidence", "amber", "--confidence-note", WHY)
    ok("update", SLUG, "--confidence", "amber", "--confidence-note", "Again")
    exported = ok("export")
    record = next(json.loads(line) for line in exported.splitlines() if SLUG in line)
    assert (record["confidence"], record["confidence_note"]) == ("amber", "Again")
    assert [e["changes"].get("confidence") for e in record["history"]][-2:] == [
        {"from": None, "to": "amber", "note": WHY},
        {"from": "amber", "to": "amber", "note": "Again"},
    ]
    (tmp_path / "all.jsonl").write_text(exported, encoding="utf-8")
    other = tmp_path / "other.db"
    ok("--db", str(other), "init")
    ok("--db", str(other), "import", str(tmp_path / "all.jsonl"))
    assert ok("--db", str(other), "export") == exported
    assert ok("--db", str(other), "check").startswith("ok:")


def test_an_import_record_with_a_bad_rationale_is_refused(seeded: Path, tmp_path: Path) -> None:
    exported = ok("export")
    record = json.loads(exported.splitlines()[1])
    record["history"][0]["changes"]["confidence"] = {"from": None, "to": None, "note": "x"}
    path = tmp_path / "bad.jsonl"
    path.write_text(exported.splitlines()[0] + "\n" + json.dumps(record) + "\n", "utf-8")
    before = dump(seeded)
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "line 2: a confidence change's note is the rationale of its level\n"
    )
    assert dump(seeded) == before


def test_a_new_record_takes_its_rationale(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "new.jsonl"
    record = {"title": "Harbour tunnel", "confidence": "red", "confidence_note": WHY}
    path.write_text(json.dumps(record) + "\n", "utf-8")
    ok("import", str(path))
    item = shown("harbour-tunnel")
    assert (item["confidence"], item["confidence_note"]) == ("red", WHY)
    path.write_text(json.dumps({"title": "Other", "confidence_note": WHY}) + "\n", "utf-8")
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "line 1: 'confidence_note' needs 'confidence': a rationale explains a confidence level\n"
    )


def test_csv_lists_the_rationale_and_a_row_can_change_it(seeded: Path, tmp_path: Path) -> None:
    ok("update", SLUG, "--confidence", "amber", "--confidence-note", WHY)
    text = ok("list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["slug"] == SLUG)
    assert (row["confidence"], row["confidence_note"]) == ("amber", WHY)
    # the spreadsheet unchanged: nothing to import
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    assert ok("import", str(path)) == "imported 13 records: 0 created, 0 updated, 13 unchanged\n"
    # a new rationale at the same level: a new assessment
    path.write_text(
        "slug,confidence,confidence_note\r\n" + f"{SLUG},amber,Reviewed\r\n", encoding="utf-8"
    )
    ok("import", str(path))
    item = shown()
    assert (item["confidence"], item["confidence_note"]) == ("amber", "Reviewed")
    assert item["history"][-1]["changes"] == {
        "confidence": {"from": "amber", "to": "amber", "note": "Reviewed"}
    }


# -- reports ---------------------------------------------------------------------------


def test_the_report_replays_the_rationale_as_of_a_day(seeded: Path) -> None:
    ok("update", SLUG, "--confidence", "amber", "--confidence-note", "First", "--on", "2026-10-01")
    ok("update", SLUG, "--confidence", "red", "--on", "2026-11-01")

    def entry(*args: str) -> dict:
        data = json.loads(ok("report", "--format", "json", *args))
        return next(e for e in data["initiatives"] if e["slug"] == SLUG)

    assert (entry()["confidence"], entry()["confidence_note"]) == ("red", None)
    then = entry("--as-of", "2026-10-15")
    assert (then["confidence"], then["confidence_note"]) == ("amber", "First")
    rows = csv.DictReader(io.StringIO(ok("report", "--format", "csv", "--as-of", "2026-10-15")))
    row = next(r for r in rows if r["slug"] == SLUG)
    assert (row["confidence"], row["confidence_note"]) == ("amber", "First")


def test_the_changed_section_shows_a_reassessment(seeded: Path) -> None:
    ok("update", SLUG, "--confidence", "amber", "--on", "2026-10-01")
    ok("update", SLUG, "--confidence", "amber", "--confidence-note", "Reviewed")
    data = json.loads(ok("report", "--format", "json", "--since", "2026-11-01"))
    (group,) = [g for g in data["changed"] if g["slug"] == SLUG]
    assert [u["changes"] for u in group["updates"]] == [
        {"confidence": {"from": "amber", "to": "amber", "note": "Reviewed"}}
    ]
    text = ok("report", "--since", "2026-11-01", "--format", "markdown")
    assert "| confidence amber, reassessed (rationale: Reviewed) |" in text


# -- sync ------------------------------------------------------------------------------


def test_a_rationale_syncs_to_another_replica(tmp_path: Path) -> None:
    a, b, folder = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "shared"
    ok("--db", str(a), "init", "--seed")
    ok("--db", str(b), "init")
    ok("--db", str(a), "update", SLUG, "--confidence", "amber/red", "--confidence-note", WHY)
    for db in (a, b, a):
        ok("--db", str(db), "sync", str(folder))
    item = json.loads(ok("--db", str(b), "show", SLUG, "--format", "json"))
    assert (item["confidence"], item["confidence_note"]) == ("amber_red", WHY)
    assert ok("--db", str(a), "export") == ok("--db", str(b), "export")


# -- the upgrade -----------------------------------------------------------------------


def _rows(db: Path, table: str, columns: list[str]) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def test_a_schema_6_database_keeps_its_data_and_takes_the_new_levels(isolated: Path) -> None:
    """A database as the code before this step left it (schema 6, levels green, amber
    and red set by updates, one backdated): every row keeps every value, the rationale
    columns are empty, the history replays to the same fields, the new levels and
    rationales are accepted, and the CHECKs still refuse other words."""
    ok("init", "--seed")
    ok("update", "offshore-rmb-centre", "--confidence", "green")
    ok("update", "offshore-rmb-centre", "--confidence", "amber", "--on", "2026-11-01")
    ok("update", "bridging-programme", "--confidence", "red", "--note", "x")
    ok("update", "bridging-programme", "--confidence", "amber")
    conn = sqlite3.connect(isolated)
    undo_confidence_levels(conn)
    conn.execute(f"PRAGMA user_version = {migrations.STEPS.index('m007_confidence_levels')}")
    conn.commit()
    tables = {
        table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
        for table in ("initiatives", "updates")
    }
    conn.close()
    assert "confidence_note" not in tables["updates"]
    before = {table: _rows(isolated, table, columns) for table, columns in tables.items()}
    exported = ok("export")  # upgrades it
    conn = sqlite3.connect(isolated)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    for table in ("initiatives", "updates"):
        notes = f"SELECT count(*) FROM {table} WHERE confidence_note IS NOT NULL"
        assert conn.execute(notes).fetchone()[0] == 0
    for statement in (
        "UPDATE initiatives SET confidence = 'blue' WHERE id = 1",
        "UPDATE initiatives SET confidence = 'amber/green' WHERE id = 1",
        "INSERT INTO updates (uuid, initiative_id, recorded_at, effective, event,"
        " confidence_to) VALUES ('x', 1, 'now', '2024-01-01', 'update', 'orange')",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
            conn.execute(statement)
    conn.close()
    assert {table: _rows(isolated, table, columns) for table, columns in tables.items()} == (before)
    assert ok("check").startswith("ok:")  # the stored fields are still the replay
    records = {json.loads(line).get("slug"): json.loads(line) for line in exported.splitlines()}
    assert records["offshore-rmb-centre"]["confidence"] == "green"
    assert records["bridging-programme"]["confidence"] == "amber"
    assert records["bridging-programme"]["confidence_note"] is None
    ok("update", "bridging-programme", "--confidence", "amber/red", "--confidence-note", WHY)
    assert (
        shown("bridging-programme")["confidence"],
        shown("bridging-programme")["confidence_note"],
    ) == ("amber_red", WHY)
    assert ok("check").startswith("ok:")
