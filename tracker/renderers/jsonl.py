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


def _write_joined(lines: Iterable[str], first: str, between: str, stream: TextIO) -> bool:
    """Write ``lines``, each after ``between`` (the first after ``first``), many lines a
    write; whether there was any."""
    lead, batch, written = first, [], False
    for line in lines:
        batch.append(line)
        if len(batch) == 512:
            stream.write(lead + between.join(batch))
            lead, batch, written = between, [], True
    if batch:
        stream.write(lead + between.join(batch))
    return written or bool(batch)


def write_jsonl(header: dict[str, Any], lines: Iterable[str], stream: TextIO) -> None:
    """The header, then each line (an export record's compact JSON), one a line."""
    stream.write(_line(header))
    _write_joined(lines, "\n", "\n", stream)
    stream.write("\n")


def write_json(header: dict[str, Any], lines: Iterable[str], stream: TextIO) -> None:
    """One document: the header's keys and ``initiatives``, a list of the lines given."""
    stream.write("{" + _line(header)[1:-1] + ',"initiatives":[')
    if _write_joined(lines, "\n", ",\n", stream):
        stream.write("\n")
    stream.write("]}\n")


class JsonlRenderer(ExportRenderer, ProposalRenderer):
    def export(self, source: ExportSource) -> None:
        write_jsonl(source.header, source.lines(), self.stream)

    def proposals(self, items: list[Proposal]) -> None:
        """One import record a line (no header: import takes lines without one)."""
        for item in items:
            self.stream.write(_line(item.to_record()) + "\n")
