"""Spreadsheet syncs (issue 12): a CSV or JSON row without history carries the
``updated_at`` it was exported with; a row for an initiative changed since then is a
conflict (``--force`` imports it anyway). CSV rows carry evidence, an effective day
and an author; deadlines are phrases; Excel's byte order mark is read and written."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from helpers import AUTHOR, dump, ok, run


def _csv(path: Path, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def _item(slug: str = "bridging-programme") -> dict[str, object]:
    data = json.loads(ok("show", slug, "--format", "json"))
    item: dict[str, object] = data.get("initiative", data)
    return item


def _history(slug: str = "bridging-programme") -> list[dict[str, object]]:
    data = json.loads(ok("history", slug, "--format", "json"))
    entries: list[dict[str, object]] = data.get("history", data) if isinstance(data, dict) else data
    return entries


def test_an_untouched_list_csv_reimported_changes_nothing(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(ok("list", "--format", "csv"), encoding="utf-8")
    before = dump(seeded)
    assert ok("import", str(path)) == "imported 13 records: 0 created, 0 updated, 13 unchanged\n"
    assert dump(seeded) == before
    # the announced year stays a year (it was 2025-01-01, a day, and "8 updated")
    assert _item()["announced"] == {"text": "2025", "date": "2025-01-01", "precision": "year"}


def test_an_old_csv_is_a_conflict_and_force_imports_it(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text(ok("list", "--format", "csv"), encoding="utf-8")
    ok("update", "bridging-programme", "--status", "achieved", "--progress", "100")
    rows = _rows(path.read_text(encoding="utf-8"))
    line = 2 + [r["slug"] for r in rows].index("bridging-programme")
    for row in rows:
        if row["slug"] == "bridging-programme":
            row["progress"] = "50"
    _csv(path, rows)
    before = dump(seeded)
    result = run("import", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"line {line}: changed since this file was exported (on 2026-11-22 by {AUTHOR});"
        " re-export or use --force\n"
        "error: 1 bad record of 13; nothing was imported\n"
    )
    assert dump(seeded) == before
    assert ok("import", str(path), "--force") == (
        "imported 13 records: 0 created, 1 updated, 12 unchanged\n"
    )
    assert (_item()["status"], _item()["progress"]) == ("announced", 50)


def test_an_old_row_that_changes_nothing_is_no_conflict(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_text(ok("list", "--format", "csv"), encoding="utf-8")
    ok("update", "bridging-programme", "--note", "a note changes no column")
    assert ok("import", str(path)) == "imported 13 records: 0 created, 0 updated, 13 unchanged\n"


def test_a_json_sync_record_with_updated_at_is_checked_too(seeded: Path, tmp_path: Path) -> None:
    stamp = _item()["updated_at"]
    ok("update", "bridging-programme", "--progress", "40")
    path = tmp_path / "rows.json"
    record = {"slug": "bridging-programme", "progress": 60, "updated_at": stamp}
    path.write_text(json.dumps([record]), encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith("line 1: changed since this file was exported (on 2026-11-22")


def test_csv_rows_carry_evidence_an_effective_day_and_an_author(
    seeded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "rows.csv"
    _csv(
        path,
        [
            {
                "slug": "bridging-programme",
                "status": "in_progress",
                "progress": "30",
                "note": "LegCo paper",
                "source": "https://www.legco.gov.hk/paper.pdf",
                "quote": "first cohort",
                "on": "2026-10-01",
                "by": "colleague",
            }
        ],
    )
    assert ok("import", str(path)) == "imported 1 record: 0 created, 1 updated, 0 unchanged\n"
    entry = _history()[-1]
    assert (entry["event"], entry["effective"], entry["note"], entry["author"]) == (
        "update",
        "2026-10-01",
        "LegCo paper",
        "colleague",
    )
    assert entry["changes"] == {
        "status": {"from": "announced", "to": "in_progress"},
        "progress": {"from": None, "to": 30},
    }
    source = entry["source"]
    assert isinstance(source, dict)
    assert (source["url"], source["quote"]) == (
        "https://www.legco.gov.hk/paper.pdf",
        "first cohort",
    )


def test_a_changed_deadline_text_is_parsed_as_a_phrase(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    rows = _rows(ok("list", "--format", "csv"))
    for row in rows:
        if row["slug"] == "bridging-programme":
            row["deadline_text"] = "2026年下半年"  # the old window columns stay as they were
    _csv(path, rows)
    assert ok("import", str(path)) == "imported 13 records: 0 created, 1 updated, 12 unchanged\n"
    deadline = _item()["deadline"]
    assert isinstance(deadline, dict)
    assert (deadline["earliest"], deadline["latest"]) == ("2026-07-01", "2026-12-31")


def test_an_unparseable_deadline_text_is_a_bad_line(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    rows = _rows(ok("list", "--format", "csv"))
    line = 2 + [r["slug"] for r in rows].index("bridging-programme")
    rows[line - 2]["deadline_text"] = "whenever Beijing agrees"
    _csv(path, rows)
    before = dump(seeded)
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"line {line}: ")
    assert "whenever Beijing agrees" in result.stderr.splitlines()[0]
    assert dump(seeded) == before


def test_excel_csv_with_a_byte_order_mark_round_trips(seeded: Path, tmp_path: Path) -> None:
    written = run("list", "--format", "csv", "--excel").stdout_bytes
    assert written.startswith(b"\xef\xbb\xbfid,uuid,slug,")
    path = tmp_path / "excel.csv"
    path.write_bytes(written)
    assert ok("import", str(path)) == "imported 13 records: 0 created, 0 updated, 13 unchanged\n"
    report = run("report", "--format", "csv", "--excel").stdout_bytes
    assert report.startswith(b"\xef\xbb\xbfslug,uuid,title,")
    assert run("export", "--format", "csv", "--excel").stdout_bytes.startswith(b"\xef\xbb\xbfid,")
    refused = run("list", "--excel")
    assert (refused.exit_code, refused.stderr) == (
        2,
        "error: --excel is for --format csv, not table\n",
    )


def test_a_sources_key_records_an_edit_entry(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    record = {"slug": "bridging-programme", "sources": [{"url": "https://example.org/a"}]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert ok("import", str(path)) == "imported 1 record: 0 created, 1 updated, 0 unchanged\n"
    entry = _history()[-1]
    assert (entry["event"], entry["changes"], entry["note"]) == (
        "edit",
        {"sources": {"added": [_document(url="https://example.org/a")]}},
        "imported",
    )


def test_import_dry_run_says_what_would_change(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    lines = [
        {"slug": "bridging-programme", "status": "in_progress", "progress": 30},
        {"slug": "new-one", "title": "A new one"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    before = dump(seeded)
    assert ok("import", str(path), "--dry-run") == (
        "line 1: bridging-programme: status announced -> in_progress; progress 30%\n"
        "line 2: new-one: created\n"
        "would import 2 records: 1 created, 1 updated, 0 unchanged\n"
    )
    summary = json.loads(ok("import", str(path), "--dry-run", "--summary-format", "json"))
    assert summary["changes"] == [
        {
            "line": 1,
            "initiative": "bridging-programme",
            "created": False,
            "changes": {
                "status": {"from": "announced", "to": "in_progress"},
                "progress": {"from": None, "to": 30},
            },
        },
        {
            "line": 2,
            "initiative": "new-one",
            "created": True,
            "changes": {
                "slug": {"from": None, "to": "new-one"},
                "title": {"from": None, "to": "A new one"},
                "kind": {"from": None, "to": "measure"},
                "status": {"from": None, "to": "announced"},
            },
        },
    ]
    assert dump(seeded) == before


def test_apply_dry_run_json_lists_the_changes(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "updates.jsonl"
    path.write_text(
        json.dumps({"initiative": "bridging-programme", "progress": 30}) + "\n", encoding="utf-8"
    )
    summary = json.loads(ok("apply", str(path), "--dry-run", "--format", "json"))
    assert summary["changes"] == [
        {
            "line": 1,
            "initiative": "bridging-programme",
            "changes": {"progress": {"from": None, "to": 30}},
        }
    ]


@pytest.mark.parametrize(
    ("command", "name", "text", "flag"),
    [
        (
            "apply",
            "u.jsonl",
            '{"initiative": "bridging-programme", "progress": 30}\nnope\n',
            "--format",
        ),
        (
            "import",
            "r.jsonl",
            '{"slug": "bridging-programme", "progress": 30}\nnope\n',
            "--summary-format",
        ),
    ],
)
def test_json_summaries_are_printed_when_lines_are_bad(
    seeded: Path, tmp_path: Path, command: str, name: str, text: str, flag: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run(command, str(path), flag, "json")
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    assert (summary["errors"], summary["error_count"]) == (
        [{"line": 2, "error": "not valid JSON (Expecting value)"}],
        1,
    )
    assert result.stderr.splitlines()[-1].startswith("error: 1 bad ")


@pytest.mark.parametrize(
    ("record", "error"),
    [
        (
            {"slug": "bridging-programme", "progress": 5, "quote": "q"},
            "a quote needs a source: it must say where it comes from",
        ),
        (
            {"slug": "bridging-programme", "progress": 5, "on": "2027-01-01"},
            "'on' '2027-01-01' is in the future (2027-01-01)",
        ),
        ({"slug": "bridging-programme", "note": 5}, "'note' must be a string"),
        (
            {"slug": "bridging-programme", "note": "n", "history": []},
            "'note' is for a record without history (a sync row)",
        ),
    ],
)
def test_bad_evidence_is_a_bad_line(
    seeded: Path, tmp_path: Path, record: dict[str, object], error: str
) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    before = dump(seeded)
    result = run("import", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"line 1: {error}\nerror: 1 bad record of 1; nothing was imported\n",
    )
    assert dump(seeded) == before


def test_a_new_row_keeps_its_note_and_extra_sources(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    record = {
        "slug": "new-one",
        "title": "A new one",
        "note": "from the budget speech",
        "sources": [{"url": "https://example.org/a"}, {"title": "Budget speech"}],
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    ok("import", str(path))
    entries = _history("new-one")
    assert [(e["event"], e["note"]) for e in entries] == [
        ("created", "from the budget speech"),
        ("edit", "imported"),
    ]
    assert entries[1]["changes"] == {"sources": {"added": [_document(title="Budget speech")]}}


def _document(**given: str | None) -> dict[str, str | None]:
    """A source as an entry's ``sources`` change holds it: every field, None unless given."""
    keys = ("title", "publisher", "published", "url", "accessed", "quote")
    return {key: given.get(key) for key in keys}
