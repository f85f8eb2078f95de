"""``--format csv``: one row per initiative (RFC 4180, via the csv module).

List fields are joined with ``;``. A cell that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) is prefixed with
``'`` (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.domain.shapes import CSV_COLUMNS
from tracker.renderers import ExportRenderer, ListRenderer, ReportRenderer

if TYPE_CHECKING:
    from tracker.domain.initiatives import Initiative
    from tracker.renderers import ExportSource
    from tracker.reports import Report

COLUMNS = CSV_COLUMNS

#: ``tracker report --format csv``: one row per initiative as it stood on the report day.
REPORT_COLUMNS = (
    "slug",
    "uuid",
    "title",
    "status",
    "health",
    "confidence",
    "confidence_note",
    "progress",
    "deadline_text",
    "deadline_earliest",
    "deadline_latest",
    "deadline_precision",
    "baseline_latest",
    "days_overdue",
    "days_left",
    "days_slipped",
    "last_update",
    "days_since_update",
    "stale",
    "changes",
    "deadline_moves",
    "days_moved",
    "tags",
    "jurisdictions",
    "sponsors",
    "parent",
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    if value is None:
        return ""
    if type(value) is int:  # a number (a negative one too) is no formula
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def row(item: Initiative, today: date) -> list[str]:
    data = item.to_dict(today)
    flat = {key: data[key] for key in COLUMNS if key in data}
    for key in ("tags", "jurisdictions", "sponsors"):
        flat[key] = ";".join(data[key])
    for prefix, window in (("deadline", data["deadline"]), ("baseline", data["baseline_deadline"])):
        for part in ("text", "earliest", "latest", "precision"):
            flat[f"{prefix}_{part}"] = window[part] if window else None
    announced = data["announced"] or {}
    for part in ("text", "date", "precision"):
        flat[f"announced_{part}"] = announced.get(part)
    return [safe_cell(flat[column]) for column in COLUMNS]


class CsvRenderer(ListRenderer, ReportRenderer, ExportRenderer):
    def initiatives(self, items: Iterable[Initiative], today: date) -> None:
        writer = csv.writer(self.stream, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for item in items:
            writer.writerow(row(item, today))

    def export(self, source: ExportSource) -> None:
        """The list columns of every initiative, in uuid order; no history."""
        self.initiatives(source.initiatives(), source.today)

    def report(self, report: Report, rows: int = 20, lang: str = "en") -> None:
        """Every initiative in the report (``rows`` is for the human-readable formats)."""
        stale = set(report.stale.ids)
        changes = {group.figures.id: len(group.changes) for group in report.changed}
        moves = report.moves
        writer = csv.writer(self.stream, lineterminator="\r\n")
        writer.writerow(REPORT_COLUMNS)
        # From the report's figures and its initiatives' JSON entries: no Item objects,
        # so 100,000 rows cost little more than the JSON report.
        for initiative_id in report.order:
            figures = report.figures[initiative_id]
            entry = json.loads(report.entries[initiative_id])
            moved = moves.get(initiative_id, ())
            deadline, baseline = entry["deadline"], entry["baseline_deadline"]
            flat = {
                "slug": entry["slug"],
                "uuid": entry["uuid"],
                "title": entry["title"],
                "status": entry["status"],
                "health": figures.health.value,
                "confidence": entry["confidence"],
                "confidence_note": entry["confidence_note"],
                "progress": entry["progress"],
                "deadline_text": deadline["text"] if deadline else None,
                "deadline_earliest": deadline["earliest"] if deadline else None,
                "deadline_latest": deadline["latest"] if deadline else None,
                "deadline_precision": deadline["precision"] if deadline else None,
                "baseline_latest": baseline["latest"] if baseline else None,
                "days_overdue": figures.days_overdue,
                "days_left": figures.days_left,
                "days_slipped": figures.days_slipped,
                "last_update": figures.last_update.isoformat() if figures.last_update else None,
                "days_since_update": figures.days_since_update,
                "stale": "yes" if initiative_id in stale else "no",
                "changes": changes.get(initiative_id, 0),
                "deadline_moves": len(moved),
                "days_moved": sum(move.days for move in moved) if moved else 0,
                "tags": ";".join(entry["tags"]),
                "jurisdictions": ";".join(entry["jurisdictions"]),
                "sponsors": ";".join(entry["sponsors"]),
                "parent": entry["parent"],
            }
            writer.writerow([safe_cell(flat[column]) for column in REPORT_COLUMNS])
