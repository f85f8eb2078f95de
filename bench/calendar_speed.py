"""Time ``tracker calendar`` at scale, beside another tracker's in the same run.

    .venv/bin/python bench/calendar_speed.py                        # 100,000 initiatives
    .venv/bin/python bench/calendar_speed.py --reference /work/main/.venv/bin/tracker
    .venv/bin/python bench/calendar_speed.py --initiatives 10000 --runs 5

The database is the scale benches' (``tests/scaledata.py``: N initiatives, 10 N history
entries, built once into /tmp and copied aside, so an upgrade by an older or newer
tracker leaves the cached one alone). Each run is its own process writing the calendar
to a file (``--output``), with and without ``--base-url``; the bench prints the median
wall time of ``--runs`` runs (after a warm-up) and their median CPU time (which the
other processes on a shared machine change less), the peak memory of the hungriest run,
the file's size and the load average before and after. With ``--reference`` the same
commands run with that tracker too, interleaved, and both files must be the same bytes.
The aim (issue 17): at most 3 s at 100,000 initiatives.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

from common import measure, tracker_command
from scaledata import build
from stresskit import environment

AIM_S = 3.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reference", help="another tracker executable, timed alongside")
    args = parser.parse_args(argv)
    cached = Path(f"/tmp/tracker-calendar-{args.initiatives}.db")
    if not cached.exists():
        build(cached, args.initiatives, args.initiatives * 10, date(2026, 11, 1))
    folder = Path(tempfile.mkdtemp(prefix="tracker-calendar-"))
    try:
        db = folder / "work.db"
        shutil.copyfile(cached, db)
        env = environment(db)
        trackers = {"this": tracker_command()}
        if args.reference:
            trackers["reference"] = [args.reference]
        print(f"{args.initiatives:,} initiatives; load average {_load()}")
        failed = False
        for label, extra in (
            ("calendar", []),
            ("calendar --base-url", ["--base-url", "https://example.org/t"]),
        ):
            outputs = {name: folder / f"{name}.ics" for name in trackers}
            commands = {
                name: [*tracker, "calendar", *extra, "--output", str(outputs[name])]
                for name, tracker in trackers.items()
            }
            for command in commands.values():  # warm-up (and any schema upgrade)
                measure(command, env)
            times: dict[str, list[float]] = {name: [] for name in trackers}
            cpu: dict[str, list[float]] = {name: [] for name in trackers}
            peaks: dict[str, int] = {name: 0 for name in trackers}
            for _ in range(args.runs):
                for name, command in commands.items():
                    before = _children_cpu()
                    seconds, rss, _ = measure(command, env)
                    times[name].append(seconds)
                    cpu[name].append(_children_cpu() - before)
                    peaks[name] = max(peaks[name], rss)
            for name in trackers:
                median = statistics.median(times[name])
                verdict = ""
                if name == "this":
                    verdict = " ok" if median <= AIM_S else f" OVER {AIM_S:.0f} s"
                    failed |= median > AIM_S
                size = outputs[name].stat().st_size / 1e6
                print(
                    f"  {label:<22} {name:<10} {median:6.2f} s  (CPU"
                    f" {statistics.median(cpu[name]):5.2f} s)  {peaks[name] / 1024:5.0f} MB"
                    f"  {size:5.1f} MB{verdict}"
                )
            if args.reference and outputs["this"].read_bytes() != outputs["reference"].read_bytes():
                print("  the two calendars differ")
                failed = True
        print(f"load average {_load()}")
        return 1 if failed else 0
    finally:
        shutil.rmtree(folder)


def _children_cpu() -> float:
    """User and system seconds of the waited-for children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
