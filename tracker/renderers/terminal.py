"""``--format table``: Rich tables for people.

Colour and bars on a terminal; plain text, no ANSI codes, when output goes to a
pipe or a file or ``NO_COLOR`` is set (Rich decides from the stream). All user
text passes through :func:`tracker.renderers.text.safe` and is added as
``rich.text.Text``, never as markup, so ``[bold]`` in a title stays literal.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, TextIO

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from tracker.renderers.text import (
    describe_changes,
    progress_text,
    safe,
    window_label,
)

if TYPE_CHECKING:
    from tracker.api import UpdateResult
    from tracker.domain.initiatives import HistoryEntry, Initiative, InitiativeDetail
    from tracker.domain.windows import Window

STATUS_STYLES = {
    "proposed": "magenta",
    "announced": "cyan",
    "in_progress": "blue",
    "achieved": "green",
    "stalled": "yellow",
    "abandoned": "red",
    "superseded": "dim",
}
HEALTH_STYLES = {
    "overdue": "bold red",
    "due_soon": "yellow",
    "on_track": "green",
    "closed": "dim",
    "no_deadline": "dim",
}


def make_console(stream: TextIO) -> Console:
    return Console(file=stream, highlight=False, emoji=False, markup=False)


def _t(value: object, style: str = "") -> Text:
    return Text(safe(str(value)) if value is not None else "-", style=style)


def _progress(progress: int | None, width: int = 10) -> Text:
    return Text(progress_text(progress, width), style="green" if progress is not None else "dim")


def _deadline(item: Initiative, health: str) -> Text:
    """The latest day, and under it the phrase it was read from (clipped to 16 characters)."""
    if item.deadline is None:
        return Text("-", style="dim")
    text = Text(item.deadline.latest.isoformat(), style="red" if health == "overdue" else "")
    phrase = item.deadline.text
    if phrase != item.deadline.latest.isoformat():
        clipped = phrase if len(phrase) <= 16 else phrase[:15] + "…"
        text.append("\n" + safe(clipped), style="dim")
    return text


class TerminalRenderer:
    def __init__(self, stream: TextIO) -> None:
        self.console = make_console(stream)

    # -- lists ---------------------------------------------------------------------

    def initiatives(self, items: list[Initiative], today: date) -> None:
        """Two lines per initiative: title over slug, status over health, day over phrase."""
        if not items:
            self.console.print("No initiatives match.", style="dim")
            return
        # Status, deadline and progress take 38 columns with their gaps; on very
        # narrow terminals they win, elsewhere the slug fits on one line.
        longest_slug = max(len(item.slug) for item in items)
        slug_width = max(10, min(longest_slug, self.console.width - 38))
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, show_lines=True)
        # The slug is what people copy as a REF: keep it on one line where possible.
        table.add_column("Initiative", overflow="fold", ratio=1, min_width=slug_width)
        table.add_column("Status", no_wrap=True)
        table.add_column("Deadline", no_wrap=True)
        table.add_column("Progress", no_wrap=True)
        for item in items:
            health = str(item.health(today))
            name = Text(safe(item.title))
            name.append("\n" + safe(item.slug), style="dim")
            status = Text(safe(item.status), style=STATUS_STYLES.get(item.status, ""))
            status.append("\n" + health, style=HEALTH_STYLES.get(health, ""))
            table.add_row(name, status, _deadline(item, health), _progress(item.progress, width=5))
        self.console.print(table)
        noun = "initiative" if len(items) == 1 else "initiatives"
        self.console.print(Text(f"{len(items)} {noun}", style="dim"))

    # -- one initiative ------------------------------------------------------------

    def _fields(self, item: Initiative, today: date) -> Table:
        health = str(item.health(today))
        health_text = health
        if health == "overdue" and item.deadline:
            health_text += (
                f" ({(today - item.deadline.latest).days} days past {item.deadline.latest})"
            )
        elif health in ("due_soon", "on_track") and item.deadline:
            health_text += f" ({(item.deadline.latest - today).days} days left)"
        baseline = item.baseline_deadline
        slipped = ""
        if baseline and item.deadline and item.deadline.latest > baseline.latest:
            slipped = f", slipped {(item.deadline.latest - baseline.latest).days} days"
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(overflow="fold")
        rows = [
            ("Status", _t(item.status, STATUS_STYLES.get(item.status, ""))),
            ("Health", _t(health_text, HEALTH_STYLES.get(health, ""))),
            ("Progress", _progress(item.progress)),
            ("Confidence", _t(item.confidence)),
            ("Kind", _t(item.kind)),
            (
                "Deadline",
                _t(
                    window_label(item.deadline)
                    + (f" [{item.deadline.precision}]" if item.deadline else "")
                ),
            ),
            ("Baseline", _t(window_label(baseline) + slipped)),
            (
                "Announced",
                _t(
                    f"{item.announced.text} ({item.announced.earliest}, {item.announced.precision})"
                    if item.announced
                    else None
                ),
            ),
            ("Parent", _t(item.parent)),
            ("Tags", _t(", ".join(item.tags) or None)),
            ("Jurisdictions", _t(", ".join(item.jurisdictions) or None)),
            ("Sponsors", _t(", ".join(item.sponsors) or None)),
            ("Id", _t(f"{item.id}  uuid {item.uuid}")),
            ("Created", _t(item.created_at)),
            ("Updated", _t(item.updated_at)),
        ]
        for label, value in rows:
            grid.add_row(label, value)
        return grid

    def _timeline(self, entries: list[HistoryEntry]) -> Table:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column("Effective", no_wrap=True)
        table.add_column("Event", no_wrap=True)
        table.add_column("Changes", overflow="fold", ratio=2)
        table.add_column("Note / source", overflow="fold", ratio=2)
        for entry in entries:
            notes = []
            if entry.note:
                notes.append(entry.note)
            if entry.source:
                notes.append("source: " + entry.source.source.label)
                if entry.source.quote and entry.event != "created":  # created: see Sources
                    notes.append(f"“{entry.source.quote}”")
            if entry.ref:
                notes.append(f"ref: {entry.ref}")
            table.add_row(
                _t(entry.effective),
                _t(entry.event, "dim" if entry.event == "edit" else ""),
                _t("; ".join(describe_changes(entry.changes)) or "-"),
                _t("\n".join(notes) or "-"),
            )
        return table

    def detail(self, detail: InitiativeDetail, today: date) -> None:
        item = detail.initiative
        parts: list = [
            Text(safe(item.title), style="bold underline"),
            Text(safe(item.slug), style="dim"),
            Text(""),
            self._fields(item, today),
        ]
        if item.summary:
            parts += [Text(""), Text(safe(item.summary))]
        if detail.sources:
            parts += [Text(""), Text("Sources", style="bold")]
            sources = Table.grid(padding=(0, 1))
            sources.add_column(no_wrap=True)
            sources.add_column(overflow="fold")
            for link in detail.sources:
                source = link.source
                meta = ", ".join(x for x in (source.publisher, source.published) if x)
                line = Text(safe(source.label))
                if meta:
                    line.append(f" ({safe(meta)})", style="dim")
                if source.url and source.title:
                    line.append(f"\n{safe(source.url)}", style="dim")
                if link.quote:
                    line.append(f"\n“{safe(link.quote)}”", style="italic")
                sources.add_row("•", line)
            parts.append(sources)
        if detail.children:
            parts += [Text(""), Text("Children", style="bold")]
            table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
            for column in ("Slug", "Status", "Health", "Progress"):
                table.add_column(column, overflow="fold")
            for child in detail.children:
                health = str(child.health(today))
                table.add_row(
                    _t(child.slug),
                    _t(child.status, STATUS_STYLES.get(child.status, "")),
                    _t(health, HEALTH_STYLES.get(health, "")),
                    _progress(child.progress),
                )
            parts.append(table)
        parts += [Text(""), Text("History", style="bold"), self._timeline(detail.history)]
        self.console.print(Group(*parts))

    def history(self, initiative: Initiative, entries: list[HistoryEntry]) -> None:
        self.console.print(Text(f"History of {safe(initiative.slug)}", style="bold"))
        self.console.print(self._timeline(entries))

    def update_result(self, result: UpdateResult) -> None:
        slug = safe(result.initiative.slug)
        if result.outcome == "duplicate" and result.entry:
            self.console.print(
                f"{slug}: ref {safe(result.entry.ref)!r} was already applied"
                f" (recorded {result.entry.recorded_at}); nothing recorded",
                soft_wrap=True,
            )
        elif result.outcome == "unchanged" or not result.entry:
            self.console.print(f"{slug}: nothing changed; nothing recorded", soft_wrap=True)
        else:
            changes = "; ".join(describe_changes(result.entry.changes)) or "note recorded"
            self.console.print(Text(f"{slug}: {safe(changes)}"), soft_wrap=True)
            for name in result.overridden():
                value = getattr(result.initiative, name)
                shown = window_label(value) if name == "deadline" else value
                self.console.print(
                    Text(
                        f"  (recorded as of {result.entry.effective}; the current {name} stays"
                        f" {safe(str(shown))}: a later update set it)",
                        style="dim",
                    ),
                    soft_wrap=True,
                )

    def window(self, window: Window) -> None:
        span = f"{window.earliest}..{window.latest}"
        line = Text(f"{safe(window.text)}: ")
        line.append(span, style="bold")
        line.append(f" ({window.precision})", style="dim")
        self.console.print(line, soft_wrap=True)
