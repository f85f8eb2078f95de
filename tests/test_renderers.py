"""The renderer registry and the one --format option built from it.

Every format maps to a class that implements every abstract method of the base each
of its commands draws with; every command's accepted formats, its help text and its
error message come from the registry; an unknown format is refused before any work.
"""

from __future__ import annotations

import ast
import inspect
import io
from pathlib import Path

import pytest
import typer.main
from helpers import run

from tracker.cli import app
from tracker.errors import InputError
from tracker.renderers import (
    COMMANDS,
    FORMATS,
    ListRenderer,
    RecordRenderer,
    Renderer,
    SummaryRenderer,
    check_format,
    formats_for,
)

RENDERERS = Path(__file__).resolve().parents[1] / "tracker" / "renderers"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_is_a_concrete_renderer_of_each_kind_it_serves(name):
    entry = FORMATS[name]
    cls = entry.load()
    assert issubclass(cls, Renderer)
    assert not inspect.isabstract(cls) and cls.__abstractmethods__ == frozenset()
    renderer = cls(io.StringIO(), False)  # abc refuses an abstract method left unwritten
    assert entry.commands, name
    for command in entry.commands:
        base = COMMANDS[command].base
        assert isinstance(renderer, base), (name, command)
        missing = [m for m in base.__abstractmethods__ if not callable(getattr(renderer, m))]
        assert missing == []


def test_every_command_has_its_default_among_its_formats():
    for command, spec in COMMANDS.items():
        assert spec.default in formats_for(command), command
    served = {c for f in FORMATS.values() for c in f.commands}
    assert served == set(COMMANDS)


def _commands():
    """Every command of the app by its name on the command line (a group's as
    ``source add``)."""
    found = {}
    for name, command in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        for sub, inner in getattr(command, "commands", {}).items():
            found[f"{name} {sub}"] = inner
        found[name] = command
    return found


def test_the_registry_names_the_commands_the_app_has():
    assert set(COMMANDS) <= set(_commands())


def test_the_formats_in_their_order():
    assert formats_for("list") == ("table", "json", "csv")
    assert formats_for("show") == ("table", "json")
    assert formats_for("report") == ("terminal", "markdown", "html", "json", "csv")
    assert formats_for("export") == ("jsonl", "json", "csv")
    assert formats_for("parse-date") == ("text", "json")
    for command in ("init", "add", "remove", "apply", "import", "check", "backup"):
        assert formats_for(command) == ("text", "json")
    assert formats_for("calendar") == ("ical",) and formats_for("feed") == ("atom",)


def test_check_format():
    assert check_format("list", " JSON ") == "json"
    assert check_format("report", None) == "terminal"
    with pytest.raises(InputError, match=r"^unknown format 'pdf'; choose from table, json$"):
        check_format("show", "pdf")


def test_chosen_gives_the_kind_asked_for_or_refuses():
    renderer = RecordRenderer.chosen("show", "json", io.StringIO(), False)
    assert isinstance(renderer, RecordRenderer)
    assert isinstance(ListRenderer.chosen("list", "csv", io.StringIO(), True), ListRenderer)
    with pytest.raises(TypeError):
        SummaryRenderer.chosen("show", "json", io.StringIO(), False)  # show draws records
    with pytest.raises(InputError):
        RecordRenderer.chosen("show", "csv", io.StringIO(), False)


def _format_options(command):
    """The options of a command that choose an output format (import's --format names
    the format of the file it reads, not of its output)."""
    names = {"import": "--summary-format"}.get(command.name, "--format")
    return [p for p in command.params if names in getattr(p, "opts", [])]


def test_every_command_s_format_option_comes_from_the_registry():
    offered = {}
    for name, command in _commands().items():
        for option in _format_options(command):
            choices = formats_for(name)
            offered[name] = choices
            spoken = (
                choices[0] if len(choices) == 1 else (f"{', '.join(choices[:-1])} or {choices[-1]}")
            )
            assert option.help.startswith(f"Output format: {spoken}"), (name, option.help)
            if COMMANDS[name].terminal is not None:  # chosen by the command, by its output
                assert option.default is None
            else:
                assert option.default == COMMANDS[name].default
            assert option.metavar == "FORMAT"
    # Every command with a choice of format offers it; calendar and feed have one each.
    assert set(offered) == {c for c in COMMANDS if len(formats_for(c)) > 1}


#: Arguments that would let each command run, with the format left out.
_ARGS = {
    "init": [],
    "add": ["X"],
    "list": [],
    "show": ["x"],
    "history": ["x"],
    "update": ["x", "--progress", "5"],
    "edit": ["x", "--title", "Y"],
    "remove": ["x", "--yes"],
    "apply": ["-"],
    "import": ["-", "--summary-format"],
    "export": [],
    "report": [],
    "parse-date": ["2027"],
    "check": [],
    "backup": ["copy.db"],
    "source add": ["x", "https://example.org/"],
    "source list": ["x"],
    "source remove": ["x", "https://example.org/"],
}


@pytest.mark.parametrize("command", sorted(_ARGS))
def test_an_unknown_format_is_one_line_exit_2_before_any_work(command, isolated, tmp_path):
    args = [str(tmp_path / a) if a == "copy.db" else a for a in _ARGS[command]]
    flag = [] if command == "import" else ["--format"]
    result = run(*command.split(), *args, *flag, "nope", input="")
    choices = ", ".join(formats_for(command))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        f"error: unknown format 'nope'; choose from {choices}\n",
    )
    assert not isolated.exists()  # not even the database was created
    assert not (tmp_path / "copy.db").exists()


def test_renderers_import_no_storage_and_no_api():
    for path in RENDERERS.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith(("tracker.storage", "tracker.api", "tracker.cli")), (
                    path.name,
                    name,
                )


def test_every_renderer_module_is_named_for_a_format_or_shared():
    shared = {"__init__", "phrasing", "timeline", "sitepaths"}
    modules = {p.stem for p in RENDERERS.glob("*.py")} - shared
    assert modules == {f.renderer.split(":")[0].rsplit(".", 1)[1] for f in FORMATS.values()}
    for name, entry in FORMATS.items():
        module = entry.renderer.split(":")[0].rsplit(".", 1)[1]
        # table draws the report's 'terminal' format too: tables drawn in a terminal
        assert module == name or (name, module) == ("terminal", "table"), name
