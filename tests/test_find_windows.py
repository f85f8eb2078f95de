"""Tests for find_windows: every date phrase in a text, with its offsets and window."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.deadlines import FoundWindow, Precision, find_windows, parse_window
from tracker.errors import DateParseError, InputError

# ruff: noqa: RUF001  (Chinese text uses the full-width comma)

R = date(2025, 9, 17)


def spans(text: str, reference: date = R, **options: object) -> list[tuple[str, str, str, str]]:
    return [
        (f.text, f.window.earliest.isoformat(), f.window.latest.isoformat(), f.window.precision)
        for f in find_windows(text, reference, **options)  # type: ignore[arg-type]
    ]


def test_two_dates_in_one_sentence() -> None:
    assert spans("The pilot starts in March 2026 and ends by the end of 2027.") == [
        ("March 2026", "2026-03-01", "2026-03-31", Precision.MONTH),
        ("end of 2027", "2027-12-01", "2027-12-31", Precision.MONTH),
    ]


def test_several_dates_across_clauses_and_sentences() -> None:
    text = "Submissions close on 8 May 2025; the rules apply from 1 January 2026. Review: Q3 2027."
    assert spans(text) == [
        ("8 May 2025", "2025-05-08", "2025-05-08", Precision.DAY),
        ("1 January 2026", "2026-01-01", "2026-01-01", Precision.DAY),
        ("Q3 2027", "2027-07-01", "2027-09-30", Precision.QUARTER),
    ]


def test_a_range_is_one_window() -> None:
    assert spans("Consultation between May and July 2026, then 2026 to 2028.") == [
        ("May and July 2026", "2026-05-01", "2026-07-31", Precision.PART_YEAR),
        ("2026 to 2028", "2026-01-01", "2028-12-31", Precision.MULTI_YEAR),
    ]


def test_offsets_point_into_the_original_text() -> None:
    text = "  Phase one: FY2026.\nPhase two: “H1 2027” (tentatively), 十四五期间完成。"
    found = find_windows(text, R)
    assert [f.text for f in found] == ["FY2026", "H1 2027", "十四五期间"]
    for f in found:
        assert isinstance(f, FoundWindow)
        assert text[f.start : f.end] == f.text
        assert f.window == parse_window(f.text, R)


def test_no_dates_gives_an_empty_list() -> None:
    assert find_windows("", R) == []
    assert find_windows("The committee will meet to discuss the proposal.", R) == []
    assert find_windows("建设现代化国际化创新型城市", R) == []


def test_chinese() -> None:
    assert spans("2025年下半年启动，2027年前完成") == [
        ("2025年下半年", "2025-07-01", "2025-12-31", Precision.HALF),
        ("2027年前", "2026-01-01", "2026-12-31", Precision.YEAR),
    ]
    assert spans("到2025年建成现代化国际化创新型城市，力争2030年前实现碳达峰") == [
        ("2025年", "2025-01-01", "2025-12-31", Precision.YEAR),
        ("2030年前", "2029-01-01", "2029-12-31", Precision.YEAR),
    ]


def test_a_moved_deadline_is_the_new_date() -> None:
    assert spans("The deadline was postponed from 1 July 2025 to 1 January 2026.") == [
        ("1 January 2026", "2026-01-01", "2026-01-01", Precision.DAY)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The scheme will not launch by 2027.",  # denied
        "The levy was scrapped before 2026.",
        "It should finish around 2030.",  # vague
        "Completion is expected in the 2030s.",
        "The rules apply from 2027 onwards.",  # open-ended
        "Not before 2027.",
        "Within 30 days of publication.",  # counted from an undated event
        "Will it launch by 2027?",  # a question
        "该计划已取消，原定2025年底完成",  # withdrawn
        "该计划不会在2027年前完成",  # denied, with "会" a word the grammar knows
        "2027年左右完成",  # vague
        "2027年以后",  # open-ended
    ],
)
def test_refused_phrases_give_no_window_as_parse_window_refuses_them(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_window(text, R)
    assert find_windows(text, R) == []


def test_a_refusal_stays_with_its_own_date() -> None:
    assert spans("Phase one ends in 2026; phase two by 2028 or later.") == [
        ("2026", "2026-01-01", "2026-12-31", Precision.YEAR)
    ]


def test_percentages_and_baselines_are_no_dates() -> None:
    assert spans("Cut emissions by 45% by 2035 compared with 2019 levels.") == [
        ("2035", "2035-01-01", "2035-12-31", Precision.YEAR)
    ]


def test_a_year_used_as_a_label_is_a_date_only_alone() -> None:
    assert spans("All 2025 PTINs expire.") == [("2025", "2025-01-01", "2025-12-31", Precision.YEAR)]
    assert spans("All 2025 PTINs expire on 31 December 2025.") == [
        ("31 December 2025", "2025-12-31", "2025-12-31", Precision.DAY)
    ]


def test_options_are_parse_windows() -> None:
    assert spans("Due 12/31/2026 or FY2026.", day_first=False, fiscal_year_start=1) == [
        ("12/31/2026", "2026-12-31", "2026-12-31", Precision.DAY),
        ("FY2026", "2026-01-01", "2026-12-31", Precision.YEAR),
    ]
    with pytest.raises(InputError):
        find_windows("2026", R, fiscal_year_start=13)
    with pytest.raises(TypeError):
        find_windows(None, R)  # type: ignore[arg-type]


def test_the_result_is_frozen() -> None:
    found = find_windows("by 2027", R)[0]
    with pytest.raises(AttributeError):
        found.start = 0  # type: ignore[misc]


# --------------------------------------------------------------------------- properties

PIECES = [
    "The pilot starts in",
    "March 2026",
    "and ends by the end of 2027.",
    "Submissions close on 8 May 2025;",
    "the levy applies from FY2026",
    "within three years",
    "around 2030",
    "Q3 2026",
    "between May and July 2026",
    "after 2027",
    "the committee",
    "2025年下半年启动，",
    "2027年前完成",
    "十四五期间",
    "next week",
    "(H1 2027)",
    "no later than 31/12/2026",
    "per year",
    "by 45%",
    "2026-12-31",
    ",",
    "我们",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), max_size=6).map(" ".join) | st.text(max_size=40),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.booleans(),
    st.integers(min_value=1, max_value=12),
)
def test_every_found_phrase_reads_to_its_window(
    text: str, reference: date, day_first: bool, fiscal_year_start: int
) -> None:
    found = find_windows(text, reference, day_first=day_first, fiscal_year_start=fiscal_year_start)
    previous_end = 0
    for f in found:
        assert text[f.start : f.end] == f.text
        assert previous_end <= f.start < f.end  # in order, not overlapping
        previous_end = f.end
        again = parse_window(
            text[f.start : f.end],
            reference,
            day_first=day_first,
            fiscal_year_start=fiscal_year_start,
        )
        assert again == f.window


def test_a_stored_window_that_does_not_read_says_what_is_wrong() -> None:
    import pytest

    from tracker.domain.windows import parse_iso_window
    from tracker.errors import DateParseError

    for args, message in (
        (
            ("2027", "2027-01-01", "2027-13-01", "year"),
            'cannot read date "2027": stored latest "2027-13-01" is not a real date',
        ),
        (
            ("x", "2027-1-1", "2027-01-01", "year"),
            'cannot read date "x": stored earliest "2027-1-1" is not YYYY-MM-DD',
        ),
        (
            ("x", "2027-01-01", "2027-01-02", "eon"),
            'cannot read date "x": stored precision "eon" is unknown',
        ),
        (
            ("x", "2027-02-01", "2027-01-02", "day"),
            'cannot read date "x": stored window 2027-02-01..2027-01-02 ends before it starts',
        ),
    ):
        with pytest.raises(DateParseError) as raised:
            parse_iso_window(*args)
        assert str(raised.value) == message


# ----------------------------------------------------- what articles say around dates


def test_today_with_its_date_in_brackets_is_that_day() -> None:
    # HK press releases: "today (May 29)"; gov.uk: "today (Thursday 27 March)", and an
    # embargoed release dated the day before: "today [Monday 8 September]".
    # (the phrase found is the tightest that reads the same: the bracketed date)
    text = "The Government today (May 29) announced the members."
    assert [s[1:] for s in spans(text, date(2020, 5, 29))] == [
        ("2020-05-29", "2020-05-29", Precision.DAY)
    ]
    assert parse_window(text, date(2020, 5, 29)).earliest == date(2020, 5, 29)
    text = "The PAC will hold a hearing tomorrow (May 25) at 9am."
    assert [s[1] for s in spans(text, date(2024, 5, 24))] == ["2024-05-25"]
    assert parse_window("yesterday (May 28)", date(2024, 5, 29)).earliest == date(2024, 5, 28)
    text = "Defence Secretary John Healey will today [Monday 8 September] announce the deal."
    assert [s[1] for s in spans(text, date(2025, 9, 7))] == ["2025-09-08"]
    assert parse_window(text, date(2025, 9, 7)).earliest == date(2025, 9, 8)


def test_a_part_of_today_is_today() -> None:
    text = "The Prime Minister will unveil his plan later this morning."
    assert spans(text, date(2024, 12, 5)) == [
        ("this morning", "2024-12-05", "2024-12-05", Precision.DAY)
    ]


def test_looking_ahead_frames_the_date_and_is_not_before() -> None:
    text = "Looking ahead, on 1 January 2026, Bulgaria will adopt the euro."
    [(_, earliest, latest, _)] = spans(text, date(2025, 12, 23))
    assert (earliest, latest) == ("2026-01-01", "2026-01-01")
    assert parse_window("looking ahead to spring 2027", R).earliest == date(2027, 3, 1)


def test_from_now_until_a_period_starts_at_the_reference() -> None:
    window = parse_window("From now until December 2020", date(2020, 11, 3))
    assert (window.earliest, window.latest) == (date(2020, 11, 3), date(2020, 12, 31))


def test_a_split_year_budget_is_a_fiscal_year() -> None:
    window = parse_window("announced in the 2019-20 Budget", date(2019, 5, 17))
    assert (window.earliest, window.latest, window.precision) == (
        date(2019, 4, 1),
        date(2020, 3, 31),
        Precision.YEAR,
    )
    window = parse_window("between FY2011 and FY2024", date(2026, 1, 13))
    assert (window.earliest, window.latest) == (date(2010, 4, 1), date(2024, 3, 31))


def test_money_lengths_ordinals_and_names_beside_a_date_are_no_dates() -> None:
    reference = date(2025, 8, 29)
    assert [s[1] for s in spans("on track for 14,000 places by 2031", reference)] == ["2031-01-01"]
    text = "£1.8 billion will from today (Tuesday 11 March) be allocated"
    assert [s[1] for s in spans(text, date(2025, 3, 11))] == ["2025-03-11"]
    text = "a two-year extension until 31 March 2026 was adopted"
    assert [s[1] for s in spans(text, reference)] == ["2026-03-31"]
    text = "Yesterday, the 20th Central Committee concluded its fourth plenary session."
    assert [s[1] for s in spans(text, date(2025, 10, 25))] == ["2025-10-24"]
    text = "The HKMA today (October 28) co-organised Hong Kong FinTech Week 2024."
    assert [s[1] for s in spans(text, date(2024, 10, 28))] == ["2024-10-28"]
    text = "These regulations were laid before this House on 18 September 2023."
    assert [s[1] for s in spans(text, date(2023, 11, 14))] == ["2023-09-18"]


def test_chinese_today_with_its_date_in_brackets() -> None:
    text = "財政司司長今日(二月二十五日)在添馬政府總部舉行記者會。"
    assert [s[1:] for s in spans(text, date(2015, 2, 25))] == [
        ("2015-02-25", "2015-02-25", Precision.DAY)
    ]
    text = "财政司司长明日(二月二十八日)上午在立法会发表预算案。"
    assert [s[1] for s in spans(text, date(2018, 2, 27))] == ["2018-02-28"]


def test_chinese_fiscal_years_counted_from_the_reference() -> None:
    # HK's fiscal year starts in April: on 24 Feb 2021 the new one is 2021-22.
    text = "新一个财政年度的经常开支会进一步上升。"
    assert [s[1:3] for s in spans(text, date(2021, 2, 24))] == [("2021-04-01", "2022-03-31")]
    text = "政府帶頭在下個財政年度發行綠色債券。"
    assert [s[1:3] for s in spans(text, date(2017, 10, 11))] == [("2018-04-01", "2019-03-31")]
    text = "本財政年度內推出計劃。"
    assert [s[1:3] for s in spans(text, date(2022, 10, 19))] == [("2022-04-01", "2023-03-31")]
    window = parse_window("未来两个财政年度", date(2025, 2, 26))
    assert (window.earliest, window.latest) == (date(2025, 4, 1), date(2027, 3, 31))
    window = parse_window("下年度", date(2014, 2, 26))
    assert (window.earliest, window.latest) == (date(2014, 4, 1), date(2015, 3, 31))


def test_chinese_count_of_years_then_the_years_in_brackets() -> None:
    text = "在未來五年(2023-24 至 2027-28 年度),準備好土地。"
    assert [s[1:3] for s in spans(text, date(2022, 10, 19))] == [("2023-04-01", "2028-03-31")]
    text = "比過去五年(2017-18 至 2021-22年度)收回的土地超逾四倍"
    window = parse_window(text, date(2022, 10, 19))
    assert (window.earliest, window.latest) == (date(2017, 4, 1), date(2022, 3, 31))


def test_chinese_medium_term_forecast_and_a_count_of_years_are_no_dates() -> None:
    text = "在直至二零二五/二六年度的中期预测这五年期间,公共开支约占百分之二十五。"
    assert [s[1:3] for s in spans(text, date(2021, 2, 24))] == [("2025-04-01", "2026-03-31")]


@pytest.mark.parametrize(
    "hedged",
    [
        "The rules will apply no earlier than 1 October 2026, the minister said.",
        "The rules will apply as soon as 1 October 2026.",
        "The rules will apply on 1 October 2026 at the earliest.",
        "The hearing will be held on or about 1 October 2026.",
        "Applications open approximately 1 October 2026.",
    ],
)
def test_a_hedge_around_a_day_leaves_the_day(hedged: str) -> None:
    assert [s[1:] for s in spans(hedged)] == [("2026-10-01", "2026-10-01", Precision.DAY)]
    window = parse_window(hedged, R)
    assert (window.earliest, window.latest) == (date(2026, 10, 1), date(2026, 10, 1))


def test_a_hedge_around_more_than_a_day_is_still_refused() -> None:
    for phrase in ("no earlier than 2027", "2027 at the earliest", "as soon as possible"):
        with pytest.raises(DateParseError):
            parse_window(phrase, R)
    assert spans("The rules apply no earlier than 2027.") == []


def test_before_the_end_of_a_period_is_by_its_end() -> None:
    assert spans("The law will pass before the end of 2026.") == [
        ("end of 2026", "2026-12-01", "2026-12-31", Precision.MONTH)
    ]
    assert parse_window("before the end of June 2026", R).earliest == date(2026, 6, 30)
    assert parse_window("before 2027", R).latest == date(2026, 12, 31)  # unchanged


def test_positions_inside_a_period() -> None:
    assert [s[1:3] for s in spans("Work stops halfway through 2026.")] == [
        ("2026-05-01", "2026-08-31")
    ]
    text = "A review halfway through the 14th Five-Year Plan (2021-2025) found gaps."
    assert [s[1:3] for s in spans(text)] == [("2023-01-01", "2023-12-31")]
    assert [s[1:3] for s in spans("Targets are due at the close of 2025.")] == [
        ("2025-12-01", "2025-12-31")
    ]
    text = "They will be met by the conclusion of the 15th Five-Year Plan."
    assert [s[1:3] for s in spans(text)] == [("2030-01-01", "2030-12-31")]
    # alone, a position points back at something named before: no date of its own
    text = "As China's 14th Five-Year Plan (2021-2025) nears its conclusion, it ends well."
    assert [s[1:3] for s in spans(text, date(2025, 10, 27))] == [("2021-01-01", "2025-12-31")]


def test_a_weekday_is_named_from_the_reference() -> None:
    # R is a Wednesday: a bare weekday is the next one on or after it, "next" the one
    # in the following Monday-Sunday week, "last" the latest before it
    assert spans("The committee will meet on Friday to approve the plan.") == [
        ("Friday", "2025-09-19", "2025-09-19", Precision.DAY)
    ]
    assert spans("Submissions close this Thursday.") == [
        ("this Thursday", "2025-09-18", "2025-09-18", Precision.DAY)
    ]
    assert [s[:2] for s in spans("The rules change next Monday, the bureau confirms.")] == [
        ("next Monday", "2025-09-22")
    ]
    assert [s[:2] for s in spans("Votes are counted by Friday next week.")] == [
        ("Friday next week", "2025-09-26")
    ]
    assert [s[:2] for s in spans("The hearing is on 18 September (Thursday).")] == [
        ("18 September (Thursday)", "2025-09-18")
    ]


def test_a_weekday_in_the_past_or_beside_its_day_is_no_date_of_its_own() -> None:
    # words of the past make it the day something happened (read alone: the next one)
    assert spans("The HKMA said on Monday that the rules take effect in 2026.") == [
        ("2026", "2026-01-01", "2026-12-31", Precision.YEAR)
    ]
    assert spans("On Monday, the minister announced a review.") == []
    assert spans("The forum was held on Tuesday.") == []
    assert parse_window("The HKMA said on Monday", R).earliest == date(2025, 9, 15)
    assert parse_window("The forum was held on Wednesday", R).earliest == R
    # the weekday of a day given beside it, even apart: "which is a Wednesday"
    text = "Submissions are due by 1 October 2025, which is a Wednesday."
    assert [s[1] for s in spans(text)] == ["2025-10-01"]
    assert parse_window(text, R).earliest == date(2025, 10, 1)
    assert [s[1] for s in spans("Thursday, 18 September 2025 is the deadline.")] == ["2025-09-18"]
    # a weekday that contradicts its day: the day is kept, never the weekday's
    assert [s[1] for s in spans("The deadline is 18 September 2025 (Friday).")] == ["2025-09-18"]


def test_chinese_weeks_and_weekdays() -> None:
    assert spans("會議將於下周一舉行。") == [("下周一", "2025-09-22", "2025-09-22", Precision.DAY)]
    assert [s[:2] for s in spans("本周五截止報名")] == [("本周五", "2025-09-19")]
    assert [s[:2] for s in spans("上星期三公布的数据")] == [("上星期三", "2025-09-10")]
    # a bare weekday in a Chinese sentence (金管局周一宣布: the past) is not looked for
    assert spans("金管局周一宣布新措施。") == []
    assert parse_window("研讨会将于周五举行", R).earliest == date(2025, 9, 19)
    assert parse_window("金管局周一宣布新措施", R).earliest == date(2025, 9, 15)


@pytest.mark.parametrize(
    ("text", "reference", "earliest", "latest"),
    [
        (
            "The scheme runs for two years, from 1 April 2026 until 31 March 2028.",
            date(2026, 2, 25),
            "2026-04-01",
            "2028-03-31",
        ),
        (
            "The cap applies for the next six-month period from April to September 2024.",
            date(2024, 5, 8),
            "2024-04-01",
            "2024-09-30",
        ),
        (
            "The licence was extended for five years until 31 March 2029.",
            date(2024, 3, 1),
            "2029-03-31",
            "2029-03-31",
        ),
        (
            "It grants a 12-month period from 1 July 2026 to 30 June 2027.",
            date(2026, 2, 25),
            "2026-07-01",
            "2027-06-30",
        ),
        (
            "The relief is for a further three years until 2029.",
            date(2026, 2, 25),
            "2029-01-01",
            "2029-12-31",
        ),
    ],
)
def test_a_length_before_a_range_or_an_end_describes_it(
    text: str, reference: date, earliest: str, latest: str
) -> None:
    assert [s[1:3] for s in spans(text, reference)] == [(earliest, latest)]
    window = parse_window(text, reference)
    assert (window.earliest.isoformat(), window.latest.isoformat()) == (earliest, latest)


def test_a_length_that_does_not_fit_its_range_or_has_no_end_is_refused() -> None:
    with pytest.raises(DateParseError, match="does not last 2 years"):
        parse_window("for two years from 1 April 2026 to 31 March 2029", R)
    with pytest.raises(DateParseError, match="gives no end"):
        parse_window("for three years from 1 July 2026", R)


def test_hong_kong_fiscal_years_with_a_slash_in_running_text() -> None:
    reference = date(2026, 2, 25)
    text = "預計二零二五/二六年度的綜合赤字為六百六十億元。"
    assert [s[:3] for s in spans(text, reference)] == [
        ("二零二五/二六年度", "2025-04-01", "2026-03-31")
    ]
    text = "政府在2026/27年度預留5億元推行計劃。"
    assert [s[1:3] for s in spans(text, reference)] == [("2026-04-01", "2027-03-31")]
    text = "在二零二零/二一至二零二三/二四年度期間，政府共批出三百宗申請。"
    assert [s[1:3] for s in spans(text, reference)] == [("2020-04-01", "2024-03-31")]
    text = "Spending is capped from 2026/27 to 2028/29, the Budget says."
    assert [s[:3] for s in spans(text, reference)] == [
        ("2026/27 to 2028/29", "2026-04-01", "2029-03-31")
    ]
    text = "The levy applies over the 2026-27 to 2028-29 financial years."
    assert [s[1:3] for s in spans(text, reference)] == [("2026-04-01", "2029-03-31")]
    window = parse_window("between 2024/25 and 2026/27", reference)
    assert (window.earliest, window.latest) == (date(2024, 4, 1), date(2027, 3, 31))
    # with a hyphen and no fiscal word, a split year stays two calendar years
    assert [s[1:3] for s in spans("2026-27 to 2028-29", reference)] == [
        ("2026-01-01", "2027-12-31"),
        ("2028-01-01", "2029-12-31"),
    ]


@pytest.mark.parametrize(
    ("text", "earliest"),
    [
        ("There is a medium risk of one this summer without sustained rainfall.", "2026-06-01"),
        ("By 2030 there will be no coal plants left in the city.", "2030-01-01"),
        ("The scheme ends in 2027 unless extended.", "2027-01-01"),
        ("Applications close on 1 July 2026, except for some claims.", "2026-07-01"),
    ],
)
def test_no_without_unless_before_a_noun_phrase_deny_nothing(text: str, earliest: str) -> None:
    reference = date(2026, 5, 7)
    assert [s[1] for s in spans(text, reference)] == [earliest]
    assert parse_window(text, reference).earliest.isoformat() == earliest


def test_a_date_after_no_without_or_unless_is_denied() -> None:
    for text in (
        "There are no plans to raise taxes before 2027.",
        "The scheme lapses unless it is renewed by June 2026.",
        "The bill passed without a deadline of 2027.",
        "The office is no longer open in 2026.",
    ):
        assert spans(text) == []


# ---- what articles say around a date, round 3: each kind in several phrasings


def _read(text: str, reference: date) -> tuple[str, str]:
    window = parse_window(text, reference)
    return window.earliest.isoformat(), window.latest.isoformat()


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        # a part of a day named from the reference, with its date or weekday in brackets
        ("The Chief Executive met the delegation this afternoon (March 3).", "2026-03-03", None),
        ("The minister spoke to reporters this morning (Tuesday).", "2026-03-03", None),
        ("The panel will meet this evening [Tuesday 3 March] in the LegCo.", "2026-03-03", None),
        ("Last night's reception was attended by consuls.", "2026-03-02", None),
        ("Officers raided the premises last night, police said.", "2026-03-02", None),
        ("The vote takes place tomorrow morning in the chamber.", "2026-03-04", None),
        ("Results follow on Friday evening, organisers said.", "2026-03-06", None),
        # two days named from the reference
        ("Today and tomorrow, delegates will tour the port.", "2026-03-03", "2026-03-04"),
        ("Yesterday and today, ministers met in Brussels.", "2026-03-02", "2026-03-03"),
    ],
)
def test_parts_of_a_day_and_days_named_from_the_reference(
    text: str, earliest: str, latest: str | None
) -> None:
    reference = date(2026, 3, 3)  # a Tuesday
    assert _read(text, reference) == (earliest, latest or earliest)
    assert [s[1:3] for s in spans(text, reference)] == [(earliest, latest or earliest)]


def test_two_days_named_out_of_order_are_refused() -> None:
    with pytest.raises(DateParseError, match="two days in order"):
        parse_window("tomorrow and today", R)
    with pytest.raises(DateParseError, match="not a Monday"):
        parse_window("this morning (Monday)", date(2026, 3, 3))


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        # "over" and "between" before a noun are prepositions
        ("Last week, officers seized over a tonne of drugs.", "2026-02-23", "2026-03-01"),
        ("Some households paid over £1,000 last year.", "2025-01-01", "2025-12-31"),
        ("The scheme costs over $2 million in 2026.", "2026-01-01", "2026-12-31"),
        ("Ferries between Hong Kong and Macao resume in May 2026.", "2026-05-01", "2026-05-31"),
        # a unit word after a word the reader does not know is a noun
        ("This February was a record month for tourism.", "2026-02-01", "2026-02-28"),
        ("It was a busy week for the council in January 2026.", "2026-01-01", "2026-01-31"),
        # a count of units before a noun is a length used as an adjective
        ("Home sales fell to a 10 year low in 2025.", "2025-01-01", "2025-12-31"),
        ("The 3 month pilot ends on 30 June 2026.", "2026-06-30", "2026-06-30"),
        ("Prices hit a 40 year high in October 2025.", "2025-10-01", "2025-10-31"),
        # about / around / post before a noun are ordinary words
        ("A question about the budget was raised last week.", "2026-02-23", "2026-03-01"),
        ("Parcels from the Post Office will be delivered by 1 May 2026.", "2026-05-01", None),
        ("Talks around the table continue until 30 April 2026.", "2026-04-30", None),
        ("Roughly speaking, the rules apply from 1 July 2026.", "2026-07-01", None),
    ],
)
def test_words_around_a_date_that_are_not_about_time(
    text: str, earliest: str, latest: str | None
) -> None:
    reference = date(2026, 3, 3)
    assert _read(text, reference) == (earliest, latest or earliest)
    assert [s[1:3] for s in spans(text, reference)] == [(earliest, latest or earliest)]


@pytest.mark.parametrize(
    "text",
    [
        "Emissions peak around 2030.",
        "The rules apply post-2027.",
        "Completion is expected in about two years.",
        "The review ends around the end of 2026.",
        "It will take roughly 18 months.",
    ],
)
def test_hedges_before_a_time_still_refuse(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_window(text, R)


@pytest.mark.parametrize(
    "text",
    [
        "Thursday 6 December (date to be confirmed): the Commission presents the package",
        "The summit is on 6 December 2012 (TBC).",
        "The hearing is provisionally set for 6 December 2012.",
        "A tentative date of 6 December 2012 was given, subject to confirmation.",
    ],
)
def test_a_provisional_day_is_still_the_day(text: str) -> None:
    assert _read(text, date(2012, 11, 23)) == ("2012-12-06", "2012-12-06")


def test_a_provisional_year_or_nothing_is_still_refused() -> None:
    for phrase in ("to be confirmed", "TBC", "2027 (TBC)", "date to be confirmed"):
        with pytest.raises(DateParseError):
            parse_window(phrase, R)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("the mandate runs for a final two-month period until 31 March 2026", "2026-03-31", None),
        ("the waiver is renewed for a last six-month period to 30 June 2026", "2026-06-30", None),
        # split years: the length picks the fiscal reading ...
        ("during the five-year period from 2025-26 to 2029-30", "2025-04-01", "2030-03-31"),
        ("over the three-year period from 2026-27 to 2028-29", "2026-04-01", "2029-03-31"),
        ("within 1 year the scheme ends", "2026-01-27", "2027-01-27"),  # a period, no length
    ],
)
def test_a_length_picks_or_describes_its_period(
    text: str, earliest: str, latest: str | None
) -> None:
    assert _read(text, date(2026, 1, 27)) == (earliest, latest or earliest)


def test_a_length_that_fits_neither_reading_of_split_years_is_refused() -> None:
    with pytest.raises(DateParseError):
        parse_window("for four years, from 2025-26 to 2029-30", R)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        (
            "Noting that 2026 marks the first year of the National 15th Five-Year Plan",
            "2026",
            "2026",
        ),
        ("by the end of China's 14th Five-Year Plan", "2025", "2025"),
        ("during the country's Fifteenth Five-Year Plan", "2026", "2030"),
        ("as the nation's 15th Five-Year Plan opens", "2026", "2030"),
    ],
)
def test_whose_plan_it_is_does_not_hide_the_plan(text: str, earliest: str, latest: str) -> None:
    got = _read(text, date(2025, 12, 17))
    assert (got[0][:4], got[1][:4]) == (earliest, latest)


@pytest.mark.parametrize(
    ("text", "reference", "earliest", "latest"),
    [
        # a plan's opening or closing year after 的 is that of what comes before it
        ("2024年是實施新一輪改革的開局之年", "2024-03-05", "2024-01-01", "2024-12-31"),
        ("2023年是全面贯彻新发展理念的开局之年", "2024-01-30", "2023-01-01", "2023-12-31"),
        ("今年是「十五五」規劃的開局之年", "2026-03-05", "2026-01-01", "2026-12-31"),
        ("2030年是“十五五”规划的收官之年", "2026-03-05", "2030-01-01", "2030-12-31"),
        # days named by a festival, the lunar New Year's from its table
        ("今天是2026年元旦,祝大家新年快樂", "2026-01-01", "2026-01-01", "2026-01-01"),
        ("方案須於元旦前提交", "2025-11-20", "2026-01-01", "2026-01-01"),
        ("今天是大年初三", "2026-02-19", "2026-02-19", "2026-02-19"),
        ("2025年除夕", "2025-01-01", "2025-01-28", "2025-01-28"),
        ("正月初八復工", "2027-01-05", "2027-02-13", "2027-02-13"),
        ("今年元宵節舉行花燈會", "2026-01-05", "2026-03-03", "2026-03-03"),
        # a vague horizon up to a given end
        ("規劃近期至2022年", "2019-02-18", "2022-01-01", "2022-12-31"),
        ("近期到2025年底完成改造", "2023-02-18", "2025-12-01", "2025-12-31"),
        ("中期至2030年的目标", "2023-02-18", "2030-01-01", "2030-12-31"),
        # two years or fiscal years joined by 及 / 和 / 与
        ("在2026/27及2027/28兩個年度,每年節省開支2%", "2026-02-25", "2026-04-01", "2028-03-31"),
        ("2025-26及2026-27年度的開支", "2025-02-25", "2025-04-01", "2027-03-31"),
        ("2025年和2026年的目標已定", "2024-12-01", "2025-01-01", "2026-12-31"),
        ("2027年与2028年两年", "2026-12-01", "2027-01-01", "2028-12-31"),
        ("2025年和平發展論壇", "2024-12-01", "2025-01-01", "2025-12-31"),
        # a count of years of a plan, then its years in brackets
        ("擬訂“康復服務十年行動計劃(2026-2035)”", "2025-10-01", "2026-01-01", "2035-12-31"),
        ("推出三年行动计划(2025—2027年)", "2025-01-01", "2025-01-01", "2027-12-31"),
        # today and tomorrow, this year and next
        ("今明兩天天氣炎熱", "2026-07-02", "2026-07-02", "2026-07-03"),
        ("今明两日举行会议", "2026-07-02", "2026-07-02", "2026-07-03"),
        ("今明两年经济增长预计为3%", "2026-02-25", "2026-01-01", "2027-12-31"),
    ],
)
def test_chinese_kinds_round_3(text: str, reference: str, earliest: str, latest: str) -> None:
    ref = date.fromisoformat(reference)
    assert _read(text, ref) == (earliest, latest)
    # "今天是2026年元旦": the subject and what is said of it, each found, agree
    assert {s[1:3] for s in spans(text, ref)} == {(earliest, latest)}


@pytest.mark.parametrize(
    ("text", "reference", "fragment"),
    [
        ("2027年是十五五规划的开局之年", "2026-03-05", "among several dates"),
        ("这是本届政府的开局之年", "2026-03-05", "unrecognised text"),
        ("近期完成", "2026-03-05", "too vague"),
        ("2026/27及2028/29兩個年度", "2026-03-05", "the years named are 3, not 2"),
        ("2040年春节", "2026-03-05", "not in the table"),
        ("五年行动计划(2026-2035)", "2025-10-01", "is 10 years, not 5"),
        ("今年年初三个月出口增长", "2026-05-01", "no date form"),  # a count, no lunar day
    ],
)
def test_chinese_kinds_round_3_refused(text: str, reference: str, fragment: str) -> None:
    with pytest.raises(DateParseError, match=fragment):
        parse_window(text, date.fromisoformat(reference))
