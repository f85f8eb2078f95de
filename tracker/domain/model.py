"""Domain vocabulary: statuses, kinds, confidence, health, and value validation.

Pure functions over plain values; no storage, no CLI. Every validator raises
:class:`tracker.errors.InputError` with a one-line message naming the choices.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar

from tracker.domain import romanise
from tracker.errors import InputError


class Status(StrEnum):
    PROPOSED = "proposed"
    ANNOUNCED = "announced"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    STALLED = "stalled"
    ABANDONED = "abandoned"
    SUPERSEDED = "superseded"


#: Statuses after which an initiative no longer has a live deadline.
CLOSED_STATUSES = frozenset({Status.ACHIEVED, Status.ABANDONED, Status.SUPERSEDED})


class Kind(StrEnum):
    PROPOSAL = "proposal"
    PLAN = "plan"
    PROGRAMME = "programme"
    POLICY = "policy"
    MEASURE = "measure"


class Confidence(StrEnum):
    """Delivery confidence, the five levels of the UK Infrastructure and Projects
    Authority's delivery confidence assessment, best first (``red`` worst). The three
    levels tracker had before (green, amber, red) keep their meaning."""

    GREEN = "green"
    AMBER_GREEN = "amber_green"
    AMBER = "amber"
    AMBER_RED = "amber_red"
    RED = "red"


#: The confidence levels from best to worst: the ONE order every sort and comparison uses.
CONFIDENCE_ORDER: tuple[Confidence, ...] = tuple(Confidence)
#: A level's rank in :data:`CONFIDENCE_ORDER` (0: green, best; 4: red, worst).
CONFIDENCE_RANK: dict[str, int] = {str(level): rank for rank, level in enumerate(Confidence)}


class Health(StrEnum):
    CLOSED = "closed"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    NO_DEADLINE = "no_deadline"


#: An open initiative whose deadline's latest day falls within this many days is due soon.
DUE_SOON_DAYS = 90


def health(
    status: str, deadline_latest: date | None, today: date, horizon_days: int = DUE_SOON_DAYS
) -> Health:
    """Derive an initiative's health on ``today`` from its status and deadline.

    It is due soon when the deadline's latest day is within ``horizon_days``.
    """
    if status in CLOSED_STATUSES:
        return Health.CLOSED
    if deadline_latest is None:
        return Health.NO_DEADLINE
    if today > deadline_latest:
        return Health.OVERDUE
    if deadline_latest <= today + timedelta(days=horizon_days):
        return Health.DUE_SOON
    return Health.ON_TRACK


def deadline_days(
    state: Health, deadline_latest: date | None, baseline_latest: date | None, today: date
) -> tuple[int | None, int | None, int | None]:
    """An initiative's days on ``today``, given its :func:`health` ``state``: days
    overdue (overdue only), days left (open, not overdue, with a deadline) and days
    slipped (the deadline's latest day after the baseline's, whatever the status);
    None where a figure does not apply."""
    overdue = left = slipped = None
    if deadline_latest is not None:
        if state is Health.OVERDUE:
            overdue = (today - deadline_latest).days
        elif state is not Health.CLOSED:
            left = (deadline_latest - today).days
        if baseline_latest is not None and deadline_latest > baseline_latest:
            slipped = (deadline_latest - baseline_latest).days
    return overdue, left, slipped


#: Health from worst to best: a programme's roll-up shows its children's worst.
HEALTH_SEVERITY = (
    Health.OVERDUE,
    Health.DUE_SOON,
    Health.ON_TRACK,
    Health.NO_DEADLINE,
    Health.CLOSED,
)

#: Statuses left out of a group's mean progress (nothing more will be done).
NO_PROGRESS_GROUP = frozenset({Status.ABANDONED, Status.SUPERSEDED})


def progress_for_mean(status: str, progress: int | None) -> int:
    """An initiative's progress in a group's mean: achieved without a figure counts
    as done, any other without one as nothing."""
    if progress is None:
        return 100 if status == Status.ACHIEVED else 0
    return progress


def mean_progress(members: list[tuple[str, int | None]]) -> int | None:
    """A group's progress: the mean of :func:`progress_for_mean` over its members
    (status, progress) that are not abandoned or superseded; None for none."""
    values = [progress_for_mean(s, p) for s, p in members if s not in NO_PROGRESS_GROUP]
    return round(sum(values) / len(values)) if values else None


def worst_health(healths: list[Health]) -> Health | None:
    """The worst of ``healths`` (:data:`HEALTH_SEVERITY`); None for none."""
    return min(healths, key=HEALTH_SEVERITY.index, default=None)


E = TypeVar("E", bound=StrEnum)


def _normalise(value: str) -> str:
    return re.sub(r"[\s-]+", "_", value.strip().lower())


def _choice(enum: type[E], value: str, what: str) -> E:
    member = enum._value2member_map_.get(value)  # the exact spelling: no work
    if member is not None:
        return member  # type: ignore[return-value]
    key = _normalise(value)
    for member in enum:
        if _normalise(member.value) == key:
            return member
    choices = ", ".join(member.value for member in enum)
    raise InputError(f"unknown {what} {value!r}; choose from {choices}")


def parse_status(value: str) -> Status:
    """Read a status, tolerating case, spaces and hyphens (``In progress`` -> in_progress)."""
    return _choice(Status, value, "status")


def parse_kind(value: str) -> Kind:
    return _choice(Kind, value, "kind")


def parse_confidence(value: str) -> Confidence:
    """Read a confidence level, tolerating case and the common written forms of the two
    mixed levels: ``amber/green``, ``Amber-Green``, ``amber green`` -> amber_green."""
    try:
        return _choice(Confidence, re.sub(r"\s*/\s*", "_", value.strip()), "confidence")
    except InputError:
        choices = ", ".join(member.value for member in Confidence)
        raise InputError(f"unknown confidence {value!r}; choose from {choices}") from None


def confidence_rank(value: str) -> int:
    """A stored level's rank, 0 (green, best) to 4 (red, worst)."""
    return CONFIDENCE_RANK[value]


def parse_health(value: str) -> Health:
    return _choice(Health, value, "health")


def check_progress(value: int) -> int:
    if not 0 <= value <= 100:
        raise InputError(f"progress must be between 0 and 100, not {value}")
    return value


_SLUG_MAX = 40
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """A short, readable, URL-safe slug.

    ``Three-year action plan (HK-SZ)`` -> ``three-year-action-plan-hk-sz``.

    Chinese is written in pinyin, a syllable a word (``北部都会区`` ->
    ``bei-bu-du-hui-qu``; traditional script reads as simplified), the words of other
    scripts kept (``Northern Metropolis 北部都会区`` -> ``northern-metropolis-bei-bu-du-
    hui-qu``). Accents are folded to ASCII; text with no letters or digits that fold
    to ASCII (Japanese kana, Korean) gives an empty string, and the caller falls back
    to another slug.
    """
    if romanise.has_han(text):
        text = romanise.pinyin(text)  # pypinyin is imported here, and only here
    spaced = re.sub(r"[^\w]+", " ", text)  # punctuation of any script separates words
    folded = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > _SLUG_MAX:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:_SLUG_MAX]
    return slug


def check_slug(value: str) -> str:
    """Validate a user-supplied slug: lowercase letters, digits, single hyphens; not all digits."""
    slug = value.strip()
    if not _SLUG_RE.match(slug) or len(slug) > 100:
        raise InputError(
            f"invalid slug {value!r}: use lowercase letters, digits and single hyphens"
        )
    if slug.isdigit():
        raise InputError(f"invalid slug {value!r}: a slug cannot be only digits (those are ids)")
    return slug


def check_text(value: str, what: str, *, required: bool = False, max_len: int = 100_000) -> str:
    """Validate free text: no NUL bytes, bounded length; required fields must not be blank."""
    if "\x00" in value:
        raise InputError(f"{what} contains a NUL byte")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes in argv arrive as lone surrogates
        raise InputError(f"{what} is not valid UTF-8 text") from None
    if len(value) > max_len:
        raise InputError(f"{what} is too long ({len(value)} characters; at most {max_len})")
    if required and not value.strip():
        raise InputError(f"{what} must not be empty")
    return value


def check_name(value: str, what: str) -> str:
    """Validate a tag, jurisdiction or sponsor name: one line, trimmed, non-empty, no ';'."""
    name = " ".join(value.split())
    check_text(name, what, required=True, max_len=200)
    if ";" in name:
        raise InputError(f"{what} {name!r} contains ';', which separates list items in CSV")
    return name
