"""Score tracker extract on the labelled article corpus (tests/corpus/articles/).

    .venv/bin/python bench/extract_accuracy.py            # the table: all, each split
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
matched at most once. Printed for the whole corpus, for each split (a label's
``"split"``: ``tuning`` for the articles the rules were tuned on; ``unseen2``, labelled
by someone who never ran the engine, whose summary rows (never its misses) guide the
choice between rules, a validation set; ``unseen3``, labelled the same way, the test
set, measured once at the end of a round; the first held-out set was measured once
and then tuned on, so it is ``tuning`` now) and for each split's English and Chinese
articles on their own. ``--splits tuning,unseen2`` keeps the test set out of sight
while tuning. With ``--misses``, each miss: labels missed, extra candidates, wrong
status or deadline, and names (sponsors, then places) that differ:

- recall: labelled initiatives matched / labelled initiatives;
- precision: candidates matched / candidates;
- deadline exact: among matched initiatives with a labelled deadline, those whose
  window (earliest and latest) is the label's;
- status right: among matched initiatives, the label's status;
- sponsor F1 and jurisdiction F1: over matched initiatives, names compared after
  folding case, script and spaces (a sponsor counts when one name contains the
  other: "HKMA" is written out as "Hong Kong Monetary Authority").

``--speed N`` times ``tracker extract`` on N distinct articles of about 800 words,
the aim being 1,000 in 60 s on 2 cores. They are built from the corpus, the same for
a seed (``--seed``, 14 by default): two in three English, of 800 words (runs of
non-spaces), one in three Chinese (in each script as the corpus has them), of 1,300
characters other than spaces (about 1.6 characters for an English word); paragraphs
of two to four sentences drawn at random from the corpus's texts in that language,
each varied (years, other numbers, places and sponsors' names replaced at random, a
connective put before most), so no two articles are alike (at 1,000: 20,267 distinct
sentences among 32,096; a per-text cache gains nothing). Half are written as web pages (with a
site's navigation, metadata and footer around the article), half as plain text with
metadata lines. It prints seconds, articles a second and peak memory for the engine
on the texts in memory, for ``Tracker.extract`` (the library function the command
is: reading the files and matching every candidate on a database made by ``init
--seed``), and for ``tracker extract FILE... > /dev/null`` in its own process.
``--tracked K`` puts K more initiatives in that database (the new candidates of
other generated articles, imported), to time matching against a fuller tracker.
1,000 articles on the seed database, 2 cores: engine 17.4 s, the library
function 19.6 s, the command 19.7 s and 83 MB; with ``--tracked 1000``, the command
39.8 s (docs/performance.md, "Extract").

Exit status 0: a report, not a test.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "articles"
TODAY = date(2026, 12, 5)


@dataclass
class Score:
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
            f"  {name:<10}{self.labelled:>5} {self.found:>5} {pct(self.matched, self.labelled)}"
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


def _rank(quote: str, quotes: list[str]) -> int | None:
    """0: the quote is the labelled sentence; 1: another sentence naming it; 2, 3:
    overlapping the one or the other; None: neither."""
    keys = [_key(q) for q in quotes]
    if _key(quote) in keys:
        return 0 if _key(quote) == keys[0] else 1
    for rank, q in enumerate(quotes[:1] + quotes[1:2], start=2):
        if _overlap(quote, q):
            return rank
    if any(_overlap(quote, q) for q in quotes[2:]):
        return 3
    return None


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
    score_found(label, extract(article, TODAY), score, misses)


def score_found(label: dict[str, Any], found: list[Any], score: Score, misses: list[str]) -> None:
    """Score candidates against one article's label.  A candidate is anything with the
    engine's ``Candidate`` fields read here: title, quote, status, deadline (text,
    earliest, latest, or None), sponsors, jurisdictions and score."""
    wanted = label.get("initiatives", [])
    score.labelled += len(wanted)
    score.found += len(found)
    free = list(found)
    for item in wanted:
        quotes = [item["quote"], *item.get("also", [])]
        # the candidate quoting the labelled sentence itself first, then one quoting a
        # sentence that also names it, then overlapping ones
        ranked = [
            (rank, n, c)
            for n, c in enumerate(free)
            if _alike(c.title, item["title"])
            for rank in [_rank(c.quote, quotes)]
            if rank is not None
        ]
        hit = min(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else None
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
            names = _names(mine, theirs)
            for i, n in enumerate(names):
                counts[i] += n
            if names[1] or names[2]:
                misses.append(f"    names {mine} not {theirs}")
    for extra in free:
        misses.append(f"    extra ({extra.score}): {extra.title} | {extra.quote[:90]}")


def print_table(totals: dict[str, Score]) -> None:
    """The scores' table: the whole first, then each subset by name."""
    print("  subset     label found recall  precision deadline exact    status  sponsor  place")
    for name in sorted(totals, key=lambda n: (n != "all", n)):
        print(totals[name].row(name))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--misses",
        nargs="?",
        const="tuning",
        metavar="SPLIT",
        help="list every miss in the articles of SPLIT (default: tuning; held-out"
        " splits are scored, their misses shown only when named)",
    )
    parser.add_argument("--speed", type=int, default=0, metavar="N", help="time N articles")
    parser.add_argument("--seed", type=int, default=14, help="the speed run's random seed")
    parser.add_argument(
        "--tracked",
        type=int,
        default=0,
        metavar="K",
        help="the speed run's database: the seeds and K more initiatives",
    )
    parser.add_argument(
        "--splits",
        metavar="A,B",
        help="score only the articles of these splits (the test split can be kept out of"
        " sight while tuning: --splits tuning,unseen2)",
    )
    args = parser.parse_args(argv)
    chosen = set(args.splits.split(",")) if args.splits else None
    totals: dict[str, Score] = {"all": Score()}
    report: list[str] = []
    labels = sorted(CORPUS.glob("*.json"))
    for path in labels:
        label = json.loads(path.read_text("utf-8"))
        text = (CORPUS / label["file"]).read_text("utf-8")
        misses: list[str] = []
        split = label.get("split", "tuning")
        if chosen is not None and split not in chosen:
            continue
        lang = "zh" if label.get("language", "en").startswith("zh") else "en"
        for name in ("all", split, f"{split} {lang}"):
            score = totals.setdefault(name, Score())
            score_article(label, text, score, misses if name == "all" else [])
        if misses and split == args.misses:
            report.append(f"  {path.stem} ({split})")
            report += misses
    print(f"{len(labels)} articles")
    print_table(totals)
    if args.misses:
        print("\n".join(report))
    if args.speed:
        speed(args.speed, args.seed, args.tracked)
    return 0


# -- the speed run ---------------------------------------------------------------------

#: An article's size: 800 English words (runs of non-spaces), or for Chinese 1,300
#: characters other than spaces (about 1.6 characters for an English word).
EN_WORDS = 800
ZH_CHARS = 1300
_PLACES = {
    "en": [
        "Hong Kong",
        "Shenzhen",
        "Guangzhou",
        "Macao",
        "Singapore",
        "Qianhai",
        "Hengqin",
        "Shanghai",
        "Beijing",
        "Zhuhai",
        "Dongguan",
        "Sydney",
        "London",
        "Brussels",
    ],
    "zh-Hans": [
        "香港",
        "深圳",
        "广州",
        "澳门",
        "珠海",
        "前海",
        "横琴",
        "上海",
        "北京",
        "东莞",
        "佛山",
    ],
    "zh-Hant": [
        "香港",
        "深圳",
        "廣州",
        "澳門",
        "珠海",
        "前海",
        "橫琴",
        "上海",
        "北京",
        "東莞",
        "佛山",
    ],
}
_CONNECTIVES = {
    "en": [
        "Meanwhile, ",
        "In addition, ",
        "At the same time, ",
        "Separately, ",
        "Officials said ",
        "Moreover, ",
        "According to the statement, ",
        "Furthermore, ",
    ],
    # each with a full-width comma after it
    "zh-Hans": [
        f"{w}\uff0c" for w in ("此外", "同时", "另外", "与此同时", "据介绍", "会上", "记者了解到")
    ],
    "zh-Hant": [
        f"{w}\uff0c" for w in ("此外", "同時", "另外", "與此同時", "據介紹", "會上", "記者了解到")
    ],
}
#: Words that start a sentence and are written in lower case after a connective.
_LOWER_FIRST = frozenset(
    [
        "The",
        "This",
        "These",
        "Those",
        "It",
        "We",
        "They",
        "He",
        "She",
        "A",
        "An",
        "In",
        "Our",
        "Its",
        "From",
        "By",
        "Over",
        "To",
        "With",
        "Under",
        "As",
        "At",
        "On",
        "For",
        "Since",
        "There",
        "After",
        "During",
        "All",
        "Some",
        "Most",
        "Each",
        "Every",
    ]
)
#: How a sentence ends (else it is a heading: a paragraph of its own).
_ENDED = re.compile("[.!?;\u3002\uff01\uff1f\uff1b][\"'\u201d\u2019\u300d)\uff09]*$")
_DIGITS = re.compile(r"(?<![0-9])[0-9]+(?![0-9])")
_TIME = date(2026, 11, 22)


@dataclass
class Pool:
    """What a language's articles are made of: the corpus's sentences, titles and
    sponsors' names in it, to recombine and vary."""

    sentences: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)


def pools() -> dict[str, Pool]:
    """The corpus's texts by language (``en``, ``zh-Hans``, ``zh-Hant``)."""
    from tracker.extraction.reading import read_document
    from tracker.extraction.sentences import sentences

    found: dict[str, Pool] = {}
    for path in sorted(CORPUS.glob("*.json")):
        label = json.loads(path.read_text("utf-8"))
        document = read_document(str(CORPUS / label["file"]))
        pool = found.setdefault(document.language or "en", Pool())
        pool.sentences += [s.text for s in sentences(document.text) if s.text != document.title]
        pool.titles.append(label.get("title") or document.title or "")
        pool.publishers.append(label.get("publisher") or "")
        for item in label.get("initiatives", []):
            pool.names += [n for n in item.get("sponsors", []) if len(n) >= 3]
    for pool in found.values():
        pool.names = sorted(set(pool.names), key=lambda n: (-len(n), n))
    return found


def _vary(text: str, language: str, pool: Pool, rng: random.Random, connect: bool = True) -> str:
    """A sentence with its years, numbers, places and names changed, and sometimes a
    connective before it: deterministic for the generator's state."""

    def number(match: re.Match[str]) -> str:
        digits = match.group(0)
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(rng.randint(2015, 2035))
        if len(digits) <= 2 and int(digits) <= 31:
            return str(rng.randint(1, 28)).zfill(len(digits) if digits[0] == "0" else 1)
        return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in digits[1:])

    text = _DIGITS.sub(number, text)
    places = _PLACES[language]
    text = re.sub("|".join(map(re.escape, places)), lambda _: rng.choice(places), text)
    names = [n for n in pool.names if n in text]
    if names:
        text = re.sub("|".join(map(re.escape, names)), lambda _: rng.choice(pool.names), text)
    if connect and rng.random() < 0.7:
        connective = rng.choice(_CONNECTIVES[language])
        if rng.random() < 0.5:  # "In Macao, ", "在珠海" and a comma
            place = rng.choice(places)
            connective = f"In {place}, " if language == "en" else f"\u5728{place}\uff0c"
        first, _, rest = text.partition(" ")
        if language == "en" and first in _LOWER_FIRST:
            text = f"{first.lower()} {rest}"
        text = connective + text
    return text


def _size(text: str, language: str) -> int:
    return len(text.split()) if language == "en" else len("".join(text.split()))


@dataclass
class Article:
    language: str
    title: str
    publisher: str
    published: date
    paragraphs: list[str]

    def text_file(self) -> str:
        label = "Published" if self.language == "en" else "发布日期"
        source = "Source" if self.language == "en" else "来源"
        colon = ": " if self.language == "en" else "\uff1a"  # full-width
        return (
            f"{self.title}\n\n{label}{colon}{self.published.isoformat()}\n"
            f"{source}{colon}{self.publisher}\n\n" + "\n\n".join(self.paragraphs) + "\n"
        )

    def html_file(self, number: int) -> str:
        from html import escape

        lang = "en" if self.language == "en" else self.language
        menu = "".join(
            f'<li><a href="/section/{i}">{escape(word)}</a></li>'
            for i, word in enumerate(
                [
                    "News",
                    "Policy",
                    "Economy",
                    "Finance",
                    "Trade",
                    "Opinion",
                    "Region",
                    "Video",
                    "Data",
                    "About us",
                ]
            )
        )
        body = "".join(f"<p>{escape(p)}</p>\n" for p in self.paragraphs)
        related = "".join(
            f'<li><a href="/news/{number}-{i}.html">Related story {i}</a></li>' for i in range(8)
        )
        return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{escape(self.title)} | {escape(self.publisher)}</title>
<meta property="og:title" content="{escape(self.title)}">
<meta property="og:site_name" content="{escape(self.publisher)}">
<meta property="article:published_time" content="{self.published.isoformat()}T09:30:00+08:00">
<link rel="canonical" href="https://news.example.org/{self.published:%Y/%m}/{number}.html">
<link rel="stylesheet" href="/static/site.css"><script src="/static/site.js"></script>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments);}}</script>
</head><body>
<header><div class="logo"><a href="/">{escape(self.publisher)}</a></div>
<nav><ul>{menu}</ul></nav><form action="/search"><input name="q"></form></header>
<main><article>
<h1>{escape(self.title)}</h1>
<div class="byline">By Staff Reporter | <time datetime="{self.published.isoformat()}">
{self.published:%d %B %Y}</time></div>
{body}</article>
<aside><h2>Related</h2><ul>{related}</ul></aside></main>
<footer><ul>{menu}</ul>
<p>Copyright {self.published.year} {escape(self.publisher)}. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> <a href="/terms">Terms of use</a>
<a href="/contact">Contact</a></p></footer>
</body></html>
"""


def articles(count: int, seed: int) -> list[Article]:
    """``count`` distinct articles, two in three English and one in three Chinese (the
    Chinese in each script as the corpus has them), of about 800 words: paragraphs of
    two to four sentences drawn at random from the corpus's texts in that language,
    each sentence varied (:func:`_vary`)."""
    rng = random.Random(seed)
    by_language = pools()
    chinese = [lang for lang in sorted(by_language) if lang != "en"]
    weights = [len(by_language[lang].titles) for lang in chinese]
    made: list[Article] = []
    for _ in range(count):
        language = "en" if rng.random() < 2 / 3 else rng.choices(chinese, weights)[0]
        pool = by_language[language]
        target = EN_WORDS if language == "en" else ZH_CHARS
        joiner = " " if language == "en" else ""
        paragraphs: list[str] = []
        size = 0
        while size < target:
            chosen = [
                _vary(rng.choice(pool.sentences), language, pool, rng)
                for _ in range(rng.randint(2, 4))
            ]
            # a heading (a sentence that does not end as one) is a paragraph of its own
            parts = [[s] for s in chosen if not _ENDED.search(s)]
            ended = [s for s in chosen if _ENDED.search(s)]
            for paragraph in [joiner.join(p) for p in ([ended] if ended else []) + parts]:
                paragraphs.append(paragraph)
                size += _size(paragraph, language)
        made.append(
            Article(
                language,
                _vary(rng.choice(pool.titles), language, pool, rng, False).rstrip("."),
                rng.choice(pool.publishers) or "Government News",
                _TIME - timedelta(days=rng.randint(0, 3 * 365)),
                paragraphs,
            )
        )
    return made


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write(made: list[Article], root: Path, prefix: str) -> list[str]:
    """The articles as files, every other one a web page, the rest plain text."""
    root.mkdir(exist_ok=True)
    files: list[str] = []
    for number, article in enumerate(made):
        if number % 2:
            path = root / f"{prefix}-{number:05d}.html"
            path.write_text(article.html_file(number), "utf-8")
        else:
            path = root / f"{prefix}-{number:05d}.txt"
            path.write_text(article.text_file(), "utf-8")
        files.append(str(path))
    return files


def _track(db: Path, count: int, seed: int) -> int:
    """Record ``count`` more initiatives (with their quotes) in the database: the new
    candidates of other generated articles, imported as ``tracker import`` takes them."""
    from tracker.api import ArticleFile, Tracker

    records: list[tuple[int, dict[str, Any] | str]] = []
    with tempfile.TemporaryDirectory(prefix="tracker-tracked-") as folder:
        files = _write(articles(max(1, count // 5), seed), Path(folder), "tracked")
        with Tracker.open(db, today=_TIME) as t:
            for proposal in t.extract([ArticleFile(f) for f in files]):
                if proposal.match is None and len(records) < count:
                    records.append((len(records) + 1, proposal.to_record()))
            t.import_records(records)
    return len(records)


def speed(count: int, seed: int, tracked: int = 0) -> None:
    """Time ``count`` generated articles: the engine on each text, the library function
    ``tracker extract`` is (reading the files and matching on a seeded database, with
    ``tracked`` more initiatives), and the command itself in its own process."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import measure, tracker_command

    from tracker.api import ArticleFile, Tracker
    from tracker.extraction.engine import extract
    from tracker.extraction.reading import Document
    from tracker.extraction.sentences import sentences as split

    made = articles(count, seed)
    cut = [s.text for a in made for p in a.paragraphs for s in split(p)]
    english = [a for a in made if a.language == "en"]
    chinese = [a for a in made if a.language != "en"]
    words = sum(_size(" ".join(a.paragraphs), "en") for a in english) / max(1, len(english))
    chars = sum(_size("".join(a.paragraphs), a.language) for a in chinese) / max(1, len(chinese))
    print(
        f"\n  speed: {count} articles (seed {seed}): {len(english)} English of {words:.0f}"
        f" words, {len(chinese)} Chinese of {chars:.0f} characters on average;"
        f" {len(set(cut))} distinct sentences of {len(cut)}"
    )
    texts = [
        Document("\n\n".join([a.title, *a.paragraphs]), a.title, a.publisher, a.published)
        for a in made
    ]
    started = time.perf_counter()
    found = sum(len(extract(document, TODAY)) for document in texts)
    seconds = time.perf_counter() - started
    print(
        f"  {'engine (texts in memory)':<34} {seconds:6.1f} s  {count / seconds:6.1f} articles/s"
        f"  {_peak_mb():5.0f} MB  {found} candidates"
    )
    with tempfile.TemporaryDirectory(prefix="tracker-extract-") as folder:
        root = Path(folder)
        files = _write(made, root / "articles", "article")
        env = {**os.environ, "TRACKER_DB": str(root / "tracker.db"), "NO_COLOR": "1"}
        env["TRACKER_TODAY"] = _TIME.isoformat()
        measure([*tracker_command(), "init", "--seed"], env)
        if tracked:
            added = _track(root / "tracker.db", tracked, seed + 1)
            print(f"  the database: the 13 seeds and {added} more initiatives")
        with Tracker.open(root / "tracker.db", today=_TIME) as t:
            started = time.perf_counter()
            proposals = t.extract([ArticleFile(f) for f in files])
            seconds = time.perf_counter() - started
        matched = sum(p.match is not None for p in proposals)
        print(
            f"  {'Tracker.extract (files, matching)':<34} {seconds:6.1f} s"
            f"  {count / seconds:6.1f} articles/s  {_peak_mb():5.0f} MB  {len(proposals)}"
            f" proposals, {matched} matched"
        )
        seconds, peak, _ = measure([*tracker_command(), "extract", *files], env)
        print(
            f"  {'tracker extract FILES > /dev/null':<34} {seconds:6.1f} s"
            f"  {count / seconds:6.1f} articles/s  {peak / 1024:5.0f} MB"
        )


if __name__ == "__main__":
    sys.exit(main())
