"""Identity (issue 15): an old slug keeps naming its initiative after a rename, and says
so; an old slug is never handed to a new initiative."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from helpers import dump, ok, run
from oldschema import undo_slug_aliases

from tracker.storage import migrations

NOTE = "note: bridging-programme was renamed: its slug is now polyu-bridging\n"


def rename(*args: str) -> None:
    assert ok("edit", "bridging-programme", "--slug", "polyu-bridging", *args) == (
        "polyu-bridging: slug bridging-programme -> polyu-bridging\n"
    )


def test_an_old_slug_still_names_the_initiative_and_says_its_new_one(seeded: Path) -> None:
    rename()
    result = run("show", "bridging-programme", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == NOTE
    assert result.stdout == ok("show", "polyu-bridging", "--format", "json")
    assert json.loads(result.stdout)["slug"] == "polyu-bridging"
    assert run("show", "polyu-bridging").stderr == ""


def test_a_write_by_the_old_slug_is_recorded_on_the_renamed_initiative(seeded: Path) -> None:
    rename()
    result = run("update", "bridging-programme", "--progress", "30")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "polyu-bridging: progress 30%\n",
        NOTE,
    )
    history = json.loads(ok("history", "polyu-bridging", "--format", "json"))
    assert [e["event"] for e in history] == ["created", "edit", "update"]
    assert history[1]["changes"]["slug"] == {
        "from": "bridging-programme",
        "to": "polyu-bridging",
    }


def test_the_note_is_said_once_and_not_on_a_failure(seeded: Path) -> None:
    rename()
    result = run("update", "bridging-programme", "--progress", "130")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: progress must be between 0 and 100, not 130\n"
    result = run("edit", "offshore-rmb-centre", "--parent", "bridging-programme")
    assert (result.exit_code, result.stderr) == (0, NOTE)
    result = run("update", "bridging-programme", "--progress", "30", "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")  # quiet: quiet


def test_two_renames_keep_both_old_slugs(seeded: Path) -> None:
    rename()
    ok("edit", "polyu-bridging", "--slug", "talent-bridging")
    for old in ("bridging-programme", "polyu-bridging"):
        result = run("show", old, "--format", "json")
        assert result.stderr == f"note: {old} was renamed: its slug is now talent-bridging\n"
        assert json.loads(result.stdout)["slug"] == "talent-bridging"


def test_an_initiative_may_take_back_its_own_old_slug(seeded: Path) -> None:
    rename()
    assert ok("edit", "polyu-bridging", "--slug", "bridging-programme") == (
        "bridging-programme: slug polyu-bridging -> bridging-programme\n"
    )
    assert run("show", "bridging-programme").stderr == ""
    result = run("show", "polyu-bridging", "--format", "json")
    assert result.stderr == (
        "note: polyu-bridging was renamed: its slug is now bridging-programme\n"
    )


def test_a_new_initiative_never_gets_an_old_slug(seeded: Path) -> None:
    rename()
    assert ok("add", "Bridging programme") == "bridging-programme-2\n"
    result = run("show", "bridging-programme", "--format", "json")
    assert json.loads(result.stdout)["slug"] == "polyu-bridging"


def test_an_old_slug_asked_for_is_refused_and_nothing_changes(seeded: Path) -> None:
    rename()
    before = dump(seeded)
    message = (
        "error: slug 'bridging-programme' is the old slug of polyu-bridging and still"
        " names it; choose another with --slug\n"
    )
    result = run("add", "Another", "--slug", "bridging-programme")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    result = run("edit", "offshore-rmb-centre", "--slug", "bridging-programme")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert dump(seeded) == before


def test_a_current_slug_wins_over_an_old_one_and_removal_frees_both(seeded: Path) -> None:
    rename()
    ok("edit", "offshore-rmb-centre", "--slug", "rmb-centre")
    # polyu-bridging's old slug goes with it when it is removed
    ok("remove", "polyu-bridging", "--yes")
    result = run("show", "bridging-programme")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no initiative matches 'bridging-programme'")
    assert ok("add", "Bridging programme") == "bridging-programme\n"
    assert run("show", "bridging-programme").stderr == ""


def test_a_spreadsheet_row_by_an_old_slug_updates_the_renamed_initiative(
    seeded: Path, tmp_path: Path
) -> None:
    rename()
    rows = tmp_path / "rows.csv"
    rows.write_text("slug,progress\nbridging-programme,40\n", "utf-8")
    result = run("import", str(rows), "--format", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == NOTE
    assert json.loads(ok("show", "polyu-bridging", "--format", "json"))["progress"] == 40
    assert json.loads(ok("list", "--count", "--format", "json")) == {"count": 13}


def test_a_rename_made_on_another_replica_leaves_the_old_slug_there_too(
    seeded: Path, tmp_path: Path
) -> None:
    other, folder = tmp_path / "other.db", tmp_path / "shared"
    ok("--db", str(other), "init")
    ok("sync", str(folder))
    ok("--db", str(other), "sync", str(folder))
    rename()
    ok("edit", "polyu-bridging", "--slug", "talent-bridging")
    ok("sync", str(folder))
    ok("--db", str(other), "sync", str(folder))
    for old in ("bridging-programme", "polyu-bridging"):
        result = run("--db", str(other), "show", old, "--format", "json")
        assert result.stderr == f"note: {old} was renamed: its slug is now talent-bridging\n"
    assert ok("--db", str(other), "add", "Bridging programme") == "bridging-programme-2\n"


def test_the_library_keeps_the_notes(seeded: Path) -> None:
    from tracker.api import Tracker

    rename()
    with Tracker.open(seeded) as t:
        assert t.resolve("bridging-programme").slug == "polyu-bridging"
        assert t.notices == ["bridging-programme was renamed: its slug is now polyu-bridging"]


def _as_schema_6(db: Path) -> None:
    """Take a current database back to what the code before slug aliases left: no
    ``slug_aliases`` table, no trigger, schema version 6."""
    conn = sqlite3.connect(db)
    undo_slug_aliases(conn)
    conn.execute(f"PRAGMA user_version = {migrations.STEPS.index('m010_slug_aliases')}")
    conn.commit()
    conn.close()


def test_a_schema_6_database_learns_the_old_slugs_from_its_history(seeded: Path) -> None:
    rename()
    ok("edit", "polyu-bridging", "--slug", "talent-bridging")
    ok("edit", "offshore-rmb-centre", "--title", "Offshore RMB centre")
    before = ok("export")
    _as_schema_6(seeded)
    conn = sqlite3.connect(seeded)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert "slug_aliases" not in tables
    result = run("show", "polyu-bridging", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr.endswith(
        "note: polyu-bridging was renamed: its slug is now talent-bridging\n"
    )
    assert result.stderr.startswith(f"note: upgraded {seeded} to schema version")
    assert ok("export") == before  # every initiative and entry kept
    conn = sqlite3.connect(seeded)
    aliases = conn.execute(
        "SELECT a.slug, i.slug FROM slug_aliases a JOIN initiatives i ON i.id = a.initiative_id"
        " ORDER BY a.slug"
    ).fetchall()
    conn.close()
    assert aliases == [
        ("bridging-programme", "talent-bridging"),
        ("polyu-bridging", "talent-bridging"),
        ("talent-bridging", "talent-bridging"),
    ]
    assert ok("add", "Bridging programme") == "bridging-programme-2\n"
    assert ok("check").startswith("ok:")


# -- a mistyped REF ----------------------------------------------------------------


def test_a_mistyped_ref_suggests_the_nearest_slugs_and_changes_nothing(seeded: Path) -> None:
    ok("add", "Shenzhen low-altitude economy", "--slug", "sz-low-altitude-economy")
    before = dump(seeded)
    result = run("update", "sz-low-altitde", "--progress", "10")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: no initiative matches 'sz-low-altitde'; did you mean: sz-low-altitude-economy?\n"
    )
    assert dump(seeded) == before


def test_suggestions_best_first_at_most_three(seeded: Path) -> None:
    result = run("show", "sz-basic-reserch")
    assert result.stderr == (
        "error: no initiative matches 'sz-basic-reserch'; did you mean: sz-basic-research?\n"
    )
    result = run("show", "fintech")
    assert result.stderr == (
        "error: no initiative matches 'fintech'; did you mean: fintech-hub-action-plan,"
        " fintech-hub-data-platforms, fintech-hub-digital-finance?\n"
    )
    result = run("history", "Offshore-RMB")
    assert result.stderr == (
        "error: no initiative matches 'Offshore-RMB'; did you mean: offshore-rmb-centre?\n"
    )


def test_nothing_alike_gets_no_suggestion(seeded: Path) -> None:
    result = run("show", "quantum-widgets")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: no initiative matches 'quantum-widgets'\n",
    )


def test_a_mistyped_old_slug_suggests_the_current_one(seeded: Path) -> None:
    rename()
    ok("edit", "offshore-rmb-centre", "--slug", "rmb-hub")
    result = run("show", "brdging-programme")
    assert result.stderr == (
        "error: no initiative matches 'brdging-programme'; did you mean: polyu-bridging?\n"
    )


def test_suggestions_read_the_slugs_not_the_history(seeded: Path) -> None:
    """The candidates come from the slug index and the old slugs: no statement touches
    the history table, however long it is."""
    import pytest

    from tracker.api import Tracker
    from tracker.errors import NotFoundError

    statements: list[str] = []
    with Tracker.open(seeded) as t:
        t.db.conn.set_trace_callback(statements.append)
        with pytest.raises(NotFoundError, match="did you mean: bridging-programme"):
            t.resolve("bridging-programm")
    assert statements and not [s for s in statements if "updates" in s]


# -- slugs for Chinese titles ------------------------------------------------------------


def test_a_chinese_title_gets_a_pinyin_slug(isolated: Path) -> None:
    assert ok("add", "北部都会区") == "bei-bu-du-hui-qu\n"
    assert ok("add", "北部都會區发展") == "bei-bu-du-hui-qu-fa-zhan\n"
    assert ok("add", "Northern Metropolis 北部都会区 plan") == (
        "northern-metropolis-bei-bu-du-hui-qu\n"  # 40 characters at most, whole words
    )
    assert (
        ok("add", "粤港澳大湾区发展规划纲要", "--format", "json").count(
            '"slug": "yue-gang-ao-da-wan-qu-fa-zhan-gui-hua"'
        )
        == 1
    )
    assert ok("add", "北部都会区") == "bei-bu-du-hui-qu-2\n"


def test_a_slug_made_before_stays_when_the_title_changes(isolated: Path) -> None:
    ok("add", "提高跨境支付效率", "--slug", "i-01a24364")
    assert ok("edit", "i-01a24364", "--title", "提高跨境支付效率\uff08修订\uff09") == (
        "i-01a24364: title 提高跨境支付效率 -> 提高跨境支付效率\uff08修订\uff09\n"
    )
    assert json.loads(ok("show", "i-01a24364", "--format", "json"))["slug"] == "i-01a24364"


def test_a_chinese_ref_suggests_the_slug_its_title_makes(isolated: Path) -> None:
    ok("add", "北部都会区")
    result = run("show", "北部都會區")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: no initiative matches '北部都會區'; did you mean: bei-bu-du-hui-qu?\n",
    )


# -- a near-identical title --------------------------------------------------------------

BRIDGING = "Dual-qualification banking-talent bridging programme with PolyU"


def test_adding_a_title_already_tracked_warns_and_adds_it(seeded: Path) -> None:
    result = run("add", BRIDGING)
    assert (result.exit_code, result.stdout) == (0, "dual-qualification-banking-talent\n")
    assert result.stderr == (
        f'warning: a near-identical title is already tracked: bridging-programme ("{BRIDGING}")\n'
    )
    assert json.loads(ok("list", "--count", "--format", "json")) == {"count": 14}
    result = run("add", BRIDGING, "-q")  # --quiet: nothing on success
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_case_punctuation_and_spacing_are_folded(seeded: Path) -> None:
    result = run("add", "DUAL QUALIFICATION banking talent: bridging programme, with PolyU!")
    assert result.stderr == (
        f'warning: a near-identical title is already tracked: bridging-programme ("{BRIDGING}")\n'
    )


def test_traditional_and_simplified_titles_are_the_same(isolated: Path) -> None:
    ok("add", "北部都会区")
    result = run("add", "北部都會區")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "bei-bu-du-hui-qu-2\n",
        'warning: a near-identical title is already tracked: bei-bu-du-hui-qu ("北部都会区")\n',
    )


def test_a_title_alike_by_the_threshold_warns_and_a_different_one_does_not(
    seeded: Path,
) -> None:
    from tracker.ops.likeness import TITLE_LIKENESS

    assert TITLE_LIKENESS == 90
    result = run("add", "Fintech hub action plan: digital finances")
    assert result.stderr == (
        "warning: a near-identical title is already tracked: fintech-hub-digital-finance"
        ' ("Fintech hub action plan: digital finance")\n'
    )
    # 'green and inclusive finance' is not near 'green finance' (a likeness of 77)
    result = run("add", "Fintech hub action plan: green finance")
    assert (result.exit_code, result.stderr) == (0, "")


def test_several_alike_are_named_most_alike_first_and_json_is_unchanged(isolated: Path) -> None:
    for title in ("Wealth Connect 2.0", "Wealth Connect 3.0", "Wealth Connect"):
        ok("add", title)
    result = run("add", "Wealth Connect 3.0", "--format", "json")
    assert json.loads(result.stdout)["slug"] == "wealth-connect-3-0-2"
    assert result.stderr == (
        "warning: a near-identical title is already tracked: wealth-connect-3-0"
        ' ("Wealth Connect 3.0"), wealth-connect ("Wealth Connect"), wealth-connect-2-0'
        ' ("Wealth Connect 2.0")\n'
    )  # likeness 100, then 93 and 93 by slug
    assert run("add", "Wealth Management Connect").stderr == ""  # 72


def test_the_library_says_how_alike(seeded: Path) -> None:
    from tracker.api import Tracker

    with Tracker.open(seeded) as t:
        assert t.alike_titles(BRIDGING.upper()) == [("bridging-programme", BRIDGING, 100)]
        first = t.resolve("bridging-programme")
        assert t.alike_titles(BRIDGING, exclude=first.id) == []


def test_the_titles_compared_are_read_from_the_title_index(seeded: Path) -> None:
    """A check that costs the same at any size: the statements search the title index,
    none scans the initiatives."""
    import sqlite3 as sql

    from tracker.api import Tracker

    statements: list[str] = []
    with Tracker.open(seeded) as t:
        t.db.conn.set_trace_callback(statements.append)
        assert t.alike_titles("北部都會區") == []
        assert [slug for slug, _, _ in t.alike_titles(BRIDGING)] == ["bridging-programme"]
    plans = sql.connect(seeded)
    details = [
        row[3]
        for statement in statements
        if statement.startswith("SELECT")
        for row in plans.execute(f"EXPLAIN QUERY PLAN {statement}")
    ]
    plans.close()
    assert details and all(d.startswith("SEARCH") for d in details), details
