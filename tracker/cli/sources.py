"""``tracker source add | list | remove``: an initiative's one list of sources."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import QuietGroup, app, environment, tracker_of
from tracker.cli.options import QuoteOption, RefArgument, by_option, format_option
from tracker.renderers import SourcesRenderer, check_format

source_app = typer.Typer(
    cls=QuietGroup,
    name="source",
    help=(
        "An initiative's list of sources: each document (URL, title, publisher, published)"
        " with the day it was read and a quote. Every change is a history entry.\n\n"
        "Example: tracker source add bridging-programme https://www.polyu.edu.hk/"
        ' --title "PolyU programme page" --accessed 2026-11-20'
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(source_app)

SourceArgument = Annotated[
    str,
    typer.Argument(
        metavar="URL",
        help="The document: a URL or path (else its title, for a document without one).",
    ),
]


@source_app.command("add")
def add(
    ctx: typer.Context,
    ref: RefArgument,
    source: SourceArgument,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="The document's title.")] = None,
    publisher: Annotated[str | None, typer.Option(metavar="NAME", help="Who published it.")] = None,
    published: Annotated[
        str | None, typer.Option(metavar="DATE", help="The day it was published.")
    ] = None,
    accessed: Annotated[
        str | None, typer.Option(metavar="DATE", help="The day it was read.")
    ] = None,
    quote: QuoteOption = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="Why it is cited.")] = None,
    on: Annotated[
        str | None, typer.Option(metavar="DATE", help="The entry's day (default today).")
    ] = None,
    fmt: str = format_option("source add"),
    by: str | None = by_option(),
) -> None:
    """Add a source to an initiative's list (recorded as an update citing it, as
    update --source is). A URL already on the list keeps its place and takes the fields
    given: the later wins, field by field; what is not given stays. The title,
    publisher and published day belong to the document, so every initiative citing it
    shows them. Nothing is recorded when the list says all that already.

    Example: tracker source add bridging-programme https://www.polyu.edu.hk/
    --title "Bridging programme" --publisher PolyU --published 2025-11-03
    --quote "The first cohort enrolled"
    """
    from tracker.requests import SourceRequest

    env = environment(ctx)
    renderer = SourcesRenderer.chosen("source add", fmt, env.out, env.colour)
    request = SourceRequest(
        source=source,
        title=title,
        publisher=publisher,
        published=published,
        accessed=accessed,
        quote=quote,
        note=note,
        on=on,
    )
    renderer.source_changed(tracker_of(ctx).add_source(ref, request))


@source_app.command("list")
def list_sources(
    ctx: typer.Context,
    ref: RefArgument,
    fmt: str | None = format_option("source list"),
) -> None:
    """An initiative's sources, in the order they were added. On a terminal a table;
    elsewhere one line per source, tab-separated: url, title, publisher, published,
    accessed, quote (empty where there is none).

    Example: tracker source list bridging-programme --format json
    """
    env = environment(ctx)
    chosen = check_format("source list", fmt, env.stdout_isatty)
    renderer = SourcesRenderer.chosen("source list", chosen, env.out, env.colour)
    initiative, links = tracker_of(ctx).sources(ref)
    renderer.sources(initiative, links)


@source_app.command("remove")
def remove(
    ctx: typer.Context,
    ref: RefArgument,
    source: SourceArgument,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="Why it goes.")] = None,
    fmt: str = format_option("source remove"),
    by: str | None = by_option(),
) -> None:
    """Take a source off an initiative's list (recorded as an edit entry). The history
    keeps every entry that cited it.

    Example: tracker source remove bridging-programme https://www.polyu.edu.hk/
    """
    env = environment(ctx)
    renderer = SourcesRenderer.chosen("source remove", fmt, env.out, env.colour)
    renderer.source_changed(tracker_of(ctx).remove_source(ref, source, note))
