"""Updates: one (``tracker update``) or a batch of JSON Lines (``tracker apply``).

An update appends one history entry (through :func:`tracker.ops.history.write_entry`);
the initiative's current fields follow the history by the one replay rule,
:func:`tracker.domain.replay.replay`.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.domain import clock
from tracker.domain.authors import check_author
from tracker.domain.initiatives import HistoryEntry, Source
from tracker.domain.model import Status, check_progress, parse_confidence, parse_status
from tracker.domain.replay import Entry, replay
from tracker.domain.windows import Window, parse_iso_window
from tracker.errors import ConflictError, InputError
from tracker.ops import history, references, values
from tracker.ops.progress import EVERY, Progress
from tracker.requests import ApplyResult, UpdateRequest, UpdateResult
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.session import Session


@dataclass
class ParsedUpdate:
    """A validated :class:`UpdateRequest`: values the database can take as they are."""

    requested: dict[str, Any]  # status, progress, confidence, deadline (None: not given)
    if_status: str | None
    effective: date
    note: str | None
    source: Source | None
    quote: str | None
    ref: str | None
    by: str | None = None  # the line's own author (an apply line's "by"), else the session's
    confidence_note: str | None = None  # the rationale of the requested confidence
    superseded_by: str | None = None  # the REF of the initiative that supersedes it
    #: the day the source was read (ISO), and whether the request gave the document's
    #: own fields (they then replace the catalogue's)
    accessed: str | None = None
    describes_source: bool = False


def update(t: Session, ref: str, request: UpdateRequest) -> UpdateResult:
    """Append one history entry; the initiative's current fields follow the latest entries.

    A backdated update (``on``) records its change from the value that held on
    that day; the current value only moves if no later entry already set it.
    (With ``superseded_by``, :func:`tracker.ops.links.supersede` records the update
    and the link together; this records only the update.)
    """
    parsed = parse_update(t, request)
    with t.db.write() as conn:
        outcome, initiative_id, entry_uuid = apply_update(t, conn, ref, parsed)
        entry = repo.fetch_update(conn, entry_uuid) if entry_uuid else None
        return UpdateResult(outcome, repo.fetch_initiative(conn, initiative_id), entry)


def parse_update(
    t: Session, request: UpdateRequest, day: Callable[[str, str], date] | None = None
) -> ParsedUpdate:
    """Validate an update request completely, before any database work. ``day``
    reads a day phrase as :meth:`Session.day` does (``apply`` passes one that
    remembers the phrases it has read)."""
    read_day = t.day if day is None else day
    status = parse_status(request.status) if request.status is not None else None
    superseded_by = values.optional_text(request.superseded_by, "--superseded-by")
    if superseded_by is not None:
        if status is None:
            status = Status.SUPERSEDED
        elif status != Status.SUPERSEDED:
            raise InputError(f"--superseded-by goes with --status superseded, not {status}")
    if_status = parse_status(request.if_status) if request.if_status is not None else None
    progress = check_progress(request.progress) if request.progress is not None else None
    confidence = parse_confidence(request.confidence) if request.confidence is not None else None
    confidence_note = values.confidence_note(request.confidence_note, confidence)
    effective = read_day(request.on, "--on") if request.on is not None else t.today
    if effective > t.today:
        raise InputError(f"--on {request.on!r} is in the future ({effective.isoformat()})")
    deadline = (
        t.window(request.deadline, "--deadline", effective)
        if request.deadline is not None
        else None
    )
    note = values.optional_text(request.note, "note")
    source = values.source(request.source)
    quote = values.optional_text(request.quote, "quote")
    if quote and not source:
        raise InputError("--quote needs --source: a quote must say where it comes from")
    published = (
        read_day(request.published, "--published").isoformat()
        if request.published is not None
        else None
    )
    source, described = values.described_source(
        source, request.source_title, request.publisher, published
    )
    accessed = None
    if request.accessed is not None:
        if source is None:
            raise InputError("--accessed needs --source: it is the day the source was read")
        accessed = read_day(request.accessed, "--accessed").isoformat()
    ref_key = values.optional_text(request.ref, "ref")
    if ref_key is not None and len(ref_key) > 200:
        raise InputError("ref is too long (at most 200 characters)")
    if all(v is None for v in (status, progress, confidence, deadline, note, source)):
        raise InputError(
            "nothing to update: give at least one of --status, --progress, --confidence,"
            " --deadline, --note or --source"
        )
    return ParsedUpdate(
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
        by=check_author(request.by, "by") if request.by is not None else None,
        confidence_note=confidence_note,
        superseded_by=superseded_by,
        accessed=accessed,
        describes_source=described,
    )


def apply_update(
    t: Session,
    conn: sqlite3.Connection,
    ref: str | int,
    parsed: ParsedUpdate,
    context: repo.UpdateContext | None = None,
    histories: dict[int, list[repo.ReplayRow]] | None = None,
    clocks: Clocks | None = None,
) -> tuple[str, int, str | None]:
    """Record a parsed update inside the caller's write transaction.

    Returns the outcome (``recorded``, ``unchanged`` or ``duplicate``), the
    initiative's id and the entry's uuid (the earlier entry's for a duplicate ref).
    Raises :class:`ConflictError` when ``if_status`` does not hold. ``context``:
    :func:`tracker.storage.repository.update_context` of the update, when the caller
    has read it (:func:`tracker.storage.repository.update_contexts`) since the last
    write to the initiative. ``histories``: initiatives' histories read in this
    transaction (:func:`tracker.storage.repository.replay_rows`), kept in step here with
    every entry written (so every write to them must come through here); ``clocks``:
    the transaction's :class:`Clocks`.
    """
    initiative_id = ref if isinstance(ref, int) else references.resolve_id(conn, ref)
    if context is None:
        context = repo.update_context(conn, initiative_id, parsed.ref, parsed.effective)
    seen, last, current = context
    if seen is not None:
        return "duplicate", initiative_id, seen or None
    now = clock.now_iso()
    if parsed.if_status is not None and current["status"] != parsed.if_status:
        raise ConflictError(
            f"{current['slug']} is {current['status']}, not {parsed.if_status}; update not applied"
        )
    # With no entry after it in history order, the update is the latest: what it replaces is the
    # current value, and it becomes the current value. A backdated one replays the
    # history (the one rule, tracker.domain.replay) as it stood on its day.
    latest = last is None  # "~": one is effective later
    # a backdated update: the history, read once, replayed as of its day and after it
    entries = None if histories is None else histories.get(initiative_id)
    if entries is None and not latest:
        entries = repo.replay_rows(conn, [initiative_id])[initiative_id]
        if histories is not None:
            histories[initiative_id] = entries
    then = None if latest else _replayed(entries or [], parsed.effective.isoformat())
    tracked: dict[str, Any] = {}
    for name, wanted in parsed.requested.items():
        if wanted is None:
            continue
        before = current[name] if then is None else then[name]
        if name == "confidence":
            # A level with a new rationale is a new assessment, even at the same level;
            # the same level without one changes nothing (its rationale stands).
            note = parsed.confidence_note
            had = current["confidence_note"] if then is None else then["confidence_note"]
            if before == wanted and (note is None or note == had):
                continue
            tracked.update(confidence_from=before, confidence_to=wanted, confidence_note=note)
            continue
        if before == wanted:
            continue
        if name == "deadline":
            tracked["deadline_from"] = repo.window_to_json(before)
            tracked["deadline_to"] = repo.window_to_json(wanted)
            tracked["deadline_to_latest"] = wanted.latest.isoformat()
        else:
            tracked[f"{name}_from"] = before
            tracked[f"{name}_to"] = wanted
    if not tracked and parsed.note is None and parsed.source is None:
        if parsed.ref is not None:  # applied all the same: a re-run stays a no-op
            repo.remember_ref(conn, initiative_id, parsed.ref, now)
        return "unchanged", initiative_id, None
    lamport = (clocks or Clocks(conn)).take()
    entry_uuid = history.write_entry(
        conn,
        initiative_id,
        "update",
        parsed.effective.isoformat(),
        now,
        tracked=tracked,
        note=parsed.note,
        source_id=(
            repo.source_id(conn, parsed.source, overwrite=parsed.describes_source)
            if parsed.source
            else None
        ),
        quote=parsed.quote,
        accessed=parsed.accessed,
        ref=parsed.ref,
        author=parsed.by or t.author,
        lamport=lamport,
    )
    if entries is not None:  # the history as replay_rows would read it again
        written = repo.replay_row(
            entry_uuid, "update", parsed.effective.isoformat(), now, lamport, tracked
        )
        # its place in history order, as read again (tests/test_apply.py replays both)
        key = repo.history_key
        entries.insert(bisect.bisect_right(entries, key(written), key=key), written)
    fields: dict[str, Any] = {"updated_at": now}
    # The current fields: a latest entry's values; after a backdated one, the replay.
    after = None if latest else _replayed(entries or [])
    for name in parsed.requested:
        if f"{name}_to" not in tracked:
            continue
        value = parsed.requested[name] if after is None else after[name]
        if name == "deadline":
            fields.update(repo.window_columns("deadline", value))
        else:
            fields[name] = value
        if name == "confidence":
            note = parsed.confidence_note if after is None else after["confidence_note"]
            fields["confidence_note"] = note
    # The baseline is the first deadline in history order: the latest entry sets it
    # only if there was none; a backdated one may come first, so the replay says.
    if "deadline_to" in tracked and (current["baseline"] is None or after is not None):
        baseline = after["baseline"] if after is not None else parsed.requested["deadline"]
        fields.update(repo.window_columns("baseline", baseline))
    repo.update_initiative(conn, initiative_id, fields)
    if parsed.source is not None:
        history.refresh_sources(conn, initiative_id)
    return "recorded", initiative_id, entry_uuid


def apply(
    t: Session,
    lines: Iterable[tuple[int, str | None]],
    *,
    dry_run: bool = False,
    on_change: Callable[[int, str, HistoryEntry], None] | None = None,
    progress: Progress | None = None,
) -> ApplyResult:
    """Apply JSON Lines of updates (see :mod:`tracker.exchange`) in ONE transaction.

    Every line is checked; if any is bad (bad JSON, unknown initiative, bad value,
    failed ``if_status``), nothing is applied and the bad lines are in ``errors``.
    A line whose ``ref`` was already applied is skipped and counted. Lines apply in
    order, so a later line sees what an earlier one did. With ``dry_run`` nothing is
    kept either way; ``on_change`` is told of each entry that would be recorded, and
    ``result.changes`` lists them (``{line, initiative, changes}``). ``progress`` is
    told of the lines read (:mod:`tracker.ops.progress`).
    """
    result = ApplyResult(dry_run=dry_run)
    resolved: dict[str, int] = {}
    read_day = _remembering(t.day)
    try:
        with t.db.write() as conn:
            clocks = Clocks(conn)
            for batch in _batches(lines, BATCH):
                decoded = [(number, _decoded(text)) for number, text in batch]
                checked = _applied_before(t, conn, decoded, resolved, read_day)
                ready = {
                    at: _ready(t, conn, fields, resolved, read_day)
                    for at, (_, fields) in enumerate(decoded)
                    if not checked.get(at)
                }
                # what each line checked ahead needs, read for the batch at once: good
                # until a line writes to its initiative (written below)
                contexts = repo.update_contexts(
                    conn,
                    [
                        (at, item[1], item[0].effective)
                        for at, item in ready.items()
                        if at in checked and not isinstance(item, InputError)
                    ],
                )
                # the histories backdated lines replay, read for the batch at once (kept
                # for the batch only: a run's would hold the garbage collector up)
                histories = repo.replay_rows(
                    conn,
                    sorted(
                        {
                            ready[at][1]  # type: ignore[index]
                            for at, (_, last, _) in contexts.items()
                            if last is not None
                        }
                    ),
                )
                written: set[int] = set()
                for at, (number, _) in enumerate(decoded):
                    result.lines += 1
                    if progress is not None and not result.lines % EVERY:
                        progress(result.lines, None)
                    if checked.get(at):  # its ref is recorded: nothing more to read
                        result.duplicates += 1
                        continue
                    item = ready[at]
                    try:
                        if isinstance(item, InputError):
                            raise item
                        parsed, initiative_id = item
                        context = None if initiative_id in written else contexts.get(at)
                        written.add(initiative_id)
                        outcome, _, entry_uuid = apply_update(
                            t, conn, initiative_id, parsed, context, histories, clocks
                        )
                    except InputError as error:
                        result.fail(number, error.message)
                        continue
                    if outcome == "recorded":
                        result.applied += 1
                        if (on_change is not None or dry_run) and entry_uuid is not None:
                            slug = repo.current_fields(conn, initiative_id)["slug"]
                            entry = repo.fetch_update(conn, entry_uuid)
                            if dry_run:
                                result.changes.append(
                                    {"line": number, "initiative": slug, "changes": entry.changes}
                                )
                            if on_change is not None:
                                on_change(number, slug, entry)
                    elif outcome == "duplicate":
                        result.duplicates += 1
                    else:
                        result.unchanged += 1
            if result.error_count or dry_run:
                raise values.Discard
    except values.Discard:
        pass
    return result


#: Lines read, checked for refs already applied, then applied, at a time.
BATCH = 2000


def _batches(lines: Iterable[tuple[int, str | None]], size: int) -> Iterator[list[Any]]:
    batch: list[tuple[int, str | None]] = []
    for line in lines:
        batch.append(line)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ready(
    t: Session,
    conn: sqlite3.Connection,
    fields: dict[str, Any] | InputError,
    resolved: dict[str, int],
    read_day: Callable[[str, str], date],
) -> tuple[ParsedUpdate, int] | InputError:
    """A line checked in full (its ref as :func:`tracker.exchange.auto_ref` makes one
    where it has none) and its initiative's id; or why it cannot apply."""
    from tracker import exchange

    if isinstance(fields, InputError):
        return fields
    try:
        ref = fields["initiative"]
        request = {k: v for k, v in fields.items() if k != "initiative"}
        parsed = parse_update(t, UpdateRequest(**request), read_day)
        if parsed.ref is None:  # its content and its day (exchange.auto_ref)
            parsed.ref = exchange.auto_ref(fields, parsed.effective)
        initiative_id = resolved.get(ref)
        if initiative_id is None:
            initiative_id = resolved[ref] = references.resolve_id(conn, ref)
    except InputError as error:
        return error
    return parsed, initiative_id


def _decoded(text: str | None) -> dict[str, Any] | InputError:
    """A line's fields (:func:`tracker.exchange.update_fields`), or why it has none."""
    from tracker import exchange

    try:
        return exchange.update_fields(text)
    except InputError as error:
        return error


def _remembering(day: Callable[[str, str], date]) -> Callable[[str, str], date]:
    """``day``, reading each phrase once (the days of one run are the same days)."""
    known: dict[tuple[str, str], date] = {}

    def read(text: str, what: str) -> date:
        found = known.get((text, what))
        if found is None:
            found = known[text, what] = day(text, what)
        return found

    return read


def _applied_before(
    t: Session,
    conn: sqlite3.Connection,
    decoded: list[tuple[int, dict[str, Any] | InputError]],
    resolved: dict[str, int],
    read_day: Callable[[str, str], date],
) -> dict[int, bool]:
    """For each place in ``decoded`` whose line this can check, whether its ref (its
    own, or the automatic one :func:`tracker.exchange.auto_ref` gives it, the same as
    applying it would) was recorded for its initiative before this batch: one query
    for the batch, after one for the slugs it names (``resolved`` keeps them), so that
    a run applied again reads no line further. A line this cannot place (a REF
    neither an id nor a slug, a day that does not read, a bad ref) is left to be
    applied, which finds what it is."""
    from tracker import exchange

    named = {
        f["initiative"]
        for _, f in decoded
        if not isinstance(f, InputError) and f["initiative"] not in resolved
    }
    for text in named:  # an id, as references.resolve_id reads one before a slug
        if text.isascii() and text.isdigit() and len(text) < 19:
            found = repo.id_by_id(conn, int(text))
            if found is not None:
                resolved[text] = found
    if named:
        resolved.update(repo.ids_by_slugs(conn, named))
    keys: list[tuple[int, int, str]] = []
    for at, (_, fields) in enumerate(decoded):
        if isinstance(fields, InputError) or fields["initiative"] not in resolved:
            continue
        ref = fields.get("ref")
        if ref is None:
            try:
                day = read_day(fields["on"], "--on") if "on" in fields else t.today
            except InputError:
                continue
            if day > t.today:
                continue
            ref = exchange.auto_ref(fields, day)
        elif not ref.strip() or len(ref) > 200:
            continue
        keys.append((at, resolved[fields["initiative"]], ref))
    applied = repo.refs_applied(conn, keys)
    return {at: at in applied for at, _, _ in keys}


class Clocks:
    """The Lamport clocks of the entries one transaction writes, in order: each the one
    :data:`tracker.storage.repository.NEXT_CLOCK` would give it, read once."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.next = repo.next_clock(conn)

    def take(self) -> int:
        taken = self.next
        if taken <= repo.CLOCK_CEILING:  # above it, NEXT_CLOCK does not count it
            self.next = taken + 1
        return taken


def _replayed(entries: Sequence[Entry], day: str | None = None) -> dict[str, Any]:
    """The tracked fields and baseline a history gives (as of ``day``), deadlines as
    windows, by the one replay rule."""
    state = replay(entries, day)
    return {
        "status": state.status,
        "progress": state.progress,
        "confidence": state.confidence,
        "confidence_note": state.confidence_note,
        "deadline": _window(state.deadline),
        "baseline": _window(state.baseline),
    }


def _window(parts: dict[str, Any] | None) -> Window | None:
    return parse_iso_window(**parts) if parts is not None else None
