"""The commands end to end through typer's CliRunner, one temporary database each."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from helpers import TODAY, dump, ok, run

from tracker.storage import migrations

INITIATIVE_KEYS = [
    "id",
    "uuid",
    "slug",
    "title",
    "summary",
    "kind",
    "status",
    "health",
    "confidence",
    "progress",
    "tags",
    "jurisdictions",
    "sponsors",
    "parent",
    "announced",
    "deadline",
    "baseline_deadline",
    "created_at",
    "updated_at",
]
HISTORY_KEYS = ["uuid", "event", "recorded_at", "effective", "changes", "note", "source", "ref"]


def listed(*args: str) -> list[dict]:
    return json.loads(ok("list", "--format", "json", *args))


def shown(ref: str) -> dict:
    return json.loads(ok("show", ref, "--format", "json"))


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


# -- add -------------------------------------------------------------------------------


def test_add_prints_slug_and_stores_everything(isolated):
    out = ok(
        "add",
        "Wealth Management Connect 3.0",
        "--summary",
        "Raise the quota.",
        "--kind",
        "measure",
        "--status",
        "in_progress",
        "--deadline",
        "H1 2026",
        "--announced",
        "2025-09-01",
        "--jurisdiction",
        "Hong Kong",
        "--jurisdiction",
        "Greater Bay Area",
        "--sponsor",
        "HKMA",
        "--tag",
        "wealth",
        "--tag",
        "connect",
        "--source",
        "https://www.hkma.gov.hk/",
        "--quote",
        "expand the scheme",
        "--progress",
        "20",
        "--confidence",
        "amber",
    )
    assert out == "wealth-management-connect-3-0\n"
    item = shown("wealth-management-connect-3-0")
    assert list(item)[: len(INITIATIVE_KEYS)] == INITIATIVE_KEYS
    assert item["deadline"] == {
        "text": "H1 2026",
        "earliest": "2026-01-01",
        "latest": "2026-06-30",
        "precision": "half",
    }
    assert item["baseline_deadline"] == item["deadline"]
    assert item["announced"] == {"text": "2025-09-01", "date": "2025-09-01", "precision": "day"}
    assert item["tags"] == ["connect", "wealth"]
    assert item["jurisdictions"] == ["Greater Bay Area", "Hong Kong"]
    assert (item["status"], item["progress"], item["confidence"]) == ("in_progress", 20, "amber")
    assert item["health"] == "overdue"
    assert item["sources"] == [
        {
            "title": None,
            "publisher": None,
            "published": None,
            "url": "https://www.hkma.gov.hk/",
            "quote": "expand the scheme",
        }
    ]
    [created] = item["history"]
    assert list(created) == HISTORY_KEYS
    assert created["event"] == "created"
    assert created["effective"] == "2025-09-01"
    assert created["changes"]["status"] == {"from": None, "to": "in_progress"}


def test_add_defaults_and_unique_slugs(isolated):
    assert ok("add", "Same title") == "same-title\n"
    assert ok("add", "Same title") == "same-title-2\n"
    assert ok("add", "提高跨境支付效率").startswith("i-")
    item = shown("same-title")
    assert (item["kind"], item["status"], item["progress"]) == ("measure", "announced", None)
    assert ok("add", "An idea", "--kind", "proposal") == "an-idea\n"
    assert shown("an-idea")["status"] == "proposed"


def test_relative_deadline_counts_from_announcement(isolated):
    ok("add", "Plan", "--announced", "2025-03-14", "--deadline", "within three years")
    assert shown("plan")["deadline"] == {
        "text": "within three years",
        "earliest": "2025-03-14",
        "latest": "2028-03-14",
        "precision": "multi-year",
    }


def test_add_with_parent(isolated):
    ok("add", "Big plan", "--kind", "plan")
    ok("add", "Strand", "--parent", "big-plan")
    assert shown("strand")["parent"] == "big-plan"
    assert [c["slug"] for c in shown("big-plan")["children"]] == ["strand"]


# -- errors change nothing -------------------------------------------------------------

BAD_INPUTS = [
    (
        ["add", "X", "--status", "done"],
        "error: unknown status 'done'; choose from proposed, announced, in_progress, achieved,"
        " stalled, abandoned, superseded",
    ),
    (["add", "X", "--progress", "101"], "error: progress must be between 0 and 100, not 101"),
    (["add", "X", "--progress", "-1"], "error: progress must be between 0 and 100, not -1"),
    (
        ["add", "X", "--kind", "wish"],
        "error: unknown kind 'wish'; choose from proposal, plan, programme, policy, measure",
    ),
    (
        ["add", "X", "--confidence", "blue"],
        "error: unknown confidence 'blue'; choose from green, amber, red",
    ),
    (
        ["add", "X", "--slug", "Bad Slug"],
        "error: invalid slug 'Bad Slug': use lowercase letters, digits and single hyphens",
    ),
    (
        ["add", "X", "--slug", "bridging-programme"],
        "error: slug 'bridging-programme' is already used; choose another with --slug",
    ),
    (["add", "X", "--parent", "nope"], "error: no initiative matches 'nope'"),
    (["add", "   "], "error: title must not be empty"),
    (
        ["add", "X", "--quote", "q"],
        "error: --quote needs --source: a quote must say where it comes from",
    ),
    (["update", "nope", "--status", "achieved"], "error: no initiative matches 'nope'"),
    (
        ["update", "bridging", "--status", "achieved"],
        "error: no initiative matches 'bridging'; did you mean: bridging-programme?",
    ),
    (
        ["update", "bridging-programme", "--status", "finished"],
        "error: unknown status 'finished'; choose from proposed, announced, in_progress, achieved,"
        " stalled, abandoned, superseded",
    ),
    (
        ["update", "bridging-programme", "--progress", "150"],
        "error: progress must be between 0 and 100, not 150",
    ),
    (
        ["update", "bridging-programme"],
        "error: nothing to update: give at least one of --status, --progress, --confidence,"
        " --deadline, --note or --source",
    ),
    (
        ["update", "bridging-programme", "--on", "2099-01-01", "--note", "x"],
        "error: --on '2099-01-01' is in the future (2099-01-01)",
    ),
    (
        ["update", "bridging-programme", "--status", "achieved", "--if-status", "stalled"],
        "error: bridging-programme is announced, not stalled; update not applied",
    ),
    (
        ["edit", "fintech-hub-action-plan", "--parent", "fintech-hub-digital-finance"],
        "error: 'fintech-hub-digital-finance' cannot be the parent of fintech-hub-action-plan:"
        " that would make a cycle",
    ),
    (
        ["edit", "bridging-programme", "--slug", "offshore-rmb-centre"],
        "error: slug 'offshore-rmb-centre' is already used by another initiative",
    ),
    (["show", "nope"], "error: no initiative matches 'nope'"),
    (["history", "99999"], "error: no initiative matches '99999'"),
    (["remove", "nope", "--yes"], "error: no initiative matches 'nope'"),
    (
        ["remove", "bridging-programme"],
        "error: refusing to remove bridging-programme without --yes",
    ),
    (
        ["list", "--status", "x"],
        "error: unknown status 'x'; choose from proposed, announced, in_progress, achieved,"
        " stalled,"
        " abandoned, superseded",
    ),
    (
        ["list", "--health", "sick"],
        "error: unknown health 'sick'; choose from closed, overdue, due_soon, on_track,"
        " no_deadline",
    ),
    (
        ["list", "--due-within", "soon"],
        "error: invalid --due-within 'soon': use a number and a unit, e.g. 90d, 12w, 6m, 1y",
    ),
    (
        ["list", "--sort", "size"],
        "error: unknown sort 'size'; choose from deadline, updated, status, title",
    ),
    (["list", "--format", "xml"], "error: unknown format 'xml'; choose from table, json, csv"),
    (
        ["show", "bridging-programme", "--format", "csv"],
        "error: unknown format 'csv'; choose from table, json",
    ),
    (
        ["update", "bridging-programme", "--status", "achieved", "--format", "csv"],
        "error: unknown format 'csv'; choose from table, json",
    ),
    (["list", "--nope"], "error: No such option: --nope (see 'tracker list --help')"),
    # Given but empty is an error, never a silently dropped option.
    (
        ["add", "X", "--status", ""],
        "error: unknown status ''; choose from proposed, announced, in_progress, achieved,"
        " stalled, abandoned, superseded",
    ),
    (["add", "X", "--deadline", ""], "error: --deadline must not be empty"),
    (
        ["add", "X", "--slug", ""],
        "error: invalid slug '': use lowercase letters, digits and single hyphens",
    ),
    (["add", "X", "--source", ""], "error: source must not be empty"),
    (
        ["add", "X", "--tag", "a;b"],
        "error: tag 'a;b' contains ';', which separates list items in CSV",
    ),
    (["update", "bridging-programme", "--note", "x", "--ref", ""], "error: ref must not be empty"),
    (
        ["update", "bridging-programme", "--note", "x", "--if-status", ""],
        "error: unknown status ''; choose from proposed, announced, in_progress, achieved,"
        " stalled, abandoned, superseded",
    ),
    (["update", "bridging-programme", "--note", "x", "--on", ""], "error: --on must not be empty"),
    (["update", "bridging-programme", "--note", ""], "error: note must not be empty"),
    (
        ["update", "bridging-programme", "--progress", "10", "--source", " "],
        "error: source must not be empty",
    ),
    (["list", "--search", ""], "error: --search must not be empty"),
    (["list", "--due-before", ""], "error: --due-before must not be empty"),
    (
        ["list", "--due-within", ""],
        "error: invalid --due-within '': use a number and a unit, e.g. 90d, 12w, 6m, 1y",
    ),
    (["--db", "", "list"], "error: --db must not be empty"),
    # Numbers and text Python accepts but SQLite or int() would not.
    (
        ["list", "--limit", "99999999999999999999"],
        "error: --limit must be between 0 and 9223372036854775807, not 99999999999999999999",
    ),
    (["list", "--due-within", "9999y"], "error: invalid --due-within '9999y': at most 1000 years"),
    (["show", "\u00b2"], "error: no initiative matches '\u00b2'"),
    (["add", "bad \udcff"], "error: title is not valid UTF-8 text"),
    (["show", "\udcff"], "error: REF is not valid UTF-8 text"),
    (["frobnicate"], "error: No such command 'frobnicate'. (see 'tracker --help')"),
    (
        ["add", "X", "--progress", "lots"],
        "error: Invalid value for '--progress': 'lots' is not a valid int."
        " (see 'tracker add --help')",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD_INPUTS, ids=[" ".join(a) for a, _ in BAD_INPUTS])
def test_bad_input_exits_2_with_one_line_and_changes_nothing(seeded, args, message):
    before = dump(seeded)
    result = run(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message + "\n", "")
    assert dump(seeded) == before


@pytest.mark.parametrize(
    ("phrase", "option"),
    [("next blursday", "--deadline"), ("soon", "--deadline"), ("whenever", "--announced")],
)
def test_unparseable_dates_are_refused(seeded, phrase, option):
    before = dump(seeded)
    result = run("add", "X", option, phrase)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"error: {option}: cannot read date ")
    assert result.stderr.count("\n") == 1
    assert dump(seeded) == before


def test_ambiguous_uuid_prefix_names_candidates(isolated):
    import uuid

    conn_uuids = [
        str(uuid.UUID("abcd0000-0000-4000-8000-000000000001")),
        str(uuid.UUID("abcd0000-0000-4000-8000-000000000002")),
    ]
    from tracker.api import NewInitiative, Tracker

    with Tracker.open() as tracker:
        for n, u in enumerate(conn_uuids):
            tracker.add(NewInitiative(title=f"Thing {n}", uuid=u))
    result = run("show", "abcd")
    assert result.exit_code == 2
    assert result.stderr == "error: 'abcd' matches several initiatives: thing-0, thing-1\n"
    assert shown("abcd0000-0000-4000-8000-000000000002")["slug"] == "thing-1"


def test_refs_by_id_slug_and_uuid_prefix(seeded):
    item = shown("offshore-rmb-centre")
    assert shown(str(item["id"]))["slug"] == "offshore-rmb-centre"
    assert shown(item["uuid"][:8])["slug"] == "offshore-rmb-centre"
    assert shown(item["uuid"].upper())["slug"] == "offshore-rmb-centre"


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
    assert run("show", "offshore-rmb-centre").exit_code == 2


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
    ok("remove", "fintech-hub-action-plan", "--yes")
    last = shown("fintech-hub-digital-finance")["history"][-1]
    assert (last["event"], last["effective"], last["note"]) == (
        "edit",
        TODAY,
        "parent fintech-hub-action-plan was removed",
    )
    assert last["changes"] == {"parent": {"from": "fintech-hub-action-plan", "to": None}}


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


# -- list ------------------------------------------------------------------------------


def slugs(*args: str) -> list[str]:
    return [item["slug"] for item in listed(*args)]


def test_list_filters(seeded):
    assert slugs("--health", "overdue") == ["bridging-programme"]
    assert slugs("--status", "in_progress") == ["bocom-hk-ai-priority"]
    assert len(slugs("--status", "proposed", "--status", "in_progress")) == 6
    assert slugs("--sponsor", "polyu") == ["bridging-programme"]
    assert slugs("--tag", "green-finance") == ["fintech-hub-green-finance"]
    assert slugs("--jurisdiction", "Greater Bay Area") == [
        "fintech-hub-action-plan",
        "sz-hk-financial-cooperation",
    ]
    assert slugs("--tag", "fintech", "--tag", "cross-border") == [
        "fintech-hub-action-plan",
        "hk-fintech-sz-subsidiaries",
    ]
    assert slugs("--search", "offshore renminbi") == ["offshore-rmb-centre"]
    assert slugs("--search", "bridg") == ["bridging-programme"]
    assert slugs("--search", "!!!") == []
    assert slugs("--due-before", "2026") == ["bridging-programme"]
    assert slugs("--due-within", "2y") == [
        "fintech-hub-data-platforms",
        "fintech-hub-digital-finance",
        "fintech-hub-green-finance",
        "fintech-hub-action-plan",
    ]
    assert slugs("--due-within", "30d") == []
    # No deadline: ordered by title.
    assert slugs("--health", "no_deadline", "--limit", "2") == [
        "bocom-hk-ai-priority",
        "sz-business-environment",
    ]
    assert len(slugs("--limit", "3")) == 3


def test_search_chinese_text_by_substring(isolated):
    ok("add", "深港金融合作", "--slug", "sz-hk", "--summary", "Deepen financial cooperation")
    ok("add", "離岸人民幣中心", "--slug", "rmb")
    assert slugs("--search", "金融") == ["sz-hk"]
    assert slugs("--search", "人民幣") == ["rmb"]
    assert slugs("--search", "金融 deep") == ["sz-hk"]
    assert slugs("--search", "金融 nothing") == []
    ok("add", "100% done_ish", "--slug", "pct")
    assert slugs("--search", "%") == []  # no word, no match-all


def test_list_sorting(seeded):
    by_deadline = slugs()
    assert by_deadline[0] == "bridging-programme"
    assert by_deadline[1:5] == [
        "fintech-hub-data-platforms",
        "fintech-hub-digital-finance",
        "fintech-hub-green-finance",
        "fintech-hub-action-plan",
    ]
    titles = [item["title"].lower() for item in listed("--sort", "title")]
    assert titles == sorted(titles)
    ok("update", "sz-digital-economy-engine", "--note", "touched")
    assert slugs("--sort", "updated")[0] == "sz-digital-economy-engine"
    statuses = [item["status"] for item in listed("--sort", "status")]
    assert statuses == sorted(
        statuses,
        key=[
            "proposed",
            "announced",
            "in_progress",
            "achieved",
            "stalled",
            "abandoned",
            "superseded",
        ].index,
    )


def test_list_health_due_soon_and_closed(isolated, monkeypatch):
    ok("add", "Soon", "--deadline", "2027-01-31")
    ok("add", "Later", "--deadline", "2027-03-31")
    ok("add", "Done", "--deadline", "2020", "--status", "achieved")
    assert slugs("--health", "due_soon") == ["soon"]
    assert slugs("--health", "on_track") == ["later"]
    assert slugs("--health", "closed") == ["done"]
    monkeypatch.setenv("TRACKER_TODAY", "2027-02-01")
    assert slugs("--health", "overdue") == ["soon"]
    assert slugs("--health", "due_soon") == ["later"]


def test_list_csv_is_rfc4180_and_neutralises_formulas(isolated):
    ok("add", '=HYPERLINK("http://evil")', "--slug", "evil", "--tag", "a", "--tag", "b")
    ok("add", 'Plain, with "quotes"\nand a newline', "--slug", "plain")
    result = run("list", "--format", "csv", "--sort", "title")
    out = result.stdout_bytes.decode()
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0][:5] == ["id", "uuid", "slug", "title", "summary"]
    assert rows[1][2:4] == ["evil", '\'=HYPERLINK("http://evil")']
    assert rows[1][rows[0].index("tags")] == "a;b"
    assert rows[2][3] == 'Plain, with "quotes" and a newline'
    assert out.count("\r\n") == 3


def test_list_table_exact(isolated):
    ok("add", "Bridging programme", "--deadline", "late 2025", "--progress", "40")
    ok("add", "Fintech hub plan", "--deadline", "by 2027", "--kind", "plan")
    ok("add", "Undated idea", "--kind", "proposal")
    lines = [line.rstrip() for line in ok("list").splitlines()]  # Rich pads cells with spaces
    assert lines == [
        "Initiative           Status        Deadline     Progress",
        "─" * 58,
        "Bridging programme   announced     2025-12-31   ██░░░  40%",
        "bridging-programme   overdue       late 2025",
        "",
        "Fintech hub plan     announced     2027-12-31   -",
        "fintech-hub-plan     on_track      by 2027",
        "",
        "Undated idea         proposed      -            -",
        "undated-idea         no_deadline",
        "3 initiatives",
    ]


def test_list_table_never_breaks_a_slug_at_80_columns(isolated, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    slug = "cross-boundary-wealth-management-connect"  # 40, the longest derived slug
    ok("add", "Cross-boundary Wealth Management Connect expansion pilot scheme")
    ok("add", "One", "--progress", "100", "--deadline", "2026-12-01")
    lines = [line.rstrip() for line in ok("list").splitlines()]
    assert slug in lines
    assert max(len(line) for line in lines) <= 80
    assert lines[-1] == "2 initiatives"
    assert "█████ 100%" in "\n".join(lines)
    assert ok("list", "--limit", "1").splitlines()[-1] == "1 initiative"


def test_list_empty_and_no_ansi_when_piped(isolated):
    assert ok("list") == "No initiatives match.\n"
    ok("init", "--seed")
    out = ok("list")
    assert "\x1b" not in out
    assert ok("show", "bridging-programme").count("\x1b") == 0


def test_terminal_output_escapes_hostile_text(isolated):
    ok("add", "[bold]x[/bold] \x1b[31mred\u202eevil", "--slug", "hostile")
    out = ok("show", "hostile")
    assert "[bold]x[/bold] \\u001b[31mred\\u202eevil" in out
    assert "\x1b" not in out and "\u202e" not in out
    # JSON keeps the exact text.
    assert shown("hostile")["title"] == "[bold]x[/bold] \x1b[31mred\u202eevil"


def test_show_table_sections(seeded):
    out = ok("show", "fintech-hub-action-plan")
    lines = out.splitlines()
    assert lines[0] == "Three-year action plan for a Hong Kong-Shenzhen global fintech hub"
    assert lines[1] == "fintech-hub-action-plan"
    for needle in (
        "Status         announced",
        "Health         on_track (404 days left)",
        "Deadline       by 2027 (2027-01-01..2027-12-31) [year]",
        "Sources",
        "Children",
        "History",
        "fintech-hub-digital-finance",
        "“authorities in both cities recently unveiled",
    ):
        assert needle in out, needle


def test_show_overdue_days(seeded):
    out = ok("show", "bridging-programme")
    assert "overdue (326 days past 2025-12-31)" in out


# -- database problems -----------------------------------------------------------------


def test_corrupt_database_exits_1(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    result = run("--db", str(bad), "list")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad} is not a usable tracker database")
    assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_impossible_paths_exit_1(tmp_path):
    afile = tmp_path / "afile"
    afile.write_text("x")
    result = run("--db", str(afile / "sub" / "t.db"), "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot create folder for database ")
    result = run("--db", str(tmp_path), "list")
    assert (result.exit_code, result.stderr) == (
        1,
        f"error: cannot open database at {tmp_path}: it is a directory\n",
    )


def test_newer_schema_is_refused(isolated):
    ok("init")
    conn = sqlite3.connect(isolated)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = dump(isolated)
    result = run("list")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: {isolated} was written by a newer version of tracker (schema version 99,"
        " this tracker knows 4); upgrade tracker to use it\n"
    )
    assert dump(isolated) == before


def test_foreign_sqlite_database_is_not_touched(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    result = run("--db", str(other), "list")
    assert result.exit_code == 1
    assert "is a SQLite database of something else (tables: customers)" in result.stderr


def test_default_database_is_in_user_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_DB")
    out = ok("init")
    expected = tmp_path / "home" / "data" / "tracker" / "tracker.db"
    assert out == f"database ready at {expected}\n"
    assert expected.exists()


def test_help_has_examples():
    for command in ("init", "add", "list", "show", "update", "edit", "history", "remove"):
        out = ok(command, "--help")
        assert "Example: tracker " + command in " ".join(out.split()), command


def test_version_and_no_args():
    assert ok("--version").startswith("tracker ")
    assert "Commands" in ok()


def test_today_override_must_be_iso(monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "tomorrow")
    result = run("list")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: TRACKER_TODAY must be an ISO date (YYYY-MM-DD), not 'tomorrow'\n",
    )


def test_shell_completion_offers_slugs(seeded):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "_TRACKER_COMPLETE": "complete_bash",
        "COMP_WORDS": "tracker show fin",
        "COMP_CWORD": "2",
    }
    result = subprocess.run(
        [sys.executable, "-c", "from tracker.cli import main; main()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [
        "fintech-hub-action-plan",
        "fintech-hub-data-platforms",
        "fintech-hub-digital-finance",
        "fintech-hub-green-finance",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["init"],
        ["add", "Quiet one"],
        ["list"],
        ["show", "bridging-programme"],
        ["history", "bridging-programme"],
        ["update", "bridging-programme", "--progress", "5"],
        ["edit", "bridging-programme", "--add-tag", "quiet"],
        ["parse-date", "2027"],
        ["report"],
        ["calendar"],
        ["feed"],
        ["export"],
        ["check"],
        ["list", "--count"],
        ["remove", "offshore-rmb-centre", "--yes"],
    ],
)
def test_every_command_takes_quiet(seeded, args):
    for flag in ("--quiet", "-q"):
        result = run(*args, flag)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), (args, flag)
        if args[0] == "remove":
            break
    failed = run("show", "no-such-initiative", "--quiet")
    assert failed.exit_code == 2 and failed.stderr.startswith("error: no initiative matches")


def test_quiet_anywhere_among_the_options_and_help_still_helps(seeded, tmp_path):
    assert run("list", "-q", "--tag", "talent").stdout == ""
    assert run("backup", "-q", str(tmp_path / "b.db")).stdout == ""
    for args in (("list", "-q", "--help"), ("list", "--help", "-q")):
        result = run(*args)
        assert result.exit_code == 0 and result.stdout.startswith("Usage: tracker list ")


def test_init_add_and_remove_speak_json(seeded):
    assert json.loads(ok("init", "--seed", "-f", "json")) == {
        "database": str(seeded),
        "seeded": [],
        "already_present": 13,
    }
    added = json.loads(ok("add", "Json one", "--deadline", "2027", "-f", "json"))
    assert (added["slug"], added["deadline"]["latest"], added["health"]) == (
        "json-one",
        "2027-12-31",
        "on_track",
    )
    assert json.loads(ok("remove", "json-one", "--yes", "-f", "json")) == {
        "removed": "json-one",
        "uuid": added["uuid"],
        "children_detached": 0,
    }
    assert run("add", "x", "-f", "xml").stderr == (
        "error: unknown format 'xml'; choose from text, json\n"
    )


@pytest.mark.parametrize(
    "filters",
    [
        (),
        ("--tag", "talent"),
        ("--jurisdiction", "Shenzhen"),
        ("--status", "proposed"),
        ("--health", "overdue"),
        ("--due-before", "2027"),
        ("--search", "fintech"),
        ("--search", "金融"),
        ("--search", "!!!"),
        ("--tag", "fintech", "--due-within", "900d"),
        ("--limit", "3"),
        ("--limit", "0"),
    ],
)
def test_count_is_how_many_list_shows(seeded, filters):
    listed = json.loads(ok("list", *filters, "--format", "json"))
    assert ok("list", *filters, "--count") == f"{len(listed)}\n"
    assert json.loads(ok("list", *filters, "--count", "-f", "json")) == {"count": len(listed)}


def test_count_refuses_csv(seeded):
    result = run("list", "--count", "--format", "csv")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --count prints a number or json, not csv\n",
    )


@pytest.mark.parametrize("count", [0, 1, 5])
def test_list_json_written_item_by_item_is_the_one_document(seeded, count):
    import io

    from tracker.api import ListFilters, Tracker
    from tracker.renderers.json import JsonRenderer, dump

    ok("edit", "bridging-programme", "--summary", 'quote " newline \n tab \t \u202e \U0001f680')
    with Tracker.open() as tracker:
        items = tracker.list(ListFilters(limit=count))
        streamed, whole = io.StringIO(), io.StringIO()
        JsonRenderer(streamed).initiatives(iter(items), tracker.today)
        dump([item.to_dict(tracker.today) for item in items], whole)
        assert len(items) == count and streamed.getvalue() == whole.getvalue()
        assert [i.slug for i in tracker.each(ListFilters(), chunk=2)] == [
            i.slug for i in tracker.list()
        ]
