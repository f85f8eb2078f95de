"""tracker report --format html as its readers get it: parsed by a strict HTML5 parser
(html5lib), its links, its timeline, its signals in words as well as colours, its print
styles and its accessibility basics. (A real browser's view: tests/test_browser.py.)"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from helpers import ok
from test_report import AS_OF, SCENARIO

NS = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def scenario(seeded: Path) -> Path:
    for args in SCENARIO:
        ok("update", *args)
    return seeded


def report(*args: str) -> str:
    return ok("report", "--as-of", AS_OF, "--format", "html", *args)


def parse(text: str) -> Element:
    """The document, read by html5lib's strict parser: any parse error raises."""
    tree: Element = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(text)
    return tree


def text_of(element: Element) -> str:
    """What a reader sees of an element: its text, with SVG titles left out, and a space
    between elements (many are blocks: the slug below the title, the cards' lines)."""
    parts = []

    def walk(node: Element) -> None:
        if node.tag in (f"{SVG}title", f"{NS}style", f"{NS}title"):
            return
        parts.append(node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(element)
    return " ".join(" ".join(parts).split())


def classes(element: Element) -> set[str]:
    return set((element.get("class") or "").split())


def find_class(root: Element, tag: str, name: str) -> list[Element]:
    return [e for e in root.iter(f"{NS}{tag}") if name in classes(e)]


def timeline_rows(root: Element) -> dict[str, Element]:
    """The timeline's rows by slug."""
    (table,) = find_class(root, "table", "timeline")
    rows = {}
    for row in table.iter(f"{NS}tr"):
        slugs = [s for s in row.iter(f"{NS}span") if "slug" in classes(s)]
        if slugs:
            rows[slugs[0].text or ""] = row
    return rows


# -- a valid document ----------------------------------------------------------------------


def test_every_report_parses_with_no_error(scenario: Path) -> None:
    ok("add", '<script>alert(1)</script> & "q"', "--slug", "xss", "--deadline", "2026")
    ok("update", "xss", "--source", "https://example.org/?a=1&b=<2>", "--note", "</td>")
    for args in ((), ("--rows", "1"), ("--as-of", "2020-01-01"), ("--tag", "nothing-has-it")):
        parse(ok("report", "--format", "html", *args))
    parse(report())


# -- sources are links -----------------------------------------------------------------------


def test_a_source_with_a_url_is_a_link_and_one_without_is_text(scenario: Path) -> None:
    root = parse(report())
    links = [(a.get("href"), text_of(a)) for a in root.iter(f"{NS}a")]
    assert links == [("https://www.polyu.edu.hk/", "https://www.polyu.edu.hk/")]
    (slipped,) = [
        td for td in root.iter(f"{NS}td") if "LegCo paper" in text_of(td) and td.get("data-label")
    ][-1:]
    assert not list(slipped.iter(f"{NS}a"))  # a title alone: no address to follow


def test_a_titled_source_links_its_title_escaped(scenario: Path) -> None:
    ok(
        "source",
        "add",
        "bridging-programme",
        "https://example.org/page?a=1&b=2",
        "--title",
        'PolyU <b>page</b> & "more"',
        "--on",
        "2026-01-13",
    )
    html = report()
    assert (
        '<a class="titled" href="https://example.org/page?a=1&amp;b=2">'
        "PolyU &lt;b&gt;page&lt;/b&gt; &amp; &quot;more&quot;</a>"
    ) in html
    parse(html)


@pytest.mark.parametrize(
    ("source", "href"),
    [
        ("./papers/cb1-123.pdf", "./papers/cb1-123.pdf"),
        ("http://example.org/a", "http://example.org/a"),
        ("javascript://x/%0Aalert(1)", None),
        ("JavaScript://x/%0Aalert(1)", None),
        ("data://text/html,x", None),
        ("file:///etc/passwd", None),
        ("vbscript://x", None),
        ("https://", None),
        ("//evil.example/x", None),
    ],
)
def test_only_safe_addresses_become_links(seeded: Path, source: str, href: str | None) -> None:
    ok("update", "bridging-programme", "--source", source, "--note", "n", "--on", "2026-01-14")
    root = parse(report())
    assert [a.get("href") for a in root.iter(f"{NS}a")] == ([href] if href else [])
    assert source.replace("&", "&amp;") in report()  # shown as text when not a link


def test_safe_href_refuses_control_characters_and_hidden_schemes() -> None:
    from tracker.renderers.html import safe_href

    for url in ("java\tscript:alert(1)", " javascript:alert(1)", "\x01javascript:x", "a b", ""):
        assert safe_href(url) is None
    assert safe_href("papers/a%20b.pdf") == "papers/a%20b.pdf"
    assert safe_href("mailto:press@example.org") == "mailto:press@example.org"
    assert safe_href("mailto:") is None
    assert safe_href("https://[::1/") is None  # malformed host


# -- the timeline: titles, and health and confidence in words -----------------------------


def test_timeline_rows_show_the_whole_title_with_the_slug_below(scenario: Path) -> None:
    rows = timeline_rows(parse(report()))
    assert list(rows) == [
        "bridging-programme",
        "hk-fintech-sz-subsidiaries",
        "fintech-hub-data-platforms",
        "fintech-hub-digital-finance",
        "fintech-hub-green-finance",
        "fintech-hub-action-plan",
    ]
    first = rows["bridging-programme"].find(f"{NS}td")
    assert first is not None
    assert first.text == "Dual-qualification banking-talent bridging programme with PolyU"
    assert text_of(first) == f"{first.text} bridging-programme"


def test_a_stale_red_initiative_does_not_look_on_track(scenario: Path) -> None:
    ok("update", "fintech-hub-data-platforms", "--confidence", "red", "--on", "2025-01-01")
    rows = {slug: text_of(row) for slug, row in timeline_rows(parse(report())).items()}
    assert rows["fintech-hub-data-platforms"] == (
        "Fintech hub action plan: cross-border data platforms fintech-hub-data-platforms"
        " by 2027 2027-01-01.. 2027-12-31 \u2713 on track \u25cf confidence red"
        " stale: no update for 379 days"
    )
    assert rows["fintech-hub-action-plan"] == (
        "Three-year action plan for a Hong Kong-Shenzhen global fintech hub"
        " fintech-hub-action-plan H1 2028 2028-01-01.. 2028-06-30 \u2713 on track"
    )
    assert rows["bridging-programme"].endswith("2025-09-01.. 2025-12-31 \u25b2 overdue")
    assert rows["hk-fintech-sz-subsidiaries"].endswith("\u25c6 due soon")
    assert rows["fintech-hub-green-finance"].endswith("\u2713 on track \u25cf confidence amber/red")


def test_every_coloured_mark_is_also_written(scenario: Path) -> None:
    """Colour is never the only signal: each element drawn in a warning colour says in
    words what the colour means, or sits in a row or card that does."""
    ok("update", "fintech-hub-data-platforms", "--confidence", "red", "--on", "2025-01-01")
    root = parse(report())
    cards = {text_of(card) for card in find_class(root, "div", "card")}
    assert cards == {
        "13 Initiatives",
        "7% Progress",
        "1 Overdue",
        "1 Due soon",
        "3 Changed",
        "1 Slipped",
        "9 Stale",
    }
    for row in timeline_rows(root).values():
        bands = [e for e in row.iter() if "band" in classes(e)]
        assert bands, "every row draws its deadline"
        if any("overdue" in classes(e) for e in bands):
            assert "\u25b2 overdue" in text_of(row)
    for dot in find_class(root, "span", "dot"):
        (level,) = classes(dot) - {"dot"}
        assert level in {"green", "amber_green", "amber", "amber_red", "red"}
        assert dot.get("aria-hidden") == "true"  # the words beside it say the level
    written = [text_of(e) for e in find_class(root, "span", "confidence")]
    # the stale section's row and the timeline's for the red one, the timeline's for the other
    assert written == [
        "\u25cf confidence red",
        "\u25cf confidence red",
        "\u25cf confidence amber/red",
    ]


# -- rows not shown, in words --------------------------------------------------------------


def test_rows_not_shown_are_counted_in_words(scenario: Path) -> None:
    html = report("--rows", "2")
    assert "--rows" not in html
    more = [text_of(p) for p in find_class(parse(html), "p", "more")]
    assert more[:3] == [
        "1 more initiative not shown here: this report lists the first 2 of 3.",
        "7 more initiatives not shown here: this report lists the first 2 of 9.",
        "17 more tags not shown here: this report lists the first 2 of 19.",
    ]
    assert "1 more jurisdiction not shown here: this report lists the first 2 of 3." in more
    assert not find_class(parse(report("--rows", "0")), "p", "more")[:-1]  # the legend only


# -- print and narrow screens --------------------------------------------------------------


def test_no_text_is_drawn_under_9_points(scenario: Path) -> None:
    """Every font size in the styles is at least 12 CSS pixels (9 pt printed), and no
    SVG has a viewBox that would scale its text (the timeline printed at 7 pt before)."""
    html = report()
    style = html.split("<style>")[1].split("</style>")[0]
    sizes = [float(n) for n in re.findall(r"font(?:-size)?:\s*(?:\d+ )?(\d+(?:\.\d+)?)px", style)]
    assert sizes and min(sizes) >= 12
    assert not re.findall(r"font(?:-size)?:[^;]*\d(?:pt|em|rem|%)", style)
    assert "viewBox" not in html


def test_print_styles_keep_bars_with_their_figures_and_cards_in_rows(scenario: Path) -> None:
    html = report()
    style = html.split("<style>")[1].split("</style>")[0]
    assert "@media print" in style
    assert ".progress { white-space: nowrap; }" in style
    root = parse(html)
    for progress in find_class(root, "span", "progress"):
        assert re.fullmatch(r"\d+%", text_of(progress))
        assert "bar" in classes(progress[0])
    # seven cards: 4 + 3 (twelve columns, spans of 3 then 4), or 7 across on a wide screen
    assert ".cards { display: grid; grid-template-columns: repeat(12, minmax(0, 1fr));" in style
    assert ".card:nth-child(n+5) { grid-column: span 4; }" in style
    assert len(find_class(root, "div", "card")) == 7


# -- accessibility basics -------------------------------------------------------------------


def test_one_h1_headings_in_order_and_every_svg_named(scenario: Path) -> None:
    for html in (report(), ok("report", "--format", "html", "--as-of", "2020-01-01")):
        root = parse(html)
        levels = [int(e.tag[-1]) for e in root.iter() if re.fullmatch(rf"{NS}h[1-6]", e.tag)]
        assert levels.count(1) == 1 and levels[0] == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
        assert root.get("lang") == "en"
        for svg in root.iter(f"{SVG}svg"):
            named = svg.get("aria-label") or svg.find(f"{SVG}title") is not None
            assert named or svg.get("aria-hidden") == "true", svg.attrib
