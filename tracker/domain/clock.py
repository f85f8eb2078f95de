"""Today and now, with a documented override for reproducible runs.

``TRACKER_TODAY=YYYY-MM-DD`` makes every command behave as if run on that day
(health, ``--due-within``, relative date phrases). Timestamps (``recorded_at``)
are always the real UTC time.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime

from tracker.errors import InputError


def today() -> date:
    raw = os.environ.get("TRACKER_TODAY")
    if raw:
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            raise InputError(
                f"TRACKER_TODAY must be an ISO date (YYYY-MM-DD), not {raw!r}"
            ) from None
    return date.today()


def now_iso() -> str:
    """The current UTC time as ISO 8601 with microseconds, e.g. ``2026-11-22T09:30:00.123456Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
