"""Start-up stays light: read commands never import the heavy modules.

Structural, not timed (timings live in bench/): a subprocess runs a command and
reports which modules ended up imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
from helpers import ok

HEAVY = (
    "tracker.domain.deadlines",
    "dateparser",
    "sqlite_utils",
    "pydantic",
    "icalendar",
    "jinja2",
    "babel",
)

_PROBE = textwrap.dedent(
    """
    import json, sys
    from tracker.cli import main
    try:
        main(sys.argv[1:])
    except SystemExit:
        pass
    print(json.dumps(sorted(sys.modules)), file=sys.stderr)
    """
)


def _modules_after(*args: str) -> set[str]:
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=env["HOME"],
        timeout=60,
    )
    return set(json.loads(result.stderr.splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("list",),
        ("list", "--format", "json"),
        ("show", "bridging-programme"),
        ("search", "bridging"),
    ],
)
def test_read_commands_import_nothing_heavy(seeded, args):
    os.makedirs(os.environ["HOME"], exist_ok=True)
    loaded = _modules_after(*args)
    assert [m for m in HEAVY if m in loaded] == []


#: What only ``tracker extract`` needs: the engine and its libraries.
EXTRACT_ONLY = (
    "tracker.extraction",
    "trafilatura",
    "htmldate",
    "lxml",
    "pypdf",
    "rapidfuzz",
    "opencc",
)


def _extract_modules(loaded: set[str]) -> list[str]:
    return sorted(m for m in loaded if m.split(".")[0] in EXTRACT_ONLY or m in EXTRACT_ONLY)


@pytest.mark.parametrize(
    "args",
    [
        ("--help",),
        ("list",),
        ("list", "--format", "json"),
        ("show", "bridging-programme"),
        ("report",),
        ("report", "--format", "json"),
        ("history", "bridging-programme"),
        ("export",),
        ("update", "bridging-programme", "--progress", "40"),
        ("update", "bridging-programme", "--note", "First cohort enrolled"),
        ("search", "bridging"),
        ("list", "--search", "bridging"),
        ("extract", "--help"),
    ],
)
def test_only_extract_imports_the_extraction_libraries(seeded, args):
    os.makedirs(os.environ["HOME"], exist_ok=True)
    loaded = _modules_after(*args)
    assert _extract_modules(loaded) == []


def test_extract_imports_what_the_file_needs(seeded, tmp_path):
    """A plain-text article: the engine and the matching, not the HTML or PDF readers."""
    os.makedirs(os.environ["HOME"], exist_ok=True)
    article = tmp_path / "article.txt"
    article.write_text(
        "Bridging programme\n\nThe government will launch a bridging programme by 2027.\n",
        "utf-8",
    )
    loaded = _modules_after("extract", str(article), "--format", "json")
    assert "tracker.extraction.engine" in loaded and "rapidfuzz" in loaded
    assert [m for m in _extract_modules(loaded) if m.split(".")[0] in EXTRACT_ONLY[1:5]] == []


@pytest.mark.parametrize(
    ("title", "loaded"), [("Northern Metropolis", False), ("北部都会区 Northern Metropolis", True)]
)
def test_pinyin_is_loaded_only_for_a_slug_made_from_chinese(seeded, title, loaded):
    os.makedirs(os.environ["HOME"], exist_ok=True)
    modules = _modules_after("add", title)
    assert ("pypinyin" in modules, "opencc" in modules) == (loaded, loaded)
    assert ok("list", "--count") == "14\n"


def test_parsing_a_date_does_load_the_grammar(seeded):
    os.makedirs(os.environ["HOME"], exist_ok=True)
    ok("list")  # sanity: the database is there
    loaded = _modules_after("list", "--due-before", "2027")
    assert "tracker.domain.deadlines" in loaded
    assert "dateparser" not in loaded  # the fallback is only for odd written dates


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--count"),
        ("--db", "{db}", "list", "--format", "json"),
        ("--db={db}", "show", "bridging-programme"),
        ("show",),
        ("nope",),
        ("parse-date", "by 2027"),
        ("update", "bridging-programme", "--progress", "x"),
        ("--version",),
        ("report", "--bad"),
    ],
)
def test_the_entry_point_building_one_command_behaves_as_the_whole_app(seeded, args):
    """main() builds only the command it runs; what it prints and returns is the same."""
    from helpers import run

    args = tuple(a.format(db=seeded) for a in args)
    whole = run(*args)
    os.makedirs(os.environ["HOME"], exist_ok=True)
    alone = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        capture_output=True,
        text=True,
        cwd=os.environ["HOME"],
        timeout=60,
    )
    assert (alone.returncode, alone.stdout, alone.stderr) == (
        whole.exit_code,
        whole.stdout,
        whole.stderr,
    )


def test_a_command_s_help_from_the_entry_point(seeded):
    os.makedirs(os.environ["HOME"], exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "list", "--help"],
        capture_output=True,
        text=True,
        cwd=os.environ["HOME"],
        timeout=60,
    )
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("Usage: tracker list [OPTIONS]\n")
    assert "--count" in done.stdout and "--status" in done.stdout


def test_one_command_is_built_when_the_line_names_one(monkeypatch):
    from tracker import cli

    for name in [n for n in os.environ if n.endswith("_COMPLETE")]:
        monkeypatch.delenv(name)
    assert cli._command_name(["--db", "x.db", "list", "--tag", "a"]) == "list"
    assert cli._command_name(["--db=x.db", "parse-date", "2027"]) == "parse-date"
    assert cli._command_name(["--help"]) is None and cli._command_name([]) is None
    group = cli._group_for("parse-date")
    assert sorted(group.commands) == ["parse-date"]
    assert cli._group_for("nope") is None
    assert len(cli.app.registered_commands) > 10  # the app itself keeps every command
    monkeypatch.setenv("_TRACKER_COMPLETE", "complete_bash")
    assert cli._command_name(["list"]) is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--help",), set()),
        (("list",), {"tracker.renderers.table", "tracker.renderers.phrasing"}),
        (("list", "--format", "json"), {"tracker.renderers.json"}),
        # text draws the window with the table module's console (colour where allowed)
        (
            ("parse-date", "2027"),
            {"tracker.renderers.text", "tracker.renderers.phrasing", "tracker.renderers.table"},
        ),
    ],
)
def test_only_the_chosen_renderer_is_imported(seeded, args, expected):
    """The registry names renderers by module: a command loads the one it draws with,
    and neither help nor a command loads shell completion's database look-up."""
    os.makedirs(os.environ["HOME"], exist_ok=True)
    loaded = _modules_after(*args)
    assert {m for m in loaded if m.startswith("tracker.renderers.")} == expected
    assert "tracker.ops.completion" not in loaded
