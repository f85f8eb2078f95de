"""The shell examples of README.md and docs/*.md run, in order, each page against its
own database: every `tracker` command exits 0 with nothing on stderr, and where a
`console` example shows the output, the output is exactly that."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ok, run

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
COMMANDS = DOCS / "commands.md"
PAGES = [README, *sorted(DOCS.glob("*.md"))]

#: Commands in the examples that are not tracker's (set-up, shell); not run here.
OTHER_COMMANDS = {
    *("python3", ".venv/bin/pip", ".venv/bin/pytest", "cat", "export", "unset", "rm"),
    *("pip", "datasette"),
}
TRACKER = {"tracker", ".venv/bin/tracker"}
MORE = "..."  # an output shown up to here; the rest is left out


@dataclass
class Step:
    words: list[str]
    output: list[str] | None  # None: not shown (an `sh` example)
    redirect: str | None = None  # `> FILE`: stdout goes to FILE


def _steps(words: list[str], output: list[str] | None) -> list[Step]:
    """One command line: `a && b` is two steps; `> FILE` redirects the last."""
    steps, current = [], []
    for word in [*words, "&&"]:
        if word == "&&":
            redirect = None
            if ">" in current:
                current, redirect = current[: current.index(">")], current[current.index(">") + 1]
            assert current[0] in TRACKER | OTHER_COMMANDS, current
            steps.append(Step(current, None, redirect))
            current = []
        else:
            current.append(word)
    steps[-1].output = output
    return steps


def _examples(page: Path) -> list[Step]:
    text = page.read_text(encoding="utf-8")
    steps: list[Step] = []
    for kind, body in re.findall(r"^```(sh|console)\n(.*?)^```", text, re.S | re.M):
        if kind == "sh":
            for line in body.replace("\\\n", " ").splitlines():
                words = shlex.split(line, comments=True)
                if words:
                    steps += _steps(words, None)
            continue
        lines = body.replace("\\\n", " ").splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith("$ ")]
        assert starts and starts[0] == 0, (page.name, body)
        for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
            steps += _steps(shlex.split(lines[start][2:]), lines[start + 1 : end])
    return steps


EXAMPLES = {page: _examples(page) for page in PAGES}


def _tracker_commands(page: Path) -> list[list[str]]:
    return [step.words for step in EXAMPLES[page] if step.words[0] in TRACKER]


def test_readme_has_examples():
    assert len(_tracker_commands(COMMANDS)) >= 10
    assert len(_tracker_commands(README)) >= 10


@pytest.mark.parametrize(
    "page",
    [page for page in PAGES if _tracker_commands(page)],
    ids=lambda page: str(page.relative_to(ROOT)),
)
def test_readme_examples_run_in_order(page, isolated, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")  # as shown in the examples
    if _tracker_commands(page)[0][1:2] != ["init"]:
        ok("init", "--seed")  # the reference pages' examples assume the seed initiatives
    for step in EXAMPLES[page]:
        command, *args = step.words
        if command == "export":
            for assignment in args:
                name, value = assignment.split("=", 1)
                monkeypatch.setenv(name, value)
        elif command == "cat" and step.output:  # `$ cat FILE` shows a file the next step reads
            Path(args[0]).write_text("\n".join(step.output) + "\n", encoding="utf-8")
        if command not in TRACKER:
            continue
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stderr == "", (args, result.stderr)
        if step.redirect:
            Path(step.redirect).write_text(result.stdout, encoding="utf-8")
        if step.output:
            shown = [line.rstrip() for line in step.output]
            printed = [line.rstrip() for line in result.stdout.splitlines()]
            if shown[-1] == MORE:
                shown, printed = shown[:-1], printed[: len(shown) - 1]
            assert printed == shown, (page.name, args)


@pytest.mark.parametrize(
    "command",
    [
        "init",
        "add",
        "list",
        "show",
        "update",
        "edit",
        "history",
        "remove",
        "apply",
        "import",
        "export",
        "report",
        "calendar",
        "feed",
        "site",
        "parse-date",
        "check",
        "backup",
    ],
)
def test_readme_lists_every_command(command):
    assert f"`tracker {command}" in COMMANDS.read_text(encoding="utf-8")
