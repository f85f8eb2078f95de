"""``tracker import``: records of initiatives (an export's, or a spreadsheet's rows)
created or merged in one transaction. The files are read by :mod:`tracker.exchange`."""

from __future__ import annotations

import re
import sqlite3
import uuid as uuidlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.domain import clock
from tracker.domain.authors import check_author
from tracker.domain.initiatives import Initiative, Source, SourceLink
from tracker.domain.model import (
    Kind,
    Status,
    check_progress,
    check_slug,
    check_text,
    parse_confidence,
    parse_kind,
    parse_status,
    slugify,
)
from tracker.domain.shapes import ENTRY_KEYS, EXPORT_KEYS, SYNC_KEYS
from tracker.domain.windows import Window, parse_iso_window
from tracker.errors import InputError
from tracker.ops import history, initiatives, merging, names, references, updates, values
from tracker.ops.progress import EVERY, Progress
from tracker.requests import ImportResult, NewInitiative
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.session import Session
    from tracker.storage import bulk


@dataclass
class Record:
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
    sources: list[SourceLink]
    created_at: str | None
    updated_at: str | None
    history: list[dict[str, Any]] | None
    applied_refs: list[str]
    #: A sync row's evidence: its note, source and quote, effective day and author.
    note: str | None = None
    source: SourceLink | None = None
    on: date | None = None
    by: str | None = None
    #: The windows given as phrases (a CSV's ``deadline_text``, ``announced_text``).
    phrases: frozenset[str] = frozenset()
    #: The rationale of ``confidence``.
    confidence_note: str | None = None

    @property
    def replica(self) -> bool:
        """A record with its history is taken as it is (an export's round trip)."""
        return self.history is not None


_TEXT_KEYS = frozenset(
    [
        "uuid",
        "slug",
        "title",
        "summary",
        "kind",
        "status",
        "confidence",
        "confidence_note",
        "parent",
        "created_at",
        "updated_at",
    ]
)
_NAME_KEYS = frozenset(["tags", "jurisdictions", "sponsors"])

#: How each key of an import record (:data:`tracker.domain.shapes.EXPORT_KEYS`) is
#: checked in the first pass: free text, a list of names, or later with the others
#: ("value": progress, the windows, sources, history, applied refs).
RECORD_KEY_KINDS = (
    {
        key: "text" if key in _TEXT_KEYS else "names" if key in _NAME_KEYS else "value"
        for key in EXPORT_KEYS
    }
    | dict.fromkeys(SYNC_KEYS, "sync")
    | {"extracted": "ignored"}
)


def import_source(data: dict[str, Any]) -> SourceLink:
    """A source as a file gives it: ``{title, publisher, published, url, accessed,
    quote}`` (``accessed`` may be left out, as files made before it was kept do)."""
    keys = ("title", "publisher", "published", "url", "accessed", "quote")
    if not set(data) <= set(keys) or not all(
        v is None or isinstance(v, str) for v in data.values()
    ):
        raise InputError(
            "a source is {title, publisher, published, url, accessed, quote} of strings"
        )
    source = Source(**{k: data.get(k) for k in keys[:4]})
    if not source.key:
        raise InputError("a source needs a url or a title")
    return SourceLink(source, data.get("quote"), data.get("accessed"))


MAX_CLOCK = repo.MAX_CLOCK


_ENTRY_KEYS = frozenset([*ENTRY_KEYS, "clock"])
_ENTRY_NEEDS = frozenset(["uuid", "event", "effective"])
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def canonical_uuid(value: Any) -> str:
    """A uuid in its canonical form (lower-case hex with dashes); ValueError if it is
    none. The canonical form, the usual case, is taken without parsing it again."""
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value
    return str(uuidlib.UUID(str(value)))


def import_entry(data: Any) -> dict[str, Any]:
    """A history entry as ``history --format json`` gives it, checked."""
    if not isinstance(data, dict):
        raise InputError("a history entry must be an object")
    keys = data.keys()
    if not keys <= _ENTRY_KEYS or not keys >= _ENTRY_NEEDS:
        raise InputError(f"a history entry has the keys {', '.join(sorted(_ENTRY_KEYS))}")
    try:
        uuid = canonical_uuid(data["uuid"])
        effective = date.fromisoformat(str(data["effective"])).isoformat()
    except ValueError:
        raise InputError("a history entry needs a uuid and an effective day (YYYY-MM-DD)") from None
    if data["event"] not in ("created", "update", "edit", "retract", "amend"):
        raise InputError(f"unknown history event {data['event']!r}")
    target = data.get("target")
    if (target is not None) != (data["event"] in ("retract", "amend")):
        raise InputError("a retract or amend entry, and only one, names its target entry")
    if target is not None:
        try:
            target = canonical_uuid(target)
        except ValueError:
            raise InputError("a history entry's target must be an entry's uuid") from None
    changes = data.get("changes") or {}
    if not isinstance(changes, dict):
        raise InputError("a history entry's changes must be an object")
    for name in ("status", "progress", "confidence", "deadline"):
        if name in changes:
            change = changes[name]
            if name == "confidence" and isinstance(change, dict) and "note" in change:
                if not isinstance(change["note"], str) or change.get("to") is None:
                    raise InputError("a confidence change's note is the rationale of its level")
                check_text(change["note"], "confidence note", required=True)
                change = {k: v for k, v in change.items() if k != "note"}
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
    if "links" in changes or "merged" in changes:
        from tracker.domain.links import check_change, check_merged

        if data["event"] != "edit":
            raise InputError("only an edit entry makes links or records a merge")
        if "links" in changes:
            changes = {**changes, "links": check_change(changes["links"])}
        if "merged" in changes:
            check_merged(changes["merged"])
    author = data.get("author")
    if author is not None:
        if not isinstance(author, str):
            raise InputError("a history entry's author must be a string")
        author = check_author(author)
    for key in ("note", "ref", "recorded_at"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise InputError(f"a history entry's {key} must be a string")
    entry_clock = data.get("clock", 0)
    if isinstance(entry_clock, bool) or not isinstance(entry_clock, int):
        raise InputError("a history entry's clock must be a whole number")
    if not 0 <= entry_clock <= MAX_CLOCK:
        raise InputError(f"a history entry's clock must be between 0 and {MAX_CLOCK}")
    source = import_source(data["source"]) if data.get("source") else None
    return {
        "clock": entry_clock,
        **data,
        "uuid": uuid,
        "effective": effective,
        "changes": changes,
        "source": source,
        "author": author,
        "target": target,
    }


def write_imported_entry(
    conn: sqlite3.Connection,
    initiative_id: int,
    entry: dict[str, Any],
    origin: str | None = None,
    initial: str | None = None,
    rows: bulk.Rows | None = None,
) -> None:
    """Store a checked history entry (see :func:`import_entry`) as it is (its clock 0
    when it has none: made before clocks were kept). ``origin``: the replica it came
    from, for a synced entry, and ``initial`` a synced created entry's fields; ``rows``:
    a :class:`tracker.storage.bulk.Batch` that queues it."""
    changes = entry["changes"]
    tracked: dict[str, Any] = {}
    for name in ("status", "progress", "confidence"):
        if name in changes:
            tracked[f"{name}_from"] = changes[name]["from"]
            tracked[f"{name}_to"] = changes[name]["to"]
    if "confidence" in changes:
        tracked["confidence_note"] = changes["confidence"].get("note")
    if "deadline" in changes:
        before, after = changes["deadline"]["from"], changes["deadline"]["to"]
        tracked["deadline_from"] = (
            repo.window_to_json(parse_iso_window(**before)) if before else None
        )
        to = parse_iso_window(**after) if after else None
        tracked["deadline_to"] = repo.window_to_json(to)
        tracked["deadline_to_latest"] = to.latest.isoformat() if to else None
    source_id = quote = accessed = None
    if entry.get("source"):
        link = entry["source"]
        source_id, quote, accessed = repo.source_id(conn, link.source), link.quote, link.accessed
    history.write_entry(
        conn if rows is None else rows,
        initiative_id,
        entry["event"],
        entry["effective"],
        entry.get("recorded_at") or clock.now_iso(),
        tracked=tracked,
        edits={k: v for k, v in changes.items() if k not in repo.TRACKED_FIELDS},
        note=entry.get("note"),
        source_id=source_id,
        quote=quote,
        accessed=accessed,
        ref=entry.get("ref"),
        uuid=entry["uuid"],
        author=entry.get("author"),
        target=entry.get("target"),
        lamport=entry.get("clock", 0),
        origin=origin,
        initial=initial,
    )


def import_records(
    t: Session,
    records: Iterable[tuple[int, dict[str, Any] | str]],
    *,
    dry_run: bool = False,
    force: bool = False,
    slugs: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Create or update initiatives from records (``tracker export``'s, or a CSV's), in
    ONE transaction: matched by uuid, then slug. A record with ``history`` is merged:
    the entries new to the database are added and the history replayed (never its
    fields copied); one without is a sync, its changes recorded as an update and an
    edit, refused if the initiative changed since the row's ``updated_at`` (unless
    ``force``). If any record is bad, nothing is imported and every bad one is in
    ``errors``; parents are linked last, so they may come later in the file. With
    ``dry_run``, ``result.changes`` says what each record would change; with ``slugs``,
    ``result.recorded`` says what became of each record kept, and under which slug.
    ``progress`` is told of the records read (:mod:`tracker.ops.progress`)."""
    result = ImportResult(dry_run=dry_run)
    parents: list[tuple[int, int, str, bool]] = []
    outcomes: list[tuple[str, int]] = []
    try:
        with t.db.write() as conn:
            from tracker.storage.bulk import Batch

            batch = Batch(conn)
            batch.claim()
            removed = repo.removals(conn)
            for number, data in records:
                result.records += 1
                if progress is not None and not result.records % EVERY:
                    progress(result.records, None)
                try:
                    if isinstance(data, str):
                        raise InputError(data)
                    outcome, initiative_id, record = import_one(
                        t,
                        conn,
                        data,
                        batch,
                        force=force,
                        changes=result.changes if dry_run else None,
                        number=number,
                        removed=removed,
                    )
                except InputError as error:
                    result.fail(number, error.message)
                    continue
                setattr(result, outcome, getattr(result, outcome) + 1)
                if slugs:
                    outcomes.append((outcome, initiative_id))
                if record.parent is not None and (not record.replica or outcome == "created"):
                    parents.append((number, initiative_id, record.parent, record.replica))
            batch.flush()
            if result.created or result.updated:
                # Entries came in with their own clocks, maybe below the sync mark:
                # the next tracker sync compares everything with the logs.
                repo.request_resend(conn)
            for number, initiative_id, parent, replica in parents:
                try:
                    import_parent(t, conn, initiative_id, parent, replica)
                except InputError as error:
                    result.fail(number, error.message)
            if result.created or result.updated:
                # the links the histories now make (tracker.domain.links)
                from tracker.storage import links

                links.settle(conn)
            if result.error_count or dry_run:
                raise values.Discard
            if outcomes:
                ids = [initiative_id for _, initiative_id in outcomes]
                slug = {i.id: i.slug for i in repo.fetch_initiatives(conn, ids)}
                result.recorded = [(outcome, slug[i]) for outcome, i in outcomes]
    except values.Discard:
        pass
    return result


#: The fields a dry run compares, before and after each record (``list --format json``'s):
#: an export record's but the initiative's identity, sources, times, history and refs.
DIFFERENCE_KEYS = tuple(
    key
    for key in EXPORT_KEYS
    if key not in ("uuid", "sources", "created_at", "updated_at", "history", "applied_refs")
)


def snapshot(t: Session, conn: sqlite3.Connection, initiative_id: int) -> dict[str, Any]:
    """An initiative's :data:`DIFFERENCE_KEYS`, as ``list --format json`` gives them."""
    data = repo.fetch_initiative(conn, initiative_id).to_dict(t.today)
    return {key: data[key] for key in DIFFERENCE_KEYS}


def differences(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    """``{field: {from, to}}`` of what differs (from nothing, for a new initiative:
    its fields that have a value)."""
    empty: dict[str, Any] = dict.fromkeys(DIFFERENCE_KEYS)
    old = before if before is not None else empty
    return {
        key: {"from": old[key], "to": after[key]}
        for key in DIFFERENCE_KEYS
        if old[key] != after[key] and not (before is None and after[key] in (None, [], ""))
    }


def import_one(
    t: Session,
    conn: sqlite3.Connection,
    data: dict[str, Any],
    batch: bulk.Batch,
    *,
    force: bool = False,
    changes: list[dict[str, Any]] | None = None,
    number: int = 0,
    removed: dict[str, tuple[str, str | None]] | None = None,
) -> tuple[str, int, Record]:
    """Import one record. New initiatives without history are queued in ``batch``;
    it is written out before anything that may read a queued one. With ``changes`` (a
    dry run), what the record changed is appended to it. ``removed``
    (:func:`~tracker.storage.repository.removals`): a row without history for an
    initiative removed here is refused, unless ``force`` makes it again."""
    record = import_record(t, data)
    if batch.taken(uuid=record.uuid, slug=record.slug):
        batch.flush()
    absent = batch.absent(record.uuid, record.slug)  # known new here: no lookups
    existing = repo.id_by_uuid(conn, record.uuid) if record.uuid and not absent else None
    if existing is None and record.slug is not None and not absent:
        existing = repo.id_by_slug(conn, record.slug)
        if existing is not None and record.replica and record.uuid is not None:
            # Two histories of two initiatives are never merged into one: another
            # tracker added an initiative under a slug this one uses for its own, so
            # it comes in under a free slug (import_new), as a seed would.
            existing = None
        if existing is None and record.uuid is None:  # a row by an old slug: its initiative
            existing = references.id_by_old_slug(conn, record.slug)
    if existing is None and removed and record.uuid in removed:
        # A row of a list taken before the removal would silently undo it; a record
        # with its history (another tracker's export) brings it back as it is there.
        if not record.replica and not force:
            when, by = removed[record.uuid]
            raise InputError(
                f"{record.slug or record.uuid} was removed here (on {when[:10]}"
                f"{f' by {by}' if by else ''}); use --force to make it again"
            )
        repo.forget_removal(conn, record.uuid)
        del removed[record.uuid]
    if existing is None and not record.replica and changes is None:
        # the record's slug (if any) was just looked up and is free, unless it is an old
        # slug of another initiative (and the record has a uuid of its own)
        free = absent or record.slug is None or repo.id_by_alias(conn, record.slug) is None
        return "created", import_new(t, conn, record, batch, slug_free=free), record
    if existing is None and record.replica and changes is None:
        queued = queue_replica(t, conn, record, batch, absent=absent)
        if queued is not None:
            return "created", queued, record
    batch.release()  # what follows writes past the batch
    if existing is None:
        initiative_id = import_new(t, conn, record)
        if changes is not None:
            after = snapshot(t, conn, initiative_id)
            changes.append(
                {
                    "line": number,
                    "initiative": after["slug"],
                    "created": True,
                    "changes": differences(None, after),
                }
            )
        return "created", initiative_id, record
    before = snapshot(t, conn, existing) if changes is not None else None
    if record.replica:
        changed = import_merge(t, conn, existing, record)
    else:
        changed = import_sync(t, conn, existing, record, force=force)
    if before is not None and changes is not None:
        after = snapshot(t, conn, existing)
        found = differences(before, after)
        if found:
            changes.append(
                {"line": number, "initiative": after["slug"], "created": False, "changes": found}
            )
    return ("updated" if changed else "unchanged"), existing, record


def import_record(t: Session, data: dict[str, Any]) -> Record:
    """Validate one record completely (types, values, windows, history): one pass
    over the keys it has, then the checks that need several of them."""
    from tracker import exchange

    given: dict[str, Any] = {}
    for key, value in data.items():
        kind = RECORD_KEY_KINDS.get(key)
        if kind is None:
            raise InputError(f"unknown key {key!r}")
        if value is None or kind == "ignored":
            continue  # "extracted": what tracker extract says of its line, for people
        if kind in ("text", "sync"):
            if not isinstance(value, str):
                raise InputError(f"{key!r} must be a string")
            value = check_text(value, key)
        elif kind == "names":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise InputError(f"{key!r} must be a list of strings")
            value = values.names(value, key[:-1])
        given[key] = value
    progress = given.get("progress")
    exchange.check_progress_type(progress)
    announced = import_window(t, given, "announced", None)
    reference = announced.earliest if announced else t.today
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
            uuid = canonical_uuid(uuid)
        except ValueError:
            raise InputError(f"invalid uuid {uuid!r}") from None
    kind, status, confidence, slug, title = map(
        given.get, ("kind", "status", "confidence", "slug", "title")
    )
    evidence = [key for key in SYNC_KEYS if key in given]
    if history is not None and evidence:
        raise InputError(f"{evidence[0]!r} is for a record without history (a sync row)")
    on = t.day(given["on"], "on") if "on" in given else None
    if on is not None and on > t.today:
        raise InputError(f"'on' {given['on']!r} is in the future ({on.isoformat()})")
    source = values.source(given.get("source"))
    if given.get("quote") and source is None:
        raise InputError("a quote needs a source: it must say where it comes from")
    return Record(
        uuid=uuid,
        slug=check_slug(slug) if slug is not None else None,
        title=" ".join(title.split()) if title is not None else None,
        summary=given.get("summary"),
        kind=str(parse_kind(kind)) if kind is not None else None,
        status=str(parse_status(status)) if status is not None else None,
        confidence=str(parse_confidence(confidence)) if confidence is not None else None,
        confidence_note=values.confidence_note(
            given.get("confidence_note"), confidence, "'confidence_note'", "'confidence'"
        ),
        progress=check_progress(progress) if progress is not None else None,
        announced=announced,
        deadline=import_window(t, given, "deadline", reference),
        baseline=import_window(t, given, "baseline_deadline", reference),
        parent=given.get("parent"),
        names={key: given.get(key) for key in ("tags", "jurisdictions", "sponsors")},
        sources=[import_source(x) for x in sources],
        created_at=given.get("created_at"),
        updated_at=given.get("updated_at"),
        history=[import_entry(e) for e in history] if history is not None else None,
        applied_refs=refs,
        note=given.get("note"),
        source=SourceLink(source, given.get("quote")) if source is not None else None,
        on=on,
        by=check_author(given["by"], "by") if "by" in given else None,
        phrases=frozenset(
            key for key in ("announced", "deadline") if isinstance(given.get(key), str)
        ),
    )


def import_window(
    t: Session, given: dict[str, Any], key: str, reference: date | None
) -> Window | None:
    """A record's window: a phrase, or the {text, earliest, latest, precision} of an
    export."""
    value = given.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return t.window(value, key, reference)
    if not isinstance(value, dict) or set(value) != {"text", "earliest", "latest", "precision"}:
        raise InputError(f"{key!r} must be a phrase or {{text, earliest, latest, precision}}")
    return parse_iso_window(**value)


def import_new(
    t: Session,
    conn: sqlite3.Connection,
    record: Record,
    rows: bulk.Rows | None = None,
    slug_free: bool = False,
) -> int:
    if rows is None:
        from tracker.storage.bulk import Rows

        rows = Rows(conn)
    if record.title is None:
        raise InputError("missing 'title' (a new initiative needs one)")
    if not record.replica:
        first = record.sources[0] if record.sources else None
        prepared = initiatives.Prepared(
            request=NewInitiative(title=record.title, uuid=record.uuid),
            uuid=record.uuid or clock.new_uuid(),
            title=record.title,
            summary=record.summary or "",
            kind=Kind(record.kind or Kind.MEASURE),
            status=Status(record.status or Status.ANNOUNCED),
            progress=record.progress,
            confidence=record.confidence,
            confidence_note=record.confidence_note,
            slug=record.slug,
            announced=record.announced,
            deadline=record.deadline,
            names={key: value or [] for key, value in record.names.items()},
            source=first.source if first else None,
            quote=first.quote if first else None,
            note=record.note,
            accessed=first.accessed if first else None,
        )
        initiative_id = initiatives.insert(t, conn, prepared, rows=rows, slug_free=slug_free)
        for link in record.sources[1:]:
            rows.link_source(initiative_id, link.source, link.quote, link.accessed)
        if record.sources[1:]:
            history.write_entry(
                rows,
                initiative_id,
                "edit",
                t.today.isoformat(),
                clock.now_iso(),
                edits={"sources": {"added": [link.to_dict() for link in record.sources[1:]]}},
                note="imported",
                author=t.author,
            )
        return initiative_id
    # A record with its history: rebuilt exactly, entry by entry.
    if not record.history or record.history[0]["event"] != "created":
        raise InputError("a record's history must begin with its 'created' entry")
    slug = record.slug
    if slug is not None and repo.slug_exists(conn, slug):
        slug = references.unique_slug(conn, slug)  # another initiative's: see import_one
    now = clock.now_iso()
    initiative_id = repo.insert_initiative(
        conn,
        {
            "uuid": record.uuid or clock.new_uuid(),
            "slug": slug or references.unique_slug(conn, slugify(record.title) or "i"),
            "title": record.title,
            "summary": record.summary or "",
            "kind": record.kind or str(Kind.MEASURE),
            "status": record.status or str(Status.ANNOUNCED),
            "confidence": record.confidence,
            "confidence_note": record.confidence_note,
            "progress": record.progress,
            **repo.announced_columns(record.announced),
            **repo.window_columns("deadline", record.deadline),
            **repo.window_columns("baseline", record.baseline),
            "created_at": record.created_at or now,
            "updated_at": record.updated_at or now,
        },
    )
    import_contents(t, conn, initiative_id, record)
    history.refresh_current(t, conn, initiative_id)  # the history, not the record, decides
    return initiative_id


def queue_replica(
    t: Session, conn: sqlite3.Connection, record: Record, batch: bulk.Batch, absent: bool = False
) -> int | None:
    """A record with its history for an initiative new here, queued in ``batch``: what
    :func:`import_new` writes for it, without reading any of it back. Its entries are
    made by :func:`write_imported_entry` (captured, then queued) and its current fields
    are the replay of them (:func:`history.refresh_current`'s rule, on the rows as they
    will be stored). None, queuing nothing, for a record this does not cover (the
    caller then flushes and takes :func:`import_new`): one without a uuid or a slug, or
    whose slug is taken, with sources or entries that give sources, links or
    corrections, or an entry uuid already here or queued (``tests/test_import.py``
    compares the two paths' databases)."""
    from tracker.domain.replay import replay
    from tracker.storage.bulk import Captured, history_order, stored_update

    entries = record.history or []
    if record.uuid is None or record.slug is None or record.title is None or record.sources:
        return None
    if not entries or entries[0]["event"] != "created":
        return None
    uuids = {entry["uuid"] for entry in entries}
    if len(uuids) != len(entries) or any(
        _touches_sources(entry) or "links" in entry["changes"] or "merged" in entry["changes"]
        for entry in entries
    ):
        return None
    # known new (bulk.Batch.claim: the slug free and the entries new here), or looked up
    known = absent and batch.new_entries(uuids)
    if not known and (
        batch.queued_entry(uuids)
        or repo.slug_exists(conn, record.slug)
        or repo.any_entry(conn, uuids)
    ):
        return None
    captured = Captured(conn)
    for entry in entries:
        write_imported_entry(conn, 0, entry, rows=captured)
    if len(captured.updates) == 1:  # a lone created entry: its replay is its own values
        replayed = repo.created_columns(captured.updates[0])
    else:
        rows = [stored_update(values) for values in captured.updates]
        history_rows = [repo.entry_from_row(row) for row in sorted(rows, key=history_order)]
        replayed = repo.replayed_columns(replay(history_rows))
    now = clock.now_iso()
    initiative_id = batch.insert_initiative(
        {
            "uuid": record.uuid,
            "slug": record.slug,
            "title": record.title,
            "summary": record.summary or "",
            "kind": record.kind or str(Kind.MEASURE),
            **repo.announced_columns(record.announced),
            **replayed,  # status ... baseline: the history decides
            "parent_id": None,
            "created_at": record.created_at or now,
            "updated_at": record.updated_at or now,
        }
    )
    for list_name, wanted in record.names.items():
        if wanted:
            batch.add_names(initiative_id, list_name, wanted)
    for row in captured.updates:
        batch.insert_update({**row, "initiative_id": initiative_id})
    given = {entry.get("ref") for entry in entries}
    for ref in record.applied_refs:
        if ref not in given:
            batch.remember_ref(initiative_id, ref, clock.now_iso())
            given.add(ref)
    return initiative_id


def import_contents(
    t: Session,
    conn: sqlite3.Connection,
    initiative_id: int,
    record: Record,
    *,
    names: bool = True,
) -> list[dict[str, Any]]:
    """Names (unless ``names`` is False), sources, history entries and refs a record has
    that the initiative has not; returns the history entries it added (and, if only
    names, sources or refs changed, a list with one empty mark, so it is true)."""
    added: list[dict[str, Any]] = []
    changed = False
    for list_name, wanted in record.names.items():
        if wanted is None or not names:
            continue
        have = repo.linked_names(conn, initiative_id, list_name)
        folded = {n.casefold() for n in wanted}
        changed |= bool(
            repo.remove_names(
                conn, initiative_id, list_name, [n for n in have if n.casefold() not in folded]
            )
        )
        changed |= bool(repo.add_names(conn, initiative_id, list_name, wanted))
    created = None
    for entry in record.history or []:
        owner = repo.update_owner(conn, entry["uuid"])
        if owner == initiative_id:
            continue
        if owner is not None:
            raise InputError(f"history entry {entry['uuid']} belongs to another initiative")
        if entry["event"] == "created":
            # An initiative begins once: a second creation of the same uuid (it was
            # removed here and made again from a file) is not merged in as another.
            if created is None:
                created = repo.has_created_entry(conn, initiative_id)
            if created:
                continue
        write_imported_entry(conn, initiative_id, entry)
        added.append(entry)
    for ref in record.applied_refs:
        if repo.update_ref_uuid(conn, initiative_id, ref) is None:
            repo.remember_ref(conn, initiative_id, ref, clock.now_iso())
            changed = True
    if record.sources or any(_touches_sources(entry) for entry in added):
        changed |= _import_sources(t, conn, initiative_id, record.sources)
    return added or ([{}] if changed else [])


def _touches_sources(entry: dict[str, Any]) -> bool:
    """Whether an imported entry may change the list of sources its history gives."""
    return bool(
        entry.get("source")
        or "sources" in (entry.get("changes") or {})
        or entry.get("event") in ("retract", "amend")
    )


def _import_sources(
    t: Session, conn: sqlite3.Connection, initiative_id: int, sources: list[SourceLink]
) -> bool:
    """A record's list of sources, after its history: the items its history (with the
    initiative's) does not give, each document with its quote and accessed day, are
    added by ONE ``edit`` entry (note ``imported``), so that the list stays what the
    history replays to. An export imported again adds none. Returns whether the
    stored list changed."""
    for link in sources:
        repo.source_id(conn, link.source)  # the documents' fields, where they lack them
    given = {item.key: item for item in history.replayed_sources(conn, initiative_id)}
    missing = [
        link.to_dict()
        for link in sources
        if link.key not in given
        or (link.quote is not None and given[link.key].quote != link.quote)
        or (link.accessed is not None and given[link.key].accessed != link.accessed)
    ]
    if missing:
        history.write_entry(
            conn,
            initiative_id,
            "edit",
            t.today.isoformat(),
            clock.now_iso(),
            edits={"sources": {"added": missing}},
            note="imported",
            author=t.author,
        )
    return history.refresh_sources(conn, initiative_id)


def import_merge(t: Session, conn: sqlite3.Connection, initiative_id: int, record: Record) -> bool:
    """An existing initiative and a record with its history: the entries it does not
    have are added (by uuid), then the history decides, never the record's fields: the
    tracked fields are its replay (:func:`history.refresh_current`), each descriptive
    field the value of the latest edit entry that changed it (else it stays), and the
    name lists take the added entries' additions and removals. So merging A into B and
    B into A gives the same current state."""
    added = import_contents(t, conn, initiative_id, record, names=False)
    new_entries = [entry for entry in added if entry]
    changed = bool(added)
    if new_entries:
        changed |= history.refresh_current(t, conn, initiative_id)
        changed |= merging.follow_edits(conn, initiative_id, new_entries)
    current = repo.fetch_initiative(conn, initiative_id)
    if changed and record.updated_at is not None and record.updated_at > current.updated_at:
        repo.update_initiative(conn, initiative_id, {"updated_at": record.updated_at})
    return changed


def _unless_same_phrase(
    record: Record, key: str, given: Window | None, stored: Window | None
) -> Window | None:
    """The window a row gives for ``key``, or None when the row's phrase is the stored
    one: the window (or day) it was given then stands, so an untouched row changes
    nothing."""
    same = given is not None and stored is not None and given.text == stored.text
    return None if same and key in record.phrases else given


def import_sync(
    t: Session,
    conn: sqlite3.Connection,
    initiative_id: int,
    record: Record,
    *,
    force: bool = False,
) -> bool:
    """An existing initiative and a record without history (a spreadsheet row): what
    differs is recorded, tracked fields as an update, the others as an edit, with the
    row's evidence (note, source, quote), day (``on``) and author (``by``). A row
    exported before the initiative last changed is refused (unless ``force``)."""
    current = repo.fetch_initiative(conn, initiative_id)
    deadline = _unless_same_phrase(record, "deadline", record.deadline, current.deadline)
    requested = {
        "status": record.status,
        "progress": record.progress,
        "confidence": record.confidence,
        "deadline": deadline,
    }
    effective = record.on or t.today
    note = record.note or "imported"
    author = record.by or t.author
    requested = {k: v if v != getattr(current, k) else None for k, v in requested.items()}
    note_given = record.confidence_note
    if note_given is not None and note_given != current.confidence_note:
        requested["confidence"] = record.confidence  # a new rationale: a new assessment
    parsed = updates.ParsedUpdate(
        requested=requested,
        if_status=None,
        effective=effective,
        note=note,
        source=record.source.source if record.source else None,
        quote=record.source.quote if record.source else None,
        ref=None,
        by=author,
        confidence_note=note_given,
    )
    changed = False
    if any(v is not None for v in parsed.requested.values()):
        changed = updates.apply_update(t, conn, initiative_id, parsed)[0] == "recorded"
    edits: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for name in ("title", "summary", "kind"):
        value = getattr(record, name)
        if value is not None and value != getattr(current, name):
            edits[name] = {"from": getattr(current, name), "to": value}
            fields[name] = value
    announced = _unless_same_phrase(record, "announced", record.announced, current.announced)
    if announced is not None and announced != current.announced:
        edits["announced"] = {
            "from": current.announced.to_dict() if current.announced else None,
            "to": announced.to_dict(),
        }
        fields.update(repo.announced_columns(announced))
    folder = names.Folder(conn)  # a row naming an alias stores the name it stands for
    for list_name, wanted in record.names.items():
        if wanted is None:
            continue
        have = repo.linked_names(conn, initiative_id, list_name)
        wanted = folder.fold(list_name, wanted, have)
        folded = {n.casefold() for n in wanted}
        removed = repo.remove_names(
            conn, initiative_id, list_name, [n for n in have if n.casefold() not in folded]
        )
        added = repo.add_names(conn, initiative_id, list_name, wanted)
        if added or removed:
            edits[list_name] = {"added": added, "removed": removed}
    linked = [
        link
        for link in record.sources
        if repo.link_source(conn, initiative_id, link.source, link.quote, link.accessed)
    ]
    if linked:
        edits["sources"] = {"added": [link.to_dict() for link in linked]}
    if edits:
        now = clock.now_iso()
        repo.update_initiative(conn, initiative_id, {**fields, "updated_at": now})
        history.write_entry(
            conn,
            initiative_id,
            "edit",
            effective.isoformat(),
            now,
            edits=edits,
            note=note,
            author=author,
        )
        if linked:
            history.refresh_sources(conn, initiative_id)
    changed = changed or bool(edits)
    stale = record.updated_at is not None and current.updated_at > record.updated_at
    if changed and stale and not force:
        raise InputError(changed_since(conn, initiative_id, record.updated_at or "", current))
    return changed


def changed_since(
    conn: sqlite3.Connection, initiative_id: int, exported: str, current: Initiative
) -> str:
    """The conflict of a row exported (``updated_at``) before the initiative last
    changed: the day of its latest change since, and who made it."""
    row = conn.execute(
        "SELECT effective, author FROM updates WHERE initiative_id = ? AND recorded_at > ?"
        " ORDER BY recorded_at DESC, id DESC LIMIT 1",
        [initiative_id, exported],
    ).fetchone()
    day, author = (row[0], row[1]) if row else (current.updated_at[:10], None)
    when = f"on {day}" + (f" by {author}" if author else "")
    return f"changed since this file was exported ({when}); re-export or use --force"


def import_parent(
    t: Session, conn: sqlite3.Connection, initiative_id: int, parent: str, replica: bool
) -> None:
    parent_id = repo.id_by_uuid(conn, parent) or references.resolve_id(conn, parent)
    if parent_id == initiative_id or initiative_id in repo.ancestors(conn, parent_id):
        raise InputError(f"parent {parent!r} would make a cycle")
    current = repo.fetch_initiative(conn, initiative_id)
    new_parent = repo.fetch_initiative(conn, parent_id).slug
    if current.parent == new_parent:
        return
    if replica:
        repo.update_initiative(conn, initiative_id, {"parent_id": parent_id})
    else:
        history.record_edit(
            t,
            conn,
            initiative_id,
            {"parent": {"from": current.parent, "to": new_parent}},
            {"parent_id": parent_id},
            "imported",
        )
