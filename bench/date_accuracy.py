"""Score two date readers on the policy-wording corpus.

Run from anywhere (the corpora are found relative to this file)::

    .venv/bin/python bench/date_accuracy.py            # every tests/corpus/*.tsv
    .venv/bin/python bench/date_accuracy.py --cli      # also through `tracker parse-date`
    .venv/bin/python bench/date_accuracy.py --corpus other.tsv

The corpora in ``tests/corpus/`` hold deadline phrases from policy documents, each
with a reference date and the window worked out by hand from the conventions in
``docs/deadlines.md`` (or ``REFUSE`` when the phrase names no fixed
deadline): ``policy_dates.tsv`` (the project's own), ``reviewer_en.tsv`` and
``reviewer_zh.tsv`` (written by a reviewer from the README alone, without the
implementation), ``article_dates.tsv`` and ``article_dates_unseen.tsv`` (phrases as
written in real articles around their dates, with the publication date as the
reference; the unseen third was never tuned on).  The default is every ``*.tsv``
there.  The readers scored on them:

- ``dateparser.parse(phrase, languages=["en", "zh"], settings={"RELATIVE_BASE":
  reference, "PREFER_DAY_OF_MONTH": "first"})``.  It returns one datetime, so it
  can only ever match a one-day window: it scores "exact" only when the expected
  precision is ``day`` and its date equals both bounds.  ``None`` (or an exception)
  counts as a refusal.
- ``tracker.domain.deadlines.parse_window(phrase, reference)``.  ``DateParseError``
  counts as a refusal; any other exception counts as a wrong answer.

For each reader it prints exact windows, wrong windows and refusals (count and
per cent), split into rows that should be read and rows that should be refused
("wrong" on a row that should be refused means a window was returned anyway).
Then it lists every row where tracker was wrong or refused: the list to work on.
The exit status is always 0; this is a report, not a test.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import warnings
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "policy_dates.tsv"
HEADER = ["phrase", "reference", "earliest", "latest", "precision", "source"]
CJK = re.compile("[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

EXACT, WRONG, REFUSED = "exact", "wrong", "refused"


@dataclass(frozen=True)
class Row:
    line: int
    phrase: str
    reference: date
    earliest: date | None
    latest: date | None
    precision: str  # a Precision value, or "REFUSE"
    source: str

    @property
    def should_refuse(self) -> bool:
        return self.precision == "REFUSE"

    @property
    def chinese(self) -> bool:
        return bool(CJK.search(self.phrase))

    def expected(self) -> str:
        if self.should_refuse:
            return "refuse"
        return f"{self.earliest}..{self.latest} {self.precision}"


@dataclass(frozen=True)
class Outcome:
    kind: str  # EXACT, WRONG or REFUSED
    detail: str  # what the reader returned, or why it refused


def load(path: Path) -> list[Row]:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0].split("\t") != HEADER:
        sys.exit(f"{path}: the header must be {' '.join(HEADER)}")
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(HEADER):
            sys.exit(f"{path}:{number}: {len(fields)} fields, not {len(HEADER)}")
        phrase, reference, earliest, latest, precision, source = fields
        rows.append(
            Row(
                number,
                phrase,
                date.fromisoformat(reference),
                date.fromisoformat(earliest) if earliest else None,
                date.fromisoformat(latest) if latest else None,
                precision,
                source,
            )
        )
    return rows


# --------------------------------------------------------------------------- readers


def read_dateparser(row: Row) -> Outcome:
    import dateparser

    settings = {
        "RELATIVE_BASE": datetime.combine(row.reference, datetime.min.time()),
        "PREFER_DAY_OF_MONTH": "first",
    }
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            found = dateparser.parse(row.phrase, languages=["en", "zh"], settings=settings)
    except Exception as exc:  # dateparser has raised on odd input; treat it as "no answer"
        return Outcome(REFUSED, f"raised {type(exc).__name__}: {exc}")
    if found is None:
        return Outcome(REFUSED, "None")
    day = found.date()
    if row.should_refuse:
        return Outcome(WRONG, day.isoformat())
    if row.precision == "day" and day == row.earliest == row.latest:
        return Outcome(EXACT, day.isoformat())
    return Outcome(WRONG, day.isoformat())


def read_tracker_cli(row: Row) -> Outcome:
    """``tracker parse-date PHRASE --reference DATE --format json``, run in-process."""
    import json

    from typer.testing import CliRunner

    from tracker.cli import app

    args = ["parse-date", row.phrase, "--reference", row.reference.isoformat(), "-f", "json"]
    result = CliRunner().invoke(app, args)
    if result.exit_code == 2:
        return Outcome(REFUSED, result.stderr.strip())
    if result.exit_code != 0:
        return Outcome(WRONG, f"exit {result.exit_code}: {result.stderr.strip()}")
    data = json.loads(result.stdout)
    got = f"{data['earliest']}..{data['latest']} {data['precision']}"
    if row.should_refuse:
        return Outcome(WRONG, got)
    return Outcome(EXACT if got == row.expected() else WRONG, got)


def read_tracker(row: Row) -> Outcome:
    from tracker.domain.deadlines import parse_window
    from tracker.errors import DateParseError

    try:
        window = parse_window(row.phrase, row.reference)
    except DateParseError as exc:
        return Outcome(REFUSED, str(exc))
    except Exception as exc:  # a crash is not a clean refusal
        return Outcome(WRONG, f"crashed with {type(exc).__name__}: {exc}")
    got = f"{window.earliest}..{window.latest} {window.precision}"
    if row.should_refuse:
        return Outcome(WRONG, got)
    same = (window.earliest, window.latest, str(window.precision)) == (
        row.earliest,
        row.latest,
        row.precision,
    )
    return Outcome(EXACT if same else WRONG, got)


READERS = {
    'dateparser.parse(languages=["en", "zh"])': read_dateparser,
    "tracker parse_window": read_tracker,
}


# --------------------------------------------------------------------------- report


def _share(count: int, total: int) -> str:
    percent = 100.0 * count / total if total else 0.0
    return f"{count:4d} ({percent:5.1f}%)"


def summary(rows: list[Row], outcomes: list[Outcome]) -> list[str]:
    lines = []
    groups = [
        ("should read", [not r.should_refuse for r in rows]),
        ("  of which Chinese", [not r.should_refuse and r.chinese for r in rows]),
        ("should refuse", [r.should_refuse for r in rows]),
    ]
    for label, selected in groups:
        picked = [o for o, keep in zip(outcomes, selected, strict=True) if keep]
        counts = Counter(o.kind for o in picked)
        total = len(picked)
        exact = "          -" if label == "should refuse" else _share(counts[EXACT], total)
        lines.append(
            f"  {label:<19} {total:4d} rows   exact {exact}   wrong {_share(counts[WRONG], total)}"
            f"   refused {_share(counts[REFUSED], total)}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="a TSV to score (repeatable; default: every tests/corpus/*.tsv)",
    )
    parser.add_argument(
        "--cli",
        action="store_true",
        help="also score the command `tracker parse-date --reference D --format json`",
    )
    args = parser.parse_args(argv)

    paths = args.corpus or sorted(CORPUS.parent.glob("*.tsv"))
    rows = [row for path in paths for row in load(path)]
    n_refuse = sum(r.should_refuse for r in rows)
    n_chinese = sum(r.chinese for r in rows)
    names = ", ".join(path.name for path in paths)
    print(
        f"corpus {names}: {len(rows)} rows, {len(rows) - n_refuse} to read, "
        f"{n_refuse} to refuse; {n_chinese} Chinese"
    )

    readers = dict(READERS)
    if args.cli:
        readers["tracker parse-date (the command, in-process)"] = read_tracker_cli
    results: dict[str, list[Outcome]] = {}
    for name, reader in readers.items():
        started = time.perf_counter()
        results[name] = [reader(row) for row in rows]
        elapsed = time.perf_counter() - started
        print(f"\n{name}  ({elapsed:.2f} s)")
        print("\n".join(summary(rows, results[name])))

    tracker = results["tracker parse_window"]
    todo = [(row, o) for row, o in zip(rows, tracker, strict=True) if o.kind != EXACT]
    todo = [(row, o) for row, o in todo if not (row.should_refuse and o.kind == REFUSED)]
    print(f"\ntracker: {len(todo)} rows to work on (wrong or refused)")
    for row, outcome in todo:
        print(f"  L{row.line:<4} {row.phrase!r}  (ref {row.reference}; {row.source})")
        print(f"        expected {row.expected()}")
        print(f"        got      {outcome.kind}: {outcome.detail}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
