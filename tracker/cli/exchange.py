"""Commands that move initiatives in and out in bulk: apply, import, export."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer

from tracker.cli import app, environment, tracker_of, write_output
from tracker.cli.environment import Environment
from tracker.cli.options import (
    ExcelOption,
    QuietOption,
    by_option,
    complete,
    excel_mark,
    format_option,
    output_option,
)
from tracker.renderers import ExportRenderer, SummaryRenderer

if TYPE_CHECKING:
    from tracker.api import Tracker
    from tracker.domain.initiatives import Initiative


def _refuse_bad_batch(
    env: Environment, result: Any, noun: str, outcome: str, summary: Any = None
) -> None:
    """After a batch (an ApplyResult or ImportResult) with bad lines: ``summary`` (the
    JSON summary, with its ``errors``, printed on stdout), each as ``line N: reason`` on
    stderr, then the one-line error (exit 2)."""
    if not result.error_count:
        return
    if summary is not None:
        summary()
    from tracker import exchange
    from tracker.errors import InputError
    from tracker.renderers.phrasing import count, one_line

    for line in exchange.errors_text(result.errors, result.error_count):
        env.error(one_line(line))
    raise InputError(f"{count(result.error_count, noun)} {outcome}")


class _ExportSource:
    """What ``export`` reads, for its renderer (:class:`tracker.renderers.ExportSource`)."""

    def __init__(
        self,
        tracker: Tracker,
        header: dict[str, Any],
        progress: Callable[[int, int | None], None] | None = None,
    ) -> None:
        self.tracker = tracker
        self.header = header
        self.progress = progress
        self.today = tracker.today
        self._records: Any = None

    def lines(self) -> Iterator[str]:
        self._records = self.tracker.export_lines(self.progress)
        return iter(self._records)

    def initiatives(self) -> list[Initiative]:
        return sorted(self.tracker.list(), key=lambda item: item.uuid)

    def close(self) -> None:
        if self._records is not None:
            self._records.close()
            self._records = None


# -- apply -----------------------------------------------------------------------------


@app.command("apply")
def apply_(
    ctx: typer.Context,
    path: Annotated[
        str, typer.Argument(metavar="FILE", help="JSON Lines of updates; - for stdin.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every line and say what would change.")
    ] = False,
    fmt: str = format_option("apply"),
    quiet: QuietOption = False,
    by: str | None = by_option(),
) -> None:
    """Apply a file of updates, one JSON object per line, all or nothing.

    Keys: initiative (REF), status, progress, confidence, confidence_note, deadline, note,
    source, quote, on, ref, if_status. If any line is bad, nothing is applied and every bad line is
    listed. Lines whose ref was already applied are skipped, so a re-run is safe.

    Example: tracker apply updates.jsonl --dry-run
    """
    from tracker import exchange

    env = environment(ctx)
    renderer = SummaryRenderer.chosen("apply", fmt, env.out, env.colour)
    tracker = tracker_of(ctx)
    from tracker.cli.progress import ProgressBar, reading

    with exchange.open_input(path) as stream, ProgressBar(env, "apply", quiet=quiet) as bar:
        result = tracker.apply(
            exchange.numbered_lines(stream),
            dry_run=dry_run,
            on_change=renderer.would_change if dry_run else None,
            progress=reading(bar, stream, "apply", "lines"),
        )
    _refuse_bad_batch(
        env,
        result,
        "bad line",
        f"of {result.lines}; nothing was applied",
        (lambda: renderer.applied(result, dry_run)) if fmt == "json" else None,
    )
    if fmt == "json" or not quiet:  # its own --quiet: a JSON summary is still printed
        renderer.applied(result, dry_run)


# -- import ------------------------------------------------------------------------------

IMPORT_FORMATS = ("jsonl", "json", "csv")


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[
        str, typer.Argument(metavar="FILE", help="An export, JSON or CSV file; - for stdin.")
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="jsonl, json or csv (default: from the file name; stdin: jsonl).",
            autocompletion=complete(IMPORT_FORMATS),
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Check every record and say what would change."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Import rows for initiatives changed since the file was exported."
        ),
    ] = False,
    summary: str = format_option(
        "import", "for what is printed; --format names the file's", flag="--summary-format"
    ),
    quiet: QuietOption = False,
    by: str | None = by_option(),
) -> None:
    """Create or update initiatives from a file, all or nothing (matched by uuid, then slug).

    A record with history (an export's) is merged: its new entries are added and the
    history replayed. A record without history, such as a CSV row with the list columns,
    is a sync: what differs is recorded in the history; a row for an initiative changed
    since its updated_at is refused unless --force.

    Example: tracker import backup.jsonl --dry-run
    """
    from tracker import exchange
    from tracker.api import EXPORT_FORMAT, EXPORT_VERSION
    from tracker.errors import InputError

    key = (fmt or "").strip().lower() or (
        "csv"
        if path.lower().endswith(".csv")
        else "json"
        if path.lower().endswith(".json")
        else "jsonl"
    )
    if key not in IMPORT_FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose from {', '.join(IMPORT_FORMATS)}")
    env = environment(ctx)
    renderer = SummaryRenderer.chosen("import", summary, env.out, env.colour)
    tracker = tracker_of(ctx)
    from tracker.cli.progress import ProgressBar, reading

    with exchange.open_input(path) as stream, ProgressBar(env, "import", quiet=quiet) as bar:
        if key == "csv":
            records = exchange.csv_records(stream)
        elif key == "json":
            records = exchange.json_document_records(stream, EXPORT_FORMAT, EXPORT_VERSION)
        else:
            records = exchange.json_records(stream, EXPORT_FORMAT, EXPORT_VERSION)
        result = tracker.import_records(
            records,
            dry_run=dry_run,
            force=force,
            progress=reading(bar, stream, "import", "records"),
        )
    _refuse_bad_batch(
        env,
        result,
        "bad record",
        f"of {result.records}; nothing was imported",
        (lambda: renderer.imported(result, dry_run)) if summary == "json" else None,
    )
    if summary == "json" or not quiet:  # its own --quiet: a JSON summary is still printed
        renderer.imported(result, dry_run)


# -- export ------------------------------------------------------------------------------


@app.command()
def export(
    ctx: typer.Context,
    fmt: str = format_option("export", "csv: the list columns, no history"),
    output: str | None = output_option("export"),
    excel: ExcelOption = False,
) -> None:
    """Export every initiative with its full history and sources (a backup, or a move).

    jsonl and json are lossless: import them into an empty database and export again,
    and the bytes are the same. They carry a format version.

    Example: tracker export --output backup.jsonl
    """
    from tracker.api import EXPORT_FORMAT, EXPORT_VERSION
    from tracker.cli.progress import ProgressBar

    mark = excel_mark(excel, fmt)
    env = environment(ctx)
    tracker = tracker_of(ctx)
    # an export to the terminal the bar would be drawn on: no bar
    on_terminal = output is None or output == "-"
    with ProgressBar(env, "export", output_on_terminal=on_terminal) as progress:
        source = _ExportSource(
            tracker, {"format": EXPORT_FORMAT, "version": EXPORT_VERSION}, progress
        )

        def render(stream: TextIO) -> None:
            try:
                stream.write(mark)
                ExportRenderer.chosen("export", fmt, stream, env.colour).export(source)
            finally:
                source.close()  # ends the records' read transaction now, even if writing failed

        write_output(env, render, output, tracker, streamed=True)
