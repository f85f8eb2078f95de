"""Reading user-typed dates with the user's settings.

:class:`DateReader` bundles the reference "today" with the two date settings,
so every command reads phrases the same way:

- ``TRACKER_FISCAL_YEAR_START``: the month a fiscal year starts (1-12, default
  4, as in Hong Kong and the UK), for ``FY2026`` and ``2025/26``;
- ``TRACKER_DATE_ORDER``: ``DMY`` (default, ``31/12/2026``) or ``MDY``
  (``12/31/2026``).

The grammar (:mod:`tracker.domain.deadlines`) is imported only when a phrase is
actually read: it is slow to import and most commands never need it.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from datetime import date

from tracker.domain import clock
from tracker.domain.model import check_text
from tracker.domain.windows import Window
from tracker.errors import DateParseError, InputError

DATE_ORDERS = ("DMY", "MDY")


def fiscal_year_start_from_env() -> int:
    raw = os.environ.get("TRACKER_FISCAL_YEAR_START", "").strip()
    if not raw:
        return 4
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= 12:
        raise InputError(f"TRACKER_FISCAL_YEAR_START must be a month number 1-12, not {raw!r}")
    return int(raw)


def day_first_from_env() -> bool:
    raw = os.environ.get("TRACKER_DATE_ORDER", "").strip().upper() or "DMY"
    if raw not in DATE_ORDERS:
        raise InputError(f"TRACKER_DATE_ORDER must be DMY or MDY, not {raw!r}")
    return raw == "DMY"


@functools.lru_cache(maxsize=4096)
def _read_window(text: str, reference: date, fiscal_year_start: int, day_first: bool) -> Window:
    """parse_window, remembered: a batch of updates repeats a few phrases many times, and
    a reading depends only on these arguments (a Window is immutable; errors are not
    remembered)."""
    from tracker.domain.deadlines import parse_window

    return parse_window(text, reference, fiscal_year_start=fiscal_year_start, day_first=day_first)


@dataclass(frozen=True)
class DateReader:
    """Reads phrases relative to ``today`` (or a given reference) with fixed settings."""

    today: date
    fiscal_year_start: int = 4
    day_first: bool = True

    @classmethod
    def from_env(
        cls,
        today: date | None = None,
        *,
        fiscal_year_start: int | None = None,
        day_first: bool | None = None,
    ) -> DateReader:
        """Settings from arguments where given, else from the environment."""
        return cls(
            today=today or clock.today(),
            fiscal_year_start=fiscal_year_start or fiscal_year_start_from_env(),
            day_first=day_first if day_first is not None else day_first_from_env(),
        )

    def window(self, text: str, what: str | None, reference: date | None = None) -> Window:
        """The window ``text`` means, counted from ``reference`` (default today).

        Errors name the option (``what``) they came from, if given.
        """
        check_text(text, what or "date phrase", required=True, max_len=500)
        try:
            return _read_window(
                text, reference or self.today, self.fiscal_year_start, self.day_first
            )
        except DateParseError as error:
            if what is None:
                raise
            raise DateParseError(f"{what}: {error}") from None

    def day(self, text: str, what: str) -> date:
        """A phrase that must name exactly one day (e.g. ``--on``)."""
        from tracker.domain.deadlines import parse_day

        check_text(text, what, required=True, max_len=500)
        try:
            return parse_day(text, self.today, day_first=self.day_first)
        except DateParseError as error:
            raise DateParseError(f"{what}: {error}") from None
