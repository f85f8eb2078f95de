"""Time `tracker import` and `tracker apply` at 100,000 lines, beside Taskwarrior.

    .venv/bin/python bench/exchange_speed.py            # 100,000 items
    .venv/bin/python bench/exchange_speed.py --items 10000

The same generated items (title, status, an ISO deadline, a tag, a project or
jurisdiction) are written as a tracker import file (JSON Lines) and as a
Taskwarrior import file (a JSON array), then imported into empty stores:
``tracker import`` and ``task import`` (Taskwarrior 2.6, `apt-get install
taskwarrior`; skipped when ``task`` is not on PATH). Then ``tracker apply``
runs as many updates (progress, status with a note, or a new deadline), each
with a ref, on the imported database, twice: the second run must record
nothing. Each command runs once, in its own process; the bench prints wall
times, peak memory and the ratio to Taskwarrior, against the targets (import
<= 3 s, apply <= 5 s).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
from pathlib import Path

from common import measure, tracker_command


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
            due = f"{rng.randint(2025, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
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
            ref = {"initiative": f"init-{rng.randint(0, items - 1)}", "ref": f"bench-{n}"}
            roll = rng.random()
            if roll < 0.5:
                ref["progress"] = rng.randint(0, 100)
            elif roll < 0.8:
                ref.update(status=rng.choice(["in_progress", "stalled"]), note="weekly sync")
            else:
                ref["deadline"] = rng.choice(["2027-06-30", "Q3 2027", "by 2028"])
            out.write(json.dumps(ref) + "\n")
    return tracker_file, task_file, apply_file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="tracker-exchange-"))
    try:
        tracker_file, task_file, apply_file = generate(folder, args.items)
        env = {
            **os.environ,
            "TRACKER_DB": str(folder / "tracker.db"),
            "TRACKER_TODAY": "2026-11-22",
        }
        tracker = tracker_command()
        measure([*tracker, "init"], env)
        print(f"{args.items:,} items; python {sys.version.split()[0]}, {os.cpu_count()} cores")
        t_import, rss, said = measure(
            [*tracker, "import", str(tracker_file)], env, keep_output=True
        )
        print(
            f"  tracker import     {t_import:7.2f} s  {rss / 1024:5.0f} MB  target <= 3 s:"
            f" {'OK' if t_import <= 3 else 'OVER'}   ({said})"
        )
        if shutil.which("task"):
            task_env = {**os.environ, "TASKDATA": str(folder / "taskdata"), "TASKRC": os.devnull}
            t_task, rss, _ = measure(
                [
                    "task",
                    "rc.confirmation=off",
                    "rc.verbose=nothing",
                    "rc.hooks=off",
                    "import",
                    str(task_file),
                ],
                task_env,
            )
            print(
                f"  task import        {t_task:7.2f} s  {rss / 1024:5.0f} MB"
                f"   Taskwarrior / tracker = {t_task / t_import:.2f}"
            )
        else:
            print("  task import        skipped: Taskwarrior is not installed")
        for run in ("first", "second"):
            t_apply, rss, said = measure(
                [*tracker, "apply", str(apply_file)], env, keep_output=True
            )
            print(
                f"  tracker apply ({run}) {t_apply:6.2f} s  {rss / 1024:5.0f} MB"
                f"  target <= 5 s: {'OK' if t_apply <= 5 else 'OVER'}   ({said})"
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
