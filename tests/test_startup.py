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

HEAVY = ("tracker.domain.deadlines", "dateparser", "sqlite_utils", "pydantic", "icalendar")

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
    "args", [("--help",), ("list",), ("list", "--format", "json"), ("show", "bridging-programme")]
)
def test_read_commands_import_nothing_heavy(seeded, args):
    os.makedirs(os.environ["HOME"], exist_ok=True)
    loaded = _modules_after(*args)
    assert [m for m in HEAVY if m in loaded] == []


def test_parsing_a_date_does_load_the_grammar(seeded):
    os.makedirs(os.environ["HOME"], exist_ok=True)
    ok("list")  # sanity: the database is there
    loaded = _modules_after("list", "--due-before", "2027")
    assert "tracker.domain.deadlines" in loaded
    assert "dateparser" not in loaded  # the fallback is only for odd written dates
