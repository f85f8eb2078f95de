"""Working as a team: ``tracker sync`` through a shared folder or a git repository."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli import app, collector_off_until_done, environment, tracker_of
from tracker.cli.options import QuietOption, format_option
from tracker.renderers import SummaryRenderer


@app.command()
def sync(
    ctx: typer.Context,
    folder: Annotated[
        str,
        typer.Argument(metavar="DIR", help="The shared folder (a git working copy with --git)."),
    ],
    git: Annotated[
        bool,
        typer.Option(
            "--git",
            help="DIR is a git working copy: pull (rebase) first, then commit this"
            " database's log and push, retrying when another replica pushed first.",
        ),
    ] = False,
    fmt: str = format_option("sync"),
    quiet: QuietOption = False,
) -> None:
    """Sync with the other replicas (databases) whose logs are in DIR.

    DIR/log/<replica>.jsonl is each database's own append-only log, written only by
    it: sync appends this database's new entries to its log, takes in the entries the
    others' logs hold that this database lacks, and replays each initiative they touch,
    all in one transaction; a bad line in another's log stops it (exit 2, nothing
    applied). Two replicas that changed one field without seeing each other's change
    are a conflict: both entries stay in the history and the later one counts.
    With --format json: {replica, sent, received, conflicts, replicas_seen}.

    Example: tracker sync ~/tracker-team --git --quiet
    """
    env = environment(ctx)
    renderer = SummaryRenderer.chosen("sync", fmt, env.out, env.colour)
    collector_off_until_done(ctx)
    from tracker.cli.progress import ProgressBar

    with ProgressBar(env, "sync", quiet=quiet) as progress:
        result = tracker_of(ctx).sync(folder, git=git, progress=progress)
    if fmt == "json" or not quiet:  # its own --quiet: a JSON summary is still printed
        renderer.synced(result)
