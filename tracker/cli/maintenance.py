"""Utility commands: parse-date, and check and backup of the database file."""

from __future__ import annotations

from typing import Annotated, TextIO

import typer

from tracker.cli import app, environment, state
from tracker.cli.options import complete, format_option
from tracker.renderers import SummaryRenderer, WindowRenderer

# -- parse-date ------------------------------------------------------------------------


@app.command("parse-date")
def parse_date(
    ctx: typer.Context,
    phrase: Annotated[str, typer.Argument(metavar="PHRASE", help="A date phrase, in quotes.")],
    reference: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="Count relative phrases from this day (default today), e.g. the announcement.",
        ),
    ] = None,
    fiscal_year_start: Annotated[
        int | None,
        typer.Option(
            metavar="MONTH",
            help="Month a fiscal year starts, 1-12 (default $TRACKER_FISCAL_YEAR_START, else 4).",
        ),
    ] = None,
    date_order: Annotated[
        str | None,
        typer.Option(
            metavar="ORDER",
            help="DMY or MDY for 01/02/2026 (default $TRACKER_DATE_ORDER, else DMY).",
            autocompletion=complete(("DMY", "MDY")),
        ),
    ] = None,
    fmt: str = format_option("parse-date"),
) -> None:
    """Show the window a date phrase is read as, without storing anything.

    With --format json: {text, earliest, latest, precision}.

    Example: tracker parse-date "within three years" --reference 2025-03-14
    """
    from tracker.domain.dates import DATE_ORDERS, DateReader
    from tracker.errors import InputError

    env = environment(ctx)
    renderer = WindowRenderer.chosen("parse-date", fmt, env.out, env.colour)
    if fiscal_year_start is not None and not 1 <= fiscal_year_start <= 12:
        raise InputError(
            f"--fiscal-year-start must be a month number 1-12, not {fiscal_year_start}"
        )
    if date_order is not None and date_order.strip().upper() not in DATE_ORDERS:
        raise InputError(f"--date-order must be DMY or MDY, not {date_order!r}")
    reader = DateReader.from_env(
        fiscal_year_start=fiscal_year_start,
        day_first=None if date_order is None else date_order.strip().upper() == "DMY",
    )
    day = reader.day(reference, "--reference") if reference is not None else None
    renderer.window(reader.window(phrase, None, day))


# -- check and backup ------------------------------------------------------------------


@app.command()
def check(
    ctx: typer.Context,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair",
            help="First rewrite the current fields of initiatives whose fields differ from"
            " their history (one transaction, after a copy of the file).",
        ),
    ] = False,
    fmt: str = format_option("check"),
) -> None:
    """Check the database file: SQLite's integrity and foreign-key checks, the search
    index, the schema version, rows that make no sense, and that each initiative's
    current fields are what its history replays to (exit 1 if anything is wrong).

    The file is read as it is: an older schema is reported, not upgraded. --repair
    rewrites fields that differ from the history (the history is the truth), copying
    the file aside first (tracker.db.repair-<time>.bak), then checks.
    With --format json: {database, ok, schema_version, initiatives, updates, problems,
    skipped, repaired, repair_backup, replica}.

    Example: tracker check --repair
    """
    from tracker.ops import maintenance

    env = environment(ctx)
    renderer = SummaryRenderer.chosen("check", fmt, env.out, env.colour)
    database = state(ctx).database()
    repaired = maintenance.repair(database) if repair else None
    report = maintenance.check(database)
    if repaired is not None:
        report.repaired, report.repair_backup = repaired.repaired, repaired.backup
    renderer.checked(report)
    for skipped in report.skipped:
        env.error(f"note: not checked: {skipped}")
    if not report.ok:  # on stderr too, so that --quiet still says it
        from tracker.errors import UnusableError
        from tracker.renderers.phrasing import count

        raise UnusableError(f"{count(len(report.problems), 'problem')} in {report.path}")


@app.command()
def backup(
    ctx: typer.Context,
    path: Annotated[
        str,
        typer.Argument(metavar="PATH", help="File to write, or a folder to put a dated copy in."),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Replace PATH if it is an existing file.")
    ] = False,
    fmt: str = format_option("backup"),
) -> None:
    """Copy the database to PATH with SQLite's online backup API: a consistent copy even
    while other processes write. The copy is written beside PATH and renamed into place,
    so a failed backup leaves nothing behind. An existing file is replaced only with
    --force. Restore by copying the file back.

    With --format json: {database, backup, bytes}.

    Example: tracker backup ~/backups/
    """
    from tracker.ops import maintenance

    env = environment(ctx)
    renderer = SummaryRenderer.chosen("backup", fmt, env.out, env.colour)
    db = state(ctx).database()
    written = maintenance.backup(db, path, force=force)
    renderer.backed_up(db.path, written, written.stat().st_size)


# -- datasette-metadata ----------------------------------------------------------------


@app.command("datasette-metadata")
def datasette_metadata(
    ctx: typer.Context,
    file: Annotated[
        str | None,
        typer.Argument(metavar="[FILE]", help="File to write (atomically); - or none: stdout."),
    ] = None,
    yaml: Annotated[
        bool,
        typer.Option(
            "--yaml",
            help="Write YAML instead of JSON.",
        ),
    ] = False,
) -> None:
    """Write the metadata that makes Datasette a browser of this database: table, view
    and column descriptions, facets (status, health, tags, jurisdictions), canned
    queries (overdue, due soon, slipped) and tracker's internal tables hidden.

    The database is opened (and upgraded) first, so its views and its Datasette search
    index, which finds words inside Chinese text, are there. Datasette names a database
    after its file: the metadata is for this file's name.

    Example: tracker datasette-metadata > metadata.json && datasette tracker.db -m metadata.json
    """
    from tracker.cli import tracker_of, write_output

    env = environment(ctx)
    t = tracker_of(ctx)
    data = t.datasette_metadata()
    from tracker.ops.datasette import as_json, as_yaml

    text = as_yaml(data) if yaml else as_json(data)

    def render(stream: TextIO) -> None:
        stream.write(text)

    write_output(env, render, file, t)
