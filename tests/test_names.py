"""tracker names: the names in use, rename and merge (recorded in each initiative's
history), aliases, and folding them in input, filters and reports (issue 15)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from helpers import AUTHOR, TODAY, dump, listed, ok, run, shown
from oldschema import undo_names

from tracker.storage import migrations


def _json(*args: str) -> object:
    return json.loads(ok(*args, "--format", "json"))


def _last_entry(ref: str) -> dict:
    return shown(ref)["history"][-1]


def _hk_stored() -> None:
    """Two initiatives naming the jurisdiction "HK" as it is (stored before the alias
    existed), one of them also "Hong Kong"."""
    ok("names", "unalias", "jurisdiction", "HK")
    ok("add", "Old one", "--jurisdiction", "HK")
    ok("add", "Old two", "--jurisdiction", "HK", "--jurisdiction", "Hong Kong")
    ok("names", "alias", "jurisdiction", "HK", "Hong Kong")


# -- the default aliases ----------------------------------------------------------------


def test_the_migration_s_keys_are_the_fold_rule_s() -> None:
    from tracker.domain.names import fold_key

    rows = migrations._DEFAULT_ALIASES
    assert [(kind, key) for kind, _, key, _ in rows] == [
        (kind, fold_key(alias)) for kind, alias, _, _ in rows
    ]
    assert len({(kind, key) for kind, _, key, _ in rows}) == len(rows)


def test_a_new_database_has_the_default_aliases(isolated: Path) -> None:
    ok("init")
    places = ok("names", "aliases", "--kind", "jurisdiction").splitlines()
    assert "jurisdiction\tHK\tHong Kong" in places
    assert "jurisdiction\t香港\tHong Kong" in places
    assert "jurisdiction\t深圳\tShenzhen" in places
    assert "jurisdiction\t大灣區\tGreater Bay Area" in places
    assert "jurisdiction\t內地\tMainland China" in places
    assert places[:4] == [  # by name, then alias
        "jurisdiction\tGBA\tGreater Bay Area",
        "jurisdiction\tGuangdong-Hong Kong-Macao Greater Bay Area\tGreater Bay Area",
        "jurisdiction\t大灣區\tGreater Bay Area",
        "jurisdiction\t粤港澳大湾区\tGreater Bay Area",
    ]
    assert len(places) == 19
    assert _json("names", "aliases", "--kind", "sponsor")[:3] == [
        {"kind": "sponsor", "alias": "Bank of Communications (Hong Kong)", "name": "BoCom (HK)"},
        {"kind": "sponsor", "alias": "Hong Kong Monetary Authority", "name": "HKMA"},
        {"kind": "sponsor", "alias": "金管局", "name": "HKMA"},
    ]
    assert ok("names", "aliases", "--kind", "tag") == ""


# -- listing --------------------------------------------------------------------------


def test_names_lists_the_names_in_use_with_counts(seeded: Path) -> None:
    assert ok("names", "--kind", "jurisdiction") == (
        "jurisdiction\tShenzhen\t12\njurisdiction\tHong Kong\t10\n"
        "jurisdiction\tGreater Bay Area\t2\n"
    )
    assert _json("names", "--kind", "sponsors")[:2] == [
        {"kind": "sponsor", "name": "Hong Kong Government", "initiatives": 7, "folds_to": None},
        {"kind": "sponsor", "name": "He Ping", "initiatives": 5, "folds_to": None},
    ]
    every = ok("names").splitlines()
    assert [line.split("\t")[0] for line in every] == sorted(
        (line.split("\t")[0] for line in every), key=["sponsor", "jurisdiction", "tag"].index
    )
    assert len(every) == 7 + 3 + 19
    assert every[-1] == "tag\ttechnology\t1"


def test_names_as_a_table(seeded: Path) -> None:
    text = ok("names", "--kind", "jurisdiction", "--format", "table")
    assert text.splitlines()[0].split() == ["Kind", "Name", "Initiatives", "Folds", "to"]
    assert text.splitlines()[2].split() == ["jurisdiction", "Shenzhen", "12", "-"]
    assert text.endswith("3 names\n")
    assert "\x1b" not in text


def test_names_shows_what_a_name_folds_to(seeded: Path) -> None:
    _hk_stored()
    assert ok("names", "--kind", "jurisdiction") == (
        "jurisdiction\tShenzhen\t12\njurisdiction\tHong Kong\t11\n"
        "jurisdiction\tGreater Bay Area\t2\njurisdiction\tHK\t2\tHong Kong\n"
    )
    assert _json("names", "--kind", "jurisdiction")[3] == {
        "kind": "jurisdiction",
        "name": "HK",
        "initiatives": 2,
        "folds_to": "Hong Kong",
    }


def test_an_unknown_kind_is_refused(seeded: Path) -> None:
    result = run("names", "--kind", "place")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "error: unknown kind of name 'place'; choose from sponsor, jurisdiction, tag\n",
    )


# -- folding input ----------------------------------------------------------------------


def test_add_stores_the_name_an_alias_stands_for(seeded: Path) -> None:
    ok(
        "add",
        "Talent pass",
        "--jurisdiction",
        "香港",
        "--jurisdiction",
        "HK",
        "--jurisdiction",
        "大湾区",
        "--sponsor",
        "金管局",
    )
    item = shown("talent-pass")
    assert (item["jurisdictions"], item["sponsors"]) == (
        ["Greater Bay Area", "Hong Kong"],
        ["HKMA"],
    )


def test_chinese_spellings_in_either_script_are_one_name(seeded: Path) -> None:
    ok("add", "Northern metropolis one", "--tag", "北部都會區")
    ok("add", "Northern metropolis two", "--tag", "北部都会区")
    assert shown("northern-metropolis-two")["tags"] == ["北部都會區"]
    assert [i["slug"] for i in listed("--tag", "北部都会区")] == [
        "northern-metropolis-one",
        "northern-metropolis-two",
    ]
    assert ok("names", "--kind", "tag").splitlines()[0] == "tag\tfintech\t5"
    assert "tag\t北部都會區\t2" in ok("names", "--kind", "tag").splitlines()


def test_edit_folds_what_it_adds_and_removes_any_spelling(seeded: Path) -> None:
    ok("add", "Plain", "--jurisdiction", "Shenzhen")
    assert ok("edit", "plain", "--add-jurisdiction", "深圳") == (
        "plain: nothing changed; nothing recorded\n"
    )
    ok("edit", "plain", "--add-jurisdiction", "HKSAR")
    assert _last_entry("plain")["changes"] == {
        "jurisdictions": {"added": ["Hong Kong"], "removed": []}
    }
    ok("edit", "plain", "--remove-jurisdiction", "香港")
    assert _last_entry("plain")["changes"] == {
        "jurisdictions": {"added": [], "removed": ["Hong Kong"]}
    }
    result = run("edit", "plain", "--add-jurisdiction", "HK", "--remove-jurisdiction", "香港")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: cannot both add and remove jurisdictions: hk\n",
    )


def test_import_folds_a_new_record_and_a_row_read_back_changes_nothing(
    seeded: Path, tmp_path: Path
) -> None:
    lines = tmp_path / "new.jsonl"
    lines.write_text(
        json.dumps({"title": "Imported one", "jurisdictions": ["香港", "Shenzhen"]}) + "\n",
        "utf-8",
    )
    ok("import", str(lines))
    assert shown("imported-one")["jurisdictions"] == ["Hong Kong", "Shenzhen"]
    _hk_stored()
    csv = tmp_path / "list.csv"
    csv.write_text(ok("list", "--format", "csv"), "utf-8")
    before = dump(seeded)
    assert ok("import", str(csv), "--format", "csv").startswith("imported 16 records: 0 created")
    assert dump(seeded) == before


# -- filters and reports -----------------------------------------------------------------


def test_filters_match_every_spelling_of_a_name(seeded: Path) -> None:
    _hk_stored()
    by_name = [i["slug"] for i in listed("--jurisdiction", "Hong Kong")]
    assert len(by_name) == 12 and {"old-one", "old-two"} <= set(by_name)
    assert [i["slug"] for i in listed("--jurisdiction", "HK")] == by_name
    assert [i["slug"] for i in listed("--jurisdiction", "香港")] == by_name
    assert ok("list", "--jurisdiction", "hk", "--count") == "12\n"
    assert len(listed("--jurisdiction", "深圳")) == 12
    assert len(listed("--sponsor", "Hong Kong Monetary Authority")) == 0


def test_the_report_groups_every_spelling_under_one_name(seeded: Path) -> None:
    _hk_stored()
    report = _json("report", "--jurisdiction", "HK")
    assert report["filters"]["jurisdiction"] == ["Hong Kong"]
    assert report["counts"]["initiatives"] == 12
    groups = {g["name"]: g["initiatives"] for g in report["by_jurisdiction"]}
    assert groups == {"Greater Bay Area": 2, "Hong Kong": 12, "Shenzhen": 9}


# -- rename and merge --------------------------------------------------------------------


def test_rename_records_the_change_in_each_initiative_s_history(seeded: Path) -> None:
    carrying = [i["slug"] for i in listed("--sponsor", "He Ping")]
    change = _json("names", "rename", "sponsor", "he ping", "Prof. He Ping")
    assert change == {
        "action": "renamed",
        "kind": "sponsor",
        "from": "He Ping",
        "to": "Prof. He Ping",
        "initiatives": sorted(carrying, key=lambda s: shown(s)["id"]),
        "alias_added": False,
    }
    assert len(carrying) == 5
    for slug in carrying:
        entry = _last_entry(slug)
        assert (entry["event"], entry["changes"], entry["note"], entry["author"]) == (
            "edit",
            {"sponsors": {"added": ["Prof. He Ping"], "removed": ["He Ping"]}},
            "renamed sponsor He Ping to Prof. He Ping",
            AUTHOR,
        )
        assert entry["effective"] == TODAY
        assert "Prof. He Ping" in shown(slug)["sponsors"]
    assert listed("--sponsor", "He Ping") == []
    assert ok("names", "--kind", "sponsor").splitlines()[1] == "sponsor\tProf. He Ping\t5"
    assert ok("check").startswith("ok:")


def test_rename_says_what_it_did(seeded: Path) -> None:
    assert ok("names", "rename", "jurisdiction", "Greater Bay Area", "GBA region") == (
        'renamed jurisdiction "Greater Bay Area" to "GBA region": 2 initiatives'
        " (sz-hk-financial-cooperation, fintech-hub-action-plan)\n"
    )
    assert ok("names", "--kind", "jurisdiction").endswith("jurisdiction\tGBA region\t2\n")
    # the aliases of the old name stand for the new one
    assert "jurisdiction\tGBA\tGBA region" in ok("names", "aliases").splitlines()


def test_rename_of_its_case_only(seeded: Path) -> None:
    ok("names", "rename", "tag", "fintech", "FinTech")
    assert ok("names", "--kind", "tag").splitlines()[0] == "tag\tFinTech\t5"
    assert _last_entry("fintech-hub-action-plan")["changes"] == {
        "tags": {"added": ["FinTech"], "removed": ["fintech"]}
    }
    assert ok("check").startswith("ok:")


def test_the_names_stored_are_what_replaying_the_history_gives(seeded: Path) -> None:
    from tracker.api import Tracker
    from tracker.domain.replay import replay_descriptive

    def lists(slug: str) -> dict:
        item = shown(slug)
        return {k: item[k] for k in ("tags", "jurisdictions", "sponsors")}

    slug = "fintech-hub-action-plan"
    before = lists(slug)
    ok("names", "rename", "tag", "fintech", "FinTech")
    ok("add", "Second", "--jurisdiction", "Shenzhen", "--jurisdiction", "Greater Bay Area")
    ok("names", "merge", "jurisdiction", "Greater Bay Area", "Shenzhen")
    ok("names", "rename", "sponsor", "Hong Kong Government", "HKSAR Govt")
    with Tracker.open(str(seeded)) as t:
        _, entries = t.history(slug)
    replayed = replay_descriptive(before, entries)
    after = lists(slug)
    assert {k: sorted(replayed[k], key=str.casefold) for k in after} == after
    assert after["tags"][after["tags"].index("FinTech")] == "FinTech"
    assert "Greater Bay Area" not in after["jurisdictions"]
    assert shown("second")["jurisdictions"] == ["Shenzhen"]
    assert _last_entry("second")["changes"] == {
        "jurisdictions": {"added": [], "removed": ["Greater Bay Area"]}
    }


def test_rename_refusals_change_nothing(seeded: Path) -> None:
    before = dump(seeded)
    for args, message in (
        (
            ("sponsor", "Nobody", "Somebody"),
            "no sponsor named 'Nobody' is in use (tracker names --kind sponsor lists them)",
        ),
        (
            ("jurisdiction", "Shenzhen", "Hong Kong"),
            "'Hong Kong' is a jurisdiction in use already: to give its initiatives too,"
            " tracker names merge jurisdiction 'Shenzhen' 'Hong Kong'",
        ),
        (
            ("jurisdiction", "Shenzhen", "HK"),
            "'HK' is an alias of the jurisdiction 'Hong Kong': name that instead (or first"
            " tracker names unalias jurisdiction 'HK')",
        ),
        (("tag", "ai", "ai"), "the tag is already named 'ai'"),
        (("tag", "ai", "a;i"), "tag 'a;i' contains ';', which separates list items in CSV"),
        (
            ("colour", "a", "b"),
            "unknown kind of name 'colour'; choose from sponsor, jurisdiction, tag",
        ),
    ):
        result = run("names", "rename", *args)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message}\n")
    assert dump(seeded) == before


def test_merge_gives_a_s_initiatives_b_and_makes_a_an_alias(seeded: Path) -> None:
    _hk_stored()
    ok("names", "unalias", "jurisdiction", "HK")
    assert ok("names", "merge", "jurisdiction", "hk", "Hong Kong") == (
        'merged jurisdiction "HK" into "Hong Kong": 2 initiatives (old-one, old-two);'
        ' "HK" is now an alias of "Hong Kong"\n'
    )
    assert _last_entry("old-one")["changes"] == {
        "jurisdictions": {"added": ["Hong Kong"], "removed": ["HK"]}
    }
    assert _last_entry("old-two")["changes"] == {"jurisdictions": {"added": [], "removed": ["HK"]}}
    assert _last_entry("old-two")["note"] == "merged jurisdiction HK into Hong Kong"
    assert shown("old-two")["jurisdictions"] == ["Hong Kong"]
    assert "jurisdiction\tHK\tHong Kong" in ok("names", "aliases").splitlines()
    assert [line for line in ok("names").splitlines() if "\tHK\t" in line] == []
    assert ok("check").startswith("ok:")


def test_merge_without_an_alias_and_its_json(seeded: Path) -> None:
    ok("add", "Two places", "--tag", "green-finance", "--tag", "finance")
    change = _json("names", "merge", "tag", "green-finance", "finance", "--no-alias")
    assert change == {
        "action": "merged",
        "kind": "tag",
        "from": "green-finance",
        "to": "finance",
        "initiatives": ["fintech-hub-green-finance", "two-places"],
        "alias_added": False,
    }
    assert "green-finance" not in ok("names", "aliases")
    result = run("names", "merge", "tag", "finance", "FINANCE")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: 'finance' and 'FINANCE' are the same tag\n",
    )


def test_merge_of_two_scripts(seeded: Path) -> None:
    ok("names", "unalias", "jurisdiction", "內地")
    ok("add", "Traditional", "--jurisdiction", "內地")
    ok("add", "Simplified", "--jurisdiction", "内地")
    assert shown("simplified")["jurisdictions"] == ["內地"]  # the one stored already
    ok("names", "rename", "jurisdiction", "内地", "内地 (simplified)")
    assert shown("traditional")["jurisdictions"] == ["内地 (simplified)"]


def test_a_failed_rename_in_the_middle_changes_nothing(seeded: Path, monkeypatch) -> None:
    from tracker.ops import history

    calls = []
    real = history.record_edit

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(*args, **kwargs)

    monkeypatch.setattr(history, "record_edit", failing)
    before = dump(seeded)
    result = run("names", "rename", "sponsor", "He Ping", "Prof. He Ping")
    assert result.exit_code == 1 and result.stderr.startswith("error: internal error")
    assert dump(seeded) == before


# -- aliases -------------------------------------------------------------------------------


def test_alias_add_replace_and_remove(seeded: Path) -> None:
    assert ok("names", "alias", "sponsor", "港府", "Hong Kong Government") == (
        'sponsor alias "港府" -> "Hong Kong Government"\n'
    )
    ok("add", "By the government", "--sponsor", "港府")
    assert shown("by-the-government")["sponsors"] == ["Hong Kong Government"]
    # an alias of an alias means the name it stands for
    assert _json("names", "alias", "sponsor", "HKG", "港府") == {
        "action": "aliased",
        "kind": "sponsor",
        "alias": "HKG",
        "name": "Hong Kong Government",
        "replaced": None,
        "carrying": 0,
    }
    assert ok("names", "alias", "sponsor", "HKG", "HKMA") == (
        'sponsor alias "HKG" -> "HKMA" (it meant "Hong Kong Government")\n'
    )
    assert _json("names", "unalias", "sponsor", "hkg") == {
        "action": "unaliased",
        "kind": "sponsor",
        "alias": "HKG",
        "name": "HKMA",
    }
    assert "HKG" not in ok("names", "aliases")


def test_an_alias_names_the_initiatives_that_still_carry_it(seeded: Path) -> None:
    ok("add", "Pilot", "--tag", "fin-tech")
    assert ok("names", "alias", "tag", "FIN-TECH", "fintech") == (
        'tag alias "FIN-TECH" -> "fintech"; 1 initiative still name "FIN-TECH":'
        ' tracker names merge tag "FIN-TECH" "fintech" gives them "fintech"\n'
    )
    assert len(listed("--tag", "fintech")) == 6


def test_aliasing_a_name_to_itself_or_removing_no_alias_is_refused(seeded: Path) -> None:
    before = dump(seeded)
    for args, message in (
        (
            ("alias", "jurisdiction", "Hk", "HK"),
            "'Hk' and 'HK' are already the same jurisdiction",
        ),
        (
            ("alias", "tag", "Fintech", "fintech"),
            "'Fintech' and 'fintech' are already the same tag",
        ),
        (
            ("unalias", "tag", "nope"),
            "'nope' is no alias of a tag (tracker names aliases --kind tag lists them)",
        ),
        (("alias", "tag", " ", "x"), "tag must not be empty"),
    ):
        result = run("names", *args)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message}\n")
    assert dump(seeded) == before


def test_options_before_a_subcommand_are_refused(seeded: Path) -> None:
    result = run("names", "--format", "json", "aliases")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: give --kind and --format after 'names aliases', not before\n",
    )


# -- an existing database ------------------------------------------------------------------


def test_a_schema_8_database_keeps_its_data_and_gets_the_aliases(isolated: Path) -> None:
    """A database as the code before this step left it: its names (HK stored as it is)
    and every row stay; the aliases arrive; filters and names fold HK at once."""
    ok("init", "--seed")
    ok("names", "unalias", "jurisdiction", "HK")
    ok("add", "Old HK", "--jurisdiction", "HK")
    conn = sqlite3.connect(isolated)
    undo_names(conn)
    conn.execute(f"PRAGMA user_version = {migrations.STEPS.index('m013_names')}")
    conn.commit()
    conn.close()
    before = dump(isolated)
    assert "name_aliases" not in before
    result = run("list", "--jurisdiction", "Hong Kong", "--count")  # upgrades it
    assert result.stdout == "11\n"
    assert result.stderr.startswith("note: upgraded ")
    after = dump(isolated)
    # every row stays; of the schema, only what later migrations change (m016 makes the
    # index of refs no longer unique)
    kept = [
        line
        for line in before.splitlines()
        if "_sqlite_migrations" not in line and "INDEX idx_updates_ref" not in line
    ]
    assert [line for line in kept if line not in after.splitlines()] == []
    conn = sqlite3.connect(isolated)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM name_aliases").fetchone()[0] == len(
        migrations._DEFAULT_ALIASES
    )
    conn.close()
    assert shown("old-hk")["jurisdictions"] == ["HK"]
    assert "jurisdiction\tHK\t1\tHong Kong" in ok("names").splitlines()
    assert ok("check").startswith("ok:")


def test_listing_ascii_names_does_not_load_opencc(seeded: Path) -> None:
    import os
    import subprocess
    import sys

    probe = (
        "import json, sys\nfrom tracker.cli import main\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit:\n    pass\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    os.makedirs(os.environ["HOME"], exist_ok=True)
    for args in (("list", "--jurisdiction", "HK"), ("report",), ("names",)):
        done = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True,
            text=True,
            cwd=os.environ["HOME"],
            timeout=60,
        )
        loaded = set(json.loads(done.stderr.splitlines()[-1]))
        assert "opencc" not in loaded, args


def test_the_entry_point_builds_names_alone_and_behaves_as_the_whole_app(seeded: Path) -> None:
    import os
    import subprocess
    import sys

    from tracker import cli

    assert sorted(cli._group_for("names").commands) == ["names"]
    assert sorted(cli._group_for("list").commands) == ["list"]
    os.makedirs(os.environ["HOME"], exist_ok=True)
    for args in (("names", "--kind", "jurisdiction"), ("names", "rename", "tag", "x", "y")):
        whole = run(*args)
        alone = subprocess.run(
            [sys.executable, "-m", "tracker", *args],
            capture_output=True,
            text=True,
            cwd=os.environ["HOME"],
            timeout=60,
        )
        assert (alone.returncode, alone.stdout, alone.stderr) == (
            whole.exit_code,
            whole.stdout,
            whole.stderr,
        )


def test_a_list_of_new_names_folds_once_as_it_folds_every_time(isolated: Path) -> None:
    """Folder.fold keeps what each list of a new initiative's names folded to (a bulk
    import folds the same few lists 100,000 times): every call must give what folding
    afresh, in the same order, gives: aliases, case, spaces, both Chinese scripts, a
    Han spelling stored before or met first in the transaction, repeats, empty lists."""
    import random

    from tracker.ops import names

    ok("init")
    ok("add", "Stored", "--tag", "金融科技", "--sponsor", "財經事務及庫務局")
    ok("names", "alias", "tag", "fintech", "金融科技")
    pool = {
        "tags": ["金融科技", "金融科技 ", "fintech", "FinTech", "綠色金融", "绿色金融", "green"],
        "jurisdictions": ["HK", "hk", "香港", "Hong Kong", "深圳", "大灣區", "粤港澳大湾区", "Z"],
        "sponsors": ["财经事务及库务局", "財經事務及庫務局", "HKMA", "hkma", "銀行", "银行"],
    }
    chooser = random.Random(17)
    calls = [
        (kind, [chooser.choice(pool[kind]) for _ in range(chooser.randrange(4))])
        for _ in range(400)
        for kind in pool
    ]
    conn = sqlite3.connect(isolated)
    kept, fresh = names.Folder(conn), names.Folder(conn)
    for kind, given in calls:
        expected = fresh._fold(kind, given, ())
        assert kept.fold(kind, given) == expected, (kind, given)
        assert kept.fold(kind, iter(given)) == expected  # an iterator, a second time
    assert len(kept._folded) < len(calls)  # lists met again were kept
    assert kept.fold("tags", ["Green"], ["green"]) == ["green"]  # with what it has: afresh
