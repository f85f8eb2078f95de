"""tracker parse-date: how a phrase is read, without a database."""

from __future__ import annotations

import json

import pytest
from helpers import ok, run


def test_text_output():
    assert ok("parse-date", "late 2025") == "late 2025: 2025-09-01..2025-12-31 (part-year)\n"
    assert ok("parse-date", "31 December 2026") == (
        "31 December 2026: 2026-12-31..2026-12-31 (day)\n"
    )


def test_json_keys_and_reference():
    data = json.loads(
        ok("parse-date", "within three years", "--reference", "2025-03-14", "--format", "json")
    )
    assert data == {
        "text": "within three years",
        "earliest": "2025-03-14",
        "latest": "2028-03-14",
        "precision": "multi-year",
    }


def test_relative_phrases_default_to_today():
    # TRACKER_TODAY is 2026-11-22 in the tests.
    assert json.loads(ok("parse-date", "next year", "-f", "json"))["earliest"] == "2027-01-01"
    assert json.loads(ok("parse-date", "next June", "-f", "json"))["latest"] == "2027-06-30"


def test_settings_options_and_environment(monkeypatch):
    assert ok("parse-date", "FY2026") == "FY2026: 2025-04-01..2026-03-31 (year)\n"
    assert ok("parse-date", "FY2026", "--fiscal-year-start", "1") == (
        "FY2026: 2026-01-01..2026-12-31 (year)\n"
    )
    assert ok("parse-date", "03/04/2026") == "03/04/2026: 2026-04-03..2026-04-03 (day)\n"
    assert ok("parse-date", "03/04/2026", "--date-order", "mdy") == (
        "03/04/2026: 2026-03-04..2026-03-04 (day)\n"
    )
    monkeypatch.setenv("TRACKER_DATE_ORDER", "MDY")
    monkeypatch.setenv("TRACKER_FISCAL_YEAR_START", "10")
    assert ok("parse-date", "03/04/2026") == "03/04/2026: 2026-03-04..2026-03-04 (day)\n"
    assert ok("parse-date", "FY2026") == "FY2026: 2025-10-01..2026-09-30 (year)\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["soon"], 'error: cannot read date "soon": "soon" is too vague to place on a calendar'),
        (
            ["2026", "--reference", "2025"],
            'error: --reference: cannot read date "2025" as a single day: it covers'
            " 2025-01-01..2025-12-31 (year); a single day is needed",
        ),
        (
            ["2026", "--fiscal-year-start", "13"],
            "error: --fiscal-year-start must be a month number 1-12, not 13",
        ),
        (["2026", "--date-order", "YMD"], "error: --date-order must be DMY or MDY, not 'YMD'"),
        (["2026", "--format", "csv"], "error: unknown format 'csv'; choose from text, json"),
        ([""], "error: date phrase must not be empty"),
    ],
)
def test_refusals_are_one_line_exit_2(args, message):
    result = run("parse-date", *args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message + "\n", "")


def test_needs_no_database(isolated):
    ok("parse-date", "Q3 2026")
    assert not isolated.exists()


def test_readings_are_remembered_per_phrase_reference_and_settings() -> None:
    from datetime import date

    from tracker.domain.dates import DateReader
    from tracker.errors import DateParseError

    april, january = DateReader(date(2026, 5, 1)), DateReader(date(2026, 5, 1), 1)
    first = april.window("FY2026", None)
    assert april.window("FY2026", None) is first  # remembered, and a Window is immutable
    assert (first.earliest, first.latest) == (date(2025, 4, 1), date(2026, 3, 31))
    assert (
        january.window("FY2026", None).earliest,
        april.window("next year", None, date(2030, 1, 1)).earliest,
    ) == (date(2026, 1, 1), date(2031, 1, 1))
    for _ in range(2):  # errors are raised every time, each naming its option
        with pytest.raises(DateParseError, match=r"^--deadline: "):
            april.window("in due course", "--deadline")
