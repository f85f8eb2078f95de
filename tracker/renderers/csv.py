"""``--format csv``: one row per initiative (RFC 4180, via the csv module).

List fields are joined with ``;``. A cell that a spreadsheet would run as a
formula (starting with ``=``, ``+``, ``-``, ``@``, tab or CR) is prefixed with
``'`` (OWASP CSV injection).
"""

from __future__ import annotations

import csv
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from tracker.domain.initiatives import Initiative

COLUMNS = (
    "id",
    "uuid",
    "slug",
    "title",
    "summary",
    "kind",
    "status",
    "health",
    "confidence",
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

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> str:
    if value is None:
        return ""
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


class CsvRenderer:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def initiatives(self, items: list[Initiative], today: date) -> None:
        writer = csv.writer(self.stream, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for item in items:
            writer.writerow(row(item, today))
