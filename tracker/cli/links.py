"""Commands that link initiatives: link, unlink, merge."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import app, environment, tracker_of
from tracker.cli.options import RefArgument, by_option, complete, format_option
from tracker.renderers import RecordRenderer, SummaryRenderer

#: The kinds of link (tracker.domain.links.KINDS, repeated: the domain is not imported
#: at start-up; tests/test_links.py checks they agree).
LINK_KINDS = ("supersedes", "duplicates", "depends-on", "relates-to")

KindArgument = Annotated[
    str,
    typer.Argument(
        metavar="KIND", help=", ".join(LINK_KINDS) + ".", autocompletion=complete(LINK_KINDS)
    ),
]
OtherArgument = Annotated[
    str, typer.Argument(metavar="OTHER", help="The other initiative: id, slug or uuid prefix.")
]
NoteOption = Annotated[str | None, typer.Option(metavar="TEXT", help="Why.")]


@app.command()
def link(
    ctx: typer.Context,
    ref: RefArgument,
    kind: KindArgument,
    other: OtherArgument,
    note: NoteOption = None,
    fmt: str = format_option("link"),
    by: str | None = by_option(),
) -> None:
    """Link two initiatives: REF supersedes, duplicates, depends-on or relates-to OTHER.

    The link is an edit entry in REF's history; show lists it on both ends (OTHER
    reads it as superseded by, duplicated by, needed by, relates to). A link that
    already holds records nothing. With --format json: as update's.

    Example: tracker link fintech-hub-action-plan-2027 supersedes fintech-hub-action-plan
    """
    env = environment(ctx)
    renderer = RecordRenderer.chosen("link", fmt, env.out, env.colour)
    renderer.update_result(tracker_of(ctx).link(ref, kind, other, note))


@app.command()
def unlink(
    ctx: typer.Context,
    ref: RefArgument,
    kind: KindArgument,
    other: OtherArgument,
    note: NoteOption = None,
    fmt: str = format_option("unlink"),
    by: str | None = by_option(),
) -> None:
    """End the link REF KIND OTHER: an edit entry in the history that states it.

    Example: tracker unlink fintech-hub-action-plan-2027 supersedes fintech-hub-action-plan
    """
    env = environment(ctx)
    renderer = RecordRenderer.chosen("unlink", fmt, env.out, env.colour)
    renderer.update_result(tracker_of(ctx).unlink(ref, kind, other, note))


@app.command()
def merge(
    ctx: typer.Context,
    ref: RefArgument,
    into: Annotated[
        str, typer.Option("--into", metavar="OTHER", help="The initiative REF is merged into.")
    ],
    note: NoteOption = None,
    fmt: str = format_option("merge"),
    by: str | None = by_option(),
) -> None:
    """Merge a duplicate REF into OTHER, in one transaction.

    OTHER gains REF's sources, the links REF states, and an entry saying what came
    from REF (its uuid, slug and the uuids of its history's entries); REF is linked as
    a duplicate of OTHER and, if open, its status becomes superseded; REF's children
    become OTHER's and links to REF point to OTHER (an entry in each history). REF
    keeps its history, its sources and its slug. With --format json: {merged, into,
    status, sources_added, history_entries, children_moved, links_moved, kept,
    entries}.

    Example: tracker merge hk-sz-fintech-hub-2 --into hk-sz-fintech-hub
    """
    env = environment(ctx)
    renderer = SummaryRenderer.chosen("merge", fmt, env.out, env.colour)
    renderer.merged(tracker_of(ctx).merge(ref, into, note))
