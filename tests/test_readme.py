"""The README's command examples run, in order, against the seed database."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from helpers import run

README = Path(__file__).resolve().parent.parent / "README.md"


def _examples() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Commands") : text.index("## JSON output")]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    commands = []
    for line in block.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        if words:
            assert words[0] == "tracker", line
            if ">" in words:
                words = words[: words.index(">")]
            commands.append(words[1:])
    return commands


EXAMPLES = _examples()


def test_readme_has_examples():
    assert len(EXAMPLES) >= 10


def test_readme_examples_run_in_order(seeded):
    for args in EXAMPLES:
        result = run(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert result.stderr == "", (args, result.stderr)


@pytest.mark.parametrize(
    "command", ["init", "add", "list", "show", "update", "edit", "history", "remove"]
)
def test_readme_lists_every_command(command):
    assert f"`tracker {command}" in README.read_text(encoding="utf-8")
