"""From article to tracked initiative: ``tracker extract``."""

from __future__ import annotations

from typing import Annotated, TextIO

import typer

from tracker.cli import app, environment, tracker_of
from tracker.cli.options import by_option, format_option
from tracker.errors import InputError
from tracker.renderers import ProposalRenderer, check_format


@app.command()
def extract(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(
            metavar="FILE...",
            help="Articles: plain text, Markdown, HTML or PDF, English or Chinese; - for stdin.",
        ),
    ],
    fmt: str | None = format_option("extract", "jsonl: lines tracker import takes"),
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="DATE",
            help="The articles' publication day (else what each file says): the reference"
            " its deadlines are read from.",
        ),
    ] = None,
    publisher: Annotated[
        str | None, typer.Option("--publisher", metavar="NAME", help="Who published them.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", metavar="URL", help="Their address.")] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="Their headline.")
    ] = None,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score",
            metavar="SCORE",
            min=0.0,
            max=1.0,
            help="Leave out candidates scoring below this (0-1).",
        ),
    ] = 0.5,
    review: Annotated[
        bool,
        typer.Option(
            "--review",
            help="On a terminal, go through the candidates (accept, edit, skip, quit), then"
            " record the accepted ones in one transaction.",
        ),
    ] = False,
    by: str | None = by_option(),
) -> None:
    """Propose the initiatives articles name, with the sentence as evidence.

    Each candidate has a short title, status (proposed, announced, in_progress,
    achieved), kind, sponsors, jurisdictions, tags, the deadline (its words and the
    window they give, read from the publication day), the source with the sentence as
    its quote, and a score (0-1). One that looks like a tracked initiative is proposed
    as a new source of it (match: its slug and likeness). Without --review nothing is
    written: pipe the jsonl to 'tracker import -' to record them. --review (on a
    terminal) asks about each and records the accepted ones as importing their lines
    would, in one transaction.

    Example: tracker extract article.html > proposed.jsonl
    """
    from tracker.requests import ArticleFile

    env = environment(ctx)
    key = check_format("extract", fmt, env.stdout_isatty)
    if review:
        _check_review(key, files, env.stdin_isatty and env.stdout_isatty)
    if files.count("-") > 1:
        raise InputError("standard input (-) can be read once")
    tracker = tracker_of(ctx)
    day = tracker.day(published, "--published") if published is not None else None
    stdin = _stdin_bytes(env.stdin) if "-" in files else None
    chosen = [
        ArticleFile(
            path,
            stdin if path == "-" else None,
            published=day,
            publisher=publisher,
            url=url,
            title=title,
        )
        for path in files
    ]
    proposals = tracker.extract(chosen, min_score)
    if review:
        from tracker.cli.review import Review

        Review(env, tracker, proposals).run()
        return
    ProposalRenderer.chosen("extract", key, env.out, env.colour).proposals(proposals)


def _check_review(key: str, files: list[str], terminal: bool) -> None:
    """--review asks a person: on a terminal only, drawing tables, with files named
    (its standard input is the person's answers)."""
    if not terminal:
        raise InputError(
            "--review asks questions: it needs a terminal (standard input and output);"
            " elsewhere pipe the jsonl to 'tracker import -'"
        )
    if key != "table":
        raise InputError(f"--review draws on the terminal: --format {key} cannot go with it")
    if "-" in files:
        raise InputError("--review reads its answers from standard input: name the files")


def _stdin_bytes(stream: TextIO) -> bytes:
    """Standard input's bytes (an article's own encoding is the reader's to find)."""
    raw = getattr(stream, "buffer", None)
    return bytes(raw.read()) if raw is not None else stream.read().encode("utf-8")
