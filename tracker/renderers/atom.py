"""``tracker feed``: the history as an Atom feed (RFC 4287), newest recorded first.

Each entry is one history entry: its id is the entry's ``urn:uuid``, so a feed
reader shows it once; ``updated`` is when it was recorded; ``author`` is who made
it (``tracker`` for entries made before authors were kept); the title says which
initiative changed and how; the content holds the note, the source and the
effective day. The feed's own ``updated`` is its newest entry's, so an
unchanged database gives a byte-identical feed. Built with ElementTree, which
escapes all text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO

from tracker.renderers import FeedRenderer
from tracker.renderers.phrasing import describe_changes, safe, what_recorded

if TYPE_CHECKING:
    from tracker.domain.initiatives import HistoryEntry

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:tracker:updates"
_EPOCH = "1970-01-01T00:00:00Z"


def _stamp(recorded_at: str) -> str:
    """RFC 3339 to the second: ``2026-11-22T09:30:00Z``."""
    return recorded_at.split(".")[0].rstrip("Z") + "Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = safe(text)
    return element


def _title(slug: str, entry: HistoryEntry) -> str:
    if entry.event == "created":
        return f"{slug}: added"
    changes = "; ".join(describe_changes(entry.changes))
    return f"{slug}: {changes or what_recorded(entry)}"


def render_feed(entries: list[tuple[str, str, HistoryEntry]], stream: TextIO) -> None:
    feed = ET.Element("feed", {"xmlns": ATOM})
    _sub(feed, "id", FEED_ID)
    _sub(feed, "title", "Policy initiative updates")
    newest = max((_stamp(entry.recorded_at) for _, _, entry in entries), default=_EPOCH)
    _sub(feed, "updated", newest)
    _sub(feed, "generator", "tracker")
    for slug, title, entry in entries:
        item = _sub(feed, "entry")
        _sub(item, "id", f"urn:uuid:{entry.uuid}")
        _sub(item, "title", _title(slug, entry))
        _sub(item, "updated", _stamp(entry.recorded_at))
        _sub(item, "published", f"{entry.effective}T00:00:00Z")
        author = _sub(item, "author")
        _sub(author, "name", entry.author or "tracker")  # before authors were kept: tracker
        if entry.source and entry.source.source.url and "://" in entry.source.source.url:
            _sub(item, "link", href=safe(entry.source.source.url), rel="related")
        _sub(item, "category", term=entry.event)
        lines = [f"{title} ({slug})", f"Effective {entry.effective}."]
        if entry.note:
            lines.append(entry.note)
        if entry.source:
            lines.append("Source: " + entry.source.source.label)
            if entry.source.quote:
                lines.append(f"“{entry.source.quote}”")
        if entry.ref:
            lines.append(f"ref: {entry.ref}")
        _sub(item, "content", "\n".join(lines), type="text")
    ET.indent(feed)
    stream.write('<?xml version="1.0" encoding="utf-8"?>\n')
    stream.write(ET.tostring(feed, encoding="unicode") + "\n")


class AtomRenderer(FeedRenderer):
    def feed(self, entries: list[tuple[str, str, HistoryEntry]]) -> None:
        render_feed(entries, self.stream)
