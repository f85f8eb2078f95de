"""Issue 15: the report's slipped section lists every deadline move in the changed period,
with its days and evidence, and each initiative's total slip since the baseline."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import ok, run
from markdown_it import MarkdownIt

PERIOD = ("--since", "2026-10-01")  # to the report day, TRACKER_TODAY (2026-11-22)
URL = "https://www.legco.gov.hk/cb1-123"

#: On top of the seeds, whose action plan and green-finance strand are due "by 2027".
MOVES = [
    # before the period: a slip the section leaves out (the --slipped filter keeps it)
    ("bridging-programme", "--deadline", "2026", "--on", "2026-06-01", "--note", "A year late"),
    (
        "fintech-hub-action-plan",
        "--deadline",
        "H1 2028",
        "--on",
        "2026-10-05",
        "--note",
        "Timeline extended to mid-2028",
        "--source",
        URL,
        "--quote",
        "extended to the first half of 2028",
        "--ref",
        "legco-123",
        "--by",
        "alice",
    ),
    ("fintech-hub-action-plan", "--deadline", "2028", "--on", "2026-10-20", "--note", "Again"),
    # the same days reworded: no move
    ("fintech-hub-action-plan", "--deadline", "in 2028", "--on", "2026-11-02", "--by", "bob"),
    ("fintech-hub-green-finance", "--deadline", "H1 2027", "--on", "2026-10-15", "--by", "bob"),
    # a first deadline sets the baseline: no move
    ("hk-fintech-sz-subsidiaries", "--deadline", "Q1 2027", "--on", "2026-10-12"),
]

BY_2027 = {"text": "by 2027", "earliest": "2027-01-01", "latest": "2027-12-31", "precision": "year"}
H1_2028 = {"text": "H1 2028", "earliest": "2028-01-01", "latest": "2028-06-30", "precision": "half"}
Y_2028 = {"text": "2028", "earliest": "2028-01-01", "latest": "2028-12-31", "precision": "year"}
H1_2027 = {"text": "H1 2027", "earliest": "2027-01-01", "latest": "2027-06-30", "precision": "half"}

FIRST_MOVE = {
    "effective": "2026-10-05",
    "from": BY_2027,
    "to": H1_2028,
    "days": 182,
    "note": "Timeline extended to mid-2028",
    "source": {
        "title": None,
        "publisher": None,
        "published": None,
        "url": URL,
        "accessed": None,
        "quote": "extended to the first half of 2028",
    },
    "ref": "legco-123",
    "author": "alice",
}
SECOND_MOVE = {
    "effective": "2026-10-20",
    "from": H1_2028,
    "to": Y_2028,
    "days": 184,
    "note": "Again",
    "source": None,
    "ref": None,
    "author": "analyst",
}
FORWARD = {
    "effective": "2026-10-15",
    "from": BY_2027,
    "to": H1_2027,
    "days": -184,
    "note": None,
    "source": None,
    "ref": None,
    "author": "bob",
}


@pytest.fixture
def moved(seeded: Path) -> Path:
    for args in MOVES:
        ok("update", *args)
    return seeded


def slipped(*args: str) -> list[dict]:
    return json.loads(ok("report", "--format", "json", *args))["slipped"]


def summary(entries: list[dict]) -> list[tuple]:
    return [
        (e["slug"], [m["days"] for m in e["moves"]], e["days_moved"], e["total_days_slipped"])
        for e in entries
    ]


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


# -- what the section holds ------------------------------------------------------------


def test_every_move_in_the_period_with_its_days_evidence_and_the_total(moved: Path) -> None:
    """The issue's reproduction: two slips of the action plan in the period; before, the
    section showed the latest move only, and whatever had slipped, whenever."""
    entries = slipped(*PERIOD)
    assert summary(entries) == [
        ("fintech-hub-action-plan", [182, 184], 366, 366),
        ("fintech-hub-green-finance", [-184], -184, -184),
    ]
    assert slipped("--since", "this quarter") == entries  # the words
    plan, green = entries
    assert plan["moves"] == [FIRST_MOVE, SECOND_MOVE]
    assert green["moves"] == [FORWARD]
    # the keys kept from before: the initiative's entry and the update that set the
    # current deadline (here the rewording), when the deadline ends after the baseline
    assert (plan["baseline_deadline"], plan["deadline"]["text"], plan["days_slipped"]) == (
        BY_2027,
        "in 2028",
        366,
    )
    assert plan["moved_by"] == {
        "effective": "2026-11-02",
        "note": None,
        "source": None,
        "ref": None,
    }
    assert (green["days_slipped"], green["moved_by"]) == (None, None)
    assert list(plan)[-5:] == [
        "days_since_update",
        "moved_by",
        "moves",
        "days_moved",
        "total_days_slipped",
    ]


def test_a_slip_before_the_period_is_not_in_the_section(moved: Path) -> None:
    data = json.loads(ok("report", "--format", "json", *PERIOD))
    bridging = next(i for i in data["initiatives"] if i["slug"] == "bridging-programme")
    assert bridging["days_slipped"] == 365  # still in every initiative entry
    assert "bridging-programme" not in [e["slug"] for e in data["slipped"]]
    assert slipped("--since", "7d") == []  # the default period: nothing moved this week
    assert summary(slipped("--since", "2026-06-01")) == [
        ("fintech-hub-action-plan", [182, 184], 366, 366),
        ("bridging-programme", [365], 365, 365),
        ("fintech-hub-green-finance", [-184], -184, -184),
    ]


def test_the_period_ends_on_the_report_day(moved: Path) -> None:
    entries = slipped(*PERIOD, "--as-of", "2026-10-10")
    assert summary(entries) == [("fintech-hub-action-plan", [182], 182, 182)]
    assert entries[0]["moves"] == [FIRST_MOVE]


def test_by_narrows_the_changed_section_not_the_moves(moved: Path) -> None:
    data = json.loads(ok("report", "--format", "json", *PERIOD, "--by", "bob"))
    assert [g["slug"] for g in data["changed"]] == [
        "fintech-hub-action-plan",
        "fintech-hub-green-finance",
    ]
    assert summary(data["slipped"]) == [
        ("fintech-hub-action-plan", [182, 184], 366, 366),
        ("fintech-hub-green-finance", [-184], -184, -184),
    ]


def test_filters_narrow_the_section(moved: Path) -> None:
    assert summary(slipped(*PERIOD, "--tag", "green-finance")) == [
        ("fintech-hub-green-finance", [-184], -184, -184)
    ]


def test_a_retracted_move_is_gone_and_an_amended_one_shows_its_new_note(moved: Path) -> None:
    history = json.loads(ok("history", "fintech-hub-action-plan", "--format", "json"))
    entries = history["history"] if isinstance(history, dict) else history
    by_day = {e["effective"]: e["uuid"] for e in entries}
    ok("retract", by_day["2026-10-20"], "--reason", "Wrong paper")
    ok("amend", by_day["2026-10-05"], "--note", "Extended to mid-2028")
    (plan,) = [e for e in slipped(*PERIOD) if e["slug"] == "fintech-hub-action-plan"]
    # the rewording now moves H1 2028 to 2028 (the retracted entry no longer stands between)
    assert [(m["effective"], m["days"], m["note"], m["author"]) for m in plan["moves"]] == [
        ("2026-10-05", 182, "Extended to mid-2028", "alice"),
        ("2026-11-02", 184, None, "bob"),
    ]
    assert summary([plan]) == [("fintech-hub-action-plan", [182, 184], 366, 366)]


def test_since_last_takes_a_backdated_move_recorded_after_the_last_report(
    moved: Path, tmp_path: Path
) -> None:
    ok("report", "--format", "json", "--output", str(tmp_path / "r.json"))
    assert slipped("--since", "last") == []
    ok("update", "fintech-hub-digital-finance", "--deadline", "Q1 2028", "--on", "2026-09-01")
    assert summary(slipped("--since", "last")) == [("fintech-hub-digital-finance", [91], 91, 91)]


def test_a_brought_forward_deadline_after_a_slip_totals_from_the_baseline(seeded: Path) -> None:
    ok("update", "fintech-hub-data-platforms", "--deadline", "2029", "--on", "2026-03-01")
    ok("update", "fintech-hub-data-platforms", "--deadline", "2028", "--on", "2026-10-02")
    assert summary(slipped(*PERIOD)) == [("fintech-hub-data-platforms", [-365], -365, 366)]


# -- every format ----------------------------------------------------------------------


def test_terminal_text(moved: Path) -> None:
    text = section(ok("report", *PERIOD), "Slipped (2)", "Stale")
    assert text.splitlines() == [
        "Slipped (2)",
        "Initiative                      Effective    Deadline moved                 Days",
        "────────────────────────────────────────────────────────────────────────────────",
        "Three-year action plan for a    2026-10-05   by 2027                        +182",
        "Hong Kong-Shenzhen global                    (2027-01-01..2027-12-31)",
        "fintech hub                                  -> H1 2028",
        "fintech-hub-action-plan                      (2028-01-01..2028-06-30)",
        "+366 days since the baseline,                Timeline extended to",
        "by 2027                                      mid-2028; source:",
        "(2027-01-01..2027-12-31)                     https://www.legco.gov.hk/cb1",
        '                                             -123; quote: "extended to',
        '                                             the first half of 2028";',
        "                                             ref: legco-123; by alice",
        "                                2026-10-20   H1 2028                        +184",
        "                                             (2028-01-01..2028-06-30)",
        "                                             -> 2028",
        "                                             (2028-01-01..2028-12-31)",
        "                                             Again; by analyst",
        "Fintech hub action plan:        2026-10-15   by 2027                        -184",
        "green and inclusive finance                  (2027-01-01..2027-12-31)",
        "fintech-hub-green-finance                    -> H1 2027",
        "-184 days since the baseline,                (2027-01-01..2027-06-30)",
        "by 2027                                      by bob",
        "(2027-01-01..2027-12-31)",
        "",
    ]


def _table_after(markdown: str, heading: str) -> list[list[str]]:
    """The rows of the first table after ``heading``, each a list of its cells' text."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    start = next(
        n
        for n, t in enumerate(tokens)
        if t.type == "inline" and t.content == heading and tokens[n - 1].tag == "h2"
    )
    rows: list[list[str]] = []
    for token in tokens[start:]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline" and rows:
            rows[-1].append("".join(c.content for c in token.children or []))
    return rows


def test_markdown_is_one_table_row_per_move(moved: Path) -> None:
    markdown = ok("report", "--format", "markdown", *PERIOD)
    assert _table_after(markdown, "Slipped (2)") == [
        [
            "Initiative",
            "Baseline",
            "Since baseline",
            "Effective",
            "Deadline moved",
            "Days",
            "Evidence",
            "By",
        ],
        [
            "Three-year action plan for a Hong Kong-Shenzhen global fintech hub"
            " (fintech-hub-action-plan)",
            "by 2027 (2027-01-01..2027-12-31)",
            "+366 days",
            "2026-10-05",
            "by 2027 (2027-01-01..2027-12-31) -> H1 2028 (2028-01-01..2028-06-30)",
            "+182 days",
            "Timeline extended to mid-2028; source: https://www.legco.gov.hk/cb1-123;"
            ' quote: "extended to the first half of 2028"; ref: legco-123',
            "alice",
        ],
        [
            "",
            "",
            "",
            "2026-10-20",
            "H1 2028 (2028-01-01..2028-06-30) -> 2028 (2028-01-01..2028-12-31)",
            "+184 days",
            "Again",
            "analyst",
        ],
        [
            "Fintech hub action plan: green and inclusive finance (fintech-hub-green-finance)",
            "by 2027 (2027-01-01..2027-12-31)",
            "-184 days",
            "2026-10-15",
            "by 2027 (2027-01-01..2027-12-31) -> H1 2027 (2027-01-01..2027-06-30)",
            "-184 days",
            "-",
            "bob",
        ],
    ]


class _Cells(HTMLParser):
    """The text of each table row's cells, by table."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.tables[-1][-1].append("")
            self.inside = True
        elif (
            tag == "span" and self.inside and attrs in ([("class", "window")], [("class", "slug")])
        ):
            self.tables[-1][-1][-1] += " "

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.tables[-1][-1][-1] += data


def test_html_is_one_table_row_per_move_and_escapes(moved: Path) -> None:
    ok("update", "fintech-hub-digital-finance", "--deadline", "2028", "--note", "<b>late</b>")
    html = ok("report", "--format", "html", *PERIOD)
    assert "&lt;b&gt;late&lt;/b&gt;" in html and "<b>late" not in html
    part = section(html, "Slipped <span", "Stale <span")
    parser = _Cells()
    parser.feed(part)
    (table,) = parser.tables
    assert table[0] == [
        "Initiative",
        "Baseline",
        "Since baseline",
        "Effective",
        "Deadline moved",
        "Days",
        "Evidence",
        "By",
    ]
    assert table[1:3] == [
        [
            "Fintech hub action plan: digital finance fintech-hub-digital-finance",
            "by 2027 2027-01-01..2027-12-31",
            "+366 days",
            "2026-11-22",
            "by 2027 2027-01-01..2027-12-31 → 2028 2028-01-01..2028-12-31",
            "+366 days",
            "<b>late</b>",
            "analyst",
        ],
        [
            "Three-year action plan for a Hong Kong-Shenzhen global fintech hub"
            " fintech-hub-action-plan",
            "by 2027 2027-01-01..2027-12-31",
            "+366 days",
            "2026-10-05",
            "by 2027 2027-01-01..2027-12-31 → H1 2028 2028-01-01..2028-06-30",
            "+182 days",
            "Timeline extended to mid-2028; source: https://www.legco.gov.hk/cb1-123;"
            ' quote: "extended to the first half of 2028"; ref: legco-123',
            "alice",
        ],
    ]
    assert [row[3:6] for row in table[3:]] == [
        ["2026-10-20", "H1 2028 2028-01-01..2028-06-30 → 2028 2028-01-01..2028-12-31", "+184 days"],
        [
            "2026-10-15",
            "by 2027 2027-01-01..2027-12-31 → H1 2027 2027-01-01..2027-06-30",
            "-184 days",
        ],
    ]


def test_csv_counts_the_moves_in_the_period(moved: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(ok("report", "--format", "csv", *PERIOD))))
    moved_rows = {
        r["slug"]: (r["deadline_moves"], r["days_moved"], r["days_slipped"])
        for r in rows
        if r["deadline_moves"] != "0"
    }
    assert moved_rows == {
        "fintech-hub-action-plan": ("2", "366", "366"),
        "fintech-hub-green-finance": ("1", "-184", ""),  # a number, not a formula: no '
    }
    bridging = next(r for r in rows if r["slug"] == "bridging-programme")
    assert (bridging["deadline_moves"], bridging["days_moved"], bridging["days_slipped"]) == (
        "0",
        "0",
        "365",
    )
    header = list(rows[0])
    assert header[header.index("changes") : header.index("changes") + 3] == [
        "changes",
        "deadline_moves",
        "days_moved",
    ]


def test_an_empty_section_says_none(moved: Path) -> None:
    text = ok("report", "--format", "markdown")
    assert "## Slipped (0)\n\nNone.\n" in text
    assert run("report", "--since", "7d").exit_code == 0


def test_a_deadline_moved_and_moved_back_totals_zero(seeded: Path) -> None:
    ok("update", "fintech-hub-data-platforms", "--deadline", "2028", "--on", "2026-10-02")
    ok("update", "fintech-hub-data-platforms", "--deadline", "by 2027", "--on", "2026-10-09")
    (entry,) = slipped(*PERIOD)
    assert summary([entry]) == [("fintech-hub-data-platforms", [366, -366], 0, 0)]
    assert (entry["days_slipped"], entry["moved_by"]) == (None, None)
    text = ok("report", "--format", "markdown", *PERIOD)
    assert "| by 2027 (2027-01-01..2027-12-31) | 0 days | 2026-10-02 |" in text
