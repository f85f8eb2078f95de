"""The ``tracker`` command line: arguments in, one library call, one renderer out.

Only Typer and the project's small modules are imported at start-up; the
library, the storage layer and the renderers are imported inside the commands
that need them, so ``tracker --help`` stays quick.

Errors are translated in exactly one place, :meth:`TrackerGroup.main`: a
:class:`tracker.errors.TrackerError` or a usage error becomes one line
``error: ...`` on stderr and its documented exit code; nothing prints a traceback.

The commands live in modules by subject, each registering on :data:`app`:
:mod:`.initiatives` (init, add, list, show, history, update, edit, remove),
:mod:`.exchange` (apply, import, export), :mod:`.documents` (report, calendar,
feed), :mod:`.maintenance` (parse-date, check, backup) and :mod:`.corrections`
(retract, amend, undo); their shared options,
the one ``--format`` among them, are in :mod:`.options`.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from typer._click import exceptions as click_exceptions
from typer._click.core import Command, Context, Parameter
from typer._click.globals import get_current_context
from typer.core import TyperGroup

from tracker import __version__
from tracker.cli.environment import Environment
from tracker.errors import ExitCode, Interrupted, TrackerError

if TYPE_CHECKING:
    from typer.models import CommandInfo, TyperInfo

    from tracker.api import Tracker
    from tracker.ops.maintenance import Database


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _fail(env: Environment, message: str, code: int) -> int:
    env.stderr.write(f"error: {_one_line(message)}\n")
    env.stderr.flush()
    return code


def _output_failed(env: Environment, error: OSError) -> int:
    """One line for an output that could not be written; a reader that went away
    (``tracker list | head``) is no error worth a message."""
    env.output_gone()
    if error.errno == errno.EPIPE:
        return ExitCode.UNUSABLE
    where = error.filename if error.filename is not None else "standard output"
    return _fail(env, f"cannot write {where}: {error.strerror or error}", ExitCode.UNUSABLE)


def environment(ctx: Context) -> Environment:
    """This invocation's :class:`Environment`."""
    obj = ctx.find_root().obj
    return obj.env if isinstance(obj, State) else obj


def _can_ask() -> bool:
    """Whether a person can answer a confirmation prompt."""
    return environment(get_current_context()).stdin_isatty


def _quiet(ctx: Context, param: Parameter, value: bool) -> None:
    """``--quiet``: the command's standard output goes nowhere; errors still show."""
    if value:
        environment(ctx).quiet = True


class QuietGroup(TyperGroup):
    """A group whose every command also gets ``--quiet`` / ``-q`` (print nothing on
    success) here, in one place, unless it declares its own: :class:`TrackerGroup`, and
    the groups of commands under it (``tracker source``)."""

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
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


class TrackerGroup(QuietGroup):
    """Runs a command and turns every expected failure into one line and an exit code;
    every command gets ``--quiet`` (:class:`QuietGroup`)."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # before Typer makes it a bare exit 130
            raise Interrupted("interrupted") from None

    def main(  # type: ignore[override]
        self,
        args: list[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> int:
        env = Environment.from_process()  # once per invocation, from the streams as they are
        try:
            result = super().main(
                args=args,
                prog_name=prog_name or "tracker",
                complete_var=complete_var,
                standalone_mode=False,
                obj=env,
                **extra,
            )
            code = result if isinstance(result, int) else ExitCode.OK
            env.stdout.flush()  # a full disk or a closed pipe is met here, not at exit
            for note in [] if env.quiet else env.notes:  # a command that failed says only why
                env.error(f"note: {note}")
        except TrackerError as error:
            code = _fail(env, error.message, error.exit_code)
        except click_exceptions.NoArgsIsHelpError as error:
            env.stdout.write(error.ctx.get_help() + "\n")
            code = ExitCode.OK
        except click_exceptions.UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            code = _fail(env, error.format_message() + hint, ExitCode.BAD_INPUT)
        except click_exceptions.ClickException as error:
            code = _fail(env, error.format_message(), error.exit_code)
        except (typer.Abort, KeyboardInterrupt):
            code = ExitCode.INTERRUPTED
        except OSError as error:  # writing the output failed: disk full, closed pipe, EIO
            code = _output_failed(env, error)
        except Exception as error:  # a bug: still one line, unless TRACKER_DEBUG asks for more
            if os.environ.get("TRACKER_DEBUG"):
                raise
            code = _fail(
                env,
                f"internal error ({type(error).__name__}: {error}); rerun with TRACKER_DEBUG=1"
                " for details and please report it",
                ExitCode.UNUSABLE,
            )
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
    """Per-invocation state: where the database is, opened on first use, and the
    :class:`Environment` the output goes to."""

    def __init__(self, db_path: str | None, env: Environment) -> None:
        self.db_path = db_path
        self.env = env
        self._tracker: Tracker | None = None
        self._database: Database | None = None
        #: ``--by``: who this command's entries are by (None: the default author).
        self.author: str | None = None

    def tracker(self) -> Tracker:
        if self._tracker is None:
            from tracker.api import Tracker

            self._tracker = Tracker.open(self.db_path, author=self.author)
            backup = self._tracker.db.migration_backup
            if backup is not None:
                from tracker.ops.maintenance import SCHEMA_VERSION

                self.env.stderr.write(
                    f"note: upgraded {self._tracker.db.path} to schema version {SCHEMA_VERSION};"
                    f" a copy of it as it was is at {backup}\n"
                )
        return self._tracker

    def database(self) -> Database:
        """The database file as it is, not migrated (check, backup); it must exist."""
        from tracker.ops.maintenance import open_existing

        if self._database is None:
            self._database = open_existing(self.db_path)
        return self._database

    def close(self) -> None:
        if self._tracker is not None:
            self.env.notes.extend(self._tracker.notices)
            self._tracker.close()
            self._tracker = None
        if self._database is not None:
            self._database.close()
            self._database = None


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        environment(ctx).stdout.write(f"tracker {__version__}\n")
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
    env = ctx.obj if isinstance(ctx.obj, Environment) else Environment.from_process()
    state = State(db, env)
    ctx.obj = state
    ctx.call_on_close(state.close)


def collector_off_until_done(ctx: Context) -> None:
    """Keep the cyclic garbage collector off for the rest of this command. A report's
    100,000 objects, or a sync's or an import's batches of lines and rows, hold no
    cycles, and the collector would only rescan the growing heap again and again (a
    third of a large sync's time); once the command is done they are gone, and
    switching it on costs little. A process-wide policy, so it is the command line's,
    not the library's."""
    import gc

    if gc.isenabled():
        gc.disable()
        ctx.call_on_close(gc.enable)


def state(ctx: Context) -> State:
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


def tracker_of(ctx: Context) -> Tracker:
    return state(ctx).tracker()


def write_output(
    env: Environment,
    render: Callable[[TextIO], None],
    output: str | None,
    tracker: Tracker,
    then: Callable[[Callable[[], None]], None] | None = None,
    *,
    streamed: bool = False,
) -> None:
    """Render to stdout (no ``--output``, or ``-``), or to ``output`` atomically, so a
    reader never sees half a file. ``then(write)`` may wrap the file write, e.g. in the
    transaction that records the report (nothing is written if that fails). ``streamed``
    (without ``then``): the file is written as it is rendered, never held in memory."""
    if output is None or output == "-":
        render(env.out)
        return
    import io

    from tracker.output import atomic_file, check_target, write_atomic

    check_target(output, tracker.db.path)
    if streamed and then is None:
        with atomic_file(output) as handle:
            stream = io.TextIOWrapper(handle, encoding="utf-8", newline="")
            render(stream)
            stream.flush()
            stream.detach()  # the file is atomic_file's to close
        return
    buffer = io.StringIO()
    render(buffer)

    def write() -> None:
        write_atomic(output, buffer.getvalue())

    if then is None:
        write()
    else:
        then(write)


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


def _command_name_of(info: CommandInfo) -> str:
    if info.name:
        return info.name
    return info.callback.__name__.replace("_", "-") if info.callback else ""


def _group_for(name: str | None) -> TyperGroup | None:
    """The Click group holding only command ``name`` (None if there is no such command)."""
    if name is None:
        return None
    every, groups = app.registered_commands, app.registered_groups
    chosen = [c for c in every if _command_name_of(c) == name]
    chosen_groups = [g for g in groups if _group_name_of(g) == name]
    if not chosen and not chosen_groups:
        return None
    from typer.main import get_group

    app.registered_commands, app.registered_groups = chosen, chosen_groups
    try:
        return get_group(app)
    finally:
        app.registered_commands, app.registered_groups = every, groups


def _group_name_of(info: TyperInfo) -> str:
    """A group of commands' name (``source``)."""
    return info.name or (info.typer_instance.info.name if info.typer_instance else None) or ""


# The commands, each module registering its own on `app` (after `app` exists), in the
# order `tracker --help` lists them.
# isort: off
from tracker.cli import initiatives  # noqa: E402, F401
from tracker.cli import searching  # noqa: E402, F401
from tracker.cli import exchange  # noqa: E402, F401
from tracker.cli import documents  # noqa: E402, F401
from tracker.cli import publishing  # noqa: E402, F401
from tracker.cli import maintenance  # noqa: E402, F401
from tracker.cli import team  # noqa: E402, F401
from tracker.cli import corrections  # noqa: E402, F401
from tracker.cli import links  # noqa: E402, F401
from tracker.cli import articles  # noqa: E402, F401
from tracker.cli import sources  # noqa: E402, F401
from tracker.cli import names  # noqa: E402, F401

# isort: on

if __name__ == "__main__":  # pragma: no cover
    main()
