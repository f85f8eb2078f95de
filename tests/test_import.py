"""tracker import: exports rebuilt exactly, spreadsheets synced, all or nothing."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from helpers import dump, ok, run

from tracker.errors import InputError

ODD = 'quote " newline \\n and \n tab \t emoji \U0001f680 rtl \u202e bidi \u2066 end'


def populate() -> None:
    ok("init", "--seed")
    ok(
        "update",
        "bridging-programme",
        "--status",
        "in_progress",
        "--progress",
        "30",
        "--note",
        ODD,
        "--source",
        "https://www.polyu.edu.hk/",
        "--quote",
        "“cohort”",
        "--ref",
        "k1",
        "--on",
        "2026-11-01",
    )
    ok("update", "bridging-programme", "--progress", "20", "--on", "2026-10-01")  # backdated
    ok("update", "bridging-programme", "--progress", "30", "--ref", "k2")  # nothing: remembered
    ok("update", "fintech-hub-action-plan", "--deadline", "H1 2028", "--on", "2026-10-01")
    ok(
        "edit",
        "offshore-rmb-centre",
        "--title",
        "Offshore RMB centre «离岸»",
        "--add-tag",
        "Currency",
        "--remove-tag",
        "finance",
        "--note",
        "x" * 100_000,
    )
    ok(
        "add",
        ODD.replace("\n", " "),
        "--slug",
        "odd",
        "--deadline",
        "Q3 2027",
        "--parent",
        "fintech-hub-action-plan",
        "--summary",
        ODD,
    )


def test_export_import_export_is_byte_identical(isolated: Path, tmp_path, monkeypatch) -> None:
    populate()
    first = tmp_path / "first.jsonl"
    ok("export", "--output", str(first))
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "empty.db"))
    assert ok("import", str(first)) == "imported 14 records: 14 created, 0 updated, 0 unchanged\n"
    second = tmp_path / "second.jsonl"
    ok("export", "--output", str(second))
    assert second.read_bytes() == first.read_bytes()
    # and again: an import of what is already there changes nothing
    before = dump(tmp_path / "empty.db")
    assert ok("import", str(first)) == ("imported 14 records: 0 created, 0 updated, 14 unchanged\n")
    assert dump(tmp_path / "empty.db") == before
    # the rebuilt database behaves the same: refs, replayed state, odd text
    assert "already applied" in ok(
        "update", "bridging-programme", "--progress", "30", "--ref", "k2"
    )
    shown = json.loads(ok("show", "bridging-programme", "-f", "json"))
    assert shown["history"][-1]["note"] == ODD and shown["progress"] == 30


def test_the_json_document_round_trips_too(isolated: Path, tmp_path, monkeypatch) -> None:
    populate()
    document = tmp_path / "export.json"
    ok("export", "-f", "json", "--output", str(document))
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "other.db"))
    ok("import", str(document))
    assert ok("export", "-f", "json") == document.read_text(encoding="utf-8")


def test_a_newer_format_version_is_refused(isolated: Path, tmp_path) -> None:
    ok("init")
    path = tmp_path / "future.jsonl"
    path.write_text('{"format":"tracker-export","version":2}\n{"title":"x"}\n', encoding="utf-8")
    before = dump(isolated)
    result = run("import", str(path))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: the file is in export format version 2, newer than this tracker reads (1);"
        " upgrade tracker to import it\n"
    )
    assert dump(isolated) == before


def test_one_bad_record_in_the_middle_imports_nothing(seeded: Path, tmp_path) -> None:
    records = [
        {"title": f"Initiative {n}", "slug": f"bulk-{n}", "deadline": "2027"} for n in range(300)
    ]
    records[150] = {"title": "Bad", "status": "done"}
    path = tmp_path / "bulk.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    before = dump(seeded)
    result = run("import", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "line 151: unknown status 'done'; choose from proposed, announced, in_progress,"
        " achieved, stalled, abandoned, superseded\n"
        "error: 1 bad record of 300; nothing was imported\n"
    )
    assert dump(seeded) == before
    records[150] = {"title": "Fine", "slug": "bulk-150"}
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    lines = ok("import", str(path), "--dry-run").splitlines()
    assert (len(lines), lines[0], lines[150]) == (
        301,
        "line 1: bulk-0: created",
        "line 151: bulk-150: created",
    )
    assert lines[-1] == "would import 300 records: 300 created, 0 updated, 0 unchanged"
    assert dump(seeded) == before
    ok("import", str(path))
    assert len(json.loads(ok("list", "--search", "Initiative", "-f", "json"))) == 299


def test_a_spreadsheet_row_is_a_sync_recorded_in_the_history(seeded: Path, tmp_path) -> None:
    csv_path = tmp_path / "team.csv"
    csv_path.write_text(
        "slug,title,status,progress,tags,deadline_text\r\n"
        'bridging-programme,"Bridging programme, renamed",in_progress,40,"talent;banking",'
        "H1 2026\r\n"
        "brand-new,'=Formula-looking title,proposed,,x;y,2027\r\n",
        encoding="utf-8",
    )
    assert ok("import", str(csv_path)) == (
        "imported 2 records: 1 created, 1 updated, 0 unchanged\n"
    )
    history = json.loads(ok("history", "bridging-programme", "-f", "json"))
    assert history[-2]["changes"] == {
        "status": {"from": "announced", "to": "in_progress"},
        "progress": {"from": None, "to": 40},
        "deadline": {
            "from": {
                "text": "late 2025",
                "earliest": "2025-09-01",
                "latest": "2025-12-31",
                "precision": "part-year",
            },
            "to": {
                "text": "H1 2026",
                "earliest": "2026-01-01",
                "latest": "2026-06-30",
                "precision": "half",
            },
        },
    }
    assert history[-1]["changes"]["title"]["to"] == "Bridging programme, renamed"
    assert history[-1]["changes"]["tags"] == {"added": [], "removed": ["mutual-recognition"]}
    new = json.loads(ok("show", "brand-new", "-f", "json"))
    assert new["title"] == "=Formula-looking title"  # the CSV formula guard comes off
    assert ok("import", str(csv_path)) == (
        "imported 2 records: 0 created, 0 updated, 2 unchanged\n"
    )


def test_csv_round_trips_through_list_columns(seeded: Path, tmp_path, monkeypatch) -> None:
    ok(
        "edit",
        "offshore-rmb-centre",
        "--title",
        'Quoted "title", with; punctuation\tand tab',
        "--summary",
        "two\nlines",
    )
    ok("add", "--slug", "minus", "--tag", "@at", "--", "-starts with minus")
    exported = tmp_path / "all.csv"
    ok("export", "-f", "csv", "-o", str(exported))
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "fresh.db"))
    ok("import", str(exported))
    titles = {
        i["slug"]: (i["title"], i["summary"], i["tags"])
        for i in json.loads(ok("list", "-f", "json"))
    }
    assert titles["offshore-rmb-centre"][:2] == (
        'Quoted "title", with; punctuation and tab',
        "two\nlines",
    )
    assert titles["minus"] == ("-starts with minus", "", ["@at"])
    assert len(titles) == 14


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('{"title": "x", "colour": 1}', "line 1: unknown key 'colour'"),
        ('{"slug": "no-title"}', "line 1: missing 'title' (a new initiative needs one)"),
        (
            '{"title": "x", "deadline": "soon"}',
            'line 1: deadline: cannot read date "soon": "soon" is too vague to place on a calendar',
        ),
        (
            '{"title": "x", "progress": "10"}',
            "line 1: 'progress' must be an integer 0-100, not \"10\"",
        ),
        ('{"title": "x", "uuid": "nope"}', "line 1: invalid uuid 'nope'"),
        (
            '{"title": "x", "parent": "missing-parent"}',
            "line 1: no initiative matches 'missing-parent'",
        ),
        (
            '{"title": "x", "history": [{"uuid": "x"}]}',
            "line 1: a history entry has the keys author, changes, clock, effective, event, note,"
            " recorded_at, ref, source, target, uuid",
        ),
        ("{bad", "line 1: not valid JSON (Expecting property name enclosed in double quotes)"),
        ('{"title": 7}', "line 1: 'title' must be a string"),
        ('{"title": "x", "tags": "a;b"}', "line 1: 'tags' must be a list of strings"),
        ('{"title": "x", "sponsors": [1]}', "line 1: 'sponsors' must be a list of strings"),
        (
            '{"title": "x", "tags": ["ok", "a;b"]}',
            "line 1: tag 'a;b' contains ';', which separates list items in CSV",
        ),
        (
            '{"title": "x", "deadline": 2027}',
            "line 1: 'deadline' must be a phrase or {text, earliest, latest, precision}",
        ),
        ('{"title": "x", "sources": {"url": "u"}}', "line 1: 'sources' must be a list of objects"),
        (
            '{"title": "x", "applied_refs": [""]}',
            "line 1: 'applied_refs' must be a list of strings",
        ),
    ],
)
def test_bad_records_are_named(seeded: Path, tmp_path, content: str, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content + "\n", encoding="utf-8")
    before = dump(seeded)
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == reason
    assert dump(seeded) == before


def test_ragged_or_unknown_csv_and_bad_encoding(seeded: Path, tmp_path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_bytes(b"slug,title\r\na,b,c\r\n")
    assert run("import", str(path)).stderr.splitlines()[0] == (
        "line 2: 3 cells, but the header has 2"
    )
    path.write_bytes(b"slug,colour\r\na,b\r\n")
    assert run("import", str(path)).stderr == "error: unknown CSV column 'colour'\n"
    path.write_bytes(b"slug,title\r\nx,\xff\xfe\r\n")
    result = run("import", str(path))
    assert result.exit_code == 2 and "UTF-8" in result.stderr


def test_the_database_is_checked_after_a_replica_import(
    isolated: Path, tmp_path, monkeypatch
) -> None:
    populate()
    path = tmp_path / "e.jsonl"
    ok("export", "-o", str(path))
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "copy.db"))
    ok("import", str(path))
    conn = sqlite3.connect(tmp_path / "copy.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def _rows(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, with the values that differ between two runs (uuids, clock
    times and the replica's id) blanked."""
    conn = sqlite3.connect(path)
    tables = [
        name
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'"
            " AND name NOT LIKE 'search_index%' AND name NOT LIKE 'sqlite_%'"
            " AND name != '_sqlite_migrations' ORDER BY name"
        )
    ]
    blank = {"uuid", "recorded_at", "created_at", "updated_at"}
    rows = {}
    for table in tables:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
        names = [d[0] for d in cursor.description]
        rows[table] = [
            tuple(
                None if n in blank or (table, n) == ("replica", "id") else v
                for n, v in zip(names, row, strict=True)
            )
            for row in cursor
        ]
    return rows


def test_batched_import_writes_what_one_at_a_time_writes(
    isolated: Path, tmp_path, monkeypatch
) -> None:
    """New initiatives are written in batches (bulk.Batch); the rows, their ids and the
    search index must be those of writing each at once, across batch edges, with later
    records that name a queued one (by slug or uuid) and parents."""
    from tracker.storage import bulk

    records = [
        {
            "title": "Cross-boundary wealth connect",
            "slug": "wealth",
            "tags": ["Finance", "HK"],
            "jurisdictions": ["Hong Kong"],
            "deadline": "Q3 2027",
            "sources": [{"url": "https://a.example/1", "quote": "q"}, {"title": "Second doc"}],
        },
        {
            "title": "Green bond pilot",
            "tags": ["finance"],
            "status": "in_progress",
            "progress": 10,
            "sources": [{"url": "https://a.example/3"}],
        },
        {
            "title": "Green bond pilot",
            "sponsors": ["HKMA", "ärger", "Zed", "alpha", "Älter", "beta \u202e", 'q"\\x'],
        },  # another slug
        {"title": "Wealth connect, revised", "slug": "wealth", "status": "stalled"},  # sync
        {
            "uuid": "01234567-89ab-7def-8123-456789abcdef",
            "title": "Fintech talent scheme",
            "tags": ["talent"],
            "sources": [{"title": "Second doc"}],
        },
        {"uuid": "01234567-89ab-7def-8123-456789abcdef", "progress": 40},  # by uuid: sync
        {"title": "Child measure", "parent": "wealth", "tags": ["HK", "finance"]},
        *(
            {"title": f"Generated plan {n}", "tags": [f"t{n % 3}"], "deadline": "2028-06-30"}
            for n in range(7)
        ),
    ]
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    said = {}
    for name, batch, size in (("batched", bulk.Batch, 2), ("direct", bulk.Rows, 0)):
        monkeypatch.setenv("TRACKER_DB", str(tmp_path / f"{name}.db"))
        monkeypatch.setattr(bulk, "Batch", batch)
        monkeypatch.setattr(bulk.Batch, "SIZE", size, raising=False)
        ok("init")
        said[name] = ok("import", str(source))
    assert (
        said["batched"]
        == said["direct"]
        == ("imported 14 records: 12 created, 2 updated, 0 unchanged\n")
    )
    batched, direct = _rows(tmp_path / "batched.db"), _rows(tmp_path / "direct.db")
    assert batched == direct
    assert len(batched["initiatives"]) == 12 and len(batched["initiative_sources"]) == 4
    conn = sqlite3.connect(tmp_path / "batched.db")
    docs = "SELECT * FROM search_docs ORDER BY 1"
    direct_docs = sqlite3.connect(tmp_path / "direct.db").execute(docs).fetchall()
    assert len(direct_docs) == 12
    assert conn.execute(docs).fetchall() == direct_docs
    conn.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "batched.db"))
    assert run("check").exit_code == 0
    found = json.loads(ok("list", "--search", "generated", "--format", "json"))
    assert len(found) == 7
    wealth = json.loads(ok("show", "wealth", "--format", "json"))
    assert wealth["tags"] == ["Finance", "HK"] and wealth["status"] == "stalled"
    assert json.loads(ok("show", "child-measure", "--format", "json"))["parent"] == "wealth"


def test_every_record_key_is_checked_in_the_first_pass() -> None:
    from tracker import api, exchange

    assert sorted(api._RECORD_KEY_KINDS) == sorted(exchange.RECORD_KEYS)


def test_remembered_name_lists_read_as_fresh_ones_and_errors_are_not_remembered() -> None:
    from tracker.api import _checked_names, _names

    short = ["Tag", "tag", " two  words ", "TAG"]
    long = [f"name {n}" for n in range(20)] + ["Name 3"]
    for values in (short, long, short):  # the second short call is a remembered one
        assert _names(values, "tag") == _checked_names(values, "tag")
    assert _names(short, "tag") == ["Tag", "two words"]
    assert _names(short, "tag") is not _names(short, "tag")  # a fresh list each time
    for _ in range(2):
        with pytest.raises(InputError, match="tag 'a;b' contains ';'"):
            _names(["a;b"], "tag")


def _hard_cases() -> None:
    """populate()'s cases, and initiatives with Chinese text, control characters,
    confidence rationales, backdated and retracted or amended entries, links, sources,
    parents and remembered refs."""
    populate()
    for n, title in enumerate(
        [
            "北部都會區發展綱要",
            "粤港澳大湾区 \x07 bell",
            "Émigré «plan» \u202e",
            "香港虛擬資產交易平台牌照制度",
            "emoji \U0001f680 \x1b[31m",
            "Plain",
        ]
    ):
        slug = f"hard-{n}"
        ok(
            "add",
            title,
            "--slug",
            slug,
            "--tag",
            "金融",
            "--jurisdiction",
            "深圳",
            "--deadline",
            "Q2 2027",
        )
        ok("update", slug, "--progress", "10", "--note", f"第{n}次 \t tab", "--on", "2026-09-01")
        ok("update", slug, "--confidence", "amber", "--confidence-note", "why ¿", "--ref", f"r{n}")
        ok("update", slug, "--confidence", "amber", "--ref", f"same-{n}")  # remembered ref
        ok("update", slug, "--deadline", "2028-01-31", "--on", "2026-08-01")  # backdated
    ok("update", "hard-0", "--status", "stalled", "--note", "to retract")
    entry = json.loads(ok("show", "hard-0", "-f", "json"))["history"][-1]["uuid"]
    ok("retract", entry, "--reason", "wrong 错")
    ok("update", "hard-1", "--progress", "50", "--note", "to amend")
    entry = json.loads(ok("show", "hard-1", "-f", "json"))["history"][-1]["uuid"]
    ok("amend", entry, "--note", "amended 改")
    ok("link", "hard-2", "depends-on", "hard-1")
    ok("update", "hard-2", "--note", "cited", "--source", "https://例子.example/文件")
    ok("add", "Child of hard", "--slug", "hard-child", "--parent", "hard-2", "--summary", "")
    # lone created entries (importing.queue_replica reads their fields off them)
    ok("add", "Lone 孤", "--slug", "lone-0", "--confidence", "red", "--confidence-note", "因 ¿")
    ok("add", "Lone progress", "--slug", "lone-1", "--progress", "0", "--status", "in_progress")
    ok("add", "Lone dated", "--slug", "lone-2", "--deadline", "late 2027", "--announced", "2026-03")
    ok("add", "Lone bare", "--slug", "lone-3", "--kind", "proposal", "--confidence", "amber")


def _export_bytes(db: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("TRACKER_DB", str(db))
    return ok("export")


@pytest.mark.parametrize("size", [2, 5000])
def test_a_queued_replica_writes_what_the_record_by_record_import_writes(
    isolated: Path, tmp_path, monkeypatch, size: int
) -> None:
    """Records with their history for initiatives new here are queued in a batch, their
    current fields replayed from the rows queued (importing.queue_replica), the indexes
    of a large load set aside and the search indexes built in one pass: the database
    must be the one the record-by-record import (import_new) writes, its export byte
    for byte the file imported, and ``check`` must pass."""
    from tracker.ops import importing
    from tracker.storage import bulk, search

    _hard_cases()
    exported = tmp_path / "export.jsonl"
    ok("export", "--output", str(exported))
    original = exported.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    # the same record twice: the second is merged into the first (nothing new)
    exported.write_text("".join([*lines, lines[3]]), encoding="utf-8")
    queued = []
    real = importing.queue_replica

    def counted(*args: object, **kwargs: bool) -> int | None:
        queued.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return queued[-1]

    said = {}
    for name in ("fast", "slow"):
        with monkeypatch.context() as patch:
            if name == "slow":
                patch.setattr(importing, "queue_replica", lambda *args, **kwargs: None)
                patch.setattr(bulk.Batch, "claim", bulk.Rows.claim)  # every lookup made
                patch.setattr(search, "REBUILD_AT", 10**9)
                patch.setattr(bulk.Batch, "SIZE", 5000)
            else:
                patch.setattr(search, "REBUILD_AT", 1)
                patch.setattr(bulk.Batch, "SIZE", size)
                patch.setattr(importing, "queue_replica", counted)
            patch.setenv("TRACKER_DB", str(tmp_path / f"{name}.db"))
            ok("init")
            said[name] = ok("import", str(exported))
    assert said["fast"] == said["slow"]
    assert 4 <= sum(i is not None for i in queued) < len(lines) - 1  # both paths taken
    assert said["fast"].startswith(f"imported {len(lines)} records: {len(lines) - 1} created")
    fast, slow = _rows(tmp_path / "fast.db"), _rows(tmp_path / "slow.db")
    assert fast == slow
    assert len(fast["initiatives"]) == len(lines) - 1 and len(fast["applied_refs"]) >= 3
    for name in ("fast", "slow"):
        assert _export_bytes(tmp_path / f"{name}.db", monkeypatch) == original
        assert run("check").exit_code == 0
    conn = sqlite3.connect(tmp_path / "fast.db")
    conn.execute("INSERT INTO search_index (search_index, rank) VALUES ('integrity-check', 1)")
    conn.execute("INSERT INTO browse_fts (browse_fts, rank) VALUES ('integrity-check', 1)")
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    indexes = "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY 1"
    assert conn.execute(indexes).fetchall() == (
        sqlite3.connect(tmp_path / "slow.db").execute(indexes).fetchall()
    )
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "fast.db"))
    assert [i["slug"] for i in json.loads(ok("search", "都会", "-f", "json"))["results"]] == [
        "hard-0"
    ]


def test_an_entry_of_a_queued_record_is_not_taken_by_another(
    isolated: Path, tmp_path, monkeypatch
) -> None:
    """Two new records sharing an entry uuid: the second is refused, as record by record."""
    ok("init")
    ok("add", "One", "--slug", "one")
    record = json.loads(ok("export").splitlines()[1])
    other = {**record, "uuid": "01234567-89ab-7def-8123-456789abcdef", "slug": "other"}
    path = tmp_path / "two.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "new.db"))
    ok("init")
    result = run("import", str(path))
    assert result.exit_code == 2
    assert f"line 2: history entry {record['history'][0]['uuid']} belongs to another" in (
        result.stderr
    )


def test_a_lone_created_entry_replays_to_its_own_values() -> None:
    """importing.queue_replica takes the current fields of a history that is one
    ``created`` entry off its row (repository.created_columns) rather than replaying
    it: exactly what the replay gives, for rows with every tracked field given or not,
    nulls, a confidence note with and without a confidence, and windows of each
    precision, with and without the other columns' keys."""
    import itertools

    from tracker.domain.replay import replay
    from tracker.domain.windows import parse_iso_window
    from tracker.storage import bulk
    from tracker.storage import repository as repo

    windows = [
        None,
        repo.window_to_json(parse_iso_window("2027-12-06", "2027-12-06", "2027-12-06", "day")),
        repo.window_to_json(parse_iso_window("Q2 2027", "2027-04-01", "2027-06-30", "quarter")),
        repo.window_to_json(parse_iso_window("年底 \u202e", "2027-01-01", "2027-12-31", "year")),
    ]
    cases = itertools.product(
        [None, "announced", "stalled"],
        [None, 0, 100],
        [None, "amber", "red"],
        [None, "", "why 因"],
        windows,
        [{}, {"edits": '{"title": {"from": null, "to": "x"}}', "note": "n"}],
    )
    compared = 0
    for status, progress, confidence, note, deadline, extra in cases:
        row = {
            "uuid": "01234567-89ab-7def-8123-456789abcdef",
            "event": "created",
            "effective": "2026-11-22",
            "recorded_at": "2026-11-22T10:00:00Z",
            "clock": 3,
            "status_to": status,
            "progress_to": progress,
            "confidence_to": confidence,
            "confidence_note": note,
            "deadline_to": deadline,
            **extra,
        }
        if deadline is not None:
            row["deadline_to_latest"] = "x"
        replayed = replay([repo.entry_from_row(bulk.stored_update(row))])
        given = {k: v for k, v in row.items() if v is not None}  # nulls left out, or given
        assert repo.created_columns(given) == repo.replayed_columns(replayed), row
        assert repo.created_columns(row) == repo.replayed_columns(replayed), row
        compared += 1
    assert compared == 3 * 3 * 3 * 3 * 4 * 2
