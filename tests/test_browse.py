"""Browsing the database in Datasette: the views' health and days (the SQL copy of
tracker.domain.model's rules, proven equal here), the search index Datasette reads
(words inside Chinese text), and ``tracker datasette-metadata`` loaded in Datasette."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import date, timedelta
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from helpers import ok, run

from tracker.domain.model import Health, Status, deadline_days, health
from tracker.storage import browse
from tracker.storage.database import open_database

# -- the views' rules ------------------------------------------------------------------

#: Deadlines' latest days around today (days from today; None: no deadline), on both
#: sides of today and of the 90-day horizon.
_DEADLINES = (None, -3650, -400, -91, -90, -30, -1, 0, 1, 2, 30, 89, 90, 91, 180, 365, 4000)
#: Baselines' latest days relative to the deadline (None: no baseline).
_BASELINES = (None, -800, -31, -1, 0, 1, 45)


def _view_rows(path: Path) -> tuple[date, dict[int, tuple[Any, ...]]]:
    """Today and the view's rows, read on one day (read again if midnight passed)."""
    while True:
        before = date.today()
        conn = sqlite3.connect(path)
        rows = conn.execute(
            "SELECT id, health, days_overdue, days_left, days_slipped, as_of FROM initiative_health"
        ).fetchall()
        conn.close()
        if date.today() == before:
            return before, {row[0]: row[1:] for row in rows}


def test_the_views_health_and_days_are_the_python_rules_on_todays_date(tmp_path: Path) -> None:
    """Every status, deadline (none, long past, yesterday, today, tomorrow, each side of
    the horizon, far ahead) and baseline (none, earlier, the same, later), on today's
    real date: the view says what tracker.domain.model.health and deadline_days say."""
    path = tmp_path / "rules.db"
    open_database(path).close()
    today = date.today()  # the cases around it; checked on the day the view is read
    cases = list(product(Status, _DEADLINES, _BASELINES))
    conn = sqlite3.connect(path)
    with conn:
        for n, (status, deadline, baseline) in enumerate(cases, start=1):
            latest = None if deadline is None else today + timedelta(days=deadline)
            base = None
            if baseline is not None:
                base = (latest or today) + timedelta(days=baseline)
            conn.execute(
                "INSERT INTO initiatives (id, uuid, slug, title, kind, status, deadline_earliest,"
                " deadline_latest, baseline_latest, created_at, updated_at) VALUES"
                " (?, ?, ?, 'x', 'policy', ?, ?, ?, ?, '2026-01-01T00:00:00Z',"
                " '2026-01-01T00:00:00Z')",
                [n, f"uuid-{n}", f"case-{n}", str(status)]
                + [latest and latest.isoformat()] * 2
                + [base and base.isoformat()],
            )
    conn.close()
    day, rows = _view_rows(path)
    assert len(rows) == len(cases) == 7 * 17 * 7
    seen = set()
    for n, (status, deadline, baseline) in enumerate(cases, start=1):
        latest = None if deadline is None else today + timedelta(days=deadline)
        base = None if baseline is None else (latest or today) + timedelta(days=baseline)
        state = health(status, latest, day)
        expected = (str(state), *deadline_days(state, latest, base, day), day.isoformat())
        assert rows[n] == expected, (status, deadline, baseline)
        seen.add(state)
    assert seen == set(Health)


def test_initiative_list_shows_names_parent_and_the_health_views_figures(seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    row = conn.execute(
        "SELECT l.parent, l.tags, l.health, l.days_left, l.days_overdue, l.days_slipped"
        " FROM initiative_list l JOIN initiatives i ON i.id = l.id"
        " WHERE i.parent_id IS NOT NULL ORDER BY l.id LIMIT 1"
    ).fetchone()
    parent, tags = conn.execute(
        "SELECT p.slug, c.tags_json FROM initiatives c JOIN initiatives p ON p.id = c.parent_id"
        " ORDER BY c.id LIMIT 1"
    ).fetchone()
    assert row[:2] == (parent, tags)
    total = conn.execute("SELECT count(*) FROM initiative_list").fetchone()[0]
    joined = conn.execute(
        "SELECT count(*) FROM initiative_list l JOIN initiative_health h ON h.id = l.id"
        " WHERE l.health IS h.health AND l.days_left IS h.days_left"
        " AND l.days_overdue IS h.days_overdue AND l.days_slipped IS h.days_slipped"
    ).fetchone()[0]
    assert total == joined == 13
    entries = conn.execute("SELECT count(*) FROM updates").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM history_list").fetchone()[0] == entries
    conn.close()


# -- the search index Datasette reads ------------------------------------------------------


def test_words_are_the_substrings_of_each_chinese_run_in_both_scripts() -> None:
    assert browse.words("都會區") == [
        "都",
        "會",
        "區",
        "都會",
        "會區",
        "都会区",
        "会",
        "区",
        "都会",
        "会区",
    ]
    assert browse.words("Northern Metropolis") == []
    # a run longer than LONGEST: its pieces of 1..6 characters, not of 7
    seven = "一二三四五六七"
    found = browse.words(seven)
    assert "一二三四五六" in found and "二三四五六七" in found
    assert [w for w in found if len(w) == 7] == []
    # punctuation ends a run; a run with digits or Latin letters in it is one token
    assert browse.words("牌照，5G網") == [  # noqa: RUF001
        "牌",
        "照",
        "5",
        "G",
        "網",
        "5G",
        "G網",
        "5G网",
        "网",
        "G网",
    ]


def _documents(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return browse.documents(conn)
    finally:
        conn.close()


def _rebuilt(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        browse.rebuild(conn)
        docs = browse.documents(conn)
        conn.execute("ROLLBACK")
        return docs
    finally:
        conn.close()


def _matching(path: Path, word: str) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        return browse.matching(conn, word)
    finally:
        conn.close()


def _index(path: Path, rebuild: bool = False) -> list[tuple[object, ...]]:
    """Every word the index holds, where (FTS5's own vocabulary of it), as it is or
    as a rebuild from the initiatives makes it."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, browse_fts, instance)")
        conn.execute("BEGIN")
        if rebuild:
            browse.rebuild(conn)
        found = conn.execute("SELECT * FROM temp.words ORDER BY 1, 2, 3, 4").fetchall()
        conn.execute("ROLLBACK")
        return found
    finally:
        conn.close()


def test_the_index_is_kept_in_step_by_every_write(isolated: Path) -> None:
    ok("init")
    ok("add", "香港虛擬資產交易平台牌照制度", "--slug", "vasp", "--kind", "policy")
    ok("add", "Northern Metropolis", "--slug", "nm", "--kind", "plan")
    assert _matching(isolated, "牌照") == [1]
    assert _matching(isolated, "虚拟资产") == [1]  # simplified for traditional
    ok("edit", "nm", "--summary", "北部都會區發展")
    assert _matching(isolated, "都会") == [2]
    ok("edit", "vasp", "--title", "Virtual asset licensing")
    assert _matching(isolated, "牌照") == []
    assert _matching(isolated, "licence") == []
    assert _matching(isolated, "licensing") == [1]
    ok("update", "nm", "--note", "no change to the indexed text")
    assert _documents(isolated) == _rebuilt(isolated)
    assert _index(isolated) == _index(isolated, rebuild=True)
    ok("remove", "vasp", "--yes")
    assert _documents(isolated) == _rebuilt(isolated)
    assert [row[0] for row in _documents(isolated)] == [2]
    words = _index(isolated)
    assert words == _index(isolated, rebuild=True)
    assert {row[1] for row in words} == {2}  # every word of the removed one is gone
    assert ("都会", 2, "summary") in {row[:3] for row in words}  # folded 北部都會區發展
    conn = sqlite3.connect(isolated)
    conn.execute("INSERT INTO browse_fts (browse_fts, rank) VALUES ('integrity-check', 1)")
    conn.close()


# -- tracker datasette-metadata, in Datasette ----------------------------------------------


def _get(db: Path, metadata: dict[str, Any], *paths: str) -> list[Any]:
    datasette_app = pytest.importorskip("datasette.app", reason="datasette is not installed")

    async def fetch() -> list[Any]:
        ds = datasette_app.Datasette([str(db)], metadata=metadata)
        out = []
        for path in paths:
            response = await ds.client.get(path)
            assert response.status_code == 200, (path, response.text[:300])
            out.append(response.json())
        return out

    return asyncio.run(fetch())


def _slugs(rows: list[dict[str, Any]]) -> list[str]:
    return [row["slug"] for row in rows]


def test_datasette_with_the_metadata_searches_facets_queries_and_hides(
    isolated: Path, tmp_path: Path
) -> None:
    pytest.importorskip("datasette.app", reason="datasette is not installed")
    today = date.today()  # the views count from the real day, not TRACKER_TODAY

    def day(offset: int) -> str:
        return (today + timedelta(days=offset)).isoformat()

    ok("init")
    ok(
        "add",
        "香港虛擬資產交易平台牌照制度",
        "--slug",
        "vasp",
        "--kind",
        "policy",
        "--deadline",
        day(30),
        "--tag",
        "crypto",
        "--jurisdiction",
        "Hong Kong",
    )
    ok(
        "add",
        "Talent scheme for universities",
        "--slug",
        "talent",
        "--kind",
        "plan",
        "--deadline",
        day(-10),
    )
    ok("add", "Northern Metropolis", "--slug", "nm", "--kind", "plan", "--deadline", day(400))
    ok("update", "nm", "--deadline", day(500))
    ok(
        "add",
        "Achieved long ago",
        "--slug",
        "done",
        "--kind",
        "measure",
        "--deadline",
        day(-100),
        "--status",
        "achieved",
    )
    target = tmp_path / "metadata.json"
    assert ok("datasette-metadata", str(target)) == ""
    metadata = json.loads(target.read_text(encoding="utf-8"))
    assert list(metadata["databases"]) == ["tracker"]  # named after the file, as Datasette does
    base = "/tracker"
    found = _get(
        isolated,
        metadata,
        f"{base}/initiatives.json?_search=牌照&_shape=array",
        f"{base}/initiative_list.json?_search=虚拟资产&_shape=array",
        f"{base}/initiative_list.json?_search=university&_shape=array",
        f"{base}/initiative_list.json?_search=香港虛擬資產交易平台牌照制度&_shape=array",
        f"{base}/initiative_list.json?_search=香港虛擬資產交易&_shape=array",
        f"{base}/initiative_list.json?_search=香港虛擬資產+交易平台&_shape=array",
        f"{base}/overdue.json?_shape=array",
        f"{base}/due_soon.json?_shape=array",
        f"{base}/slipped.json?_shape=array",
        f"{base}/initiative_list.json?_facet=health&_facet_array=tags&_size=0",
        f"{base}.json",
        f"{base}/initiative_list.json?_shape=array&_col=slug",
    )
    (chinese, simplified, english, whole, too_long, pieces, overdue, soon, slipped, facets, db) = (
        found[:11]
    )
    assert _slugs(found[11]) == ["vasp", "talent", "nm", "done"]  # in the order added
    assert _slugs(chinese) == ["vasp"]
    assert _slugs(simplified) == ["vasp"]
    assert _slugs(english) == ["talent"]  # stemmed: university finds universities
    assert _slugs(whole) == ["vasp"]
    assert _slugs(too_long) == []  # seven characters, not a whole run: none
    assert _slugs(pieces) == ["vasp"]
    assert [(r["slug"], r["days_overdue"]) for r in overdue] == [("talent", 10)]
    assert [(r["slug"], r["days_left"]) for r in soon] == [("vasp", 30)]
    assert [(r["slug"], r["days_slipped"]) for r in slipped] == [("nm", 100)]
    health_facet = {
        item["value"]: item["count"] for item in facets["facet_results"]["health"]["results"]
    }
    assert health_facet == {"overdue": 1, "due_soon": 1, "on_track": 1, "closed": 1}
    tags = facets["facet_results"]["tags"]["results"]
    assert [(item["value"], item["count"]) for item in tags] == [("crypto", 1)]
    hidden = {table["name"] for table in db["tables"] if table["hidden"]}
    shown = {table["name"] for table in db["tables"] if not table["hidden"]}
    assert shown == {
        "initiatives",
        "updates",
        "sources",
        "initiative_sources",
        "tags",
        "initiative_tags",
        "jurisdictions",
        "initiative_jurisdictions",
        "sponsors",
        "initiative_sponsors",
        "links",
        "name_aliases",
    }
    assert {
        "_sqlite_migrations",
        "report_cursors",
        "applied_refs",
        "replica",
        "search_docs",
        "browse_fts",
        "browse_docs",
    } <= hidden
    assert {view["name"] for view in db["views"]} == {
        "source_list",
        "initiative_health",
        "initiative_list",
        "history_list",
    }


def test_the_metadata_as_yaml_is_the_same(seeded: Path) -> None:
    yaml = pytest.importorskip("yaml", reason="PyYAML (Datasette's) is not installed")
    as_json = json.loads(ok("datasette-metadata"))
    assert json.loads(ok("datasette-metadata", "-")) == as_json
    assert yaml.safe_load(ok("datasette-metadata", "--yaml")) == as_json
    queries = as_json["databases"]["tracker"]["queries"]
    assert list(queries) == ["overdue", "due_soon", "slipped"]
    columns = as_json["databases"]["tracker"]["tables"]["initiative_list"]["columns"]
    assert columns["health"].startswith("closed (abandoned, achieved, superseded); no_deadline;")


def test_the_yaml_of_a_database_named_yes_keeps_its_name(tmp_path: Path) -> None:
    yaml = pytest.importorskip("yaml", reason="PyYAML (Datasette's) is not installed")
    out = ok("--db", str(tmp_path / "yes.db"), "datasette-metadata", "--yaml")
    assert list(yaml.safe_load(out)["databases"]) == ["yes"]


def test_metadata_to_a_file_that_cannot_be_written_is_one_line_and_exit_1(
    seeded: Path, tmp_path: Path
) -> None:
    result = run("datasette-metadata", str(tmp_path / "no-such-folder" / "metadata.json"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_check_finds_a_title_the_index_was_not_given(seeded: Path) -> None:
    conn = sqlite3.connect(seeded)
    with conn:
        conn.execute("UPDATE browse_docs SET title = 'stale' WHERE initiative_id = 2")
    conn.close()
    result = run("check")
    assert result.exit_code == 1
    assert (
        "  initiative sz-hk-financial-cooperation: Datasette's search index holds another"
        " title or summary\n"
    ) in result.stdout


def test_history_entries_leave_the_index_alone(
    isolated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notes and sources re-index tracker's own search only: Datasette's index holds
    titles and summaries, so a bulk apply of notes (big enough for a rebuild of the
    search index) does not touch it, and it stays what a rebuild makes."""
    from tracker.storage import search

    ok("init")
    ok("add", "香港虛擬資產交易平台牌照制度", "--slug", "vasp", "--kind", "policy")
    ok("add", "Northern Metropolis", "--slug", "nm", "--kind", "plan")
    ok("add", "Third", "--slug", "third", "--kind", "plan", "--summary", "北部都會區")
    monkeypatch.setattr(search, "REBUILD_AT", 2)
    rebuilt: list[str] = []
    for module in (search, browse):
        real = module.rebuild
        monkeypatch.setattr(
            module,
            "rebuild",
            lambda conn, real=real, name=module.__name__: (rebuilt.append(name), real(conn)),
        )
    lines = [
        {"initiative": slug, "note": f"資產 note {slug}", "source": f"https://x.example/{slug}"}
        for slug in ("vasp", "nm", "third")
    ]
    path = tmp_path / "notes.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), "utf-8")
    ok("apply", str(path))
    assert rebuilt == ["tracker.storage.search"]
    assert _documents(isolated) == _rebuilt(isolated)
    assert _index(isolated) == _index(isolated, rebuild=True)
    ok("edit", "nm", "--title", "Northern Metropolis 北部")
    assert _matching(isolated, "北部") == [2, 3]
    assert _documents(isolated) == _rebuilt(isolated)
    assert _index(isolated) == _index(isolated, rebuild=True)
