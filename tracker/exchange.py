"""Reading batch files: JSON Lines of updates (``tracker apply``).

Each line is read on its own, so a file of a million lines is never held in
memory, and every problem is reported with its line number. Nothing here
touches the database: :meth:`tracker.api.Tracker.apply` applies what this
module reads.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, Any

from tracker.domain.model import check_text
from tracker.domain.shapes import (
    CSV_COLUMNS,
    CSV_COMPUTED_COLUMNS,
    EXPORT_KEYS,
    IGNORED_KEYS,
    SYNC_KEYS,
)
from tracker.errors import InputError, UnusableError

#: The keys an update line may have: ``tracker update``'s options, and the initiative.
UPDATE_KEYS = (
    "initiative",
    "status",
    "progress",
    "confidence",
    "confidence_note",
    "deadline",
    "note",
    "source",
    "quote",
    "on",
    "ref",
    "if_status",
    "by",
)
_UPDATE_KEY_SET = frozenset(UPDATE_KEYS)
_TEXT_KEYS = _UPDATE_KEY_SET - {"initiative", "progress"}


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
    ``initiative`` (the REF); raises InputError with a one-line reason. A line without
    a ``ref`` gets none here: its automatic one (:func:`auto_ref`) needs its day."""
    data = _json_object(text)
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _UPDATE_KEY_SET:
            raise InputError(f"unknown key {key!r}; the keys are {', '.join(UPDATE_KEYS)}")
        if value is None:
            continue
        if key in _TEXT_KEYS:
            if not isinstance(value, str):
                raise InputError(f"{key!r} must be a string, not {json.dumps(value)[:40]}")
            check_text(value, key)  # before anything hashes it: NUL, lone surrogates
        fields[key] = value
    ref = fields.get("initiative")
    if ref is None:
        raise InputError("missing key 'initiative' (an id, slug or uuid prefix)")
    if isinstance(ref, bool) or not isinstance(ref, str | int):
        raise InputError("'initiative' must be a string or an integer")
    check_progress_type(fields.get("progress"))
    fields["initiative"] = check_text(str(ref), "initiative")
    return fields


def auto_ref(fields: dict[str, Any], effective: date) -> str:
    """The idempotency key of a line that names none: a digest of what it says and of
    the day it takes effect (its ``on`` resolved, else the day it is applied), so the
    same line applied twice for one day records once, and again for a later day (a
    weekly "checked, no news" note); "auto:" and 20 hex digits."""
    import hashlib

    keyed = {**fields, "on": effective.isoformat()}
    canonical = json.dumps(keyed, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "auto:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:20]


def check_progress_type(progress: Any) -> None:
    """A JSON ``progress`` is an integer (its range is checked with the other values)."""
    if progress is not None and (isinstance(progress, bool) or not isinstance(progress, int)):
        raise InputError(f"'progress' must be an integer 0-100, not {json.dumps(progress)}")


@contextlib.contextmanager
def open_input(path: str) -> Iterator[IO[bytes]]:
    """The file to read (``-``: standard input, left open), as bytes."""
    import sys

    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as error:
        raise UnusableError(f"cannot read {path}: {error.strerror or error}") from None
    with stream:
        yield stream


def errors_text(errors: Iterable[tuple[int, str]], total: int, shown: int = 100) -> list[str]:
    """``line N: reason`` lines, at most ``shown``, then how many more."""
    lines = [f"line {number}: {reason}" for number, reason in list(errors)[:shown]]
    if total > shown:
        lines.append(f"... and {total - shown} more bad lines")
    return lines


# -- import: records of initiatives ----------------------------------------------------

#: The keys an import record may have (those of ``tracker export``, and a sync row's).
RECORD_KEYS = EXPORT_KEYS + SYNC_KEYS + IGNORED_KEYS
#: list --format csv columns an import ignores (derived or local).
_FORMULA_GUARD = ("'=", "'+", "'-", "'@", "'\t", "'\r")


def json_records(
    stream: IO[bytes], export_format: str, newest: int
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """(line, record or a reason it is bad) from a JSON Lines file; a header line
    ``{"format": ..., "version": N}`` is checked and skipped."""
    for number, text in numbered_lines(stream):
        try:
            data = _json_object(text)
        except InputError as error:
            yield number, error.message
            continue
        if "format" in data and "version" in data and "initiatives" not in data:
            check_version(data, export_format, newest)
            continue
        yield number, data


def json_document_records(
    stream: IO[bytes], export_format: str, newest: int
) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Records from one JSON document: ``{format, version, initiatives: [...]}`` or a
    list; each record is numbered by its place in the list (1, 2, ...)."""
    try:
        data = json.loads(stream.read().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise InputError(f"the file is not a JSON document ({str(error)[:60]})") from None
    if isinstance(data, dict):
        check_version(data, export_format, newest)
        data = data.get("initiatives")
    if not isinstance(data, list):
        raise InputError("a JSON import holds a list of initiatives (or an export document)")
    for number, record in enumerate(data, start=1):
        yield number, record if isinstance(record, dict) else "an initiative must be an object"


def csv_records(stream: IO[bytes]) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Records from CSV with the ``list --format csv`` columns (lists split on ';', the
    spreadsheet formula guard taken off) and the evidence columns :data:`SYNC_KEYS`;
    numbered by file line. A UTF-8 byte order mark (Excel's) is taken off. The window
    columns other than ``*_text`` are output only: ``deadline_text`` and
    ``announced_text`` are read as phrases, and the baseline follows the history."""
    import csv
    import io

    try:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
        reader = csv.reader(text)
        header = next(reader, None)
    except UnicodeDecodeError:
        raise InputError("the CSV file is not UTF-8") from None
    if not header:
        return
    header = [column.strip() for column in header]
    unknown = [c for c in header if c not in _CSV_COLUMNS and c not in CSV_COMPUTED_COLUMNS]
    if unknown:
        raise InputError(f"unknown CSV column {unknown[0]!r}")
    try:
        for row in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield number, f"{len(row)} cells, but the header has {len(header)}"
                continue
            yield number, _csv_record(dict(zip(header, row, strict=True)))
    except UnicodeDecodeError:
        yield reader.line_num + 1, "not valid UTF-8"
    except csv.Error as error:
        yield reader.line_num, f"bad CSV ({error})"


_CSV_COLUMNS = (frozenset(CSV_COLUMNS) - frozenset(CSV_COMPUTED_COLUMNS)) | frozenset(SYNC_KEYS)


def _cell(value: str) -> str | None:
    if value.startswith(_FORMULA_GUARD):
        value = value[1:]
    return value if value != "" else None


def _csv_record(row: dict[str, str]) -> dict[str, Any]:
    cells = {key: _cell(value) for key, value in row.items() if key not in CSV_COMPUTED_COLUMNS}
    record: dict[str, Any] = {}
    keys: tuple[str, ...] = ("uuid", "slug", "title", "summary", "kind", "status")
    keys += ("confidence", "confidence_note", "parent")
    for key in (*keys, "updated_at", *SYNC_KEYS):
        if cells.get(key) is not None or (key in keys and key in cells):
            record[key] = cells[key]
    progress = cells.get("progress")
    if progress is not None:
        text = progress.strip()
        record["progress"] = int(text) if text.isdigit() else text
    for key in ("tags", "jurisdictions", "sponsors"):
        if key in cells:
            record[key] = [n for n in (cells[key] or "").split(";") if n.strip()]
    # The phrases; the other window columns (and the baseline's) are output only.
    if cells.get("deadline_text"):
        record["deadline"] = cells["deadline_text"]
    if cells.get("announced_text") or cells.get("announced_date"):
        record["announced"] = cells.get("announced_text") or cells.get("announced_date")
    return record


def _json_object(text: str | None) -> dict[str, Any]:
    if text is None:
        raise InputError("not valid UTF-8")
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply") from None
    except ValueError as error:
        raise InputError(f"not valid JSON ({str(error).split(':')[0]})") from None
    if not isinstance(data, dict):
        raise InputError(f"a line must be a JSON object, not {type(data).__name__}")
    return data


def check_version(header: dict[str, Any], export_format: str, newest: int) -> None:
    """Refuse a file of another kind, or written by a newer tracker (exit 1)."""
    if header.get("format") != export_format:
        raise UnusableError(f"this is not a tracker export (format {header.get('format')!r})")
    version = header.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise UnusableError(f"the export's format version {version!r} is not a version")
    if version > newest:
        raise UnusableError(
            f"the file is in export format version {version}, newer than this tracker"
            f" reads ({newest}); upgrade tracker to import it"
        )
