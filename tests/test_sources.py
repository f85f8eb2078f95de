"""One list of sources per initiative (issue 15): ``source add | list | remove``,
``update --source`` joining it, the replay rule behind it, corrections, export and
import, sync, check, the m007 upgrade of a database made before it, and the SQL view."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers import dump, ok, run

from tracker.domain.replay import Cited, replay_sources
from tracker.storage import migrations

KEYS = ("title", "publisher", "published", "url", "accessed", "quote")
SEED = "seeds/gba-conference-qianhai-fintech-hub.txt"
SEED_TITLE = (
    "Hong Kong and Shenzhen officials on finance and technology at the China Conference:"
    " Greater Bay Area, Qianhai"
)
SEED_QUOTE = (
    "He also highlighted the launch of a dual-qualification bridging programme in late 2025"
    " with the Hong Kong Polytechnic University"
)


def doc(**given: str | None) -> dict[str, str | None]:
    """A source as JSON shows it: every key, None unless given."""
    return {key: given.get(key) for key in KEYS}


def sources(ref: str = "bridging-programme", *db: str) -> list[dict[str, str | None]]:
    shown = json.loads(ok(*db, "source", "list", ref, "--format", "json"))
    assert shown["initiative"] == ref
    listed: list[dict[str, str | None]] = shown["sources"]
    # show, and the JSON of show, give the same list
    assert json.loads(ok(*db, "show", ref, "--format", "json"))["sources"] == listed
    return listed


def history(ref: str = "bridging-programme") -> list[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads(ok("history", ref, "--format", "json"))
    return entries


SEEDED = doc(url=SEED, title=SEED_TITLE, quote=SEED_QUOTE)


# -- the reproduction ------------------------------------------------------------


def test_update_source_and_quote_join_the_list_show_lists(seeded: Path) -> None:
    """Before: the update's source and quote reached only the history."""
    ok(
        "update",
        "bridging-programme",
        "--note",
        "Enrolled",
        "--source",
        "https://a.example/1",
        "--quote",
        "the first cohort",
    )
    assert sources() == [SEEDED, doc(url="https://a.example/1", quote="the first cohort")]
    shown = " ".join(ok("show", "bridging-programme").split())
    assert "• https://a.example/1 “the first cohort” History" in shown


def test_update_gives_the_document_its_title_publisher_and_day(seeded: Path) -> None:
    out = ok(
        "update",
        "bridging-programme",
        "--source",
        "https://a.example/1",
        "--source-title",
        "Enrolment notice",
        "--publisher",
        "PolyU",
        "--published",
        "2026-11-03",
    )
    assert out == "bridging-programme: source recorded\n"
    item = doc(
        url="https://a.example/1",
        title="Enrolment notice",
        publisher="PolyU",
        published="2026-11-03",
    )
    assert sources()[1:] == [item]
    assert history()[-1]["source"] == item
    # the document's fields are the document's: another initiative citing it shows them
    ok("source", "add", "offshore-rmb-centre", "https://a.example/1")
    assert sources("offshore-rmb-centre")[-1] == item


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--source-title", "T"], "--source-title needs --source: it describes the source"),
        (["--publisher", "P"], "--publisher needs --source: it describes the source"),
        (
            ["--source", "LegCo paper", "--source-title", "T"],
            "--source-title is for a source given by its URL or path; this --source is a title",
        ),
        (["--source", "https://a.example/", "--published", "someday"], None),
    ],
)
def test_update_refuses_source_fields_it_cannot_use(
    seeded: Path, args: list[str], error: str | None
) -> None:
    before = dump(seeded)
    result = run("update", "bridging-programme", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    if error is not None:
        assert result.stderr == f"error: {error}\n"
    assert dump(seeded) == before


# -- source add | list | remove ------------------------------------------------------------


def test_source_add_with_every_field_then_list_in_each_format(seeded: Path) -> None:
    out = ok(
        "source",
        "add",
        "bridging-programme",
        "https://www.polyu.edu.hk/",
        "--title",
        "Bridging programme",
        "--publisher",
        "PolyU",
        "--published",
        "2025-11-03",
        "--accessed",
        "2026-11-20",
        "--quote",
        "The first cohort enrolled",
    )
    assert out == "bridging-programme: source added: Bridging programme\n"
    item = doc(
        url="https://www.polyu.edu.hk/",
        title="Bridging programme",
        publisher="PolyU",
        published="2025-11-03",
        accessed="2026-11-20",
        quote="The first cohort enrolled",
    )
    assert sources() == [SEEDED, item]
    # to a pipe: one tab-separated line per source
    assert ok("source", "list", "bridging-programme") == (
        f"{SEED}\t{SEED_TITLE}\t\t\t\t{SEED_QUOTE}\n"
        "https://www.polyu.edu.hk/\tBridging programme\tPolyU\t2025-11-03\t2026-11-20\t"
        "The first cohort enrolled\n"
    )
    table = ok("source", "list", "bridging-programme", "--format", "table")
    assert table.startswith("Sources of bridging-programme\n")
    assert "• Bridging programme (PolyU, 2025-11-03, accessed 2026-11-20) " in " ".join(
        table.split()
    )
    assert table.endswith("2 sources\n") and "\x1b" not in table
    # the entry: an update citing it, as update --source records one
    entry = history()[-1]
    assert (entry["event"], entry["changes"], entry["source"]) == ("update", {}, item)


def test_source_add_json_and_a_known_url_merges_keeping_its_place(seeded: Path) -> None:
    ok("source", "add", "bridging-programme", "https://a.example/1", "--quote", "first")
    ok("source", "add", "bridging-programme", "https://a.example/2")
    added = json.loads(
        ok(
            "source",
            "add",
            "bridging-programme",
            "https://a.example/1",
            "--title",
            "One",
            "--accessed",
            "2026-11-21",
            "--format",
            "json",
        )
    )
    merged = doc(url="https://a.example/1", title="One", accessed="2026-11-21", quote="first")
    assert list(added) == ["outcome", "initiative", "source", "entry"]
    assert (added["outcome"], added["initiative"], added["source"]) == (
        "updated",
        "bridging-programme",
        merged,
    )
    assert added["entry"]["source"] == doc(
        url="https://a.example/1", title="One", accessed="2026-11-21"
    )
    assert sources() == [SEEDED, merged, doc(url="https://a.example/2")]
    # the later quote wins; the earlier stays in the history
    ok("source", "add", "bridging-programme", "https://a.example/1", "--quote", "second")
    assert sources()[1]["quote"] == "second"
    assert [e["source"]["quote"] for e in history() if e["source"]][1] == "first"  # type: ignore[index]


def test_source_add_of_what_the_list_says_records_nothing(seeded: Path) -> None:
    ok("source", "add", "bridging-programme", "https://a.example/1", "--quote", "q")
    before = dump(seeded)
    out = ok("source", "add", "bridging-programme", "https://a.example/1", "--quote", "q")
    assert out == (
        "bridging-programme: https://a.example/1 is among its sources already, as given;"
        " nothing recorded\n"
    )
    assert dump(seeded) == before
    again = json.loads(
        ok("source", "add", "bridging-programme", "https://a.example/1", "--format", "json")
    )
    assert (again["outcome"], again["entry"]) == ("unchanged", None)


def test_source_remove_records_an_edit_and_refuses_an_unknown_source(seeded: Path) -> None:
    ok("source", "add", "bridging-programme", "https://a.example/1")
    out = ok("source", "remove", "bridging-programme", "https://a.example/1", "--note", "dead link")
    assert out == "bridging-programme: source removed: https://a.example/1\n"
    assert sources() == [SEEDED]
    entry = history()[-1]
    assert (entry["event"], entry["changes"], entry["note"]) == (
        "edit",
        {"sources": {"removed": ["https://a.example/1"]}},
        "dead link",
    )
    assert "-https://a.example/1" in ok("history", "bridging-programme")
    before = dump(seeded)
    result = run("source", "remove", "bridging-programme", "https://a.example/1")
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "error: 'https://a.example/1' is not among the sources of bridging-programme\n",
    )
    assert dump(seeded) == before
    # a document without a URL is named by its title; added again, it comes last
    ok("source", "remove", "bridging-programme", SEED_TITLE)
    assert sources() == []
    ok("source", "add", "bridging-programme", "LegCo paper")
    assert sources() == [doc(title="LegCo paper")]


@pytest.mark.parametrize(
    "args",
    [
        ["nope", "https://a.example/"],
        ["bridging-programme", "https://a.example/", "--accessed", "whenever"],
        ["bridging-programme", "LegCo paper", "--title", "T"],
        ["bridging-programme", "https://a.example/", "--on", "2099-01-01"],
    ],
)
def test_source_add_refusals_are_one_line_and_change_nothing(seeded: Path, args: list[str]) -> None:
    before = dump(seeded)
    result = run("source", "add", *args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert dump(seeded) == before


# -- corrections -------------------------------------------------------------------------


def test_a_retracted_update_s_source_leaves_the_list_and_an_amended_one_changes(
    seeded: Path,
) -> None:
    ok("update", "bridging-programme", "--source", "https://a.example/wrong", "--quote", "w")
    wrong = str(history()[-1]["uuid"])
    ok("amend", wrong, "--source", "https://a.example/right")
    assert sources()[1:] == [doc(url="https://a.example/right")]
    ok("update", "bridging-programme", "--source", "https://a.example/gone")
    ok("undo", "--yes")
    assert sources()[1:] == [doc(url="https://a.example/right")]
    assert ok("check").startswith("ok:")


# -- exports, imports, sync ----------------------------------------------------------------


def test_an_export_imported_elsewhere_gives_the_same_sources(seeded: Path, tmp_path: Path) -> None:
    ok(
        "source",
        "add",
        "bridging-programme",
        "https://a.example/1",
        "--title",
        "One",
        "--accessed",
        "2026-11-20",
        "--quote",
        "q",
    )
    ok("update", "bridging-programme", "--source", "https://a.example/2", "--quote", "two")
    exported = tmp_path / "all.jsonl"
    ok("export", "--output", str(exported))
    record = next(
        json.loads(line)
        for line in exported.read_text("utf-8").splitlines()[1:]
        if json.loads(line)["slug"] == "bridging-programme"
    )
    listed = sources()
    assert record["sources"] == listed
    other = tmp_path / "other.db"
    ok("--db", str(other), "import", str(exported))
    assert sources("bridging-programme", "--db", str(other)) == listed
    assert ok("--db", str(other), "export") == exported.read_text("utf-8")
    # imported again: nothing changes
    before = dump(other)
    ok("--db", str(other), "import", str(exported))
    assert dump(other) == before


def test_a_record_s_sources_its_history_lacks_join_by_one_edit(
    seeded: Path, tmp_path: Path
) -> None:
    exported = tmp_path / "all.jsonl"
    ok("export", "--output", str(exported))
    lines = exported.read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines[1:]]
    for record in records:
        if record["slug"] == "bridging-programme":
            record["sources"].append(doc(url="https://a.example/old", quote="an old export's"))
    exported.write_text("\n".join([lines[0], *map(json.dumps, records)]) + "\n", "utf-8")
    other = tmp_path / "other.db"
    ok("--db", str(other), "import", str(exported))
    assert sources("bridging-programme", "--db", str(other)) == [
        SEEDED,
        doc(url="https://a.example/old", quote="an old export's"),
    ]
    last = json.loads(ok("--db", str(other), "history", "bridging-programme", "-f", "json"))[-1]
    assert (last["event"], last["note"], last["changes"]) == (
        "edit",
        "imported",
        {"sources": {"added": [doc(url="https://a.example/old", quote="an old export's")]}},
    )
    assert ok("--db", str(other), "check").startswith("ok:")


def test_a_replica_replays_the_same_list(seeded: Path, tmp_path: Path) -> None:
    other, folder = tmp_path / "b.db", tmp_path / "shared"
    ok("--db", str(other), "init")
    ok("source", "add", "bridging-programme", "https://a.example/1", "--accessed", "2026-11-20")
    ok("update", "bridging-programme", "--source", "https://a.example/2", "--quote", "two")
    ok("source", "remove", "bridging-programme", SEED)
    ok("sync", str(folder))
    ok("--db", str(other), "sync", str(folder))
    listed = sources()
    assert listed == [
        doc(url="https://a.example/1", accessed="2026-11-20"),
        doc(url="https://a.example/2", quote="two"),
    ]
    assert sources("bridging-programme", "--db", str(other)) == listed
    # and back: a removal made on the other replica reaches this one
    ok("--db", str(other), "source", "remove", "bridging-programme", "https://a.example/2")
    ok("--db", str(other), "sync", str(folder))
    ok("sync", str(folder))
    assert sources() == sources("bridging-programme", "--db", str(other)) == listed[:1]
    assert ok("check").startswith("ok:") and ok("--db", str(other), "check").startswith("ok:")


# -- check and the SQL view ------------------------------------------------------------------


def test_check_finds_a_list_its_history_does_not_give_and_repair_rewrites_it(
    seeded: Path,
) -> None:
    conn = sqlite3.connect(seeded)
    conn.execute(
        "UPDATE initiative_sources SET quote = 'tampered' WHERE initiative_id ="
        " (SELECT id FROM initiatives WHERE slug = 'bridging-programme')"
    )
    conn.commit()
    conn.close()
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == [
        "  initiative bridging-programme: its sources differ from what its history replays to"
        " (tracker check --repair rewrites them)"
    ]
    assert ok("check", "--repair").startswith(
        "repaired 1 initiative from their history: bridging-programme"
    )
    assert sources() == [SEEDED]


def test_the_source_list_view_shows_a_title_for_every_source(seeded: Path) -> None:
    ok("source", "add", "bridging-programme", "https://a.example/1", "--quote", "q")
    conn = sqlite3.connect(seeded)
    rows = conn.execute(
        "SELECT initiative, url, title, publisher, published, accessed, quote FROM source_list"
        " WHERE initiative = 'bridging-programme' ORDER BY position"
    ).fetchall()
    conn.close()
    assert rows == [
        ("bridging-programme", SEED, SEED_TITLE, None, None, None, SEED_QUOTE),
        ("bridging-programme", "https://a.example/1", "https://a.example/1", None, None, None, "q"),
    ]


# -- a database made before m007 ----------------------------------------------------------------


def _before_m007(path: Path) -> None:
    """The database tests/golden/before_m007.sql holds, made by tracker before this
    change: ``bridging`` (added with a source and quote, then ``update --source URL
    --quote``, ``update --source TITLE``, an import adding a source with a quote) and
    ``imported`` (imported with three sources, one document quoted twice; an update
    citing a source retracted by undo, another amended to cite another URL)."""
    sql = (Path(__file__).parent / "golden" / "before_m007.sql").read_text("utf-8")
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.execute(f"PRAGMA user_version = {migrations.STEPS.index('m012_sources')}")
    conn.commit()
    conn.close()


def test_m007_turns_the_old_sources_and_the_history_s_into_one_list(
    isolated: Path, tmp_path: Path
) -> None:
    _before_m007(isolated)
    conn = sqlite3.connect(isolated)
    old_pairs = conn.execute(
        "SELECT s.key, l.quote FROM initiative_sources l JOIN sources s ON s.id = l.source_id"
    ).fetchall()
    conn.close()
    assert len(old_pairs) == 5
    result = run("source", "list", "bridging", "--format", "json")
    assert result.exit_code == 0 and result.stderr.startswith("note: upgraded ")
    assert sources("bridging") == [
        doc(url="https://example.org/a", quote="First quote"),
        doc(url="https://example.org/b", quote="From an update"),  # only in the history before
        doc(title="LegCo paper"),
        doc(url="https://example.org/e", title="Doc E", quote="merged in"),
    ]
    assert sources("imported") == [
        doc(
            url="https://example.org/c",
            title="Doc C",
            publisher="Gov",
            published="2025-01-02",
            quote="quote c2",
        ),
        doc(url="https://example.org/d", quote="quote d"),
        doc(url="https://example.org/right"),  # amended; the retracted one's is gone
    ]
    # every quote the old list held is in the history, and the history gives the list
    entries = history("imported")
    kept = entries[-1]
    assert (kept["event"], kept["note"], kept["author"], kept["effective"]) == (
        "edit",
        "sources kept before the history held them",
        None,
        entries[0]["effective"],
    )
    quotes = {e["source"]["quote"] for e in entries if e["source"]}  # type: ignore[index]
    quotes |= {
        s["quote"]
        for e in entries
        for s in e["changes"].get("sources", {}).get("added", [])  # type: ignore[union-attr]
        if isinstance(s, dict)
    }
    assert {"quote c1", "quote c2", "quote d"} <= quotes
    assert ok("check").startswith("ok:")


def test_m007_leaves_an_initiative_whose_history_gives_its_list_as_it_was(
    isolated: Path,
) -> None:
    _before_m007(isolated)
    ok("show", "bridging")
    conn = sqlite3.connect(isolated)
    kept = conn.execute(
        "SELECT count(*) FROM updates WHERE note = 'sources kept before the history held them'"
    ).fetchone()[0]
    conn.close()
    assert kept == 2  # one entry for each initiative whose list had quotes its history lacked


# -- the rule itself ---------------------------------------------------------------------------


class _Evidence:
    def __init__(self, key: str, quote: str | None = None, accessed: str | None = None) -> None:
        self.key, self.quote, self.accessed = key, quote, accessed


class _Entry:
    def __init__(
        self,
        uuid: str,
        event: str = "update",
        source: _Evidence | None = None,
        changes: dict[str, object] | None = None,
        target: str | None = None,
        recorded_at: str = "",
    ) -> None:
        self.uuid, self.event, self.source, self.target = uuid, event, source, target
        self.changes = changes or {}
        self.effective = "2026-01-01"
        self.recorded_at = recorded_at or uuid


def test_replay_sources_merges_by_key_removes_and_follows_corrections() -> None:
    entries = [
        _Entry("1", "created", _Evidence("https://a", "q1")),
        _Entry("2", source=_Evidence("https://b", None, "2026-01-02")),
        _Entry(
            "3",
            "edit",
            changes={
                "sources": {
                    "added": ["LegCo", {"url": "https://c", "quote": "qc"}],
                    "removed": ["https://b"],
                }
            },
        ),
        _Entry("4", source=_Evidence("https://a", None, "2026-01-03")),
        _Entry("5", source=_Evidence("https://d", "qd")),
        _Entry("6", "retract", target="5"),
        _Entry("7", source=_Evidence("https://e")),
        _Entry("8", "amend", source=_Evidence("https://f", "qf"), target="7"),
    ]
    assert replay_sources(entries, initial=[{"url": "https://z", "quote": "qz"}]) == [
        Cited("https://z", "qz"),
        Cited("https://a", "q1", "2026-01-03"),
        Cited("LegCo"),
        Cited("https://c", "qc"),
        Cited("https://f", "qf"),
    ]


def test_a_source_command_line_builds_only_the_source_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    from tracker import cli

    for name in [n for n in os.environ if n.endswith("_COMPLETE")]:
        monkeypatch.delenv(name)
    group = cli._group_for("source")
    assert group is not None and sorted(group.commands) == ["source"]
    assert sorted(group.commands["source"].commands) == ["add", "list", "remove"]  # type: ignore[attr-defined]
