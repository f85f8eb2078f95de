"""The site's URL layout, in ONE place: every page's path from the site's root, the
relative link from one page to another (the site works from ``file://`` and on any
static host), and the filename-safe key of a tag, jurisdiction or sponsor.

    index.html                  the home page
    initiatives/<slug>.html     one page per initiative
    tags/index.html             every tag; tags/<key>.html one tag's initiatives
    jurisdictions/..., sponsors/...   the same for jurisdictions and sponsors
    feed.xml  calendar.ics  data.json  search.json
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from tracker.domain.model import slugify
from tracker.renderers.sitepaths import CALENDAR, FEED, absolute, initiative_page
from tracker.renderers.sitepaths import INDEX as HOME

__all__ = ["CALENDAR", "FEED", "HOME", "absolute", "initiative_page"]

DATA = "data.json"
SEARCH = "search.json"
#: The list of the files the site wrote, and each page's fingerprint (see writer).
MANIFEST = ".tracker-site.json"

#: name kind -> its folder
FOLDERS = {"tag": "tags", "jurisdiction": "jurisdictions", "sponsor": "sponsors"}


def names_index(kind: str) -> str:
    """The page listing every tag (``tag``), jurisdiction or sponsor."""
    return f"{FOLDERS[kind]}/index.html"


def name_page(kind: str, name: str) -> str:
    return f"{FOLDERS[kind]}/{name_key(name)}.html"


def name_key(name: str) -> str:
    """A tag's, jurisdiction's or sponsor's filename: its slug (Chinese in pinyin,
    :func:`tracker.domain.model.slugify`), stable across builds whatever other names
    exist. A name that is not its own slug gets 6 hex digits of its hash after it
    (``Jurisdiction 01`` -> ``jurisdiction-01-1a2b3c``), so two names with one slug
    (``Tag 1``, ``tag-1``) never share a page; ``index`` is kept for the kind's list."""
    slug = slugify(name) or "name"
    if slug == name and slug != "index":
        return slug
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:6]
    return f"{slug}-{digest}"


@lru_cache(maxsize=4096)
def _folder(page: str) -> tuple[str, ...]:
    return tuple(page.split("/")[:-1])


def relative(page: str, target: str) -> str:
    """The link from ``page`` to ``target`` (both paths from the site's root, without
    ``.`` or ``..``): ``posixpath.relpath`` without its trips to the file system."""
    here, there = _folder(page), target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])
