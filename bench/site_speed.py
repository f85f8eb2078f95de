"""Time ``tracker site``: a whole build into an empty folder, a build with nothing
changed, and one after a single initiative changed.

    .venv/bin/python bench/site_speed.py                         # 10,000 / 100,000
    .venv/bin/python bench/site_speed.py --initiatives 2000 --updates 20000

The database is the scale benches' (``tests/scaledata.py``), built once into /tmp
and reused. Each build runs in its own process, as cron runs it; the bench prints
each one's wall time, peak memory and its summary line, and the size of the site.
The aims (issue 16): at 10,000 initiatives and 100,000 history entries, at most 30 s
from empty and 3 s when one initiative changed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from common import measure, tracker_command
from scaledata import build
from stresskit import environment

AIMS = {"from empty": 30.0, "one initiative changed": 3.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--initiatives", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=100_000)
    parser.add_argument("--site", type=Path, default=Path("/tmp/tracker-site-bench"))
    args = parser.parse_args(argv)
    db = Path(f"/tmp/tracker-site-{args.initiatives}-{args.updates}.db")
    if not db.exists():
        build(db, args.initiatives, args.updates, date(2026, 11, 1))
    work = db.with_suffix(".work.db")
    shutil.copyfile(db, work)
    env = environment(work)
    if args.site.exists():
        shutil.rmtree(args.site)
    tracker = tracker_command()
    site = [*tracker, "site", str(args.site)]
    print(f"{args.initiatives:,} initiatives, {args.updates:,} history entries")
    failed = False

    def timed(label: str) -> None:
        nonlocal failed
        seconds, rss, line = measure(site, env, keep_output=True)
        aim = AIMS.get(label)
        verdict = "" if aim is None else (" ok" if seconds <= aim else f" OVER {aim:.0f} s")
        failed |= aim is not None and seconds > aim
        print(f"  {label:<26} {seconds:6.2f} s  {rss / 1024:6.0f} MB{verdict}   {line}")

    timed("from empty")
    timed("nothing changed")
    subprocess.run(
        [
            *tracker,
            "update",
            f"initiative-{args.initiatives // 2}",
            "--progress",
            "55",
            "--note",
            "bench",
            "-q",
        ],
        env=env,
        check=True,
    )
    timed("one initiative changed")
    files = [p for p in args.site.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    print(f"  site: {len(files):,} files, {size / 1e6:.1f} MB")
    work.unlink()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
