"""Tests for tracker.domain.deadlines: deadline phrases -> inclusive date windows.

Every expected window below was worked out by hand from the conventions in the
module docstring; none was copied from the implementation's output.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tracker.domain.deadlines as deadlines
from tracker.domain.deadlines import (
    Precision,
    Window,
    arithmetic,
    chinese_rules,
    engine,
    english,
    english_rules,
    parse_day,
    parse_iso_window,
    parse_window,
)
from tracker.errors import DateParseError, InputError

DAY, WEEK, MONTH, QUARTER = Precision.DAY, Precision.WEEK, Precision.MONTH, Precision.QUARTER
HALF, PART, YEAR, MULTI = Precision.HALF, Precision.PART_YEAR, Precision.YEAR, Precision.MULTI_YEAR

R = "2025-03-14"  # a Friday; the default reference date of the table

# (phrase, reference, earliest, latest, precision)
CASES: list[tuple[str, str, str, str, Precision]] = [
    # -- seed phrases
    ("late 2025", R, "2025-09-01", "2025-12-31", PART),
    ("by 2027", R, "2027-01-01", "2027-12-31", YEAR),
    ("2023-03-14", R, "2023-03-14", "2023-03-14", DAY),
    ("Q3 2026", R, "2026-07-01", "2026-09-30", QUARTER),
    ("first half of 2026", R, "2026-01-01", "2026-06-30", HALF),
    ("H1 2026", R, "2026-01-01", "2026-06-30", HALF),
    ("31 December 2026", R, "2026-12-31", "2026-12-31", DAY),
    ("next June", "2026-11-22", "2027-06-01", "2027-06-30", MONTH),
    ("within three years", "2025-03-14", "2025-03-14", "2028-03-14", MULTI),
    # -- how real deadline sentences open (EU AI Act, ECB, HK Stablecoins Ordinance)
    ("It shall apply from 2 August 2026.", "2024-07-12", "2026-08-02", "2026-08-02", DAY),
    ("shall be operational by 2 August 2026", "2024-07-12", "2026-08-02", "2026-08-02", DAY),
    ("at the latest by 2050", "2021-07-09", "2050-01-01", "2050-12-31", YEAR),
    ("will start on 1 November 2023", "2023-10-18", "2023-11-01", "2023-11-01", DAY),
    ("commence on 1 August 2025", "2025-05-30", "2025-08-01", "2025-08-01", DAY),
    ("takes effect from 1 January 2026", R, "2026-01-01", "2026-01-01", DAY),
    ("ends on 31 December 2025", R, "2025-12-31", "2025-12-31", DAY),
    ("goes live in Q3 2026", R, "2026-07-01", "2026-09-30", QUARTER),
    # -- a weekday named from the reference (a Friday): bare, "this" or "coming" is the
    # next one on or after ref; "next" is the one in the following Monday-Sunday week;
    # "last" the latest before ref
    ("on Friday", R, "2025-03-14", "2025-03-14", DAY),
    ("by Monday", R, "2025-03-17", "2025-03-17", DAY),
    ("Thursday", R, "2025-03-20", "2025-03-20", DAY),
    ("this Thursday", R, "2025-03-20", "2025-03-20", DAY),
    ("coming Sunday", R, "2025-03-16", "2025-03-16", DAY),
    ("next Friday", R, "2025-03-21", "2025-03-21", DAY),
    ("next Monday", R, "2025-03-17", "2025-03-17", DAY),
    ("next friday", "2025-03-10", "2025-03-21", "2025-03-21", DAY),  # not the 14th
    ("next Sat", "2025-03-10", "2025-03-22", "2025-03-22", DAY),
    ("last Friday", R, "2025-03-07", "2025-03-07", DAY),
    ("last Monday", R, "2025-03-10", "2025-03-10", DAY),
    ("Wednesday next week", R, "2025-03-19", "2025-03-19", DAY),
    ("before Tuesday", R, "2025-03-17", "2025-03-17", DAY),
    ("14 March 2025 (Friday)", R, "2025-03-14", "2025-03-14", DAY),
    ("Tuesday, March 18, 2025", R, "2025-03-18", "2025-03-18", DAY),
    ("March 18 2025, Tuesday", R, "2025-03-18", "2025-03-18", DAY),
    # -- next/last season: the first starting after ref, the last ended before it
    ("next spring", "2025-09-17", "2026-03-01", "2026-05-31", PART),
    ("next spring", "2026-04-10", "2027-03-01", "2027-05-31", PART),
    ("next autumn", "2025-09-17", "2026-09-01", "2026-11-30", PART),
    ("last winter", "2025-09-17", "2024-12-01", "2025-02-28", PART),
    # -- "this spring": the one in ref's year; "this winter" the one ref is in or next
    ("this autumn", R, "2025-09-01", "2025-11-30", PART),
    ("this spring", "2025-11-01", "2025-03-01", "2025-05-31", PART),
    ("this winter", "2026-01-10", "2025-12-01", "2026-02-28", PART),
    ("this winter", "2025-11-01", "2025-12-01", "2026-02-28", PART),
    # -- a date inside a sentence, as pasted from a document: the one run that is a date
    ("The consultation closes on 8 May 2025.", "2025-04-08", "2025-05-08", "2025-05-08", DAY),
    (
        "Chapters I and II shall apply from 2 February 2025",
        "2024-07-12",
        "2025-02-02",
        "2025-02-02",
        DAY,
    ),
    ("brought into compliance by 31 December 2030", "2024-07-12", "2030-12-31", "2030-12-31", DAY),
    ("We now expect to implement on 1 January 2027", "2025-01-17", "2027-01-01", "2027-01-01", DAY),
    ("transpose this Directive by 31 December 2025", "2025-04-16", "2025-12-31", "2025-12-31", DAY),
    ("at its next scheduled meeting on 20 June", "2024-05-23", "2024-06-20", "2024-06-20", DAY),
    ("notify MAS by May 3", "2024-04-02", "2024-05-03", "2024-05-03", DAY),
    ("deferred by one year to 1 January 2023", "2020-03-27", "2023-01-01", "2023-01-01", DAY),
    ("postponed from 1 July 2025 to 1 January 2026", R, "2026-01-01", "2026-01-01", DAY),
    ("a pilot exercise could start in 2027", "2025-10-30", "2027-01-01", "2027-12-31", YEAR),
    ("a potential first issuance during 2029", "2025-10-30", "2029-01-01", "2029-12-31", YEAR),
    ("first stablecoin licences in early 2026", "2025-11-03", "2026-01-01", "2026-04-30", PART),
    (
        "balance the operating budget within three years",
        "2025-11-04",
        "2025-11-04",
        "2028-11-04",
        MULTI,
    ),
    (
        "complete the legislation of Article 23 within 2024",
        "2023-10-25",
        "2024-01-01",
        "2024-12-31",
        YEAR,
    ),
    (
        "In the 2024 Policy Address the scheme was promised by mid-2025",
        R,
        "2025-05-01",
        "2025-08-31",
        PART,
    ),
    ("the plan for 2022-2025", "2022-01-04", "2022-01-01", "2025-12-31", MULTI),
    ("go-live targeted for 3Q26", R, "2026-07-01", "2026-09-30", QUARTER),
    ("by 2027 hopefully", R, "2027-01-01", "2027-12-31", YEAR),
    ("2027 launch", R, "2027-01-01", "2027-12-31", YEAR),
    ("from the 2025 Budget, to be delivered by 2027", R, "2027-01-01", "2027-12-31", YEAR),
    (
        "reduce emissions by at least 81% by 2035, compared to 1990 levels",
        "2025-01-30",
        "2035-01-01",
        "2035-12-31",
        YEAR,
    ),
    (
        "introduce about 700 electric buses by end-2027",
        "2022-10-19",
        "2027-12-01",
        "2027-12-31",
        MONTH,
    ),
    (
        "real GDP growth of between 6.3 and 6.8 per cent in FY26",
        "2025-01-31",
        "2025-04-01",
        "2026-03-31",
        YEAR,
    ),
    ("CPS 230 will come into effect on 1 July 2025", "2023-07-17", "2025-07-01", "2025-07-01", DAY),
    (
        "The compliance date for the Final Rules is May 28, 2024.",
        "2023-02-15",
        "2024-05-28",
        "2024-05-28",
        DAY,
    ),
    ("Proposed Closing Date September 13, 2013", "2013-03-05", "2013-09-13", "2013-09-13", DAY),
    (
        "extend the closing date of the grant to September 30, 2021",
        "2021-06-15",
        "2021-09-30",
        "2021-09-30",
        DAY,
    ),
    (
        "despite an initial deadline of February 2025",
        "2025-07-15",
        "2025-02-01",
        "2025-02-28",
        MONTH,
    ),
    ("Korea Digital Days from Mar 21-23", "2023-03-20", "2023-03-21", "2023-03-23", WEEK),
    (
        "Instruments issued before 2026 will continue to qualify",
        "2025-10-02",
        "2025-01-01",
        "2025-12-31",
        YEAR,
    ),
    ("Final FCA/PRA rules expected (mid-2026)", "2026-01-05", "2026-05-01", "2026-08-31", PART),
    ("responses by 5pm on 9 February 2024", "2024-01-15", "2024-02-09", "2024-02-09", DAY),
    (
        "The policy rate will likely be reduced in March,",
        "2025-01-23",
        "2025-03-01",
        "2025-03-31",
        MONTH,
    ),
    (
        "passed in the Senate on July 1, 2025, with a 51-50 vote",
        "2025-07-02",
        "2025-07-01",
        "2025-07-01",
        DAY,
    ),
    (
        "September 8, 2025 as the day on which sections 17 to 22 come into force",
        "2023-11-22",
        "2025-09-08",
        "2025-09-08",
        DAY,
    ),
    (
        "In the second half of 2024 we will publish final versions",
        "2024-06-28",
        "2024-07-01",
        "2024-12-31",
        HALF,
    ),
    (
        "payments will start to be settled in RIX-INST in 2023",
        "2022-12-15",
        "2023-01-01",
        "2023-12-31",
        YEAR,
    ),
    (
        "fall by around 12 per cent by 2035 compared with 2019 levels",
        "2025-11-10",
        "2035-01-01",
        "2035-12-31",
        YEAR,
    ),
    (
        "A goal has been set to end the use of cheques in 2030.",
        "2023-06-07",
        "2030-01-01",
        "2030-12-31",
        YEAR,
    ),
    (
        "Consultation will close on 15 September 2023.",
        "2023-08-17",
        "2023-09-15",
        "2023-09-15",
        DAY,
    ),
    (
        "All 2025 PTINs will expire on December 31, 2025.",
        "2025-10-27",
        "2025-12-31",
        "2025-12-31",
        DAY,
    ),
    (
        "the final implementation deadline of March 31, 2026",
        "2025-06-17",
        "2026-03-31",
        "2026-03-31",
        DAY,
    ),
    (
        "tax deductions per year on fees from 2024 to 2027",
        "2025-03-07",
        "2024-01-01",
        "2027-12-31",
        MULTI,
    ),
    (
        "Parliament actually returns this Tuesday 13 June 2023",
        "2023-06-10",
        "2023-06-13",
        "2023-06-13",
        DAY,
    ),
    ("the spring statement on 26 March", "2025-02-27", "2025-03-26", "2025-03-26", DAY),
    ("in the first three quarters of 2025", R, "2025-01-01", "2025-09-30", PART),
    ("the first nine months of 2026", R, "2026-01-01", "2026-09-30", PART),
    ("the programme will end in 2027", R, "2027-01-01", "2027-12-31", YEAR),
    ("Payday super will start from 1 July 2026", "2023-05-02", "2026-07-01", "2026-07-01", DAY),
    # -- "throughout", "in/over the course of" a period: that period
    ("throughout 2026", R, "2026-01-01", "2026-12-31", YEAR),
    ("in the course of 2026", R, "2026-01-01", "2026-12-31", YEAR),
    ("over the course of next year", R, "2026-01-01", "2026-12-31", YEAR),
    # -- plans with their own years in brackets, as official texts write them
    ("the 14th Five-Year Plan period (2021-2025)", R, "2021-01-01", "2025-12-31", MULTI),
    ("the 15th Five-Year Plan period (2026-2030)", R, "2026-01-01", "2030-12-31", MULTI),
    # -- years; "before X" is the year before; "by <day>" is that day
    ("2027", R, "2027-01-01", "2027-12-31", YEAR),
    ("in 2027", R, "2027-01-01", "2027-12-31", YEAR),
    ("no later than 2027", R, "2027-01-01", "2027-12-31", YEAR),
    ("the year 2027", R, "2027-01-01", "2027-12-31", YEAR),
    ("before 2027", R, "2026-01-01", "2026-12-31", YEAR),
    ("by the start of 2027", R, "2026-01-01", "2026-12-31", YEAR),
    ("by the beginning of 2027", R, "2026-01-01", "2026-12-31", YEAR),
    ("prior to 2027", R, "2026-01-01", "2026-12-31", YEAR),
    ("by the start of next year", R, "2025-01-01", "2025-12-31", YEAR),
    ("no later than 31 December 2026", R, "2026-12-31", "2026-12-31", DAY),
    ("by 31 December 2026", R, "2026-12-31", "2026-12-31", DAY),
    ("on or before 31 December 2026", R, "2026-12-31", "2026-12-31", DAY),
    ("before 31 December 2026", R, "2026-12-30", "2026-12-30", DAY),
    ("before June 2026", R, "2026-05-01", "2026-05-31", MONTH),
    ("before Q3 2026", R, "2026-04-01", "2026-06-30", QUARTER),
    ("before H2 2026", R, "2026-01-01", "2026-06-30", HALF),
    ("before next week", R, "2025-03-10", "2025-03-16", WEEK),
    # -- parts of a year
    ("early 2026", R, "2026-01-01", "2026-04-30", PART),
    ("mid-2026", R, "2026-05-01", "2026-08-31", PART),
    ("mid 2026", R, "2026-05-01", "2026-08-31", PART),
    ("the middle of 2026", R, "2026-05-01", "2026-08-31", PART),
    ("later in 2025", R, "2025-09-01", "2025-12-31", PART),
    ("the latter part of 2025", R, "2025-09-01", "2025-12-31", PART),
    ("late in 2025", R, "2025-09-01", "2025-12-31", PART),
    ("by mid-2026", R, "2026-05-01", "2026-08-31", PART),
    ("mid-year", R, "2025-05-01", "2025-08-31", PART),
    ("later this year", R, "2025-03-14", "2025-12-31", PART),
    ("within this year", R, "2025-03-14", "2025-12-31", PART),
    ("within the year", R, "2025-03-14", "2025-12-31", PART),
    ("rest of the year", R, "2025-03-14", "2025-12-31", PART),
    # precision follows the shape: from 1 July the rest of the year is exactly H2
    ("within this year", "2025-07-01", "2025-07-01", "2025-12-31", HALF),
    ("early next year", R, "2026-01-01", "2026-04-30", PART),
    # -- the end / beginning of a period
    ("end of 2025", R, "2025-12-01", "2025-12-31", MONTH),
    ("the end of 2025", R, "2025-12-01", "2025-12-31", MONTH),
    ("by the end of 2025", R, "2025-12-01", "2025-12-31", MONTH),
    ("end-2025", R, "2025-12-01", "2025-12-31", MONTH),
    # The brief listed "by end 2027" as the whole year but "by the end of 2025" as
    # December; the two say the same thing, so both read as December.
    ("by end 2027", R, "2027-12-01", "2027-12-31", MONTH),
    ("year-end", R, "2025-12-01", "2025-12-31", MONTH),
    ("by year-end", R, "2025-12-01", "2025-12-31", MONTH),
    ("by year end 2026", R, "2026-12-01", "2026-12-31", MONTH),
    ("by the end of the year", R, "2025-12-01", "2025-12-31", MONTH),
    ("by the end of this year", R, "2025-12-01", "2025-12-31", MONTH),
    ("no later than end-2026", R, "2026-12-01", "2026-12-31", MONTH),
    ("beginning of 2026", R, "2026-01-01", "2026-01-31", MONTH),
    ("start of 2026", R, "2026-01-01", "2026-01-31", MONTH),
    ("the beginning of next year", R, "2026-01-01", "2026-01-31", MONTH),
    ("the end of June 2026", R, "2026-06-30", "2026-06-30", DAY),
    ("end June 2026", R, "2026-06-30", "2026-06-30", DAY),
    ("end-June", R, "2025-06-30", "2025-06-30", DAY),
    ("by the end of June", R, "2025-06-30", "2025-06-30", DAY),
    ("by the end of June", "2025-07-01", "2026-06-30", "2026-06-30", DAY),
    ("the start of June 2026", R, "2026-06-01", "2026-06-01", DAY),
    ("by the end of the month", R, "2025-03-31", "2025-03-31", DAY),
    ("by month-end", R, "2025-03-31", "2025-03-31", DAY),
    ("by the end of the week", R, "2025-03-16", "2025-03-16", DAY),
    # -- quarters
    ("3Q26", R, "2026-07-01", "2026-09-30", QUARTER),
    ("3Q 2026", R, "2026-07-01", "2026-09-30", QUARTER),
    ("2026Q3", R, "2026-07-01", "2026-09-30", QUARTER),
    ("2026 Q3", R, "2026-07-01", "2026-09-30", QUARTER),
    ("Q3 '26", R, "2026-07-01", "2026-09-30", QUARTER),
    ("the third quarter of 2026", R, "2026-07-01", "2026-09-30", QUARTER),
    ("third quarter 2026", R, "2026-07-01", "2026-09-30", QUARTER),
    ("3rd quarter 2026", R, "2026-07-01", "2026-09-30", QUARTER),
    ("Q1", R, "2025-01-01", "2025-03-31", QUARTER),
    ("next quarter", R, "2025-04-01", "2025-06-30", QUARTER),
    ("end-Q3 2026", R, "2026-09-01", "2026-09-30", MONTH),
    ("the end of the third quarter of 2026", R, "2026-09-01", "2026-09-30", MONTH),
    ("by the end of Q3 2026", R, "2026-09-01", "2026-09-30", MONTH),
    ("by the end of the first quarter", R, "2025-03-01", "2025-03-31", MONTH),
    ("by the end of the first quarter", "2025-04-01", "2026-03-01", "2026-03-31", MONTH),
    ("early Q3 2026", R, "2026-07-01", "2026-07-31", MONTH),
    ("late Q3 2026", R, "2026-09-01", "2026-09-30", MONTH),
    ("April-June 2026", R, "2026-04-01", "2026-06-30", QUARTER),
    ("Q3-Q4 2026", R, "2026-07-01", "2026-12-31", HALF),
    ("Q3 2026 to Q1 2027", R, "2026-07-01", "2027-03-31", PART),
    # -- halves
    ("1H 2026", R, "2026-01-01", "2026-06-30", HALF),
    ("1H26", R, "2026-01-01", "2026-06-30", HALF),
    ("the first half of 2026", R, "2026-01-01", "2026-06-30", HALF),
    ("first half 2026", R, "2026-01-01", "2026-06-30", HALF),
    ("H2 2026", R, "2026-07-01", "2026-12-31", HALF),
    ("the second half of 2026", R, "2026-07-01", "2026-12-31", HALF),
    ("the second half of the year", R, "2025-07-01", "2025-12-31", HALF),
    ("H2 2025 to H1 2026", R, "2025-07-01", "2026-06-30", PART),
    # -- months and days in written and numeric forms
    ("December 2025", R, "2025-12-01", "2025-12-31", MONTH),
    ("Dec 2025", R, "2025-12-01", "2025-12-31", MONTH),
    ("June '26", R, "2026-06-01", "2026-06-30", MONTH),
    ("2026-12", R, "2026-12-01", "2026-12-31", MONTH),
    ("12/2026", R, "2026-12-01", "2026-12-31", MONTH),
    ("2026/12", R, "2026-12-01", "2026-12-31", MONTH),
    ("December", R, "2025-12-01", "2025-12-31", MONTH),
    ("December", "2026-01-05", "2026-12-01", "2026-12-31", MONTH),
    ("March", "2025-03-31", "2025-03-01", "2025-03-31", MONTH),
    ("this June", "2026-11-22", "2026-06-01", "2026-06-30", MONTH),
    ("next June", R, "2025-06-01", "2025-06-30", MONTH),
    ("next June", "2026-06-10", "2027-06-01", "2027-06-30", MONTH),
    ("last June", "2026-06-10", "2025-06-01", "2025-06-30", MONTH),
    ("next month", R, "2025-04-01", "2025-04-30", MONTH),
    ("this month", R, "2025-03-01", "2025-03-31", MONTH),
    ("last month", R, "2025-02-01", "2025-02-28", MONTH),
    ("Dec. 31, 2026", R, "2026-12-31", "2026-12-31", DAY),
    ("31st Dec 2023", R, "2023-12-31", "2023-12-31", DAY),
    ("Thursday 18th December 2025", R, "2025-12-18", "2025-12-18", DAY),
    ("Thursday, December 18, 2025", R, "2025-12-18", "2025-12-18", DAY),
    ("31December2026", R, "2026-12-31", "2026-12-31", DAY),
    ("  31   December ,2026 ", R, "2026-12-31", "2026-12-31", DAY),
    ("31-Dec-2026", R, "2026-12-31", "2026-12-31", DAY),
    ("2026-12-31", R, "2026-12-31", "2026-12-31", DAY),
    ("2026/12/31", R, "2026-12-31", "2026-12-31", DAY),
    ("31/12/2026", R, "2026-12-31", "2026-12-31", DAY),
    ("31.12.2026", R, "2026-12-31", "2026-12-31", DAY),
    ("June 26", R, "2025-06-26", "2025-06-26", DAY),
    ("31 December", R, "2025-12-31", "2025-12-31", DAY),
    ("29 February", R, "2028-02-29", "2028-02-29", DAY),
    ("the first of June 2026", R, "2026-06-01", "2026-06-01", DAY),
    ("the twenty-first of June 2026", R, "2026-06-21", "2026-06-21", DAY),
    ("mid-June 2026", R, "2026-06-11", "2026-06-20", WEEK),
    ("early June 2026", R, "2026-06-01", "2026-06-10", WEEK),
    ("late June 2026", R, "2026-06-21", "2026-06-30", WEEK),
    ("late February 2028", R, "2028-02-21", "2028-02-29", WEEK),
    # -- weeks
    ("the week of September 22nd", R, "2025-09-22", "2025-09-28", WEEK),
    ("the week of September 22nd", "2025-09-25", "2025-09-22", "2025-09-28", WEEK),
    ("the week of 22 September 2025", R, "2025-09-22", "2025-09-28", WEEK),
    ("the week of Wednesday 24 September 2025", R, "2025-09-22", "2025-09-28", WEEK),
    ("w/c 22 September 2025", R, "2025-09-22", "2025-09-28", WEEK),
    ("week ending 28 September 2025", R, "2025-09-22", "2025-09-28", WEEK),
    ("next week", R, "2025-03-17", "2025-03-23", WEEK),
    ("last week", R, "2025-03-03", "2025-03-09", WEEK),
    ("this week", R, "2025-03-10", "2025-03-16", WEEK),
    # -- ranges of days and months
    ("Nov 3-7", R, "2025-11-03", "2025-11-07", WEEK),
    ("Nov 3-7", "2025-11-05", "2025-11-03", "2025-11-07", WEEK),
    ("3-7 November 2025", R, "2025-11-03", "2025-11-07", WEEK),
    ("November 3 to 7, 2025", R, "2025-11-03", "2025-11-07", WEEK),
    ("between 3 and 7 November 2025", R, "2025-11-03", "2025-11-07", WEEK),
    ("3-14 November 2025", R, "2025-11-03", "2025-11-14", PART),
    ("Nov 28 - Dec 3", R, "2025-11-28", "2025-12-03", WEEK),
    ("from 2 August 2026 until 31 December 2026", R, "2026-08-02", "2026-12-31", PART),
    ("2026-01-01 to 2026-03-31", R, "2026-01-01", "2026-03-31", QUARTER),
    ("between May and July 2026", R, "2026-05-01", "2026-07-31", PART),
    ("May-July 2026", R, "2026-05-01", "2026-07-31", PART),
    ("May to July 2026", R, "2026-05-01", "2026-07-31", PART),
    ("August and September 2019", R, "2019-08-01", "2019-09-30", PART),
    ("between May and July", "2025-06-15", "2025-05-01", "2025-07-31", PART),
    ("autumn 2025 to spring 2026", R, "2025-09-01", "2026-05-31", PART),
    # -- relative to the reference date
    ("within 3 years", R, "2025-03-14", "2028-03-14", MULTI),
    ("within three years", "2024-02-29", "2024-02-29", "2027-02-28", MULTI),
    ("in the next three years", R, "2025-03-14", "2028-03-14", MULTI),
    ("over the next five years", R, "2025-03-14", "2030-03-14", MULTI),
    ("in the next 18 months", R, "2025-03-14", "2026-09-14", MULTI),
    ("in the next eighteen months", R, "2025-03-14", "2026-09-14", MULTI),
    ("within 6 months", R, "2025-03-14", "2025-09-14", PART),
    ("within six months", "2025-08-31", "2025-08-31", "2026-02-28", PART),
    ("within twelve months", R, "2025-03-14", "2026-03-14", PART),
    ("within a year", R, "2025-03-14", "2026-03-14", PART),
    ("within 90 days", R, "2025-03-14", "2025-06-12", PART),
    ("within two weeks", R, "2025-03-14", "2025-03-28", PART),
    ("within a week", R, "2025-03-14", "2025-03-21", WEEK),
    ("in two years' time", R, "2027-01-01", "2027-12-31", YEAR),
    ("in two years", R, "2027-01-01", "2027-12-31", YEAR),
    ("in a year's time", R, "2026-01-01", "2026-12-31", YEAR),
    ("in six months' time", R, "2025-09-01", "2025-09-30", MONTH),
    ("next year", R, "2026-01-01", "2026-12-31", YEAR),
    ("this year", R, "2025-01-01", "2025-12-31", YEAR),
    ("the coming months", R, "2025-03-14", "2025-09-14", PART),
    ("in the coming months", R, "2025-03-14", "2025-09-14", PART),
    ("in the months ahead", R, "2025-03-14", "2025-09-14", PART),
    ("in the next few months", R, "2025-03-14", "2025-09-14", PART),
    ("in the next year", R, "2025-03-14", "2026-03-14", PART),  # not "next year"
    ("over the coming year", R, "2025-03-14", "2026-03-14", PART),
    ("within the next month", R, "2025-03-14", "2025-04-14", PART),
    ("today", R, "2025-03-14", "2025-03-14", DAY),
    ("yesterday", R, "2025-03-13", "2025-03-13", DAY),
    ("tomorrow", R, "2025-03-15", "2025-03-15", DAY),
    ("3 days ago", R, "2025-03-11", "2025-03-11", DAY),
    # -- ranges of years
    ("2026-2028", R, "2026-01-01", "2028-12-31", MULTI),
    ("2026\u20132028", R, "2026-01-01", "2028-12-31", MULTI),
    ("2026 - 2028", R, "2026-01-01", "2028-12-31", MULTI),
    ("from 2026 to 2028", R, "2026-01-01", "2028-12-31", MULTI),
    ("between 2026 and 2028", R, "2026-01-01", "2028-12-31", MULTI),
    ("2026 to 2028", R, "2026-01-01", "2028-12-31", MULTI),
    ("2026-27", R, "2026-01-01", "2027-12-31", MULTI),
    ("2026-28", R, "2026-01-01", "2028-12-31", MULTI),
    ("2023 or 2024", R, "2023-01-01", "2024-12-31", MULTI),
    ("in 2026 and 2027", R, "2026-01-01", "2027-12-31", MULTI),
    ("1999-00", R, "1999-01-01", "2000-12-31", MULTI),
    # -- Five-Year Plans
    ("14th Five-Year Plan", R, "2021-01-01", "2025-12-31", MULTI),
    ("the 14th Five-Year Plan period", R, "2021-01-01", "2025-12-31", MULTI),
    ("Fourteenth Five-Year Plan", R, "2021-01-01", "2025-12-31", MULTI),
    ("during the 15th Five-Year Plan", R, "2026-01-01", "2030-12-31", MULTI),
    ("the 15th five year plan", R, "2026-01-01", "2030-12-31", MULTI),
    ("1st Five-Year Plan", R, "1953-01-01", "1957-12-31", MULTI),
    ("3rd Five-Year Plan", R, "1966-01-01", "1970-12-31", MULTI),
    ("by the end of the 15th Five-Year Plan period", R, "2030-01-01", "2030-12-31", YEAR),
    ("by the end of the 15th Five-Year Plan", R, "2030-01-01", "2030-12-31", YEAR),
    ("the opening year of the 15th Five-Year Plan", R, "2026-01-01", "2026-12-31", YEAR),
    ("the first year of the 15th Five-Year Plan", R, "2026-01-01", "2026-12-31", YEAR),
    ("the final year of the 15th Five-Year Plan", R, "2030-01-01", "2030-12-31", YEAR),
    ("the closing year of the 15th Five-Year Plan", R, "2030-01-01", "2030-12-31", YEAR),
    ("the last year of the 15th Five-Year Plan", R, "2030-01-01", "2030-12-31", YEAR),
    # -- fiscal years (default start: April; FY2026 ends in March 2026)
    ("FY2026", R, "2025-04-01", "2026-03-31", YEAR),
    ("FY26", R, "2025-04-01", "2026-03-31", YEAR),
    ("FY 2026", R, "2025-04-01", "2026-03-31", YEAR),
    ("FY2025/26", R, "2025-04-01", "2026-03-31", YEAR),
    ("2025/26", R, "2025-04-01", "2026-03-31", YEAR),
    ("2025/2026", R, "2025-04-01", "2026-03-31", YEAR),
    ("fiscal year 2025-26", R, "2025-04-01", "2026-03-31", YEAR),
    ("financial year 2025-26", R, "2025-04-01", "2026-03-31", YEAR),
    ("fiscal 2026", R, "2025-04-01", "2026-03-31", YEAR),
    ("the 2025-26 financial year", R, "2025-04-01", "2026-03-31", YEAR),
    ("before FY2026", R, "2024-04-01", "2025-03-31", YEAR),
    ("by the end of FY2026", R, "2026-03-01", "2026-03-31", MONTH),
    # -- seasons (meteorological; winter is named by its December)
    ("spring 2026", R, "2026-03-01", "2026-05-31", PART),
    ("summer 2026", R, "2026-06-01", "2026-08-31", PART),
    ("the summer of 2026", R, "2026-06-01", "2026-08-31", PART),
    ("autumn 2026", R, "2026-09-01", "2026-11-30", PART),
    ("fall 2026", R, "2026-09-01", "2026-11-30", PART),
    ("winter 2026", R, "2026-12-01", "2027-02-28", PART),
    ("winter 2025/26", R, "2025-12-01", "2026-02-28", PART),
    ("by autumn", R, "2025-09-01", "2025-11-30", PART),
    ("by autumn", "2025-12-01", "2026-09-01", "2026-11-30", PART),
    ("winter", "2026-01-15", "2025-12-01", "2026-02-28", PART),
    # -- phrases as pasted, with filler around the date
    ("the 31 August 2026 deadline", R, "2026-08-31", "2026-08-31", DAY),
    ("shall apply from 2 August 2026", R, "2026-08-02", "2026-08-02", DAY),
    ("previously set as 28 February 2025", R, "2025-02-28", "2025-02-28", DAY),
    ("launch in late 2025", R, "2025-09-01", "2025-12-31", PART),
    ("by 2027.", R, "2027-01-01", "2027-12-31", YEAR),
    ("(by 2027)", R, "2027-01-01", "2027-12-31", YEAR),
    ("aims to ... by 2027", R, "2027-01-01", "2027-12-31", YEAR),
    ("aims to \u2026 by 2027", R, "2027-01-01", "2027-12-31", YEAR),
    ("Target: by end-2026", R, "2026-12-01", "2026-12-31", MONTH),
    ("by 2027 at the latest", R, "2027-01-01", "2027-12-31", YEAR),
    ("expected to be completed in the second half of 2026", R, "2026-07-01", "2026-12-31", HALF),
    ("BY 31 DECEMBER 2026", R, "2026-12-31", "2026-12-31", DAY),
    # -- dateparser fallback: a day with a clock time
    ("31 Dec 2026 at 17:00", R, "2026-12-31", "2026-12-31", DAY),
    ("2026-12-31T17:00:00Z", R, "2026-12-31", "2026-12-31", DAY),
    ("2026-12-31 23:00 -05:00", R, "2026-12-31", "2026-12-31", DAY),
    ("31/12/2026 17:00", R, "2026-12-31", "2026-12-31", DAY),
    ("Dec 31 2026 at noon", R, "2026-12-31", "2026-12-31", DAY),
    ("2026 December 31", R, "2026-12-31", "2026-12-31", DAY),
    # -- full-width digits are normalised
    ("\uff12\uff10\uff12\uff17", R, "2027-01-01", "2027-12-31", YEAR),
]

# (phrase, keyword options, earliest, latest, precision); reference R
OPTION_CASES: list[tuple[str, dict, str, str, Precision]] = [
    ("12/31/2026", {"day_first": False}, "2026-12-31", "2026-12-31", DAY),
    ("03/04/2026", {"day_first": False}, "2026-03-04", "2026-03-04", DAY),
    ("03/04/2026", {"day_first": True}, "2026-04-03", "2026-04-03", DAY),
    ("31.12.2026", {"day_first": False}, "2026-12-31", "2026-12-31", DAY),  # dots: day first
    ("2026-03-04", {"day_first": False}, "2026-03-04", "2026-03-04", DAY),
    ("FY2026", {"fiscal_year_start": 1}, "2026-01-01", "2026-12-31", YEAR),
    ("FY2026", {"fiscal_year_start": 7}, "2025-07-01", "2026-06-30", YEAR),
    ("FY2026", {"fiscal_year_start": 10}, "2025-10-01", "2026-09-30", YEAR),
    ("2025/26", {"fiscal_year_start": 7}, "2025-07-01", "2026-06-30", YEAR),
    ("July 2025 to June 2026", {"fiscal_year_start": 7}, "2025-07-01", "2026-06-30", YEAR),
    ("July 2025 to June 2026", {}, "2025-07-01", "2026-06-30", PART),
    ("12/31/2026 5pm", {"day_first": False}, "2026-12-31", "2026-12-31", DAY),
]

# (phrase, reference, a fragment the message must contain)
REFUSED: list[tuple[str, str, str]] = [
    ("after 2027", R, '"after"'),
    ("the 14th Five-Year Plan (2020-2024)", R, "not those of the 14th Five-Year Plan"),
    ("next spring 2027", R, "no date form matches"),
    ("start on", R, "only filler"),
    ("from 2027 onwards", R, '"onwards"'),
    ("not before 2027", R, '"not before"'),
    ("2027 or later", R, '"or later"'),
    ("later than 2027", R, '"later than"'),
    ("soon", R, "vague"),
    ("in due course", R, "vague"),
    ("tbd", R, "vague"),
    ("TBC", R, "vague"),
    ("as soon as possible", R, "vague"),
    ("later", R, "vague"),
    ("", R, "empty"),
    ("   ", R, "empty"),
    ("()", R, "no date"),
    ("by", R, "filler"),
    ("the deadline", R, "filler"),
    ("next blursday", R, 'unrecognised word "blursday"'),
    ("2027?", R, "a question mark makes the date uncertain"),
    # -- a date inside a sentence: refused whenever the rest could change it
    ("will not be ready by 2027", R, "denies or withdraws"),
    ("not by 2027", R, "denies or withdraws"),  # every word known, still a denial
    ("no longer in 2026", R, "denies or withdraws"),
    ("There are no plans to raise taxes before 2027.", R, "denies or withdraws"),
    ("Unless Parliament approves it by June, the scheme lapses.", R, "denies or withdraws"),
    ("The bill passed without a vote in 2026.", R, "denies or withdraws"),
    ("the launch is unlikely before 2027", R, "denies or withdraws"),
    ("plan cancelled, was due by end-2026", R, "denies or withdraws"),
    ("targets for 2025 were met, those for 2030 remain", R, "among several dates"),
    ("launched in 2025, completed by 2027", R, "no date form matches"),
    (
        "reaching 3.2% by the end of 2026 and 2.9% by the same period in 2027",
        R,
        "among several dates",
    ),
    (
        "Pillar Two should be brought into law in 2022, to be effective in 2023",
        R,
        'unrecognised word "pillar"',
    ),
    ("by the end of the Government's term in 2027", R, 'unrecognised word "government"'),
    ("the legislation goes live 3 months after royal assent", R, "counts from an event"),
    ("the rules bite from 2028 onwards", R, '"onwards"'),
    ("delivery in the mid-2030s", R, "a decade"),
    ("emissions peak around 2030", R, '"around" is too vague'),
    ("the reform will be delivered soon", R, '"soon" is too vague'),
    ("a half", R, 'unrecognised word "a"'),
    ("in the coming weeks", R, "no date form"),
    ("31 12 2026", R, "no date form"),  # bare numbers: never handed to dateparser
    ("first the 2027 26", R, "no date form"),
    ("12/31/2026 5pm", R, "there is no month 31"),  # dateparser would swap day and month
    ("Dec 31 2026 1 5", R, "no date form"),
    ("2026 2027", R, "no date form"),
    ("the year", R, "no date form"),
    ("sat", R, "may be a word"),  # alone, an abbreviation is an English word
    ("sun", R, "may be a word"),
    ("tomorrow (Friday)", R, "15 March 2025 is a Saturday, not a Friday"),
    ("14 March 2025 (Thursday)", R, "Friday, not a Thursday"),
    ("31 February 2026", R, "31 February 2026 does not exist"),
    ("29 February 2026", R, "29 February 2026 does not exist"),
    ("31 February", R, "31 February does not exist"),
    ("2026-13-01", R, "month 13"),
    ("2026-02-30", R, "30 February 2026 does not exist"),
    ("Friday 18th December 2025", R, "Thursday, not a Friday"),
    ("Friday 31 Dec 2026 17:00", R, "Thursday, not a Friday"),
    ("12/31/2026", R, "month 31"),
    ("2011-12", R, "could be a month or the years"),
    ("2026-26", R, "no date form"),
    ("2025/27", R, "no date form"),
    ("FY2026/28", R, "consecutive"),
    ("Q5 2026", R, "quarter 5"),
    ("H3 2026", R, "half 3"),
    ("before late 2025", R, '"before" needs'),
    ("the end of 31 December 2026", R, '"end" needs'),
    ("early next week", R, '"early" needs'),
    ("the week of next month", R, "single day"),
    ("the opening year of Q3 2026", R, "whole years"),
    ("December-January 2026", R, "ends before it starts"),
    ("2028-2026", R, "ends before it starts"),
    ("within 0 years", R, "empty"),
    ("within three years", "9998-06-01", "supported years"),
    ("by 2027\nor later", R, '"or later"'),
    ("by 2027年 or 2028年", R, "Chinese mixed with Latin-script words"),  # see test_deadlines_zh
    ("next\x00blursday", R, "unrecognised"),
    ("\u0968\u0966\u0968\u096d", R, "unrecognised"),  # Devanagari digits: not ASCII
    # -- counted from an event whose date is not given
    (
        "180 days after submission",
        R,
        'it counts from an event ("submission") whose date is not given',
    ),
    (
        "within 30 days of publication",
        R,
        'it counts from an event ("publication") whose date is not given',
    ),
    (
        "two years after entry into force",
        R,
        'it counts from an event ("entry into force") whose date is not given',
    ),
    (
        "6 months from the date of approval",
        R,
        'it counts from an event ("approval") whose date is not given',
    ),
    (
        "no later than 90 working days following the adoption of the act",
        R,
        'an event ("adoption of the act")',
    ),
    ("a year after the consultation closes", R, 'an event ("consultation closes")'),
    ("30 days after 1 June 2026", R, '"after" leaves the window open-ended'),  # a date
    # -- open-ended and vague
    ("post-2027", R, '"post" leaves the window open-ended'),
    ("post 2027", R, '"post" leaves the window open-ended'),
    ("by mid-century", R, '"century" is too vague'),
    ("by the middle of this century", R, '"century" is too vague'),
]


def d(text: str) -> date:
    return date.fromisoformat(text)


def window_of(row: tuple) -> Window:
    phrase, ref = row[0], row[1]
    return parse_window(phrase, d(ref))


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize(("phrase", "ref", "earliest", "latest", "precision"), CASES)
def test_phrase_windows(
    phrase: str, ref: str, earliest: str, latest: str, precision: Precision
) -> None:
    window = parse_window(phrase, d(ref))
    assert (window.earliest, window.latest, window.precision) == (d(earliest), d(latest), precision)
    assert window.text == phrase.strip()


@pytest.mark.parametrize(("phrase", "options", "earliest", "latest", "precision"), OPTION_CASES)
def test_options(
    phrase: str, options: dict, earliest: str, latest: str, precision: Precision
) -> None:
    window = parse_window(phrase, d(R), **options)
    assert (window.earliest, window.latest, window.precision) == (d(earliest), d(latest), precision)


@pytest.mark.parametrize(("phrase", "ref", "fragment"), REFUSED)
def test_refused(phrase: str, ref: str, fragment: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_window(phrase, d(ref))
    assert_one_line(str(caught.value))
    assert fragment in str(caught.value)


def test_a_weekday_beside_a_day_named_from_the_reference_is_checked() -> None:
    # (outside CASES: these read only on some reference days)
    assert parse_window("tomorrow (Saturday)", d(R)).earliest == date(2025, 3, 15)
    assert parse_window("today, Friday", d(R)).earliest == date(2025, 3, 14)
    assert parse_window("March 18, Tuesday", d(R)).earliest == date(2025, 3, 18)


def test_refused_with_option() -> None:
    with pytest.raises(DateParseError, match="fiscal years start in January"):
        parse_window("2025/26", d(R), fiscal_year_start=1)
    with pytest.raises(DateParseError, match=r"month 31 \(numeric dates are read month first"):
        parse_window("31/12/2026", d(R), day_first=False)


def assert_one_line(message: str) -> None:
    assert message.startswith("cannot read date ")
    assert "\n" not in message and "\r" not in message
    assert message.isprintable(), repr(message)


def test_exact_message_for_unknown_word() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_window("next blursday", d(R))
    assert str(caught.value) == 'cannot read date "next blursday": unrecognised word "blursday"'


def test_exact_message_for_an_event_without_a_date() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_window("180 days after submission", d(R))
    assert str(caught.value) == (
        'cannot read date "180 days after submission": it counts '
        'from an event ("submission") whose date is not given'
    )


def test_iso_fast_path_skips_the_grammar(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("an ISO date went through the grammar")

    monkeypatch.setattr(deadlines, "_read_phrase", refuse)
    assert parse_window(" 2026-12-31 ", d(R)) == Window(
        "2026-12-31", d("2026-12-31"), d("2026-12-31"), DAY
    )


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("2026-02-30", "30 February 2026 does not exist"),
        ("2025-02-29", "29 February 2025 does not exist"),
        ("2026-13-01", "there is no month 13"),
        ("2026-01-00", "0 January 2026 does not exist"),
        ("0000-01-01", "there is no year 0"),
    ],
)
def test_impossible_iso_dates_keep_the_full_message(phrase: str, message: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_window(phrase, d(R))
    assert str(caught.value) == f'cannot read date "{phrase}": {message}'


def test_rule_index_never_skips_a_rule() -> None:
    """The combined regex may point at a candidate that then fails (it is a superset),
    but never past the first pattern that matches, and never to nothing when one does."""
    canons = {" ".join(english._tokens(row[0])) for row in CASES + REFUSED}
    canons |= {" ".join(canon.split()[i:]) for canon in canons for i in range(3)}
    tables = [
        ([rule.pattern for rule in english_rules._RULES], english_rules._RULE_FINDER.regex()),
        (
            [pattern for _, pattern, _ in english_rules._TERM_PATTERNS],
            english_rules._TERM_FINDER.regex(),
        ),
    ]
    for patterns, index in tables:
        for canon in canons:
            first = next(
                (i for i, pattern in enumerate(patterns) if pattern.fullmatch(canon)), None
            )
            hit = index.fullmatch(canon)
            if first is None:
                continue
            assert hit is not None and hit.lastindex - 1 <= first, canon


@pytest.mark.parametrize("index_after", [0, 10**9])
def test_same_windows_with_and_without_the_rule_index(
    monkeypatch: pytest.MonkeyPatch, index_after: int
) -> None:
    monkeypatch.setattr(engine, "_INDEX_AFTER", index_after)
    for module, name in (
        (english_rules, "_RULE_FINDER"),
        (english_rules, "_TERM_FINDER"),
        (chinese_rules, "_ZH_RULE_FINDER"),
    ):
        old = getattr(module, name)
        monkeypatch.setattr(module, name, engine._FirstMatch(old._patterns))
    for row in CASES:
        window = parse_window(row[0], d(row[1]))
        assert (window.earliest, window.latest, window.precision) == (
            d(row[2]),
            d(row[3]),
            row[4],
        ), row[0]
    for phrase, ref, fragment in REFUSED:
        with pytest.raises(DateParseError) as caught:
            parse_window(phrase, d(ref))
        assert fragment in str(caught.value)


def test_message_escapes_control_characters_and_quotes() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_window('say "x"\tnext\x1bblursday', d(R))
    message = str(caught.value)
    assert_one_line(message)
    assert message.startswith('cannot read date "say \\"x\\"\\tnext\\x1bblursday":')


def test_long_text_is_shortened_in_message() -> None:
    with pytest.raises(DateParseError) as caught:
        parse_window("blursday " * 100, d(R))
    assert len(str(caught.value)) < 200


def test_is_an_input_error() -> None:
    assert issubclass(DateParseError, InputError)


# --------------------------------------------------------------------------- other API


def test_window_to_dict_and_back() -> None:
    window = parse_window("  late 2025 ", d(R))
    assert window.to_dict() == {
        "text": "late 2025",
        "earliest": "2025-09-01",
        "latest": "2025-12-31",
        "precision": "part-year",
    }
    assert parse_iso_window(**window.to_dict()) == window


def test_window_is_frozen_and_ordered() -> None:
    window = parse_window("2027", d(R))
    with pytest.raises(AttributeError):
        window.latest = d("2028-01-01")  # type: ignore[misc]
    with pytest.raises(ValueError):
        Window("x", d("2027-01-02"), d("2027-01-01"), DAY)


@pytest.mark.parametrize(
    ("earliest", "latest", "precision", "fragment"),
    [
        ("2026-02-30", "2026-03-01", "day", "not a real date"),
        ("20261231", "2026-12-31", "day", "not YYYY-MM-DD"),
        ("2026-W01-1", "2026-12-31", "day", "not YYYY-MM-DD"),
        ("2026-01-01", "2026-12-31", "fortnight", "precision"),
        ("2026-12-31", "2026-01-01", "year", "ends before it starts"),
    ],
)
def test_parse_iso_window_rejects_bad_columns(
    earliest: str, latest: str, precision: str, fragment: str
) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_iso_window("stored", earliest, latest, precision)
    assert_one_line(str(caught.value))
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("31 December 2026", "2026-12-31"),
        ("by 31 December 2026", "2026-12-31"),
        ("2026-12-31", "2026-12-31"),
        ("today", R),
        ("yesterday", "2025-03-13"),
        ("3 days ago", "2025-03-11"),
        ("three days ago", "2025-03-11"),
        ("31 Dec 2026 at 17:00", "2026-12-31"),
    ],
)
def test_parse_day(phrase: str, expected: str) -> None:
    assert parse_day(phrase, d(R)) == d(expected)


def test_parse_day_respects_day_first() -> None:
    assert parse_day("03/04/2026", d(R), day_first=False) == d("2026-03-04")


@pytest.mark.parametrize("phrase", ["late 2025", "next week", "2026", "Q3 2026", "Nov 3-7"])
def test_parse_day_needs_a_single_day(phrase: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_day(phrase, d(R))
    assert_one_line(str(caught.value))
    assert "a single day is needed" in str(caught.value)


def test_parse_day_passes_on_unreadable_phrases() -> None:
    with pytest.raises(DateParseError, match="blursday"):
        parse_day("next blursday", d(R))


def test_reference_may_be_a_datetime() -> None:
    assert parse_window("today", datetime(2025, 3, 14, 23, 59)).earliest == d(R)


def test_bad_arguments() -> None:
    with pytest.raises(TypeError):
        parse_window(None, d(R))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        parse_window("2027", "2025-03-14")  # type: ignore[arg-type]
    for bad in (0, 13, True):
        with pytest.raises(InputError):
            parse_window("FY2026", d(R), fiscal_year_start=bad)


def test_import_is_fast_and_cli_free() -> None:
    """Importing the module must not import dateparser or any CLI framework."""
    root = Path(deadlines.__file__).resolve().parents[3]
    code = (
        "import sys, tracker.domain.deadlines; "
        "print(sorted(m for m in ('dateparser', 'typer', 'rich', 'click') "
        "if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.strip() == "[]"


# --------------------------------------------------------------------------- properties

PHRASES = [(row[0], row[1]) for row in CASES]
references = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


@given(st.dates(), references)
def test_iso_date_is_exactly_that_day(day: date, ref: date) -> None:
    assert parse_window(day.isoformat(), ref) == Window(day.isoformat(), day, day, DAY)


@given(st.sampled_from(PHRASES), references)
def test_every_table_phrase_is_ordered_for_any_reference(row: tuple[str, str], ref: date) -> None:
    window = parse_window(row[0], ref)
    assert window.earliest <= window.latest


@given(st.sampled_from(PHRASES), references)
def test_round_trips(row: tuple[str, str], ref: date) -> None:
    window = parse_window(row[0], ref)
    start = parse_window(window.earliest.isoformat(), ref)
    assert (start.earliest, start.latest, start.precision) == (
        window.earliest,
        window.earliest,
        DAY,
    )
    assert parse_iso_window(**window.to_dict()) == window


class _DateMeta(type):
    """isinstance(real_date, FakeDate) stays true, as with freezegun."""

    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, cls.__mro__[1])


def _clock(today: date | None) -> tuple[type, type]:
    """date/datetime stand-ins whose today()/now() return ``today`` (or fail if None)."""

    def fake_now(*_args: object, **_kwargs: object) -> datetime:
        if today is None:
            raise AssertionError("the module looked at the clock")
        return datetime(today.year, today.month, today.day, 12)

    class FakeDate(date, metaclass=_DateMeta):
        @classmethod
        def today(cls) -> date:
            return fake_now().date()

    class FakeDatetime(datetime, metaclass=_DateMeta):
        today = classmethod(fake_now)  # type: ignore[assignment]
        now = classmethod(fake_now)  # type: ignore[assignment]
        utcnow = classmethod(fake_now)  # type: ignore[assignment]

    return FakeDate, FakeDatetime


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(PHRASES),
    references,
    st.lists(st.one_of(st.none(), st.dates()), min_size=2, max_size=2),
)
def test_result_does_not_depend_on_today(
    row: tuple[str, str], ref: date, todays: list[date | None]
) -> None:
    expected = parse_window(row[0], ref)
    for today in todays:
        fake_date, fake_datetime = _clock(today)
        with pytest.MonkeyPatch.context() as patch:
            for module in (deadlines, arithmetic, engine, english_rules):  # all that use them
                for name, fake in (("date", fake_date), ("datetime", fake_datetime)):
                    if hasattr(module, name):
                        patch.setattr(module, name, fake)
            assert parse_window(row[0], ref) == expected


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_any_text_gives_a_window_or_a_one_line_error(text: str) -> None:
    try:
        window = parse_window(text, d(R))
    except DateParseError as error:
        assert_one_line(str(error))
    else:
        assert window.earliest <= window.latest


date_words = st.sampled_from(
    [
        "by",
        "in",
        "the",
        "of",
        "end",
        "early",
        "mid",
        "late",
        "before",
        "2026",
        "2027",
        "26",
        "Q3",
        "H1",
        "first",
        "half",
        "quarter",
        "year",
        "next",
        "this",
        "June",
        "Dec",
        "31",
        "-",
        "/",
        "to",
        "and",
        "within",
        "3",
        "months",
        "FY",
        "week",
        "Monday",
        "winter",
        ".",
    ]
)


@settings(max_examples=500)
@given(st.lists(date_words, min_size=1, max_size=6).map(" ".join))
def test_date_word_salad_gives_a_window_or_a_one_line_error(text: str) -> None:
    try:
        window = parse_window(text, d(R))
    except DateParseError as error:
        assert_one_line(str(error))
    else:
        assert window.earliest <= window.latest
        assert window.precision in Precision
