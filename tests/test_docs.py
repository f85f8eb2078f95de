"""The documentation holds together: relative links resolve, the generated `--help`
is current (cog --check), every command has its help, and the library example runs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def _anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    anchors: set[str] = set()
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    for heading in re.findall(r"^#{1,6} (.+)$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        candidate, n = slug, 0
        while candidate in anchors:
            n += 1
            candidate = f"{slug}-{n}"
        anchors.add(candidate)
    return anchors


def _links(page: Path) -> list[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)  # code spans are not links
    return [target for target in LINK.findall(text) if not re.match(r"[a-z]+:", target)]


def test_there_are_pages_and_links():
    assert len(PAGES) >= 10
    assert sum(len(_links(page)) for page in PAGES) >= 40


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_relative_links_resolve(page):
    for target in _links(page):
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.exists(), f"{page.name}: {target} (no such file)"
        if anchor:
            assert file.suffix == ".md", f"{page.name}: {target} (anchor into a non-page)"
            assert anchor in _anchors(file), f"{page.name}: {target} (no such heading)"


def test_index_lists_every_page():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        if page.name != "index.md":
            assert f"]({page.name})" in index, page.name
    assert "](docs/index.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def _cogged() -> list[Path]:
    return [page for page in PAGES if "[[[cog" in page.read_text(encoding="utf-8")]


def test_generated_help_is_current():
    """What `.ci/run` checks too: `cog -r` on these files would change nothing."""
    files = [str(page.relative_to(ROOT)) for page in _cogged()]
    assert files == ["docs/commands.md"]
    done = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_command_has_its_generated_help():
    from tracker.cli import app

    text = (DOCS / "commands.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]
    assert len(names) == 28
    assert "<!-- [[[cog show_help() ]]] -->" in text
    for name in names:
        assert f"\n## tracker {name}\n" in text, name
        assert f'<!-- [[[cog show_help("{name}") ]]] -->' in text, name
        assert f"Usage: tracker {name} [OPTIONS]" in text, name


def test_library_example_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = (DOCS / "library.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"^```python\n(.*?)^```", text, re.S | re.M)
    namespace: dict = {}
    exec(compile(code, "docs/library.md", "exec"), namespace)
    assert [i.slug for i in namespace["overdue"]] == ["bridging-programme"]
