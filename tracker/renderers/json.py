"""``--format json``: stable, documented keys (see README, "JSON output")."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from tracker.api import UpdateResult
    from tracker.domain.initiatives import HistoryEntry, Initiative, InitiativeDetail
    from tracker.domain.windows import Window


def dump(data: Any, stream: TextIO) -> None:
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


class JsonRenderer:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def initiatives(self, items: list[Initiative], today: date) -> None:
        dump([item.to_dict(today) for item in items], self.stream)

    def detail(self, detail: InitiativeDetail, today: date) -> None:
        dump(detail.to_dict(today), self.stream)

    def history(self, initiative: Initiative, entries: list[HistoryEntry]) -> None:
        dump([entry.to_dict() for entry in entries], self.stream)

    def update_result(self, result: UpdateResult) -> None:
        from tracker.domain import clock

        dump(
            {
                "outcome": result.outcome,
                "initiative": result.initiative.to_dict(clock.today()),
                "entry": result.entry.to_dict() if result.entry else None,
            },
            self.stream,
        )

    def window(self, window: Window) -> None:
        dump(window.to_dict(), self.stream)
