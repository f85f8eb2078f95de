"""tracker report, calendar and feed: content, formats, replay, cron behaviour.

Golden files live in tests/golden/. After an intended change of output, rewrite
them with ``UPDATE_GOLDEN=1 pytest tests/test_report.py`` and review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import dump, ok, run

from tracker.storage import repository

GOLDEN = Path(__file__).parent / "golden"
AS_OF = "2026-01-15"
FORMATS = {"terminal": "txt", "markdown": "md", "html": "html", "json": "json", "csv": "csv"}

#: Updates on top of the seeds (TRACKER_TODAY is 2026-11-22): three in the week before
#: AS_OF, one before it that moves a deadline, two after it that the replay must ignore.
SCENARIO = [
    (
        "bridging-programme",
        "--status",
        "in_progress",
        "--progress",
        "30",
        "--note",
        "First cohort enrolled",
        "--source",
        "https://www.polyu.edu.hk/",
        "--on",
        "2026-01-12",
        "--ref",
        "polyu-2026-01",
    ),
    (
        "fintech-hub-action-plan",
        "--deadline",
        "H1 2028",
        "--on",
        "2026-01-10",
        "--note",
        "Timeline extended to mid-2028",
        "--source",
        "LegCo paper CB(1)123/2026",
    ),
    (
        "hk-fintech-sz-subsidiaries",
        "--progress",
        "40",
        "--deadline",
        "Q1 2026",
        "--on",
        "2025-12-01",
        "--note",
        "Three firms registered in Qianhai",
    ),
    (
        "sz-tech-hk-capital-markets",
        "--status",
        "achieved",
        "--progress",
        "100",
        "--on",
        "2026-03-01",
    ),
    (
        "bridging-programme",
        "--status",
        "achieved",
        "--progress",
        "100",
        "--on",
        "2026-06-30",
        "--note",
        "First cohort graduated",
    ),
    (
        "fintech-hub-green-finance",
        "--progress",
        "20",
        "--confidence",
        "amber/red",
        "--confidence-note",
        "Funding for two of five strands only",
        "--on",
        "2026-01-14",
    ),
]


@pytest.fixture
def scenario(seeded: Path) -> Path:
    for args in SCENARIO:
        ok("update", *args)
    return seeded


def report(*args: str) -> str:
    return ok("report", "--as-of", AS_OF, *args)


def report_json(*args: str) -> dict:
    return json.loads(ok("report", "--format", "json", *args))


# -- golden files: every format, byte for byte -------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(scenario: Path, fmt: str) -> None:
    result = run("report", "--as-of", AS_OF, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / f"report.{FORMATS[fmt]}"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(result.stdout_bytes)
    assert result.stdout_bytes == path.read_bytes()


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_database_and_day_give_the_same_bytes(scenario: Path, fmt: str, tmp_path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    report("--format", fmt, "--output", str(first))
    report("--format", fmt, "--output", str(second))
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8") == report("--format", fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_replaying_nothing_gives_the_stored_state(scenario: Path, fmt: str, monkeypatch) -> None:
    """The fast path (stored columns) and the replay (history probes) agree exactly."""
    fast = ok("report", "--as-of", "2026-11-22", "--format", fmt)
    monkeypatch.setattr(repository, "any_update_after", lambda conn, day: True)
    assert ok("report", "--as-of", "2026-11-22", "--format", fmt) == fast


# -- the seed data ---------------------------------------------------------------------


def test_seeds_as_of_mid_january_2026(seeded: Path) -> None:
    data = report_json("--as-of", AS_OF)
    by_slug = {item["slug"]: item for item in data["initiatives"]}
    bridging = by_slug["bridging-programme"]
    assert (bridging["health"], bridging["days_overdue"]) == ("overdue", 15)
    assert bridging["deadline"] == {
        "text": "late 2025",
        "earliest": "2025-09-01",
        "latest": "2025-12-31",
        "precision": "part-year",
    }
    plan = by_slug["fintech-hub-action-plan"]
    assert (plan["health"], plan["days_overdue"], plan["days_left"]) == ("on_track", None, 715)
    assert [item["slug"] for item in data["overdue"]] == ["bridging-programme"]


def test_fail_if_overdue_exits_3_then_0_before_anything_was_due(seeded: Path, tmp_path) -> None:
    out = tmp_path / "report.md"
    result = run(
        "report", "--as-of", AS_OF, "--fail-if", "overdue", "-f", "markdown", "-o", str(out)
    )
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", "")
    assert out.read_text(encoding="utf-8").startswith("# Progress report as of 2026-01-15\n")
    result = run("report", "--as-of", "2020-01-01", "--fail-if", "overdue")
    assert result.exit_code == 0
    assert "0 initiatives" in result.stdout


@pytest.mark.parametrize(
    ("condition", "as_of", "code"),
    [
        ("due-soon", AS_OF, 3),  # Q1 2026 is 75 days away
        ("due_soon", "2025-06-01", 0),
        ("stale", AS_OF, 3),  # the proposals of 2023 have had no update since
        ("changed", AS_OF, 3),
        ("changed", "2025-11-01", 0),
    ],
)
def test_fail_if_each_condition(scenario: Path, condition: str, as_of: str, code: int) -> None:
    assert run("report", "--as-of", as_of, "--fail-if", condition).exit_code == code


def test_fail_if_any_of_several(scenario: Path) -> None:
    assert (
        run(
            "report", "--as-of", "2025-11-01", "--fail-if", "changed", "--fail-if", "overdue"
        ).exit_code
        == 0
    )
    assert (
        run("report", "--as-of", AS_OF, "--fail-if", "changed", "--fail-if", "overdue").exit_code
        == 3
    )


# -- replay: the state as it stood on the day ------------------------------------------


def test_as_of_replays_the_history(scenario: Path) -> None:
    then = {i["slug"]: i for i in report_json("--as-of", AS_OF)["initiatives"]}
    now = {i["slug"]: i for i in report_json()["initiatives"]}
    assert (then["bridging-programme"]["status"], then["bridging-programme"]["progress"]) == (
        "in_progress",
        30,
    )
    assert (now["bridging-programme"]["status"], now["bridging-programme"]["health"]) == (
        "achieved",
        "closed",
    )
    assert then["sz-tech-hk-capital-markets"]["status"] == "announced"
    before_move = {i["slug"]: i for i in report_json("--as-of", "2026-01-09")["initiatives"]}
    assert before_move["fintech-hub-action-plan"]["deadline"]["text"] == "by 2027"
    assert then["fintech-hub-action-plan"]["deadline"]["text"] == "H1 2028"


def test_initiatives_that_did_not_exist_yet_are_left_out(scenario: Path) -> None:
    assert report_json("--as-of", "2024-01-01")["counts"]["initiatives"] == 5  # the 2023 ones
    empty = report_json("--as-of", "2020-01-01")
    assert empty["counts"]["initiatives"] == 0 and empty["initiatives"] == []


def test_slipped_names_the_update_that_moved_it(scenario: Path) -> None:
    slipped = report_json("--as-of", AS_OF)["slipped"]
    assert [(s["slug"], s["days_slipped"]) for s in slipped] == [("fintech-hub-action-plan", 182)]
    assert slipped[0]["baseline_deadline"]["text"] == "by 2027"
    assert slipped[0]["moved_by"] == {
        "effective": "2026-01-10",
        "note": "Timeline extended to mid-2028",
        "source": {
            "title": "LegCo paper CB(1)123/2026",
            "publisher": None,
            "published": None,
            "url": None,
            "accessed": None,
            "quote": None,
        },
        "ref": None,
    }


def test_changed_lists_the_period_newest_first(scenario: Path) -> None:
    data = report_json("--as-of", AS_OF)
    assert data["since"] == "2026-01-09"
    assert [(g["slug"], [u["effective"] for u in g["updates"]]) for g in data["changed"]] == [
        ("fintech-hub-green-finance", ["2026-01-14"]),
        ("bridging-programme", ["2026-01-12"]),
        ("fintech-hub-action-plan", ["2026-01-10"]),
    ]
    assert data["changed"][1]["updates"][0]["changes"] == {
        "status": {"from": "announced", "to": "in_progress"},
        "progress": {"from": None, "to": 30},
    }
    assert report_json("--as-of", AS_OF, "--since", "2026-01-11")["since"] == "2026-01-11"
    assert len(report_json("--as-of", AS_OF, "--since", "2026-01-11")["changed"]) == 2
    assert report_json("--as-of", AS_OF, "--since", "1d")["changed"] == []
    assert report_json("--as-of", AS_OF, "--since", "Q4 2025")["since"] == "2025-10-01"


def test_a_backdated_update_shows_the_value_it_replaced_then(scenario: Path) -> None:
    # Recorded now, effective between two older updates: its "from" is the value of its day.
    ok("update", "bridging-programme", "--progress", "20", "--on", "2026-01-13")
    changes = report_json("--as-of", AS_OF)["changed"][1]["updates"]
    assert [u["changes"].get("progress") for u in changes] == [
        {"from": None, "to": 30},
        {"from": 30, "to": 20},
    ]


def test_since_last_continues_from_the_last_written_report(scenario: Path, tmp_path) -> None:
    out = tmp_path / "weekly.json"
    assert ok("report", "--since", "last", "-f", "json", "-o", str(out)) == ""
    first = json.loads(out.read_text(encoding="utf-8"))
    assert first["since"] is None  # no report yet: everything so far
    assert len(first["changed"]) == 13
    ok("update", "offshore-rmb-centre", "--note", "Raised again at the NPC")
    second = json.loads(ok("report", "--since", "last", "-f", "json"))  # stdout: no cursor
    assert second["since"] == "2026-11-23"  # the day after; and all recorded since
    assert [g["slug"] for g in second["changed"]] == ["offshore-rmb-centre"]
    ok("report", "--since", "last", "-f", "json", "-o", str(out))
    third = json.loads(ok("report", "--since", "last", "-f", "json"))
    assert third["changed"] == []
    # Another set of filters has a cursor of its own.
    other = json.loads(ok("report", "--since", "last", "--tag", "finance", "-f", "json"))
    assert other["since"] is None and [g["slug"] for g in other["changed"]] == [
        "offshore-rmb-centre",
        "sz-hk-financial-cooperation",
    ]


def test_edits_of_names_and_titles_reach_the_report_and_the_search(scenario: Path) -> None:
    ok(
        "edit",
        "offshore-rmb-centre",
        "--add-tag",
        "Currency",
        "--remove-tag",
        "finance",
        "--add-jurisdiction",
        "Macao",
        "--title",
        "Offshore renminbi hub",
    )
    entry = next(i for i in report_json()["initiatives"] if i["slug"] == "offshore-rmb-centre")
    assert entry["tags"] == ["Currency", "offshore-rmb", "rmb-internationalisation"]
    assert entry["jurisdictions"] == ["Hong Kong", "Macao", "Shenzhen"]
    assert entry["title"] == "Offshore renminbi hub"
    found = json.loads(ok("list", "--search", "renminbi", "-f", "json"))
    assert [i["slug"] for i in found] == ["offshore-rmb-centre"]
    ok("update", "offshore-rmb-centre", "--status", "in_progress")  # re-indexes nothing
    assert json.loads(ok("list", "--search", "hub renminbi", "-f", "json"))[0]["slug"] == (
        "offshore-rmb-centre"
    )


# -- filters ---------------------------------------------------------------------------


def test_filters_narrow_the_report(scenario: Path) -> None:
    data = report_json("--as-of", AS_OF, "--tag", "fintech", "--jurisdiction", "Shenzhen")
    assert data["filters"] == {
        "status": [],
        "tag": ["fintech"],
        "jurisdiction": ["Shenzhen"],
        "sponsor": [],
        "search": None,
    }
    assert data["counts"]["initiatives"] == 5  # the plan, its 3 strands, the subsidiaries
    status = report_json("--as-of", AS_OF, "--status", "in_progress")
    assert [i["slug"] for i in status["initiatives"]] == [
        "bridging-programme",
        "bocom-hk-ai-priority",
    ]
    assert report_json("--search", "PolyU")["counts"]["initiatives"] == 1


# -- formats ---------------------------------------------------------------------------


def test_json_document_keys(scenario: Path) -> None:
    data = report_json("--as-of", AS_OF)
    assert list(data) == [
        "as_of",
        "since",
        "horizon_days",
        "stale_after_days",
        "filters",
        "counts",
        "overdue",
        "due_soon",
        "changed",
        "slipped",
        "stale",
        "by_tag",
        "by_jurisdiction",
        "initiatives",
        "links",
    ]
    assert list(data["counts"]) == ["initiatives", "progress", "status", "health"]
    assert list(data["initiatives"][0]) == [
        "id",
        "uuid",
        "slug",
        "title",
        "status",
        "confidence",
        "confidence_note",
        "progress",
        "deadline",
        "baseline_deadline",
        "announced",
        "tags",
        "jurisdictions",
        "sponsors",
        "parent",
        "health",
        "days_overdue",
        "days_left",
        "days_slipped",
        "last_update",
        "days_since_update",
    ]
    assert list(data["by_tag"][0]) == [
        "name",
        "initiatives",
        "open",
        "overdue",
        "achieved",
        "progress",
    ]
    assert data["overdue"][0] == data["initiatives"][0]  # the same entry everywhere


def test_terminal_text_fits_80_columns_with_no_escape_codes(scenario: Path) -> None:
    out = report()
    assert "\x1b" not in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert out.startswith("Progress report as of 2026-01-15\n")


def test_terminal_colours_on_a_terminal_only(scenario: Path, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in report()
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR")
    assert "\x1b" not in report()


def test_hostile_text_is_escaped_in_html_and_neutralised_in_csv(seeded: Path) -> None:
    ok(
        "add",
        '<script>alert(1)</script> & "quotes"',
        "--slug",
        "xss",
        "--deadline",
        "2026",
        "--tag",
        "<b>tag</b>",
    )
    ok(
        "add",
        '=HYPERLINK("http://evil")',
        "--slug",
        "formula",
        "--deadline",
        "2026",
        "--tag",
        "-minus",
    )
    html = ok("report", "-f", "html")
    assert "<script>" not in html and "<b>tag</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(ok("report", "-f", "csv")))}
    assert rows["formula"]["title"] == '\'=HYPERLINK("http://evil")'
    assert rows["formula"]["tags"] == "'-minus"
    assert "\\<script\\>alert(1)\\</script\\>" in ok("report", "-f", "markdown")


def test_html_is_self_contained(scenario: Path) -> None:
    html = report("-f", "html")
    assert html.startswith("<!DOCTYPE html>")
    for external in ("<link", "<script", "src=", "@import", "url("):
        assert external not in html
    assert "<svg" in html and "as of 2026-01-15" in html


def test_csv_has_one_row_per_initiative(scenario: Path) -> None:
    rows = list(csv.reader(io.StringIO(report("-f", "csv"))))
    assert rows[0][:5] == ["slug", "uuid", "title", "status", "health"]
    assert len(rows) == 1 + 13
    assert run("report", "--as-of", AS_OF, "-f", "csv").stdout_bytes.count(b"\r\n") == 14


def test_rows_limits_the_human_readable_sections(scenario: Path) -> None:
    out = report("--rows", "2")
    assert "… and 7 more (--rows 0 shows all)" in out
    assert "more (--rows" not in report("--rows", "0")
    assert len(report_json("--as-of", AS_OF, "--rows", "1")["stale"]) == 9  # JSON: every row


# -- output files: atomic, and errors that change nothing --------------------------------


def test_output_is_written_atomically(scenario: Path, tmp_path) -> None:
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    target.write_text("old report", encoding="utf-8")
    assert ok("report", "-f", "html", "-o", str(target)) == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--format", "pdf"],
            2,
            "error: unknown format 'pdf'; choose from terminal, markdown, html, json, csv\n",
        ),
        (
            ["--fail-if", "late"],
            2,
            "error: unknown --fail-if condition 'late'; choose from"
            " overdue, due-soon, stale, changed\n",
        ),
        (
            ["--as-of", "next year"],
            2,
            'error: --as-of: cannot read date "next year" as a'
            " single day: it covers 2027-01-01..2027-12-31 (year); a single day is needed\n",
        ),
        (
            ["--since", "soon"],
            2,
            'error: --since: cannot read date "soon": "soon" is too vague to place on a calendar\n',
        ),
        (
            ["--since", "2027-01-01"],
            2,
            "error: --since '2027-01-01' starts after the report day (2026-11-22)\n",
        ),
        (
            ["--horizon", "soon"],
            2,
            "error: invalid --horizon 'soon': use a number and a unit, e.g. 90d, 12w, 6m, 1y\n",
        ),
        (["--rows", "-1"], 2, "error: --rows must be 0 or more, not -1\n"),
        (
            ["--status", "done"],
            2,
            "error: unknown status 'done'; choose from proposed,"
            " announced, in_progress, achieved, stalled, abandoned, superseded\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_changes_nothing(
    scenario: Path, args: list[str], code: int, message: str
) -> None:
    before = dump(scenario)
    result = run("report", *args)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)
    assert dump(scenario) == before


def test_unwritable_output_is_exit_1_and_leaves_nothing(scenario: Path, tmp_path) -> None:
    before = dump(scenario)
    missing = tmp_path / "no" / "such" / "report.md"
    result = run("report", "-o", str(missing), "--since", "last")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: cannot write {missing}: folder {missing.parent} does not exist\n"
    )
    assert not missing.parent.exists()
    assert dump(scenario) == before  # no --since last cursor either
    result = run("report", "-o", str(tmp_path))
    assert result.stderr == f"error: cannot write {tmp_path}: it is a directory\n"


# -- calendar --------------------------------------------------------------------------


def test_calendar_parses_and_keeps_its_uids(scenario: Path, tmp_path) -> None:
    import icalendar

    target = tmp_path / "deadlines.ics"
    ok("calendar", "--output", str(target))
    first = target.read_bytes()
    calendar = icalendar.Calendar.from_ical(first)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    # Open initiatives with a deadline, on 2026-11-22: the plan, its three strands, and
    # the overdue Q1 2026 subsidiaries measure (the bridging programme is achieved by then),
    # which is also on the calendar's day as overdue.
    assert len(events) == 6
    assert "96e0b85d-596b-5663-9bba-3698ca7fa740-overdue@tracker" in events
    assert all(uid.endswith("@tracker") for uid in events)
    subsidiaries = events["96e0b85d-596b-5663-9bba-3698ca7fa740@tracker"]
    assert str(subsidiaries["summary"]).startswith("Due by: Encourage Hong Kong fintech")
    assert subsidiaries.decoded("dtstart").isoformat() == "2026-03-31"
    assert subsidiaries.decoded("dtend").isoformat() == "2026-04-01"
    assert "Q1 2026 (2026-01-01..2026-03-31, quarter)" in str(subsidiaries["description"])
    ok("update", "fintech-hub-green-finance", "--progress", "25")
    ok("calendar", "--output", str(target))
    again = icalendar.Calendar.from_ical(target.read_bytes())
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == set(events)


def test_calendar_spans_a_short_window(seeded: Path) -> None:
    import icalendar

    ok("add", "Consultation", "--slug", "consultation", "--deadline", "Nov 3-7 2027")
    calendar = icalendar.Calendar.from_ical(ok("calendar").encode())
    event = next(e for e in calendar.walk("VEVENT") if "Consultation" in str(e["summary"]))
    assert str(event["summary"]) == "Deadline: Consultation"
    assert (event.decoded("dtstart").isoformat(), event.decoded("dtend").isoformat()) == (
        "2027-11-03",
        "2027-11-08",
    )


# -- feed ------------------------------------------------------------------------------


def test_feed_is_atom_newest_first(scenario: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(ok("feed", "--limit", "3"))
    assert root.tag == f"{atom}feed"
    entries = root.findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries] == [
        "Fintech hub action plan: green and inclusive finance: progress 20%;"
        " confidence amber_red (rationale: Funding for two of five strands only)",
        "Dual-qualification banking-talent bridging programme with PolyU:"
        " status in_progress → achieved; progress 30% → 100%",
        "Enable Shenzhen technology firms to use Hong Kong's capital markets:"
        " status announced → achieved; progress 100%",
    ]
    assert all(e.findtext(f"{atom}id").startswith("urn:uuid:") for e in entries)
    assert root.findtext(f"{atom}updated") == entries[0].findtext(f"{atom}updated")


def test_feed_escapes_user_text(seeded: Path) -> None:
    ok("update", "offshore-rmb-centre", "--note", "<b>bold</b> & \x1b[31mred")
    text = ok("feed", "--limit", "1")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; \\u001b[31mred" in text
    ET.fromstring(text)


# -- what a newcomer's review found ---------------------------------------------------


def test_output_never_overwrites_the_database(seeded: Path) -> None:
    before = dump(seeded)
    for command in (["report"], ["calendar"], ["feed"]):
        for target in (str(seeded), f"{seeded}-wal"):
            result = run(*command, "--output", target)
            assert (result.exit_code, result.stdout) == (2, "")
            assert result.stderr == f"error: cannot write {target}: it is the tracker database\n"
    assert dump(seeded) == before
    result = run("report", "--output", "")
    assert (result.exit_code, result.stderr) == (2, "error: --output must not be empty\n")


def test_output_writes_through_a_link_and_dash_is_stdout(scenario: Path, tmp_path) -> None:
    real = tmp_path / "real.md"
    link = tmp_path / "link.md"
    link.symlink_to(real)
    ok("report", "-f", "markdown", "-o", str(link))
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("# Progress")
    assert ok("report", "-f", "markdown", "-o", "-").startswith("# Progress report")
    assert not (Path.cwd() / "-").exists()


def test_the_since_last_cursor_only_moves_forward_and_not_past_today(
    scenario: Path, tmp_path
) -> None:
    out = str(tmp_path / "r.json")
    ok("report", "-f", "json", "-o", out)  # as of today, 2026-11-22
    ok("report", "-f", "json", "--as-of", AS_OF, "-o", out)  # an archive report
    ok("report", "-f", "json", "--as-of", "2030-01-01", "-o", out)  # a projection
    assert json.loads(ok("report", "--since", "last", "-f", "json"))["since"] == "2026-11-23"
    # Names compare without case, in the cursor as in the filters.
    ok("report", "--tag", "FINTECH", "-f", "json", "-o", out)
    assert (
        json.loads(ok("report", "--since", "last", "--tag", "fintech", "-f", "json"))["since"]
        == "2026-11-23"
    )
    result = run("report", "--since", "last", "--as-of", AS_OF)
    assert (result.exit_code, result.stderr) == (
        2,
        "error: --since last: the last report was as of 2026-11-22, after the report day"
        " 2026-01-15\n",
    )


def test_the_baseline_is_the_first_deadline_in_effect(seeded: Path) -> None:
    ok("add", "Backdated deadline", "--announced", "2026-01-01")
    ok("update", "backdated-deadline", "--deadline", "2026-12-31", "--on", "2026-09-01")
    ok("update", "backdated-deadline", "--deadline", "2026-09-30", "--on", "2026-05-01")
    for as_of in ("2026-10-01", "2026-11-22"):
        entry = next(
            i
            for i in report_json("--as-of", as_of)["initiatives"]
            if i["slug"] == "backdated-deadline"
        )
        assert (entry["baseline_deadline"]["latest"], entry["days_slipped"]) == (
            "2026-09-30",
            92,
        ), as_of
    early = next(
        i
        for i in report_json("--as-of", "2026-06-01")["initiatives"]
        if i["slug"] == "backdated-deadline"
    )
    assert (early["baseline_deadline"]["latest"], early["days_slipped"]) == ("2026-09-30", None)
    shown = json.loads(ok("show", "backdated-deadline", "-f", "json"))
    assert shown["baseline_deadline"]["latest"] == "2026-09-30"


@pytest.mark.parametrize(
    "args",
    [
        ["--as-of", "0001-06-01"],
        ["--as-of", "0002-01-01", "--stale-after", "1000y"],
        ["--as-of", "9999-12-31"],
        ["--as-of", "0001-01-10", "--since", "30d"],
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_input_errors(seeded: Path, args) -> None:
    result = run("report", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert "internal error" not in result.stderr


def test_no_color_means_no_escape_codes_even_on_a_terminal(scenario: Path, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b" not in report()
    assert "\x1b" not in ok("list")


def test_calendar_escapes_control_characters(seeded: Path) -> None:
    ok("add", "Ctrl\x1b[31mRED\x07", "--slug", "ctrl", "--deadline", "2027")
    text = ok("calendar")
    assert "\x1b" not in text and "\x07" not in text
    assert "SUMMARY:Due by: Ctrl\\\\u001b[31mRED\\\\u0007" in text  # iCalendar doubles \\


def test_markdown_escapes_strike_and_entities(seeded: Path) -> None:
    ok("add", "~~strike~~ &amp; more", "--slug", "strike", "--deadline", "2025")
    assert "\\~\\~strike\\~\\~ \\&amp; more" in ok("report", "-f", "markdown")


def test_the_timeline_axis_stays_readable_over_decades(seeded: Path) -> None:
    ok("add", "Carbon neutrality", "--deadline", "by 2060", "--announced", "2020-09-22")
    axis = report().split("Timeline (")[1].splitlines()[1]
    assert axis.split() == ["2020", "2025", "2030", "2035", "2040", "2045", "2050", "2055"]


def test_a_failed_write_records_no_cursor(scenario: Path, tmp_path, monkeypatch) -> None:
    import tracker.output as output
    from tracker.errors import UnusableError

    def broken(path, text):
        raise UnusableError(f"cannot write {path}: disk is full")

    target = tmp_path / "weekly.md"
    with monkeypatch.context() as patched:  # undo() would undo the test's TRACKER_DB too
        patched.setattr(output, "write_atomic", broken)
        result = run("report", "--since", "last", "-o", str(target))
    assert (result.exit_code, result.stderr) == (1, f"error: cannot write {target}: disk is full\n")
    assert not target.exists()
    assert json.loads(ok("report", "--since", "last", "-f", "json"))["since"] is None


def test_the_report_command_runs_with_the_collector_off_and_switches_it_back_on(
    seeded, monkeypatch
):
    import gc

    from tracker.api import Tracker

    seen = []
    real = Tracker.report

    def report(self, *args, **options):
        seen.append(gc.isenabled())
        return real(self, *args, **options)

    monkeypatch.setattr(Tracker, "report", report)
    assert gc.isenabled()
    ok("report", "--format", "json")
    assert seen == [False] and gc.isenabled()


def test_a_bad_calendar_filter_is_refused_before_any_output(seeded, tmp_path):
    target = tmp_path / "cal.ics"
    for args in (
        ("calendar", "--status", "bogus"),
        ("calendar", "--tag", "a;b", "--output", str(target)),
    ):
        result = run(*args)
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert not target.exists()
