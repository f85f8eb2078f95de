"""``tracker export --format jsonl``: the whole database as a file to back up or move.

``jsonl`` (the default) is a header line ``{"format": "tracker-export",
"version": 1}`` and then one compact JSON object per initiative, in uuid order,
with its full history, sources and remembered refs; ``json`` is one document
``{"format", "version", "initiatives": [...]}`` with the same records, one per
line. Both are lossless: importing into an empty database and exporting again
gives the same bytes. Records are written as they are read, never all at once.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TextIO

from tracker.renderers import ExportRenderer, ProposalRenderer

if TYPE_CHECKING:
    from tracker.renderers import ExportSource
    from tracker.requests import Proposal


def _line(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def write_jsonl(header: dict[str, Any], records: Iterable[dict[str, Any]], stream: TextIO) -> None:
    stream.write(_line(header) + "\n")
    for record in records:
        stream.write(_line(record) + "\n")


def write_json(header: dict[str, Any], records: Iterable[dict[str, Any]], stream: TextIO) -> None:
    stream.write("{" + _line(header)[1:-1] + ',"initiatives":[')
    first = True
    for record in records:
        stream.write(("\n" if first else ",\n") + _line(record))
        first = False
    stream.write("\n]}\n" if not first else "]}\n")


class JsonlRenderer(ExportRenderer, ProposalRenderer):
    def export(self, source: ExportSource) -> None:
        write_jsonl(source.header, source.records(), self.stream)

    def proposals(self, items: list[Proposal]) -> None:
        """One import record a line (no header: import takes lines without one)."""
        for item in items:
            self.stream.write(_line(item.to_record()) + "\n")
