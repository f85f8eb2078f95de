"""Reading the raw strings of requests: names, optional text, sources, durations.

Shared by every use case in :mod:`tracker.ops`; pure functions, no database.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from functools import lru_cache

from tracker.domain.initiatives import Source
from tracker.domain.model import check_name, check_text
from tracker.errors import InputError


class Discard(Exception):
    """Raised inside a write transaction to roll it back on purpose."""


_DURATION = re.compile(r"^\s*(\d{1,5})\s*(d|days?|w|weeks?|m|months?|y|years?)\s*$", re.IGNORECASE)
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_MAX_DURATION_DAYS = 365_000
SQLITE_MAX_INT = 2**63 - 1


def parse_duration_days(text: str, what: str = "duration") -> int:
    """``90d``, ``12w``, ``6m`` (30 days each), ``1y`` (365 days), or ``90 days``."""
    match = _DURATION.match(text)
    if not match:
        raise InputError(f"invalid {what} {text!r}: use a number and a unit, e.g. 90d, 12w, 6m, 1y")
    days = int(match.group(1)) * _UNIT_DAYS[match.group(2)[0].lower()]
    if days > _MAX_DURATION_DAYS:
        raise InputError(f"invalid {what} {text!r}: at most 1000 years")
    return days


def optional_text(value: str | None, what: str) -> str | None:
    """An optional free-text value: None when not given; given but blank is an error."""
    if value is None:
        return None
    return check_text(value, what, required=True)


def confidence_note(
    note: str | None,
    confidence: object,
    what: str = "--confidence-note",
    needs: str = "--confidence",
) -> str | None:
    """The rationale of a confidence level: optional text, given only with the level it
    explains (``needs``: how that level is asked for)."""
    text = optional_text(note, "confidence note")
    if text is not None and confidence is None:
        raise InputError(f"{what} needs {needs}: a rationale explains a confidence level")
    return text


def names(values: list[str], what: str) -> list[str]:
    """Checked names, first spelling of each (case-blind) kept. A batch repeats a few
    short lists many times, so those readings are remembered."""
    if len(values) <= 8 and sum(map(len, values)) <= 400:
        return list(short_names(tuple(values), what))
    return checked_names(values, what)


def checked_names(values: Iterable[str], what: str) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        name = check_name(value, what)
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


@lru_cache(maxsize=4096)
def short_names(values: tuple[str, ...], what: str) -> tuple[str, ...]:
    return tuple(checked_names(values, what))


def source(value: str | Source | None) -> Source | None:
    if value is None or isinstance(value, Source):
        return value
    check_text(value, "source", required=True, max_len=2000)
    return Source.from_text(value)


def described_source(
    source: Source | None,
    title: str | None,
    publisher: str | None,
    published: str | None,
) -> tuple[Source | None, bool]:
    """``source`` with the document fields given (``--source-title``, ``--publisher``,
    ``--published``: the ISO day the caller read), and whether any was."""
    given = {
        "title": optional_text(title, "--source-title"),
        "publisher": optional_text(publisher, "--publisher"),
        "published": published,
    }
    names = {"title": "--source-title", "publisher": "--publisher", "published": "--published"}
    if all(value is None for value in given.values()):
        return source, False
    first = next(names[k] for k, v in given.items() if v is not None)
    if source is None:
        raise InputError(f"{first} needs --source: it describes the source")
    if given["title"] is not None and source.url is None:
        raise InputError(
            "--source-title is for a source given by its URL or path; this --source is a title"
        )
    fields = {k: v for k, v in given.items() if v is not None}
    return dataclasses.replace(source, **fields), True
