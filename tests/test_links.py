"""Links between initiatives (issue 15): link, unlink, update --superseded-by, merge;
shown on both ends, in reports, carried by export/import and sync, checked and
repaired; the links table arrives by migration m007 keeping every database's data."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers import AUTHOR, TODAY, dump, ok, run, shown

from tracker.storage import migrations

PLAN = "fintech-hub-action-plan"
RMB = "offshore-rmb-centre"
RESEARCH = "sz-basic-research"
DIGITAL = "sz-digital-economy-engine"
BRIDGING = "bridging-programme"


def uuid_of(ref: str) -> str:
    return str(shown(ref)["uuid"])


def link_rows(db: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT a.slug, l.kind, b.slug FROM links l JOIN initiatives a ON a.id = l.from_id"
            " JOIN initiatives b ON b.id = l.to_id ORDER BY 1, 2, 3"
        ).fetchall()
    finally:
        conn.close()


def refused(*args: str, message: str, db: Path) -> None:
    """Exit 2, exactly one line ``error: message`` on stderr, nothing changed."""
    before = dump(db)
    result = run(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {message}\n")
    assert dump(db) == before


# -- link and unlink -------------------------------------------------------------------


def test_link_records_an_edit_entry_and_both_ends_show_it(seeded: Path) -> None:
    assert ok("link", RESEARCH, "depends-on", DIGITAL, "--note", "needs the platform") == (
        f"{RESEARCH}: links +depends-on {DIGITAL}\n"
    )
    entry = json.loads(ok("history", RESEARCH, "--format", "json"))[-1]
    assert {k: entry[k] for k in ("event", "effective", "changes", "note", "author")} == {
        "event": "edit",
        "effective": TODAY,
        "changes": {
            "links": {"added": [{"kind": "depends-on", "uuid": uuid_of(DIGITAL), "slug": DIGITAL}]}
        },
        "note": "needs the platform",
        "author": AUTHOR,
    }
    digital = shown(DIGITAL)
    assert shown(RESEARCH)["links"] == [
        {
            "relation": "depends on",
            "kind": "depends-on",
            "direction": "out",
            "slug": DIGITAL,
            "uuid": digital["uuid"],
            "title": digital["title"],
            "status": "proposed",
        }
    ]
    research = shown(RESEARCH)
    assert digital["links"] == [
        {
            "relation": "needed by",
            "kind": "depends-on",
            "direction": "in",
            "slug": RESEARCH,
            "uuid": research["uuid"],
            "title": research["title"],
            "status": "proposed",
        }
    ]
    assert link_rows(seeded) == [(RESEARCH, "depends-on", DIGITAL)]
    assert ok("check").startswith("ok:")


@pytest.mark.parametrize(
    ("kind", "forward", "inverse"),
    [
        ("supersedes", "supersedes", "superseded by"),
        ("duplicates", "duplicates", "duplicated by"),
        ("depends-on", "depends on", "needed by"),
        ("relates-to", "relates to", "relates to"),
    ],
)
def test_each_kind_reads_in_its_own_words_on_each_end(
    seeded: Path, kind: str, forward: str, inverse: str
) -> None:
    ok("link", RMB, kind, RESEARCH)
    assert [x["relation"] for x in shown(RMB)["links"]] == [forward]
    assert [x["relation"] for x in shown(RESEARCH)["links"]] == [inverse]
    text = ok("show", RESEARCH)
    assert f"Links\n{inverse}  {RMB} (proposed) Shenzhen to help Hong Kong build an" in text


def test_the_kind_is_read_as_people_type_it(seeded: Path) -> None:
    assert ok("link", RMB, "Depends On", RESEARCH) == f"{RMB}: links +depends-on {RESEARCH}\n"
    assert ok("link", RMB, "RELATES_TO", RESEARCH) == f"{RMB}: links +relates-to {RESEARCH}\n"


def test_a_link_that_holds_records_nothing(seeded: Path) -> None:
    ok("link", RMB, "supersedes", RESEARCH)
    before = dump(seeded)
    assert ok("link", RMB, "supersedes", RESEARCH) == f"{RMB}: nothing changed; nothing recorded\n"
    result = json.loads(ok("link", RMB, "supersedes", RESEARCH, "--format", "json"))
    assert (result["outcome"], result["initiative"]["slug"], result["entry"]) == (
        "unchanged",
        RMB,
        None,
    )
    assert dump(seeded) == before


def test_relates_to_reads_the_same_from_both_ends(seeded: Path) -> None:
    ok("link", RMB, "relates-to", RESEARCH)
    before = dump(seeded)
    assert ok("link", RESEARCH, "relates-to", RMB) == f"{RMB}: nothing changed; nothing recorded\n"
    assert dump(seeded) == before
    # unlinked from the other end: the entry goes in the history that states it
    assert ok("unlink", RESEARCH, "relates-to", RMB) == f"{RMB}: links -relates-to {RESEARCH}\n"
    assert link_rows(seeded) == []
    assert shown(RMB)["links"] == shown(RESEARCH)["links"] == []


def test_bad_links_are_refused_with_one_line(seeded: Path) -> None:
    refused("link", RMB, "supersedes", RMB, message=f"{RMB} cannot be linked to itself", db=seeded)
    refused(
        "link",
        RMB,
        "replaces",
        RESEARCH,
        message="unknown link kind 'replaces'; choose from supersedes, duplicates,"
        " depends-on, relates-to",
        db=seeded,
    )
    refused("link", RMB, "supersedes", "nope", message="no initiative matches 'nope'", db=seeded)
    ok("link", RMB, "supersedes", RESEARCH)
    refused(
        "link",
        RESEARCH,
        "supersedes",
        RMB,
        message=f"{RMB} supersedes {RESEARCH} already; a link and its reverse cannot both"
        " hold (tracker unlink it first)",
        db=seeded,
    )
    refused(
        "unlink",
        RESEARCH,
        "supersedes",
        RMB,
        message=f"there is no link {RESEARCH} supersedes {RMB}",
        db=seeded,
    )


def test_the_table_refuses_what_the_commands_refuse(seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    conn.execute("PRAGMA foreign_keys = ON")
    for values, error in [
        ((1, "supersedes", 1), "CHECK constraint failed"),
        ((1, "replaces", 2), "CHECK constraint failed"),
        ((1, "supersedes", 999), "FOREIGN KEY constraint failed"),
    ]:
        with pytest.raises(sqlite3.IntegrityError, match=error):
            conn.execute("INSERT INTO links (from_id, kind, to_id) VALUES (?, ?, ?)", values)
    conn.execute("INSERT INTO links (from_id, kind, to_id) VALUES (1, 'supersedes', 2)")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE constraint failed"):
        conn.execute("INSERT INTO links (from_id, kind, to_id) VALUES (1, 'supersedes', 2)")
    indexes = {
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'links'")
        if row[0]
    }
    assert indexes == {"links", "idx_links_to"}  # the key (from, kind, to) serves the from end
    conn.rollback()
    conn.close()


def test_unlink_ends_the_link_with_an_entry(seeded: Path) -> None:
    ok("link", RMB, "duplicates", RESEARCH)
    assert ok("unlink", RMB, "duplicates", RESEARCH, "--note", "not the same") == (
        f"{RMB}: links -duplicates {RESEARCH}\n"
    )
    entries = json.loads(ok("history", RMB, "--format", "json"))
    assert [e["changes"] for e in entries[-2:]] == [
        {"links": {"added": [{"kind": "duplicates", "uuid": uuid_of(RESEARCH), "slug": RESEARCH}]}},
        {
            "links": {
                "removed": [{"kind": "duplicates", "uuid": uuid_of(RESEARCH), "slug": RESEARCH}]
            }
        },
    ]
    assert entries[-1]["note"] == "not the same"
    assert link_rows(seeded) == []
    assert ok("check").startswith("ok:")


def test_a_link_edit_cannot_be_retracted_but_unlinked(seeded: Path) -> None:
    ok("link", RMB, "supersedes", RESEARCH)
    entry = json.loads(ok("history", RMB, "--format", "json"))[-1]["uuid"]
    result = run("retract", entry, "--reason", "oops")
    assert result.exit_code == 2
    assert "is an edit of descriptive fields" in result.stderr


def test_removing_an_initiative_takes_its_links(seeded: Path) -> None:
    ok("link", RMB, "supersedes", RESEARCH)
    ok("link", DIGITAL, "depends-on", RMB)
    ok("remove", RMB, "--yes")
    assert link_rows(seeded) == []
    assert shown(RESEARCH)["links"] == shown(DIGITAL)["links"] == []
    assert ok("check").startswith("ok:")


# -- update --superseded-by ------------------------------------------------------------


def test_update_superseded_by_records_the_status_and_the_link_together(seeded: Path) -> None:
    out = ok("update", RMB, "--superseded-by", RESEARCH, "--note", "folded into research")
    assert out == (f"{RMB}: status proposed -> superseded\n{RESEARCH}: links +supersedes {RMB}\n")
    rmb = json.loads(ok("history", RMB, "--format", "json"))[-1]
    research = json.loads(ok("history", RESEARCH, "--format", "json"))[-1]
    assert (rmb["event"], rmb["changes"], rmb["note"]) == (
        "update",
        {"status": {"from": "proposed", "to": "superseded"}},
        "folded into research",
    )
    assert (research["event"], research["changes"], research["note"]) == (
        "edit",
        {"links": {"added": [{"kind": "supersedes", "uuid": uuid_of(RMB), "slug": RMB}]}},
        "folded into research",
    )
    assert [(x["relation"], x["slug"]) for x in shown(RMB)["links"]] == [
        ("superseded by", RESEARCH)
    ]
    assert link_rows(seeded) == [(RESEARCH, "supersedes", RMB)]


def test_update_superseded_by_refuses_another_status_and_itself(seeded: Path) -> None:
    refused(
        "update",
        RMB,
        "--status",
        "achieved",
        "--superseded-by",
        RESEARCH,
        message="--superseded-by goes with --status superseded, not achieved",
        db=seeded,
    )
    # the status entry is not kept when the link is refused: one transaction
    refused(
        "update",
        RMB,
        "--superseded-by",
        RMB,
        message=f"{RMB} cannot be linked to itself",
        db=seeded,
    )
    refused(
        "update", RMB, "--superseded-by", "nope", message="no initiative matches 'nope'", db=seeded
    )


def test_update_superseded_by_with_a_ref_twice_records_once(seeded: Path) -> None:
    ok("update", RMB, "--superseded-by", RESEARCH, "--ref", "k1")
    before = dump(seeded)
    assert "already applied" in ok("update", RMB, "--superseded-by", RESEARCH, "--ref", "k1")
    assert dump(seeded) == before


# -- merge -----------------------------------------------------------------------------


def test_merge_moves_sources_links_closes_and_records_both_histories(seeded: Path) -> None:
    ok("add", "HK-SZ fintech hub again", "--slug", "hub-dup", "--source", "https://ex.org/a")
    ok("update", "hub-dup", "--progress", "10", "--source", "https://ex.org/b")
    dup_uuid = uuid_of("hub-dup")
    dup_entries = [e["uuid"] for e in json.loads(ok("history", "hub-dup", "--format", "json"))]
    sources_before = shown(PLAN)["sources"]
    assert ok("merge", "hub-dup", "--into", PLAN) == (
        f"merged hub-dup into {PLAN}: 2 sources added to {PLAN}; hub-dup duplicates {PLAN},"
        " status superseded\n"
    )
    plan = shown(PLAN)
    # both of A's sources: the one it was added with and the one an update cited (one
    # list of sources: an update's source is on it too)
    assert plan["sources"] == [
        *sources_before,
        *(
            {
                "title": None,
                "publisher": None,
                "published": None,
                "url": url,
                "accessed": None,
                "quote": None,
            }
            for url in ("https://ex.org/a", "https://ex.org/b")
        ),
    ]
    merge_entry = plan["history"][-1]
    assert (merge_entry["event"], merge_entry["note"], merge_entry["changes"]) == (
        "edit",
        "merged from hub-dup",
        {
            "merged": {"uuid": dup_uuid, "slug": "hub-dup", "entries": dup_entries},
            "sources": {"added": plan["sources"][len(sources_before) :]},
        },
    )
    dup = shown("hub-dup")
    assert dup["status"] == "superseded"
    assert [e["uuid"] for e in dup["history"][: len(dup_entries)]] == dup_entries
    assert [(e["event"], e["changes"], e["note"]) for e in dup["history"][len(dup_entries) :]] == [
        (
            "edit",
            {"links": {"added": [{"kind": "duplicates", "uuid": plan["uuid"], "slug": PLAN}]}},
            f"merged into {PLAN}",
        ),
        ("update", {"status": {"from": "announced", "to": "superseded"}}, f"merged into {PLAN}"),
    ]
    assert [(x["relation"], x["slug"]) for x in dup["links"]] == [("duplicates", PLAN)]
    assert [(x["relation"], x["slug"]) for x in plan["links"]] == [("duplicated by", "hub-dup")]
    assert dup["sources"][0]["url"] == "https://ex.org/a"  # A keeps its own
    assert ok("check").startswith("ok:")


def test_merge_in_json_and_into_a_closed_duplicate(seeded: Path) -> None:
    ok("add", "Dup", "--slug", "dup", "--status", "abandoned")
    data = json.loads(ok("merge", "dup", "--into", RMB, "--note", "same thing", "--format", "json"))
    assert list(data) == [
        "merged",
        "into",
        "status",
        "sources_added",
        "history_entries",
        "children_moved",
        "links_moved",
        "kept",
        "entries",
    ]
    assert {k: data[k] for k in list(data)[:8]} == {
        "merged": "dup",
        "into": RMB,
        "status": "abandoned",  # closed already: it keeps its status
        "sources_added": 0,
        "history_entries": 1,
        "children_moved": [],
        "links_moved": 0,
        "kept": [],
    }
    assert [(e["initiative"], e["event"], e["note"]) for e in data["entries"]] == [
        (RMB, "edit", "same thing"),
        ("dup", "edit", "same thing"),
    ]
    assert "sources" not in data["entries"][0]["changes"]


def test_merge_moves_children_and_links_to_the_one_that_stays(seeded: Path) -> None:
    """A's children become B's and links to and from A move to B, each recorded in the
    history that states it; replaying every history gives the same (check, sync)."""
    ok("add", "Hub again", "--slug", "hub-dup")
    ok("add", "Hub pilot", "--slug", "pilot", "--parent", "hub-dup")
    ok("add", "Hub sandbox", "--slug", "sandbox", "--parent", "hub-dup")
    ok("link", "hub-dup", "depends-on", DIGITAL)  # A states: moves to B
    ok("link", RESEARCH, "depends-on", "hub-dup")  # to A: now to B
    ok("link", RMB, "relates-to", "hub-dup")  # to A, and B already relates to RMB
    ok("link", PLAN, "relates-to", RMB)
    ok("link", "hub-dup", "relates-to", PLAN)  # between A and B: stays as it is
    assert ok("merge", "hub-dup", "--into", PLAN) == (
        f"merged hub-dup into {PLAN}: 0 sources added to {PLAN}; 2 children and 3 links"
        f" moved to {PLAN}; hub-dup duplicates {PLAN}, status superseded\n"
    )
    assert link_rows(seeded) == [
        (PLAN, "depends-on", DIGITAL),
        (PLAN, "relates-to", RMB),
        ("hub-dup", "duplicates", PLAN),
        ("hub-dup", "relates-to", PLAN),
        (RESEARCH, "depends-on", PLAN),
    ]
    assert {"pilot", "sandbox"} <= {c["slug"] for c in shown(PLAN)["children"]}
    assert shown("hub-dup")["children"] == []
    pilot = shown("pilot")
    assert (pilot["parent"], pilot["history"][-1]["note"]) == (
        PLAN,
        f"hub-dup was merged into {PLAN}",
    )
    assert pilot["history"][-1]["changes"]["parent"] == {
        "from": "hub-dup",
        "to": PLAN,
        "from_uuid": uuid_of("hub-dup"),
        "to_uuid": uuid_of(PLAN),
    }
    research = shown(RESEARCH)["history"][-1]
    assert (research["note"], research["changes"]) == (
        f"hub-dup was merged into {PLAN}",
        {
            "links": {
                "added": [{"kind": "depends-on", "uuid": uuid_of(PLAN), "slug": PLAN}],
                "removed": [{"kind": "depends-on", "uuid": uuid_of("hub-dup"), "slug": "hub-dup"}],
            }
        },
    )
    # RMB already relates to B (stated by B): its link to A ends, none is added
    assert shown(RMB)["history"][-1]["changes"] == {
        "links": {
            "removed": [{"kind": "relates-to", "uuid": uuid_of("hub-dup"), "slug": "hub-dup"}]
        }
    }
    merge_entry = shown(PLAN)["history"][-1]
    assert merge_entry["changes"]["links"] == {
        "added": [{"kind": "depends-on", "uuid": uuid_of(DIGITAL), "slug": DIGITAL}]
    }
    dup_link = shown("hub-dup")["history"][-2]
    assert dup_link["changes"]["links"] == {
        "added": [{"kind": "duplicates", "uuid": uuid_of(PLAN), "slug": PLAN}],
        "removed": [{"kind": "depends-on", "uuid": uuid_of(DIGITAL), "slug": DIGITAL}],
    }
    assert ok("check").startswith("ok:")


def test_merge_keeps_what_cannot_move_and_says_why(seeded: Path) -> None:
    """A child that B is within stays (a cycle of parents otherwise); a link whose
    reverse B holds stays with A."""
    ok("add", "Programme again", "--slug", "prog-dup")
    ok("add", "Phase one", "--slug", "phase-one", "--parent", "prog-dup")
    ok("add", "Phase two", "--slug", "phase-two", "--parent", "prog-dup")
    ok("add", "The programme", "--slug", "prog", "--parent", "phase-one")
    ok("link", RMB, "supersedes", "prog-dup")
    ok("link", "prog", "supersedes", RMB)
    data = json.loads(ok("merge", "prog-dup", "--into", "prog", "--format", "json"))
    assert (data["children_moved"], data["links_moved"], data["kept"]) == (
        ["phase-two"],
        0,
        [
            f"{RMB} supersedes prog-dup stays: prog supersedes {RMB} holds",
            "phase-one stays under prog-dup: prog is within it",
        ],
    )
    assert [(e["initiative"], e["event"]) for e in data["entries"]] == [
        ("prog", "edit"),
        ("prog-dup", "edit"),
        ("prog-dup", "update"),
        ("phase-two", "edit"),
    ]
    assert shown("phase-one")["parent"] == "prog-dup"
    assert shown("phase-two")["parent"] == "prog"
    # phase-two is within prog, phase-one's child: prog stays under phase-one
    assert ok("merge", "phase-one", "--into", "phase-two") == (
        "merged phase-one into phase-two: 0 sources added to phase-two; phase-one"
        " duplicates phase-two, status superseded\n"
        "  kept: prog stays under phase-one: phase-two is within it\n"
    )
    assert shown("prog")["parent"] == "phase-one"
    assert ok("check").startswith("ok:")


def test_merge_text_lists_what_stayed(seeded: Path) -> None:
    ok("add", "Dup", "--slug", "dup")
    ok("link", RMB, "duplicates", "dup")
    ok("link", PLAN, "duplicates", RMB)
    assert ok("merge", "dup", "--into", PLAN) == (
        f"merged dup into {PLAN}: 0 sources added to {PLAN}; dup duplicates {PLAN},"
        " status superseded\n"
        f"  kept: {RMB} duplicates dup stays: {PLAN} duplicates {RMB} holds\n"
    )


def test_merge_refusals(seeded: Path) -> None:
    refused("merge", RMB, "--into", RMB, message=f"cannot merge {RMB} into itself", db=seeded)
    ok("link", RESEARCH, "duplicates", RMB)
    refused(
        "merge",
        RMB,
        "--into",
        RESEARCH,
        message=f"{RESEARCH} duplicates {RMB}; merge {RESEARCH} --into {RMB} instead",
        db=seeded,
    )
    refused(
        "merge",
        RESEARCH,
        "--into",
        DIGITAL,
        message=f"{RESEARCH} is already a duplicate of {RMB}",
        db=seeded,
    )
    ok("merge", RESEARCH, "--into", RMB)  # linked as a duplicate before: merged now
    entry = json.loads(ok("history", RMB, "--format", "json"))[-1]["uuid"]
    refused(
        "merge",
        RESEARCH,
        "--into",
        RMB,
        message=f"{RESEARCH} was merged into {RMB} already (entry {entry[:13]})",
        db=seeded,
    )


def test_merge_is_one_immediate_transaction(seeded: Path, monkeypatch) -> None:
    """A failure after the first write leaves nothing: the merge's writes are one
    transaction."""
    from tracker.ops import links

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    ok("add", "Dup", "--slug", "dup", "--source", "https://ex.org/x")
    ok("add", "Child", "--slug", "child", "--parent", "dup")
    ok("link", RESEARCH, "depends-on", "dup")
    before = dump(seeded)
    monkeypatch.setattr(links, "_adopt", broken)  # the last step, after every other write
    result = run("merge", "dup", "--into", RMB)
    assert result.exit_code != 0
    assert "disk on fire" in result.stderr
    assert dump(seeded) == before


@pytest.mark.parametrize(
    "args",
    [
        ("merge", "dup", "--into", RMB),
        ("update", RMB, "--superseded-by", RESEARCH),
        ("link", RMB, "relates-to", RESEARCH),
    ],
)
def test_each_writes_in_one_begin_immediate(seeded: Path, monkeypatch, args) -> None:
    ok("add", "Dup", "--slug", "dup", "--source", "https://ex.org/x")
    seen: list[str] = []
    real_connect = sqlite3.connect

    def traced(*a: object, **k: object) -> sqlite3.Connection:
        conn = real_connect(*a, **k)  # type: ignore[arg-type]
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", traced)
    ok(*args)
    assert [s for s in seen if s.startswith("BEGIN")] == ["BEGIN IMMEDIATE"]
    assert seen.count("COMMIT") == 1
    writes = [i for i, s in enumerate(seen) if s.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert seen.index("BEGIN IMMEDIATE") < writes[0] and writes[-1] < seen.index("COMMIT")


def test_link_and_unlink_in_json(seeded: Path) -> None:
    data = json.loads(ok("link", RMB, "supersedes", RESEARCH, "--format", "json"))
    assert list(data) == ["outcome", "initiative", "entry"]
    assert (data["outcome"], data["initiative"]["slug"], data["entry"]["changes"]) == (
        "recorded",
        RMB,
        {"links": {"added": [{"kind": "supersedes", "uuid": uuid_of(RESEARCH), "slug": RESEARCH}]}},
    )
    data = json.loads(ok("unlink", RMB, "supersedes", RESEARCH, "--format", "json"))
    assert (data["outcome"], data["entry"]["event"]) == ("recorded", "edit")


# -- reports ---------------------------------------------------------------------------


def test_reports_list_the_links(seeded: Path) -> None:
    ok("update", RMB, "--superseded-by", RESEARCH)
    ok("link", DIGITAL, "depends-on", RESEARCH)
    data = json.loads(ok("report", "--format", "json"))
    assert data["links"] == [
        {"from": RESEARCH, "kind": "supersedes", "to": RMB},
        {"from": DIGITAL, "kind": "depends-on", "to": RESEARCH},
    ]
    markdown = ok("report", "--format", "markdown")
    assert (
        "| Shenzhen to help Hong Kong build an offshore RMB centre (`offshore-rmb-centre`)"
        f" · superseded by {RESEARCH} | {TODAY} | status proposed -\\> superseded |" in markdown
    )
    assert f"links +supersedes {RMB}" in markdown
    html = ok("report", "--format", "html")
    assert f'<span class="slug">{RMB}</span><span class="slug">superseded by {RESEARCH}</span>' in (
        html
    )
    terminal = [line.rstrip() for line in ok("report").splitlines()]
    at = terminal.index(RMB)
    assert terminal[at + 1] == f"superseded by {RESEARCH}"
    filtered = json.loads(ok("report", "--format", "json", "--search", "digital economy"))
    assert filtered["links"] == [{"from": DIGITAL, "kind": "depends-on", "to": RESEARCH}]


def test_a_report_without_links_has_an_empty_list(seeded: Path) -> None:
    assert json.loads(ok("report", "--format", "json"))["links"] == []


# -- export, import, sync, check -------------------------------------------------------


def test_export_and_import_round_trip_the_links(seeded: Path, tmp_path: Path) -> None:
    ok("link", RMB, "depends-on", RESEARCH)
    ok("update", DIGITAL, "--superseded-by", RMB)
    ok("link", RESEARCH, "relates-to", DIGITAL)
    ok("unlink", RESEARCH, "relates-to", DIGITAL)
    exported = tmp_path / "all.jsonl"
    exported.write_text(ok("export"), encoding="utf-8")
    other = tmp_path / "other.db"
    ok("--db", str(other), "import", str(exported))
    assert (
        link_rows(other)
        == link_rows(seeded)
        == [
            (RMB, "depends-on", RESEARCH),
            (RMB, "supersedes", DIGITAL),
        ]
    )
    assert ok("--db", str(other), "export") == ok("export")
    assert ok("--db", str(other), "check").startswith("ok:")
    # imported again: nothing new, the same links
    ok("--db", str(other), "import", str(exported))
    assert link_rows(other) == link_rows(seeded)


def test_import_refuses_a_bad_links_change(seeded: Path, tmp_path: Path) -> None:
    ok("link", RMB, "depends-on", RESEARCH)
    records = [json.loads(line) for line in ok("export").splitlines()[1:]]
    record = next(r for r in records if r["slug"] == RMB)
    record["history"][-1]["changes"]["links"]["added"][0]["kind"] = "replaces"
    bad = tmp_path / "bad.jsonl"
    header = ok("export").splitlines()[0]
    bad.write_text("\n".join([header, json.dumps(record)]) + "\n", encoding="utf-8")
    other = tmp_path / "other.db"
    ok("--db", str(other), "init")
    before = dump(other)
    result = run("--db", str(other), "import", str(bad))
    assert result.exit_code == 2
    assert "unknown link kind 'replaces'" in result.stdout + result.stderr
    assert dump(other) == before


def test_two_databases_sync_their_links(tmp_path: Path) -> None:
    a, b, folder = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "shared"
    ok("--db", str(a), "init", "--seed")
    ok("--db", str(b), "init")
    ok("--db", str(a), "sync", str(folder))
    ok("--db", str(b), "sync", str(folder))
    # a links; b, which has every initiative, takes the link in
    ok("--db", str(a), "link", RMB, "supersedes", RESEARCH)
    ok("--db", str(a), "sync", str(folder))
    ok("--db", str(b), "sync", str(folder))
    assert link_rows(b) == [(RMB, "supersedes", RESEARCH)]
    # b unlinks and makes a new initiative linked to an old one; a takes both in
    ok("--db", str(b), "unlink", RMB, "supersedes", RESEARCH)
    ok("--db", str(b), "add", "Newer plan", "--slug", "newer-plan")
    ok("--db", str(b), "link", "newer-plan", "depends-on", DIGITAL)
    ok("--db", str(b), "merge", BRIDGING, "--into", "newer-plan")
    ok("--db", str(b), "sync", str(folder))
    ok("--db", str(a), "sync", str(folder))
    expected = [
        (BRIDGING, "duplicates", "newer-plan"),
        ("newer-plan", "depends-on", DIGITAL),
    ]
    assert link_rows(a) == link_rows(b) == expected
    assert ok("--db", str(a), "export") == ok("--db", str(b), "export")
    for db in (a, b):
        assert ok("--db", str(db), "check").startswith("ok:")


def test_a_link_to_an_initiative_not_received_yet_waits_for_it(tmp_path: Path) -> None:
    """An initiative made with a link to one made on a third replica: the link appears
    once its other end arrives."""
    a, b, c, folder = (tmp_path / n for n in ("a.db", "b.db", "c.db", "shared"))
    for db in (a, b, c):
        ok("--db", str(db), "init")
    ok("--db", str(a), "add", "Target", "--slug", "target")
    ok("--db", str(a), "sync", str(folder))
    ok("--db", str(b), "sync", str(folder))
    ok("--db", str(b), "add", "Source", "--slug", "source")
    ok("--db", str(b), "link", "source", "depends-on", "target")
    # c reads b's log first: the link names an initiative it receives in the same sync
    ok("--db", str(b), "sync", str(folder))
    ok("--db", str(c), "sync", str(folder))
    assert link_rows(c) == [("source", "depends-on", "target")]
    assert ok("--db", str(c), "check").startswith("ok:")


def test_check_finds_a_link_the_histories_do_not_make_and_repair_rebuilds(
    seeded: Path,
) -> None:
    ok("link", RMB, "depends-on", RESEARCH)
    conn = sqlite3.connect(seeded)
    conn.execute("DELETE FROM links")
    conn.execute(
        "INSERT INTO links (from_id, kind, to_id) SELECT a.id, 'relates-to', b.id"
        " FROM initiatives a, initiatives b WHERE a.slug = ? AND b.slug = ?",
        [DIGITAL, BRIDGING],
    )
    conn.commit()
    conn.close()
    result = run("check")
    assert result.exit_code == 1
    assert (
        f"  link {RMB} depends-on {RESEARCH}: its history makes it, but it is not stored"
        " (tracker check --repair rebuilds the links)\n"
        f"  link {DIGITAL} relates-to {BRIDGING}: stored, but no history makes it"
        " (tracker check --repair rebuilds the links)\n"
    ) in result.stdout
    repaired = ok("check", "--repair")
    assert repaired.startswith(f"repaired 2 initiatives from their history: {RMB}, {DIGITAL}")
    assert link_rows(seeded) == [(RMB, "depends-on", RESEARCH)]
    assert ok("check").startswith("ok:")


# -- the migration ---------------------------------------------------------------------


def test_a_database_before_links_gains_the_table_and_keeps_its_data(tmp_path: Path) -> None:
    """A database as the code before links left it (every step before m011): every
    row kept, the table and the index of link entries made, and links work at once."""
    from oldschema import undo_links

    db = tmp_path / "old.db"
    ok("--db", str(db), "init", "--seed")
    ok("--db", str(db), "update", RMB, "--progress", "5", "--note", "before the upgrade")
    conn = sqlite3.connect(db)
    undo_links(conn)
    conn.execute(f"PRAGMA user_version = {migrations.STEPS.index('m011_links')}")
    conn.commit()
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "links" not in tables
    conn.close()
    before = ok("--db", str(db), "export").splitlines()[1:]  # upgrades the file first
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM initiatives").fetchone()[0] == 13
    assert conn.execute("SELECT count(*) FROM updates").fetchone()[0] == 14
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"links", "idx_links_to", "idx_updates_links"} <= names
    conn.close()
    old_version = migrations.STEPS.index("m011_links")
    backups = sorted(p.name for p in tmp_path.glob(f"old.db.v{old_version}-*.bak"))
    assert len(backups) == 1
    ok("--db", str(db), "link", RMB, "relates-to", RESEARCH)
    after = ok("--db", str(db), "export").splitlines()[1:]
    assert [json.loads(x)["uuid"] for x in after] == [json.loads(x)["uuid"] for x in before]
    assert link_rows(db) == [(RMB, "relates-to", RESEARCH)]
    assert ok("--db", str(db), "check").startswith("ok:")


def test_the_link_entries_are_found_through_their_index(seeded: Path) -> None:
    from tracker.storage import links

    conn = sqlite3.connect(seeded)
    plan = conn.execute("EXPLAIN QUERY PLAN " + links._LINK_ENTRIES).fetchall()
    conn.close()
    assert any("idx_updates_links" in row[-1] for row in plan)


def test_the_command_line_kinds_are_the_domains() -> None:
    from tracker.cli.links import LINK_KINDS
    from tracker.domain.links import INVERSE, KINDS

    assert LINK_KINDS == KINDS == tuple(INVERSE)


def test_the_library_links_and_merges(seeded: Path) -> None:
    from tracker.api import MergeResult, Tracker, UpdateRequest

    with Tracker.open() as t:
        linked = t.link(RMB, "depends-on", RESEARCH, note="why")
        assert (linked.outcome, linked.initiative.slug, linked.entry and linked.entry.note) == (
            "recorded",
            RMB,
            "why",
        )
        updated = t.update(DIGITAL, UpdateRequest(superseded_by=RMB))
        assert updated.initiative.status == "superseded"
        assert [(slug, entry.event) for slug, entry in updated.also] == [(RMB, "edit")]
        merged = t.merge(BRIDGING, RESEARCH)
        assert isinstance(merged, MergeResult)
        assert (merged.merged.status, merged.into.slug, merged.history) == (
            "superseded",
            RESEARCH,
            1,
        )
        assert t.unlink(RMB, "depends-on", RESEARCH).outcome == "recorded"
        assert [(x.relation, x.slug) for x in t.show(RMB).links] == [("supersedes", DIGITAL)]
