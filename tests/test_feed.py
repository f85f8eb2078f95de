"""Issue 16: tracker feed as a feed reader (feedparser) reads it.

Entries are the newest recorded (not the highest row ids: an import writes them in
another order), titled by their initiative's title; links are absolute (the site's
pages with --base-url, else a web source); the feed's id is the database's own.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from helpers import ok, run

BASE = "https://example.org/tracker"
OFFSHORE = "Shenzhen to help Hong Kong build an offshore RMB centre"
BRIDGING = "Dual-qualification banking-talent bridging programme with PolyU"
GREEN = "Fintech hub action plan: green and inclusive finance"
SOURCE = "https://www.gov.cn/zhengce/content/2023-08/28.htm?x=1&y=2"


def _parse(xml: str):
    import feedparser

    parsed = feedparser.parse(xml)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def _links(item, rel: str) -> list[str]:
    return [link.href for link in item.get("links", []) if link.rel == rel]


def _three_updates() -> None:
    """Three updates after the seeds, on initiatives whose uuids sort in another order
    than they are made (so an import, which goes by initiative, writes them apart)."""
    ok("update", "offshore-rmb-centre", "--status", "announced", "--source", SOURCE)
    ok("update", "fintech-hub-green-finance", "--progress", "25", "--note", "Two strands")
    ok("update", "bridging-programme", "--note", "Met the dean")


NEWEST = [
    f"{BRIDGING}: note",
    f"{GREEN}: progress 25%",
    f"{OFFSHORE}: status proposed → announced",
]


def test_after_an_import_the_feed_has_the_newest_recorded_entries(
    seeded: Path, tmp_path, monkeypatch
) -> None:
    _three_updates()
    newest = [
        f"urn:uuid:{uuid}"
        for (uuid,) in sqlite3.connect(seeded).execute(
            "SELECT uuid FROM updates ORDER BY recorded_at DESC LIMIT 3"
        )
    ]
    assert [e.id for e in _parse(ok("feed", "--limit", "3")).entries] == newest
    export = tmp_path / "all.jsonl"
    ok("export", "--output", str(export))
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "fresh.db"))
    ok("import", str(export))
    parsed = _parse(ok("feed", "--limit", "3"))
    assert [e.id for e in parsed.entries] == newest
    assert [e.title for e in parsed.entries] == NEWEST
    # what the import wrote: row ids no longer follow the recording
    conn = sqlite3.connect(tmp_path / "fresh.db")
    by_id = [r[0] for r in conn.execute("SELECT uuid FROM updates ORDER BY id DESC LIMIT 3")]
    assert by_id != [e.id.removeprefix("urn:uuid:") for e in parsed.entries]
    stamps = [e.updated for e in _parse(ok("feed", "--limit", "50")).entries]
    assert stamps == sorted(stamps, reverse=True)


def test_the_feed_query_reads_an_index_not_a_sort(seeded: Path) -> None:
    from tracker.storage import report_queries
    from tracker.storage.database import connect

    conn = connect(Path(os.environ["TRACKER_DB"]))
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    report_queries.recent_updates(conn, 3)
    conn.set_trace_callback(None)
    query = next(sql for sql in seen if "ORDER BY u.recorded_at DESC" in sql)
    plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {query}"))
    assert "idx_updates_recorded" in plan and "TEMP B-TREE" not in plan, plan


def test_with_a_base_url_everything_links_to_the_site(seeded: Path) -> None:
    _three_updates()
    parsed = _parse(ok("feed", "--limit", "3", "--base-url", BASE + "/"))
    assert parsed.feed.id == f"{BASE}/feed.xml"
    assert _links(parsed.feed, "self") == [f"{BASE}/feed.xml"]
    assert _links(parsed.feed, "alternate") == [f"{BASE}/"]
    assert [_links(e, "alternate") for e in parsed.entries] == [
        [f"{BASE}/initiatives/bridging-programme.html"],
        [f"{BASE}/initiatives/fintech-hub-green-finance.html"],
        [f"{BASE}/initiatives/offshore-rmb-centre.html"],
    ]
    assert _links(parsed.entries[2], "related") == [SOURCE]
    assert [e.title for e in parsed.entries] == NEWEST


def test_without_a_base_url_only_a_web_source_is_a_link(seeded: Path) -> None:
    _three_updates()
    ok("update", "offshore-rmb-centre", "--source", "papers/notice 28.pdf")
    parsed = _parse(ok("feed", "--limit", "4"))
    assert [_links(e, "alternate") for e in parsed.entries] == [[], [], [], [SOURCE]]
    assert _links(parsed.feed, "self") == _links(parsed.feed, "alternate") == []
    text = ok("feed", "--limit", "4")
    assert not re.search(r'href="(?![a-z]+://)', text)  # never a relative href


def test_the_feed_id_is_the_databases_own_and_stays(seeded: Path, tmp_path, monkeypatch) -> None:
    replica = re.search(r"replica: (\S+)", ok("check")).group(1)
    first = ok("feed")
    assert _parse(first).feed.id == f"urn:uuid:{replica}"
    assert ok("feed") == first  # byte-identical while nothing changed
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "other.db"))
    ok("init", "--seed")
    other = _parse(ok("feed")).feed.id
    assert other.startswith("urn:uuid:") and other != f"urn:uuid:{replica}"


@pytest.mark.parametrize(
    "url", ["example.org/tracker", "ftp://example.org/", "/site", "https://", "https://x/?a=1"]
)
def test_a_base_url_that_is_no_web_address_is_refused(seeded: Path, url: str) -> None:
    result = run("feed", "--base-url", url)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: --base-url must") and result.stderr.count("\n") == 1
