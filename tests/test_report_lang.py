# ruff: noqa: RUF001 - Chinese is written with full-width punctuation
"""tracker report --lang: the report's own words in Traditional or Simplified Chinese.

Golden files (tests/golden/report.zh-Hant.md, report.zh-Hans.html) are rewritten with
``UPDATE_GOLDEN=1 pytest tests/test_report_lang.py``; review the diff. The English
golden files (tests/test_report.py) must not change: English is the default.
"""

from __future__ import annotations

import ast
import os
import re
from importlib import resources

import html5lib
import pytest
from helpers import ok, run
from markdown_it import MarkdownIt
from test_report import AS_OF, GOLDEN, scenario  # noqa: F401 (a fixture)
from test_startup import _modules_after

from tracker.i18n import (
    CONFIDENCE_LABELS,
    FIELD_LABELS,
    HEALTH_LABELS,
    KIND_LABELS,
    PRECISION_LABELS,
    STATUS_LABELS,
    Words,
    catalogue,
)
from tracker.renderers.html import ROW_NOUN, ROW_NOUNS
from tracker.renderers.phrasing import FILTER_WORDS, SECTIONS, SLIPPED_COLUMNS

LANGS = ("zh-Hant", "zh-Hans")


def report(*args: str) -> str:
    return ok("report", "--as-of", AS_OF, *args)


@pytest.mark.parametrize(
    ("lang", "fmt", "name"),
    [("zh-Hant", "markdown", "report.zh-Hant.md"), ("zh-Hans", "html", "report.zh-Hans.html")],
)
def test_golden(scenario, lang, fmt, name):  # noqa: F811
    result = run("report", "--as-of", AS_OF, "--format", fmt, "--lang", lang)
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(result.stdout_bytes)
    assert result.stdout_bytes == path.read_bytes()


def test_english_is_the_default_and_unchanged(scenario):  # noqa: F811
    for fmt, suffix in (("terminal", "txt"), ("markdown", "md"), ("html", "html")):
        shown = report("--format", fmt, "--lang", "en")
        assert shown == (GOLDEN / f"report.{suffix}").read_text(encoding="utf-8")


def _headings(text: str) -> list[str]:
    """The terminal report's title and section headings (``Overdue (1)``)."""
    lines = text.splitlines()
    return [lines[0]] + [line for line in lines if re.fullmatch(r"\S[^│]* \(\d+\)", line)]


def test_terminal_headings_and_labels(scenario):  # noqa: F811
    hant = report("--lang", "zh-Hant")
    assert _headings(hant) == [
        "截至 2026-01-15 的進度報告",
        "逾期 (1)",
        "即將到期 (1)",
        "有變動 (3)",
        "延誤 (1)",
        "久未更新 (9)",
        "按標籤劃分的進度 (19)",
        "按司法管轄區劃分的進度 (3)",
        "時間線 (6)",
    ]
    lines = hant.splitlines()
    assert lines[1:3] == [
        "13 項措施 · 變動期間 2026-01-09..2026-01-15",
        "即將到期：90 日內 · 久未更新：180 日沒有更新",
    ]
    assert "狀態      建議 5 · 已公布 6 · 進行中 2" in lines
    assert "進度狀況  逾期 1 · 即將到期 1 · 按計劃 4 · 沒有期限 7" in lines
    hans = report("--lang", "zh-Hans")
    assert _headings(hans)[:3] == ["截至 2026-01-15 的进度报告", "逾期 (1)", "即将到期 (1)"]
    assert "─ 自公布起   █ 期限范围   ◆ 期限日   │ 2026-01-15" in hans.splitlines()


def test_lang_takes_any_case(scenario):  # noqa: F811
    assert report("--lang", "ZH-hant") == report("--lang", "zh-Hant")


def _blocks(text: str) -> list[tuple[str, str]]:
    """The Markdown's block structure: each block token's type and tag (with each
    table cell, so a cell split by a stray ``|`` shows)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    return [(t.type, t.tag) for t in tokens if t.type != "inline"]


def test_markdown_has_the_same_structure_in_chinese(scenario):  # noqa: F811
    english = _blocks(report("--format", "markdown"))
    for lang in LANGS:
        translated = report("--format", "markdown", "--lang", lang)
        assert _blocks(translated) == english, lang
    headings = [t for t in english if t == ("heading_open", "h2")]
    assert len(headings) == 8
    assert english.count(("table_open", "table")) == 8
    tokens = (
        MarkdownIt("commonmark")
        .enable("table")
        .parse(report("--format", "markdown", "--lang", "zh-Hant"))
    )
    h2 = [tokens[n + 1].content for n, t in enumerate(tokens) if t.tag == "h2" and t.nesting == 1]
    assert h2[:3] == ["逾期 (1)", "即將到期 (1)", "有變動 (3)"]


def test_markdown_rows_cut_short_in_chinese(scenario):  # noqa: F811
    text = report("--format", "markdown", "--lang", "zh-Hant", "--rows", "2")
    assert "…另有 7 項（`--rows 0` 顯示全部）" in text.splitlines()


@pytest.mark.parametrize("lang", LANGS)
def test_html_is_valid_and_says_its_language(scenario, lang):  # noqa: F811
    text = report("--format", "html", "--lang", lang, "--rows", "2")
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    tree = parser.parse(text)
    assert parser.errors == []
    assert tree.get("lang") == lang
    h2 = ["".join(e.itertext()) for e in tree.iter("h2")]
    assert len(h2) == 8
    more = [
        "".join(e.itertext())
        for e in tree.iter("p")
        if e.get("class") == "more" and "未" in "".join(e.itertext())
    ]
    if lang == "zh-Hant":
        assert h2[0] == "逾期 (1)"
        assert more[0] == "另有 1 項措施未在此列出：本報告只列出 3 項中的首 2 項。"
    else:
        assert h2[0] == "逾期 (1)" and h2[4] == "久未更新 (9)"
        assert more[2] == "另有 17 个标签未在此列出：本报告只列出 19 项中的前 2 项。"


def test_english_html_says_en(scenario):  # noqa: F811
    assert '<html lang="en">' in report("--format", "html")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_machine_formats_stay_english(scenario, fmt):  # noqa: F811
    english = report("--format", fmt)
    for lang in LANGS:
        assert report("--format", fmt, "--lang", lang) == english


def test_an_unknown_language_is_refused(scenario):  # noqa: F811
    result = run("report", "--lang", "fr")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == "error: unknown --lang 'fr'; choose from en, zh-Hant, zh-Hans\n"


def test_filters_are_named_in_the_language(scenario):  # noqa: F811
    text = report(
        "--lang", "zh-Hant", "--status", "announced", "--status", "in_progress", "--tag", "fintech"
    )
    assert "篩選: 狀態 已公布 或 進行中，標籤 fintech" in text.splitlines()
    english = report("--status", "announced", "--status", "in_progress", "--tag", "fintech")
    assert "Filtered: status announced or in_progress, tag fintech" in english.splitlines()


def test_a_status_has_its_own_word_where_a_date_label_has_another():
    """``Announced`` is the announced day's label (公布日期) and a status (已公布)."""
    words = Words("zh-Hant")
    assert words("Announced") == "公布日期"
    assert words.status("announced") == "已公布"
    assert words.status("in_progress") == "進行中"
    assert Words("zh-Hans").health("due_soon") == "即将到期"
    english = Words("en")
    assert (english.status("in_progress"), english.health("due_soon")) == (
        "in_progress",
        "due_soon",
    )
    assert english.count(1, "day") == "1 day" and english.count(-2, "day", shown="-2") == "-2 days"
    assert Words("zh-Hans").count(-2, "day", shown="-2") == "-2 天"


# -- every word the report shows has a translation in both catalogues ---------------------

RENDERERS = ("phrasing", "markdown", "html", "table")


def _literal_words() -> set[str]:
    """Every message id a report renderer writes as a literal: ``w("...")``,
    ``self.words("...")``, ``w.count(n, "noun"[, "plural"])`` (the message ``{n} nouns``),
    read from the sources with ``ast`` (so a sentence split over lines is one)."""
    words: set[str] = set()
    for name in RENDERERS:
        source = (resources.files("tracker.renderers") / f"{name}.py").read_text("utf-8")
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            literal = [a.value for a in node.args if isinstance(a, ast.Constant)]
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            owner = getattr(func, "value", None)
            if called in ("w", "words") and node.args and isinstance(node.args[0], ast.Constant):
                words.add(node.args[0].value)
            elif called == "count" and isinstance(owner, ast.Name) and owner.id == "w":
                strings = [s for s in literal if isinstance(s, str)]
                if strings:
                    words.add("{n} " + (strings[1] if len(strings) > 1 else strings[0] + "s"))
    return words


def _every_word() -> set[str]:
    words = _literal_words()
    for table in (
        STATUS_LABELS,
        HEALTH_LABELS,
        CONFIDENCE_LABELS,
        KIND_LABELS,
        PRECISION_LABELS,
        FIELD_LABELS,
        SECTIONS,
        FILTER_WORDS,
    ):
        words |= set(table.values())
    words |= set(SLIPPED_COLUMNS)
    words |= {"{n} " + noun + "s" for noun in (*ROW_NOUNS.values(), ROW_NOUN)}
    words |= {"note", "source", "note and source", "entry"}  # phrasing.what_recorded
    words |= {"Tag", "Jurisdiction"}
    return words


def test_every_word_of_the_report_is_in_every_catalogue():
    words = _every_word()
    assert len(words) > 100
    for lang in LANGS:
        assert sorted(words - set(catalogue(lang))) == [], lang
    assert catalogue("zh-Hant")["status\x04Announced"] == "已公布"


def test_every_word_asked_while_reporting_is_in_every_catalogue(scenario, monkeypatch):  # noqa: F811
    """The words the renderers ask for while drawing the report in every human format,
    cut short and filtered (the sentences ``_every_word`` cannot read from the source)."""
    asked: set[str] = set()
    original = Words.__call__

    def spy(self: Words, text: str, **fields: object) -> str:
        asked.add(text)
        return original(self, text, **fields)

    monkeypatch.setattr(Words, "__call__", spy)
    filters = ["--status", "announced", "--tag", "fintech", "--search", "hub", "--kind", "plan"]
    filters += ["--confidence", "amber", "--changed-since", "2025-01-01", "--by", "analyst"]
    for fmt in ("terminal", "markdown", "html"):
        report("--format", fmt, "--rows", "1")
        report("--format", fmt, "--since", "2020-01-01", *filters)
        report("--format", fmt, "--slipped", "--jurisdiction", "Shenzhen")
    assert len(asked) > 70
    for lang in LANGS:
        assert sorted(asked - set(catalogue(lang))) == [], lang


def test_only_another_language_reads_a_catalogue(seeded):
    os.makedirs(os.environ["HOME"], exist_ok=True)
    for fmt in ("terminal", "markdown", "html"):
        assert "babel" not in _modules_after("report", "--format", fmt, "--lang", "en")
    assert "babel" in _modules_after("report", "--lang", "zh-Hant")
