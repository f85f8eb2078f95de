"""The database file itself, for ``tracker check`` and ``tracker backup``: opened as it
is (an older schema is reported, never upgraded), checked, copied; and the schema
version a migration brings a file to. The command line reaches the storage layer only
through here and :mod:`tracker.api`."""

from __future__ import annotations

from tracker.storage.database import Database, open_existing
from tracker.storage.maintenance import CheckReport, Repair, backup, check, repair
from tracker.storage.migrations import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "CheckReport",
    "Database",
    "Repair",
    "backup",
    "check",
    "open_existing",
    "repair",
]
