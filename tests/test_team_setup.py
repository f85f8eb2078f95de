"""The README's "Working as a team" set-up, run as written with real git: a bare
repository and two machines (two clones, each with its own database); their updates
meet, and both end with the same export."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
from helpers import ok

README = Path(__file__).resolve().parent.parent / "README.md"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _set_up_commands() -> list[list[str]]:
    text = README.read_text(encoding="utf-8")
    (block,) = re.findall(r"<!-- team-setup -->\n```shell\n(.*?)```", text, re.S)
    return [shlex.split(line, comments=True) for line in block.splitlines()]


def test_the_readme_set_up_is_four_commands_and_a_cron_line() -> None:
    commands = _set_up_commands()
    assert [c[:2] for c in commands] == [
        ["git", "init"],
        ["git", "clone"],
        ["tracker", "sync"],
        ["crontab", "-e"],
    ]
    text = README.read_text(encoding="utf-8")
    assert "*/15 * * * * cd ~ && tracker sync team --git --quiet" in text


def test_two_machines_set_up_as_the_readme_says_converge(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    for name in ("HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    (tmp_path / "home").mkdir()
    server, machines = tmp_path / "server", [tmp_path / "laptop", tmp_path / "desktop"]
    server.mkdir()
    init, clone, sync, _ = _set_up_commands()
    subprocess.run(init, cwd=server, check=True, capture_output=True)
    for machine in machines:
        machine.mkdir()
        url = str(server / init[-1])
        subprocess.run([*clone[:2], url, clone[3]], cwd=machine, check=True, capture_output=True)
    laptop, desktop = machines
    monkeypatch.setenv("TRACKER_DB", str(laptop / "tracker.db"))
    ok("init", "--seed")
    monkeypatch.chdir(laptop)
    ok(*sync[1:])
    monkeypatch.setenv("TRACKER_DB", str(desktop / "tracker.db"))
    monkeypatch.chdir(desktop)
    assert ok(*sync[1:], "--format", "json").count('"received": 13') == 1
    ok("update", "bridging-programme", "--progress", "30")
    ok(*sync[1:])
    monkeypatch.setenv("TRACKER_DB", str(laptop / "tracker.db"))
    monkeypatch.chdir(laptop)
    ok("update", "bridging-programme", "--status", "in_progress")
    ok(*sync[1:])
    monkeypatch.setenv("TRACKER_DB", str(desktop / "tracker.db"))
    monkeypatch.chdir(desktop)
    ok(*sync[1:])
    exports = []
    for machine in machines:
        monkeypatch.setenv("TRACKER_DB", str(machine / "tracker.db"))
        exports.append(ok("export"))
        shown = json.loads(ok("show", "bridging-programme", "--format", "json"))
        assert (shown["status"], shown["progress"]) == ("in_progress", 30)
        status = subprocess.run(
            ["git", "status", "--porcelain"],
            cwd=machine / "team",
            check=True,
            capture_output=True,
            text=True,
        )
        assert status.stdout == ""
    assert exports[0] == exports[1]
