"""Finding initiatives by anything recorded of them: ``tracker search``."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import app, environment, tracker_of
from tracker.cli.options import format_option
from tracker.renderers import SearchRenderer, check_format


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The words to find.")],
    limit: Annotated[
        int, typer.Option(metavar="N", help="Show the best N (the total is still counted).")
    ] = 20,
    fmt: str | None = format_option("search"),
) -> None:
    """Find initiatives by any word recorded of them, best match first.

    Searches titles, summaries, tags, sponsors, jurisdictions, sources (title,
    publisher, address), quotes and the notes of the history. Every word must be
    found; an English word also finds its other forms (university, universities) and
    longer words it begins (bridg: bridging); Chinese, Japanese and Korean are found
    anywhere in a run of characters, and traditional and simplified Chinese find each
    other. Each hit shows the fields it matched in, with a snippet.

    Example: tracker search "offshore renminbi" --format json
    """
    env = environment(ctx)
    key = check_format("search", fmt, env.stdout_isatty)
    renderer = SearchRenderer.chosen("search", key, env.out, env.colour)
    tracker = tracker_of(ctx)
    renderer.search_results(tracker.search(text, limit), tracker.today)
