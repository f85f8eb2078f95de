"""The one replay rule: what an initiative's history says its tracked fields are.

An initiative's history is its ``created`` entry, then its other entries by effective
day and, within a day, in recording order (the *history order* every reader uses).
Replaying it in that order, each entry that sets a tracked field (status, progress,
confidence, deadline) gives the field its value, so a field holds the value of the
LAST entry that set it; the ``created`` entry ranks below every other entry, whatever
their days, so a past event recorded after the initiative was added still counts.
The *baseline* is the deadline of the FIRST entry that set one. A confidence level
comes with its rationale (the ``note`` of its change, if one was given): the current
rationale is that of the entry that set the current level, so a new level given
without one has none.

Corrections: a ``retract`` entry withdraws the entry it targets, an ``amend`` entry
replaces the note, source and quote its target shows; neither sets a tracked field.
An entry is *retracted* when a LIVE ``retract`` entry targets it, and an entry is
*live* when it is not retracted (so retracting a retract entry restores its target).
Replay reads only the live entries that are not corrections themselves: a retracted
entry counts exactly as if it had never been made (:func:`live`).

As of a day, entries effective after it are left out, except the ``created`` entry:
it is where the history starts (an initiative exists on a day when any of its entries
is effective by then).

Pure: no storage. The database keeps a copy of the result in the initiatives' own
columns, and the report replays in SQL for speed (:mod:`tracker.storage.repository`);
``tests/test_replay.py`` proves those copies equal this rule on generated histories.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

#: The fields an update can change, in the order they are stored and shown.
TRACKED_FIELDS = ("status", "progress", "confidence", "deadline")


class Entry(Protocol):
    """What replay reads of a history entry (:class:`tracker.domain.initiatives.HistoryEntry`
    is one): its event, its effective day (ISO) and its changes, each ``{from, to}``."""

    @property
    def event(self) -> str: ...

    @property
    def effective(self) -> str: ...

    @property
    def changes(self) -> Mapping[str, Any]: ...

    @property
    def uuid(self) -> str: ...

    @property
    def target(self) -> str | None: ...


class Link(Protocol):
    """What the correction rules read of an entry: its uuid, event and target."""

    @property
    def uuid(self) -> str: ...

    @property
    def event(self) -> str: ...

    @property
    def target(self) -> str | None: ...


E = TypeVar("E", bound=Entry)
L = TypeVar("L", bound=Link)

#: The events that correct another entry; they set no tracked field.
CORRECTIONS = ("retract", "amend")


def retractions(entries: Iterable[L]) -> dict[str, L]:
    """The retracted entries: uuid -> the live ``retract`` entry retracting it.

    An entry is retracted when a live retract entry targets it; a retract entry is live
    when it is not retracted itself. Decided from the leaves up (an entry no retract
    targets is live), so order does not matter; a cycle (never made by tracker) counts
    as live."""
    by_target: dict[str, list[L]] = {}
    for entry in entries:
        if entry.event == "retract" and entry.target is not None:
            by_target.setdefault(entry.target, []).append(entry)
    retracted: dict[str, bool] = {}
    for root in by_target:
        stack, on_path = [(root, False)], set()
        while stack:
            node, expanded = stack.pop()
            if node in retracted:
                continue
            children = by_target.get(node, [])
            if expanded:
                on_path.discard(node)
                retracted[node] = any(not retracted.get(r.uuid, False) for r in children)
                continue
            on_path.add(node)
            stack.append((node, True))
            for r in children:
                if r.uuid not in retracted and r.uuid not in on_path:
                    stack.append((r.uuid, False))
    result: dict[str, L] = {}
    for target, retracts in by_target.items():
        if retracted.get(target):
            result[target] = [r for r in retracts if not retracted.get(r.uuid, False)][-1]
    return result


def amendments(entries: Iterable[L], retracted: Mapping[str, Any] | None = None) -> dict[str, L]:
    """The amended entries: uuid -> the latest live ``amend`` entry targeting it (in
    the order given: recording order). ``retracted``: :func:`retractions` of the same
    entries, if already known."""
    entries = list(entries)
    if retracted is None:
        retracted = retractions(entries)
    result: dict[str, L] = {}
    for entry in entries:
        if entry.event == "amend" and entry.target is not None and entry.uuid not in retracted:
            result[entry.target] = entry
    return result


def live(entries: Iterable[E]) -> list[E]:
    """The entries replay reads: those neither retracted nor corrections themselves,
    in the order given."""
    entries = list(entries)
    retracted = retractions(entries)
    return [e for e in entries if e.event not in CORRECTIONS and e.uuid not in retracted]


@dataclass(frozen=True)
class Replayed(Generic[E]):
    """An initiative's tracked fields as its history sets them (deadlines as the
    ``{text, earliest, latest, precision}`` of :meth:`Window.to_dict`)."""

    status: str | None = None
    progress: int | None = None
    confidence: str | None = None
    #: The rationale given with the current confidence level (None: none given).
    confidence_note: str | None = None
    deadline: dict[str, Any] | None = None
    #: The first deadline set, in history order.
    baseline: dict[str, Any] | None = None
    #: The entry after ``created`` that set the current deadline, if one did.
    deadline_set_by: E | None = None
    #: The first entry's effective day (of all of them: the initiative exists from then).
    first: str | None = None
    #: The last effective day of the entries replayed.
    last: str | None = None

    def value(self, name: str) -> Any:
        """A tracked field by name."""
        return getattr(self, name)


def replay(entries: Iterable[E], day: str | None = None) -> Replayed[E]:
    """Replay ``entries`` (one initiative's, in history order); with ``day`` (ISO), as
    the history stood at the end of that day."""
    found: dict[str, Any] = {}
    baseline = set_by = first = last = None
    for entry in live(entries):
        effective = entry.effective
        if first is None or effective < first:
            first = effective
        created = entry.event == "created"
        if day is not None and effective > day:
            if not created:
                continue
        elif last is None or effective > last:
            last = effective
        changes = entry.changes
        for name in TRACKED_FIELDS:
            change = changes.get(name)
            if change is None or change["to"] is None:
                continue
            found[name] = change["to"]
            if name == "confidence":
                found["confidence_note"] = change.get("note")
            if name == "deadline":
                if baseline is None:
                    baseline = change["to"]
                set_by = None if created else entry
    return Replayed(
        status=found.get("status"),
        progress=found.get("progress"),
        confidence=found.get("confidence"),
        confidence_note=found.get("confidence_note"),
        deadline=found.get("deadline"),
        baseline=baseline,
        deadline_set_by=set_by,
        first=first,
        last=last,
    )


# -- descriptive fields ----------------------------------------------------------------

#: The descriptive fields an ``edit`` entry sets one value of (``{from, to}``).
DESCRIPTIVE_FIELDS = ("title", "summary", "kind", "slug", "announced", "parent")
#: The name lists an ``edit`` entry adds to and removes from (``{added, removed}``).
NAME_LISTS = ("tags", "jurisdictions", "sponsors")


def _edits(entries: Iterable[E]) -> list[E]:
    return [e for e in live(entries) if e.event == "edit"]


def _names(change: Any, key: str) -> list[str]:
    names = change.get(key) if isinstance(change, Mapping) else None
    return [n for n in names or () if isinstance(n, str)]


def replay_descriptive(initial: Mapping[str, Any], entries: Iterable[E]) -> dict[str, Any]:
    """An initiative's descriptive fields as its history sets them: ``initial`` (the
    fields it was created with: each of :data:`DESCRIPTIVE_FIELDS` and the
    :data:`NAME_LISTS`), then each live ``edit`` entry in history order: a field takes
    the ``to`` of the last edit that changed it; a name list takes each edit's removals
    and additions in turn (names match without regard to case). A ``parent`` is given
    by its uuid where the edit names it (``to_uuid``), else by its slug (``to``)."""
    fields = {name: initial.get(name) for name in DESCRIPTIVE_FIELDS}
    lists = {name: list(initial.get(name) or ()) for name in NAME_LISTS}
    for entry in _edits(entries):
        changes = entry.changes
        for name in DESCRIPTIVE_FIELDS:
            change = changes.get(name)
            if isinstance(change, Mapping) and "to" in change:
                fields[name] = change["to"]
                if name == "parent":
                    fields["parent"] = change.get("to_uuid", change["to"])
        for name in NAME_LISTS:
            change = changes.get(name)
            if not isinstance(change, Mapping):
                continue
            gone = {n.casefold() for n in _names(change, "removed")}
            names = [n for n in lists[name] if n.casefold() not in gone]
            for added in _names(change, "added"):
                if added.casefold() not in {n.casefold() for n in names}:
                    names.append(added)
            lists[name] = names
    return {**fields, **lists}


def unreplay_descriptive(current: Mapping[str, Any], entries: Iterable[E]) -> dict[str, Any]:
    """The fields an initiative was created with, worked back from its ``current``
    descriptive fields and its history (the inverse of :func:`replay_descriptive`, for
    histories whose created entry does not carry them): a field is the ``from`` of the
    first edit that changed it, else as it is now; a name list undoes each edit's
    additions and removals, the last first."""
    edits = _edits(entries)
    initial = {name: current.get(name) for name in DESCRIPTIVE_FIELDS}
    for name in DESCRIPTIVE_FIELDS:
        for entry in edits:
            change = entry.changes.get(name)
            if isinstance(change, Mapping) and "from" in change:
                initial[name] = change.get("from_uuid", change["from"])
                break
    lists = {name: list(current.get(name) or ()) for name in NAME_LISTS}
    for entry in reversed(edits):
        for name in NAME_LISTS:
            change = entry.changes.get(name)
            if not isinstance(change, Mapping):
                continue
            added = {n.casefold() for n in _names(change, "added")}
            names = [n for n in lists[name] if n.casefold() not in added]
            for removed in _names(change, "removed"):
                if removed.casefold() not in {n.casefold() for n in names}:
                    names.append(removed)
            lists[name] = names
    return {**initial, **lists}


# -- sources ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Cited:
    """One item of an initiative's list of sources as replay gives it: the document's
    key (its URL, else its title: the document's own fields are kept once per key) and,
    for this initiative, the words quoted from it and the day it was read."""

    key: str
    quote: str | None = None
    accessed: str | None = None


class Evidence(Protocol):
    """What the sources rule reads of an entry's evidence (a ``SourceLink``)."""

    @property
    def key(self) -> str: ...

    @property
    def quote(self) -> str | None: ...

    @property
    def accessed(self) -> str | None: ...


class SourcedEntry(Entry, Protocol):
    """What the sources rule reads of a history entry: :class:`Entry`, when it was
    recorded and its evidence (``source``)."""

    @property
    def recorded_at(self) -> str: ...

    @property
    def source(self) -> Evidence | None: ...


SE = TypeVar("SE", bound=SourcedEntry)


def cited(item: Any) -> Cited | None:
    """An item of a ``sources`` change or of a created entry's initial sources: a key
    (a URL or a title, as entries made before sources were replayed name them), or
    ``{url, title, ..., accessed, quote}``; None when it names no document."""
    if isinstance(item, str):
        key = item.strip()
        return Cited(key) if key else None
    if not isinstance(item, Mapping):
        return None
    key = str(item.get("url") or item.get("title") or "").strip()
    if not key:
        return None
    quote, accessed = item.get("quote"), item.get("accessed")
    return Cited(
        key,
        quote if isinstance(quote, str) else None,
        accessed if isinstance(accessed, str) else None,
    )


def merge_cited(items: dict[str, Cited], new: Cited) -> None:
    """Add ``new`` to ``items`` (key -> item, in list order): a key already there keeps
    its place, and takes each of ``quote`` and ``accessed`` that ``new`` gives (the
    later wins; what it leaves out stays)."""
    old = items.get(new.key)
    if old is None:
        items[new.key] = new
        return
    items[new.key] = Cited(
        new.key,
        new.quote if new.quote is not None else old.quote,
        new.accessed if new.accessed is not None else old.accessed,
    )


def replay_sources(entries: Iterable[SE], initial: Iterable[Any] = ()) -> list[Cited]:
    """An initiative's list of sources as its history sets it (``entries`` in history
    order; ``initial``: the sources a synced ``created`` entry's initial fields give).

    Each live entry that is not a correction, in history order: first its ``sources``
    change (``{added: [...], removed: [key, ...]}``: the removed keys leave the list,
    then each added item joins it), then its evidence as the history shows it (the
    source and quote of its latest live ``amend`` entry, if amended) joins it. An item
    whose key is on the list already merges into it (:func:`merge_cited`). So a
    retracted entry's source leaves the list, unless another entry gives it too."""
    entries = list(entries)
    by_recording = sorted(entries, key=lambda e: e.recorded_at)
    retracted = retractions(by_recording)
    amended = amendments(by_recording, retracted)
    items: dict[str, Cited] = {}
    for item in initial:
        found = cited(item)
        if found is not None:
            merge_cited(items, found)
    for entry in entries:
        if entry.event in CORRECTIONS or entry.uuid in retracted:
            continue
        change = entry.changes.get("sources")
        if isinstance(change, Mapping):
            for key in change.get("removed") or ():
                if isinstance(key, str):
                    items.pop(key.strip(), None)
            for item in change.get("added") or ():
                found = cited(item)
                if found is not None:
                    merge_cited(items, found)
        amend = amended.get(entry.uuid)
        evidence = amend.source if amend is not None else entry.source
        if evidence is not None and evidence.key:
            merge_cited(items, Cited(evidence.key, evidence.quote, evidence.accessed))
    return list(items.values())
