"""How far two hand labellings of the same articles agree, scored as the engine is.

    .venv/bin/python bench/label_agreement.py tests/corpus/second-labels [--misses]

``OTHER_DIR`` holds a second analyst's labels (``<stem>.json``, the format of
tests/corpus/articles/, written blind from the same texts and the same rules). Each
second label's initiatives are scored as if they were the engine's candidates,
against the corpus's label of that article, with ``bench/extract_accuracy.py``'s
own matching and measures (recall, precision, deadline exact, status, sponsor and
jurisdiction F1). The result is the ceiling the corpus can measure: an engine that
agrees with the first analyst better than a second analyst does is fitting one
person's choices, not reading better.

Exit status 0: a report, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_accuracy import CORPUS, Score, print_table, score_found


def as_candidates(label: dict[str, Any]) -> list[SimpleNamespace]:
    """A label's initiatives in the shape of the engine's candidates."""
    made = []
    for item in label.get("initiatives", []):
        window = item.get("deadline")
        deadline = window and SimpleNamespace(
            text=window.get("text"),
            earliest=date.fromisoformat(window["earliest"]),
            latest=date.fromisoformat(window["latest"]),
        )
        made.append(
            SimpleNamespace(
                title=item["title"],
                quote=item["quote"],
                status=item["status"],
                deadline=deadline,
                sponsors=item.get("sponsors", []),
                jurisdictions=item.get("jurisdictions", []),
                score=1.0,
            )
        )
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="the folder of second labels")
    parser.add_argument("--misses", action="store_true", help="list every difference")
    args = parser.parse_args(argv)
    totals: dict[str, Score] = {"all": Score()}
    report: list[str] = []
    others = sorted(args.other.glob("*.json"))
    for path in others:
        first = json.loads((CORPUS / path.name).read_text("utf-8"))
        second = json.loads(path.read_text("utf-8"))
        lang = "zh" if first.get("language", "en").startswith("zh") else "en"
        misses: list[str] = []
        for name in ("all", lang):
            score = totals.setdefault(name, Score())
            score_found(first, as_candidates(second), score, misses if name == "all" else [])
        if misses:
            report += [f"  {path.stem}", *misses]
    print(f"{len(others)} articles labelled twice; the second scored against the first")
    print_table(totals)
    if args.misses:
        print("\n".join(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
