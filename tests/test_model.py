"""The domain vocabulary: health boundaries, slugs, value checks."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.model import (
    Health,
    Status,
    check_name,
    check_progress,
    check_slug,
    health,
    parse_health,
    parse_status,
    slugify,
)
from tracker.errors import InputError

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("status", "latest", "expected"),
    [
        ("announced", None, Health.NO_DEADLINE),
        ("announced", TODAY - timedelta(days=1), Health.OVERDUE),
        ("announced", TODAY, Health.DUE_SOON),  # due today is not yet overdue
        ("stalled", TODAY + timedelta(days=90), Health.DUE_SOON),
        ("in_progress", TODAY + timedelta(days=91), Health.ON_TRACK),
        ("achieved", TODAY - timedelta(days=400), Health.CLOSED),
        ("abandoned", None, Health.CLOSED),
        ("superseded", TODAY + timedelta(days=5), Health.CLOSED),
        ("proposed", TODAY - timedelta(days=1), Health.OVERDUE),
    ],
)
def test_health(status, latest, expected):
    assert health(status, latest, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In progress", Status.IN_PROGRESS),
        ("in-progress", Status.IN_PROGRESS),
        (" ACHIEVED ", Status.ACHIEVED),
        ("in_progress", Status.IN_PROGRESS),
    ],
)
def test_status_spellings(text, expected):
    assert parse_status(text) == expected


def test_health_spellings():
    assert parse_health("due soon") == Health.DUE_SOON
    with pytest.raises(InputError, match="unknown health 'ill'"):
        parse_health("ill")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Three-year action plan (HK-SZ)", "three-year-action-plan-hk-sz"),
        ("Hong Kong\u2013Shenzhen fintech hub", "hong-kong-shenzhen-fintech-hub"),
        ("Café déjà vu", "cafe-deja-vu"),
        ("离岸人民币中心", "li-an-ren-min-bi-zhong-xin"),
        ("北部都会区", "bei-bu-du-hui-qu"),
        ("北部都會區", "bei-bu-du-hui-qu"),  # traditional reads as simplified
        ("Northern Metropolis 北部都会区", "northern-metropolis-bei-bu-du-hui-qu"),
        (
            "深圳低空经济发展行动方案\uff082022-2025年\uff09",
            "shen-zhen-di-kong-jing-ji-fa-zhan-xing",  # 40 characters at most, whole words
        ),
        ("绿色金融", "lv-se-jin-rong"),
        ("ひらがな", ""),
        ("한국어", ""),
        ("A" * 80, "a" * 40),
        (
            "one two three four five six seven eight nine ten",
            "one-two-three-four-five-six-seven-eight",
        ),
    ],
)
def test_slugify(title, slug):
    assert slugify(title) == slug


@given(st.text(max_size=200))
def test_slugify_always_gives_a_valid_slug_or_nothing(title):
    slug = slugify(title)
    assert len(slug) <= 40
    assert slug == "" or re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)


@pytest.mark.parametrize("bad", ["", "Upper", "two  spaces", "-lead", "trail-", "a--b", "123", "é"])
def test_check_slug_refuses(bad):
    with pytest.raises(InputError):
        check_slug(bad)


def test_check_progress_bounds():
    assert check_progress(0) == 0 and check_progress(100) == 100
    for bad in (-1, 101, 10**12):
        with pytest.raises(InputError, match="between 0 and 100"):
            check_progress(bad)


def test_check_name_folds_whitespace_and_refuses_blank():
    assert check_name("  Greater   Bay\tArea ", "jurisdiction") == "Greater Bay Area"
    with pytest.raises(InputError, match="jurisdiction must not be empty"):
        check_name("   ", "jurisdiction")
    with pytest.raises(InputError, match="tag contains a NUL byte"):
        check_name("a\x00b", "tag")


def test_new_uuids_are_version_7_unique_and_in_the_order_they_were_made() -> None:
    import time
    import uuid

    from tracker.domain import clock

    made = [clock.new_uuid() for _ in range(20_000)]  # many within one millisecond
    assert made == sorted(made) and len(set(made)) == len(made)
    parsed = uuid.UUID(made[0])
    assert (parsed.version, parsed.variant, str(parsed)) == (7, uuid.RFC_4122, made[0])
    millisecond = int(made[-1].replace("-", "")[:12], 16)
    assert abs(millisecond - time.time() * 1000) < 60_000


def test_now_is_utc_iso_8601_with_microseconds() -> None:
    import re
    from datetime import UTC, datetime

    from tracker.domain import clock

    before = datetime.now(UTC)
    stamp = clock.now_iso()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", stamp)
    assert before <= datetime.fromisoformat(stamp) <= datetime.now(UTC)


def test_file_stamps_are_the_utc_second_without_separators() -> None:
    import re

    from tracker.domain import clock

    assert re.fullmatch(r"\d{8}T\d{6}", clock.file_stamp())
