"""The tracker library: every operation the CLI offers, as plain Python.

``Tracker`` validates requests completely (statuses, ranges, date phrases,
references) and then performs each write in ONE ``BEGIN IMMEDIATE``
transaction, so a failed command changes nothing. Requests carry raw user
strings, so the CLI, batch files and library users share one set of rules.

Example::

    from tracker.api import Tracker, NewInitiative, UpdateRequest

    with Tracker.open("tracker.db") as t:
        t.add(NewInitiative(title="Bridging programme", deadline="late 2025"))
        t.update("bridging-programme", UpdateRequest(status="in_progress", progress=30))
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import uuid as uuidlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tracker.domain import clock
from tracker.domain.dates import DateReader
from tracker.domain.initiatives import HistoryEntry, Initiative, InitiativeDetail, Source
from tracker.domain.model import (
    Kind,
    Status,
    check_name,
    check_progress,
    check_slug,
    check_text,
    parse_confidence,
    parse_health,
    parse_kind,
    parse_status,
    slugify,
)
from tracker.domain.windows import Window, parse_iso_window
from tracker.errors import AmbiguousRefError, ConflictError, InputError, NotFoundError
from tracker.requests import (
    ApplyResult,
    EditRequest,
    ImportResult,
    ListFilters,
    NewInitiative,
    ReportRequest,
    SeedResult,
    UpdateRequest,
    UpdateResult,
)
from tracker.storage import repository as repo
from tracker.storage.database import Database, open_database

if TYPE_CHECKING:
    from tracker.reports import Report
    from tracker.storage import bulk

_UUID_PREFIX = re.compile(r"^[0-9a-f-]{4,36}$")


@dataclass
class _Prepared:
    """A validated :class:`NewInitiative`."""

    request: NewInitiative
    uuid: str
    title: str
    summary: str
    kind: Kind
    status: Status
    progress: int | None
    confidence: Any
    slug: str | None
    announced: Window | None
    deadline: Window | None
    names: dict[str, list[str]]
    source: Source | None
    quote: str | None
    note: str | None


@dataclass
class _ParsedUpdate:
    """A validated :class:`UpdateRequest`: values the database can take as they are."""

    requested: dict[str, Any]  # status, progress, confidence, deadline (None: not given)
    if_status: str | None
    effective: date
    note: str | None
    source: Source | None
    quote: str | None
    ref: str | None


@dataclass
class _Record:
    """One validated import record."""

    uuid: str | None
    slug: str | None
    title: str | None
    summary: str | None
    kind: str | None
    status: str | None
    confidence: str | None
    progress: int | None
    announced: Window | None
    deadline: Window | None
    baseline: Window | None
    parent: str | None
    names: dict[str, list[str] | None]
    sources: list[tuple[Source, str | None]]
    created_at: str | None
    updated_at: str | None
    history: list[dict[str, Any]] | None
    applied_refs: list[str]

    @property
    def replica(self) -> bool:
        """A record with its history is taken as it is (an export's round trip)."""
        return self.history is not None


#: How each key of an import record (``exchange.RECORD_KEYS``) is checked in the first
#: pass: free text, a list of names, or later with the others ("value").
_RECORD_KEY_KINDS = {
    **dict.fromkeys(
        (
            "uuid",
            "slug",
            "title",
            "summary",
            "kind",
            "status",
            "confidence",
            "parent",
            "created_at",
            "updated_at",
        ),
        "text",
    ),
    **dict.fromkeys(("tags", "jurisdictions", "sponsors"), "names"),
    **dict.fromkeys(
        (
            "progress",
            "announced",
            "deadline",
            "baseline_deadline",
            "sources",
            "history",
            "applied_refs",
        ),
        "value",
    ),
}


def _import_source(data: dict[str, Any]) -> tuple[Source, str | None]:
    keys = ("title", "publisher", "published", "url", "quote")
    if not set(data) <= set(keys) or not all(
        v is None or isinstance(v, str) for v in data.values()
    ):
        raise InputError("a source is {title, publisher, published, url, quote} of strings")
    source = Source(**{k: data.get(k) for k in keys[:4]})
    if not source.key:
        raise InputError("a source needs a url or a title")
    return source, data.get("quote")


def _import_entry(data: Any) -> dict[str, Any]:
    """A history entry as ``history --format json`` gives it, checked."""
    if not isinstance(data, dict):
        raise InputError("a history entry must be an object")
    keys = {"uuid", "event", "recorded_at", "effective", "changes", "note", "source", "ref"}
    if not set(data) <= keys or not {"uuid", "event", "effective"} <= set(data):
        raise InputError(f"a history entry has the keys {', '.join(sorted(keys))}")
    try:
        uuid = str(uuidlib.UUID(str(data["uuid"])))
        effective = date.fromisoformat(str(data["effective"])).isoformat()
    except ValueError:
        raise InputError("a history entry needs a uuid and an effective day (YYYY-MM-DD)") from None
    if data["event"] not in ("created", "update", "edit"):
        raise InputError(f"unknown history event {data['event']!r}")
    changes = data.get("changes") or {}
    if not isinstance(changes, dict):
        raise InputError("a history entry's changes must be an object")
    for name in ("status", "progress", "confidence", "deadline"):
        if name in changes:
            change = changes[name]
            if not isinstance(change, dict) or set(change) != {"from", "to"}:
                raise InputError(f"the change of {name} must be {{from, to}}")
            for side in ("from", "to"):
                value = change[side]
                if value is None:
                    continue
                if name == "status":
                    parse_status(value)
                elif name == "confidence":
                    parse_confidence(value)
                elif name == "progress":
                    if isinstance(value, bool) or not isinstance(value, int):
                        raise InputError("a progress change must be an integer")
                    check_progress(value)
                elif not isinstance(value, dict):
                    raise InputError("a deadline change must be a window")
                else:
                    parse_iso_window(**value)
    for key in ("note", "ref", "recorded_at"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise InputError(f"a history entry's {key} must be a string")
    source = _import_source(data["source"]) if data.get("source") else None
    return {**data, "uuid": uuid, "effective": effective, "changes": changes, "source": source}


def _entry_columns(
    conn: sqlite3.Connection, initiative_id: int, entry: dict[str, Any]
) -> dict[str, Any]:
    """The ``updates`` row a checked history entry is stored as."""
    changes = entry["changes"]
    values: dict[str, Any] = {
        "uuid": entry["uuid"],
        "initiative_id": initiative_id,
        "recorded_at": entry.get("recorded_at") or clock.now_iso(),
        "effective": entry["effective"],
        "event": entry["event"],
    }
    for name in ("status", "progress", "confidence"):
        if name in changes:
            values[f"{name}_from"] = changes[name]["from"]
            values[f"{name}_to"] = changes[name]["to"]
    if "deadline" in changes:
        before, after = changes["deadline"]["from"], changes["deadline"]["to"]
        values["deadline_from"] = (
            repo.window_to_json(parse_iso_window(**before)) if before else None
        )
        to = parse_iso_window(**after) if after else None
        values["deadline_to"] = repo.window_to_json(to)
        values["deadline_to_latest"] = to.latest.isoformat() if to else None
    edits = {k: v for k, v in changes.items() if k not in repo.TRACKED_FIELDS}
    values["edits"] = json.dumps(edits, ensure_ascii=False) if edits else None
    values["note"] = entry.get("note")
    values["ref"] = entry.get("ref")
    if entry.get("source"):
        source, quote = entry["source"]
        values["source_id"] = repo.source_id(conn, source)
        values["quote"] = quote
    return values


class _Discard(Exception):
    """Raised inside a write transaction to roll it back on purpose."""


#: ``tracker export`` files say what they are and which version of the format they use;
#: ``tracker import`` refuses a newer version rather than misread it.
EXPORT_FORMAT = "tracker-export"
EXPORT_VERSION = 1


def export_record(
    initiative: Initiative,
    parent_uuid: str | None,
    sources: list[Any],
    history: list[HistoryEntry],
    refs: list[str],
) -> dict[str, Any]:
    """One initiative as an export record: everything needed to rebuild it exactly."""
    window = lambda w: w.to_dict() if w else None  # noqa: E731
    return {
        "uuid": initiative.uuid,
        "slug": initiative.slug,
        "title": initiative.title,
        "summary": initiative.summary,
        "kind": initiative.kind,
        "status": initiative.status,
        "confidence": initiative.confidence,
        "progress": initiative.progress,
        "announced": window(initiative.announced),
        "deadline": window(initiative.deadline),
        "baseline_deadline": window(initiative.baseline_deadline),
        "parent": parent_uuid,
        "tags": initiative.tags,
        "jurisdictions": initiative.jurisdictions,
        "sponsors": initiative.sponsors,
        "sources": [link.to_dict() for link in sources],
        "created_at": initiative.created_at,
        "updated_at": initiative.updated_at,
        "history": [entry.to_dict() for entry in history],
        "applied_refs": refs,
    }


# -- small parsers ---------------------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d{1,5})\s*(d|days?|w|weeks?|m|months?|y|years?)\s*$", re.IGNORECASE)
_UNIT_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}
_MAX_DURATION_DAYS = 365_000
_SQLITE_MAX_INT = 2**63 - 1


def parse_duration_days(text: str, what: str = "duration") -> int:
    """``90d``, ``12w``, ``6m`` (30 days each), ``1y`` (365 days), or ``90 days``."""
    match = _DURATION.match(text)
    if not match:
        raise InputError(f"invalid {what} {text!r}: use a number and a unit, e.g. 90d, 12w, 6m, 1y")
    days = int(match.group(1)) * _UNIT_DAYS[match.group(2)[0].lower()]
    if days > _MAX_DURATION_DAYS:
        raise InputError(f"invalid {what} {text!r}: at most 1000 years")
    return days


def _optional_text(value: str | None, what: str) -> str | None:
    """An optional free-text value: None when not given; given but blank is an error."""
    if value is None:
        return None
    return check_text(value, what, required=True)


def _names(values: list[str], what: str) -> list[str]:
    """Checked names, first spelling of each (case-blind) kept. A batch repeats a few
    short lists many times, so those readings are remembered."""
    if len(values) <= 8 and sum(map(len, values)) <= 400:
        return list(_short_names(tuple(values), what))
    return _checked_names(values, what)


def _checked_names(values: Iterable[str], what: str) -> list[str]:
    seen: dict[str, str] = {}
    for value in values:
        name = check_name(value, what)
        seen.setdefault(name.casefold(), name)
    return list(seen.values())


@lru_cache(maxsize=4096)
def _short_names(values: tuple[str, ...], what: str) -> tuple[str, ...]:
    return tuple(_checked_names(values, what))


def _source(value: str | Source | None) -> Source | None:
    if value is None or isinstance(value, Source):
        return value
    check_text(value, "source", required=True, max_len=2000)
    return Source.from_text(value)


class Tracker:
    """Operations on one tracker database."""

    def __init__(
        self,
        database: Database,
        *,
        today: date | None = None,
        fiscal_year_start: int | None = None,
        day_first: bool | None = None,
    ) -> None:
        self.db = database
        self.dates = DateReader.from_env(
            today, fiscal_year_start=fiscal_year_start, day_first=day_first
        )
        self.today = self.dates.today

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None, **options: Any) -> Tracker:
        return cls(open_database(path), **options)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- dates ---------------------------------------------------------------------

    def window(self, text: str, what: str, reference: date | None = None) -> Window:
        return self.dates.window(text, what, reference)

    def day(self, text: str, what: str) -> date:
        return self.dates.day(text, what)

    # -- references ----------------------------------------------------------------

    def _resolve(self, conn: sqlite3.Connection, ref: str) -> int:
        text = ref.strip()
        check_text(ref, "REF", max_len=200)
        if not text:
            raise NotFoundError(f"no initiative matches {ref!r}")
        if text.isascii() and text.isdigit():
            found = repo.id_by_id(conn, int(text)) if len(text) < 19 else None
            if found is not None:
                return found
        found = repo.id_by_slug(conn, text)
        if found is not None:
            return found
        lowered = text.lower()
        if _UUID_PREFIX.match(lowered):
            matches = repo.ids_by_uuid_prefix(conn, lowered)
            if len(matches) == 1:
                return matches[0][0]
            if len(matches) > 1:
                names = ", ".join(slug for _, slug in matches[:5])
                more = " and more" if len(matches) > 5 else ""
                raise AmbiguousRefError(f"{ref!r} matches several initiatives: {names}{more}")
        suggestions = repo.similar_slugs(conn, lowered)
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        raise NotFoundError(f"no initiative matches {ref!r}{hint}")

    def resolve(self, ref: str) -> Initiative:
        with self.db.read() as conn:
            return repo.fetch_initiative(conn, self._resolve(conn, ref))

    # -- add -----------------------------------------------------------------------

    def _unique_slug(
        self, conn: sqlite3.Connection, base: str, rows: bulk.Rows | None = None
    ) -> str:
        """``base``, or ``base-2``, ``base-3``... whichever is free first."""
        slug, n = base, 2
        while (
            repo.slug_exists(conn, slug)
            or slug.isdigit()
            or (rows is not None and rows.taken(slug=slug))
        ):
            slug = f"{base}-{n}"
            n += 1
        return slug

    def _prepare(self, new: NewInitiative) -> _Prepared:
        """Validate everything about a new initiative that needs no database."""
        kind = parse_kind(new.kind) if new.kind is not None else Kind.MEASURE
        default_status = Status.PROPOSED if kind == Kind.PROPOSAL else Status.ANNOUNCED
        announced = self.window(new.announced, "--announced") if new.announced is not None else None
        # Relative deadlines ("within three years") count from the announcement.
        reference = announced.earliest if announced else self.today
        source = _source(new.source)
        quote = _optional_text(new.quote, "quote")
        if quote and not source:
            raise InputError("--quote needs --source: a quote must say where it comes from")
        try:
            new_uuid = str(uuidlib.UUID(new.uuid)) if new.uuid is not None else clock.new_uuid()
        except ValueError:
            raise InputError(f"invalid uuid {new.uuid!r}") from None
        return _Prepared(
            request=new,
            uuid=new_uuid,
            title=" ".join(check_text(new.title, "title", required=True, max_len=500).split()),
            summary=check_text(new.summary or "", "summary"),
            kind=kind,
            status=parse_status(new.status) if new.status is not None else default_status,
            progress=check_progress(new.progress) if new.progress is not None else None,
            confidence=parse_confidence(new.confidence) if new.confidence is not None else None,
            slug=check_slug(new.slug) if new.slug is not None else None,
            announced=announced,
            deadline=(
                self.window(new.deadline, "--deadline", reference)
                if new.deadline is not None
                else None
            ),
            names={
                "tags": _names(new.tags, "tag"),
                "jurisdictions": _names(new.jurisdictions, "jurisdiction"),
                "sponsors": _names(new.sponsors, "sponsor"),
            },
            source=source,
            quote=quote,
            note=_optional_text(new.note, "note"),
        )

    def _insert(
        self,
        conn: sqlite3.Connection,
        new: _Prepared,
        rename_on_clash: bool = False,
        rows: bulk.Rows | None = None,
        slug_free: bool = False,
    ) -> int:
        """Insert a prepared initiative and its ``created`` entry in the caller's transaction
        (through ``rows``: a :class:`bulk.Batch` queues them).

        A taken slug is an error, or with ``rename_on_clash`` gets a ``-2``-style suffix;
        ``slug_free`` says the caller has just found the given slug unused.
        """
        if rows is None:
            from tracker.storage.bulk import Rows  # bulk writing is for import; lazily

            rows = Rows(conn)
        slug = new.slug
        if slug is None or (
            not slug_free and (rows.taken(slug=slug) or repo.slug_exists(conn, slug))
        ):
            if slug is not None and not rename_on_clash:
                raise InputError(f"slug {slug!r} is already used; choose another with --slug")
            slug = self._unique_slug(conn, slug or slugify(new.title) or f"i-{new.uuid[:8]}", rows)
        # A uuid made here is new by construction; one given may be taken.
        if new.request.uuid is not None and (
            rows.taken(uuid=new.uuid) or repo.uuid_exists(conn, new.uuid)
        ):
            raise InputError(f"an initiative with uuid {new.uuid} already exists")
        parent = new.request.parent
        parent_id = self._resolve(conn, parent) if parent is not None else None
        now = clock.now_iso()
        initiative_id = rows.insert_initiative(
            {
                "uuid": new.uuid,
                "slug": slug,
                "title": new.title,
                "summary": new.summary,
                "kind": str(new.kind),
                "status": str(new.status),
                "confidence": new.confidence and str(new.confidence),
                "progress": new.progress,
                **repo.announced_columns(new.announced),
                **repo.window_columns("deadline", new.deadline),
                **repo.window_columns("baseline", new.deadline),
                "parent_id": parent_id,
                "created_at": now,
                "updated_at": now,
            },
        )
        for list_name, names in new.names.items():
            if names:
                rows.add_names(initiative_id, list_name, names)
        if new.source:
            rows.link_source(initiative_id, new.source, new.quote)
        announced = new.announced
        effective = min(announced.earliest, self.today) if announced else self.today
        rows.insert_update(
            {
                "uuid": clock.new_uuid(),
                "initiative_id": initiative_id,
                "recorded_at": now,
                "effective": effective.isoformat(),
                "event": "created",
                "status_to": str(new.status),
                "progress_to": new.progress,
                "confidence_to": new.confidence and str(new.confidence),
                "deadline_to": repo.window_to_json(new.deadline),
                "deadline_to_latest": new.deadline.latest.isoformat() if new.deadline else None,
                "note": new.note,
                "source_id": repo.source_id(conn, new.source) if new.source else None,
                "quote": new.quote,
            },
        )
        return initiative_id

    def add(self, new: NewInitiative) -> Initiative:
        """Create an initiative and its ``created`` history entry; returns it."""
        prepared = self._prepare(new)
        with self.db.write() as conn:
            return repo.fetch_initiative(conn, self._insert(conn, prepared))

    def add_many(
        self,
        items: list[NewInitiative],
        *,
        skip_existing: bool = True,
        rename_on_clash: bool = False,
    ) -> list[str]:
        """Add several initiatives in ONE transaction (parents before children).

        With ``skip_existing``, items whose uuid is already present are left
        untouched; with ``rename_on_clash``, an item whose slug is taken gets a
        ``-2``-style suffix instead of failing. Returns the slugs added.
        """
        prepared = [self._prepare(item) for item in items]
        added = []
        with self.db.write() as conn:
            for item in prepared:
                if skip_existing and repo.uuid_exists(conn, item.uuid):
                    continue
                initiative_id = self._insert(conn, item, rename_on_clash)
                added.append(repo.fetch_initiative(conn, initiative_id).slug)
        return added

    # -- update --------------------------------------------------------------------

    def update(self, ref: str, request: UpdateRequest) -> UpdateResult:
        """Append one history entry; the initiative's current fields follow the latest entries.

        A backdated update (``on``) records its change from the value that held on
        that day; the current value only moves if no later entry already set it.
        """
        parsed = self._parse_update(request)
        with self.db.write() as conn:
            outcome, initiative_id, entry_uuid = self._apply_update(conn, ref, parsed)
            entry = repo.fetch_update(conn, entry_uuid) if entry_uuid else None
            return UpdateResult(outcome, repo.fetch_initiative(conn, initiative_id), entry)

    def _parse_update(self, request: UpdateRequest) -> _ParsedUpdate:
        """Validate an update request completely, before any database work."""
        status = parse_status(request.status) if request.status is not None else None
        if_status = parse_status(request.if_status) if request.if_status is not None else None
        progress = check_progress(request.progress) if request.progress is not None else None
        confidence = (
            parse_confidence(request.confidence) if request.confidence is not None else None
        )
        effective = self.day(request.on, "--on") if request.on is not None else self.today
        if effective > self.today:
            raise InputError(f"--on {request.on!r} is in the future ({effective.isoformat()})")
        deadline = (
            self.window(request.deadline, "--deadline", effective)
            if request.deadline is not None
            else None
        )
        note = _optional_text(request.note, "note")
        source = _source(request.source)
        quote = _optional_text(request.quote, "quote")
        if quote and not source:
            raise InputError("--quote needs --source: a quote must say where it comes from")
        ref_key = _optional_text(request.ref, "ref")
        if ref_key is not None and len(ref_key) > 200:
            raise InputError("ref is too long (at most 200 characters)")
        if all(v is None for v in (status, progress, confidence, deadline, note, source)):
            raise InputError(
                "nothing to update: give at least one of --status, --progress, --confidence,"
                " --deadline, --note or --source"
            )
        return _ParsedUpdate(
            requested={
                "status": status and str(status),
                "progress": progress,
                "confidence": confidence and str(confidence),
                "deadline": deadline,
            },
            if_status=if_status and str(if_status),
            effective=effective,
            note=note,
            source=source,
            quote=quote,
            ref=ref_key,
        )

    def _apply_update(
        self, conn: sqlite3.Connection, ref: str | int, parsed: _ParsedUpdate
    ) -> tuple[str, int, str | None]:
        """Record a parsed update inside the caller's write transaction.

        Returns the outcome (``recorded``, ``unchanged`` or ``duplicate``), the
        initiative's id and the entry's uuid (the earlier entry's for a duplicate ref).
        Raises :class:`ConflictError` when ``if_status`` does not hold.
        """
        initiative_id = ref if isinstance(ref, int) else self._resolve(conn, ref)
        seen, later, current = repo.update_context(
            conn, initiative_id, parsed.ref, parsed.effective
        )
        if seen is not None:
            return "duplicate", initiative_id, seen or None
        if parsed.if_status is not None and current["status"] != parsed.if_status:
            raise ConflictError(
                f"{current['slug']} is {current['status']}, not {parsed.if_status};"
                " update not applied"
            )
        # With no entry dated after it, the update is the latest: what it replaces is the
        # current value, and it becomes the current value. A backdated one asks the history.
        latest = not later
        values: dict[str, Any] = {}
        for name, wanted in parsed.requested.items():
            if wanted is None:
                continue
            before = (
                current[name]
                if latest
                else repo.field_value(conn, initiative_id, name, parsed.effective)
            )
            if before == wanted:
                continue
            if name == "deadline":
                values["deadline_from"] = repo.window_to_json(before)
                values["deadline_to"] = repo.window_to_json(wanted)
                values["deadline_to_latest"] = wanted.latest.isoformat()
            else:
                values[f"{name}_from"] = before
                values[f"{name}_to"] = wanted
        if not values and parsed.note is None and parsed.source is None:
            if parsed.ref is not None:  # applied all the same: a re-run stays a no-op
                repo.remember_ref(conn, initiative_id, parsed.ref, clock.now_iso())
            return "unchanged", initiative_id, None
        now = clock.now_iso()
        entry_uuid = clock.new_uuid()
        repo.insert_update(
            conn,
            {
                "uuid": entry_uuid,
                "initiative_id": initiative_id,
                "recorded_at": now,
                "effective": parsed.effective.isoformat(),
                "event": "update",
                **values,
                "note": parsed.note,
                "source_id": repo.source_id(conn, parsed.source) if parsed.source else None,
                "quote": parsed.quote,
                "ref": parsed.ref,
            },
        )
        fields: dict[str, Any] = {"updated_at": now}
        for name in parsed.requested:
            if f"{name}_to" not in values:
                continue
            value = (
                parsed.requested[name] if latest else repo.field_value(conn, initiative_id, name)
            )
            if name == "deadline":
                fields.update(repo.window_columns("deadline", value))
            else:
                fields[name] = value
        # The baseline is the first deadline in history order: the latest entry moves it
        # only if there was none; a backdated one may come first, so ask the history.
        if "deadline_to" in values and (current["baseline"] is None or not latest):
            baseline = parsed.requested["deadline"] if current["baseline"] is None else None
            if baseline is None:
                baseline = repo.baseline_value(conn, initiative_id)
            fields.update(repo.window_columns("baseline", baseline))
        repo.update_initiative(conn, initiative_id, fields)
        return "recorded", initiative_id, entry_uuid

    # -- apply (a batch of updates) ------------------------------------------------

    def apply(
        self,
        lines: Iterable[tuple[int, str | None]],
        *,
        dry_run: bool = False,
        on_change: Callable[[int, str, HistoryEntry], None] | None = None,
    ) -> ApplyResult:
        """Apply JSON Lines of updates (see :mod:`tracker.exchange`) in ONE transaction.

        Every line is checked; if any is bad (bad JSON, unknown initiative, bad value,
        failed ``if_status``), nothing is applied and the bad lines are in ``errors``.
        A line whose ``ref`` was already applied is skipped and counted. Lines apply in
        order, so a later line sees what an earlier one did. With ``dry_run`` nothing is
        kept either way; ``on_change`` is told of each entry that would be recorded.
        """
        from tracker import exchange

        result = ApplyResult(dry_run=dry_run)
        resolved: dict[str, int] = {}
        try:
            with self.db.write() as conn:
                for number, text in lines:
                    result.lines += 1
                    try:
                        fields = exchange.update_fields(text)
                        ref = fields.pop("initiative")
                        parsed = self._parse_update(UpdateRequest(**fields))
                        initiative_id = resolved.get(ref)
                        if initiative_id is None:
                            initiative_id = resolved[ref] = self._resolve(conn, ref)
                        outcome, _, entry_uuid = self._apply_update(conn, initiative_id, parsed)
                    except InputError as error:
                        result.fail(number, error.message)
                        continue
                    if outcome == "recorded":
                        result.applied += 1
                        if on_change is not None and entry_uuid is not None:
                            slug = repo.current_fields(conn, initiative_id)["slug"]
                            on_change(number, slug, repo.fetch_update(conn, entry_uuid))
                    elif outcome == "duplicate":
                        result.duplicates += 1
                    else:
                        result.unchanged += 1
                if result.error_count or dry_run:
                    raise _Discard
        except _Discard:
            pass
        return result

    # -- edit ----------------------------------------------------------------------

    def edit(self, ref: str, request: EditRequest) -> UpdateResult:
        """Change descriptive fields; each change is recorded in the history as an ``edit``."""
        title = (
            " ".join(check_text(request.title, "title", required=True, max_len=500).split())
            if request.title is not None
            else None
        )
        summary = check_text(request.summary, "summary") if request.summary is not None else None
        slug = check_slug(request.slug) if request.slug is not None else None
        kind = str(parse_kind(request.kind)) if request.kind is not None else None
        announced = (
            self.window(request.announced, "--announced") if request.announced is not None else None
        )
        if request.parent is not None and request.clear_parent:
            raise InputError("give either --parent or --no-parent, not both")
        lists = {
            "tags": (_names(request.add_tags, "tag"), _names(request.remove_tags, "tag")),
            "jurisdictions": (
                _names(request.add_jurisdictions, "jurisdiction"),
                _names(request.remove_jurisdictions, "jurisdiction"),
            ),
            "sponsors": (
                _names(request.add_sponsors, "sponsor"),
                _names(request.remove_sponsors, "sponsor"),
            ),
        }
        note = _optional_text(request.note, "note")

        with self.db.write() as conn:
            initiative_id = self._resolve(conn, ref)
            current = repo.fetch_initiative(conn, initiative_id)
            edits: dict[str, Any] = {}
            fields: dict[str, Any] = {}
            for name, value in (("title", title), ("summary", summary), ("kind", kind)):
                if value is not None and value != getattr(current, name):
                    edits[name] = {"from": getattr(current, name), "to": value}
                    fields[name] = value
            if slug is not None and slug != current.slug:
                if repo.slug_exists(conn, slug):
                    raise InputError(f"slug {slug!r} is already used by another initiative")
                edits["slug"] = {"from": current.slug, "to": slug}
                fields["slug"] = slug
            if announced is not None and announced != current.announced:
                edits["announced"] = {
                    "from": current.announced.to_dict() if current.announced else None,
                    "to": announced.to_dict(),
                }
                fields.update(repo.announced_columns(announced))
            if request.parent is not None or request.clear_parent:
                parent_id = (
                    self._resolve(conn, request.parent) if request.parent is not None else None
                )
                if parent_id is not None and (
                    parent_id == initiative_id or initiative_id in repo.ancestors(conn, parent_id)
                ):
                    raise InputError(
                        f"{request.parent!r} cannot be the parent of {current.slug}:"
                        " that would make a cycle"
                    )
                new_parent = repo.fetch_initiative(conn, parent_id).slug if parent_id else None
                if new_parent != current.parent:
                    edits["parent"] = {"from": current.parent, "to": new_parent}
                    fields["parent_id"] = parent_id
            for list_name, (to_add, to_remove) in lists.items():
                both = {n.casefold() for n in to_add} & {n.casefold() for n in to_remove}
                if both:
                    raise InputError(
                        f"cannot both add and remove {list_name}: {', '.join(sorted(both))}"
                    )
                added = repo.add_names(conn, initiative_id, list_name, to_add)
                removed = repo.remove_names(conn, initiative_id, list_name, to_remove)
                if added or removed:
                    edits[list_name] = {"added": added, "removed": removed}
            if not edits and note is None:
                return UpdateResult("unchanged", current, None)
            now = clock.now_iso()
            fields["updated_at"] = now
            repo.update_initiative(conn, initiative_id, fields)
            entry_uuid = clock.new_uuid()
            repo.insert_update(
                conn,
                {
                    "uuid": entry_uuid,
                    "initiative_id": initiative_id,
                    "recorded_at": now,
                    "effective": self.today.isoformat(),
                    "event": "edit",
                    "edits": json.dumps(edits, ensure_ascii=False) if edits else None,
                    "note": note,
                },
            )
            return UpdateResult(
                "recorded",
                repo.fetch_initiative(conn, initiative_id),
                repo.fetch_update(conn, entry_uuid),
            )

    # -- reading -------------------------------------------------------------------

    def list(self, filters: ListFilters | None = None) -> list[Initiative]:
        query = self._list_query(filters or ListFilters())
        with self.db.read() as conn:
            return repo.fetch_initiatives(conn, repo.list_ids(conn, query, self.today))

    def each(self, filters: ListFilters | None = None, chunk: int = 1000) -> Iterator[Initiative]:
        """What :meth:`list` returns, read ``chunk`` at a time inside one read snapshot,
        so that printing 100,000 initiatives never holds them all in memory. The filters
        are checked now (bad ones raise before anything is read or written); the
        snapshot opens at the first item and lasts until the iterator is exhausted or
        closed."""
        return self._each(self._list_query(filters or ListFilters()), chunk)

    def _each(self, query: repo.ListQuery, chunk: int) -> Iterator[Initiative]:
        with self.db.read() as conn:
            ids = repo.list_ids(conn, query, self.today)
            for start in range(0, len(ids), chunk):
                yield from repo.fetch_initiatives(conn, ids[start : start + chunk])

    def count(self, filters: ListFilters | None = None) -> int:
        """How many initiatives :meth:`list` would return, without reading them."""
        query = self._list_query(filters or ListFilters())
        with self.db.read() as conn:
            return repo.count_matching(conn, query, self.today)

    def _list_query(self, filters: ListFilters) -> repo.ListQuery:
        if filters.sort not in repo.SORT_KEYS:
            raise InputError(
                f"unknown sort {filters.sort!r}; choose from {', '.join(repo.SORT_KEYS)}"
            )
        if filters.limit is not None and not 0 <= filters.limit <= _SQLITE_MAX_INT:
            raise InputError(
                f"--limit must be between 0 and {_SQLITE_MAX_INT}, not {filters.limit}"
            )
        return repo.ListQuery(
            statuses=[str(parse_status(s)) for s in filters.statuses],
            healths=[str(parse_health(h)) for h in filters.healths],
            tags=_names(filters.tags, "tag"),
            jurisdictions=_names(filters.jurisdictions, "jurisdiction"),
            sponsors=_names(filters.sponsors, "sponsor"),
            due_before=(
                self.window(filters.due_before, "--due-before").earliest
                if filters.due_before is not None
                else None
            ),
            due_within_days=(
                parse_duration_days(filters.due_within, "--due-within")
                if filters.due_within is not None
                else None
            ),
            search=_optional_text(filters.search, "--search"),
            sort=filters.sort,
            limit=filters.limit,
        )

    def show(self, ref: str) -> InitiativeDetail:
        with self.db.read() as conn:
            initiative_id = self._resolve(conn, ref)
            return InitiativeDetail(
                initiative=repo.fetch_initiative(conn, initiative_id),
                sources=repo.fetch_sources(conn, initiative_id),
                children=repo.fetch_initiatives(conn, repo.children_ids(conn, initiative_id)),
                history=repo.fetch_history(conn, initiative_id),
            )

    def history(self, ref: str) -> tuple[Initiative, list[HistoryEntry]]:
        with self.db.read() as conn:
            initiative_id = self._resolve(conn, ref)
            return repo.fetch_initiative(conn, initiative_id), repo.fetch_history(
                conn, initiative_id
            )

    def remove(self, ref: str) -> tuple[Initiative, int]:
        """Delete an initiative and its history; children lose their parent.

        Each child's history records the detachment. Returns the removed
        initiative and how many children it had.
        """
        with self.db.write() as conn:
            initiative_id = self._resolve(conn, ref)
            initiative = repo.fetch_initiative(conn, initiative_id)
            children = repo.children_ids(conn, initiative_id)
            now = clock.now_iso()
            for child_id in children:
                repo.insert_update(
                    conn,
                    {
                        "uuid": clock.new_uuid(),
                        "initiative_id": child_id,
                        "recorded_at": now,
                        "effective": self.today.isoformat(),
                        "event": "edit",
                        "edits": json.dumps(
                            {"parent": {"from": initiative.slug, "to": None}}, ensure_ascii=False
                        ),
                        "note": f"parent {initiative.slug} was removed",
                    },
                )
                repo.update_initiative(conn, child_id, {"updated_at": now})
            repo.delete_initiative(conn, initiative_id)
            return initiative, len(children)

    # -- reports -------------------------------------------------------------------

    def report(self, request: ReportRequest | None = None, materialise: int | None = 20) -> Report:
        """The progress report as of a day (see :mod:`tracker.reports`).

        ``materialise``: how many initiatives per section to load in full, for the formats
        that show a few rows (None: all of them, as CSV and iCalendar need).
        """
        from tracker import reports

        request = request or ReportRequest()
        as_of = self.day(request.as_of, "--as-of") if request.as_of is not None else self.today
        horizon = parse_duration_days(request.horizon, "--horizon")
        stale_after = parse_duration_days(request.stale_after, "--stale-after")
        statuses = sorted({str(parse_status(s)) for s in request.statuses})
        names = {
            "tag": sorted(set(_names(request.tags, "tag")), key=str.casefold),
            "jurisdiction": sorted(
                set(_names(request.jurisdictions, "jurisdiction")), key=str.casefold
            ),
            "sponsor": sorted(set(_names(request.sponsors, "sponsor")), key=str.casefold),
        }
        search = _optional_text(request.search, "--search")
        filters = {"status": statuses, **names, "search": search}
        if (
            as_of < date(2, 1, 1) + timedelta(days=max(horizon, stale_after))
            or (date.max - as_of).days <= horizon
        ):
            raise InputError(
                f"--as-of {as_of.isoformat()} is too near the ends of the calendar for"
                f" --horizon {request.horizon} and --stale-after {request.stale_after}"
            )
        since_text = request.since if request.since is not None else "7d"
        since_last = since_text.strip().lower() == "last"
        since: date | None = None
        if not since_last:
            if _DURATION.match(since_text):
                days = parse_duration_days(since_text, "--since")
                if (as_of - date.min).days < days:
                    raise InputError(f"--since {since_text!r} reaches before the year 1")
                since = as_of - timedelta(days=max(days, 1) - 1)
            else:
                since = self.window(since_text, "--since", as_of).earliest
            if since > as_of:
                raise InputError(
                    f"--since {since_text!r} starts after the report day ({as_of.isoformat()})"
                )
        with self.db.read() as conn:
            ids = None
            if any(names.values()) or search is not None:
                query = repo.ListQuery(
                    tags=names["tag"],
                    jurisdictions=names["jurisdiction"],
                    sponsors=names["sponsor"],
                    search=search,
                )
                ids = repo.list_ids(conn, query, as_of)
            after_update_id = None
            if since_last:
                cursor = repo.report_cursor(conn, reports.cursor_key(filters))
                if cursor is not None:
                    if cursor[0] > as_of:
                        raise InputError(
                            f"--since last: the last report was as of {cursor[0].isoformat()},"
                            f" after the report day {as_of.isoformat()}"
                        )
                    # The day after the last report, and whatever was recorded since it
                    # (a backdated update too), up to the report day.
                    since = cursor[0] + timedelta(days=1)
                    after_update_id = cursor[1]
            options = reports.ReportOptions(
                as_of=as_of,
                since=since,
                horizon_days=horizon,
                stale_after_days=stale_after,
                ids=ids,
                statuses=tuple(statuses),
                after_update_id=after_update_id,
                filters=filters,
                materialise=materialise,
            )
            return reports.build_report(conn, options)

    def mark_reported(self, report: Report, write: Callable[[], None] | None = None) -> None:
        """Record that ``report`` was written (``write()`` writes it, inside the same
        transaction: if either fails, neither happens). ``--since last`` then starts
        after it. The cursor only moves forward, and never past today: an archive
        report for an earlier day or a projection for a later one leaves it alone."""
        from tracker import reports

        with self.db.write() as conn:
            key = reports.cursor_key(report.options.filters)
            cursor = repo.report_cursor(conn, key)
            if report.as_of <= self.today and (cursor is None or report.as_of >= cursor[0]):
                repo.save_report_cursor(
                    conn, key, report.as_of, report.max_update_id, clock.now_iso()
                )
            if write is not None:
                write()

    def recent_updates(self, limit: int = 50) -> list[tuple[str, str, HistoryEntry]]:
        """The newest history entries, newest first, as (slug, title, entry)."""
        if not 1 <= limit <= 10_000:
            raise InputError(f"--limit must be between 1 and 10000, not {limit}")
        with self.db.read() as conn:
            return repo.recent_updates(conn, limit)

    # -- import --------------------------------------------------------------------

    def import_records(
        self, records: Iterable[tuple[int, dict[str, Any] | str]], *, dry_run: bool = False
    ) -> ImportResult:
        """Create or update initiatives from records (``tracker export``'s, or a CSV's), in
        ONE transaction: matched by uuid, then slug. A record with ``history`` is taken as
        it is (entries new to the database are added, its fields are set as given: the
        round trip of an export); one without is a sync, its changes recorded as an update
        and an edit. If any record is bad, nothing is imported and every bad one is in
        ``errors``; parents are linked last, so they may come later in the file."""
        result = ImportResult(dry_run=dry_run)
        parents: list[tuple[int, int, str, bool]] = []
        try:
            with self.db.write() as conn:
                from tracker.storage.bulk import Batch

                batch = Batch(conn)
                for number, data in records:
                    result.records += 1
                    try:
                        if isinstance(data, str):
                            raise InputError(data)
                        outcome, initiative_id, record = self._import_one(conn, data, batch)
                    except InputError as error:
                        result.fail(number, error.message)
                        continue
                    setattr(result, outcome, getattr(result, outcome) + 1)
                    if record.parent is not None:
                        parents.append((number, initiative_id, record.parent, record.replica))
                batch.flush()
                for number, initiative_id, parent, replica in parents:
                    try:
                        self._import_parent(conn, initiative_id, parent, replica)
                    except InputError as error:
                        result.fail(number, error.message)
                if result.error_count or dry_run:
                    raise _Discard
        except _Discard:
            pass
        return result

    def _import_one(
        self, conn: sqlite3.Connection, data: dict[str, Any], batch: bulk.Batch
    ) -> tuple[str, int, _Record]:
        """Import one record. New initiatives without history are queued in ``batch``;
        it is written out before anything that may read a queued one."""
        record = self._import_record(data)
        if batch.taken(uuid=record.uuid, slug=record.slug):
            batch.flush()
        existing = repo.id_by_uuid(conn, record.uuid) if record.uuid else None
        if existing is None and record.slug is not None:
            existing = repo.id_by_slug(conn, record.slug)
        if existing is None and not record.replica:
            # the record's slug (if any) was just looked up and is free
            return "created", self._import_new(conn, record, batch, slug_free=True), record
        batch.flush()
        if existing is None:
            return "created", self._import_new(conn, record), record
        if record.replica:
            changed = self._import_merge(conn, existing, record)
        else:
            changed = self._import_sync(conn, existing, record)
        return ("updated" if changed else "unchanged"), existing, record

    def _import_record(self, data: dict[str, Any]) -> _Record:
        """Validate one record completely (types, values, windows, history): one pass
        over the keys it has, then the checks that need several of them."""
        from tracker import exchange

        given: dict[str, Any] = {}
        for key, value in data.items():
            kind = _RECORD_KEY_KINDS.get(key)
            if kind is None:
                raise InputError(f"unknown key {key!r}")
            if value is None:
                continue
            if kind == "text":
                if not isinstance(value, str):
                    raise InputError(f"{key!r} must be a string")
                value = check_text(value, key)
            elif kind == "names":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise InputError(f"{key!r} must be a list of strings")
                value = _names(value, key[:-1])
            given[key] = value
        progress = given.get("progress")
        exchange.check_progress_type(progress)
        announced = self._import_window(given, "announced", None)
        reference = announced.earliest if announced else self.today
        history = given.get("history")
        if history is not None and not isinstance(history, list):
            raise InputError("'history' must be a list of entries")
        refs = given.get("applied_refs") or []
        if not isinstance(refs, list) or not all(isinstance(r, str) and r for r in refs):
            raise InputError("'applied_refs' must be a list of strings")
        sources = given.get("sources") or []
        if not isinstance(sources, list) or not all(isinstance(x, dict) for x in sources):
            raise InputError("'sources' must be a list of objects")
        if (uuid := given.get("uuid")) is not None:
            try:
                uuid = str(uuidlib.UUID(uuid))
            except ValueError:
                raise InputError(f"invalid uuid {uuid!r}") from None
        kind, status, confidence, slug, title = map(
            given.get, ("kind", "status", "confidence", "slug", "title")
        )
        return _Record(
            uuid=uuid,
            slug=check_slug(slug) if slug is not None else None,
            title=" ".join(title.split()) if title is not None else None,
            summary=given.get("summary"),
            kind=str(parse_kind(kind)) if kind is not None else None,
            status=str(parse_status(status)) if status is not None else None,
            confidence=str(parse_confidence(confidence)) if confidence is not None else None,
            progress=check_progress(progress) if progress is not None else None,
            announced=announced,
            deadline=self._import_window(given, "deadline", reference),
            baseline=self._import_window(given, "baseline_deadline", reference),
            parent=given.get("parent"),
            names={key: given.get(key) for key in ("tags", "jurisdictions", "sponsors")},
            sources=[_import_source(x) for x in sources],
            created_at=given.get("created_at"),
            updated_at=given.get("updated_at"),
            history=[_import_entry(e) for e in history] if history is not None else None,
            applied_refs=refs,
        )

    def _import_window(
        self, given: dict[str, Any], key: str, reference: date | None
    ) -> Window | None:
        """A record's window: a phrase, or the {text, earliest, latest, precision} of an
        export."""
        value = given.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return self.window(value, key, reference)
        if not isinstance(value, dict) or set(value) != {"text", "earliest", "latest", "precision"}:
            raise InputError(f"{key!r} must be a phrase or {{text, earliest, latest, precision}}")
        return parse_iso_window(**value)

    def _import_new(
        self,
        conn: sqlite3.Connection,
        record: _Record,
        rows: bulk.Rows | None = None,
        slug_free: bool = False,
    ) -> int:
        if rows is None:
            from tracker.storage.bulk import Rows

            rows = Rows(conn)
        if record.title is None:
            raise InputError("missing 'title' (a new initiative needs one)")
        if not record.replica:
            first = record.sources[0] if record.sources else (None, None)
            prepared = _Prepared(
                request=NewInitiative(title=record.title, uuid=record.uuid),
                uuid=record.uuid or clock.new_uuid(),
                title=record.title,
                summary=record.summary or "",
                kind=Kind(record.kind or Kind.MEASURE),
                status=Status(record.status or Status.ANNOUNCED),
                progress=record.progress,
                confidence=record.confidence,
                slug=record.slug,
                announced=record.announced,
                deadline=record.deadline,
                names={key: value or [] for key, value in record.names.items()},
                source=first[0],
                quote=first[1],
                note=None,
            )
            initiative_id = self._insert(conn, prepared, rows=rows, slug_free=slug_free)
            for source, quote in record.sources[1:]:
                rows.link_source(initiative_id, source, quote)
            return initiative_id
        # A record with its history: rebuilt exactly, entry by entry.
        if not record.history or record.history[0]["event"] != "created":
            raise InputError("a record's history must begin with its 'created' entry")
        if record.slug is not None and repo.slug_exists(conn, record.slug):
            raise InputError(f"slug {record.slug!r} is already used by another initiative")
        now = clock.now_iso()
        initiative_id = repo.insert_initiative(
            conn,
            {
                "uuid": record.uuid or clock.new_uuid(),
                "slug": record.slug or self._unique_slug(conn, slugify(record.title) or "i"),
                "title": record.title,
                "summary": record.summary or "",
                "kind": record.kind or str(Kind.MEASURE),
                "status": record.status or str(Status.ANNOUNCED),
                "confidence": record.confidence,
                "progress": record.progress,
                **repo.announced_columns(record.announced),
                **repo.window_columns("deadline", record.deadline),
                **repo.window_columns("baseline", record.baseline),
                "created_at": record.created_at or now,
                "updated_at": record.updated_at or now,
            },
        )
        self._import_contents(conn, initiative_id, record)
        return initiative_id

    def _import_contents(
        self, conn: sqlite3.Connection, initiative_id: int, record: _Record
    ) -> bool:
        """Names, sources, history entries and refs a record has that the initiative has
        not; returns whether anything was added or taken away."""
        changed = False
        for list_name, wanted in record.names.items():
            if wanted is None:
                continue
            have = repo.linked_names(conn, initiative_id, list_name)
            folded = {n.casefold() for n in wanted}
            changed |= bool(
                repo.remove_names(
                    conn, initiative_id, list_name, [n for n in have if n.casefold() not in folded]
                )
            )
            changed |= bool(repo.add_names(conn, initiative_id, list_name, wanted))
        for source, quote in record.sources:
            changed |= repo.link_source(conn, initiative_id, source, quote)
        for entry in record.history or []:
            owner = repo.update_owner(conn, entry["uuid"])
            if owner == initiative_id:
                continue
            if owner is not None:
                raise InputError(f"history entry {entry['uuid']} belongs to another initiative")
            repo.insert_update(conn, _entry_columns(conn, initiative_id, entry))
            changed = True
        for ref in record.applied_refs:
            if repo.update_ref_uuid(conn, initiative_id, ref) is None:
                repo.remember_ref(conn, initiative_id, ref, clock.now_iso())
                changed = True
        return changed

    def _import_merge(self, conn: sqlite3.Connection, initiative_id: int, record: _Record) -> bool:
        """An existing initiative and a record with its history: add what is new, then
        take the record's fields as they are."""
        changed = self._import_contents(conn, initiative_id, record)
        current = repo.fetch_initiative(conn, initiative_id)
        fields: dict[str, Any] = {}
        for name in (
            "title",
            "summary",
            "kind",
            "status",
            "confidence",
            "progress",
            "slug",
            "created_at",
            "updated_at",
        ):
            value = getattr(record, name)
            if value is not None and value != getattr(current, name):
                if name == "slug" and repo.slug_exists(conn, value):
                    raise InputError(f"slug {value!r} is already used by another initiative")
                fields[name] = value
        for name, columns in (
            ("announced", repo.announced_columns),
            ("deadline", lambda w: repo.window_columns("deadline", w)),
            ("baseline", lambda w: repo.window_columns("baseline", w)),
        ):
            value = getattr(record, name)
            stored = current.baseline_deadline if name == "baseline" else getattr(current, name)
            if value is not None and value != stored:
                fields.update(columns(value))
        if fields:
            repo.update_initiative(conn, initiative_id, fields)
        return changed or bool(fields)

    def _import_sync(self, conn: sqlite3.Connection, initiative_id: int, record: _Record) -> bool:
        """An existing initiative and a record without history (a spreadsheet row): what
        differs is recorded, tracked fields as an update, the others as an edit."""
        current = repo.fetch_initiative(conn, initiative_id)
        requested = {
            "status": record.status,
            "progress": record.progress,
            "confidence": record.confidence,
            "deadline": record.deadline,
        }
        parsed = _ParsedUpdate(
            requested={k: v if v != getattr(current, k) else None for k, v in requested.items()},
            if_status=None,
            effective=self.today,
            note="imported",
            source=None,
            quote=None,
            ref=None,
        )
        changed = False
        if any(v is not None for v in parsed.requested.values()):
            changed = self._apply_update(conn, initiative_id, parsed)[0] == "recorded"
        edits: dict[str, Any] = {}
        fields: dict[str, Any] = {}
        for name in ("title", "summary", "kind"):
            value = getattr(record, name)
            if value is not None and value != getattr(current, name):
                edits[name] = {"from": getattr(current, name), "to": value}
                fields[name] = value
        if record.announced is not None and record.announced != current.announced:
            edits["announced"] = {
                "from": current.announced.to_dict() if current.announced else None,
                "to": record.announced.to_dict(),
            }
            fields.update(repo.announced_columns(record.announced))
        for list_name, wanted in record.names.items():
            if wanted is None:
                continue
            have = repo.linked_names(conn, initiative_id, list_name)
            folded = {n.casefold() for n in wanted}
            removed = repo.remove_names(
                conn, initiative_id, list_name, [n for n in have if n.casefold() not in folded]
            )
            added = repo.add_names(conn, initiative_id, list_name, wanted)
            if added or removed:
                edits[list_name] = {"added": added, "removed": removed}
        for source, quote in record.sources:
            changed |= repo.link_source(conn, initiative_id, source, quote)
        if edits:
            self._record_edit(conn, initiative_id, edits, fields, "imported")
        return changed or bool(edits)

    def _record_edit(
        self,
        conn: sqlite3.Connection,
        initiative_id: int,
        edits: dict[str, Any],
        fields: dict[str, Any],
        note: str | None,
    ) -> str:
        """Apply descriptive ``fields`` and append the ``edit`` entry that says so."""
        now = clock.now_iso()
        repo.update_initiative(conn, initiative_id, {**fields, "updated_at": now})
        entry_uuid = clock.new_uuid()
        repo.insert_update(
            conn,
            {
                "uuid": entry_uuid,
                "initiative_id": initiative_id,
                "recorded_at": now,
                "effective": self.today.isoformat(),
                "event": "edit",
                "edits": json.dumps(edits, ensure_ascii=False) if edits else None,
                "note": note,
            },
        )
        return entry_uuid

    def _import_parent(
        self, conn: sqlite3.Connection, initiative_id: int, parent: str, replica: bool
    ) -> None:
        parent_id = repo.id_by_uuid(conn, parent) or self._resolve(conn, parent)
        if parent_id == initiative_id or initiative_id in repo.ancestors(conn, parent_id):
            raise InputError(f"parent {parent!r} would make a cycle")
        current = repo.fetch_initiative(conn, initiative_id)
        new_parent = repo.fetch_initiative(conn, parent_id).slug
        if current.parent == new_parent:
            return
        if replica:
            repo.update_initiative(conn, initiative_id, {"parent_id": parent_id})
        else:
            self._record_edit(
                conn,
                initiative_id,
                {"parent": {"from": current.parent, "to": new_parent}},
                {"parent_id": parent_id},
                "imported",
            )

    # -- export --------------------------------------------------------------------

    def export(self) -> Iterator[dict[str, Any]]:
        """Every initiative with its history, sources and remembered refs, in uuid order,
        as the records of ``tracker export`` (see :data:`EXPORT_FORMAT`). A generator:
        the whole database is read in one snapshot but never held in memory at once."""
        with self.db.read() as conn:
            order = repo.export_order(conn)
            for start in range(0, len(order), 500):
                chunk = order[start : start + 500]
                initiatives = repo.fetch_initiatives(conn, [i for i, _ in chunk])
                for initiative, (initiative_id, parent_uuid) in zip(
                    initiatives, chunk, strict=True
                ):
                    yield export_record(
                        initiative,
                        parent_uuid,
                        repo.fetch_sources(conn, initiative_id),
                        repo.fetch_history(conn, initiative_id),
                        repo.applied_refs(conn, initiative_id),
                    )

    # -- seeds ---------------------------------------------------------------------

    def seed(self) -> SeedResult:
        """Load the packaged seed initiatives that are not present yet (matched by uuid)."""
        from tracker import seeding

        items = seeding.seed_initiatives()
        added = self.add_many(items, rename_on_clash=True)
        return SeedResult(added=added, present=len(items) - len(added))
