"""tracker update and tracker history, end to end through typer's CliRunner."""

from __future__ import annotations

import json
import sqlite3

import pytest
from helpers import HISTORY_KEYS, TODAY, dump, ok, run, shown

# -- update and history ----------------------------------------------------------------


def test_update_show_history_round_trip(seeded):
    out = ok(
        "update",
        "bridging-programme",
        "--status",
        "in_progress",
        "--progress",
        "30",
        "--confidence",
        "amber",
        "--note",
        "First cohort enrolled",
        "--source",
        "PolyU press release",
        "--quote",
        "the first cohort",
        "--on",
        "2025-11-03",
        "--ref",
        "polyu-2025-11",
    )
    assert out == (
        "bridging-programme: status announced -> in_progress; progress 30%; confidence amber\n"
    )
    item = shown("bridging-programme")
    assert (item["status"], item["progress"], item["confidence"]) == ("in_progress", 30, "amber")
    entry = item["history"][-1]
    assert entry["effective"] == "2025-11-03"
    assert entry["event"] == "update"
    assert entry["ref"] == "polyu-2025-11"
    assert entry["note"] == "First cohort enrolled"
    assert entry["source"] == {
        "title": "PolyU press release",
        "publisher": None,
        "published": None,
        "url": None,
        "accessed": None,
        "quote": "the first cohort",
    }
    assert entry["changes"] == {
        "status": {"from": "announced", "to": "in_progress"},
        "progress": {"from": None, "to": 30},
        "confidence": {"from": None, "to": "amber"},
    }
    history = json.loads(ok("history", "bridging-programme", "--format", "json"))
    assert history == item["history"]
    assert [list(e) for e in history] == [HISTORY_KEYS] * 2


def test_same_ref_again_is_a_noop(seeded):
    ok("update", "bridging-programme", "--progress", "10", "--ref", "k1")
    before = dump(seeded)
    result = run("update", "bridging-programme", "--progress", "50", "--ref", "k1")
    assert result.exit_code == 0
    assert result.stdout.startswith("bridging-programme: ref 'k1' was already applied (recorded ")
    assert result.stdout.endswith("); nothing recorded\n")
    assert dump(seeded) == before
    # The same ref on another initiative is a different key.
    ok("update", "offshore-rmb-centre", "--progress", "5", "--ref", "k1")
    assert shown("offshore-rmb-centre")["progress"] == 5


def test_update_json_output(seeded):
    data = json.loads(ok("update", "bridging-programme", "--status", "achieved", "-f", "json"))
    assert data["outcome"] == "recorded"
    assert data["initiative"]["status"] == "achieved"
    assert data["initiative"]["health"] == "closed"
    assert data["entry"]["changes"] == {"status": {"from": "announced", "to": "achieved"}}
    again = json.loads(ok("update", "bridging-programme", "--status", "achieved", "-f", "json"))
    assert again == {"outcome": "unchanged", "initiative": again["initiative"], "entry": None}


def test_backdated_update_does_not_override_later_state(seeded):
    ok("update", "bridging-programme", "--status", "achieved", "--on", "2026-06-01")
    out = ok("update", "bridging-programme", "--status", "in_progress", "--on", "2026-01-10")
    assert out == (
        "bridging-programme: status announced -> in_progress\n"
        "  (recorded as of 2026-01-10; the current status stays achieved: a later update set it)\n"
    )
    item = shown("bridging-programme")
    assert item["status"] == "achieved"
    assert [(e["effective"], e["changes"].get("status")) for e in item["history"]] == [
        ("2025-01-01", {"from": None, "to": "announced"}),
        ("2026-01-10", {"from": "announced", "to": "in_progress"}),
        ("2026-06-01", {"from": "announced", "to": "achieved"}),
    ]


def test_backdated_update_before_creation_still_counts(isolated):
    """The created entry is the baseline: a past event recorded later is not outranked by it."""
    ok("add", "Backdate test", "--deadline", "2027")
    assert ok("update", "backdate-test", "--status", "in_progress", "--on", "2020-01-01") == (
        "backdate-test: status announced -> in_progress\n"
    )
    ok("update", "backdate-test", "--deadline", "2028", "--on", "2021-06-30")
    item = shown("backdate-test")
    assert (item["status"], item["deadline"]["text"]) == ("in_progress", "2028")
    assert item["baseline_deadline"]["text"] == "2027"
    assert [(e["event"], e["effective"]) for e in item["history"]] == [
        ("created", TODAY),
        ("update", "2020-01-01"),
        ("update", "2021-06-30"),
    ]


def test_deadline_update_keeps_baseline(seeded):
    out = ok("update", "bridging-programme", "--deadline", "Q2 2026", "--note", "delayed")
    assert out == (
        "bridging-programme: deadline late 2025 (2025-09-01..2025-12-31)"
        " -> Q2 2026 (2026-04-01..2026-06-30)\n"
    )
    item = shown("bridging-programme")
    assert item["deadline"]["latest"] == "2026-06-30"
    assert item["baseline_deadline"]["latest"] == "2025-12-31"
    ok("add", "No deadline yet")
    ok("update", "no-deadline-yet", "--deadline", "2027")
    ok("update", "no-deadline-yet", "--deadline", "2028")
    assert shown("no-deadline-yet")["baseline_deadline"]["text"] == "2027"


def test_update_deadline_relative_to_effective_date(seeded):
    ok("update", "bridging-programme", "--deadline", "within 6 months", "--on", "2026-01-15")
    assert shown("bridging-programme")["deadline"]["latest"] == "2026-07-15"


def test_note_only_update_is_recorded(seeded):
    out = ok("update", "offshore-rmb-centre", "--note", "Mentioned again at NPC")
    assert out == "offshore-rmb-centre: note recorded\n"
    assert shown("offshore-rmb-centre")["history"][-1]["note"] == "Mentioned again at NPC"


def test_if_status_applies_when_it_holds(seeded):
    ok("update", "bridging-programme", "--status", "in_progress", "--if-status", "announced")
    assert shown("bridging-programme")["status"] == "in_progress"


def test_history_is_append_only_in_the_database(seeded):
    conn = sqlite3.connect(seeded)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE updates SET note = 'rewritten'")
