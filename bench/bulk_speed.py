"""Time tracker's bulk paths at 100,000 initiatives, beside Taskwarrior (issue 17).

    .venv/bin/python bench/bulk_speed.py              # 100,000 initiatives; ~10 minutes
    .venv/bin/python bench/bulk_speed.py --quick      # 10,000, to try it
    .venv/bin/python bench/bulk_speed.py --only calendar --only check

What it builds, in a temporary folder (none of it timed):

* a restore file: 100,000 initiatives cloned from tracker's own export of one
  initiative (each its own uuid, slug and title, its ``created`` entry, one tag of 60,
  one jurisdiction of 12, a day deadline between 2025 and 2028);
* the same items as new initiatives without history (bench/exchange_speed.py's
  import row), and as a Taskwarrior import file (description, due, tag, project,
  uuid, entry);
* 100,000 updates (``progress``, ``note``, ``ref``, ``on``) on random initiatives;
* for the report rows, bench/scale_db.py's database (tests/scaledata.py): 100,000
  initiatives and 1,000,000 history entries.

Each path runs in its own process, 3 times (``--runs``), taken in turn with
Taskwarrior's (A B A B A B) so that both see the same load on a shared machine; the
row gives the median wall time, the median CPU time (user + system: steadier than
the wall time when other work shares the cores) and the peak RSS of the hungriest
run. Imports start from an empty
database each time and apply from a copy of the restored one (the copy is not
timed); the second apply, on the applied database, records nothing. Calendar, list
and check read the applied database (100,000 initiatives, 200,000 entries).

Taskwarrior (2.6, ``apt-get install taskwarrior``) runs the same operation where it
has one, with its own TASKRC (confirmation off, gc on, hooks off) and TASKDATA:
``task import`` beside both imports, ``task export`` beside export and beside
``list --format json`` (both print every item as JSON), ``task count`` beside
``list --format csv`` as the cheapest query of every item. Each row prints the aim
(issue 17) and whether it is met. A path that fails prints its error; the bench
goes on.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from common import tracker_command

TODAY = "2026-11-22"
CREATED = "2026-01-15"  # the day the initiatives were created; the updates come after
REPORT_FORMATS = ("json", "terminal", "markdown", "html", "csv")
REPORT_MEMORY_MB = 300


# -- one process -------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mb: float
    error: str | None = None
    cpu: float = 0.0  # user + system seconds


def run_once(args: list[str], env: dict[str, str], stdin: Path | None = None) -> Run:
    """One process: wall seconds, its peak RSS (ru_maxrss of this child) and, if it
    failed, the last line of its standard error. Standard output goes to /dev/null.

    Linux carries the parent's peak RSS into a child it forks (and into one it
    vforks, at its exec): a child's ru_maxrss is never below the bench's own. So the
    bench keeps itself small (files written as they are generated, the large database
    built by another process), and prints its own peak at the end."""
    with tempfile.TemporaryFile() as err:
        source = open(stdin, "rb") if stdin else subprocess.DEVNULL  # noqa: SIM115
        try:
            before = time.perf_counter()
            process = subprocess.Popen(
                args, env=env, stdin=source, stdout=subprocess.DEVNULL, stderr=err
            )
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            elapsed = time.perf_counter() - before
        finally:
            if stdin:
                source.close()  # type: ignore[union-attr]
        error = None
        if process.returncode != 0:
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").strip().splitlines()
            error = f"exit {process.returncode}: {lines[-1] if lines else '(no message)'}"
    return Run(elapsed, usage.ru_maxrss / 1024, error, usage.ru_utime + usage.ru_stime)


@dataclass
class Figure:
    """The median of the runs of one path (or the error that stopped it)."""

    seconds: float | None = None
    peak_mb: float | None = None
    error: str | None = None
    runs: list[float] = field(default_factory=list)
    cpu: float | None = None


@dataclass
class Command:
    """One path to time: its command line, environment and untimed set-up."""

    args: list[str]
    env: dict[str, str]
    setup: Callable[[], None] | None = None


def timed(*commands: Command, runs: int) -> list[Figure]:
    """``runs`` runs of each command, taken in turn (A B A B A B) so that each sees
    the machine's load as the others do; ``setup`` (untimed) before each run. The
    first failure of a command ends its row, not the others'."""
    results: list[list[Run]] = [[] for _ in commands]
    errors: list[str | None] = [None for _ in commands]
    for _ in range(runs):
        for n, command in enumerate(commands):
            if errors[n]:
                continue
            try:
                if command.setup is not None:
                    command.setup()
                result = run_once(command.args, command.env)
            except Exception as error:  # a set-up or a launch that failed: say it, go on
                errors[n] = f"{type(error).__name__}: {error}"
                continue
            if result.error:
                errors[n] = result.error
                continue
            results[n].append(result)
    return [
        Figure(error=error)
        if error
        else Figure(
            statistics.median(r.seconds for r in done),
            max(r.peak_mb for r in done),
            runs=[round(r.seconds, 2) for r in done],
            cpu=statistics.median(r.cpu for r in done),
        )
        for done, error in zip(results, errors, strict=True)
    ]


# -- the data ------------------------------------------------------------------------------


def template_record(folder: Path, tracker: list[str]) -> dict:
    """One record of tracker's own export: an initiative with a day deadline, a tag
    and a jurisdiction, its ``created`` entry."""
    env = {**os.environ, "TRACKER_DB": str(folder / "template.db"), "TRACKER_TODAY": CREATED}
    subprocess.run([*tracker, "init"], env=env, check=True, capture_output=True)
    add = ["add", "Template", "--deadline", "2027-03-04", "--tag", "tag-00"]
    subprocess.run(
        [*tracker, *add, "--jurisdiction", "Jurisdiction 00"],
        env=env,
        check=True,
        capture_output=True,
    )
    out = subprocess.run(
        [*tracker, "export"], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.splitlines()[1])


def generate(folder: Path, items: int, template: dict, seed: int = 17) -> dict[str, Path]:
    """The restore file, the file of new initiatives, Taskwarrior's file and the
    updates (see the module's docstring)."""
    rng = random.Random(seed)
    paths = {
        name: folder / name
        for name in ("restore.jsonl", "new.jsonl", "tasks.json", "updates.jsonl")
    }
    tasks = paths["tasks.json"].open("w", encoding="utf-8")
    tasks.write("[")
    start = date(2025, 1, 1).toordinal()
    span = date(2028, 12, 31).toordinal() - start
    header = json.dumps({"format": "tracker-export", "version": 1}, separators=(",", ":"))
    with (
        paths["restore.jsonl"].open("w", encoding="utf-8") as restore,
        paths["new.jsonl"].open("w", encoding="utf-8") as new,
    ):
        restore.write(header + "\n")
        for n in range(items):
            due = date.fromordinal(start + rng.randint(0, span)).isoformat()
            tag, place = f"tag-{rng.randint(0, 59):02d}", f"Jurisdiction {rng.randint(0, 11):02d}"
            title = f"Initiative {n}: {rng.choice(['pilot', 'reform', 'plan'])} of payments"
            ident = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            window = {"text": due, "earliest": due, "latest": due, "precision": "day"}
            record = json.loads(json.dumps(template))
            entry = record["history"][0]
            record.update(
                uuid=ident,
                slug=f"init-{n}",
                title=title,
                deadline=window,
                baseline_deadline=window,
                tags=[tag],
                jurisdictions=[place],
            )
            entry["uuid"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            entry["changes"]["deadline"]["to"] = window
            restore.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
            new.write(
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
            tasks.write(",\n" if n else "\n")
            json.dump(
                {
                    "uuid": ident,
                    "description": title,
                    "status": "pending",
                    "due": due.replace("-", "") + "T000000Z",
                    "tags": [tag],
                    "project": place.replace(" ", "_"),
                    "entry": CREATED.replace("-", "") + "T000000Z",
                },
                tasks,
            )
    tasks.write("\n]\n")
    tasks.close()
    first = date.fromisoformat(CREATED).toordinal() + 1
    days = date.fromisoformat(TODAY).toordinal() - first
    with paths["updates.jsonl"].open("w", encoding="utf-8") as out:
        for n in range(items):
            line = {
                "initiative": f"init-{rng.randint(0, items - 1)}",
                "progress": rng.randint(0, 100),
                "note": f"weekly sync {n}",
                "ref": f"bench-{n}",
                "on": date.fromordinal(first + rng.randint(0, days)).isoformat(),
            }
            out.write(json.dumps(line) + "\n")
    return paths


# -- the table -------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    ours: Figure
    aim: str
    met: bool | None
    theirs: Figure | None = None
    their_name: str = ""


def judge(name: str, ours: Figure, theirs: Figure | None, their_name: str = "") -> Row:
    """The aim of issue 17 for the row, and whether ``ours`` meets it."""
    s, mb = ours.seconds, ours.peak_mb
    t = theirs.seconds if theirs is not None else None
    if name.startswith("import"):
        aim, met = "faster than task import", (s < t if s is not None and t else None)
    elif name == "export":
        aim, met = "within 1.5x task export", (s <= 1.5 * t if s is not None and t else None)
    elif name.startswith("apply the same"):
        aim, met = "<= 1 s", (s <= 1 if s is not None else None)
    elif name.startswith("apply") or name == "calendar":
        aim, met = "<= 3 s", (s <= 3 if s is not None else None)
    elif name == "report --format json":
        aim = f"<= 1.5 s, <= {REPORT_MEMORY_MB} MB"
        met = s <= 1.5 and mb <= REPORT_MEMORY_MB if s is not None and mb is not None else None
    elif name.startswith("report"):
        aim = f"<= {REPORT_MEMORY_MB} MB"
        met = mb <= REPORT_MEMORY_MB if mb is not None else None
    elif name.startswith("list"):
        aim, met = "<= 1.5 s", (s <= 1.5 if s is not None else None)
    elif name == "check":
        aim, met = "<= 2 s", (s <= 2 if s is not None else None)
    else:
        aim, met = "", None
    return Row(name, ours, aim, met, theirs, their_name)


def show(row: Row) -> None:
    def cell(figure: Figure | None) -> str:
        if figure is None:
            return ""
        if figure.error:
            return "failed"
        return f"{figure.seconds:6.2f} s {figure.cpu:6.2f} {figure.peak_mb:5.0f} MB"

    ratio = ""
    if row.theirs and row.theirs.seconds and row.ours.seconds is not None:
        ratio = f"{row.ours.seconds / row.theirs.seconds:5.2f}x"
        if row.theirs.cpu and row.ours.cpu is not None:
            ratio += f" {row.ours.cpu / row.theirs.cpu:5.2f}x"
    verdict = {True: "met", False: "NOT MET", None: "-"}[row.met]
    print(
        f"  {row.name:<44} {cell(row.ours):>24}  {row.their_name:<12} {cell(row.theirs):>24}"
        f"  {ratio:>13}  {row.aim:<26} {verdict}",
        flush=True,
    )
    for who, figure in (("tracker", row.ours), (row.their_name, row.theirs)):
        if figure is not None and figure.error:
            print(f"      {who} failed: {figure.error}", flush=True)


def markdown(rows: list[Row], items: int, entries: int) -> str:
    """The table again, as docs/performance.md shows it."""
    lines = [
        f"| path ({items:,} initiatives; report: {entries:,} entries) | tracker"
        " | cpu | peak | Taskwarrior 2.6 (cpu) | tracker / Taskwarrior (cpu) | aim | met |",
        "| --- | ---: | ---: | ---: | --- | ---: | --- | --- |",
    ]
    for row in rows:
        ours = "failed" if row.ours.error else f"{row.ours.seconds:.2f} s"
        cpu = "" if row.ours.error else f"{row.ours.cpu:.2f} s"
        peak = "" if row.ours.error else f"{row.ours.peak_mb:.0f} MB"
        theirs, ratio = "", ""
        if row.theirs is not None:
            theirs = (
                f"`{row.their_name}` failed"
                if row.theirs.error
                else f"`{row.their_name}` {row.theirs.seconds:.2f} s ({row.theirs.cpu:.2f} s)"
            )
            if row.theirs.seconds and row.ours.seconds is not None:
                ratio = f"{row.ours.seconds / row.theirs.seconds:.2f}"
                if row.theirs.cpu and row.ours.cpu is not None:
                    ratio += f" ({row.ours.cpu / row.theirs.cpu:.2f})"
        verdict = {True: "yes", False: "**no**", None: ""}[row.met]
        lines.append(
            f"| {row.name} | {ours} | {cpu} | {peak} | {theirs} | {ratio} | {row.aim} | {verdict} |"
        )
    return "\n".join(lines)


# -- the bench -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument(
        "--entries", type=int, default=1_000_000, help="history entries for the report rows"
    )
    parser.add_argument("--quick", action="store_true", help="10,000 items, 100,000 entries")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--only", action="append", default=[], help="rows whose name starts with this"
    )
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown too")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    if args.quick:
        args.items, args.entries = 10_000, 100_000
    folder = args.keep or Path(tempfile.mkdtemp(prefix="tracker-bulk-"))
    folder.mkdir(parents=True, exist_ok=True)
    tracker = tracker_command()
    has_task = shutil.which("task") is not None
    rows: list[Row] = []

    def wanted(name: str) -> bool:
        return not args.only or any(name.startswith(prefix) for prefix in args.only)

    def add(name: str, ours: Figure, theirs: Figure | None = None, their_name: str = "") -> None:
        row = judge(name, ours, theirs, their_name)
        rows.append(row)
        show(row)

    try:
        print(
            f"{args.items:,} initiatives; report: {args.entries:,} entries; median of"
            f" {args.runs}; python {sys.version.split()[0]}, {os.cpu_count()} cores;"
            f" load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}"
            f" {os.getloadavg()[2]:.2f}",
            flush=True,
        )
        where = subprocess.run(
            [sys.executable, "-c", "import tracker; print(tracker.__file__)"],
            capture_output=True,
            text=True,
            cwd=folder,
        )
        print(f"tracker from {Path(where.stdout.strip()).parent}", flush=True)
        if has_task:
            version = subprocess.run(["task", "--version"], capture_output=True, text=True)
            print(f"Taskwarrior {version.stdout.strip()}", flush=True)
        else:
            print("Taskwarrior: not installed (apt-get install taskwarrior); its column is empty")
        started = time.perf_counter()
        paths = generate(folder, args.items, template_record(folder, tracker))
        print(f"  (files generated in {time.perf_counter() - started:.1f} s)", flush=True)
        print(
            f"  {'path':<44} {'tracker: wall, cpu, peak':>24}  {'Taskwarrior':<12} {'':>24}"
            f"  {'ratio wall cpu':>13}  {'aim':<26} met",
            flush=True,
        )

        def env_for(db: Path) -> dict[str, str]:
            return {**os.environ, "TRACKER_DB": str(db), "TRACKER_TODAY": TODAY}

        empty = folder / "empty.db"
        subprocess.run([*tracker, "init"], env=env_for(empty), check=True, capture_output=True)
        work, restored, applied = folder / "work.db", folder / "restored.db", folder / "applied.db"

        def fresh(source: Path, target: Path) -> Callable[[], None]:
            def copy() -> None:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{target}{suffix}").unlink(missing_ok=True)
                shutil.copyfile(source, target)

            return copy

        # Taskwarrior: its own rc and data folder, emptied before each import.
        taskdata, taskrc = folder / "taskdata", folder / "taskrc"
        taskrc.write_text(
            f"data.location={taskdata}\nconfirmation=off\ngc=on\nhooks=off\nverbose=nothing\n"
            "news.version=2.6.2\n",
            encoding="utf-8",
        )
        task_env = {**os.environ, "TASKRC": str(taskrc), "TASKDATA": str(taskdata)}

        def empty_taskdata() -> None:
            shutil.rmtree(taskdata, ignore_errors=True)
            taskdata.mkdir()

        task_import = Command(
            ["task", "import", str(paths["tasks.json"])], task_env, empty_taskdata
        )

        def pair(
            name: str, ours: Command, theirs: Command | None = None, their_name: str = ""
        ) -> None:
            """A row: tracker's command and Taskwarrior's (if it is installed), in turn."""
            if not wanted(name):
                return
            if theirs is None or not has_task:
                add(name, timed(ours, runs=args.runs)[0])
                return
            mine, its = timed(ours, theirs, runs=args.runs)
            add(name, mine, its, their_name)

        def apply_file(db: Path) -> list[str]:
            return [*tracker, "apply", str(paths["updates.jsonl"])]

        pair(
            "import of an export with history",
            Command(
                [*tracker, "import", str(paths["restore.jsonl"])], env_for(work), fresh(empty, work)
            ),
            task_import,
            "task import",
        )
        pair(
            "import of new initiatives, no history",
            Command(
                [*tracker, "import", str(paths["new.jsonl"])], env_for(work), fresh(empty, work)
            ),
            task_import,
            "task import",
        )
        if has_task and not (taskdata / "pending.data").exists():
            task_import.setup()  # type: ignore[misc]
            run_once(task_import.args, task_env)  # the data the queries below read
        # the restored database, for the rows that follow (not timed)
        fresh(empty, restored)()
        done = run_once([*tracker, "import", str(paths["restore.jsonl"])], env_for(restored))
        if done.error:
            print(f"  restore failed ({done.error}); the rows below read an empty database")
        task_export = Command(["task", "export"], task_env)
        pair("export", Command([*tracker, "export"], env_for(restored)), task_export, "task export")
        pair(
            f"apply {args.items:,} updates",
            Command(apply_file(work), env_for(work), fresh(restored, work)),
        )
        fresh(restored, applied)()
        done = run_once(apply_file(applied), env_for(applied))
        if done.error:
            print(f"  apply failed ({done.error}); the rows below read the restored database")
        pair(
            "apply the same file again (records nothing)",
            Command(apply_file(applied), env_for(applied)),
        )
        pair("calendar", Command([*tracker, "calendar"], env_for(applied)))
        pair(
            "list --format json",
            Command([*tracker, "list", "--format", "json"], env_for(applied)),
            task_export,
            "task export",
        )
        pair(
            "list --format csv",
            Command([*tracker, "list", "--format", "csv"], env_for(applied)),
            Command(["task", "count"], task_env),
            "task count",
        )
        pair("check", Command([*tracker, "check"], env_for(applied)))
        if wanted("report"):
            big = folder / "report.db"
            if not big.exists():
                started = time.perf_counter()
                # bench/scale_db.py, in its own process: see run_once on the bench's memory
                subprocess.run(
                    [
                        sys.executable,
                        str(Path(__file__).with_name("scale_db.py")),
                        str(big),
                        "--initiatives",
                        str(args.items),
                        "--updates",
                        str(args.entries),
                    ],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                print(
                    f"  (report database of {args.entries:,} entries built in"
                    f" {time.perf_counter() - started:.1f} s)",
                    flush=True,
                )
            for fmt in REPORT_FORMATS:
                name = f"report --format {fmt}"
                if wanted(name):
                    pair(name, Command([*tracker, "report", "--format", fmt], env_for(big)))
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  (the bench's own peak: {own:.0f} MB, a floor for every peak above)")
        print(
            f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}"
            f" {os.getloadavg()[2]:.2f}",
            flush=True,
        )
        if args.markdown:
            print()
            print(markdown(rows, args.items, args.entries))
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
