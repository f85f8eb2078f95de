"""Who made an entry: every history entry records its author.

The author of a command's entries is, in order: the ``--by NAME`` given to the command
(or a ``by`` key in an ``apply`` line or an import row), else ``TRACKER_AUTHOR``, else
the operating system's user name. Where none of these can be had (a container with no
user name) the entry records none rather than a made-up one.
"""

from __future__ import annotations

import os

from tracker.domain.model import check_text

#: Longest author name kept (a name, an e-mail address, a team).
MAX_AUTHOR = 200


def check_author(name: str, what: str = "author") -> str:
    """A given author name, checked: white space folded to one line, not empty, at most
    :data:`MAX_AUTHOR` characters."""
    check_text(name, what)  # NUL bytes and undecodable text, before folding
    return check_text(" ".join(name.split()), what, required=True, max_len=MAX_AUTHOR)


def default_author() -> str | None:
    """``TRACKER_AUTHOR``, else the operating system's user name, else None."""
    given = os.environ.get("TRACKER_AUTHOR", "").strip()
    if given:
        return check_author(given, "TRACKER_AUTHOR")
    import getpass

    try:
        name = getpass.getuser().strip()
    except (KeyError, OSError):  # no LOGNAME/USER and no password entry
        return None
    return name[:MAX_AUTHOR] or None
