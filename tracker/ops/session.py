"""What every use case in :mod:`tracker.ops` is given: the open database and the
reading of dates (a :class:`tracker.api.Tracker` is one)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from tracker.domain.dates import DateReader
from tracker.domain.windows import Window
from tracker.storage.connection import Database


class Session(Protocol):
    """The open database, the day it is, and date phrases read as the user set them."""

    db: Database
    dates: DateReader
    today: date

    @property
    def author(self) -> str | None: ...

    def window(self, text: str, what: str, reference: date | None = None) -> Window: ...

    def day(self, text: str, what: str) -> date: ...
