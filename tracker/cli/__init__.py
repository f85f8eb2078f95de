"""The ``tracker`` command line: arguments in, one library call, one renderer out.

Only Typer and the project's small modules are imported at start-up; the
library, the storage layer and the renderers are imported inside the commands
that need them, so ``tracker --help`` stays quick.

Errors are translated in exactly one place, :meth:`TrackerGroup.main`: a
:class:`tracker.errors.TrackerError` or a usage error becomes one line
``error: ...`` on stderr and its documented exit code; nothing prints a traceback.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click import exceptions as click_exceptions
from typer.core import TyperGroup

from tracker import __version__
from tracker.domain.model import Confidence, Health, Kind, Status
from tracker.errors import ExitCode, Interrupted, TrackerError

if TYPE_CHECKING:
    from tracker.api import Tracker
    from tracker.renderers import Renderer

# Choices for help text and shell completion, from the domain's own enums.
STATUSES = tuple(Status)
HEALTHS = tuple(Health)
KINDS = tuple(Kind)
CONFIDENCES = tuple(Confidence)


def _text_or_json(fmt: str) -> str:
    """``text`` or ``json``, else an input error (checked before any work)."""
    from tracker.errors import InputError

    key = fmt.strip().lower()
    if key not in ("text", "json"):
        raise InputError(f"unknown format {fmt!r}; choose from text, json")
    return key


def _refuse_bad_batch(result: Any, noun: str, outcome: str) -> None:
    """After a batch (an ApplyResult or ImportResult) with bad lines: each as ``line N:
    reason`` on stderr, then the one-line error (exit 2)."""
    if not result.error_count:
        return
    from tracker import exchange
    from tracker.errors import InputError

    for line in exchange.errors_text(result.errors, result.error_count):
        sys.stderr.write(f"{_one_line(line)}\n")
    raise InputError(f"{_count(result.error_count, noun)} {outcome}")


def _print_json(data: Any) -> None:
    from tracker.renderers.json import dump

    dump(data, sys.stdout)


def _can_ask() -> bool:
    """Whether a person can answer a confirmation prompt."""
    return sys.stdin.isatty()


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"error: {_one_line(message)}\n")
    sys.stderr.flush()
    return code


def _output_failed(error: OSError) -> int:
    """One line for an output that could not be written; a reader that went away
    (``tracker list | head``) is no error worth a message."""
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - nothing more to say
    if error.errno == errno.EPIPE:
        return ExitCode.UNUSABLE
    where = error.filename if error.filename is not None else "standard output"
    return _fail(f"cannot write {where}: {error.strerror or error}", ExitCode.UNUSABLE)


def _collector_off_until_done(ctx) -> None:
    """Keep the cyclic garbage collector off for the rest of this command. A report's
    100,000 objects have no cycles, and switched back on the collector would at once scan
    them all; once the command is done they are gone, and switching it on costs little.
    A process-wide policy, so it is the command line's, not the library's."""
    import gc

    if gc.isenabled():
        gc.disable()
        ctx.call_on_close(gc.enable)


#: The stand-in stdout of a --quiet run, until it is put back (TrackerGroup.main makes
#: sure it is, even when the arguments fail to parse after --quiet was read).
_QUIET_SINKS: list[Any] = []


def _quiet(ctx, param, value: bool) -> None:
    """``--quiet``: the command's standard output goes nowhere; errors still show."""
    if not value:
        return
    previous = sys.stdout
    sink = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - closed on ctx close
    _QUIET_SINKS.append(sink)
    sys.stdout = sink

    def restore() -> None:
        if sink in _QUIET_SINKS:
            _QUIET_SINKS.remove(sink)
            sys.stdout = previous
            sink.close()

    ctx.call_on_close(restore)


class TrackerGroup(TyperGroup):
    """Runs a command and turns every expected failure into one line and an exit code.

    Every command also gets ``--quiet`` / ``-q`` (print nothing on success) here, in one
    place, unless it declares its own.
    """

    def get_command(self, ctx, cmd_name):
        command = super().get_command(ctx, cmd_name)
        if command is not None and not any(p.name == "quiet" for p in command.params):
            from typer.core import TyperOption

            command.params.append(
                TyperOption(
                    param_decls=["--quiet", "-q"],
                    is_flag=True,
                    default=False,
                    expose_value=False,
                    # not eager: --help (eager) is handled first, so -q --help still helps
                    callback=_quiet,
                    help="Print nothing on success (errors still show).",
                )
            )
        return command

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # before Typer makes it a bare exit 130
            raise Interrupted("interrupted") from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        stdout = sys.stdout
        try:
            result = super().main(
                args=args,
                prog_name=prog_name or "tracker",
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
            code = result if isinstance(result, int) else ExitCode.OK
            sys.stdout.flush()  # a full disk or a closed pipe is met here, not at exit
        except TrackerError as error:
            code = _fail(error.message, error.exit_code)
        except click_exceptions.NoArgsIsHelpError as error:
            sys.stdout.write(error.ctx.get_help() + "\n")
            code = ExitCode.OK
        except click_exceptions.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            code = _fail(error.format_message() + hint, ExitCode.BAD_INPUT)
        except click_exceptions.ClickException as error:
            code = _fail(error.format_message(), error.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            code = ExitCode.INTERRUPTED
        except OSError as error:  # writing the output failed: disk full, closed pipe, EIO
            code = _output_failed(error)
        except Exception as error:  # a bug: still one line, unless TRACKER_DEBUG asks for more
            if os.environ.get("TRACKER_DEBUG"):
                raise
            code = _fail(
                f"internal error ({type(error).__name__}: {error}); rerun with TRACKER_DEBUG=1"
                " for details and please report it",
                ExitCode.UNUSABLE,
            )
        finally:
            if sys.stdout in _QUIET_SINKS:
                _QUIET_SINKS.remove(sys.stdout)
                sys.stdout, sink = stdout, sys.stdout
                sink.close()
        if standalone_mode:
            sys.exit(int(code))
        return int(code)


app = typer.Typer(
    cls=TrackerGroup,
    name="tracker",
    help=(
        "Track policy initiatives: who promised what, by when, and whether it happened.\n\n"
        "Example: tracker init --seed && tracker list --health overdue"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)


class State:
    """Per-invocation state: where the database is, opened on first use."""

    def __init__(self, db_path: str | None) -> None:
        self.db_path = db_path
        self._tracker: Tracker | None = None
        self._database = None

    def tracker(self) -> Tracker:
        if self._tracker is None:
            from tracker.api import Tracker

            self._tracker = Tracker.open(self.db_path)
            backup = self._tracker.db.migration_backup
            if backup is not None:
                from tracker.storage.migrations import SCHEMA_VERSION

                sys.stderr.write(
                    f"note: upgraded {self._tracker.db.path} to schema version {SCHEMA_VERSION};"
                    f" a copy of it as it was is at {backup}\n"
                )
        return self._tracker

    def database(self):
        """The database file as it is, not migrated (check, backup); it must exist."""
        from tracker.storage.database import open_existing

        if self._database is None:
            self._database = open_existing(self.db_path)
        return self._database

    def close(self) -> None:
        if self._tracker is not None:
            self._tracker.close()
            self._tracker = None
        if self._database is not None:
            self._database.close()
            self._database = None


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"tracker {__version__}\n")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH",
            help="Database file. Default: $TRACKER_DB, else tracker.db in the user data folder.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    if db is not None and not db.strip():
        from tracker.errors import InputError

        raise InputError("--db must not be empty")
    state = State(db)
    ctx.obj = state
    ctx.call_on_close(state.close)


def _state(ctx: typer.Context) -> State:
    return ctx.find_root().obj


def _tracker(ctx: typer.Context) -> Tracker:
    return _state(ctx).tracker()


def _renderer(fmt: str, allowed: tuple[str, ...] = ("table", "json")) -> Renderer:
    from tracker.renderers import get_renderer

    return get_renderer(fmt, sys.stdout, allowed)


def _complete(choices: tuple[str, ...]):
    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete)]

    return complete


FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="Output format: table, json.",
        autocompletion=_complete(("table", "json")),
    ),
]


TextFormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="text or json.",
        autocompletion=_complete(("text", "json")),
    ),
]


_STATUS_HELP = ", ".join(STATUSES)


def _complete_slug(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of a REF: the slugs that start with what is typed (at most 50).
    Completion must never fail loudly, so any problem gives no suggestions."""
    try:
        from tracker.storage.database import connect, resolve_path

        root = ctx.find_root().params.get("db") if ctx is not None else None
        path = resolve_path(root)
        if not path.exists():
            return []
        conn = connect(path, busy_timeout=1)
        try:
            rows = conn.execute(
                "SELECT slug FROM initiatives WHERE slug >= ? AND slug < ? ORDER BY slug LIMIT 50",
                [incomplete, incomplete + "\uffff"],
            )
            return [row[0] for row in rows]
        finally:
            conn.close()
    except Exception:
        return []


RefArgument = Annotated[
    str,
    typer.Argument(metavar="REF", help="Id, slug or uuid prefix.", autocompletion=_complete_slug),
]
StatusOption = Annotated[
    str | None,
    typer.Option(metavar="STATUS", help=_STATUS_HELP + ".", autocompletion=_complete(STATUSES)),
]
ConfidenceOption = Annotated[
    str | None,
    typer.Option(
        metavar="COLOUR", help="green, amber or red.", autocompletion=_complete(CONFIDENCES)
    ),
]
KindOption = Annotated[
    str | None,
    typer.Option(metavar="KIND", help=", ".join(KINDS) + ".", autocompletion=_complete(KINDS)),
]
ProgressOption = Annotated[int | None, typer.Option(metavar="0-100", help="Percent done.")]
QuoteOption = Annotated[
    str | None, typer.Option(metavar="TEXT", help="A short quote from the source.")
]
SlugOption = Annotated[str | None, typer.Option(metavar="SLUG", help="Short name.")]

# The filters `list`, `report` and `calendar` share.
TagFilter = Annotated[list[str] | None, typer.Option(metavar="T", help="Has this tag.")]
JurisdictionFilter = Annotated[
    list[str] | None, typer.Option(metavar="J", help="Concerns this jurisdiction.")
]
SponsorFilter = Annotated[list[str] | None, typer.Option(metavar="S", help="Has this sponsor.")]
SearchFilter = Annotated[
    str | None, typer.Option(metavar="TEXT", help="Words in the title or summary.")
]


# -- init ------------------------------------------------------------------------------


@app.command()
def init(
    ctx: typer.Context,
    seed: Annotated[
        bool, typer.Option("--seed", help="Also load the seed initiatives shipped with tracker.")
    ] = False,
    fmt: TextFormatOption = "text",
) -> None:
    """Create the database (and its folder); with --seed, load the seed initiatives.

    Running it again changes nothing: seeds already present are left as they are.
    With --format json: {database, seeded: [slugs], already_present}.

    Example: tracker init --seed
    """
    key = _text_or_json(fmt)
    tracker = _tracker(ctx)
    result = tracker.seed() if seed else None
    if key == "json":
        _print_json(
            {
                "database": str(tracker.db.path),
                "seeded": result.added if result else [],
                "already_present": result.present if result else 0,
            }
        )
        return
    lines = [f"database ready at {tracker.db.path}"]
    if result and result.added:
        lines.append(f"seeded {_count(len(result.added), 'initiative')}")
    if result and result.present:
        lines.append(f"{_count(result.present, 'seed initiative')} already present, left unchanged")
    sys.stdout.write("\n".join(lines) + "\n")


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
    parent: Annotated[
        str | None, typer.Option(metavar="REF", help="The plan this initiative belongs to.")
    ] = None,
    fmt: TextFormatOption = "text",
) -> None:
    """Add an initiative and print its slug (--format json: the initiative).

    Default kind: measure. Default status: announced (proposed for a proposal).
    A relative deadline ("within three years") counts from --announced, else from today.

    Example: tracker add "Cross-border wealth connect 3.0" --kind measure
    --deadline "H1 2026" --announced 2025-09-01 --jurisdiction "Hong Kong" --tag wealth
    """
    from tracker.requests import NewInitiative

    key = _text_or_json(fmt)
    initiative = _tracker(ctx).add(
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
            parent=parent,
        )
    )
    if key == "json":
        _print_json(initiative.to_dict(_tracker(ctx).today))
    else:
        sys.stdout.write(initiative.slug + "\n")


# -- list ------------------------------------------------------------------------------


@app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        list[str] | None,
        typer.Option(
            metavar="STATUS",
            help=f"Repeatable; any of {_STATUS_HELP}.",
            autocompletion=_complete(STATUSES),
        ),
    ] = None,
    health: Annotated[
        list[str] | None,
        typer.Option(
            metavar="HEALTH",
            help=f"Repeatable; any of {', '.join(HEALTHS)}.",
            autocompletion=_complete(HEALTHS),
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
    sort: Annotated[
        str,
        typer.Option(
            metavar="KEY",
            help="deadline, updated, status or title.",
            autocompletion=_complete(("deadline", "updated", "status", "title")),
        ),
    ] = "deadline",
    limit: Annotated[int | None, typer.Option(metavar="N", help="At most N rows.")] = None,
    count: Annotated[
        bool, typer.Option("--count", help="Print only how many match (json: {count}).")
    ] = False,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table, json or csv.",
            autocompletion=_complete(("table", "json", "csv")),
        ),
    ] = "table",
) -> None:
    """List initiatives, soonest deadline first.

    Example: tracker list --health overdue --jurisdiction "Hong Kong" --format json
    """
    from tracker.requests import ListFilters

    if count and fmt not in ("table", "json"):
        from tracker.errors import InputError

        raise InputError(f"--count prints a number or json, not {fmt}")
    renderer = None if count else _renderer(fmt, ("table", "json", "csv"))
    tracker = _tracker(ctx)
    filters = ListFilters(
        statuses=status or [],
        healths=health or [],
        tags=tag or [],
        jurisdictions=jurisdiction or [],
        sponsors=sponsor or [],
        due_before=due_before,
        due_within=due_within,
        search=search,
        sort=sort,
        limit=limit,
    )
    if renderer is None:
        matching = tracker.count(filters)
        if fmt == "json":
            _print_json({"count": matching})
        else:
            sys.stdout.write(f"{matching}\n")
        return
    from contextlib import closing

    with closing(tracker.each(filters)) as items:  # its read snapshot ends here, always
        renderer.initiatives(items, tracker.today)


# -- show / history --------------------------------------------------------------------


@app.command()
def show(
    ctx: typer.Context,
    ref: RefArgument,
    fmt: FormatOption = "table",
) -> None:
    """Show everything about one initiative: fields, sources, children and history.

    Example: tracker show bridging-programme
    """
    renderer = _renderer(fmt)
    tracker = _tracker(ctx)
    renderer.detail(tracker.show(ref), tracker.today)


@app.command()
def history(
    ctx: typer.Context,
    ref: RefArgument,
    fmt: FormatOption = "table",
) -> None:
    """Show an initiative's history, oldest first.

    Example: tracker history offshore-rmb-centre --format json
    """
    renderer = _renderer(fmt)
    initiative, entries = _tracker(ctx).history(ref)
    renderer.history(initiative, entries)


# -- update / edit ---------------------------------------------------------------------


@app.command()
def update(
    ctx: typer.Context,
    ref: RefArgument,
    status: StatusOption = None,
    progress: ProgressOption = None,
    confidence: ConfidenceOption = None,
    deadline: Annotated[
        str | None,
        typer.Option(metavar="PHRASE", help="New deadline; relative phrases count from --on."),
    ] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="What happened.")] = None,
    source: Annotated[str | None, typer.Option(metavar="URL-OR-TEXT", help="Evidence.")] = None,
    quote: QuoteOption = None,
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
            autocompletion=_complete(STATUSES),
        ),
    ] = None,
    fmt: FormatOption = "table",
) -> None:
    """Record a status update (appended to the history).

    Example: tracker update bridging-programme --status in_progress --progress 30
    --note "First cohort enrolled" --source https://www.polyu.edu.hk/
    --on 2025-11-03 --ref polyu-2025-11
    """
    from tracker.requests import UpdateRequest

    renderer = _renderer(fmt)
    result = _tracker(ctx).update(
        ref,
        UpdateRequest(
            status=status,
            progress=progress,
            confidence=confidence,
            deadline=deadline,
            note=note,
            source=source,
            quote=quote,
            on=on,
            ref=ref_key,
            if_status=if_status,
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
    fmt: FormatOption = "table",
) -> None:
    """Edit descriptive fields; each edit is recorded in the history.

    Status, progress, confidence and deadline change through 'tracker update'.

    Example: tracker edit offshore-rmb-centre --add-tag currency --remove-tag finance
    """
    from tracker.requests import EditRequest

    renderer = _renderer(fmt)
    result = _tracker(ctx).edit(
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
    fmt: TextFormatOption = "text",
) -> None:
    """Delete an initiative and its history for good (its children are kept, unparented).

    With --format json: {removed, uuid, children_detached}.

    Example: tracker remove test-initiative --yes
    """
    from tracker.errors import InputError

    key = _text_or_json(fmt)
    tracker = _tracker(ctx)
    if not yes:
        initiative = tracker.resolve(ref)
        if not _can_ask():
            raise InputError(f"refusing to remove {initiative.slug} without --yes")
        if not typer.confirm(f"Remove {initiative.slug} ({initiative.title}) and its history?"):
            raise InputError(f"not confirmed; {initiative.slug} was not removed")
    removed, children = tracker.remove(ref)
    if key == "json":
        _print_json({"removed": removed.slug, "uuid": removed.uuid, "children_detached": children})
        return
    detached = f"; {children} child initiatives detached" if children else ""
    sys.stdout.write(f"removed {removed.slug}{detached}\n")


# -- apply -----------------------------------------------------------------------------


QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing on success (errors still show).")
]


@app.command("apply")
def apply_(
    ctx: typer.Context,
    path: Annotated[
        str, typer.Argument(metavar="FILE", help="JSON Lines of updates; - for stdin.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every line and say what would change.")
    ] = False,
    fmt: TextFormatOption = "text",
    quiet: QuietOption = False,
) -> None:
    """Apply a file of updates, one JSON object per line, all or nothing.

    Keys: initiative (REF), status, progress, confidence, deadline, note, source, quote,
    on, ref, if_status. If any line is bad, nothing is applied and every bad line is
    listed. Lines whose ref was already applied are skipped, so a re-run is safe.

    Example: tracker apply updates.jsonl --dry-run
    """
    from tracker import exchange

    key = _text_or_json(fmt)
    tracker = _tracker(ctx)

    def say_change(number: int, slug: str, entry) -> None:
        if key == "text":
            from tracker.renderers.text import describe_changes, safe

            changes = "; ".join(describe_changes(entry.changes)) or "note"
            sys.stdout.write(f"line {number}: {safe(slug)}: {safe(changes)}\n")

    with exchange.open_input(path) as stream:
        result = tracker.apply(
            exchange.numbered_lines(stream),
            dry_run=dry_run,
            on_change=say_change if dry_run else None,
        )
    _refuse_bad_batch(result, "bad line", f"of {result.lines}; nothing was applied")
    if key == "json":
        _print_json(result.to_dict())
    elif not quiet:
        verb = "would apply" if dry_run else "applied"
        sys.stdout.write(
            f"{verb} {_count(result.applied, 'update')}; {result.unchanged} unchanged,"
            f" {result.duplicates} already applied (ref); {_count(result.lines, 'line')}\n"
        )


# -- import ------------------------------------------------------------------------------

IMPORT_FORMATS = ("jsonl", "json", "csv")


@app.command("import")
def import_(
    ctx: typer.Context,
    path: Annotated[
        str, typer.Argument(metavar="FILE", help="An export, JSON or CSV file; - for stdin.")
    ],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="jsonl, json or csv (default: from the file name; stdin: jsonl).",
            autocompletion=_complete(IMPORT_FORMATS),
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every record; change nothing.")
    ] = False,
    summary: Annotated[
        str,
        typer.Option(
            "--summary-format",
            metavar="FORMAT",
            help="text or json, for what is printed (--format names the file's).",
            autocompletion=_complete(("text", "json")),
        ),
    ] = "text",
    quiet: QuietOption = False,
) -> None:
    """Create or update initiatives from a file, all or nothing (matched by uuid, then slug).

    An export (with history) is rebuilt exactly; a record without history, such as a CSV
    row with the list columns, is a sync: what differs is recorded in the history.

    Example: tracker import backup.jsonl --dry-run
    """
    from tracker import exchange
    from tracker.api import EXPORT_FORMAT, EXPORT_VERSION
    from tracker.errors import InputError

    key = (fmt or "").strip().lower() or (
        "csv"
        if path.lower().endswith(".csv")
        else "json"
        if path.lower().endswith(".json")
        else "jsonl"
    )
    if key not in IMPORT_FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose from {', '.join(IMPORT_FORMATS)}")
    summary_key = _text_or_json(summary)
    tracker = _tracker(ctx)
    with exchange.open_input(path) as stream:
        if key == "csv":
            records = exchange.csv_records(stream)
        elif key == "json":
            records = exchange.json_document_records(stream, EXPORT_FORMAT, EXPORT_VERSION)
        else:
            records = exchange.json_records(stream, EXPORT_FORMAT, EXPORT_VERSION)
        result = tracker.import_records(records, dry_run=dry_run)
    _refuse_bad_batch(result, "bad record", f"of {result.records}; nothing was imported")
    if summary_key == "json":
        _print_json(result.to_dict())
    elif not quiet:
        verb = "would import" if dry_run else "imported"
        sys.stdout.write(
            f"{verb} {_count(result.records, 'record')}: {result.created} created,"
            f" {result.updated} updated, {result.unchanged} unchanged\n"
        )


# -- export ------------------------------------------------------------------------------

EXPORT_FORMATS = ("jsonl", "json", "csv")


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="jsonl (default), json or csv (csv: the list columns, no history).",
            autocompletion=_complete(EXPORT_FORMATS),
        ),
    ] = "jsonl",
    output: _output_option("export") = None,
) -> None:
    """Export every initiative with its full history and sources (a backup, or a move).

    jsonl and json are lossless: import them into an empty database and export again,
    and the bytes are the same. They carry a format version.

    Example: tracker export --output backup.jsonl
    """
    from tracker.api import EXPORT_FORMAT, EXPORT_VERSION
    from tracker.errors import InputError

    key = fmt.strip().lower()
    if key not in EXPORT_FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose from {', '.join(EXPORT_FORMATS)}")
    tracker = _tracker(ctx)
    header = {"format": EXPORT_FORMAT, "version": EXPORT_VERSION}

    def render(stream) -> None:
        if key == "csv":
            from tracker.renderers.csv import CsvRenderer

            items = sorted(tracker.list(), key=lambda item: item.uuid)
            CsvRenderer(stream).initiatives(items, tracker.today)
            return
        from tracker.renderers import export as exporting

        write = exporting.write_jsonl if key == "jsonl" else exporting.write_json
        records = tracker.export()
        try:
            write(header, records, stream)
        finally:
            records.close()  # ends its read transaction now, even if writing failed

    _write(render, output, tracker)


# -- reports ---------------------------------------------------------------------------

REPORT_FORMATS = ("terminal", "markdown", "html", "json", "csv")
ALERT_CHOICES = ("overdue", "due-soon", "stale", "changed")


def _write(render, output: str | None, tracker: Tracker, then=None) -> None:
    """Render to stdout (no ``--output``, or ``-``), or to ``output`` atomically, so a
    reader never sees half a file. ``then(write)`` may wrap the file write, e.g. in the
    transaction that records the report (nothing is written if that fails)."""
    if output is None or output == "-":
        render(sys.stdout)
        return
    import io

    from tracker.output import check_target, write_atomic

    check_target(output, tracker.db.path)
    buffer = io.StringIO()
    render(buffer)

    def write() -> None:
        write_atomic(output, buffer.getvalue())

    if then is None:
        write()
    else:
        then(write)


def _output_option(what: str):
    return Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help=f"Write the {what} to FILE (atomically; - for stdout) instead of stdout.",
        ),
    ]


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
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="terminal, markdown, html, json or csv.",
            autocompletion=_complete(REPORT_FORMATS),
        ),
    ] = "terminal",
    output: _output_option("report") = None,
    fail_if: Annotated[
        list[str] | None,
        typer.Option(
            metavar="CONDITION",
            help="Exit 3 (after writing) if any of: overdue, due-soon, stale, changed. Repeatable.",
            autocompletion=_complete(ALERT_CHOICES),
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
            autocompletion=_complete(STATUSES),
        ),
    ] = None,
    tag: TagFilter = None,
    jurisdiction: JurisdictionFilter = None,
    sponsor: SponsorFilter = None,
    search: SearchFilter = None,
) -> None:
    """Progress report: overdue, due soon, changed, slipped, stale, progress, timeline.

    The same database and --as-of always give the same bytes, in every format.

    Example: tracker report --as-of 2026-01-15 --format html --output report.html
    --fail-if overdue
    """
    from tracker.errors import InputError
    from tracker.requests import ReportRequest

    renderer_name = fmt.strip().lower()
    if renderer_name not in REPORT_FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose from {', '.join(REPORT_FORMATS)}")
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
    tracker = _tracker(ctx)
    _collector_off_until_done(ctx)
    # JSON writes every initiative from the report's own entries; CSV needs every one in
    # full; the others show at most --rows of each section.
    materialise = {"json": 0, "csv": 0}.get(renderer_name, rows or None)
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
        ),
        materialise=materialise,
    )

    def render(stream) -> None:
        from tracker.renderers import get_renderer

        get_renderer(renderer_name, stream, REPORT_FORMATS).report(result, rows)

    if output is not None and output != "-":
        from tracker.output import check_target

        check_target(output, tracker.db.path)  # before any work
    _write(render, output, tracker, then=lambda write: tracker.mark_reported(result, write))
    alerts = result.alerts()
    if any(alerts[c] for c in conditions):
        raise typer.Exit(ExitCode.ALERT)


@app.command()
def calendar(
    ctx: typer.Context,
    output: _output_option("calendar") = None,
    status: Annotated[
        list[str] | None,
        typer.Option(metavar="STATUS", help="Repeatable.", autocompletion=_complete(STATUSES)),
    ] = None,
    tag: TagFilter = None,
    jurisdiction: JurisdictionFilter = None,
    sponsor: SponsorFilter = None,
) -> None:
    """An iCalendar (.ics) file with one all-day entry per open deadline.

    Entries keep their UIDs between runs, so a subscribed calendar updates them.

    Example: tracker calendar --output deadlines.ics
    """
    from contextlib import closing

    from tracker.requests import ListFilters

    tracker = _tracker(ctx)
    # Open initiatives with a deadline: whatever their health, as long as it has one.
    filters = ListFilters(
        statuses=status or [],
        healths=["overdue", "due_soon", "on_track"],
        tags=tag or [],
        jurisdictions=jurisdiction or [],
        sponsors=sponsor or [],
        sort="deadline",
    )
    initiatives = tracker.each(filters)  # the filters are checked here, before any output

    def render(stream) -> None:
        from tracker.renderers.ical import render_calendar

        with closing(initiatives):
            render_calendar(initiatives, tracker.today, stream)

    _write(render, output, tracker)


@app.command()
def feed(
    ctx: typer.Context,
    output: _output_option("feed") = None,
    limit: Annotated[int, typer.Option(metavar="N", help="The newest N updates.")] = 50,
) -> None:
    """An Atom feed of the history, newest first, for feed readers and chat tools.

    Example: tracker feed --output updates.atom
    """
    tracker = _tracker(ctx)
    entries = tracker.recent_updates(limit)

    def render(stream) -> None:
        from tracker.renderers.atom import render_feed

        render_feed(entries, stream)

    _write(render, output, tracker)


# -- parse-date ------------------------------------------------------------------------


@app.command("parse-date")
def parse_date(
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
            autocompletion=_complete(("DMY", "MDY")),
        ),
    ] = None,
    fmt: TextFormatOption = "text",
) -> None:
    """Show the window a date phrase is read as, without storing anything.

    With --format json: {text, earliest, latest, precision}.

    Example: tracker parse-date "within three years" --reference 2025-03-14
    """
    from tracker.domain.dates import DATE_ORDERS, DateReader
    from tracker.errors import InputError

    renderer = _renderer(fmt, ("text", "json"))
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
def check(ctx: typer.Context, fmt: TextFormatOption = "text") -> None:
    """Check the database file: SQLite's integrity and foreign-key checks, the search
    index, the schema version and rows that make no sense (exit 1 if anything is wrong).

    The file is read as it is: an older schema is reported, not upgraded.
    With --format json: {database, ok, schema_version, initiatives, updates, problems,
    skipped}.

    Example: tracker check
    """
    from tracker.storage import maintenance

    key = _text_or_json(fmt)
    report = maintenance.check(_state(ctx).database())
    if key == "json":
        _print_json(
            {
                "database": str(report.path),
                "ok": report.ok,
                "schema_version": report.schema_version,
                "initiatives": report.initiatives,
                "updates": report.updates,
                "problems": report.problems,
                "skipped": report.skipped,
            }
        )
    elif report.ok:
        sys.stdout.write(
            f"ok: {report.path} (schema version {report.schema_version},"
            f" {_count(report.initiatives, 'initiative')},"
            f" {report.updates} history {'entry' if report.updates == 1 else 'entries'})\n"
        )
    else:
        sys.stdout.write(f"{_count(len(report.problems), 'problem')} in {report.path}:\n")
        sys.stdout.write("".join(f"  {_one_line(p)}\n" for p in report.problems))
    for skipped in report.skipped:
        sys.stderr.write(f"note: not checked: {skipped}\n")
    if not report.ok:  # on stderr too, so that --quiet still says it
        from tracker.errors import UnusableError

        raise UnusableError(f"{_count(len(report.problems), 'problem')} in {report.path}")


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
    fmt: TextFormatOption = "text",
) -> None:
    """Copy the database to PATH with SQLite's online backup API: a consistent copy even
    while other processes write. The copy is written beside PATH and renamed into place,
    so a failed backup leaves nothing behind. An existing file is replaced only with
    --force. Restore by copying the file back.

    With --format json: {database, backup, bytes}.

    Example: tracker backup ~/backups/
    """
    from tracker.storage import maintenance

    key = _text_or_json(fmt)
    db = _state(ctx).database()
    written = maintenance.backup(db, path, force=force)
    size = written.stat().st_size
    if key == "json":
        _print_json({"database": str(db.path), "backup": str(written), "bytes": size})
    else:
        sys.stdout.write(f"backed up {db.path} to {written} ({size:,} bytes)\n")


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point.

    Typer turns every registered command into a Click command before it runs one
    (about 15 ms for all of them); when the command line names one, only that one is
    built. Help, completion and anything unusual take the whole application.
    """
    args = sys.argv[1:] if argv is None else list(argv)
    group = _group_for(_command_name(args))
    if group is None:
        return app(args=args, prog_name="tracker")
    return group(args=args, prog_name="tracker")


def _command_name(args: list[str]) -> str | None:
    """The command a command line runs, past the global ``--db``; None if unsure."""
    if any(name.endswith("_COMPLETE") for name in os.environ):
        return None  # shell completion needs every command
    position = 0
    while position < len(args):
        arg = args[position]
        if arg == "--db":
            position += 2
        elif arg.startswith("--db="):
            position += 1
        elif arg.startswith("-"):
            return None
        else:
            return arg
    return None


def _group_for(name: str | None):
    """The Click group holding only command ``name`` (None if there is no such command)."""
    if name is None:
        return None
    every = app.registered_commands
    chosen = [c for c in every if (c.name or c.callback.__name__.replace("_", "-")) == name]
    if not chosen:
        return None
    from typer.main import get_group

    app.registered_commands = chosen
    try:
        return get_group(app)
    finally:
        app.registered_commands = every


if __name__ == "__main__":  # pragma: no cover
    main()
