"""tracker list (its filters, sorting, formats and --count) and tracker show."""

from __future__ import annotations

import csv
import io
import json

import pytest
from helpers import listed, ok, run, shown

# -- list ------------------------------------------------------------------------------


def slugs(*args: str) -> list[str]:
    return [item["slug"] for item in listed(*args)]


def test_list_filters(seeded):
    assert slugs("--health", "overdue") == ["bridging-programme"]
    assert slugs("--status", "in_progress") == ["bocom-hk-ai-priority"]
    assert len(slugs("--status", "proposed", "--status", "in_progress")) == 6
    assert slugs("--sponsor", "polyu") == ["bridging-programme"]
    assert slugs("--tag", "green-finance") == ["fintech-hub-green-finance"]
    assert slugs("--jurisdiction", "Greater Bay Area") == [
        "fintech-hub-action-plan",
        "sz-hk-financial-cooperation",
    ]
    assert slugs("--tag", "fintech", "--tag", "cross-border") == [
        "fintech-hub-action-plan",
        "hk-fintech-sz-subsidiaries",
    ]
    assert slugs("--search", "offshore renminbi") == ["offshore-rmb-centre"]
    assert slugs("--search", "bridg") == ["bridging-programme"]
    assert slugs("--search", "!!!") == []
    assert slugs("--due-before", "2026") == ["bridging-programme"]
    assert slugs("--due-within", "2y") == [
        "fintech-hub-data-platforms",
        "fintech-hub-digital-finance",
        "fintech-hub-green-finance",
        "fintech-hub-action-plan",
    ]
    assert slugs("--due-within", "30d") == []
    # No deadline: ordered by title.
    assert slugs("--health", "no_deadline", "--limit", "2") == [
        "bocom-hk-ai-priority",
        "sz-business-environment",
    ]
    assert len(slugs("--limit", "3")) == 3


def test_search_chinese_text_by_substring(isolated):
    ok("add", "深港金融合作", "--slug", "sz-hk", "--summary", "Deepen financial cooperation")
    ok("add", "離岸人民幣中心", "--slug", "rmb")
    assert slugs("--search", "金融") == ["sz-hk"]
    assert slugs("--search", "人民幣") == ["rmb"]
    assert slugs("--search", "金融 deep") == ["sz-hk"]
    assert slugs("--search", "金融 nothing") == []
    ok("add", "100% done_ish", "--slug", "pct")
    assert slugs("--search", "%") == []  # no word, no match-all


def test_list_sorting(seeded):
    by_deadline = slugs()
    assert by_deadline[0] == "bridging-programme"
    assert by_deadline[1:5] == [
        "fintech-hub-data-platforms",
        "fintech-hub-digital-finance",
        "fintech-hub-green-finance",
        "fintech-hub-action-plan",
    ]
    titles = [item["title"].lower() for item in listed("--sort", "title")]
    assert titles == sorted(titles)
    ok("update", "sz-digital-economy-engine", "--note", "touched")
    assert slugs("--sort", "updated")[0] == "sz-digital-economy-engine"
    statuses = [item["status"] for item in listed("--sort", "status")]
    assert statuses == sorted(
        statuses,
        key=[
            "proposed",
            "announced",
            "in_progress",
            "achieved",
            "stalled",
            "abandoned",
            "superseded",
        ].index,
    )


def test_list_health_due_soon_and_closed(isolated, monkeypatch):
    ok("add", "Soon", "--deadline", "2027-01-31")
    ok("add", "Later", "--deadline", "2027-03-31")
    ok("add", "Done", "--deadline", "2020", "--status", "achieved")
    assert slugs("--health", "due_soon") == ["soon"]
    assert slugs("--health", "on_track") == ["later"]
    assert slugs("--health", "closed") == ["done"]
    monkeypatch.setenv("TRACKER_TODAY", "2027-02-01")
    assert slugs("--health", "overdue") == ["soon"]
    assert slugs("--health", "due_soon") == ["later"]


def test_list_csv_is_rfc4180_and_neutralises_formulas(isolated):
    ok("add", '=HYPERLINK("http://evil")', "--slug", "evil", "--tag", "a", "--tag", "b")
    ok("add", 'Plain, with "quotes"\nand a newline', "--slug", "plain")
    result = run("list", "--format", "csv", "--sort", "title")
    out = result.stdout_bytes.decode()
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0][:5] == ["id", "uuid", "slug", "title", "summary"]
    assert rows[1][2:4] == ["evil", '\'=HYPERLINK("http://evil")']
    assert rows[1][rows[0].index("tags")] == "a;b"
    assert rows[2][3] == 'Plain, with "quotes" and a newline'
    assert out.count("\r\n") == 3


def test_list_table_exact(isolated):
    ok("add", "Bridging programme", "--deadline", "late 2025", "--progress", "40")
    ok("add", "Fintech hub plan", "--deadline", "by 2027", "--kind", "plan")
    ok("add", "Undated idea", "--kind", "proposal")
    lines = [line.rstrip() for line in ok("list").splitlines()]  # Rich pads cells with spaces
    assert lines == [
        "Initiative           Status        Deadline     Progress",
        "─" * 58,
        "Bridging programme   announced     2025-12-31   ██░░░  40%",
        "bridging-programme   overdue       late 2025",
        "",
        "Fintech hub plan     announced     2027-12-31   -",
        "fintech-hub-plan     on_track      by 2027",
        "",
        "Undated idea         proposed      -            -",
        "undated-idea         no_deadline",
        "3 initiatives",
    ]


def test_list_table_never_breaks_a_slug_at_80_columns(isolated, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    slug = "cross-boundary-wealth-management-connect"  # 40, the longest derived slug
    ok("add", "Cross-boundary Wealth Management Connect expansion pilot scheme")
    ok("add", "One", "--progress", "100", "--deadline", "2026-12-01")
    lines = [line.rstrip() for line in ok("list").splitlines()]
    assert slug in lines
    assert max(len(line) for line in lines) <= 80
    assert lines[-1] == "2 initiatives"
    assert "█████ 100%" in "\n".join(lines)
    assert ok("list", "--limit", "1").splitlines()[-1] == "1 initiative"


def test_list_empty_and_no_ansi_when_piped(isolated):
    assert ok("list") == "No initiatives match.\n"
    ok("init", "--seed")
    out = ok("list")
    assert "\x1b" not in out
    assert ok("show", "bridging-programme").count("\x1b") == 0


def test_terminal_output_escapes_hostile_text(isolated):
    ok("add", "[bold]x[/bold] \x1b[31mred\u202eevil", "--slug", "hostile")
    out = ok("show", "hostile")
    assert "[bold]x[/bold] \\u001b[31mred\\u202eevil" in out
    assert "\x1b" not in out and "\u202e" not in out
    # JSON keeps the exact text.
    assert shown("hostile")["title"] == "[bold]x[/bold] \x1b[31mred\u202eevil"


def test_show_table_sections(seeded):
    out = ok("show", "fintech-hub-action-plan")
    lines = out.splitlines()
    assert lines[0] == "Three-year action plan for a Hong Kong-Shenzhen global fintech hub"
    assert lines[1] == "fintech-hub-action-plan"
    for needle in (
        "Status         announced",
        "Health         on_track (404 days left)",
        "Deadline       by 2027 (2027-01-01..2027-12-31) [year]",
        "Sources",
        "Children",
        "History",
        "fintech-hub-digital-finance",
        "“authorities in both cities recently unveiled",
    ):
        assert needle in out, needle


def test_show_overdue_days(seeded):
    out = ok("show", "bridging-programme")
    assert "overdue (326 days past 2025-12-31)" in out


@pytest.mark.parametrize(
    "filters",
    [
        (),
        ("--tag", "talent"),
        ("--jurisdiction", "Shenzhen"),
        ("--status", "proposed"),
        ("--health", "overdue"),
        ("--due-before", "2027"),
        ("--search", "fintech"),
        ("--search", "金融"),
        ("--search", "!!!"),
        ("--tag", "fintech", "--due-within", "900d"),
        ("--limit", "3"),
        ("--limit", "0"),
    ],
)
def test_count_is_how_many_list_shows(seeded, filters):
    listed = json.loads(ok("list", *filters, "--format", "json"))
    assert ok("list", *filters, "--count") == f"{len(listed)}\n"
    assert json.loads(ok("list", *filters, "--count", "-f", "json")) == {"count": len(listed)}


def test_count_refuses_csv(seeded):
    result = run("list", "--count", "--format", "csv")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --count prints a number or json, not csv\n",
    )
