"""Bad input and unusable databases: one line, the documented exit code, nothing
changed."""

from __future__ import annotations

import sqlite3

import pytest
from helpers import dump, ok, run, shown

from tracker.storage import migrations

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
        "error: unknown confidence 'blue'; choose from green, amber_green, amber, amber_red, red",
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


def test_refs_by_id_slug_and_uuid_prefix(seeded):
    item = shown("offshore-rmb-centre")
    assert shown(str(item["id"]))["slug"] == "offshore-rmb-centre"
    assert shown(item["uuid"][:8])["slug"] == "offshore-rmb-centre"
    assert shown(item["uuid"].upper())["slug"] == "offshore-rmb-centre"


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
        f" this tracker knows {migrations.SCHEMA_VERSION}); upgrade tracker to use it\n"
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
