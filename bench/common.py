"""What the bench scripts share: how to run tracker, and how to time one process."""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path


def tracker_command() -> list[str]:
    """The ``tracker`` beside this Python (the venv's), else ``python -m tracker``."""
    exe = Path(sys.executable).with_name("tracker")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "tracker"]


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
