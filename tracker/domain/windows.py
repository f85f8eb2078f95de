"""Date windows: the record a deadline phrase is read into, and its precision.

Kept apart from :mod:`tracker.domain.deadlines` (the grammar, which compiles
many patterns at import) so that code which only stores, reads and prints
windows never pays for the grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tracker.errors import DateParseError

__all__ = ["Precision", "Window", "parse_iso_window", "quote_phrase"]


class Precision(StrEnum):
    """How wide a window is, derived from its shape (see docs/deadlines.md, "Precision")."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    PART_YEAR = "part-year"
    YEAR = "year"
    MULTI_YEAR = "multi-year"


@dataclass(frozen=True)
class Window:
    """An inclusive range of days read from a phrase."""

    text: str
    earliest: date
    latest: date
    precision: Precision

    def __post_init__(self) -> None:
        if self.earliest > self.latest:
            raise ValueError(f"window ends before it starts: {self.earliest} > {self.latest}")

    def to_dict(self) -> dict[str, str]:
        return {
            "text": self.text,
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "precision": self.precision.value,
        }


def quote_phrase(text: str, limit: int = 80) -> str:
    """Double-quote user text for a one-line message, escaping control characters."""
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\"}
    out = []
    for ch in text:
        if ch in named:
            out.append(named[ch])
        elif not ch.isprintable():  # what repr() escapes: controls, odd spaces, separators
            code = ord(ch)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


#: Windows already rebuilt, by their four stored strings (a Window is immutable): a bulk
#: import or export reads the same few thousand days again and again.
_REBUILT: dict[tuple[str, str, str, str], Window] = {}


def parse_iso_window(text: str, earliest: str, latest: str, precision: str) -> Window:
    """Rebuild a :class:`Window` from its stored columns (see :meth:`Window.to_dict`)."""
    key = (text, earliest, latest, precision)
    try:
        return _REBUILT[key]
    except (KeyError, TypeError):  # TypeError: a value that is not even hashable
        pass
    window = _parse_iso_window(text, earliest, latest, precision)
    if len(_REBUILT) < 50_000 and all(type(part) is str for part in key):
        _REBUILT[key] = window
    return window


def _parse_iso_window(text: str, earliest: str, latest: str, precision: str) -> Window:
    phrase = text.strip() if isinstance(text, str) else text

    def refused(problem: str) -> DateParseError:
        # (worded only when it is needed: this runs for every stored window read)
        return DateParseError(f"cannot read date {quote_phrase(str(phrase))}: stored {problem}")

    bounds = []
    for name, value in (("earliest", earliest), ("latest", latest)):
        if not (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
            raise refused(f"{name} {quote_phrase(str(value))} is not YYYY-MM-DD")
        try:
            bounds.append(date.fromisoformat(value))
        except ValueError:
            raise refused(f"{name} {quote_phrase(value)} is not a real date") from None
    try:
        level = Precision(precision)
    except ValueError:
        raise refused(f"precision {quote_phrase(str(precision))} is unknown") from None
    if bounds[0] > bounds[1]:
        raise refused(f"window {earliest}..{latest} ends before it starts")
    return Window(str(phrase), bounds[0], bounds[1], level)
