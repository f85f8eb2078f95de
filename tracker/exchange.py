"""Reading batch files: JSON Lines of updates (``tracker apply``).

Each line is read on its own, so a file of a million lines is never held in
memory, and every problem is reported with its line number. Nothing here
touches the database: :meth:`tracker.api.Tracker.apply` applies what this
module reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from tracker.errors import InputError, UnusableError

#: The keys an update line may have: ``tracker update``'s options, and the initiative.
UPDATE_KEYS = (
    "initiative", "status", "progress", "confidence", "deadline", "note", "source", "quote",
    "on", "ref", "if_status",
)
_TEXT_KEYS = frozenset(UPDATE_KEYS) - {"initiative", "progress"}


def numbered_lines(stream: IO[bytes]) -> Iterator[tuple[int, str | None]]:
    """(line number, text) for each non-blank line; text is None where the bytes are not
    UTF-8. A trailing newline (or CRLF) is not part of the text."""
    for number, raw in enumerate(stream, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, None
            continue
        if text.strip():
            yield number, text.rstrip("\r\n")


def update_fields(text: str | None) -> dict[str, Any]:
    """One JSON line of ``tracker apply`` as keyword arguments of UpdateRequest, with
    ``initiative`` (the REF); raises InputError with a one-line reason."""
    if text is None:
        raise InputError("not valid UTF-8")
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply") from None
    except ValueError as error:
        reason = str(error).split(":")[0]
        raise InputError(f"not valid JSON ({reason})") from None
    if not isinstance(data, dict):
        raise InputError(f"a line must be a JSON object, not {type(data).__name__}")
    unknown = [key for key in data if key not in UPDATE_KEYS]
    if unknown:
        raise InputError(
            f"unknown key {unknown[0]!r}; the keys are {', '.join(UPDATE_KEYS)}"
        )
    ref = data.get("initiative")
    if ref is None:
        raise InputError("missing key 'initiative' (an id, slug or uuid prefix)")
    if isinstance(ref, bool) or not isinstance(ref, str | int):
        raise InputError("'initiative' must be a string or an integer")
    progress = data.get("progress")
    if progress is not None and (isinstance(progress, bool) or not isinstance(progress, int)):
        raise InputError(f"'progress' must be an integer 0-100, not {json.dumps(progress)}")
    for key in _TEXT_KEYS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{key!r} must be a string, not {json.dumps(value)[:40]}")
    fields = {key: data[key] for key in UPDATE_KEYS if key in data and data[key] is not None}
    fields["initiative"] = str(ref)
    if "ref" not in fields:
        fields["ref"] = auto_ref(fields)
    return fields


def auto_ref(fields: dict[str, Any]) -> str:
    """The idempotency key of a line that names none: a digest of what it says, so the
    same line applied twice records once ("auto:" and 20 hex digits)."""
    import hashlib

    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "auto:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:20]


def open_input(path: str) -> IO[bytes]:
    """The file to read (``-``: standard input), as bytes."""
    import sys

    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as error:
        raise UnusableError(f"cannot read {path}: {error.strerror or error}") from None


def errors_text(errors: Iterable[tuple[int, str]], total: int, shown: int = 100) -> list[str]:
    """``line N: reason`` lines, at most ``shown``, then how many more."""
    lines = [f"line {number}: {reason}" for number, reason in list(errors)[:shown]]
    if total > shown:
        lines.append(f"... and {total - shown} more bad lines")
    return lines
