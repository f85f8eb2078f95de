"""tracker edit and tracker remove, end to end through typer's CliRunner."""

from __future__ import annotations

import json
import sqlite3

from helpers import TODAY, dump, ok, run, shown

# -- edit ------------------------------------------------------------------------------


def test_edit_records_field_changes(seeded):
    out = ok(
        "edit",
        "offshore-rmb-centre",
        "--title",
        "Offshore RMB centre in Hong Kong",
        "--slug",
        "hk-offshore-rmb",
        "--add-tag",
        "currency",
        "--remove-tag",
        "finance",
        "--add-sponsor",
        "Tsinghua University",
        "--kind",
        "policy",
    )
    assert out == (
        "hk-offshore-rmb: title Shenzhen to help Hong Kong build an offshore RMB centre"
        " -> Offshore RMB centre in Hong Kong; kind proposal -> policy;"
        " slug offshore-rmb-centre -> hk-offshore-rmb; tags +currency -finance;"
        " sponsors +Tsinghua University\n"
    )
    item = shown("hk-offshore-rmb")
    assert item["tags"] == ["currency", "offshore-rmb", "rmb-internationalisation"]
    assert item["sponsors"] == ["He Ping", "Tsinghua University"]
    assert item["history"][-1]["event"] == "edit"
    assert item["history"][-1]["changes"]["tags"] == {"added": ["currency"], "removed": ["finance"]}
    old = run("show", "offshore-rmb-centre")  # the old slug names it still, and says so
    assert (old.exit_code, old.stdout.splitlines()[1]) == (0, "hk-offshore-rmb")
    assert old.stderr == "note: offshore-rmb-centre was renamed: its slug is now hk-offshore-rmb\n"


def test_edit_parent_and_no_parent(seeded):
    ok("edit", "bridging-programme", "--parent", "fintech-hub-action-plan")
    assert shown("bridging-programme")["parent"] == "fintech-hub-action-plan"
    ok("edit", "bridging-programme", "--no-parent")
    assert shown("bridging-programme")["parent"] is None


def test_edit_without_changes_records_nothing(seeded):
    before = dump(seeded)
    assert ok("edit", "bridging-programme", "--add-tag", "talent") == (
        "bridging-programme: nothing changed; nothing recorded\n"
    )
    assert dump(seeded) == before


# -- remove ----------------------------------------------------------------------------


def test_remove_records_the_detachment_in_each_child(seeded):
    parent_uuid = shown("fintech-hub-action-plan")["uuid"]
    ok("remove", "fintech-hub-action-plan", "--yes")
    last = shown("fintech-hub-digital-finance")["history"][-1]
    assert (last["event"], last["effective"], last["note"]) == (
        "edit",
        TODAY,
        "parent fintech-hub-action-plan was removed",
    )
    assert last["changes"] == {
        "parent": {
            "from": "fintech-hub-action-plan",
            "to": None,
            "from_uuid": parent_uuid,
            "to_uuid": None,
        }
    }


def test_remove_asks_on_a_terminal(seeded, monkeypatch):
    before = dump(seeded)
    monkeypatch.setattr("tracker.cli._can_ask", lambda: True)
    monkeypatch.setattr("typer.confirm", lambda *a, **k: False)
    result = run("remove", "bridging-programme")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: not confirmed; bridging-programme was not removed\n",
    )
    assert dump(seeded) == before
    monkeypatch.setattr("typer.confirm", lambda *a, **k: True)
    assert run("remove", "bridging-programme").stdout == "removed bridging-programme\n"


def test_remove_detaches_children(seeded):
    out = ok("remove", "fintech-hub-action-plan", "--yes")
    assert out == "removed fintech-hub-action-plan; 3 child initiatives detached\n"
    assert shown("fintech-hub-digital-finance")["parent"] is None
    conn = sqlite3.connect(seeded)
    assert (
        conn.execute(
            "SELECT count(*) FROM updates WHERE initiative_id NOT IN (SELECT id FROM initiatives)"
        ).fetchone()[0]
        == 0
    )


def test_a_removed_name_is_recorded_as_it_was_stored(seeded) -> None:
    """Names match case-blind; the history says which name went, spelled as stored."""
    ok("edit", "bridging-programme", "--add-tag", "Talent Bridge")
    ok("edit", "bridging-programme", "--remove-tag", "talent bridge")
    history = json.loads(ok("history", "bridging-programme", "-f", "json"))
    assert history[-1]["changes"] == {"tags": {"added": [], "removed": ["Talent Bridge"]}}
    shown = json.loads(ok("show", "bridging-programme", "-f", "json"))
    assert "Talent Bridge" not in shown["tags"]
