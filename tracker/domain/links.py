"""Links between initiatives: their kinds, how each end reads them, and the one rule
that says which links an initiative's history makes.

A link ``A KIND B`` belongs to A, the end that states it: it is made and ended by
``edit`` entries in A's history whose changes hold ``links: {added: [...], removed:
[...]}``, each item ``{kind, uuid, slug}`` (B's uuid, and its slug when the entry was
made, for people). Replaying A's live entries in history order (:func:`replay_links`)
gives A's links; the database's ``links`` table is that replay for every initiative,
rebuilt where histories arrive from elsewhere (import, sync) and checked by ``tracker
check``. B shows the link with the inverse wording (:data:`INVERSE`).

Pure: no storage.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tracker.domain.replay import Entry, live
from tracker.errors import InputError

#: The kinds of link, as ``tracker link A KIND B`` spells them.
KINDS = ("supersedes", "duplicates", "depends-on", "relates-to")

#: How the other end (B) reads each kind: ``B superseded by A``.
INVERSE = {
    "supersedes": "superseded by",
    "duplicates": "duplicated by",
    "depends-on": "needed by",
    "relates-to": "relates to",
}

#: How the owning end (A) reads each kind.
FORWARD = {
    "supersedes": "supersedes",
    "duplicates": "duplicates",
    "depends-on": "depends on",
    "relates-to": "relates to",
}

#: Kinds that read the same from both ends: ``A relates-to B`` is ``B relates-to A``.
SYMMETRIC = frozenset({"relates-to"})

#: Kinds whose reverse cannot hold at the same time (A supersedes B and B supersedes A).
ONE_WAY = frozenset({"supersedes", "duplicates"})

#: The key of an entry's changes that makes and ends links.
CHANGE = "links"

_SEPARATORS = re.compile(r"[\s_]+")


def parse_kind(value: str) -> str:
    """A link kind, tolerating case, spaces and underscores (``Depends on`` -> depends-on)."""
    key = _SEPARATORS.sub("-", value.strip().lower())
    if key in KINDS:
        return key
    raise InputError(f"unknown link kind {value!r}; choose from {', '.join(KINDS)}")


def item(kind: str, uuid: str, slug: str | None) -> dict[str, Any]:
    """One item of a ``links`` change: the kind, the other end's uuid, and its slug then."""
    return {"kind": kind, "uuid": uuid, "slug": slug}


def check_change(change: Any) -> dict[str, Any]:
    """A ``links`` change read from a file or another replica, checked: ``{added,
    removed}``, each a list of ``{kind, uuid, slug}`` (an :class:`InputError` says why not)."""
    if not isinstance(change, dict) or not set(change) <= {"added", "removed"}:
        raise InputError("a links change must be {added, removed}")
    checked: dict[str, Any] = {}
    for side in ("added", "removed"):
        items = change.get(side, [])
        if not isinstance(items, list):
            raise InputError(f"a links change's {side} must be a list")
        out = []
        for one in items:
            if not isinstance(one, dict) or set(one) != {"kind", "uuid", "slug"}:
                raise InputError("a link is {kind, uuid, slug}")
            kind, uuid, slug = one["kind"], one["uuid"], one["slug"]
            if kind not in KINDS:
                raise InputError(f"unknown link kind {kind!r}; choose from {', '.join(KINDS)}")
            if not isinstance(uuid, str) or not _UUID.fullmatch(uuid):
                raise InputError("a link's uuid must be an initiative's uuid")
            if slug is not None and not isinstance(slug, str):
                raise InputError("a link's slug must be a string or null")
            out.append(item(kind, uuid, slug))
        if side in change:
            checked[side] = out
    return checked


def check_merged(change: Any) -> None:
    """A ``merged`` change (``merge A --into B``'s entry in B) read from a file or
    another replica: ``{uuid, slug, entries}``, A's uuid and slug and its entries' uuids."""
    if (
        not isinstance(change, dict)
        or set(change) != {"uuid", "slug", "entries"}
        or not isinstance(change["uuid"], str)
        or not isinstance(change["slug"], str)
        or not isinstance(change["entries"], list)
        or not all(isinstance(u, str) for u in change["entries"])
    ):
        raise InputError("a merged change is {uuid, slug, entries} (strings, a list of uuids)")


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def replay_links(entries: Iterable[Entry]) -> list[tuple[str, str]]:
    """The links an initiative's history makes, as ``(kind, other uuid)`` in the order
    they were first made: each live entry (history order) with a ``links`` change ends
    the links it removes, then makes those it adds."""
    found: dict[tuple[str, str], None] = {}
    for entry in live(entries):
        if entry.event != "edit":
            continue
        change = entry.changes.get(CHANGE)
        if not isinstance(change, Mapping):
            continue
        for one in _items(change, "removed"):
            found.pop(one, None)
        for one in _items(change, "added"):
            found.setdefault(one, None)
    return list(found)


def _items(change: Mapping[str, Any], side: str) -> list[tuple[str, str]]:
    items = change.get(side)
    return [
        (one["kind"], one["uuid"])
        for one in items or ()
        if isinstance(one, Mapping)
        and one.get("kind") in KINDS
        and isinstance(one.get("uuid"), str)
    ]


@dataclass(frozen=True)
class Linked:
    """One link as an initiative shows it: its kind, whether this initiative states it
    (``own``: ``A supersedes B`` seen from A) or is its other end, and the other
    initiative."""

    kind: str
    own: bool
    slug: str
    uuid: str
    title: str
    status: str

    @property
    def relation(self) -> str:
        """How this end reads it: ``supersedes`` from A, ``superseded by`` from B."""
        return FORWARD[self.kind] if self.own else INVERSE[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return {
            "relation": self.relation,
            "kind": self.kind,
            "direction": "out" if self.own else "in",
            "slug": self.slug,
            "uuid": self.uuid,
            "title": self.title,
            "status": self.status,
        }
