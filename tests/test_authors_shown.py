"""Issue 12: what an update records, and who made each change, shown and filtered."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import ok

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
