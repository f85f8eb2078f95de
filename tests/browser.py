"""Open HTML files in headless Chromium and check what a reader would see.

Shared by tests/test_browser.py and bench/browser_check.py (the suite may not import
from bench/). Only the standard library: Chromium is driven over the DevTools protocol
on a pipe (``--remote-debugging-pipe``: we write JSON commands, each ended by a NUL
byte, to its fd 3 and read its answers from its fd 4), so no Playwright or downloaded
browser is needed, only a ``chromium`` on the PATH.

:func:`check_pages` takes any list of files (one report, or every page of a static
site): each is rendered at every width asked (1280 and 390 CSS pixels by default) and
printed to A4, with a screenshot or PDF of each written where asked, and checked:

- no text overflows its box (a text line outside the box that holds it, text cut off by
  a box that clips, an SVG text outside its SVG, or the page wider than the window);
- printed, no text smaller than 9 pt (12 CSS pixels; SVG text as scaled);
- every link resolves (:func:`check_links`): a relative one names a file that exists,
  an http(s) one is well formed (never fetched), mailto has an address; nothing else.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

#: A4 less Chromium's default margins (0.4 in each side), in CSS pixels (96 a inch).
A4_INCHES = (8.27, 11.69)
PRINT_WIDTH = round((A4_INCHES[0] - 0.8) * 96)
MIN_PRINT_PX = 12.0  # 9 pt

# Run in the page: every problem a reader would see, as strings.
CHECK_SCRIPT = r"""
(() => {
  const problems = [];
  const minFont = %(min_font)s;
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      let name = e.tagName.toLowerCase();
      if (e.classList.length) name += "." + [...e.classList].join(".");
      parts.unshift(name);
    }
    return parts.join(" > ");
  };
  const snippet = (text) => JSON.stringify(text.trim().replace(/\s+/g, " ").slice(0, 40));
  const width = %(width)s;  // a phone's page grows to its content: compare with the screen
  const root = document.documentElement;
  if (root.scrollWidth > width + 1) {
    const wide = [...document.body.querySelectorAll("*")].filter((e) =>
      e.getBoundingClientRect().right > width + 1
      && e.parentElement.getBoundingClientRect().right <= width + 1);
    problems.push(`page is ${root.scrollWidth}px wide on a ${width}px screen`
      + (wide.length ? `: ${wide.slice(0, 3).map(where).join(", ")} too wide` : ""));
  }
  const boxOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      if (getComputedStyle(e).display !== "inline") return e;
    }
    return root;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const seen = new Set();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el || el.closest("title, style, script")) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    if (!rects.length) continue;
    const svg = el.closest("svg");
    let outer = svg;
    while (outer && outer.parentElement && outer.parentElement.closest("svg")) {
      outer = outer.parentElement.closest("svg");
    }
    const box = svg ? outer : boxOf(el);
    const b = box.getBoundingClientRect();
    for (const r of rects) {
      if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1
          || r.bottom > b.bottom + 1) {
        const key = "overflow " + where(el) + snippet(node.textContent);
        if (!seen.has(key)) {
          seen.add(key);
          problems.push(`text ${snippet(node.textContent)} overflows its box ${where(box)}`
            + ` (text ${Math.round(r.left)}..${Math.round(r.right)},`
            + ` box ${Math.round(b.left)}..${Math.round(b.right)})`);
        }
        break;
      }
    }
    for (let e = el; e && e !== root; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (e instanceof HTMLElement && s.overflowX !== "visible"
          && e.scrollWidth > e.clientWidth + 1) {
        problems.push(`text ${snippet(node.textContent)} is cut off by ${where(e)}`);
        break;
      }
    }
    if (minFont) {
      let size = parseFloat(style.fontSize);
      if (svg && el.getScreenCTM) size *= Math.abs(el.getScreenCTM().a);
      if (size < minFont - 0.01) {
        const key = "font " + where(el);
        if (!seen.has(key)) {
          seen.add(key);
          problems.push(`text ${snippet(node.textContent)} in ${where(el)} is`
            + ` ${(size * 0.75).toFixed(1)} pt, under ${(minFont * 0.75).toFixed(1)} pt`);
        }
      }
    }
  }
  return problems;
})()
"""


def find_chromium() -> str | None:
    """The Chromium (or Chrome) on the PATH, else None; ``CHROMIUM`` names another."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless Chromium, driven over the DevTools protocol on a pipe."""

    def __init__(self, executable: str | None = None, timeout: float = 30.0) -> None:
        self.executable = executable or find_chromium()
        if self.executable is None:
            raise RuntimeError("no chromium on the PATH")
        self.timeout = timeout
        self.profile = tempfile.TemporaryDirectory(prefix="browser-check-")
        ours_read, its_write = os.pipe()  # its fd 4: answers and events
        its_read, ours_write = os.pipe()  # its fd 3: our commands
        args = [
            self.executable,
            "--headless",
            "--remote-debugging-pipe",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--hide-scrollbars",
            "--allow-file-access-from-files",
            f"--user-data-dir={self.profile.name}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to run as root with it

        def child_fds() -> None:  # in the child: its ends of the pipes on fds 3 and 4
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (its_read, its_write)]
            for fd, wanted in zip(high, (3, 4), strict=True):
                os.dup2(fd, wanted)  # inheritable; every other fd is not (PEP 446)
                os.close(fd)

        self.process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,  # it would close fds 3 and 4 after child_fds ran
            preexec_fn=child_fds,
        )
        os.close(its_read)
        os.close(its_write)
        self.writer = os.fdopen(ours_write, "wb", buffering=0)
        self.reader = os.fdopen(ours_read, "rb", buffering=0)
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError):  # it may be gone already
            self.send("Browser.close")
        for stream in (self.writer, self.reader):
            stream.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.profile.cleanup()

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            chunk = self.reader.read(1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        result: dict[str, Any] = json.loads(message)
        return result

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (events meanwhile are kept)."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        self.writer.write(json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read()
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                result: dict[str, Any] = answer.get("result", {})
                return result
            self.events.append(answer)

    def wait_for(self, method: str, session: str) -> None:
        for n, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                del self.events[n]
                return
        while True:
            event = self._read()
            if event.get("method") == method and event.get("sessionId") == session:
                return
            self.events.append(event)

    def open(self, path: Path, width: int, media: str = "screen") -> str:
        """A new tab showing ``path`` at ``width`` CSS pixels in ``media``: its session."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Page.enable", session)
        self.send(
            "Emulation.setDeviceMetricsOverride",
            session,
            width=width,
            height=900,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        self.send("Emulation.setEmulatedMedia", session, media=media)
        self.send("Page.navigate", session, url=path.resolve().as_uri())
        self.wait_for("Page.loadEventFired", session)
        return session

    def evaluate(self, session: str, expression: str) -> Any:
        answer = self.send("Runtime.evaluate", session, expression=expression, returnByValue=True)
        if "exceptionDetails" in answer:
            raise RuntimeError(f"script failed: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def close_tab(self, session: str) -> None:
        self.send("Page.close", session)

    def screen_problems(self, path: Path, width: int, screenshot: Path | None = None) -> list[str]:
        """What overflows at ``width``; the whole page's screenshot to ``screenshot``."""
        session = self.open(path, width)
        try:
            problems: list[str] = self.evaluate(
                session, CHECK_SCRIPT % {"min_font": 0, "width": width}
            )
            if screenshot is not None:
                size = self.send("Page.getLayoutMetrics", session)["cssContentSize"]
                shot = self.send(
                    "Page.captureScreenshot",
                    session,
                    format="png",
                    captureBeyondViewport=True,
                    clip={
                        "x": 0,
                        "y": 0,
                        "width": max(width, size["width"]),
                        "height": size["height"],
                        "scale": 1,
                    },
                )
                screenshot.write_bytes(base64.b64decode(shot["data"]))
            return problems
        finally:
            self.close_tab(session)

    def print_problems(self, path: Path, pdf: Path | None = None) -> list[str]:
        """What overflows or is under 9 pt printed on A4; the PDF to ``pdf``."""
        session = self.open(path, PRINT_WIDTH, media="print")
        try:
            script = CHECK_SCRIPT % {"min_font": MIN_PRINT_PX, "width": PRINT_WIDTH}
            problems: list[str] = self.evaluate(session, script)
            if pdf is not None:
                printed = self.send(
                    "Page.printToPDF",
                    session,
                    paperWidth=A4_INCHES[0],
                    paperHeight=A4_INCHES[1],
                    displayHeaderFooter=False,
                )
                pdf.write_bytes(base64.b64decode(printed["data"]))
            return problems
        finally:
            self.close_tab(session)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (tag.attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.links.append((f"{tag}.{name}", value))
            elif name == "href" and value is None:
                self.links.append((f"{tag}.{name}", ""))


def check_links(path: Path) -> list[str]:
    """Every link and source of ``path`` resolves: a relative one to a file that exists
    (beside ``path``; its fragment and query ignored), http(s) to a well-formed URL with a
    host (not fetched), mailto to an address. Any other scheme is a problem."""
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    problems = []
    for where, value in parser.links:
        url = value.strip()
        if url != value or not url or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url):
            problems.append(f"{where} {value!r}: empty, padded or with control characters")
            continue
        if url.startswith("#"):
            continue
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 - raises on a malformed port
        except ValueError as error:
            problems.append(f"{where} {url!r}: malformed ({error})")
            continue
        if parts.scheme in ("http", "https"):
            if not parts.hostname or " " in url:
                problems.append(f"{where} {url!r}: not a well-formed web address")
        elif parts.scheme == "mailto":
            if "@" not in parts.path:
                problems.append(f"{where} {url!r}: no address")
        elif parts.scheme or parts.netloc:
            problems.append(f"{where} {url!r}: scheme {parts.scheme or '//'} not allowed")
        else:
            target = path.parent / unquote(parts.path) if parts.path else path
            if not target.exists():
                problems.append(f"{where} {url!r}: {target} does not exist")
    return problems


def check_pages(
    paths: list[Path],
    out_dir: Path | None = None,
    widths: tuple[int, ...] = (1280, 390),
    browser: Browser | None = None,
) -> dict[Path, list[str]]:
    """Every problem found in each file (an empty list: none). With ``out_dir``, writes
    ``NAME-WIDTH.png`` for each width and ``NAME.pdf`` (A4) there, NAME being the file's
    path relative to the first file's folder with ``/`` as ``__``."""
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    base = paths[0].resolve().parent if paths else Path()
    own = browser is None
    browser = browser or Browser()
    found: dict[Path, list[str]] = {}
    try:
        for path in paths:
            try:
                name = path.resolve().relative_to(base).with_suffix("").as_posix()
            except ValueError:
                name = path.stem
            name = name.replace("/", "__")
            problems = [f"link: {p}" for p in check_links(path)]
            for width in widths:
                shot = out_dir / f"{name}-{width}.png" if out_dir else None
                problems += [f"{width}px: {p}" for p in browser.screen_problems(path, width, shot)]
            pdf = out_dir / f"{name}.pdf" if out_dir else None
            problems += [f"print: {p}" for p in browser.print_problems(path, pdf)]
            found[path] = problems
    finally:
        if own:
            browser.close()
    return found
