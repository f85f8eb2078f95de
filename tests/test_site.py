"""``tracker site``: the static website, read as a browser and a crawler read it."""

from __future__ import annotations

import itertools
import json
import os
import posixpath
import re
import tomllib
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import html5lib
import icalendar
import pytest
from helpers import dump, listed, ok, run

from tracker.site import paths
from tracker.site.build import (
    CONFIDENCE_LABELS,
    EVENT_LABELS,
    HEALTH_LABELS,
    KIND_HEADINGS,
    KIND_LABELS,
    KIND_SINGULAR,
    RELATION_LABELS,
    STATUS_LABELS,
)

NS = "{http://www.w3.org/1999/xhtml}"
#: The pages of the seed database's site: 13 initiatives and their list, 19 tags, 3
#: jurisdictions, 7 sponsors and the index of each kind, the home page, the style
#: sheet, the feed, the calendar and the data.
SEED_PAGES = 13 + 1 + 19 + 1 + 3 + 1 + 7 + 1 + 1 + 1 + 3


def parse(path: Path) -> object:
    """The page as html5lib reads it; it must parse without a single error."""
    parser = html5lib.HTMLParser(strict=False)
    tree = parser.parse(path.read_bytes())
    assert parser.errors == [], (path, parser.errors[:3])
    return tree


def crawl(root: Path) -> dict[str, object]:
    """Every page reachable from the home page (path from the root -> its tree);
    every relative link must lead to an existing file."""
    seen: dict[str, object] = {}
    todo = [paths.HOME]
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        tree = parse(root / page)
        seen[page] = tree
        for element in tree.iter():  # type: ignore[attr-defined]
            href = element.get("href") if element.tag in (f"{NS}a", f"{NS}link") else None
            if href is None or urlsplit(href).scheme:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
            assert (root / target).is_file(), (page, href)
            if target.endswith(".html"):
                todo.append(target)
    return seen


def headings(tree: object) -> list[tuple[int, str]]:
    return [
        (int(e.tag[-1]), "".join(e.itertext()).strip())
        for e in tree.iter()  # type: ignore[attr-defined]
        if re.fullmatch(rf"{re.escape(NS)}h[1-6]", str(e.tag))
    ]


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_mtime_ns, p.stat().st_ino)
        for p in root.rglob("*")
        if p.is_file()
    }


def build(folder: Path, *args: str) -> str:
    return ok("site", str(folder), *args)


def test_every_page_is_reachable_valid_and_accessible(seeded, tmp_path):
    site = tmp_path / "site"
    assert build(site) == f"site: {SEED_PAGES} pages written, 0 unchanged, 0 removed in {site}\n"
    pages = crawl(site)
    slugs = [i["slug"] for i in listed()]
    assert len(slugs) == 13
    assert {paths.initiative_page(s) for s in slugs} <= set(pages)
    # every file the site wrote is a page reached from the home page, or linked from one
    written = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    assert written - set(pages) == {
        "style.css",
        "feed.xml",
        "calendar.ics",
        "data.json",
        paths.MANIFEST,
    }
    for page, tree in pages.items():
        levels = headings(tree)
        assert [level for level, _ in levels].count(1) == 1, page
        assert levels[0][0] == 1, page
        for (before, _), (after, _) in itertools.pairwise(levels):
            assert after <= before + 1, (page, levels)  # no level skipped going down
        for svg in tree.iter("{http://www.w3.org/2000/svg}svg"):  # type: ignore[attr-defined]
            title = svg.find("{http://www.w3.org/2000/svg}title")
            assert title is not None and "".join(title.itertext()).strip(), page
        for pill in tree.iter(f"{NS}span"):  # type: ignore[attr-defined]
            if "pill" in (pill.get("class") or "").split():
                assert "".join(pill.itertext()).strip(), page  # colour is never alone


def test_an_initiative_page_shows_its_record(seeded, tmp_path):
    site = tmp_path / "site"
    build(site)
    ok(
        "update",
        "fintech-hub-data-platforms",
        "--deadline",
        "2027-06-30",
        "--note",
        "Pushed back a year",
        "--source",
        "https://example.org/news/1",
    )
    build(site)
    shown = json.loads(ok("show", "fintech-hub-data-platforms", "--format", "json"))
    page = site / paths.initiative_page("fintech-hub-data-platforms")
    tree = parse(page)
    text = page.read_text(encoding="utf-8")
    assert headings(tree) == [
        (1, shown["title"]),
        (2, "Timeline"),
        (2, "Deadline moves"),
        (2, "Sources"),
        (2, "History"),
    ]
    assert "Pushed back a year" in text
    assert '<a href="https://example.org/news/1" rel="nofollow">' in text
    assert "2027-06-30" in text
    # the parent, both ways
    parent = shown["parent"]
    assert f'<a href="{parent}.html">' in text
    parent_page = (site / paths.initiative_page(parent)).read_text(encoding="utf-8")
    assert '<a href="fintech-hub-data-platforms.html">' in parent_page
    # every history entry, with its author
    assert text.count("<li") - text.count('<li class="sources"') >= len(shown["history"])
    assert text.count("By analyst") == sum(e["author"] == "analyst" for e in shown["history"])


def test_links_show_at_both_ends(seeded, tmp_path):
    ok("link", "sz-basic-research", "depends-on", "sz-digital-economy-engine")
    site = tmp_path / "site"
    build(site)
    one = (site / paths.initiative_page("sz-basic-research")).read_text(encoding="utf-8")
    other = (site / paths.initiative_page("sz-digital-economy-engine")).read_text(encoding="utf-8")
    assert '<li>Depends on <a href="sz-digital-economy-engine.html">' in one
    assert '<li>Needed by <a href="sz-basic-research.html">' in other


def test_a_second_build_touches_nothing(seeded, tmp_path):
    site = tmp_path / "site"
    build(site)
    before = stamps(site)
    assert build(site) == f"site: 0 pages written, {SEED_PAGES} unchanged, 0 removed in {site}\n"
    assert stamps(site) == before
    (site / "style.css").unlink()  # a file gone from the folder is written again
    assert build(site) == (
        f"site: 1 page written, {SEED_PAGES - 1} unchanged, 0 removed in {site}\n"
    )


def test_a_note_rewrites_only_the_pages_that_show_it(seeded, tmp_path):
    site = tmp_path / "site"
    build(site)
    before = stamps(site)
    ok("update", "offshore-rmb-centre", "--note", "Raised again at the NPC")
    out = build(site)
    after = stamps(site)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed == {
        "initiatives/offshore-rmb-centre.html",
        "index.html",  # recently changed
        "feed.xml",
        "data.json",
        paths.MANIFEST,  # the page's fingerprint
    }
    assert out == f"site: 4 pages written, {SEED_PAGES - 4} unchanged, 0 removed in {site}\n"


def test_progress_rewrites_the_lists_that_show_it(seeded, tmp_path):
    site = tmp_path / "site"
    build(site)
    before = stamps(site)
    ok("update", "offshore-rmb-centre", "--progress", "30")
    build(site)
    after = stamps(site)
    changed = {path for path in after if after[path] != before.get(path)}
    names = [
        paths.name_page("tag", n) for n in ("finance", "offshore-rmb", "rmb-internationalisation")
    ] + [paths.name_page("jurisdiction", n) for n in ("Hong Kong", "Shenzhen")]
    assert changed == {
        "initiatives/offshore-rmb-centre.html",
        "initiatives/index.html",
        *names,
        paths.name_page("sponsor", "He Ping"),
        "tags/index.html",  # their progress
        "jurisdictions/index.html",
        "sponsors/index.html",
        "index.html",
        "feed.xml",
        "data.json",
        paths.MANIFEST,
    }


def test_a_removed_initiative_s_page_goes_and_nothing_else(seeded, tmp_path):
    site = tmp_path / "site"
    build(site)
    (site / "initiatives" / "notes.txt").write_text("mine\n", encoding="utf-8")
    (site / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    ok("remove", "offshore-rmb-centre", "--yes")
    out = build(site)
    assert not (site / paths.initiative_page("offshore-rmb-centre")).exists()
    for tag in ("offshore-rmb", "rmb-internationalisation"):  # its alone
        assert not (site / paths.name_page("tag", tag)).exists()
    assert (site / paths.name_page("tag", "finance")).exists()  # another's too
    assert (site / "initiatives" / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (site / "robots.txt").exists()
    assert out.endswith(f" 3 removed in {site}\n")  # the page and two tags' pages
    crawl(site)


def test_as_of_builds_the_site_as_it_stood(seeded, tmp_path):
    site = tmp_path / "site"
    report = json.loads(ok("report", "--as-of", "2024-06-30", "--format", "json"))
    build(site, "--as-of", "2024-06-30")
    pages = crawl(site)
    assert {p for p in pages if p.startswith("initiatives/") and p != "initiatives/index.html"} == {
        paths.initiative_page(i["slug"]) for i in report["initiatives"]
    }
    assert len(report["initiatives"]) < 13
    data = json.loads((site / paths.DATA).read_text(encoding="utf-8"))
    assert data == report
    home = (site / paths.HOME).read_text(encoding="utf-8")
    assert "As of 2024-06-30" in home
    for entry in report["initiatives"]:
        page = (site / paths.initiative_page(entry["slug"])).read_text(encoding="utf-8")
        assert f'<span class="pill status-{entry["status"]}">' in page
        for day in re.findall(r'<span class="day">(\d{4}-\d\d-\d\d)</span>', page):
            assert day <= "2024-06-30"


def test_base_url_gives_canonical_links_and_links_stay_relative(seeded, tmp_path):
    site = tmp_path / "site"
    build(site, "--base-url", "https://example.org/tracker/")
    pages = crawl(site)
    for page in pages:
        text = (site / page).read_text(encoding="utf-8")
        assert f'<link rel="canonical" href="https://example.org/tracker/{page}">' in text
        assert (
            '<link rel="alternate" type="application/atom+xml" title="Updates"'
            ' href="https://example.org/tracker/feed.xml">'
        ) in text
    no_base = tmp_path / "plain"
    build(no_base)
    assert "canonical" not in (no_base / paths.HOME).read_text(encoding="utf-8")


def test_zh_hant_translates_the_site_s_own_words(seeded, tmp_path):
    site = tmp_path / "site"
    build(site, "--lang", "zh-Hant")
    crawl(site)
    home = parse(site / paths.HOME)
    assert headings(home) == [
        (1, "政策措施追蹤"),
        (2, "按狀態"),
        (2, "按進度狀況"),
        (2, "逾期"),
        (2, "即將到期"),
        (2, "最近變動"),
        (2, "延誤"),
    ]
    text = (site / paths.HOME).read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in text
    assert '<span class="pill status-in_progress">進行中</span>' in text
    # the status "Announced" is not the day "Announced" (公布日期): a message context
    assert '<span class="pill status-announced">已公布</span>' in text
    assert "公布日期</span>" not in text
    tags = parse(site / paths.names_index("tag"))
    assert headings(tags) == [(1, "標籤")]
    hans = tmp_path / "hans"
    build(hans, "--lang", "zh-Hans")
    assert headings(parse(hans / paths.names_index("tag"))) == [(1, "标签")]


def test_every_word_of_the_site_is_in_every_catalogue():
    from tracker.i18n import catalogue

    folder = resources.files("tracker.site") / "templates"
    words = set()
    for template in folder.iterdir():
        words |= set(re.findall(r"_\('([^']+)'\)", template.read_text(encoding="utf-8")))
    for table in (
        STATUS_LABELS,
        HEALTH_LABELS,
        CONFIDENCE_LABELS,
        KIND_LABELS,
        EVENT_LABELS,
        RELATION_LABELS,
        KIND_HEADINGS,
        KIND_SINGULAR,
    ):
        words |= set(table.values())
    words |= {"Policy initiative tracker", "All initiatives", "History", "Started"}
    assert len(words) > 80
    for lang in ("zh-Hant", "zh-Hans"):
        assert sorted(words - set(catalogue(lang))) == [], lang


def test_feed_and_calendar_read_as_their_programs_read_them(seeded, tmp_path):
    site = tmp_path / "site"
    build(site)
    feed = feedparser.parse((site / paths.FEED).read_bytes())
    assert feed.bozo == 0
    assert [e.id for e in feed.entries] == [e.id for e in feedparser.parse(ok("feed")).entries]
    assert len(feed.entries) == 13  # one per seeded initiative (the feed carries 50)
    assert (site / paths.FEED).read_text(encoding="utf-8") == ok("feed")
    calendar = icalendar.Calendar.from_ical((site / paths.CALENDAR).read_bytes())
    assert len(list(calendar.walk("VEVENT"))) > 0
    assert (site / paths.CALENDAR).read_text(encoding="utf-8").replace("\r\n", "\n") == ok(
        "calendar"
    ).replace("\r\n", "\n")


def test_with_a_base_url_the_feed_and_calendar_link_to_the_sites_pages(seeded, tmp_path):
    """The feed's and the calendar's links are the pages this build wrote: the same
    layout (tracker.renderers.sitepaths), the same bytes as tracker feed/calendar."""
    site, base = tmp_path / "site", "https://example.org/tracker"
    build(site, "--base-url", base + "/")
    feed = feedparser.parse((site / paths.FEED).read_bytes())
    assert (feed.bozo, feed.feed.id) == (0, f"{base}/feed.xml")
    assert {link.rel: link.href for link in feed.feed.links} == {
        "self": f"{base}/feed.xml",
        "alternate": f"{base}/",
    }
    pages = [link.href for entry in feed.entries for link in entry.links if link.rel == "alternate"]
    assert len(pages) == len(feed.entries) == 13
    assert (site / paths.FEED).read_text(encoding="utf-8") == ok("feed", "--base-url", base)
    calendar = icalendar.Calendar.from_ical((site / paths.CALENDAR).read_bytes())
    pages += [str(event["URL"]) for event in calendar.walk("VEVENT")]
    for page in pages:
        assert page.startswith(base + "/initiatives/")
        assert (site / page.removeprefix(base + "/")).is_file(), page


def test_json_summary(seeded, tmp_path):
    """The keys docs/json.md documents; nothing on standard error off a terminal (no
    progress bar), nothing at all with --quiet."""
    site = tmp_path / "site"
    result = run("site", str(site), "--format", "json")
    assert result.stderr == ""
    out = json.loads(result.stdout)
    assert out == {
        "folder": str(site),
        "as_of": "2026-11-22",
        "lang": "en",
        "pages": SEED_PAGES,
        "written": SEED_PAGES,
        "unchanged": 0,
        "removed": 0,
    }
    quiet = run("site", str(site), "--quiet")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--lang", "xx"), 2, "error: unknown --lang 'xx'; choose from en, zh-Hant, zh-Hans\n"),
        (
            ("--base-url", "example.org"),
            2,
            "error: --base-url must be an absolute http(s) URL such as"
            " https://example.org/tracker, not 'example.org'\n",
        ),
        (("--as-of", "not a day at all"), 2, None),
    ],
)
def test_bad_options_are_refused_before_anything_is_written(seeded, tmp_path, args, code, message):
    site = tmp_path / "site"
    before = dump(seeded / "tracker.db")
    result = run("site", str(site), *args)
    assert result.exit_code == code
    if message is not None:
        assert result.stderr == message
    else:
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1
    assert not site.exists()
    assert dump(seeded / "tracker.db") == before


def test_dir_that_is_a_file_is_refused(seeded, tmp_path):
    target = tmp_path / "page.html"
    target.write_text("x", encoding="utf-8")
    result = run("site", str(target))
    assert (result.exit_code, result.stderr) == (1, f"error: {target} is not a folder\n")
    assert target.read_text(encoding="utf-8") == "x"


def test_name_keys_are_safe_readable_stable_and_distinct():
    assert paths.name_key("finance") == "finance"
    assert paths.name_key("Hong Kong").startswith("hong-kong-")
    assert paths.name_key("香港").startswith("xiang-gang-")
    assert paths.name_key("香港") == paths.name_key("香港")
    keys = {paths.name_key(n) for n in ("Tag 1", "tag 1", "tag-1", "TAG-1", "index")}
    assert len(keys) == 5 and "index" not in keys
    assert all(re.fullmatch(r"[a-z0-9-]+", k) for k in keys)


def test_templates_and_catalogues_ship_with_the_package():
    """What a plain ``pip install .`` installs: the package data globs of pyproject.toml
    cover every template and catalogue (and they are found through the package)."""
    config = tomllib.loads(
        (Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    )
    data = config["tool"]["setuptools"]["package-data"]
    assert "tracker.site" in config["tool"]["setuptools"]["packages"]
    site = resources.files("tracker.site")
    shipped = {str(p.name) for p in (site / "templates").iterdir()}
    assert {"base.html", "initiative.html", "home.html", "style.css"} <= shipped
    for name in shipped:
        assert any(
            posixpath.basename(glob).replace("*", "") in name for glob in data["tracker.site"]
        )
    for folder in ("zh_Hant", "zh_Hans"):
        po = resources.files("tracker") / "locale" / folder / "LC_MESSAGES" / "tracker.po"
        assert po.is_file()
    assert data["tracker"] == ["locale/*/LC_MESSAGES/*.po"]
    assert os.path.basename(str(po)) == "tracker.po"
