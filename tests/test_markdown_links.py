"""Issue 16: report --format markdown as GitHub (cmark-gfm) and markdown-it read it.

URLs are links whose address is the one recorded (no Markdown backslash in them);
the text around them keeps its escaping.
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import ok

#: (recorded source URL, the href a Markdown reader must give): real-world addresses
#: with &, _, %, ( ), #, a space and a Chinese path. Non-ASCII and the space come out
#: percent-encoded (UTF-8), as both readers write an href; the rest as recorded.
URLS = [
    (
        "https://www.gov.cn/zhengce/content/2023-08/28.htm?x=1&y=2",
        "https://www.gov.cn/zhengce/content/2023-08/28.htm?x=1&y=2",
    ),
    (
        "https://www.hkma.gov.hk/eng/news-and-media/press-releases/2024/01/20240115_3/",
        "https://www.hkma.gov.hk/eng/news-and-media/press-releases/2024/01/20240115_3/",
    ),
    (
        "https://www.sz.gov.cn/cn/xxgk/%E6%94%BF%E7%AD%96.pdf",
        "https://www.sz.gov.cn/cn/xxgk/%E6%94%BF%E7%AD%96.pdf",
    ),
    (
        "https://en.wikipedia.org/wiki/Qianhai_(Shenzhen)",
        "https://en.wikipedia.org/wiki/Qianhai_(Shenzhen)",
    ),
    (
        "https://www.legco.gov.hk/yr2024/english/panels/fa/papers.htm#fa_2024",
        "https://www.legco.gov.hk/yr2024/english/panels/fa/papers.htm#fa_2024",
    ),
    (
        "https://www.info.gov.hk/gia/general/202401/Policy Address.pdf",
        "https://www.info.gov.hk/gia/general/202401/Policy%20Address.pdf",
    ),
    (
        "https://www.gov.cn/zhengce/深圳前海.htm",
        "https://www.gov.cn/zhengce/%E6%B7%B1%E5%9C%B3%E5%89%8D%E6%B5%B7.htm",
    ),
]


class _Links(HTMLParser):
    """The href of each link, the text of each <em>/<strong>, and all the text."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.emphasis = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs)["href"] or "")
        if tag in ("em", "strong", "del"):
            self.emphasis += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _markdown_it(text: str) -> _Links:
    from markdown_it import MarkdownIt

    parser = _Links()
    parser.feed(MarkdownIt("gfm-like", {"linkify": True}).render(text))
    return parser


def _cmark_gfm(text: str) -> _Links:
    binary = shutil.which("cmark-gfm")
    if binary is None:
        pytest.skip("cmark-gfm is not installed (apt-get install cmark-gfm)")
    done = subprocess.run(
        [binary, "-e", "table", "-e", "autolink", "-e", "strikethrough"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    parser = _Links()
    parser.feed(done.stdout)
    return parser


READERS = [pytest.param(_markdown_it, id="markdown-it"), pytest.param(_cmark_gfm, id="cmark-gfm")]


def _changed(text: str) -> str:
    """The report's changed section (its table)."""
    return text[text.index("## Changed") : text.index("## Slipped")]


@pytest.mark.parametrize("read", READERS)
def test_source_urls_are_links_to_the_recorded_address(seeded: Path, read) -> None:
    for url, _ in URLS:
        ok("update", "offshore-rmb-centre", "--source", url)
    section = _changed(ok("report", "--format", "markdown"))
    assert "\\" not in section.split("| source: ", 1)[1]  # no backslash in any address
    assert read(section).hrefs == [href for _, href in URLS]


@pytest.mark.parametrize("read", READERS)
def test_a_titled_source_links_its_title(seeded: Path, read) -> None:
    url, href = URLS[0]
    ok("source", "add", "offshore-rmb-centre", url, "--title", "Notice *No. 28* [2023]")
    section = _changed(ok("report", "--format", "markdown"))
    assert f"source: [Notice \\*No. 28\\* \\[2023\\]](<{url}>)" in section
    read_ = read(section)
    assert read_.hrefs == [href]
    assert read_.emphasis == 0 and "Notice *No. 28* [2023]" in "".join(read_.text)


@pytest.mark.parametrize("read", READERS)
def test_urls_in_notes_are_links_and_the_rest_stays_text(seeded: Path, read) -> None:
    ok(
        "update",
        "offshore-rmb-centre",
        "--note",
        f"see {URLS[0][0]}, and (per {URLS[3][0]}) the _rest_ of *it*.",
    )
    section = _changed(ok("report", "--format", "markdown"))
    read_ = read(section)
    assert read_.hrefs == [URLS[0][1], URLS[3][1]]
    assert read_.emphasis == 0
    assert "the _rest_ of *it*." in "".join(read_.text)


@pytest.mark.parametrize("read", READERS)
def test_a_title_with_emphasis_marks_stays_text(seeded: Path, read) -> None:
    ok("add", "Make *fintech* great_again_ ~~now~~", "--slug", "emph", "--deadline", "2025")
    text = ok("report", "--format", "markdown")
    overdue = text[text.index("## Overdue") : text.index("## Due soon")]
    read_ = read(overdue)
    assert read_.emphasis == 0 and read_.hrefs == []
    assert "Make *fintech* great_again_ ~~now~~" in "".join(read_.text)


@pytest.mark.parametrize("read", READERS)
def test_an_ampersand_that_looks_like_an_entity_stays_in_the_address(seeded: Path, read) -> None:
    url = "https://example.org/list?a=1&copy;=2&sect=3"
    ok("update", "offshore-rmb-centre", "--source", url, "--note", f"also {url}")
    assert read(_changed(ok("report", "--format", "markdown"))).hrefs == [url, url]
