"""The pieces of the JSON shapes of an initiative, whose ONE definition each is a
method of :class:`tracker.domain.initiatives.Initiative`, which every writer uses:

- ``to_dict``: ``list``/``show --format json`` (README, "JSON output");
- ``export_dict``: a ``tracker export`` record, everything needed to rebuild it
  (keys :data:`EXPORT_KEYS`);
- ``report_entry_dict``: an initiative in ``report --format json``: the fields as of
  the report day (:data:`REPORT_STORED_KEYS`), then the computed ones
  (:data:`REPORT_COMPUTED_KEYS`).

For speed the report's entries are built by SQLite (``report_queries._ENTRY``) and
closed by ``reports.Figures.json_suffix``; ``tests/test_shapes.py`` proves those texts
byte-equal to ``report_entry_dict`` written as :func:`compact_json`.
"""

from __future__ import annotations

import json
from typing import Any

from tracker.domain.windows import Window

#: A ``tracker export`` record's keys, in order (:meth:`Initiative.export_dict`); an
#: import record may have these and no others.
EXPORT_KEYS = (
    "uuid",
    "slug",
    "title",
    "summary",
    "kind",
    "status",
    "confidence",
    "confidence_note",
    "progress",
    "announced",
    "deadline",
    "baseline_deadline",
    "parent",
    "tags",
    "jurisdictions",
    "sponsors",
    "sources",
    "created_at",
    "updated_at",
    "history",
    "applied_refs",
)

#: The keys a record without history (a sync row: a CSV row or a JSON object) may have
#: besides :data:`EXPORT_KEYS`: the evidence of its changes, their effective day, author.
#: A history entry's keys as ``history --format json`` gives them without the marks of
#: its corrections (:meth:`tracker.domain.initiatives.HistoryEntry.to_dict`); ``export``
#: and the sync logs add its ``clock``.
ENTRY_KEYS = (
    "uuid",
    "event",
    "recorded_at",
    "effective",
    "changes",
    "note",
    "source",
    "ref",
    "author",
    "target",
)

SYNC_KEYS = ("note", "source", "quote", "on", "by")
#: Keys an import record may carry for people, which import reads past: what
#: ``tracker extract`` says of its line (score, file, match).
IGNORED_KEYS = ("extracted",)

#: ``list --format csv``'s columns, in order: an initiative flattened to one row.
CSV_COLUMNS = (
    "id",
    "uuid",
    "slug",
    "title",
    "summary",
    "kind",
    "status",
    "health",
    "confidence",
    "confidence_note",
    "progress",
    "tags",
    "jurisdictions",
    "sponsors",
    "parent",
    "announced_text",
    "announced_date",
    "announced_precision",
    "deadline_text",
    "deadline_earliest",
    "deadline_latest",
    "deadline_precision",
    "baseline_text",
    "baseline_earliest",
    "baseline_latest",
    "baseline_precision",
    "created_at",
    "updated_at",
)
#: The CSV columns a CSV import reads past: the row number and the computed health.
CSV_COMPUTED_COLUMNS = ("id", "health")

#: The report entry's keys from the initiative (as of the report day), in order.
REPORT_STORED_KEYS = (
    "id",
    "uuid",
    "slug",
    "title",
    "status",
    "confidence",
    "confidence_note",
    "progress",
    "deadline",
    "baseline_deadline",
    "announced",
    "tags",
    "jurisdictions",
    "sponsors",
    "parent",
)
#: The report entry's computed keys, in order, after the stored ones.
REPORT_COMPUTED_KEYS = (
    "health",
    "days_overdue",
    "days_left",
    "days_slipped",
    "last_update",
    "days_since_update",
)


def window_dict(window: Window | None) -> dict[str, Any] | None:
    return window.to_dict() if window else None


def announced_dict(window: Window | None) -> dict[str, Any] | None:
    if window is None:
        return None
    return {
        "text": window.text,
        "date": window.earliest.isoformat(),
        "precision": str(window.precision),
    }


def compact_json(value: Any) -> str:
    """JSON in the compact form SQLite's json_object gives the report's entries."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


#: A row of ``tracker.storage.listing.initiative_rows``: an initiative's stored fields
#: as plain values, what ``list --format json`` and ``csv`` write from without building
#: an :class:`Initiative` (the writers are proven equal to ``Initiative.to_dict`` by
#: tests/test_list_rows.py). Windows are :class:`Window` objects (or None), the name
#: lists JSON arrays.
LIST_ROW_COLUMNS = (
    "id",
    "uuid",
    "slug",
    "title",
    "summary",
    "kind",
    "status",
    "confidence",
    "progress",
    "announced",
    "deadline",
    "baseline_deadline",
    "parent",
    "created_at",
    "updated_at",
    "confidence_note",
    "tags",
    "jurisdictions",
    "sponsors",
)
