"""Where each document sits in a published folder of tracker's output (the one layout).

A site built from a database is one folder: ``index.html`` (the report),
``initiatives/<slug>.html`` (one page per initiative), ``feed.xml`` (``tracker
feed``) and ``calendar.ics`` (``tracker calendar``). Given the address the folder is
served at (``--base-url``), the feed and the calendar link each initiative to its
page, and the feed to itself; whatever builds the folder takes its paths from here, so
the links and the files agree.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from tracker.errors import InputError

INDEX = "index.html"
FEED = "feed.xml"
CALENDAR = "calendar.ics"
INITIATIVES = "initiatives"


def initiative_page(slug: str) -> str:
    """``initiatives/<slug>.html``, relative to the site's root (the slug percent-encoded
    where it holds anything a path cannot)."""
    return f"{INITIATIVES}/{quote(slug, safe='')}.html"


def base_url(text: str) -> str:
    """``--base-url``, checked: an absolute http(s) URL with a host (no query or
    fragment), given back without its trailing slashes; else an input error."""
    value = text.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise InputError(
            f"--base-url must be an absolute http(s) URL such as https://example.org/tracker,"
            f" not {text!r}"
        )
    if parts.query or parts.fragment:
        raise InputError(f"--base-url must have no query or fragment: {text!r}")
    return value.rstrip("/")


def absolute(base: str, path: str = "") -> str:
    """``path`` (from the site's root) under ``base`` (as :func:`base_url` gives it);
    the root itself, ``BASE/``, for no path."""
    return f"{base}/{path}"
