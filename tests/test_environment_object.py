"""The Environment: one per invocation, the streams read when the command line runs,
--quiet without touching sys.stdout, and no ANSI codes on a pipe."""

from __future__ import annotations

import ast
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ok, run

from tracker.cli.environment import Discard, Environment

CLI = Path(__file__).resolve().parents[1] / "tracker" / "cli"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_streams_are_read_when_it_is_made_not_at_import(monkeypatch):
    out, err, given = _Terminal(), io.StringIO(), io.StringIO("x")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdin", given)
    env = Environment.from_process()
    assert (env.stdout, env.stderr, env.stdin) == (out, err, given)
    assert (env.stdout_isatty, env.stdin_isatty) == (True, False)
    assert env.colour and not env.quiet


def test_no_color_turns_colour_off(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert not Environment.from_process().colour


def test_a_stream_without_a_file_is_no_terminal(monkeypatch):
    class Closed(io.StringIO):
        def isatty(self) -> bool:
            raise ValueError("I/O operation on closed file")

    monkeypatch.setattr(sys, "stdin", Closed())
    monkeypatch.setattr(sys, "stdout", None)
    env = Environment.from_process()
    assert (env.stdin_isatty, env.stdout_isatty) == (False, False)


def test_quiet_writes_nothing_and_errors_still_show():
    out, err = io.StringIO(), io.StringIO()
    env = Environment(io.StringIO(), out, err, False, False, True, quiet=True)
    env.write("output\n")
    env.out.write("more\n")
    env.error("error: it failed")
    assert isinstance(env.out, Discard)
    assert (out.getvalue(), err.getvalue()) == ("", "error: it failed\n")
    env.quiet = False
    env.write("shown\n")
    assert out.getvalue() == "shown\n"


def test_quiet_does_not_touch_sys_stdout(seeded, monkeypatch):
    """While a --quiet command renders, sys.stdout is the one it started with, and the
    renderer writes to a stream that drops everything."""
    from tracker.renderers.table import TableRenderer

    seen = []
    original = TableRenderer.initiatives

    def spy(self, items, today):
        seen.append((sys.stdout, self.stream))
        original(self, items, today)

    monkeypatch.setattr(TableRenderer, "initiatives", spy)
    before = sys.stdout
    result = run("list", "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert sys.stdout is before
    [(during, stream)] = seen
    assert isinstance(stream, Discard)
    assert not isinstance(during, Discard) and getattr(during, "name", "") != os.devnull
    assert ok("list").startswith("Initiative")  # and the next run prints again


def test_one_environment_per_invocation(seeded, monkeypatch):
    made = []
    original = Environment.from_process.__func__

    def counting(cls):
        made.append(original(cls))
        return made[-1]

    monkeypatch.setattr(Environment, "from_process", classmethod(counting))
    ok("show", "bridging-programme")
    ok("list", "--count")
    assert len(made) == 2


def test_the_command_line_never_writes_sys_stdout_itself():
    """Output goes through a renderer or the Environment, never sys.stdout.write."""
    for path in CLI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in ("stdout", "stderr")
                and isinstance(node.value, ast.Name)
                and node.value.id == "sys"
            ):
                # only the Environment reads the process's streams
                assert path.name == "environment.py", (path.name, node.lineno)
    assert "_QUIET_SINKS" not in (CLI / "__init__.py").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("show", "bridging-programme"),
        ("report",),
        ("parse-date", "late 2026"),
        ("history", "bridging-programme"),
    ],
)
def test_output_to_a_pipe_has_no_ansi_codes(seeded, args):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True,
        env=env,
        cwd=os.environ["HOME"] if os.path.isdir(os.environ["HOME"]) else None,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout and b"\x1b" not in done.stdout and done.stderr == b""


def test_a_terminal_gets_colour_unless_no_color(seeded, monkeypatch):
    """The same renderer on a stream that is a terminal colours its output."""
    from tracker.renderers import WindowRenderer

    monkeypatch.setenv("TERM", "xterm-256color")
    window = _window("late 2026")
    coloured = _Terminal()
    WindowRenderer.chosen("parse-date", "text", coloured, True).window(window)
    plain = _Terminal()
    WindowRenderer.chosen("parse-date", "text", plain, False).window(window)
    assert "\x1b[" in coloured.getvalue()
    assert plain.getvalue() == "late 2026: 2026-09-01..2026-12-31 (part-year)\n"


def _window(text):
    from datetime import date

    from tracker.domain.dates import DateReader

    return DateReader.from_env().window(text, None, date(2026, 1, 1))


def test_quiet_still_shows_a_confirmation_prompt(seeded, monkeypatch):
    """--quiet silences output, not a question waiting for an answer: the prompt used to
    go to the swapped-in null stdout, leaving a silent wait on a terminal."""
    monkeypatch.setattr("tracker.cli._can_ask", lambda: True)
    result = run("remove", "bridging-programme", "-q", input="n\n")
    assert result.exit_code == 2
    assert result.stdout.startswith("Remove bridging-programme (")
    assert result.stdout.rstrip().endswith("[y/N]: n")
    assert result.stderr == "error: not confirmed; bridging-programme was not removed\n"
