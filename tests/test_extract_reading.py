"""Reading articles for ``tracker extract``: text, Markdown, HTML and PDF, their metadata
and language, and a one-line error for each file that is not an article."""

# ruff: noqa: RUF001  (Chinese text uses full-width punctuation)

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tracker.errors import InputError, UnusableError
from tracker.extraction.reading import Document, detect_language, read_document

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

ENGLISH_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Government launches green bond scheme | Example News</title>
<meta property="og:site_name" content="Example News">
<meta property="og:title" content="Government launches green bond scheme">
<meta property="article:published_time" content="2026-02-03T09:00:00+08:00">
<link rel="canonical" href="https://news.example.org/2026/02/green-bonds">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/business">Business news menu</a></li></ul></nav>
<article>
<h1>Government launches green bond scheme</h1>
<p>The Financial Secretary announced on Tuesday that the Government will issue green
bonds worth HK$10 billion by the end of 2026 to fund climate projects across the city.</p>
<p>The scheme will be open to retail investors, and officials said a second tranche
could follow in 2027 if demand stays strong among local savers.</p>
</article>
<footer><p>Copyright 2026 Example News. All rights reserved. Contact us | Privacy policy</p>
</footer>
</body></html>
"""

CHINESE_PAGE = """<!DOCTYPE html>
<html lang="zh-HK"><head><meta charset="utf-8">
<title>政府推出綠色債券計劃</title>
<meta property="og:site_name" content="香港政府新聞網">
<meta property="article:published_time" content="2026-03-05">
<link rel="canonical" href="https://www.news.gov.hk/chi/2026/03/green.html">
</head><body>
<nav><a href="/">首頁</a> <a href="/news">新聞</a></nav>
<article>
<h1>政府推出綠色債券計劃</h1>
<p>財政司司長今日宣布，政府將於二〇二六年底前發行總值一百億元的綠色債券，為本港的氣候項目提供資金，並鼓勵更多機構投資者參與。</p>
<p>當局表示，計劃會開放予零售投資者認購，如市場反應理想，明年會考慮推出第二批債券，進一步發展香港的綠色金融市場。</p>
</article>
<footer>版權所有 © 2026</footer>
</body></html>
"""


def _write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def _pdf(content: bytes) -> bytes:
    """A minimal valid one-page PDF whose page draws ``content`` (a content stream)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


# ---------------------------------------------------------------- HTML


def test_an_english_page_gives_its_article_and_metadata_without_the_boilerplate(tmp_path):
    path = _write(tmp_path, "page.html", ENGLISH_PAGE)
    doc = read_document(path)
    assert doc == Document(
        text=(
            "Government launches green bond scheme\n\n"
            "The Financial Secretary announced on Tuesday that the Government will issue "
            "green bonds worth HK$10 billion by the end of 2026 to fund climate projects "
            "across the city.\n\n"
            "The scheme will be open to retail investors, and officials said a second "
            "tranche could follow in 2027 if demand stays strong among local savers."
        ),
        title="Government launches green bond scheme",
        publisher="Example News",
        published=date(2026, 2, 3),
        url="https://news.example.org/2026/02/green-bonds",
        language="en",
        path=path,
    )


def test_html_is_sniffed_from_the_content_whatever_the_name(tmp_path):
    path = _write(tmp_path, "page.txt", ENGLISH_PAGE)
    assert read_document(path).title == "Government launches green bond scheme"


def test_a_traditional_chinese_page(tmp_path):
    doc = read_document(_write(tmp_path, "zh.htm", CHINESE_PAGE))
    assert (doc.title, doc.publisher, doc.published, doc.url, doc.language) == (
        "政府推出綠色債券計劃",
        "香港政府新聞網",
        date(2026, 3, 5),
        "https://www.news.gov.hk/chi/2026/03/green.html",
        "zh-Hant",
    )
    assert doc.text.split("\n\n") == [
        "政府推出綠色債券計劃",
        "財政司司長今日宣布，政府將於二〇二六年底前發行總值一百億元的綠色債券，"
        "為本港的氣候項目提供資金，並鼓勵更多機構投資者參與。",
        "當局表示，計劃會開放予零售投資者認購，如市場反應理想，明年會考慮推出第二批債券，"
        "進一步發展香港的綠色金融市場。",
    ]


def test_a_page_of_navigation_only_is_refused(tmp_path):
    page = (
        "<!doctype html><html><head><title>Menu</title></head><body><nav><ul>"
        '<li><a href="/a">Home</a></li><li><a href="/b">About</a></li>'
        '<li><a href="/c">Contact</a></li></ul></nav></body></html>'
    )
    path = _write(tmp_path, "nav.html", page)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: no article text found in the page"


def test_the_page_date_comes_from_htmldate_where_trafilatura_finds_none(tmp_path, monkeypatch):
    import trafilatura

    real = trafilatura.bare_extraction

    def without_date(*args, **kwargs):
        page = real(*args, **kwargs)
        page.date = None
        return page

    monkeypatch.setattr(trafilatura, "bare_extraction", without_date)
    doc = read_document(_write(tmp_path, "page.html", ENGLISH_PAGE))
    assert doc.published == date(2026, 2, 3)


# ---------------------------------------------------------------- Markdown and plain text


def test_markdown_loses_its_markup(tmp_path):
    text = (
        "---\ntitle: Front matter title\ndate: 2026-04-01\nsource: Policy Unit\n---\n"
        "# A plan for **green** finance\n\n"
        "The *Authority* will publish [the roadmap](https://x.example/r) by `2027`.\n"
        "![chart](chart.png)\n\n"
        "> Officials said a __review__ would follow.\n\n"
        "- first item of the list\n"
        "1. second item\n\n"
        "```\ncode block line\n```\n"
    )
    doc = read_document(_write(tmp_path, "note.md", text))
    assert doc.text.split("\n\n") == [
        "Front matter title",
        "A plan for green finance",
        "The Authority will publish the roadmap by 2027.",
        "Officials said a review would follow.",
        "first item of the list",
        "second item",
        "code block line",
    ]
    assert (doc.title, doc.published, doc.publisher) == (
        "Front matter title",
        date(2026, 4, 1),
        "Policy Unit",
    )


def test_a_markdown_heading_first_is_the_title(tmp_path):
    doc = read_document(_write(tmp_path, "n.markdown", "## The title\n\nA body sentence here.\n"))
    assert (doc.title, doc.text) == ("The title", "The title\n\nA body sentence here.")


def test_a_plain_text_header_gives_title_date_source_and_url(tmp_path):
    text = (
        "Council adopts the digital plan\n"
        "Published: 3 February 2026\n"
        "Source: City Council\n"
        "https://council.example.gov/plan\n"
        "\n"
        "The council adopted a plan on Monday. It will connect every school to fibre\n"
        "by the end of 2027, the mayor said.\n"
    )
    doc = read_document(_write(tmp_path, "plan.txt", text))
    assert doc == Document(
        text=(
            "Council adopts the digital plan\n\n"
            "The council adopted a plan on Monday. It will connect every school to fibre "
            "by the end of 2027, the mayor said."
        ),
        title="Council adopts the digital plan",
        publisher="City Council",
        published=date(2026, 2, 3),
        url="https://council.example.gov/plan",
        language="en",
        path=str(tmp_path / "plan.txt"),
    )


@pytest.mark.parametrize(
    ("header", "published", "publisher"),
    [
        ("發佈日期：2026年2月3日\n來源：香港金融管理局", date(2026, 2, 3), "香港金融管理局"),
        ("日期：2026-02-03 10:30｜来源：深圳市人民政府", date(2026, 2, 3), "深圳市人民政府"),
        ("Date: Tuesday, 3 February 2026 | From: Treasury", date(2026, 2, 3), "Treasury"),
        ("Writer: A B  |  From: Daily  |  Updated: 2023-03-14", date(2023, 3, 14), "Daily"),
        ("3 February 2026", date(2026, 2, 3), None),
    ],
)
def test_header_lines_in_either_language(tmp_path, header, published, publisher):
    text = f"標題行\n{header}\n\n金管局今日宣布，將於二〇二七年前推出新的跨境理財通安排。\n"
    doc = read_document(_write(tmp_path, "h.txt", text))
    assert (doc.title, doc.published, doc.publisher) == ("標題行", published, publisher)
    assert doc.text == "標題行\n\n金管局今日宣布，將於二〇二七年前推出新的跨境理財通安排。"


def test_a_first_line_that_is_a_sentence_is_not_a_title(tmp_path):
    doc = read_document(_write(tmp_path, "s.txt", "The plan starts soon.\nIt ends in 2027.\n"))
    assert (doc.title, doc.text) == (None, "The plan starts soon.\n\nIt ends in 2027.")


def test_wrapped_lines_are_joined_and_lines_ending_sentences_are_paragraphs(tmp_path):
    text = (
        "The authority said on Monday that the new licensing regime for stablecoin\n"
        "issuers would take effect in the second half of 2026.\n"
        "A second sentence stands on its own line.\n"
    )
    doc = read_document(_write(tmp_path, "w.txt", text))
    assert doc.text.split("\n\n") == [
        "The authority said on Monday that the new licensing regime for stablecoin "
        "issuers would take effect in the second half of 2026.",
        "A second sentence stands on its own line.",
    ]


def test_utf16_and_gb18030_and_big5_texts(tmp_path):
    simplified = "深圳发布金融科技行动计划\n\n深圳今日宣布，将于二〇二七年前建成金融科技中心。\n"
    traditional = "香港發佈金融科技行動計劃\n\n特區政府今日宣布，將於2027年前推出新的發展藍圖。\n"
    cases = [
        ("u16.txt", simplified.encode("utf-16"), simplified, "zh-Hans"),
        ("gb.txt", simplified.encode("gb18030"), simplified, "zh-Hans"),
        ("big5.txt", traditional.encode("big5"), traditional, "zh-Hant"),
        ("bom.txt", "\ufeff".encode() + traditional.encode(), traditional, "zh-Hant"),
    ]
    for name, data, text, language in cases:
        doc = read_document(_write(tmp_path, name, data))
        assert (doc.text, doc.language) == (text.strip(), language), name
        assert doc.title == text.split("\n")[0]


def test_standard_input_is_read_from_the_bytes_given(tmp_path):
    doc = read_document("-", b"Headline here\n\nThe body of the article, said the minister.\n")
    assert doc == Document(
        text="Headline here\n\nThe body of the article, said the minister.",
        title="Headline here",
        publisher=None,
        published=None,
        url=None,
        language="en",
        path="-",
    )


def test_overrides_beat_what_the_file_says(tmp_path):
    path = _write(tmp_path, "page.html", ENGLISH_PAGE)
    doc = read_document(
        path,
        published=date(2026, 5, 6),
        publisher="Other Publisher",
        url="https://other.example/x",
        title="A title of my own",
    )
    assert (doc.title, doc.publisher, doc.published, doc.url) == (
        "A title of my own",
        "Other Publisher",
        date(2026, 5, 6),
        "https://other.example/x",
    )
    assert doc.text.split("\n\n")[:2] == [
        "A title of my own",
        "Government launches green bond scheme",
    ]


def test_an_override_title_replaces_a_plain_text_title_line(tmp_path):
    path = _write(tmp_path, "t.txt", "Old title\n\nThe body says something here.\n")
    doc = read_document(path, title="New title")
    assert doc.text == "New title\n\nThe body says something here."


# ---------------------------------------------------------------- PDF


def test_a_pdf_with_text(tmp_path):
    pdf = _pdf(b"BT /F1 12 Tf 72 720 Td (The Authority will publish a roadmap by 2027.) Tj ET")
    doc = read_document(_write(tmp_path, "r.pdf", pdf))
    assert (doc.text, doc.title, doc.language) == (
        "The Authority will publish a roadmap by 2027.",
        None,
        "en",
    )


def test_a_pdf_is_sniffed_from_its_content(tmp_path):
    pdf = _pdf(b"BT /F1 12 Tf 72 720 Td (Sniffed text of the page.) Tj ET")
    assert read_document(_write(tmp_path, "r.bin", pdf)).text == "Sniffed text of the page."


def test_a_pdf_without_a_text_layer_is_refused(tmp_path):
    path = _write(tmp_path, "scan.pdf", _pdf(b"0 0 m 100 100 l S"))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: the PDF has no text layer (a scanned document?)"


def test_a_broken_pdf_is_refused_in_one_line(tmp_path):
    path = _write(tmp_path, "broken.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\ngarbage")
    with pytest.raises(InputError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: cannot read the PDF (") and "\n" not in message


# ---------------------------------------------------------------- files that are not articles


def test_a_binary_file_is_refused(tmp_path):
    path = _write(tmp_path, "x.bin", bytes(range(256)) * 4)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: not a text, HTML or PDF file"


@pytest.mark.parametrize("content", [b"", b"  \n\n\t\n", "\ufeff\n".encode()])
def test_an_empty_file_is_refused(tmp_path, content):
    path = _write(tmp_path, "empty.txt", content)
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: the file is empty"


def test_empty_standard_input_is_refused():
    with pytest.raises(InputError) as caught:
        read_document("-", b"")
    assert str(caught.value) == "standard input: the file is empty"


def test_a_missing_file_is_unusable(tmp_path):
    path = str(tmp_path / "nope.txt")
    with pytest.raises(UnusableError) as caught:
        read_document(path)
    assert str(caught.value) == f"cannot read {path}: No such file or directory"
    assert caught.value.exit_code == 1


# ---------------------------------------------------------------- language and seeds


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The Government will act by 2027.", "en"),
        ("政府将于2027年前推出新的发展计划。", "zh-Hans"),
        ("政府將於2027年前推出新的發展計劃。", "zh-Hant"),
        ("The HKMA (香港金融管理局) said on Monday it will consult the industry.", "en"),
        ("金管局表示，將推出 Fintech 2030 及 Project Ensemble 等措施。", "zh-Hant"),
        ("2027 - 2028", None),
    ],
)
def test_the_language_is_told_from_the_text(text, language):
    assert detect_language(text) == language


def test_the_seed_articles():
    sz = read_document(str(SEEDS / "shenzhen-daily-2023-03-14-sz-hk-financial-cooperation.txt"))
    assert (sz.title, sz.publisher, sz.published, sz.url, sz.language) == (
        "\u2018SZ-HK financial cooperation needs enhancement\u2019",
        "Shenzhen Daily",
        date(2023, 3, 14),
        None,
        "en",
    )
    assert "Writer:" not in sz.text  # the header line is metadata, not text
    assert sz.text.endswith(
        "he suggested that Shenzhen should help Hong Kong speed up the construction of an "
        "offshore renminbi center and accelerate the currency\u2019s internationalization process."
    )
    gba = read_document(str(SEEDS / "gba-conference-qianhai-fintech-hub.txt"))
    assert (gba.title, gba.publisher, gba.published, gba.language) == (None, None, None, "en")
    assert len(gba.text.split("\n\n")) == 11
    assert (
        "He also highlighted the launch of a dual-qualification bridging programme in late "
        "2025 with the Hong Kong Polytechnic University"
    ) in gba.text


def test_reading_imports_no_library_until_a_file_needs_it():
    probe = (
        "import sys, tracker.extraction.reading\n"
        "print(sorted(m for m in ('trafilatura', 'htmldate', 'pypdf', 'opencc')"
        " if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout == "[]\n"
