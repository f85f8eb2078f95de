"""The JSON shapes of an initiative: ONE definition of each, which every writer uses.

- :func:`initiative_dict`: ``list``/``show --format json`` (README, "JSON output");
- :func:`export_dict`: a ``tracker export`` record, everything needed to rebuild it;
- :func:`report_entry_dict`: an initiative in ``report --format json``: the fields as
  of the report day (:data:`REPORT_STORED_KEYS`), then the computed ones
  (:data:`REPORT_COMPUTED_KEYS`).

For speed the report's entries are built by SQLite (``repository._ENTRY``) and closed
by ``reports.Figures.json_suffix``; ``tests/test_shapes.py`` proves those texts
byte-equal to :func:`report_entry_dict` written as :func:`compact_json`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.domain.windows import Window

if TYPE_CHECKING:
    from tracker.domain.initiatives import HistoryEntry, Initiative, SourceLink

#: The report entry's keys from the initiative (as of the report day), in order.
REPORT_STORED_KEYS = (
    "id",
    "uuid",
    "slug",
    "title",
    "status",
    "confidence",
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


def initiative_dict(initiative: Initiative, today: date) -> dict[str, Any]:
    """An initiative as ``list`` and ``show`` print it in JSON (health as of ``today``)."""
    i = initiative
    return {
        "id": i.id,
        "uuid": i.uuid,
        "slug": i.slug,
        "title": i.title,
        "summary": i.summary,
        "kind": i.kind,
        "status": i.status,
        "health": str(i.health(today)),
        "confidence": i.confidence,
        "progress": i.progress,
        "tags": i.tags,
        "jurisdictions": i.jurisdictions,
        "sponsors": i.sponsors,
        "parent": i.parent,
        "announced": announced_dict(i.announced),
        "deadline": window_dict(i.deadline),
        "baseline_deadline": window_dict(i.baseline_deadline),
        "created_at": i.created_at,
        "updated_at": i.updated_at,
    }


def export_dict(
    initiative: Initiative,
    parent_uuid: str | None,
    sources: Sequence[SourceLink],
    history: Sequence[HistoryEntry],
    refs: list[str],
) -> dict[str, Any]:
    """An initiative as an export record: everything needed to rebuild it exactly."""
    i = initiative
    return {
        "uuid": i.uuid,
        "slug": i.slug,
        "title": i.title,
        "summary": i.summary,
        "kind": i.kind,
        "status": i.status,
        "confidence": i.confidence,
        "progress": i.progress,
        "announced": window_dict(i.announced),
        "deadline": window_dict(i.deadline),
        "baseline_deadline": window_dict(i.baseline_deadline),
        "parent": parent_uuid,
        "tags": i.tags,
        "jurisdictions": i.jurisdictions,
        "sponsors": i.sponsors,
        "sources": [link.to_dict() for link in sources],
        "created_at": i.created_at,
        "updated_at": i.updated_at,
        "history": [entry.to_dict() for entry in history],
        "applied_refs": refs,
    }


def report_entry_dict(
    initiative: Initiative,
    *,
    health: str,
    days_overdue: int | None,
    days_left: int | None,
    days_slipped: int | None,
    last_update: date | None,
    days_since_update: int | None,
) -> dict[str, Any]:
    """An initiative in ``report --format json``: its fields as of the report day (the
    initiative given must hold those), then what the report computed."""
    i = initiative
    stored = (
        i.id,
        i.uuid,
        i.slug,
        i.title,
        i.status,
        i.confidence,
        i.progress,
        window_dict(i.deadline),
        window_dict(i.baseline_deadline),
        i.announced.earliest.isoformat() if i.announced else None,
        i.tags,
        i.jurisdictions,
        i.sponsors,
        i.parent,
    )
    computed = (
        health,
        days_overdue,
        days_left,
        days_slipped,
        last_update.isoformat() if last_update else None,
        days_since_update,
    )
    return {
        **dict(zip(REPORT_STORED_KEYS, stored, strict=True)),
        **dict(zip(REPORT_COMPUTED_KEYS, computed, strict=True)),
    }


def compact_json(value: Any) -> str:
    """JSON in the compact form SQLite's json_object gives the report's entries."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
