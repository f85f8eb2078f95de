"""Replica logs for ``tracker sync``, written directly: for the sync bench
(bench/sync_speed.py: a million entries over ten replicas) and for the suite.

The lines follow the log format of tracker sync (issue 13): a header line, then one
object per line with ``replica`` (the file's id), ``clock`` (a Lamport clock),
``initiative`` (its uuid) and ``op``; an ``entry`` line carries a history entry as ``tracker history
--format json`` gives it, minus ``retracted`` and ``amended``, and a ``created``
entry's line also carries the initiative's initial ``fields``.

The clocks come from one global counter, so every replica's lines are in increasing
clock order and every update comes after the ``created`` line of its initiative, as
if each replica had synced before it wrote. Everything is seeded: the same arguments
give the same files.
"""

from __future__ import annotations

import json
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from scaledata import STATUSES, window

#: recorded_at of clock 0; each clock tick is one second later.
EPOCH = datetime(2026, 10, 1, tzinfo=UTC)


def new_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def header(replica: str) -> str:
    return json.dumps({"format": "tracker-log", "version": 1, "replica": replica}) + "\n"


def log_path(folder: Path, replica: str) -> Path:
    return folder / "log" / f"{replica}.jsonl"


def _when(clock: int) -> tuple[str, str]:
    moment = EPOCH + timedelta(seconds=clock)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), moment.date().isoformat()


def entry(
    rng: random.Random,
    clock: int,
    event: str,
    changes: dict[str, Any],
    note: str | None = None,
    author: str = "bench",
) -> dict[str, Any]:
    """A history entry in the ``history --format json`` shape (no retracted/amended)."""
    recorded, effective = _when(clock)
    return {
        "uuid": new_uuid(rng),
        "event": event,
        "recorded_at": recorded,
        "effective": effective,
        "changes": changes,
        "note": note,
        "source": None,
        "ref": None,
        "author": author,
        "target": None,
    }


def line(replica: str, clock: int, initiative: str, item: dict[str, Any], **extra: Any) -> str:
    return (
        json.dumps(
            {"replica": replica, "clock": clock, "initiative": initiative, "op": "entry"}
            | {"entry": item}
            | extra,
            separators=(",", ":"),
        )
        + "\n"
    )


@dataclass
class _State:
    status: str
    progress: int | None = None
    deadline: dict[str, str] | None = None


def created(rng: random.Random, replica: str, clock: int, slug: str) -> tuple[str, str, _State]:
    """A ``created`` line for a new initiative: its uuid, the line, its state."""
    initiative = new_uuid(rng)
    status = rng.choice(STATUSES[:3])
    deadline = window(rng)
    changes: dict[str, Any] = {"status": {"from": None, "to": status}}
    if deadline is not None:
        changes["deadline"] = {"from": None, "to": deadline}
    fields = {
        "slug": slug,
        "title": f"{slug.replace('-', ' ').capitalize()}: a pilot of "
        f"{rng.choice(['payments', 'green finance', 'talent', 'data', 'housing'])}",
        "summary": "",
        "kind": "measure",
        "announced": None,
        "parent": None,
        "tags": sorted(f"tag-{n:02d}" for n in rng.sample(range(60), rng.randint(1, 3))),
        "jurisdictions": sorted(
            f"Jurisdiction {n:02d}" for n in rng.sample(range(12), rng.randint(1, 2))
        ),
        "sponsors": sorted(f"Sponsor {n:02d}" for n in rng.sample(range(40), rng.randint(1, 2))),
        "sources": [],
    }
    text = line(replica, clock, initiative, entry(rng, clock, "created", changes), fields=fields)
    return initiative, text, _State(status, None, deadline)


def update_changes(rng: random.Random, state: _State | None) -> tuple[dict[str, Any], str | None]:
    """What one update changes, moving ``state`` on (None: an initiative whose current
    values are not known here, so every ``from`` is null and only progress moves)."""
    if state is None:
        return {"progress": {"from": None, "to": rng.randint(0, 100)}}, None
    roll = rng.random()
    if roll < 0.5:
        progress = min(100, (state.progress or 0) + rng.randint(1, 15))
        if progress != state.progress:
            changes = {"progress": {"from": state.progress, "to": progress}}
            state.progress = progress
            return changes, None
    elif roll < 0.8:
        status = rng.choice(STATUSES)
        if status != state.status:
            changes = {"status": {"from": state.status, "to": status}}
            state.status = status
            return changes, None
    elif roll < 0.9 and state.deadline is not None:
        later = datetime.fromisoformat(state.deadline["latest"]) + timedelta(
            days=rng.randint(1, 365)
        )
        day = later.date().isoformat()
        new = {"text": day, "earliest": day, "latest": day, "precision": "day"}
        changes = {"deadline": {"from": state.deadline, "to": new}}
        state.deadline = new
        return changes, None
    return {}, rng.choice(["Press release", "LegCo question", "Speech"])


@dataclass
class Logs:
    """What :func:`write_logs` wrote."""

    replicas: list[str]
    initiatives: list[str]
    entries: int
    last_clock: int
    by_replica: dict[str, int] = field(default_factory=dict)


def write_logs(
    folder: Path,
    replicas: int | list[str],
    initiatives: int,
    entries: int,
    seed: int = 11,
    prefix: str = "synced",
) -> Logs:
    """Logs in ``folder/log`` for ``replicas`` (a count, or their ids) holding
    ``initiatives`` new initiatives (slugs ``prefix-N``, created round robin) and
    ``entries`` history entries in all, the ``created`` ones included: the rest are
    updates by random replicas on random initiatives created before them."""
    rng = random.Random(seed)
    ids = [new_uuid(rng) for _ in range(replicas)] if isinstance(replicas, int) else replicas
    (folder / "log").mkdir(parents=True, exist_ok=True)
    files: dict[str, TextIO] = {r: log_path(folder, r).open("w", encoding="utf-8") for r in ids}
    counts = dict.fromkeys(ids, 0)
    try:
        for replica, out in files.items():
            out.write(header(replica))
        uuids: list[str] = []
        states: list[_State] = []
        clock = 0
        for n in range(1, initiatives + 1):
            clock += 1
            replica = ids[n % len(ids)]
            initiative, text, state = created(rng, replica, clock, f"{prefix}-{n}")
            files[replica].write(text)
            counts[replica] += 1
            uuids.append(initiative)
            states.append(state)
        for _ in range(max(0, entries - initiatives)):
            clock += 1
            replica = rng.choice(ids)
            n = rng.randrange(len(uuids))
            changes, note = update_changes(rng, states[n])
            files[replica].write(
                line(replica, clock, uuids[n], entry(rng, clock, "update", changes, note))
            )
            counts[replica] += 1
    finally:
        for out in files.values():
            out.close()
    return Logs(ids, uuids, sum(counts.values()), clock, counts)


def append_updates(
    folder: Path,
    replica: str,
    initiatives: Iterable[str],
    count: int,
    first_clock: int,
    seed: int = 13,
) -> int:
    """Append ``count`` progress updates on random ones of ``initiatives`` (uuids whose
    current values are unknown here: ``from`` is null) to ``replica``'s log, the header
    first if the file is new, clocks from ``first_clock`` up; the last clock."""
    rng = random.Random(seed)
    pool = list(initiatives)
    path = log_path(folder, replica)
    path.parent.mkdir(parents=True, exist_ok=True)
    clock = first_clock - 1
    with path.open("a", encoding="utf-8") as out:
        if out.tell() == 0:
            out.write(header(replica))
        for _ in range(count):
            clock += 1
            changes, note = update_changes(rng, None)
            out.write(
                line(replica, clock, rng.choice(pool), entry(rng, clock, "update", changes, note))
            )
    return clock


def read_log(path: Path) -> tuple[list[dict[str, Any]], str]:
    """A log's whole lines (the header first) and its unterminated tail ('' if none)."""
    text = path.read_text(encoding="utf-8")
    whole, _, tail = text.rpartition("\n")
    lines = [json.loads(item) for item in whole.split("\n")] if whole else []
    return lines, tail
