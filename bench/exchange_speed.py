"""Time the bulk paths at 100,000 items, beside Taskwarrior: `tracker import` of new
initiatives, `tracker export`, `tracker import` of that export into an empty
database (every record with its history), `tracker apply` of as many updates, and
the same file applied again.

    .venv/bin/python bench/exchange_speed.py                  # 100,000 items, 3 runs
    .venv/bin/python bench/exchange_speed.py --items 10000 --runs 1
    .venv/bin/python bench/exchange_speed.py --reference /path/to/older/checkout

The same generated items (title, status, a day deadline between 2025 and 2028, a
tag, a jurisdiction or project) are written as a tracker import file (JSON Lines)
and as a Taskwarrior import file (a JSON array). Each run: ``tracker import`` of
them into an empty database, ``tracker export`` of it, ``tracker import`` of that
export into another empty database, ``tracker apply`` of as many updates (progress,
a note, a ref and a day ``on``) and the same file again (it records nothing);
``task import`` and ``task export`` (Taskwarrior 2.6, `apt-get install
taskwarrior`; skipped when ``task`` is not on PATH) of the same items. With
``--reference``, the same steps run with that checkout's tracker too (its
``tracker`` package run as ``python -m tracker``), in the same runs, so the ratio
stays meaningful when the machine is busy. Each command runs in its own process;
the bench prints the median wall time of the runs, the peak memory, and the load
average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from common import measure, tracker_command

#: What each step aims at: a time in seconds, or (another step, a ratio of it).
AIMS: dict[str, tuple[str, float] | float] = {
    "import new": ("task import", 1.0),
    "import export": ("task import", 1.0),
    "export": ("task export", 1.5),
    "apply": 3.0,
    "apply again": 1.0,
}


def generate(folder: Path, items: int, seed: int = 11) -> tuple[Path, Path, Path]:
    rng = random.Random(seed)
    tracker_file, task_file, apply_file = (
        folder / "items.jsonl",
        folder / "tasks.json",
        folder / "updates.jsonl",
    )
    tasks = []
    with tracker_file.open("w", encoding="utf-8") as out:
        for n in range(items):
            due = f"{rng.randint(2025, 2028)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            tag, place = f"tag-{rng.randint(0, 59)}", f"J{rng.randint(0, 11)}"
            title = f"Initiative {n}: {rng.choice(['pilot', 'reform', 'plan'])} of payments"
            out.write(
                json.dumps(
                    {
                        "title": title,
                        "slug": f"init-{n}",
                        "status": "announced",
                        "deadline": due,
                        "tags": [tag],
                        "jurisdictions": [place],
                    }
                )
                + "\n"
            )
            tasks.append(
                {
                    "description": title,
                    "status": "pending",
                    "due": due.replace("-", "") + "T000000Z",
                    "tags": [tag],
                    "project": place,
                    "entry": "20251101T000000Z",
                }
            )
    task_file.write_text(json.dumps(tasks), encoding="utf-8")
    with apply_file.open("w", encoding="utf-8") as out:
        for n in range(items):
            line = {
                "initiative": f"init-{rng.randint(0, items - 1)}",
                "progress": rng.randint(0, 100),
                "note": f"weekly sync {n}",
                "ref": f"bench-{n}",
                "on": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
            }
            out.write(json.dumps(line) + "\n")
    return tracker_file, task_file, apply_file


def tracker_steps(
    tracker: list[str], env: dict[str, str], folder: Path, files: tuple[Path, Path, Path]
) -> dict[str, tuple[float, int]]:
    """One run of tracker's five steps, each in its own process: (seconds, KB)."""
    items, _, updates = files
    first, second, exported = folder / "a.db", folder / "b.db", folder / "export.jsonl"
    for path in (first, second, exported):
        path.unlink(missing_ok=True)
    out: dict[str, tuple[float, int]] = {}

    def step(name: str, args: list[str], db: Path) -> None:
        seconds, rss, _ = measure([*tracker, *args], {**env, "TRACKER_DB": str(db)})
        out[name] = (seconds, rss)

    measure([*tracker, "init"], {**env, "TRACKER_DB": str(first)})
    measure([*tracker, "init"], {**env, "TRACKER_DB": str(second)})
    step("import new", ["import", str(items)], first)
    step("export", ["export", "--output", str(exported)], first)
    step("import export", ["import", str(exported)], second)
    step("apply", ["apply", str(updates)], first)
    step("apply again", ["apply", str(updates)], first)
    return out


def task_steps(folder: Path, task_file: Path) -> dict[str, tuple[float, int]]:
    data = folder / "taskdata"
    shutil.rmtree(data, ignore_errors=True)
    env = {**os.environ, "TASKDATA": str(data), "TASKRC": os.devnull}
    task = ["task", "rc.confirmation=off", "rc.verbose=nothing", "rc.hooks=off"]
    seconds, rss, _ = measure([*task, "import", str(task_file)], env)
    out = {"task import": (seconds, rss)}
    seconds, rss, _ = measure([*task, "export"], env)
    out["task export"] = (seconds, rss)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--reference", type=Path, help="a checkout whose tracker runs the same steps"
    )
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="tracker-exchange-"))
    print(f"{args.items:,} items; python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    try:
        files = generate(folder, args.items)
        env = {**os.environ, "TRACKER_TODAY": "2026-11-22", "NO_COLOR": "1"}
        trackers = {"tracker": (tracker_command(), env)}
        if args.reference is not None:
            reference_env = {**env, "PYTHONPATH": str(args.reference.resolve())}
            trackers["reference"] = ([sys.executable, "-m", "tracker"], reference_env)
        times: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for _ in range(args.runs):
            for who, (command, tracker_env) in trackers.items():
                for name, value in tracker_steps(command, tracker_env, folder, files).items():
                    times[f"{who}:{name}"].append(value)
            if shutil.which("task"):
                for name, value in task_steps(folder, files[1]).items():
                    times[name].append(value)
        median = {name: statistics.median(t for t, _ in runs) for name, runs in times.items()}
        for name, runs in times.items():
            label = name.removeprefix("tracker:")
            peak = max(rss for _, rss in runs) / 1024
            line = f"  {label:26} {median[name]:7.2f} s  {peak:5.0f} MB"
            aim = AIMS.get(label)
            if isinstance(aim, tuple) and aim[0] in median:
                limit = median[aim[0]] * aim[1]
                verdict = "OK" if median[name] <= limit else "OVER"
                line += f"  aim <= {aim[1]:g} x {aim[0]} ({limit:.2f} s): {verdict}"
            elif isinstance(aim, float):
                line += f"  aim <= {aim:g} s: {'OK' if median[name] <= aim else 'OVER'}"
            print(line)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
