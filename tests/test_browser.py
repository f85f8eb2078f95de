"""The HTML report in a real browser (headless Chromium, when installed): at 1280 and
390 pixels and printed to A4, no text overflows its box, nothing prints under 9 pt,
and every link resolves. The checking code is tests/browser.py (bench/browser_check.py
runs it on any files and keeps the screenshots and PDFs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import Browser, check_links, check_pages, find_chromium
from helpers import ok
from test_report import AS_OF, SCENARIO

needs_chromium = pytest.mark.skipif(
    find_chromium() is None,
    reason="no chromium on the PATH (apt-get install chromium, or set CHROMIUM)",
)


@pytest.fixture(scope="module")
def browser():
    with Browser() as one:
        yield one


def page(tmp_path: Path, name: str, body: str, style: str = "") -> Path:
    path = tmp_path / name
    path.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>t</title><style>{style}</style></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    return path


# -- links: no browser needed --------------------------------------------------------------


def test_links_resolve_or_are_named(tmp_path: Path) -> None:
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "a b.pdf").write_bytes(b"%PDF")
    path = page(
        tmp_path,
        "links.html",
        '<a href="papers/a%20b.pdf#p2">ok</a><a href="#top">ok</a>'
        '<a href="https://example.org/x?y=1">ok</a><a href="mailto:a@example.org">ok</a>'
        '<a href="papers/missing.pdf">1</a><a href="javascript:alert(1)">2</a>'
        '<a href="https://">3</a><a href="mailto:">4</a><a href="//host/x">5</a>'
        '<a href=" https://example.org/">6</a><a href="http://example.org:99999/">7</a>',
    )
    assert check_links(path) == [
        f"a.href 'papers/missing.pdf': {tmp_path / 'papers/missing.pdf'} does not exist",
        "a.href 'javascript:alert(1)': scheme javascript not allowed",
        "a.href 'https://': not a well-formed web address",
        "a.href 'mailto:': no address",
        "a.href '//host/x': scheme // not allowed",
        "a.href ' https://example.org/': empty, padded or with control characters",
        "a.href 'http://example.org:99999/': malformed (Port out of range 0-65535)",
    ]


# -- in the browser ------------------------------------------------------------------------


@needs_chromium
def test_the_report_reads_well_on_screens_and_paper(seeded: Path, tmp_path: Path, browser) -> None:
    for args in SCENARIO:
        ok("update", *args)
    ok("update", "bridging-programme", "--source", "./papers/plan.pdf", "--on", "2026-01-13")
    ok("update", "fintech-hub-data-platforms", "--confidence", "red", "--on", "2025-01-01")
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "plan.pdf").write_bytes(b"%PDF-1.4\n")
    report = tmp_path / "report.html"
    ok("report", "--as-of", AS_OF, "--format", "html", "--output", str(report))
    limited = tmp_path / "rows.html"
    ok("report", "--as-of", AS_OF, "--format", "html", "--rows", "1", "--output", str(limited))
    # a name with no break in it, a timeline over decades, a one-day deadline
    ok("add", "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2, "--deadline", "2027-03-01")
    ok("add", "Carbon neutrality", "--deadline", "by 2060", "--announced", "2020-09-22")
    hard = tmp_path / "hard.html"
    ok("report", "--format", "html", "--output", str(hard))
    out = tmp_path / "out"
    found = check_pages([report, limited, hard], out, browser=browser)
    assert found == {report: [], limited: [], hard: []}
    assert sorted(p.name for p in out.iterdir()) == [
        "hard-1280.png",
        "hard-390.png",
        "hard.pdf",
        "report-1280.png",
        "report-390.png",
        "report.pdf",
        "rows-1280.png",
        "rows-390.png",
        "rows.pdf",
    ]
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert (out / "report-390.png").read_bytes().startswith(b"\x89PNG")


@needs_chromium
def test_the_checker_sees_overflow_small_print_and_broken_links(tmp_path: Path, browser) -> None:
    """The checks can fail: each fault of this page is found."""
    path = page(
        tmp_path,
        "bad.html",
        '<div class="box">Averyveryverylongwordthatcannotwrap</div>'
        '<p class="tiny">small print</p><a href="gone.html">gone</a>'
        '<div class="wide">wide</div>'
        '<svg viewBox="0 0 1000 20" width="300" aria-label="x"><text y="15">scaled</text></svg>',
        style=".box { width: 80px; border: 1px solid; } .tiny { font-size: 10px; }"
        " .wide { width: 600px; } svg text { font-size: 12px; }",
    )
    (problems,) = check_pages([path], browser=browser, widths=(390,)).values()
    assert problems[0] == f"link: a.href 'gone.html': {tmp_path / 'gone.html'} does not exist"
    assert problems[1].startswith("390px: page is 608px wide on a 390px screen: div.wide too wide")
    assert problems[2].startswith(
        '390px: text "Averyveryverylongwordthatcannotwrap" overflows its box div.box'
    )
    assert 'print: text "small print" in p.tiny is 7.5 pt, under 9.0 pt' in problems
    assert 'print: text "scaled" in svg > text is 2.7 pt, under 9.0 pt' in problems


# -- the static site -----------------------------------------------------------------------


def _reachable(home: Path) -> list[Path]:
    """Every page reached by following links from ``home`` (relative links only)."""
    import re
    from urllib.parse import unquote, urlsplit

    seen, todo = [home.resolve()], [home.resolve()]
    while todo:
        page_path = todo.pop()
        for href in re.findall(r'href="([^"]+)"', page_path.read_text(encoding="utf-8")):
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.endswith(".html"):
                continue
            target = (page_path.parent / unquote(parts.path)).resolve()
            if target not in seen:
                seen.append(target)
                todo.append(target)
    return seen


@needs_chromium
def test_the_seed_site_in_a_real_browser(seeded: Path, tmp_path: Path, browser) -> None:
    """The site for the seed database, browsed from its home page in headless Chromium:
    every initiative has a reachable page, and the home page, the list of initiatives,
    every initiative's page and one page of each kind of name show no overflowing text
    at 1280 and 390 px, print at 9 pt or more, and have no broken link."""
    site = tmp_path / "site"
    ok(
        "update",
        "bridging-programme",
        "--confidence",
        "red",
        "--source",
        "https://ex.org/a?b=1&c_d=2",
    )
    ok("site", str(site))
    pages = _reachable(site / "index.html")
    initiatives = sorted(p for p in pages if p.parent.name == "initiatives" and p.stem != "index")
    assert len(initiatives) == 13
    chosen = [site / "index.html", site / "initiatives" / "index.html", *initiatives]
    for kind in ("tags", "jurisdictions", "sponsors"):
        chosen.append(next(p for p in pages if p.parent.name == kind and p.stem != "index"))
    found = check_pages([p.resolve() for p in chosen], browser=browser)
    assert {str(p): problems for p, problems in found.items() if problems} == {}
