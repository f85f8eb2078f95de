"""Everyday commands at scale, their growth with the database, and Taskwarrior beside them.

    .venv/bin/python bench/scale_speed.py                  # 1k, 10k and 100k initiatives
    .venv/bin/python bench/scale_speed.py --sizes 100000 --runs 7
    .venv/bin/python bench/scale_speed.py --no-peer         # without Taskwarrior

For each size a database of N initiatives and 10 N history rows is built by
``bench/scale_db.py`` (kept in /tmp between runs) and copied aside, so the writes
below do not pile up across runs. Each command runs ``--runs`` times in its own
process after one warm-up run; the bench prints the median wall time and the peak
memory of the hungriest run:

    list    tracker list --health overdue --tag tag-07 --limit 50
    count   tracker list --tag tag-07 --count
    show    tracker show initiative-<n>
    update  tracker update initiative-<n> --progress <p>
    add     tracker add "Bench item <k>" --tag tag-01 --deadline 2027-06-30
    report  tracker report --format json            (largest size only)

Targets at 100,000: each of list, show, update and add <= 150 ms, report <= 2 s,
every command <= 300 MB. The growth table shows the same commands at each size:
indexed commands stay flat.

With Taskwarrior 2.6 installed (``apt-get install taskwarrior``) the same
initiatives are imported as tasks (title, due = the deadline's latest day, tags,
project = first jurisdiction) and the equivalent commands are timed in the same
run: ``task +tag07 count``, ``task +OVERDUE +tag07 limit:50 list`` and
``task add`` (Taskwarrior's tags drop the hyphen, which it would read as a
minus); the bench prints each pair and the ratio (the aim: tracker at least 5
times faster).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import measure, median_run, tracker_command

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-01"  # scale_db.py builds its history up to this day
TARGET_S, TARGET_MB, REPORT_S = 0.150, 300, 2.0


def database(size: int) -> Path:
    path = (
        Path("/tmp/tracker-scale.db") if size == 100_000 else Path(f"/tmp/tracker-scale-{size}.db")
    )
    if not path.exists():
        subprocess.run(
            [
                sys.executable,
                str(HERE / "scale_db.py"),
                str(path),
                "--initiatives",
                str(size),
                "--updates",
                str(size * 10),
                "--today",
                TODAY,
            ],
            check=True,
        )
    return path


def tracker_commands(size: int, run: int) -> dict[str, list[str]]:
    """The commands, varied per run so updates and adds are real writes."""
    return {
        "list": ["list", "--health", "overdue", "--tag", "tag-07", "--limit", "50"],
        "count": ["list", "--tag", "tag-07", "--count"],
        "show": ["show", f"initiative-{size // 2 + run}"],
        "update": ["update", f"initiative-{size // 3 + run}", "--progress", str(run % 100)],
        "add": ["add", f"Bench item {run}", "--tag", "tag-01", "--deadline", "2027-06-30"],
    }


class Varied:
    """Runs a command family ``runs`` times with a different argument each time."""

    def __init__(self) -> None:
        self.counter = 0

    def __call__(
        self, base: list[str], name: str, size: int, env: dict[str, str], runs: int
    ) -> tuple[float, float]:
        results = []
        for attempt in range(runs + 1):
            self.counter += 1
            wall, rss, _ = measure([*base, *tracker_commands(size, self.counter)[name]], env)
            if attempt:  # the first is the warm-up
                results.append((wall, rss))
        return statistics.median(t for t, _ in results), max(r for _, r in results) / 1024


def taskwarrior_data(db: Path, folder: Path) -> Path:
    """The database's initiatives as a Taskwarrior import file."""
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT i.title, i.deadline_latest, i.tags_json, i.jurisdictions_json, i.status"
        " FROM initiatives i ORDER BY i.id"
    ).fetchall()
    conn.close()
    tasks = []
    for title, latest, tags, places, status in rows:
        # Taskwarrior reads "+tag-07" as an expression: its tags lose the hyphen.
        task = {
            "description": title,
            "status": "completed" if status == "achieved" else "pending",
            "entry": "20251101T000000Z",
            "tags": [tag.replace("-", "") for tag in json.loads(tags)],
        }
        if status == "achieved":
            task["end"] = "20261001T000000Z"
        if latest:
            task["due"] = latest.replace("-", "") + "T000000Z"
        if json.loads(places):
            task["project"] = json.loads(places)[0].replace(" ", "_")
        tasks.append(task)
    path = folder / "tasks.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    return path


def peer(
    db: Path, size: int, folder: Path, runs: int, ours: dict[str, float]
) -> list[tuple[str, float, float]]:
    env = {**os.environ, "TASKDATA": str(folder / "taskdata"), "TASKRC": os.devnull}
    task = ["task", "rc.confirmation=off", "rc.verbose=nothing", "rc.hooks=off", "rc.color=off"]
    seconds, _, _ = measure([*task, "import", str(taskwarrior_data(db, folder))], env)
    print(f"  Taskwarrior 2.6: imported {size:,} tasks in {seconds:.1f} s")
    pairs = []
    for label, args in (
        ("count", ["+tag07", "count"]),
        ("list", ["+OVERDUE", "+tag07", "limit:50", "list"]),
    ):
        theirs, _ = median_run([*task, *args], env, runs)
        pairs.append((label, theirs, ours[label]))
    adds = []
    for n in range(runs + 1):
        wall, _, _ = measure([*task, "add", f"Bench item {n}", "+tag01", "due:2027-06-30"], env)
        adds.append(wall)
    pairs.append(("add", statistics.median(adds[1:]), ours["add"]))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args(argv)
    base = tracker_command()
    varied = Varied()
    growth: dict[int, dict[str, float]] = {}
    failures = 0
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores; median of {args.runs}"
        " runs after one warm-up; peak memory of the hungriest run"
    )
    for size in sorted(args.sizes):
        folder = Path(tempfile.mkdtemp(prefix="tracker-scale-"))
        try:
            db = folder / "tracker.db"
            shutil.copy(database(size), db)
            env = {**os.environ, "TRACKER_DB": str(db), "TRACKER_TODAY": TODAY}
            env.pop("NO_COLOR", None)
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode cached
            print(f"{size:,} initiatives, {size * 10:,} history rows")
            growth[size] = {}
            names = ["list", "count", "show", "update", "add"]
            for name in names:
                median, peak = varied(base, name, size, env, args.runs)
                growth[size][name] = median
                verdict = ""
                if size == 100_000 and name != "count":
                    ok = median <= TARGET_S and peak <= TARGET_MB
                    failures += not ok
                    verdict = f"  target <= 150 ms, <= 300 MB: {'OK' if ok else 'OVER'}"
                print(f"  {name:<8} {median * 1000:7.0f} ms  {peak:5.0f} MB{verdict}")
            if size == max(args.sizes):
                median, peak = median_run([*base, "report", "--format", "json"], env, args.runs)
                ok = median <= REPORT_S and peak <= TARGET_MB
                failures += size == 100_000 and not ok
                print(
                    f"  {'report':<8} {median * 1000:7.0f} ms  {peak:5.0f} MB"
                    f"  target <= 2 s, <= 300 MB: {'OK' if ok else 'OVER'}"
                )
                if not args.no_peer and shutil.which("task"):
                    pairs = peer(db, size, folder, args.runs, growth[size])
                    for label, theirs, ours in pairs:
                        ratio = theirs / ours
                        print(
                            f"  {label:<6} Taskwarrior {theirs * 1000:7.0f} ms, tracker"
                            f" {ours * 1000:5.0f} ms: {ratio:5.1f}x"
                            f" {'(aim >= 5x: OK)' if ratio >= 5 else '(aim >= 5x: SHORT)'}"
                        )
                elif not args.no_peer:
                    print("  Taskwarrior is not installed: no peer figures")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    sizes = sorted(growth)
    print("\ngrowth (median ms)      " + "".join(f"{s:>10,}" for s in sizes))
    for name in ["list", "count", "show", "update", "add"]:
        print(f"  {name:<22}" + "".join(f"{growth[s][name] * 1000:10.0f}" for s in sizes))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
