"""What the bench scripts share: how to run tracker, and how to time one process.

Importing it puts tests/ on the path: the code the suite and the benches share (how to
run tracker, the stress runs, the large database builder) lives there, since the
suite may not import from bench/.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from stresskit import tracker_command  # noqa: F401 - the benches' way to run tracker


def measure(
    args: list[str], env: dict[str, str], *, check: bool = True, keep_output: bool = False
) -> tuple[float, int, str]:
    """Run one process: wall seconds, its peak RSS in KB (ru_maxrss of this child only),
    and its stdout's last line when ``keep_output`` (else stdout goes to /dev/null)."""
    read = write = None
    if keep_output:
        read, write = os.pipe()
    before = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child
        if write is not None:
            os.close(read)
            os.dup2(write, 1)
        else:
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        os.execvpe(args[0], args, env)
    text = ""
    if read is not None:
        os.close(write)
        with os.fdopen(read) as out:
            text = out.read()
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - before
    if check and os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(args)}")
    lines = text.strip().splitlines()
    return elapsed, usage.ru_maxrss, lines[-1] if lines else ""


def median_run(args: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Run one command ``runs`` times after a warm-up run: the median wall seconds and
    the peak RSS of the hungriest run, in MB."""
    measure(args, env)
    results = [measure(args, env)[:2] for _ in range(runs)]
    return statistics.median(t for t, _ in results), max(r for _, r in results) / 1024


def run_machine(machine: Any, examples: int, steps: int) -> tuple[int, bool, float]:
    """Run a hypothesis state machine class at the size asked, counting the machines
    it makes (shrinking included): (machines, whether a violation was found (printed
    on stderr), seconds)."""
    from hypothesis import HealthCheck, settings
    from hypothesis.stateful import run_state_machine_as_test

    made = 0
    original_init = machine.__init__

    def counting_init(self: Any) -> None:
        nonlocal made
        made += 1
        original_init(self)

    machine.__init__ = counting_init
    started = time.perf_counter()
    failed = False
    try:
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=examples,
                stateful_step_count=steps,
                deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
    except (AssertionError, ExceptionGroup) as error:
        failed = True
        print(error, file=sys.stderr)
    finally:
        machine.__init__ = original_init
    return made, failed, time.perf_counter() - started
