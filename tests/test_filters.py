"""The questions analysts ask of a list and a report (issue 15, "Filters"): a kind, a
confidence level, what changed since a day, what a person recorded, what slipped."""

from __future__ import annotations

import json

from helpers import ok, run


def slugs(*args: str) -> list[str]:
    return sorted(item["slug"] for item in json.loads(ok("list", *args, "--format", "json")))


def _week() -> None:
    ok("init", "--seed")
    ok("update", "bridging-programme", "--progress", "10", "--on", "2026-11-02", "--by", "Mei Ling")
    ok("update", "fintech-hub-action-plan", "--deadline", "by 2028", "--on", "2026-11-10")
    ok("update", "offshore-rmb-centre", "--confidence", "red", "--on", "2026-10-01")


def test_list_by_kind_confidence_change_day_author_and_slip() -> None:
    _week()
    assert slugs("--kind", "plan") == ["fintech-hub-action-plan"]
    assert slugs("--kind", "plan", "--kind", "programme") == [
        "bridging-programme",
        "fintech-hub-action-plan",
    ]
    assert slugs("--confidence", "red") == ["offshore-rmb-centre"]
    assert slugs("--changed-since", "2026-11-01") == [
        "bridging-programme",
        "fintech-hub-action-plan",
    ]
    assert slugs("--changed-since", "2026-09-01") == [
        "bridging-programme",
        "fintech-hub-action-plan",
        "offshore-rmb-centre",
    ]
    assert slugs("--by", "MEI LING") == ["bridging-programme"]  # any case
    assert slugs("--by", "nobody") == []
    # by 2027 became by 2028: later than its first deadline
    assert slugs("--slipped") == ["fintech-hub-action-plan"]
    assert slugs("--slipped", "--kind", "programme") == []  # filters combine (AND)


def test_report_takes_the_same_filters_and_names_them() -> None:
    _week()
    report = json.loads(
        ok("report", "--slipped", "--changed-since", "2026-11-01", "--format", "json")
    )
    assert [item["slug"] for item in report["initiatives"]] == ["fintech-hub-action-plan"]
    assert report["filters"] == {
        "status": [],
        "tag": [],
        "jurisdiction": [],
        "sponsor": [],
        "search": None,
        "changed_since": "2026-11-01",
        "slipped": True,
    }
    kinds = json.loads(ok("report", "--kind", "Plan", "--confidence", "red", "--format", "json"))
    assert kinds["initiatives"] == []  # no plan is red
    assert kinds["filters"]["kind"] == ["plan"] and kinds["filters"]["confidence"] == ["red"]
    assert "Filtered: changed since 2026-11-01, slipped" in ok(
        "report", "--slipped", "--changed-since", "2026-11-01"
    )
    # without the new filters the report's filters keep their old keys
    assert list(json.loads(ok("report", "--format", "json"))["filters"]) == [
        "status",
        "tag",
        "jurisdiction",
        "sponsor",
        "search",
    ]


def test_bad_filters_are_one_line_errors() -> None:
    ok("init", "--seed")
    for args in (
        ("list", "--kind", "treaty"),
        ("list", "--confidence", "purple"),
        ("report", "--kind", "treaty"),
        ("list", "--changed-since", "sometime soonish"),
    ):
        result = run(*args)
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, args


def test_the_author_filter_uses_its_index() -> None:
    import os
    import sqlite3
    from pathlib import Path

    ok("init", "--seed")
    conn = sqlite3.connect(Path(os.environ["TRACKER_DB"]))
    plan = " ".join(
        row[3]
        for row in conn.execute(
            "EXPLAIN QUERY PLAN SELECT initiative_id FROM updates WHERE author = 'x' COLLATE NOCASE"
        )
    )
    assert "idx_updates_author" in plan
