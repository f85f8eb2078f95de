"""Score tracker extract on the labelled article corpus (tests/corpus/articles/).

    .venv/bin/python bench/extract_accuracy.py            # the table, all and unseen
    .venv/bin/python bench/extract_accuracy.py --misses   # also each miss, to work on
    .venv/bin/python bench/extract_accuracy.py --speed 1000   # also time 1,000 articles

Each article ``<stem>.txt`` has a hand-written label ``<stem>.json`` (the
initiatives an analyst would record, and tempting sentences that are not ones). The
engine (``tracker.extraction.engine.extract``) reads each text with the label's
publication day as its reference, at its default score threshold. A candidate
matches a labelled initiative when its quote is the labelled sentence, or one
overlaps the other (either contains the other, or they share at least 60% of the
shorter's characters in one run), and their titles are alike (rapidfuzz
token-set ratio >= 30, Chinese folded to simplified; a quote match alone counts
when the label's title is in another language). Each label and candidate is
matched at most once. Printed for the whole corpus, for each split the labels name
(``"split": "tuning"``, ``"unseen"``, ``"unseen2"``...) and for each split's English
and Chinese articles (``unseen2 en``, ``unseen2 zh``):

- recall: labelled initiatives matched / labelled initiatives;
- precision: candidates matched / candidates;
- deadline exact: among matched initiatives with a labelled deadline, those whose
  window (earliest and latest) is the label's;
- status right: among matched initiatives, the label's status;
- sponsor F1 and jurisdiction F1: over matched initiatives, names compared after
  folding case, script and spaces (a sponsor counts when one name contains the
  other: "HKMA" is written out as "Hong Kong Monetary Authority").

``--speed N`` times the engine over N articles (the corpus's texts repeated), the
aim being 1,000 articles of about 800 words in 60 s on 2 cores. Exit status 0: a
report, not a test.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "articles"
TODAY = date(2026, 12, 5)


@dataclass
class Score:
    articles: int = 0
    labelled: int = 0
    found: int = 0
    matched: int = 0
    deadlines: int = 0
    deadlines_right: int = 0
    statuses_right: int = 0
    sponsor: list[int] = field(default_factory=lambda: [0, 0, 0])  # tp, fp, fn
    place: list[int] = field(default_factory=lambda: [0, 0, 0])

    def row(self, name: str) -> str:
        def pct(part: int, whole: int) -> str:
            return f"{100 * part / whole:5.1f}%" if whole else "    -"

        def f1(counts: list[int]) -> str:
            tp, fp, fn = counts
            return pct(2 * tp, 2 * tp + fp + fn)

        return (
            f"  {name:<10} {self.labelled:>5} {self.found:>5} {pct(self.matched, self.labelled)}"
            f"  {pct(self.matched, self.found)}  {pct(self.deadlines_right, self.deadlines)}"
            f" ({self.deadlines_right}/{self.deadlines})  {pct(self.statuses_right, self.matched)}"
            f"  {f1(self.sponsor)}  {f1(self.place)}"
        )


def _key(text: str) -> str:
    from tracker.extraction.engine import fold

    return " ".join(fold(text).lower().split())


def _overlap(one: str, other: str) -> bool:
    a, b = _key(one), _key(other)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    block = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match()
    return block.size >= 0.6 * min(len(a), len(b))


def _alike(title: str, labelled: str) -> bool:
    from rapidfuzz import fuzz

    from tracker.extraction.engine import _CJK

    if bool(_CJK.search(title)) != bool(_CJK.search(labelled)):
        return True
    return fuzz.token_set_ratio(_key(title), _key(labelled)) >= 30


def _names(one: list[str], other: list[str]) -> tuple[int, int, int]:
    a, b = [_key(n) for n in one], [_key(n) for n in other]
    tp = sum(any(x in y or y in x for y in b) for x in a)
    return tp, len(a) - tp, len(b) - sum(any(x in y or y in x for x in a) for y in b)


def score_article(label: dict[str, Any], text: str, score: Score, misses: list[str]) -> None:
    from tracker.extraction.engine import extract
    from tracker.extraction.reading import Document

    published = date.fromisoformat(label["published"]) if label.get("published") else None
    article = Document(text, label.get("title"), label.get("publisher"), published)
    found = extract(article, TODAY)
    wanted = label.get("initiatives", [])
    score.labelled += len(wanted)
    score.found += len(found)
    free = list(found)
    for item in wanted:
        quotes = [item["quote"], *item.get("also", [])]
        hit = next(
            (
                c
                for c in free
                if any(_overlap(c.quote, q) for q in quotes) and _alike(c.title, item["title"])
            ),
            None,
        )
        if hit is None:
            misses.append(f"    missed: {item['title']} | {item['quote'][:100]}")
            continue
        free.remove(hit)
        score.matched += 1
        score.statuses_right += hit.status == item["status"]
        if hit.status != item["status"]:
            misses.append(f"    status {hit.status} not {item['status']}: {item['quote'][:90]}")
        if item.get("deadline"):
            score.deadlines += 1
            right = hit.deadline is not None and (
                hit.deadline.earliest.isoformat(),
                hit.deadline.latest.isoformat(),
            ) == (item["deadline"]["earliest"], item["deadline"]["latest"])
            score.deadlines_right += right
            if not right:
                got = hit.deadline and (
                    hit.deadline.text,
                    str(hit.deadline.earliest),
                    str(hit.deadline.latest),
                )
                misses.append(f"    deadline {got} not {item['deadline']}")
        for counts, mine, theirs in (
            (score.sponsor, list(hit.sponsors), item.get("sponsors", [])),
            (score.place, list(hit.jurisdictions), item.get("jurisdictions", [])),
        ):
            for i, n in enumerate(_names(mine, theirs)):
                counts[i] += n
    for extra in free:
        misses.append(f"    extra ({extra.score}): {extra.title} | {extra.quote[:90]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--speed", type=int, default=0, metavar="N", help="time N articles")
    args = parser.parse_args(argv)
    totals: dict[str, Score] = {"all": Score()}
    report: list[str] = []
    labels = sorted(CORPUS.glob("*.json"))
    for path in labels:
        label = json.loads(path.read_text("utf-8"))
        text = (CORPUS / label["file"]).read_text("utf-8")
        misses: list[str] = []
        split = label.get("split", "tuning")
        language = "zh" if label.get("language", "en").startswith("zh") else "en"
        for name in ("all", split, f"{split} {language}"):
            score = totals.setdefault(name, Score())
            score.articles += 1
            score_article(label, text, score, misses if name == "all" else [])
        if misses:
            report.append(f"  {path.stem} ({split})")
            report += misses
    splits = [name for name in totals if name != "all" and " " not in name]
    counts = ", ".join(f"{totals[n].articles} {n}" for n in sorted(splits))
    print(f"{len(labels)} articles ({counts})")
    print("  subset     label found recall  precision deadline exact    status  sponsor  place")
    for name in ["all", *sorted(n for n in totals if n != "all")]:
        print(totals[name].row(name))
    if args.misses:
        print("\n".join(report))
    if args.speed:
        from tracker.extraction.engine import extract
        from tracker.extraction.reading import Document

        texts = [
            (CORPUS / json.loads(p.read_text("utf-8"))["file"]).read_text("utf-8") for p in labels
        ]
        words = sum(len(t.split()) for t in texts) / len(texts)
        started = time.perf_counter()
        for number in range(args.speed):
            extract(Document(texts[number % len(texts)], published=TODAY), TODAY)
        seconds = time.perf_counter() - started
        print(f"\n  speed: {args.speed} articles (about {words:.0f} words each) in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
