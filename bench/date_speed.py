"""How fast tracker reads dates: ISO dates and a mix of policy phrases.

Run from anywhere (the corpus is found relative to this file)::

    /work/venv/bin/python bench/date_speed.py

In one process it times ``tracker.domain.deadlines.parse_window`` on

- 10,000 ISO dates (``YYYY-MM-DD``, spread over 1990-2049, leap days included),
  target <= 50 ms;
- 10,000 mixed phrases, cycling through the rows of
  ``tests/corpus/policy_dates.tsv`` that should be read, target <= 1000 ms
  (phrases the parser refuses still count: the time to refuse is time spent).

Each batch is run 5 times and the median is compared with its target.  The
grammar package is imported (and so compiled) before any timing starts, its Chinese
reader too (which a program loads only with its first Chinese phrase).  It also
reports whether ``dateparser`` got imported during the ISO runs, by looking at
``sys.modules`` before and after them: reading an ISO date should never need it.
The ISO runs come first, so nothing else in this process has imported it yet.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "policy_dates.tsv"
N = 10_000
RUNS = 5
ISO_TARGET_MS = 50.0
MIXED_TARGET_MS = 1000.0
REFERENCE = date(2025, 9, 17)


def iso_dates(n: int = N) -> list[str]:
    """n real dates spread over 1990-2049 by a fixed stride (deterministic, varied)."""
    first, span = date(1990, 1, 1), (date(2049, 12, 31) - date(1990, 1, 1)).days + 1
    return [(first + timedelta(days=(i * 7919) % span)).isoformat() for i in range(n)]


def mixed_phrases(n: int = N) -> list[tuple[str, date]]:
    """n (phrase, reference) pairs cycling through the corpus rows that should be read."""
    rows = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if len(fields) == 6 and fields[4] != "REFUSE":
            rows.append((fields[0], date.fromisoformat(fields[1])))
    if not rows:
        sys.exit(f"{CORPUS}: no rows to read")
    return [rows[i % len(rows)] for i in range(n)]


def timed(batch: Callable[[], int]) -> tuple[list[float], int]:
    """Run batch RUNS times; milliseconds per run and the refusals counted by the last run."""
    times, refused = [], 0
    for _ in range(RUNS):
        started = time.perf_counter()
        refused = batch()
        times.append((time.perf_counter() - started) * 1000.0)
    return times, refused


def report(label: str, times: list[float], target: float, note: str = "") -> None:
    median = statistics.median(times)
    verdict = "OK" if median <= target else "OVER TARGET"
    runs = ", ".join(f"{t:.1f}" for t in times)
    print(f"{label:<28} median {median:8.1f} ms   target <= {target:6.0f} ms   {verdict}")
    print(f"{'':<28} runs: {runs}{note}")


def main() -> int:
    import tracker.domain.deadlines.chinese  # noqa: F401  (loaded on the first Chinese phrase)
    from tracker.domain.deadlines import parse_window
    from tracker.errors import DateParseError

    isos = iso_dates()
    mixed = mixed_phrases()

    def iso_batch() -> int:
        refused = 0
        for text in isos:
            try:
                parse_window(text, REFERENCE)
            except DateParseError:
                refused += 1
        return refused

    def mixed_batch() -> int:
        refused = 0
        for text, reference in mixed:
            try:
                parse_window(text, reference)
            except DateParseError:
                refused += 1
        return refused

    print(f"python {sys.version.split()[0]}; {N:,} calls per batch, median of {RUNS} runs\n")

    loaded_before = "dateparser" in sys.modules
    iso_times, iso_refused = timed(iso_batch)
    loaded_after = "dateparser" in sys.modules
    report(
        f"{N:,} ISO dates",
        iso_times,
        ISO_TARGET_MS,
        f"; refused {iso_refused}" if iso_refused else "",
    )

    distinct = len(set(mixed))
    mixed_times, mixed_refused = timed(mixed_batch)
    report(
        f"{N:,} mixed phrases",
        mixed_times,
        MIXED_TARGET_MS,
        f"; {distinct} distinct phrases, {mixed_refused:,} calls refused",
    )

    if loaded_before:
        verdict = "already imported before the ISO runs (cannot tell)"
    elif loaded_after:
        verdict = "YES (imported during the ISO runs)"
    else:
        verdict = "no"
    print(
        f"\ndateparser imported during the ISO runs: {verdict}"
        f"  [in sys.modules before: {loaded_before}, after: {loaded_after}]"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
