"""A large tracker database, built fast: for the scale benches (bench/scale_db.py builds
one of 100,000 initiatives) and for the suite's query-plan test (a few thousand).

The schema comes from tracker itself (``open_database`` runs the migrations);
the rows are inserted with plain SQL in one transaction, as a bulk load would be,
so building takes seconds rather than the minutes a million ``tracker update``
calls would. The data is deterministic (a seeded random generator): the same
arguments give the same database.

Each initiative has 1-3 tags out of 60, 1-2 jurisdictions out of 12, 1-2 sponsors
out of 40, a deadline window of a day, month, quarter, half, year or plan period
between 2024 and 2030 (some with none), and a ``created`` entry. The updates
(effective 2023-01-01 .. the "today" given) move status and progress forward,
sometimes set confidence, and one in ten moves the deadline (mostly later).
"""

from __future__ import annotations

import json
import random
import sys
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

STATUSES = ["proposed", "announced", "in_progress", "achieved", "stalled", "abandoned"]
PRECISIONS = ["day", "month", "quarter", "half", "year", "multi-year"]


def window(rng: random.Random) -> dict[str, str] | None:
    if rng.random() < 0.15:
        return None
    year = rng.randint(2024, 2030)
    kind = rng.choice(PRECISIONS)
    if kind == "day":
        day = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
        start = end = day
        text = day.isoformat()
    elif kind == "month":
        month = rng.randint(1, 12)
        start = date(year, month, 1)
        end = (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)
        text = start.strftime("%B %Y")
    elif kind == "quarter":
        q = rng.randint(1, 4)
        start = date(year, 3 * q - 2, 1)
        end = (date(year + (q == 4), (3 * q) % 12 + 1, 1)) - timedelta(days=1)
        text = f"Q{q} {year}"
    elif kind == "half":
        h = rng.randint(1, 2)
        start, end = (
            (date(year, 1, 1), date(year, 6, 30))
            if h == 1
            else (date(year, 7, 1), date(year, 12, 31))
        )
        text = f"H{h} {year}"
    elif kind == "year":
        start, end = date(year, 1, 1), date(year, 12, 31)
        text = f"by {year}"
    else:
        start, end = date(2026, 1, 1), date(2030, 12, 31)
        text = "the 15th Five-Year Plan"
    return {
        "text": text,
        "earliest": start.isoformat(),
        "latest": end.isoformat(),
        "precision": kind,
    }


def recorded(count: int) -> str:
    """The recorded_at of the ``count``-th update: a microsecond after the one before,
    so that updates on one effective day replay in the order they were made (the
    history's order is effective day, clock, recorded_at, uuid)."""
    moment = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(microseconds=count)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def build(
    path: Path,
    initiatives: int,
    updates: int,
    today: date,
    seed: int = 7,
    prefix: str = "initiative",
) -> None:
    """Build the database at ``path``; its slugs are ``prefix-N``, N from 1."""
    from tracker.storage.database import open_database

    if path.exists():
        sys.exit(f"{path} exists; remove it first")
    rng = random.Random(seed)
    database = open_database(path)
    conn = database.conn
    start = time.perf_counter()
    now = "2026-11-01T00:00:00.000000Z"
    tags = [f"tag-{n:02d}" for n in range(60)]
    jurisdictions = [f"Jurisdiction {n:02d}" for n in range(12)]
    sponsors = [f"Sponsor {n:02d}" for n in range(40)]
    with database.write():
        for table, names in (
            ("tags", tags),
            ("jurisdictions", jurisdictions),
            ("sponsors", sponsors),
        ):
            conn.executemany(
                f"INSERT INTO {table} (id, name) VALUES (?, ?)", list(enumerate(names, start=1))
            )
        state: list[dict] = []
        rows, created, links = [], [], {"tags": [], "jurisdictions": [], "sponsors": []}
        for n in range(1, initiatives + 1):
            deadline = window(rng)
            announced = date(2023, 1, 1) + timedelta(days=rng.randint(0, 1000))
            status = rng.choice(STATUSES[:3])
            rows.append(
                (
                    n,
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    f"{prefix}-{n}",
                    f"{prefix.capitalize()} {n}: "
                    f"{rng.choice(['reform', 'programme', 'pilot', 'plan'])} "
                    f"of {rng.choice(['payments', 'green finance', 'talent', 'data', 'housing'])}",
                    "",
                    "measure",
                    status,
                    None,
                    None,
                    announced.isoformat(),
                    announced.isoformat(),
                    announced.isoformat(),
                    "day",
                    *(
                        deadline[k] if deadline else None
                        for k in ("text", "earliest", "latest", "precision")
                    ),
                    *(
                        deadline[k] if deadline else None
                        for k in ("text", "earliest", "latest", "precision")
                    ),
                    now,
                    now,
                )
            )
            created.append(
                (
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    n,
                    now,
                    announced.isoformat(),
                    "created",
                    status,
                    json.dumps(deadline) if deadline else None,
                    deadline["latest"] if deadline else None,
                )
            )
            for name, pool, most in (
                ("tags", 60, 3),
                ("jurisdictions", 12, 2),
                ("sponsors", 40, 2),
            ):
                for item in rng.sample(range(1, pool + 1), rng.randint(1, most)):
                    links[name].append((n, item))
            state.append(
                {
                    "status": status,
                    "progress": None,
                    "deadline": deadline,
                    "announced": announced,
                    "updated": now,
                }
            )
        conn.executemany(
            "INSERT INTO initiatives (id, uuid, slug, title, summary, kind, status, confidence,"
            " progress, announced_text, announced_date, announced_latest, announced_precision,"
            " deadline_text, deadline_earliest, deadline_latest, deadline_precision,"
            " baseline_text, baseline_earliest, baseline_latest, baseline_precision,"
            " created_at, updated_at) VALUES (" + ",".join("?" * 23) + ")",
            rows,
        )
        conn.executemany(
            "INSERT INTO updates (uuid, initiative_id, recorded_at, effective, event,"
            " status_to, deadline_to, deadline_to_latest) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            created,
        )
        for name, column in (
            ("tags", "tag_id"),
            ("jurisdictions", "jurisdiction_id"),
            ("sponsors", "sponsor_id"),
        ):
            conn.executemany(
                f"INSERT INTO initiative_{name} (initiative_id, {column}) VALUES (?, ?)",
                links[name],
            )
            # What repository.add_names keeps for each initiative: its names as JSON.
            conn.execute(
                f"UPDATE initiatives SET {name}_json = coalesce((SELECT json_group_array(name)"
                f" FROM (SELECT n.name FROM initiative_{name} l JOIN {name} n"
                f" ON n.id = l.{column} WHERE l.initiative_id = initiatives.id"
                " ORDER BY n.name COLLATE NOCASE)), '[]')"
            )

        # The updates, in effective order so that the stored current values end right.
        remaining = max(0, updates - initiatives)
        span = (today - date(2023, 1, 1)).days
        days = sorted(rng.randint(0, span) for _ in range(remaining))
        batch = []
        for count, offset in enumerate(days, start=1):
            n = rng.randint(1, initiatives)
            item = state[n - 1]
            effective = max(date(2023, 1, 1) + timedelta(days=offset), item["announced"])
            item["updated"] = recorded(count)
            if effective > today:
                effective = today
            row = {
                "status_from": None,
                "status_to": None,
                "progress_from": None,
                "progress_to": None,
                "deadline_from": None,
                "deadline_to": None,
                "deadline_to_latest": None,
                "note": None,
            }
            roll = rng.random()
            if roll < 0.5:
                progress = min(100, (item["progress"] or 0) + rng.randint(1, 15))
                row.update(progress_from=item["progress"], progress_to=progress)
                item["progress"] = progress
            elif roll < 0.8:
                status = rng.choice(STATUSES)
                if status != item["status"]:
                    row.update(status_from=item["status"], status_to=status)
                    item["status"] = status
                else:
                    row["note"] = "no change"
            elif roll < 0.9 and item["deadline"] is not None:
                old = item["deadline"]
                later = date.fromisoformat(old["latest"]) + timedelta(days=rng.randint(-30, 365))
                new = {
                    "text": later.isoformat(),
                    "earliest": later.isoformat(),
                    "latest": later.isoformat(),
                    "precision": "day",
                }
                row.update(
                    deadline_from=json.dumps(old),
                    deadline_to=json.dumps(new),
                    deadline_to_latest=new["latest"],
                )
                item["deadline"] = new
            else:
                row["note"] = rng.choice(["Press release", "LegCo question", "Speech"])
            batch.append(
                (
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    n,
                    recorded(count),
                    effective.isoformat(),
                    "update",
                    row["status_from"],
                    row["status_to"],
                    row["progress_from"],
                    row["progress_to"],
                    row["deadline_from"],
                    row["deadline_to"],
                    row["deadline_to_latest"],
                    row["note"],
                )
            )
            if len(batch) == 50_000:
                _insert_updates(conn, batch)
                batch = []
        _insert_updates(conn, batch)
        conn.executemany(
            "UPDATE initiatives SET status = ?, progress = ?, deadline_text = ?,"
            " deadline_earliest = ?, deadline_latest = ?, deadline_precision = ?,"
            " updated_at = ? WHERE id = ?",
            [
                (
                    item["status"],
                    item["progress"],
                    *(
                        item["deadline"][k] if item["deadline"] else None
                        for k in ("text", "earliest", "latest", "precision")
                    ),
                    item["updated"],
                    n,
                )
                for n, item in enumerate(state, start=1)
            ],
        )
    conn.execute("ANALYZE")
    database.close()
    print(
        f"built {path}: {initiatives:,} initiatives, {max(updates, initiatives):,} history"
        f" rows in {time.perf_counter() - start:.1f} s"
    )


def _insert_updates(conn, batch: list[tuple]) -> None:
    conn.executemany(
        "INSERT INTO updates (uuid, initiative_id, recorded_at, effective, event, status_from,"
        " status_to, progress_from, progress_to, deadline_from, deadline_to,"
        " deadline_to_latest, note) VALUES (" + ",".join("?" * 13) + ")",
        batch,
    )
