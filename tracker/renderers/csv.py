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


class _Cells(dict[Any, str]):
    """A value -> its cell (:func:`safe_cell`), for the few words a column holds."""

    def __missing__(self, key: Any) -> str:
        text = self[key] = safe_cell(key)
        return text


class CsvRenderer(ListRenderer, ReportRenderer, ExportRenderer):
    def initiatives(self, items: Iterable[Initiative], today: date) -> None:
        writer = csv.writer(self.stream, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for item in items:
            writer.writerow(row(item, today))

    reads_rows = True

    def initiative_rows(self, rows: Iterable[tuple[Any, ...]], today: date) -> None:
        """The same text as :meth:`initiatives` (:func:`row` of each), from plain rows:
        each window's and name list's cells made once per distinct value by the slow
        rule. Proven byte-equal by tests/test_list_rows.py."""
        from tracker.domain.model import health
        from tracker.domain.shapes import announced_dict, window_dict

        cell = safe_cell
        names: dict[str, str] = {}
        windows: dict[int, tuple[Any, list[str]]] = {}
        announced: dict[int, tuple[Any, list[str]]] = {}
        none4, none3 = [""] * 4, [""] * 3
        starts = _FORMULA_STARTS
        words = _Cells()

        def names_of(text: str) -> str:
            found = names.get(text)
            if found is None:
                found = names[text] = cell(";".join(json.loads(text)))
            return found

        def window_cells(window: Any) -> list[str]:
            if window is None:
                return none4
            found = windows.get(id(window))
            if found is None:  # keep the window: its id stays its own
                data = window_dict(window)
                assert data is not None
                parts = [cell(data[part]) for part in ("text", "earliest", "latest", "precision")]
                found = windows[id(window)] = (window, parts)
            return found[1]

        def announced_cells(window: Any) -> list[str]:
            if window is None:
                return none3
            found = announced.get(id(window))
            if found is None:
                data = announced_dict(window)
                assert data is not None
                parts = [cell(data[part]) for part in ("text", "date", "precision")]
                found = announced[id(window)] = (window, parts)
            return found[1]

        writer = csv.writer(self.stream, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        write = writer.writerow
        for row in rows:
            (
                initiative_id,
                uuid,
                slug,
                title,
                summary,
                kind,
                status,
                confidence,
                progress,
                announced_window,
                deadline,
                baseline,
                parent,
                created_at,
                updated_at,
                confidence_note,
                tags,
                jurisdictions,
                sponsors,
            ) = row
            state = health(status, deadline.latest if deadline else None, today)
            # the NOT NULL text columns are text (TEXT affinity): safe_cell inline
            write(
                [
                    cell(initiative_id),
                    "'" + uuid if uuid.startswith(starts) else uuid,
                    "'" + slug if slug.startswith(starts) else slug,
                    "'" + title if title.startswith(starts) else title,
                    "'" + summary if summary.startswith(starts) else summary,
                    words[kind],
                    words[status],
                    words[state],
                    words[confidence],
                    cell(confidence_note),
                    cell(progress),
                    names_of(tags),
                    names_of(jurisdictions),
                    names_of(sponsors),
                    cell(parent),
                    *announced_cells(announced_window),
                    *window_cells(deadline),
                    *window_cells(baseline),
                    "'" + created_at if created_at.startswith(starts) else created_at,
                    "'" + updated_at if updated_at.startswith(starts) else updated_at,
                ]
            )

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
