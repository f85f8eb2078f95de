"""Open HTML files in headless Chromium, keep what it shows, and check it.

    python bench/browser_check.py [FILE ...] [--out DIR] [--width N ...]

Each file (default: the HTML report of the seed database, built into a temporary
folder) is rendered at each width (default 1280 and 390 CSS pixels; a screenshot of
the whole page each) and printed to A4 (a PDF), all written to ``--out`` (default: a
new temporary folder, printed). Checked: no text overflows its box, nothing printed is
under 9 pt, every link resolves (relative files exist; http(s) links are well formed,
never fetched). Exit 0 when nothing is found, 1 otherwise, 2 without a Chromium.

Point it at every page of a static site the same way: ``bench/browser_check.py
site/index.html site/initiatives/*.html``. The checking code is tests/browser.py,
which tests/test_browser.py runs in the suite.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser import Browser, check_pages, find_chromium
from stresskit import environment, tracker_command


def seed_report(folder: Path) -> Path:
    """The seed database's HTML report (as of TRACKER_TODAY, 2026-11-22), in ``folder``."""
    env = environment(folder / "tracker.db")
    report = folder / "report.html"
    for args in (["init", "--seed"], ["report", "--format", "html", "--output", str(report)]):
        subprocess.run([*tracker_command(), *args], env=env, check=True, capture_output=True)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="HTML files (default: seed report)")
    parser.add_argument("--out", type=Path, help="where screenshots and PDFs go")
    parser.add_argument(
        "--width", type=int, action="append", help="CSS pixels (repeat; default 1280 and 390)"
    )
    options = parser.parse_args()
    if find_chromium() is None:
        print("no chromium on the PATH (apt-get install chromium, or set CHROMIUM)")
        return 2
    work = Path(tempfile.mkdtemp(prefix="browser-check-"))
    files = options.files or [seed_report(work)]
    out = options.out or work / "out"
    widths = tuple(options.width or (1280, 390))
    started = time.perf_counter()
    with Browser() as browser:
        found = check_pages(files, out, widths, browser=browser)
    seconds = time.perf_counter() - started
    for path, problems in found.items():
        print(f"{path}: {len(problems)} problem{'' if len(problems) == 1 else 's'}")
        for problem in problems:
            print(f"  {problem}")
    print(
        f"{len(files)} file(s) at {', '.join(map(str, widths))} px and printed (A4)"
        f" in {seconds:.1f} s; screenshots and PDFs in {out}"
    )
    return 1 if any(found.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
