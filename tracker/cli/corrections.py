"""Commands that correct the history: retract, amend, undo (nothing is ever deleted)."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import app, environment, tracker_of
from tracker.cli.options import QuoteOption, by_option, format_option
from tracker.renderers import SummaryRenderer

EntryArgument = Annotated[
    str,
    typer.Argument(
        metavar="ENTRY",
        help="The entry's uuid, or its first characters (at least 4; tracker history shows 8).",
    ),
]


@app.command()
def retract(
    ctx: typer.Context,
    entry: EntryArgument,
    reason: Annotated[
        str, typer.Option("--reason", metavar="TEXT", help="Why the entry is withdrawn.")
    ],
    fmt: str = format_option("retract"),
    by: str | None = by_option(),
) -> None:
    """Withdraw a history entry: reports, --as-of, the feed and the current fields then
    ignore it, as if it had never been made. It stays in the history, marked retracted.

    Retracting a retract entry restores the entry it withdrew. A created entry cannot
    be retracted (use tracker remove), nor an edit (use tracker edit). With --format
    json: the new retract entry, as history --format json shows entries.

    Example: tracker retract 1a2b3c4d --reason "wrong initiative"
    """
    env = environment(ctx)
    renderer = SummaryRenderer.chosen("retract", fmt, env.out, env.colour)
    renderer.corrected(tracker_of(ctx).retract(entry, reason))


@app.command()
def amend(
    ctx: typer.Context,
    entry: EntryArgument,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="The corrected note.")] = None,
    source: Annotated[
        str | None, typer.Option(metavar="URL", help="The corrected source: a URL, path or title.")
    ] = None,
    quote: QuoteOption = None,
    fmt: str = format_option("amend"),
    by: str | None = by_option(),
) -> None:
    """Correct a history entry's note, source or quote (a typo): the entry then shows the
    new text wherever it is shown; what is not given is kept.

    The latest amend wins; retracting an amend restores the text before it. With
    --format json: the new amend entry, as history --format json shows entries.

    Example: tracker amend 1a2b3c4d --note "Signed by the minister"
    """
    env = environment(ctx)
    renderer = SummaryRenderer.chosen("amend", fmt, env.out, env.colour)
    renderer.corrected(tracker_of(ctx).amend(entry, note, source, quote))


@app.command()
def undo(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    fmt: str = format_option("undo"),
    by: str | None = by_option(),
) -> None:
    """Retract the last entry recorded on this database (reason: undo), after showing it.

    Without a terminal to ask on, --yes is needed. Running it again retracts the undo,
    which restores the entry. With --format json: the new retract entry.

    Example: tracker undo
    """
    import tracker.cli as cli
    from tracker.errors import InputError
    from tracker.renderers.phrasing import describe_changes, one_line, safe

    env = environment(ctx)
    renderer = SummaryRenderer.chosen("undo", fmt, env.out, env.colour)
    tracker = tracker_of(ctx)
    expected = None
    if not yes:
        slug, last = tracker.last_entry()
        expected = last.uuid
        what = "; ".join(describe_changes(last.changes)) or "no changes"
        note = f'; note "{one_line(last.note)}"' if last.note else ""
        shown = safe(f"{slug}: {last.event} of {last.effective}: {what}{note}")
        if not cli._can_ask():
            raise InputError(f"refusing to undo entry {last.short} ({shown}) without --yes")
        if not typer.confirm(f"Retract entry {last.short} ({shown})?"):
            raise InputError(f"not confirmed; entry {last.short} was not retracted")
    renderer.corrected(tracker.undo(expected))
