"""The options and arguments commands share, the one ``--format`` among them.

:func:`format_option` is the only declaration of an output format: its choices, its
default and its help text come from the registry in :mod:`tracker.renderers`, and
it checks the choice while the command line is read, before any work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from tracker.domain.model import Confidence, Health, Kind, Status
from tracker.renderers import COMMANDS, check_format, formats_for

# Choices for help text and shell completion, from the domain's own enums.
STATUSES = tuple(Status)
HEALTHS = tuple(Health)
KINDS = tuple(Kind)
CONFIDENCES = tuple(Confidence)
STATUS_HELP = ", ".join(STATUSES)


def complete(choices: tuple[str, ...]) -> Callable[[str], list[str]]:
    def completions(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete)]

    return completions


def spoken(choices: tuple[str, ...]) -> str:
    """``a, b or c``."""
    return choices[0] if len(choices) == 1 else f"{', '.join(choices[:-1])} or {choices[-1]}"


def format_option(command: str, note: str = "", flag: str = "--format") -> Any:
    """``--format`` / ``-f`` for ``command`` (another ``flag`` has no short form), used as
    the parameter's default (``fmt: str = format_option("list")``): the formats the
    registry gives the command, its default, checked before any work (an unknown one is
    one ``error:`` line, exit 2). ``note`` ends the help text. A command with a default
    of its own on a terminal gets None when no format is given: the command resolves
    it with ``check_format(command, None, terminal)``."""
    choices = formats_for(command)
    chosen = COMMANDS[command]
    for default in (chosen.default, chosen.terminal):
        if default is not None and default not in choices:
            raise ValueError(f"{command}: its default format {default} is not among {choices}")
    if chosen.terminal is not None:
        defaults = f"default: {chosen.terminal} on a terminal, {chosen.default} elsewhere"
        note = f"{defaults}; {note}" if note else defaults

    def check(ctx: typer.Context, value: str | None) -> str | None:
        if ctx.resilient_parsing or value is None:
            return value
        return check_format(command, value)

    declarations = (flag, "-f") if flag == "--format" else (flag,)
    return typer.Option(
        None if chosen.terminal is not None else chosen.default,
        *declarations,
        metavar="FORMAT",
        help=f"Output format: {spoken(choices)}{f' ({note})' if note else ''}.",
        autocompletion=complete(choices),
        callback=check,
    )


def by_option() -> Any:
    """``--by NAME``: who the command's entries are by (else ``TRACKER_AUTHOR``, else the
    system's user name); used as the parameter's default (``by: str | None = by_option()``).
    It is read while the command line is parsed, before the database is opened."""

    def remember(ctx: typer.Context, value: str | None) -> str | None:
        if value is not None and not ctx.resilient_parsing:
            from tracker.cli import state
            from tracker.domain.authors import check_author

            state(ctx).author = check_author(value, "--by")
        return value

    return typer.Option(
        None,
        "--by",
        metavar="NAME",
        help="Who this is by (default: $TRACKER_AUTHOR, else your user name).",
        callback=remember,
    )


def output_option(what: str) -> Any:
    """``--output`` / ``-o FILE``, used as the parameter's default (None: stdout)."""
    return typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help=f"Write the {what} to FILE (atomically; - for stdout) instead of stdout.",
    )


def _complete_slug(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of a REF: the slugs that start with what is typed."""
    from tracker.ops.completion import slugs

    return slugs(ctx.find_root().params.get("db") if ctx is not None else None, incomplete)


RefArgument = Annotated[
    str,
    typer.Argument(metavar="REF", help="Id, slug or uuid prefix.", autocompletion=_complete_slug),
]
StatusOption = Annotated[
    str | None,
    typer.Option(metavar="STATUS", help=STATUS_HELP + ".", autocompletion=complete(STATUSES)),
]
ConfidenceOption = Annotated[
    str | None,
    typer.Option(
        metavar="LEVEL",
        help="Delivery confidence: " + ", ".join(CONFIDENCES[:-1]) + " or red (worst);"
        " amber/green and amber/red also read.",
        autocompletion=complete(CONFIDENCES),
    ),
]
ConfidenceNoteOption = Annotated[
    str | None,
    typer.Option(metavar="TEXT", help="Why that confidence level: its rationale."),
]
KindOption = Annotated[
    str | None,
    typer.Option(metavar="KIND", help=", ".join(KINDS) + ".", autocompletion=complete(KINDS)),
]
ProgressOption = Annotated[int | None, typer.Option(metavar="0-100", help="Percent done.")]
QuoteOption = Annotated[
    str | None, typer.Option(metavar="TEXT", help="A short quote from the source.")
]
SlugOption = Annotated[str | None, typer.Option(metavar="SLUG", help="Short name.")]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing on success (errors still show).")
]
ExcelOption = Annotated[
    bool,
    typer.Option("--excel", help="csv: begin with a UTF-8 byte order mark, as Excel wants."),
]


def excel_mark(excel: bool, fmt: str) -> str:
    """What ``--excel`` puts before a CSV: the byte order mark (refused without csv)."""
    if excel and fmt != "csv":
        from tracker.errors import InputError

        raise InputError(f"--excel is for --format csv, not {fmt}")
    return "\ufeff" if excel else ""


# The filters `list`, `report` and `calendar` share.
TagFilter = Annotated[list[str] | None, typer.Option(metavar="T", help="Has this tag.")]
JurisdictionFilter = Annotated[
    list[str] | None, typer.Option(metavar="J", help="Concerns this jurisdiction.")
]
SponsorFilter = Annotated[list[str] | None, typer.Option(metavar="S", help="Has this sponsor.")]
ParentFilter = Annotated[
    str | None,
    typer.Option(
        metavar="REF",
        help="Only REF and the initiatives below it (its children, theirs ...).",
        autocompletion=_complete_slug,
    ),
]
KindFilter = Annotated[
    list[str] | None,
    typer.Option(
        metavar="KIND", help="Repeatable; of any of these kinds.", autocompletion=complete(KINDS)
    ),
]
ConfidenceFilter = Annotated[
    list[str] | None,
    typer.Option(
        metavar="LEVEL",
        help="Repeatable; with any of these confidence levels.",
        autocompletion=complete(CONFIDENCES),
    ),
]
ChangedSinceFilter = Annotated[
    str | None,
    typer.Option(
        metavar="PHRASE", help="With a history entry on or after PHRASE's first day (a date)."
    ),
]
SlippedFilter = Annotated[
    bool, typer.Option("--slipped", help="Whose deadline ends later than its first one.")
]
SearchFilter = Annotated[
    str | None,
    typer.Option(
        metavar="TEXT",
        help="Words anywhere in the record (as tracker search finds them: every word).",
    ),
]
