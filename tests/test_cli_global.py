"""What every command shares: help, --version, TRACKER_TODAY, shell completion,
--quiet and --format json."""

from __future__ import annotations

import json

import pytest
from helpers import ok, run


def test_help_has_examples():
    for command in ("init", "add", "list", "show", "update", "edit", "history", "remove"):
        out = ok(command, "--help")
        assert "Example: tracker " + command in " ".join(out.split()), command


def test_version_and_no_args():
    assert ok("--version").startswith("tracker ")
    assert "Commands" in ok()


def test_today_override_must_be_iso(monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "tomorrow")
    result = run("list")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: TRACKER_TODAY must be an ISO date (YYYY-MM-DD), not 'tomorrow'\n",
    )


def test_shell_completion_offers_slugs(seeded):
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "_TRACKER_COMPLETE": "complete_bash",
        "COMP_WORDS": "tracker show fin",
        "COMP_CWORD": "2",
    }
    result = subprocess.run(
        [sys.executable, "-c", "from tracker.cli import main; main()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.split() == [
        "fintech-hub-action-plan",
        "fintech-hub-data-platforms",
        "fintech-hub-digital-finance",
        "fintech-hub-green-finance",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["init"],
        ["add", "Quiet one"],
        ["list"],
        ["show", "bridging-programme"],
        ["history", "bridging-programme"],
        ["update", "bridging-programme", "--progress", "5"],
        ["edit", "bridging-programme", "--add-tag", "quiet"],
        ["parse-date", "2027"],
        ["report"],
        ["calendar"],
        ["feed"],
        ["export"],
        ["check"],
        ["list", "--count"],
        ["remove", "offshore-rmb-centre", "--yes"],
    ],
)
def test_every_command_takes_quiet(seeded, args):
    for flag in ("--quiet", "-q"):
        result = run(*args, flag)
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), (args, flag)
        if args[0] == "remove":
            break
    failed = run("show", "no-such-initiative", "--quiet")
    assert failed.exit_code == 2 and failed.stderr.startswith("error: no initiative matches")


def test_quiet_anywhere_among_the_options_and_help_still_helps(seeded, tmp_path):
    assert run("list", "-q", "--tag", "talent").stdout == ""
    assert run("backup", "-q", str(tmp_path / "b.db")).stdout == ""
    for args in (("list", "-q", "--help"), ("list", "--help", "-q")):
        result = run(*args)
        assert result.exit_code == 0 and result.stdout.startswith("Usage: tracker list ")


def test_init_add_and_remove_speak_json(seeded):
    assert json.loads(ok("init", "--seed", "-f", "json")) == {
        "database": str(seeded),
        "seeded": [],
        "already_present": 13,
    }
    added = json.loads(ok("add", "Json one", "--deadline", "2027", "-f", "json"))
    assert (added["slug"], added["deadline"]["latest"], added["health"]) == (
        "json-one",
        "2027-12-31",
        "on_track",
    )
    assert json.loads(ok("remove", "json-one", "--yes", "-f", "json")) == {
        "removed": "json-one",
        "uuid": added["uuid"],
        "children_detached": 0,
    }
    assert run("add", "x", "-f", "xml").stderr == (
        "error: unknown format 'xml'; choose from text, json\n"
    )
