"""tracker export: every initiative with its history, in a versioned, stable file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from helpers import ok, run


def lines(*args: str) -> list[dict]:
    return [json.loads(line) for line in ok("export", *args).splitlines()]


def test_jsonl_has_a_header_then_one_record_per_initiative_in_uuid_order(seeded: Path) -> None:
    ok(
        "update",
        "bridging-programme",
        "--status",
        "in_progress",
        "--progress",
        "30",
        "--source",
        "https://www.polyu.edu.hk/",
        "--quote",
        "first cohort",
        "--ref",
        "k1",
    )
    ok("update", "bridging-programme", "--progress", "30", "--ref", "k2")  # changes nothing
    header, *records = lines()
    assert header == {"format": "tracker-export", "version": 1}
    assert len(records) == 13
    assert [r["uuid"] for r in records] == sorted(r["uuid"] for r in records)
    bridging = next(r for r in records if r["slug"] == "bridging-programme")
    assert list(bridging) == [
        "uuid",
        "slug",
        "title",
        "summary",
        "kind",
        "status",
        "confidence",
        "confidence_note",
        "progress",
        "announced",
        "deadline",
        "baseline_deadline",
        "parent",
        "tags",
        "jurisdictions",
        "sponsors",
        "sources",
        "created_at",
        "updated_at",
        "history",
        "applied_refs",
    ]
    assert [e["event"] for e in bridging["history"]] == ["created", "update"]
    assert bridging["history"][1]["changes"]["status"] == {"from": "announced", "to": "in_progress"}
    assert bridging["history"][1]["source"]["url"] == "https://www.polyu.edu.hk/"
    assert bridging["applied_refs"] == ["k2"]
    assert bridging["deadline"] == {
        "text": "late 2025",
        "earliest": "2025-09-01",
        "latest": "2025-12-31",
        "precision": "part-year",
    }
    strand = next(r for r in records if r["slug"] == "fintech-hub-green-finance")
    plan = next(r for r in records if r["slug"] == "fintech-hub-action-plan")
    assert strand["parent"] == plan["uuid"]  # parents by uuid: slugs can change


def test_json_holds_the_same_records(seeded: Path) -> None:
    document = json.loads(ok("export", "--format", "json"))
    assert (document["format"], document["version"]) == ("tracker-export", 1)
    assert document["initiatives"] == lines()[1:]


def test_export_is_stable_and_written_atomically(seeded: Path, tmp_path) -> None:
    target = tmp_path / "backup.jsonl"
    assert ok("export", "--output", str(target)) == ""
    assert target.read_text(encoding="utf-8") == ok("export")
    assert ok("export") == ok("export")


def test_the_file_is_written_as_it_is_rendered_and_only_whole(
    seeded: Path, tmp_path, monkeypatch
) -> None:
    """``--output`` streams into a temporary file, renamed over the target at the end:
    the same bytes as standard output in every format; a failure half-way leaves the
    target as it was and no temporary file."""
    from tracker.api import Tracker
    from tracker.errors import UnusableError

    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "backup"
    for fmt in ("jsonl", "json", "csv"):
        assert ok("export", "-f", fmt, "--output", str(target)) == ""
        assert target.read_bytes() == run("export", "-f", fmt).stdout_bytes
    before = target.read_bytes()
    real = Tracker.export_lines

    def failing(self, progress=None):
        yield next(real(self, progress))
        raise UnusableError("the disk went away")

    monkeypatch.setattr(Tracker, "export_lines", failing)
    result = run("export", "--output", str(target))
    assert (result.exit_code, result.stderr) == (1, "error: the disk went away\n")
    assert target.read_bytes() == before
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["backup"]


def test_odd_text_survives_in_the_file(seeded: Path) -> None:
    odd = 'quote " newline \\n tab \t emoji \U0001f680 rtl \u202e end'
    ok("update", "offshore-rmb-centre", "--note", odd)
    record = next(r for r in lines()[1:] if r["slug"] == "offshore-rmb-centre")
    assert record["history"][-1]["note"] == odd


def test_csv_has_the_list_columns(seeded: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ok("export", "-f", "csv"))))
    assert len(rows) == 13 and list(rows[0])[:4] == ["id", "uuid", "slug", "title"]
    assert [r["uuid"] for r in rows] == sorted(r["uuid"] for r in rows)


def test_bad_format_and_unwritable_output(seeded: Path, tmp_path) -> None:
    result = run("export", "--format", "xml")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: unknown format 'xml'; choose from jsonl, json, csv\n",
    )
    result = run("export", "--output", str(tmp_path / "no" / "x.jsonl"))
    assert result.exit_code == 1 and result.stderr.startswith("error: cannot write ")
