"""Output formats: one renderer per format, chosen once per command.

Each renderer writes to a text stream and offers the same methods, so a
command never branches on the format. Modules are imported only when chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Protocol, TextIO

from tracker.errors import InputError

if TYPE_CHECKING:
    from tracker.domain.initiatives import HistoryEntry, Initiative, InitiativeDetail
    from tracker.domain.windows import Window
    from tracker.reports import Report
    from tracker.requests import UpdateResult


class Renderer(Protocol):
    def initiatives(self, items: Iterable[Initiative], today: date) -> None: ...

    def detail(self, detail: InitiativeDetail, today: date) -> None: ...

    def history(self, initiative: Initiative, entries: list[HistoryEntry]) -> None: ...

    def update_result(self, result: UpdateResult) -> None: ...

    def window(self, window: Window) -> None: ...

    def report(self, report: Report, rows: int = 20) -> None: ...


_FORMATS = {
    "table": "tracker.renderers.terminal:TerminalRenderer",
    "terminal": "tracker.renderers.terminal:TerminalRenderer",
    "markdown": "tracker.renderers.markdown:MarkdownRenderer",
    "html": "tracker.renderers.html:HtmlRenderer",
    "text": "tracker.renderers.terminal:TerminalRenderer",
    "json": "tracker.renderers.json:JsonRenderer",
    "csv": "tracker.renderers.csv:CsvRenderer",
}


def get_renderer(
    fmt: str, stream: TextIO, allowed: tuple[str, ...] = ("table", "json")
) -> Renderer:
    """The renderer for ``fmt``, refused unless the command offers it (checked before any work)."""
    key = fmt.strip().lower()
    if key not in allowed:
        raise InputError(f"unknown format {fmt!r}; choose from {', '.join(allowed)}")
    module, _, name = _FORMATS[key].partition(":")
    return getattr(import_module(module), name)(stream)
