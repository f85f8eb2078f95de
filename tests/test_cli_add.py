"""tracker add, end to end through typer's CliRunner."""

from __future__ import annotations

from helpers import HISTORY_KEYS, INITIATIVE_KEYS, ok, shown

# -- add -------------------------------------------------------------------------------


def test_add_prints_slug_and_stores_everything(isolated):
    out = ok(
        "add",
        "Wealth Management Connect 3.0",
        "--summary",
        "Raise the quota.",
        "--kind",
        "measure",
        "--status",
        "in_progress",
        "--deadline",
        "H1 2026",
        "--announced",
        "2025-09-01",
        "--jurisdiction",
        "Hong Kong",
        "--jurisdiction",
        "Greater Bay Area",
        "--sponsor",
        "HKMA",
        "--tag",
        "wealth",
        "--tag",
        "connect",
        "--source",
        "https://www.hkma.gov.hk/",
        "--quote",
        "expand the scheme",
        "--progress",
        "20",
        "--confidence",
        "amber",
    )
    assert out == "wealth-management-connect-3-0\n"
    item = shown("wealth-management-connect-3-0")
    assert list(item)[: len(INITIATIVE_KEYS)] == INITIATIVE_KEYS
    assert item["deadline"] == {
        "text": "H1 2026",
        "earliest": "2026-01-01",
        "latest": "2026-06-30",
        "precision": "half",
    }
    assert item["baseline_deadline"] == item["deadline"]
    assert item["announced"] == {"text": "2025-09-01", "date": "2025-09-01", "precision": "day"}
    assert item["tags"] == ["connect", "wealth"]
    assert item["jurisdictions"] == ["Greater Bay Area", "Hong Kong"]
    assert (item["status"], item["progress"], item["confidence"]) == ("in_progress", 20, "amber")
    assert item["health"] == "overdue"
    assert item["sources"] == [
        {
            "title": None,
            "publisher": None,
            "published": None,
            "url": "https://www.hkma.gov.hk/",
            "accessed": None,
            "quote": "expand the scheme",
        }
    ]
    [created] = item["history"]
    assert list(created) == HISTORY_KEYS
    assert created["event"] == "created"
    assert created["effective"] == "2025-09-01"
    assert created["changes"]["status"] == {"from": None, "to": "in_progress"}


def test_add_defaults_and_unique_slugs(isolated):
    assert ok("add", "Same title") == "same-title\n"
    assert ok("add", "Same title") == "same-title-2\n"
    assert ok("add", "提高跨境支付效率") == "ti-gao-kua-jing-zhi-fu-xiao-lv\n"
    assert ok("add", "ひらがな").startswith("i-")  # nothing that folds to ASCII
    item = shown("same-title")
    assert (item["kind"], item["status"], item["progress"]) == ("measure", "announced", None)
    assert ok("add", "An idea", "--kind", "proposal") == "an-idea\n"
    assert shown("an-idea")["status"] == "proposed"


def test_relative_deadline_counts_from_announcement(isolated):
    ok("add", "Plan", "--announced", "2025-03-14", "--deadline", "within three years")
    assert shown("plan")["deadline"] == {
        "text": "within three years",
        "earliest": "2025-03-14",
        "latest": "2028-03-14",
        "precision": "multi-year",
    }


def test_add_with_parent(isolated):
    ok("add", "Big plan", "--kind", "plan")
    ok("add", "Strand", "--parent", "big-plan")
    assert shown("strand")["parent"] == "big-plan"
    assert [c["slug"] for c in shown("big-plan")["children"]] == ["strand"]
