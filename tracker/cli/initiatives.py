"""Commands on initiatives: init, add, list, show, history, update, edit, remove."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

from tracker.cli import app, environment, tracker_of
from tracker.cli.options import (
    HEALTHS,
    STATUS_HELP,
    STATUSES,
    ChangedSinceFilter,
    ConfidenceFilter,
    ConfidenceNoteOption,
    ConfidenceOption,
    ExcelOption,
    JurisdictionFilter,
    KindFilter,
    KindOption,
    ParentFilter,
    ProgressOption,
    QuoteOption,
    RefArgument,
    SearchFilter,
    SlippedFilter,
    SlugOption,
    SponsorFilter,
    StatusOption,
    TagFilter,
    by_option,
    complete,
    excel_mark,
    format_option,
)
from tracker.renderers import ListRenderer, RecordRenderer, SummaryRenderer

if TYPE_CHECKING:
    from tracker.domain.initiatives import Initiative

# -- init ------------------------------------------------------------------------------


@app.command()
def init(
    ctx: typer.Context,
    seed: Annotated[
        bool, typer.Option("--seed", help="Also load the seed initiatives shipped with tracker.")
    ] = False,
    fmt: str = format_option("init"),
    by: str | None = by_option(),
) -> None:
    """Create the database (and its folder); with --seed, load the seed initiatives.

    Running it again changes nothing: seeds already present are left as they are.
    With --format json: {database, seeded: [slugs], already_present}.

    Example: tracker init --seed
    """
    env = environment(ctx)
    renderer = SummaryRenderer.chosen("init", fmt, env.out, env.colour)
    tracker = tracker_of(ctx)
    result = tracker.seed() if seed else None
    renderer.initialised(
        tracker.db.path, result.added if result else [], result.present if result else 0
    )


# -- add -------------------------------------------------------------------------------


@app.command()
def add(
    ctx: typer.Context,
    title: Annotated[
        str, typer.Argument(metavar="TITLE", help="What the initiative is, in a few words.")
    ],
    slug: SlugOption = None,
    summary: Annotated[str, typer.Option(metavar="TEXT", help="A sentence or two.")] = "",
    kind: KindOption = None,
    status: StatusOption = None,
    deadline: Annotated[
        str | None, typer.Option(metavar="PHRASE", help="e.g. 'late 2025', 'by 2027', 'Q3 2026'.")
    ] = None,
    announced: Annotated[
        str | None, typer.Option(metavar="PHRASE", help="When it was announced, e.g. 2023-03-14.")
    ] = None,
    jurisdiction: Annotated[
        list[str] | None, typer.Option(metavar="J", help="Repeatable, e.g. 'Hong Kong'.")
    ] = None,
    sponsor: Annotated[
        list[str] | None, typer.Option(metavar="S", help="Person or body; repeatable.")
    ] = None,
    tag: Annotated[list[str] | None, typer.Option(metavar="T", help="Repeatable.")] = None,
    source: Annotated[
        str | None, typer.Option(metavar="URL-OR-TEXT", help="Where it was announced.")
    ] = None,
    quote: QuoteOption = None,
    progress: ProgressOption = None,
    confidence: ConfidenceOption = None,
    confidence_note: ConfidenceNoteOption = None,
    parent: Annotated[
        str | None, typer.Option(metavar="REF", help="The plan this initiative belongs to.")
    ] = None,
    fmt: str = format_option("add"),
    by: str | None = by_option(),
) -> None:
    """Add an initiative and print its slug (--format json: the initiative).

    Default kind: measure. Default status: announced (proposed for a proposal).
    A relative deadline ("within three years") counts from --announced, else from today.

    Warns on stderr (and adds it all the same) when an initiative is tracked under a
    near-identical title.

    Example: tracker add "Cross-border wealth connect 3.0" --kind measure
    --deadline "H1 2026" --announced 2025-09-01 --jurisdiction "Hong Kong" --tag wealth
    """
    from tracker.requests import NewInitiative

    env = environment(ctx)
    renderer = SummaryRenderer.chosen("add", fmt, env.out, env.colour)
    tracker = tracker_of(ctx)
    initiative = tracker.add(
        NewInitiative(
            title=title,
            slug=slug,
            summary=summary,
            kind=kind,
            status=status,
            deadline=deadline,
            announced=announced,
            jurisdictions=jurisdiction or [],
            sponsors=sponsor or [],
            tags=tag or [],
            source=source,
            quote=quote,
            progress=progress,
            confidence=confidence,
            confidence_note=confidence_note,
            parent=parent,
        )
    )
    renderer.added(initiative, tracker.today)
    alike = [] if env.quiet else tracker.alike_titles(initiative.title, exclude=initiative.id)
    if alike:
        named = ", ".join(f'{slug} ("{other}")' for slug, other, _ in alike)
        env.error(f"warning: a near-identical title is already tracked: {named}")


# -- list ------------------------------------------------------------------------------


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None,
        typer.Option(
            metavar="STATUS",
            help=f"Repeatable; any of {STATUS_HELP}.",
            autocompletion=complete(STATUSES),
        ),
    ] = None,
    health: Annotated[
        list[str] | None,
        typer.Option(
            metavar="HEALTH",
            help=f"Repeatable; any of {', '.join(HEALTHS)}.",
            autocompletion=complete(HEALTHS),
        ),
    ] = None,
    tag: TagFilter = None,
    jurisdiction: JurisdictionFilter = None,
    sponsor: SponsorFilter = None,
    due_before: Annotated[
        str | None,
        typer.Option(metavar="PHRASE", help="Open, with a deadline ending before PHRASE begins."),
    ] = None,
    due_within: Annotated[
        str | None,
        typer.Option(
            metavar="DURATION", help="Open, due from today to today + DURATION (90d, 6m)."
        ),
    ] = None,
    search: SearchFilter = None,
    parent: ParentFilter = None,
    kind: KindFilter = None,
    confidence: ConfidenceFilter = None,
    changed_since: ChangedSinceFilter = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by", metavar="NAME", help="Repeatable; with a history entry by NAME (any case)."
        ),
    ] = None,
    slipped: SlippedFilter = False,
    sort: Annotated[
        str,
        typer.Option(
            metavar="KEY",
            help="deadline, updated, status or title.",
            autocompletion=complete(("deadline", "updated", "status", "title")),
        ),
    ] = "deadline",
    limit: Annotated[int | None, typer.Option(metavar="N", help="At most N rows.")] = None,
    count: Annotated[
        bool, typer.Option("--count", help="Print only how many match (json: {count}).")
    ] = False,
    fmt: str = format_option("list"),
    excel: ExcelOption = False,
) -> None:
    """List initiatives, soonest deadline first.

    Example: tracker list --health overdue --jurisdiction "Hong Kong" --format json
    """
    from tracker.requests import ListFilters

    mark = excel_mark(excel, fmt)
    if count and fmt not in ("table", "json"):
        from tracker.errors import InputError

        raise InputError(f"--count prints a number or json, not {fmt}")
    env = environment(ctx)
    tracker = tracker_of(ctx)
    filters = ListFilters(
        statuses=status or [],
        healths=health or [],
        tags=tag or [],
        jurisdictions=jurisdiction or [],
        sponsors=sponsor or [],
        due_before=due_before,
        due_within=due_within,
        search=search,
        parent=parent,
        kinds=kind or [],
        confidences=confidence or [],
        changed_since=changed_since,
        authors=by or [],
        slipped=slipped,
        sort=sort,
        limit=limit,
    )
    if count:
        matching = tracker.count(filters)
        if fmt == "json":
            from tracker.renderers.json import dump

            dump({"count": matching}, env.out)
        else:
            env.write(f"{matching}\n")
        return
    from contextlib import closing

    renderer = ListRenderer.chosen("list", fmt, env.out, env.colour)
    if renderer.reads_rows:  # json, csv: written from plain rows, no Initiative objects
        rows = cast("Generator[tuple[Any, ...], None, None]", tracker.each_row(filters))
        with closing(rows) as found:
            env.out.write(mark)
            renderer.initiative_rows(found, tracker.today)
        return
    # A generator: closing it ends its read snapshot, here, always.
    each = cast("Generator[Initiative, None, None]", tracker.each(filters))
    with closing(each) as items:
        env.out.write(mark)
        renderer.initiatives(items, tracker.today)


# -- show / history --------------------------------------------------------------------


@app.command()
def show(
    ctx: typer.Context,
    ref: RefArgument,
    fmt: str = format_option("show"),
) -> None:
    """Show everything about one initiative: fields, sources, children and history.

    Example: tracker show bridging-programme
    """
    env = environment(ctx)
    renderer = RecordRenderer.chosen("show", fmt, env.out, env.colour)
    tracker = tracker_of(ctx)
    renderer.detail(tracker.show(ref), tracker.today)


@app.command()
def history(
    ctx: typer.Context,
    ref: RefArgument,
    fmt: str = format_option("history"),
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by", metavar="NAME", help="Repeatable; only the entries by NAME (any case)."
        ),
    ] = None,
) -> None:
    """Show an initiative's history, oldest first, with who made each entry.

    Example: tracker history offshore-rmb-centre --format json
    """
    env = environment(ctx)
    renderer = RecordRenderer.chosen("history", fmt, env.out, env.colour)
    initiative, entries = tracker_of(ctx).history(ref, by or ())
    renderer.history(initiative, entries)


# -- update / edit ---------------------------------------------------------------------


@app.command()
def update(
    ctx: typer.Context,
    ref: RefArgument,
    status: StatusOption = None,
    progress: ProgressOption = None,
    confidence: ConfidenceOption = None,
    confidence_note: ConfidenceNoteOption = None,
    deadline: Annotated[
        str | None,
        typer.Option(metavar="PHRASE", help="New deadline; relative phrases count from --on."),
    ] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="What happened.")] = None,
    source: Annotated[
        str | None,
        typer.Option(
            metavar="URL-OR-TEXT", help="Evidence; it joins the initiative's list of sources."
        ),
    ] = None,
    quote: QuoteOption = None,
    source_title: Annotated[
        str | None, typer.Option(metavar="TEXT", help="The --source document's title.")
    ] = None,
    publisher: Annotated[
        str | None, typer.Option(metavar="NAME", help="Who published the --source document.")
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(metavar="DATE", help="When the --source document was published."),
    ] = None,
    on: Annotated[
        str | None, typer.Option(metavar="DATE", help="When it happened (default today).")
    ] = None,
    ref_key: Annotated[
        str | None,
        typer.Option(
            "--ref", metavar="KEY", help="Idempotency key: the same key again is a no-op."
        ),
    ] = None,
    if_status: Annotated[
        str | None,
        typer.Option(
            metavar="STATUS",
            help="Apply only if the status is now STATUS (compare-and-set).",
            autocompletion=complete(STATUSES),
        ),
    ] = None,
    superseded_by: Annotated[
        str | None,
        typer.Option(
            metavar="REF",
            help="Superseded by REF: sets --status superseded and records REF supersedes it.",
        ),
    ] = None,
    fmt: str = format_option("update"),
    by: str | None = by_option(),
) -> None:
    """Record a status update (appended to the history).

    Example: tracker update bridging-programme --status in_progress --progress 30
    --note "First cohort enrolled" --source https://www.polyu.edu.hk/
    --on 2025-11-03 --ref polyu-2025-11
    """
    from tracker.requests import UpdateRequest

    env = environment(ctx)
    renderer = RecordRenderer.chosen("update", fmt, env.out, env.colour)
    result = tracker_of(ctx).update(
        ref,
        UpdateRequest(
            status=status,
            progress=progress,
            confidence=confidence,
            confidence_note=confidence_note,
            deadline=deadline,
            note=note,
            source=source,
            quote=quote,
            on=on,
            ref=ref_key,
            if_status=if_status,
            superseded_by=superseded_by,
            source_title=source_title,
            publisher=publisher,
            published=published,
        ),
    )
    renderer.update_result(result)


@app.command()
def edit(
    ctx: typer.Context,
    ref: RefArgument,
    title: Annotated[str | None, typer.Option(metavar="TEXT", help="New title.")] = None,
    summary: Annotated[str | None, typer.Option(metavar="TEXT", help="New summary.")] = None,
    slug: SlugOption = None,
    kind: KindOption = None,
    announced: Annotated[
        str | None, typer.Option(metavar="PHRASE", help="When it was announced.")
    ] = None,
    add_tag: Annotated[list[str] | None, typer.Option(metavar="T")] = None,
    remove_tag: Annotated[list[str] | None, typer.Option(metavar="T")] = None,
    add_jurisdiction: Annotated[list[str] | None, typer.Option(metavar="J")] = None,
    remove_jurisdiction: Annotated[list[str] | None, typer.Option(metavar="J")] = None,
    add_sponsor: Annotated[list[str] | None, typer.Option(metavar="S")] = None,
    remove_sponsor: Annotated[list[str] | None, typer.Option(metavar="S")] = None,
    parent: Annotated[
        str | None, typer.Option(metavar="REF", help="Make it part of this initiative.")
    ] = None,
    no_parent: Annotated[
        bool, typer.Option("--no-parent", help="Detach it from its parent.")
    ] = False,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="Why it was edited.")] = None,
    fmt: str = format_option("edit"),
    by: str | None = by_option(),
) -> None:
    """Edit descriptive fields; each edit is recorded in the history.

    Status, progress, confidence and deadline change through 'tracker update'.

    Example: tracker edit offshore-rmb-centre --add-tag currency --remove-tag finance
    """
    from tracker.requests import EditRequest

    env = environment(ctx)
    renderer = RecordRenderer.chosen("edit", fmt, env.out, env.colour)
    result = tracker_of(ctx).edit(
        ref,
        EditRequest(
            title=title,
            summary=summary,
            slug=slug,
            kind=kind,
            announced=announced,
            parent=parent,
            clear_parent=no_parent,
            add_tags=add_tag or [],
            remove_tags=remove_tag or [],
            add_jurisdictions=add_jurisdiction or [],
            remove_jurisdictions=remove_jurisdiction or [],
            add_sponsors=add_sponsor or [],
            remove_sponsors=remove_sponsor or [],
            note=note,
        ),
    )
    renderer.update_result(result)


# -- remove ----------------------------------------------------------------------------


@app.command()
def remove(
    ctx: typer.Context,
    ref: RefArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    fmt: str = format_option("remove"),
    by: str | None = by_option(),
) -> None:
    """Delete an initiative and its history for good (its children are kept, unparented).

    The removal is remembered (when, by whom): a row for it in a list or file taken
    before then is refused by import, unless --force makes it again.
    With --format json: {removed, uuid, children_detached}.

    Example: tracker remove test-initiative --yes
    """
    import tracker.cli as cli
    from tracker.errors import InputError

    env = environment(ctx)
    renderer = SummaryRenderer.chosen("remove", fmt, env.out, env.colour)
    tracker = tracker_of(ctx)
    if not yes:
        initiative = tracker.resolve(ref)
        if not cli._can_ask():
            raise InputError(f"refusing to remove {initiative.slug} without --yes")
        if not typer.confirm(f"Remove {initiative.slug} ({initiative.title}) and its history?"):
            raise InputError(f"not confirmed; {initiative.slug} was not removed")
    removed, children = tracker.remove(ref)
    renderer.removed(removed, children)
