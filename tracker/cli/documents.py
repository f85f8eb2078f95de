"""Commands that write a document: report, calendar (iCalendar) and feed (Atom)."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from tracker.cli import app, collector_off_until_done, environment, tracker_of, write_output
from tracker.cli.options import (
    STATUSES,
    ChangedSinceFilter,
    ConfidenceFilter,
    ExcelOption,
    JurisdictionFilter,
    KindFilter,
    ParentFilter,
    SearchFilter,
    SlippedFilter,
    SponsorFilter,
    TagFilter,
    complete,
    excel_mark,
    format_option,
    output_option,
)
from tracker.errors import ExitCode
from tracker.renderers import CalendarRenderer, FeedRenderer, ReportRenderer

if TYPE_CHECKING:
    from typing import TextIO

    from tracker.domain.initiatives import Initiative

ALERT_CHOICES = ("overdue", "due-soon", "stale", "changed")
LANGUAGES = ("en", "zh-Hant", "zh-Hans")  # tracker.i18n.LANGUAGES


def lang_option(words: str) -> Any:
    """``--lang LANG``, used as the parameter's default (English)."""
    return typer.Option(
        "en", "--lang", metavar="LANG", help=words, autocompletion=complete(LANGUAGES)
    )


@app.command()
def report(
    ctx: typer.Context,
    as_of: Annotated[
        str | None,
        typer.Option(
            metavar="DATE", help="Report the state on this day, replayed from the history."
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DATE|7d|last",
            help="Start of the 'changed' period (default 7d: the week up to --as-of); "
            "'last': since the last report written with --output for the same filters.",
        ),
    ] = None,
    horizon: Annotated[
        str, typer.Option(metavar="DURATION", help="Due soon: deadline within this (90d, 6m).")
    ] = "90d",
    stale_after: Annotated[
        str, typer.Option(metavar="DURATION", help="Stale: open, no update for this long.")
    ] = "180d",
    fmt: str = format_option("report"),
    output: str | None = output_option("report"),
    excel: ExcelOption = False,
    fail_if: Annotated[
        list[str] | None,
        typer.Option(
            metavar="CONDITION",
            help="Exit 3 (after writing) if any of: overdue, due-soon, stale, changed. Repeatable.",
            autocompletion=complete(ALERT_CHOICES),
        ),
    ] = None,
    rows: Annotated[
        int,
        typer.Option(
            metavar="N", help="At most N rows per section (terminal, markdown, html); 0: all."
        ),
    ] = 20,
    status: Annotated[
        list[str] | None,
        typer.Option(
            metavar="STATUS",
            help="Repeatable; status as of the report day.",
            autocompletion=complete(STATUSES),
        ),
    ] = None,
    tag: TagFilter = None,
    jurisdiction: JurisdictionFilter = None,
    sponsor: SponsorFilter = None,
    search: SearchFilter = None,
    parent: ParentFilter = None,
    kind: KindFilter = None,
    confidence: ConfidenceFilter = None,
    changed_since: ChangedSinceFilter = None,
    slipped: SlippedFilter = False,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            metavar="NAME",
            help="Repeatable; the changed section shows only entries by NAME (any case).",
        ),
    ] = None,
    lang: str = lang_option("Headings and labels in en, zh-Hant or zh-Hans (JSON, CSV: en)."),
) -> None:
    """Progress report: overdue, due soon, changed, slipped, stale, progress, timeline.

    The same database and --as-of always give the same bytes, in every format. The
    changed section says who made each change.

    Example: tracker report --as-of 2026-01-15 --format html --output report.html
    --fail-if overdue
    """
    from tracker.errors import InputError
    from tracker.i18n import check_language
    from tracker.requests import ReportRequest

    language = check_language(lang)
    conditions = []
    for condition in fail_if or []:
        key = condition.strip().lower().replace("_", "-")
        if key not in ALERT_CHOICES:
            raise InputError(
                f"unknown --fail-if condition {condition!r}; choose from {', '.join(ALERT_CHOICES)}"
            )
        conditions.append(key)
    if rows < 0:
        raise InputError(f"--rows must be 0 or more, not {rows}")
    mark = excel_mark(excel, fmt)
    env = environment(ctx)
    tracker = tracker_of(ctx)
    collector_off_until_done(ctx)
    # JSON writes every initiative from the report's own entries; CSV needs every one in
    # full; the others show at most --rows of each section.
    materialise = {"json": 0, "csv": 0}.get(fmt, rows or None)
    result = tracker.report(
        ReportRequest(
            as_of=as_of,
            since=since,
            horizon=horizon,
            stale_after=stale_after,
            statuses=status or [],
            tags=tag or [],
            jurisdictions=jurisdiction or [],
            sponsors=sponsor or [],
            search=search,
            parent=parent,
            kinds=kind or [],
            confidences=confidence or [],
            changed_since=changed_since,
            slipped=slipped,
            authors=by or [],
        ),
        materialise=materialise,
    )

    def render(stream: TextIO) -> None:
        stream.write(mark)
        ReportRenderer.chosen("report", fmt, stream, env.colour).report(result, rows, language)

    if output is not None and output != "-":
        from tracker.output import check_target

        check_target(output, tracker.db.path)  # before any work
    write_output(
        env, render, output, tracker, then=lambda write: tracker.mark_reported(result, write)
    )
    alerts = result.alerts()
    if any(alerts[c] for c in conditions):
        raise typer.Exit(ExitCode.ALERT)


def base_url_option(document: str) -> Any:
    """``--base-url URL``, used as the parameter's default (None: no site)."""
    return typer.Option(
        None,
        "--base-url",
        metavar="URL",
        help=f"Where the published site is served (https://...): {document}.",
    )


@app.command()
def calendar(
    ctx: typer.Context,
    output: str | None = output_option("calendar"),
    status: Annotated[
        list[str] | None,
        typer.Option(metavar="STATUS", help="Repeatable.", autocompletion=complete(STATUSES)),
    ] = None,
    tag: TagFilter = None,
    jurisdiction: JurisdictionFilter = None,
    sponsor: SponsorFilter = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            metavar="DATE",
            help="The calendar of this day: the deadlines open then, replayed from the"
            " history, and the overdue shown on it.",
        ),
    ] = None,
    base_url: str | None = base_url_option("each entry's URL is BASE/initiatives/SLUG.html"),
) -> None:
    """An iCalendar (.ics) file with one all-day entry per open deadline.

    Each initiative overdue today (or on --as-of) also has an all-day entry on that
    day, "Overdue since DAY". Entries keep their UIDs between runs, so a subscribed
    calendar updates them.

    Example: tracker calendar --base-url https://example.org/tracker --output calendar.ics
    """
    from contextlib import closing

    from tracker.renderers import sitepaths
    from tracker.requests import ListFilters, ReportRequest

    base = sitepaths.base_url(base_url) if base_url is not None else None
    env = environment(ctx)
    tracker = tracker_of(ctx)
    open_healths = ["overdue", "due_soon", "on_track"]
    if as_of is not None:
        # The state on that day, as the report replays it (every initiative in full).
        result = tracker.report(
            ReportRequest(
                as_of=as_of,
                statuses=status or [],
                tags=tag or [],
                jurisdictions=jurisdiction or [],
                sponsors=sponsor or [],
            ),
            materialise=None,
        )
        day = result.as_of
        chosen = sorted(
            (
                item.initiative
                for item in result.all_items or []
                if item.initiative.deadline is not None
                and str(item.initiative.health(day)) in open_healths
            ),
            key=lambda i: (i.deadline.latest if i.deadline else day, i.uuid),
        )
        initiatives: Generator[Initiative, None, None] = (i for i in chosen)
    else:
        day = tracker.today
        # Open initiatives with a deadline (whatever their health), in the calendar's order.
        filters = ListFilters(
            statuses=status or [],
            tags=tag or [],
            jurisdictions=jurisdiction or [],
            sponsors=sponsor or [],
        )
        # The filters are checked here, before any output; a generator (closed when written).
        initiatives = cast("Generator[Initiative, None, None]", tracker.open_deadlines(filters))

    def render(stream: TextIO) -> None:
        with closing(initiatives):
            CalendarRenderer.chosen("calendar", None, stream, env.colour).calendar(
                initiatives, day, base
            )

    write_output(env, render, output, tracker)


@app.command()
def feed(
    ctx: typer.Context,
    output: str | None = output_option("feed"),
    limit: Annotated[
        int, typer.Option(metavar="N", help="The newest N updates (by when recorded).")
    ] = 50,
    base_url: str | None = base_url_option(
        "the feed's id is BASE/feed.xml, its entries link to BASE/initiatives/SLUG.html"
    ),
) -> None:
    """An Atom feed of the history, newest recorded first, for feed readers and chat tools.

    Each entry's title is its initiative's title and what changed; its author is who
    made it (tracker for entries made before authors were kept). Without --base-url the
    feed's id is this database's (urn:uuid:REPLICA) and an entry links to its source
    when that is a web address.

    Example: tracker feed --base-url https://example.org/tracker --output feed.xml
    """
    from tracker.renderers import sitepaths

    base = sitepaths.base_url(base_url) if base_url is not None else None
    env = environment(ctx)
    tracker = tracker_of(ctx)
    entries = tracker.recent_updates(limit)
    replica = tracker.replica

    def render(stream: TextIO) -> None:
        FeedRenderer.chosen("feed", None, stream, env.colour).feed(entries, replica, base)

    write_output(env, render, output, tracker)
