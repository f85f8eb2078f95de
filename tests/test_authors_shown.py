"""Issue 12: what an update records, and who made each change, shown and filtered."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import dump, ok, run

URL = "https://www.info.gov.hk/"


# -- what an update without a field change says it recorded -----------------------------


def test_a_source_alone_is_a_source_recorded(seeded: Path) -> None:
    out = ok("update", "offshore-rmb-centre", "--source", URL)
    assert out == "offshore-rmb-centre: source recorded\n"


def test_a_note_and_a_source_are_both_named(seeded: Path) -> None:
    out = ok("update", "offshore-rmb-centre", "--note", "Raised", "--source", URL)
    assert out == "offshore-rmb-centre: note and source recorded\n"


def test_a_note_alone_is_a_note_recorded(seeded: Path) -> None:
    out = ok("update", "offshore-rmb-centre", "--note", "Raised")
    assert out == "offshore-rmb-centre: note recorded\n"


def test_apply_dry_run_names_a_source_too(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "updates.jsonl"
    path.write_text(json.dumps({"initiative": "offshore-rmb-centre", "source": URL}) + "\n")
    assert ok("apply", str(path), "--dry-run") == (
        "line 1: offshore-rmb-centre: source\n"
        "would apply 1 update; 0 unchanged, 0 already applied (ref); 1 line\n"
    )


def test_the_report_names_a_source_only_change(seeded: Path) -> None:
    ok("update", "offshore-rmb-centre", "--source", URL)
    text = ok("report", "--format", "markdown")
    assert "| 2026-11-22 | source |" in text


# -- who made each change: report, history, feed -----------------------------------------


def _three_authors() -> None:
    ok("update", "offshore-rmb-centre", "--progress", "10", "--by", "Alice")
    ok("update", "bridging-programme", "--note", "Met the dean", "--by", "Bob")
    ok("update", "offshore-rmb-centre", "--confidence", "amber")  # TRACKER_AUTHOR: analyst


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


def test_report_terminal_text_says_who_made_each_change(seeded: Path) -> None:
    _three_authors()
    changed = _section(ok("report"), "Changed (2)", "Slipped")
    assert changed.splitlines()[3:] == [
        "Dual-qualification banking-talent bridging     2026-11-22   note",
        "programme with PolyU                                        Met the dean; by Bob",
        "bridging-programme",
        "Shenzhen to help Hong Kong build an offshore   2026-11-22   progress 10%",
        "RMB centre                                                  by Alice",
        "offshore-rmb-centre",
        "                                               2026-11-22   confidence amber",
        "                                                            by analyst",
        "",
    ]


def test_report_markdown_has_a_by_column(seeded: Path) -> None:
    _three_authors()
    changed = _section(ok("report", "--format", "markdown"), "## Changed (2)", "## Slipped")
    assert changed.splitlines()[2:7] == [
        "| Initiative | Effective | Change | Note / source | By |",
        "|---|---|---|---|---|",
        "| Dual-qualification banking-talent bridging programme with PolyU"
        " (`bridging-programme`) | 2026-11-22 | note | Met the dean | Bob |",
        "| Shenzhen to help Hong Kong build an offshore RMB centre (`offshore-rmb-centre`)"
        " | 2026-11-22 | progress 10% | - | Alice |",
        "|  | 2026-11-22 | confidence amber | - | analyst |",
    ]


def test_report_html_has_a_by_column(seeded: Path) -> None:
    _three_authors()
    changed = _section(ok("report", "--format", "html"), "<h2>Changed", "<h2>Slipped")
    assert "<th>Note / source</th><th>By</th></tr>" in changed
    cells = re.findall(r"<td data-label=\"By\">([^<]*)</td></tr>", changed)
    assert cells == ["Bob", "Alice", "analyst"]


def test_report_json_changes_end_with_their_author(seeded: Path) -> None:
    _three_authors()
    changed = json.loads(ok("report", "--format", "json"))["changed"]
    updates = [(g["slug"], u) for g in changed for u in g["updates"]]
    assert [(slug, u["author"]) for slug, u in updates] == [
        ("bridging-programme", "Bob"),
        ("offshore-rmb-centre", "Alice"),
        ("offshore-rmb-centre", "analyst"),
    ]
    assert list(updates[0][1]) == [
        "event",
        "effective",
        "changes",
        "note",
        "source",
        "ref",
        "author",
    ]


def test_report_by_keeps_only_those_authors_changes(seeded: Path) -> None:
    _three_authors()
    data = json.loads(ok("report", "--format", "json", "--by", "alice", "--by", "BOB"))
    updates = [(g["slug"], u["author"]) for g in data["changed"] for u in g["updates"]]
    assert updates == [("bridging-programme", "Bob"), ("offshore-rmb-centre", "Alice")]
    assert data["filters"]["by"] == ["alice", "BOB"]
    only = json.loads(ok("report", "--format", "json", "--by", "Analyst"))["changed"]
    assert [(g["slug"], len(g["updates"])) for g in only] == [("offshore-rmb-centre", 1)]
    assert json.loads(ok("report", "--format", "json", "--by", "carol"))["changed"] == []
    # the other sections are the whole database's, as without --by
    unfiltered = json.loads(ok("report", "--format", "json"))
    assert "by" not in unfiltered["filters"]
    assert data["overdue"] == unfiltered["overdue"]


def test_report_by_is_named_in_the_header(seeded: Path) -> None:
    _three_authors()
    text = ok("report", "--format", "markdown", "--by", "Alice")
    assert "\nFiltered: changes by Alice\n" in text
    assert "\nFiltered: changes by Alice\n" in ok("report", "--by", "Alice")
    assert "## Changed (1)" in text


def test_report_by_rejects_an_empty_name(seeded: Path) -> None:
    before = dump(seeded)
    result = run("report", "--by", " ")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: --by ")
    assert result.stderr.count("\n") == 1
    assert dump(seeded) == before


def test_history_by_shows_only_that_authors_entries(seeded: Path) -> None:
    _three_authors()
    everything = json.loads(ok("history", "offshore-rmb-centre", "--format", "json"))
    assert [e["author"] for e in everything] == ["analyst", "Alice", "analyst"]
    alice = json.loads(ok("history", "offshore-rmb-centre", "--format", "json", "--by", "ALICE"))
    assert [(e["author"], e["changes"]) for e in alice] == [
        ("Alice", {"progress": {"from": None, "to": 10}})
    ]
    both = ok("history", "offshore-rmb-centre", "--format", "json", "--by", "alice", "--by", "x")
    assert [e["author"] for e in json.loads(both)] == ["Alice"]
    table = ok("history", "offshore-rmb-centre", "--by", "analyst")
    assert "analyst" in table and "Alice" not in table and "progress 10%" not in table
    assert "confidence amber" in table


def _feed_authors(xml: str) -> list[tuple[str, str]]:
    """(title, author name) of each feed entry, as a feed reader reads them."""
    try:
        import feedparser
    except ImportError:  # pragma: no cover - feedparser is in the test extras
        atom = "{http://www.w3.org/2005/Atom}"
        root = ET.fromstring(xml)
        return [
            (e.findtext(f"{atom}title") or "", e.findtext(f"{atom}author/{atom}name") or "")
            for e in root.iter(f"{atom}entry")
        ]
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.bozo_exception
    return [(entry.title, entry.author) for entry in parsed.entries]


def test_feed_entries_name_their_author(seeded: Path) -> None:
    _three_authors()
    assert _feed_authors(ok("feed", "--limit", "3")) == [
        ("Shenzhen to help Hong Kong build an offshore RMB centre: confidence amber", "analyst"),
        ("Dual-qualification banking-talent bridging programme with PolyU: note", "Bob"),
        ("Shenzhen to help Hong Kong build an offshore RMB centre: progress 10%", "Alice"),
    ]


def test_feed_names_tracker_for_entries_made_before_authors(isolated: Path) -> None:
    """An entry made before authors were kept has none: the feed says tracker, as before."""
    from oldschema import old_schema_database

    old_schema_database(isolated)
    root = ET.fromstring(ok("feed", "--limit", "1"))
    atom = "{http://www.w3.org/2005/Atom}"
    assert [n.text for n in root.iter(f"{atom}name")] == ["tracker"]
    assert json.loads(ok("history", "old-one", "-f", "json"))[0]["author"] is None


def test_feed_title_of_a_source_only_entry(seeded: Path) -> None:
    ok("update", "offshore-rmb-centre", "--source", URL)
    assert _feed_authors(ok("feed", "--limit", "1")) == [
        ("Shenzhen to help Hong Kong build an offshore RMB centre: source", "analyst")
    ]
