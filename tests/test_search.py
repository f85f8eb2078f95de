"""tracker search and list --search: one index over everything recorded of an
initiative (tracker.storage.search), kept in step by every write."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

import pytest
from helpers import listed, ok, run, shown
from oldschema import old_schema_database, undo_search

from tracker.storage import migrations, search


def found(*args: str) -> list[str]:
    data = json.loads(ok("search", *args, "--format", "json"))
    return [hit["slug"] for hit in data["results"]]


def listed_slugs(text: str) -> list[str]:
    return [item["slug"] for item in listed("--search", text)]


def test_search_prints_each_hit_with_where_it_matched(seeded: Path) -> None:
    ok(
        "update",
        "bridging-programme",
        "--note",
        "Two universities joined the 北部都會區 scheme",
        "--source",
        "https://www.polyu.edu.hk/",
    )
    assert ok("search", "university") == (
        "bridging-programme  Dual-qualification banking-talent bridging programme with PolyU\n"
        "  summary: …with the Hong Kong Polytechnic [University] to mutually recognise banking"
        " talent across the border and streamline professional mobility between Hong Kong…\n"
        "  quote: He also highlighted the launch of a dual-qualification bridging programme in"
        " late 2025 with the Hong Kong Polytechnic [University]\n"
        "  note: Two [universities] joined the 北部都會區 scheme\n"
        "offshore-rmb-centre  Shenzhen to help Hong Kong build an offshore RMB centre\n"
        "  summary: Proposal by Professor He Ping (Tsinghua [University]) that Shenzhen help"
        " Hong Kong speed up building an offshore renminbi centre and accelerate the currency's"
        " int…\n"
        "2 initiatives\n"
    )
    assert json.loads(ok("search", "北部都会区", "--format", "json")) == {
        "query": "北部都会区",
        "total": 1,
        "results": [
            {
                "slug": "bridging-programme",
                "title": "Dual-qualification banking-talent bridging programme with PolyU",
                "status": "announced",
                "health": "overdue",
                "matches": [
                    {
                        "field": "note",
                        "snippet": "Two universities joined the 北部都會區 scheme",
                        "marks": [[28, 33]],
                    }
                ],
            }
        ],
    }
    assert json.loads(ok("search", "polyu", "--format", "json"))["results"][0]["matches"] == [
        {
            "field": "title",
            "snippet": "Dual-qualification banking-talent bridging programme with PolyU",
            "marks": [[58, 63]],
        },
        {"field": "sponsor", "snippet": "PolyU", "marks": [[0, 5]]},
        {"field": "source", "snippet": "https://www.polyu.edu.hk/", "marks": [[12, 17]]},
    ]


def test_search_shows_the_best_first_and_counts_them_all(seeded: Path) -> None:
    data = json.loads(ok("search", "hong kong", "--limit", "2", "--format", "json"))
    assert (data["total"], len(data["results"])) == (11, 2)
    assert ok("search", "hong kong", "--limit", "2").endswith("\n2 of 11 initiatives\n")
    # the title's words count most
    ok("add", "Hong Kong Hong Kong", "--slug", "hk")
    assert found("hong kong", "--limit", "1") == ["hk"]
    assert ok("search", "nothing-like-it") == "0 initiatives\n"


def test_the_ranked_scan_is_the_order_by_order(isolated: Path, tmp_path: Path) -> None:
    """search.ranked lets FTS5 sort by rank (fast: it marks only the rows it returns);
    its order is the reference ORDER BY bm25, rowid, ties (equal texts) by id included,
    for every limit, and each returned row's marked fields are its own."""
    rng = random.Random(7)
    records = tmp_path / "many.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for n in range(300):
            words = " ".join(rng.choice(_WORDS) for _ in range(rng.randrange(1, 6)))
            title = rng.choice(["Payments pilot", "Payments", words, "Bond connect payments"])
            out.write(json.dumps({"slug": f"s-{n}", "title": title, "summary": words}) + "\n")
    ok("import", str(records))
    conn = sqlite3.connect(isolated)
    try:
        for text in ("payments", "pilot", "bond payments", _WORDS[0], _WORDS[3]):
            match = search.match_query(text)
            assert match is not None
            reference = search.ranked_by_sql(conn, match)
            assert len(reference) > 20
            for limit in (1, 7, 20, len(reference), len(reference) + 5):
                ids, total, marked = search.ranked(conn, match, limit)
                assert (ids, total) == (reference[:limit], len(reference))
                assert list(marked) == ids
                assert all(any("\x02" in field for field in row) for row in marked.values())
    finally:
        conn.close()


def test_search_as_a_table(seeded: Path) -> None:
    out = ok("search", "polyu", "--format", "table")
    assert "\x1b" not in out
    lines = out.splitlines()
    assert lines[0].split() == ["Initiative", "Status", "Where", "it", "matched"]
    assert "sponsor: PolyU" in out and "title: Dual-qualification" in out
    assert lines[-1] == "1 initiative"
    assert ok("search", "zzz", "--format", "table") == "No initiatives found.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("search", ""), "error: search text must not be empty\n"),
        (("search", "x", "--limit", "0"), "error: --limit must be between 1 and"),
        (("search", "x", "--format", "csv"), "error: unknown format 'csv'; choose from"),
    ],
)
def test_search_refuses_bad_input(seeded: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_every_field_is_searched_by_search_and_list(isolated: Path, tmp_path: Path) -> None:
    """The issue: a word in a note, quote, source or tag was not found by list --search."""
    ok("add", "Plain title", "--slug", "plain")
    ok(
        "add",
        "Other title",
        "--slug",
        "other",
        "--summary",
        "In summary",
        "--tag",
        "tagword",
        "--sponsor",
        "Sponsorbody",
        "--jurisdiction",
        "Placename",
    )
    ok("update", "plain", "--note", "noteword here", "--quote", "quoteword there", "--source", "S")
    record = {
        "slug": "plain",
        "sources": [{"url": "https://docs.example/x", "title": "Titleword", "publisher": "Pubco"}],
    }
    source = tmp_path / "r.jsonl"
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    ok("import", str(source))
    for word, slug, field in (
        ("noteword", "plain", "note"),
        ("quoteword", "plain", "quote"),
        ("titleword", "plain", "source"),
        ("pubco", "plain", "source"),
        ("docs.example", "plain", "source"),
        ("summary", "other", "summary"),
        ("tagword", "other", "tag"),
        ("sponsorbody", "other", "sponsor"),
        ("placename", "other", "jurisdiction"),
    ):
        data = json.loads(ok("search", word, "--format", "json"))
        assert [(h["slug"], [m["field"] for m in h["matches"]]) for h in data["results"]] == [
            (slug, [field])
        ], word
        assert listed_slugs(word) == [slug], word
    assert listed_slugs("noteword placename") == []  # every word, in one initiative
    assert (
        json.loads(ok("report", "--search", "noteword", "-f", "json"))["counts"]["initiatives"] == 1
    )


def test_english_words_are_stemmed_and_prefixes_still_match(isolated: Path) -> None:
    ok("add", "Universities of the region", "--slug", "a")
    ok("add", "A university town", "--slug", "b")
    ok("add", "Bridging loans", "--slug", "c")
    assert sorted(found("university")) == ["a", "b"]
    assert sorted(found("universities")) == ["a", "b"]
    assert listed_slugs("university") == ["b", "a"]  # by title; the issue: universities was missed
    assert found("bridg") == ["c"] and found("loan") == ["c"]


def test_traditional_and_simplified_chinese_find_each_other(isolated: Path) -> None:
    """The issue: 北部都會區 found nothing where 北部都会区 found one."""
    ok("add", "北部都会区发展纲要", "--slug", "simplified")
    ok("add", "推動北部都會區建設", "--slug", "traditional")
    for query in ("北部都會區", "北部都会区", "都會", "区"):
        assert sorted(found(query)) == ["simplified", "traditional"], query
        assert listed_slugs(query) == ["simplified", "traditional"], query
    assert found("纲要") == ["simplified"] and found("綱要") == ["simplified"]
    assert found("建设") == ["traditional"]
    # shown as recorded, the match marked where the query's characters are
    match = json.loads(ok("search", "都会区", "-f", "json"))["results"]
    by_slug = {hit["slug"]: hit["matches"][0] for hit in match}
    assert by_slug["traditional"] == {
        "field": "title",
        "snippet": "推動北部都會區建設",
        "marks": [[4, 7]],
    }
    # Japanese and Korean are found inside runs too; mixed scripts by each part
    ok("add", "東京の再開発計画", "--slug", "ja", "--summary", "GBA大湾区 plan")
    ok("add", "서울 도시재생 사업", "--slug", "ko")
    assert found("再開発") == ["ja"] and found("도시재생") == ["ko"] and found("재생") == ["ko"]
    assert found("gba大湾區") == ["ja"]


def test_list_search_keeps_its_documented_behaviour(isolated: Path) -> None:
    ok("add", "深港金融合作", "--slug", "sz-hk", "--summary", "Deepen financial cooperation")
    ok("add", "離岸人民幣中心", "--slug", "rmb")
    assert listed_slugs("金融") == ["sz-hk"]
    assert listed_slugs("人民币") == ["rmb"]
    assert listed_slugs("金融 deep") == ["sz-hk"]
    assert listed_slugs("!!!") == []
    assert ok("search", "!!!") == "0 initiatives\n"


# -- kept in step ----------------------------------------------------------------------


def _documents(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return search.documents(conn)
    finally:
        conn.close()


def _rebuilt(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN")
        search.rebuild(conn)
        docs = search.documents(conn)
        conn.execute("ROLLBACK")
        return docs
    finally:
        conn.close()


def _integrity(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)")
    conn.close()


_WORDS = ["alpha", "北部都會區", "universities", "金融", "gamma", "深圳", "delta", "幣"]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(1, 4)))


@pytest.mark.parametrize("seed", range(4))
def test_the_index_equals_a_rebuild_after_random_writes(
    seeded: Path, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    slugs = [item["slug"] for item in listed()]
    made = 0
    for step in range(30):
        slug = rng.choice(slugs)
        action = rng.randrange(9)
        if action == 0:
            made += 1
            new = f"new-{made}"
            ok("add", _text(rng), "--slug", new, "--tag", rng.choice(_WORDS))
            slugs.append(new)
        elif action == 1:
            ok(
                "update",
                slug,
                "--note",
                _text(rng),
                "--quote",
                _text(rng),
                "--source",
                f"https://x.example/{rng.randrange(5)}",
            )
        elif action == 2:
            ok("edit", slug, "--title", _text(rng), "--summary", _text(rng))
        elif action == 3:
            ok(
                "edit",
                slug,
                "--add-tag",
                rng.choice(_WORDS),
                "--add-sponsor",
                rng.choice(_WORDS),
                "--add-jurisdiction",
                rng.choice(_WORDS),
            )
        elif action == 4:
            detail = shown(slug)
            if detail["tags"]:
                ok("edit", slug, "--remove-tag", detail["tags"][0])
        elif action == 5 and len(slugs) > 3:
            ok("remove", slug, "--yes")
            slugs.remove(slug)
        elif action == 6:
            entries = [e for e in shown(slug)["history"] if e["event"] == "update"]
            if entries:
                ok("amend", entries[-1]["uuid"], "--note", _text(rng))
        elif action == 7:
            record = {
                "slug": slug,
                "sources": [
                    {
                        "url": f"https://x.example/{rng.randrange(5)}",
                        "title": _text(rng),
                        "publisher": rng.choice(_WORDS),
                    }
                ],
            }
            lines = tmp_path / f"r{step}.jsonl"
            lines.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
            ok("import", str(lines))
        else:
            lines = tmp_path / f"a{step}.jsonl"
            line = {"initiative": slug, "note": _text(rng), "progress": rng.randrange(101)}
            lines.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
            ok("apply", str(lines))
        assert _documents(seeded) == _rebuilt(seeded), (seed, step, action)
    _integrity(seeded)
    assert len(_documents(seeded)) == len(slugs)


def _reindexed(db: Path) -> list[tuple]:
    """Every document as :func:`search.reindex` (initiative by initiative, each read
    field by field) makes it: the reference of :func:`search.rebuild`'s fast path."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("DELETE FROM search_docs")
        search.reindex(conn, [row[0] for row in conn.execute("SELECT id FROM initiatives")])
        docs = search.documents(conn)
        conn.execute("ROLLBACK")
        return docs
    finally:
        conn.close()


def test_a_rebuild_makes_the_documents_reindexing_makes(seeded: Path, tmp_path: Path) -> None:
    """The rebuild joins names in SQL and reads only citing initiatives field by field:
    the same documents, with CJK text, unicode names in several lists and none, empty
    summaries, sources, quotes, notes (one repeated) and a gap left by a removal."""
    records = [
        {"title": "北部都會區 plan", "slug": "cjk", "summary": "深圳 金融", "tags": ["幣", "Zeta"]},
        {
            "title": 'Ünïcode "quoted" \\ back',
            "slug": "uni",
            "tags": ["b-tag", "A-tag", "émile", "😀"],
            "sponsors": ['Ministry of "X"'],
            "jurisdictions": ["Åland", "EU"],
        },
        {"title": "Bare", "slug": "bare", "summary": ""},
        {"title": "Gone", "slug": "gone", "tags": ["x"]},
        {
            "title": "Cited",
            "slug": "cited",
            "tags": ["c"],
            "sources": [{"url": "https://x.example/1", "title": "金融 doc", "quote": "q1"}],
        },
    ]
    lines = tmp_path / "r.jsonl"
    lines.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    ok("import", str(lines))
    ok("remove", "gone", "--yes")
    for note in ("same note", "same note", "深圳 note"):
        ok("update", "uni", "--note", note, "--source", "https://x.example/2", "--quote", "q")
    ok("update", "bare", "--progress", "10")
    assert _rebuilt(seeded) == _reindexed(seeded) == _documents(seeded)
    assert len(_rebuilt(seeded)) == len(listed())


@pytest.mark.parametrize("rebuild_at", [1, 10**9])
def test_the_index_equals_a_rebuild_after_a_bulk_import(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rebuild_at: int
) -> None:
    """A bulk import (batched new initiatives, queued replicas, indexes set aside) and
    its flush: in one pass when it indexes half the initiatives or more (REBUILD_AT),
    else initiative by initiative; either way the index a rebuild makes."""
    from tracker.storage import browse, bulk

    monkeypatch.setattr(search, "REBUILD_AT", rebuild_at)
    monkeypatch.setattr(bulk.Batch, "SIZE", 3)
    rng = random.Random(7)
    records = [
        {
            "title": _text(rng),
            "summary": _text(rng) + " \x07 \u202e",
            "tags": [rng.choice(_WORDS)],
            "sponsors": [rng.choice(_WORDS)],
            "sources": [{"url": f"https://x.example/{n % 3}", "quote": _text(rng)}]
            if n % 4 == 0
            else [],
        }
        for n in range(20)
    ]
    path = tmp_path / "new.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    ok("import", str(path))
    exported = tmp_path / "export.jsonl"
    ok("export", "--output", str(exported))
    assert _documents(seeded) == _rebuilt(seeded)
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "copy.db"))
    ok("init")
    ok("import", str(exported))  # replicas into an empty database
    copy = tmp_path / "copy.db"
    assert _documents(copy) == _rebuilt(copy)
    assert sorted(d[1:] for d in _documents(copy)) == sorted(d[1:] for d in _documents(seeded))
    conn = sqlite3.connect(copy, isolation_level=None)
    indexed = browse.documents(conn)
    conn.execute("BEGIN")
    browse.rebuild(conn)
    assert browse.documents(conn) == indexed
    conn.execute("ROLLBACK")
    conn.close()
    _integrity(copy)
    assert found("北部都會區") == found("北部都会区")


def test_a_failed_write_leaves_the_index_as_it_was(seeded: Path) -> None:
    before = _documents(seeded)
    bad = run("update", "bridging-programme", "--note", "findme", "--progress", "101")
    assert bad.exit_code == 2
    assert _documents(seeded) == before and found("findme") == []


# -- the migration ---------------------------------------------------------------------


def test_migration_indexes_a_database_made_by_the_old_code(isolated: Path) -> None:
    """A schema-6 database (m002's index of titles and summaries) gains the index of
    everything; its notes, tags and Chinese titles are found at once."""
    ok("init", "--seed")
    ok("update", "bridging-programme", "--note", "First cohort of universities")
    ok("add", "推動北部都會區建設", "--slug", "nm", "--tag", "metropolis")
    conn = sqlite3.connect(isolated)
    undo_search(conn)
    conn.execute(f"PRAGMA user_version = {migrations.STEPS.index('m009_search_everything')}")
    conn.commit()
    assert conn.execute("SELECT count(*) FROM initiatives_fts").fetchone()[0] == 14
    conn.close()
    assert found("university") == ["bridging-programme", "offshore-rmb-centre"]
    assert found("北部都会区") == ["nm"] and found("metropolis") == ["nm"]
    conn = sqlite3.connect(isolated)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "initiatives_fts" not in names and "initiatives_au" not in names
    conn.close()
    assert _documents(isolated) == _rebuilt(isolated)
    assert ok("check").startswith("ok:")


def test_migration_from_the_first_schema(isolated: Path) -> None:
    old_schema_database(isolated)
    assert found("renminbi") == ["old-one"]
    assert listed_slugs("old version") == ["old-one"]
    assert _documents(isolated) == _rebuilt(isolated)


def test_a_document_row_indexes_each_field_as_indexed_does() -> None:
    """search._row checks the fields for CJK characters at once: each field must still
    be exactly ``indexed`` of its values, CJK in one field, in all, or in none."""
    from tracker.storage import search

    cases = [
        [["Plain title"], [], [], [], [], [], [], []],
        [["Plain"], ["summary"], ["tag"], [], ["Hong Kong"], ["a · b"], ["q"], ["note"]],
        [["Plain"], [], ["金融", "tag"], [], [], [], [], []],
        [["北部都會區"], ["說明 x"], [], ["한국"], ["深圳"], [], ["引"], ["カナ\n"]],
        [["emoji \U0001f680 \u202e"], [""], [], [], [], [], [], ["\u3000"]],
    ]
    for fields in cases:
        expected = (7, *(search.indexed("\n".join(values)) for values in fields))
        assert search._row(7, fields) == expected
    assert search._names("[]") == [] and search._names('["a", "香港"]') == ["a", "香港"]


def test_the_browse_rebuild_gives_what_folding_each_row_gives() -> None:
    """Datasette's index rebuild takes a row without CJK text as it is: the same
    stored rows and index documents as folding and splitting every row."""
    from tracker.storage import browse

    texts = ["", "plain words", "Ünïcode é 😀", "北部都會區", "深圳 金融", "人民币 mixed", "幣"]
    current = [
        (n, title, summary)
        for n, (title, summary) in enumerate((a, b) for a in texts for b in texts)
    ]
    rows = [browse._row(row[0], row[1:]) for row in current]
    assert browse._rows_and_documents(current) == (rows, [browse._indexed(r) for r in rows])
