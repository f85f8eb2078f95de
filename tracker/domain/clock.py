"""Today and now, with a documented override for reproducible runs.

``TRACKER_TODAY=YYYY-MM-DD`` makes every command behave as if run on that day
(health, ``--due-within``, relative date phrases). Timestamps (``recorded_at``)
are always the real UTC time.
"""

from __future__ import annotations

import os
import time
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
    return datetime.now(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def file_stamp() -> str:
    """The current UTC time for a file name, to the second: ``20261122T093000``."""
    return now_iso()[:19].replace("-", "").replace(":", "")


_last_uuid = [0, 0]  # the millisecond and counter of the last new_uuid()


def new_uuid() -> str:
    """A new time-ordered UUID (RFC 9562 version 7: a 48-bit Unix millisecond, a 12-bit
    counter that keeps ids made in the same millisecond in order, 62 random bits).

    Ids made in order sort in order, so a batch of new rows appends to the uuid
    indexes instead of scattering across them.
    """
    millisecond = time.time_ns() // 1_000_000
    random = int.from_bytes(os.urandom(9))  # 8 bits for a new counter, 62 for the tail
    last, counter = _last_uuid
    if millisecond <= last:  # same millisecond (or the clock stepped back): count on
        millisecond, counter = last, counter + 1
        if counter > 0xFFF:
            millisecond, counter = last + 1, 0
    else:
        counter = (random >> 64) << 3  # leave room to count up
    _last_uuid[:] = millisecond, counter
    value = (
        (millisecond & 0xFFFF_FFFF_FFFF) << 80
        | 0x7 << 76
        | counter << 64
        | 0b10 << 62
        | random & 0x3FFF_FFFF_FFFF_FFFF
    )
    text = value.to_bytes(16).hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
