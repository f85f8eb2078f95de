"""``tracker site``: the static website (see :mod:`tracker.site`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli import app, collector_off_until_done, environment, tracker_of
from tracker.cli.options import complete, format_option

if TYPE_CHECKING:
    from collections.abc import Iterator

LANGUAGES = ("en", "zh-Hant", "zh-Hans")  # tracker.i18n.LANGUAGES, without importing it


@app.command()
def site(
    ctx: typer.Context,
    folder: Annotated[
        str, typer.Argument(metavar="DIR", help="The folder to build into (made if missing).")
    ],
    as_of: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="Build the site as it stood on this day."),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            metavar="URL",
            help="Where the site is served (https://example.org/tracker): canonical links.",
        ),
    ] = None,
    lang: Annotated[
        str,
        typer.Option(
            metavar="LANG",
            help="The site's own words: en, zh-Hant or zh-Hans.",
            autocompletion=complete(LANGUAGES),
        ),
    ] = "en",
    fmt: str = format_option("site"),
) -> None:
    """A static website: a page per initiative (status, confidence, deadline and its
    moves, timeline, history with evidence, sources, links), pages per tag,
    jurisdiction and sponsor, a home page, an Atom feed, a calendar and the data as JSON.

    Links are relative: the folder works opened from disk or on any static host. A
    build writes only the files that changed, and removes the pages of initiatives
    that are gone (only files it wrote itself).

    Example: tracker site /var/www/tracker --base-url https://example.org/tracker --quiet
    """
    from pathlib import Path

    from tracker.errors import InputError, UnusableError
    from tracker.i18n import check_language
    from tracker.renderers import SiteRenderer, sitepaths

    language = check_language(lang)
    if base_url is not None:
        base_url = sitepaths.base_url(base_url)  # the feed's and calendar's rule too
    if not folder.strip():
        raise InputError("DIR must not be empty")
    root = Path(folder)
    if root.exists() and not root.is_dir():
        raise UnusableError(f"{folder} is not a folder")
    env = environment(ctx)
    tracker = tracker_of(ctx)
    collector_off_until_done(ctx)
    data = tracker.site_data(as_of)
    from tracker.site.build import SiteOptions, build_site

    def details(ids: list[int]) -> Iterator[object]:
        return tracker.initiative_pages(ids, data.as_of)

    from tracker.cli.progress import ProgressBar

    with ProgressBar(env, "site") as progress:
        result = build_site(
            data,
            details,  # type: ignore[arg-type]
            SiteOptions(root=root, lang=language, base_url=base_url),
            progress,
        )
    SiteRenderer.chosen("site", fmt, env.out, env.colour).site_built(result)
