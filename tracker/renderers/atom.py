"""``tracker feed``: the history as an Atom feed (RFC 4287), newest recorded first.

Each entry is one history entry: its id is the entry's ``urn:uuid``, so a feed
reader shows it once; ``updated`` is when it was recorded; ``author`` is who made
it (``tracker`` for entries made before authors were kept); the title is the
initiative's title and what changed (``...: status proposed → announced``); the
content holds the note, the source and the effective day.

The feed's id is this database's own: ``BASE/feed.xml`` with a base URL, else
``urn:uuid:`` and the database's replica id (made once, when the database was; a
copy of the database shares it). Its ``updated`` is its newest entry's, so an
unchanged database gives a byte-identical feed.

Links are never relative: with a base URL (where :mod:`tracker.renderers.sitepaths`'
folder is served) the feed links to itself (``rel="self"``) and to the site, and
each entry to its initiative's page (``rel="alternate"``); without one, an entry
whose source is an http(s) URL has that as its alternate link, others have none.
An entry's source URL is also its ``rel="related"`` link. Built with ElementTree,
which escapes all text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

from tracker.renderers import FeedRenderer, sitepaths
from tracker.renderers.phrasing import describe_changes, safe, what_recorded

if TYPE_CHECKING:
    from tracker.domain.initiatives import HistoryEntry

ATOM = "http://www.w3.org/2005/Atom"
_EPOCH = "1970-01-01T00:00:00Z"


def _stamp(recorded_at: str) -> str:
    """RFC 3339 to the second: ``2026-11-22T09:30:00Z``."""
    return recorded_at.split(".")[0].rstrip("Z") + "Z"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = safe(text)
    return element


def _title(title: str, entry: HistoryEntry) -> str:
    if entry.event == "created":
        return f"{title}: added"
    changes = "; ".join(describe_changes(entry.changes, arrow="→"))
    return f"{title}: {changes or what_recorded(entry)}"


def _web(url: str | None) -> bool:
    """An absolute http(s) URL (a feed reader can open it)."""
    return bool(url) and str(url).lower().startswith(("http://", "https://"))


def _href(url: str) -> str:
    """A recorded URL as an href: what a URI may not hold (a space, a control
    character, non-ASCII) percent-encoded, the rest as recorded."""
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~")


def feed_id(replica: str, base_url: str | None = None) -> str:
    """``BASE/feed.xml`` with a base URL, else ``urn:uuid:<replica id>``."""
    if base_url is not None:
        return sitepaths.absolute(base_url, sitepaths.FEED)
    return f"urn:uuid:{replica}"


def render_feed(
    entries: list[tuple[str, str, HistoryEntry]],
    stream: TextIO,
    replica: str,
    base_url: str | None = None,
) -> None:
    """The feed of ``entries`` (slug, title, entry; newest first) of the database whose
    replica id is ``replica``; ``base_url``: where the site is served (checked by
    :func:`sitepaths.base_url`), or None."""
    feed = ET.Element("feed", {"xmlns": ATOM})
    _sub(feed, "id", feed_id(replica, base_url))
    _sub(feed, "title", "Policy initiative updates")
    if base_url is not None:
        _sub(feed, "link", rel="self", href=sitepaths.absolute(base_url, sitepaths.FEED))
        _sub(feed, "link", rel="alternate", href=sitepaths.absolute(base_url))
    newest = max((_stamp(entry.recorded_at) for _, _, entry in entries), default=_EPOCH)
    _sub(feed, "updated", newest)
    _sub(feed, "generator", "tracker")
    for slug, title, entry in entries:
        item = _sub(feed, "entry")
        _sub(item, "id", f"urn:uuid:{entry.uuid}")
        _sub(item, "title", _title(title, entry))
        _sub(item, "updated", _stamp(entry.recorded_at))
        _sub(item, "published", f"{entry.effective}T00:00:00Z")
        author = _sub(item, "author")
        _sub(author, "name", entry.author or "tracker")  # before authors were kept: tracker
        url = entry.source.source.url if entry.source else None
        if base_url is not None:
            page = sitepaths.absolute(base_url, sitepaths.initiative_page(slug))
            _sub(item, "link", rel="alternate", href=page)
        elif url and _web(url):
            _sub(item, "link", rel="alternate", href=_href(url))
        if url and "://" in url:
            _sub(item, "link", href=_href(url), rel="related")
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
    def feed(
        self,
        entries: list[tuple[str, str, HistoryEntry]],
        replica: str,
        base_url: str | None = None,
    ) -> None:
        render_feed(entries, self.stream, replica, base_url)
