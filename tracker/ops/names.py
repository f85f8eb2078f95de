"""Names: listing the sponsors, jurisdictions and tags in use, renaming and merging
them (recorded in each affected initiative's history), their aliases, and folding
what is typed or imported to the one name it means.

The rules:

- two spellings are one name when their :func:`tracker.domain.names.fold_key` is
  (case, spaces, traditional and simplified Chinese); an alias maps a key to a name,
  so a name's *canonical key* is the key of the name its key stands for;
- input (``add``, ``edit``, an ``import`` record without history) is folded before it
  is stored and recorded (:class:`Folder`): an alias becomes its name, a Chinese
  spelling the one already stored in the other script; so the history records the
  name that is stored, and replaying it gives the stored names;
- filters and the report's groups match by canonical key (:func:`spellings`,
  :func:`group_names`), so names stored before an alias was made still match;
- ``rename`` and ``merge`` change the stored names through ``edit`` entries written
  by the one history writer, all in one transaction.
"""

from __future__ import annotations

import sqlite3
import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.domain import clock
from tracker.domain.model import check_name
from tracker.domain.names import (
    KIND_OF,
    KINDS,
    LIST_OF,
    Alias,
    NamesChange,
    NameUse,
    fold_key,
    has_han,
    parse_kind,
)
from tracker.errors import InputError
from tracker.ops import history
from tracker.storage import names as store
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.session import Session
    from tracker.storage import bulk


class Canon:
    """The canonical keys of one kind of name: a name's key, or the key of the name
    an alias with its key stands for."""

    def __init__(self, conn: sqlite3.Connection, kind: str) -> None:
        self.aliases = store.alias_map(conn, kind)

    def name(self, name: str) -> str:
        """The name ``name`` stands for (itself unless it is an alias)."""
        return self.aliases.get(fold_key(name), name)

    def key(self, name: str) -> str:
        return fold_key(self.name(name))


class Folder:
    """Input names as they are to be stored: an alias as its name, a Chinese spelling
    as the one already stored in the other script (or met earlier in this
    transaction), repeats dropped. One per transaction (:func:`folder_of`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._canons: dict[str, Canon] = {}
        self._han: dict[str, dict[str, str]] = {}
        self._folded: dict[tuple[str, tuple[str, ...]], list[str]] = {}

    def canon(self, list_name: str) -> Canon:
        canon = self._canons.get(list_name)
        if canon is None:
            canon = self._canons[list_name] = Canon(self.conn, KIND_OF[list_name])
        return canon

    def one(self, list_name: str, name: str) -> str:
        name = self.canon(list_name).name(name)
        if has_han(name):
            han = self._han.get(list_name)
            if han is None:
                han = self._han[list_name] = {}
                for stored in store.stored_names(self.conn, list_name):
                    if has_han(stored):
                        han.setdefault(fold_key(stored), stored)
            name = han.setdefault(fold_key(name), name)
        return name

    def fold(self, list_name: str, names: Iterable[str], have: Iterable[str] = ()) -> list[str]:
        """``names`` as they are to be stored; ``have``: the names an initiative
        carries, each kept as it is where a name means it (a row read back unchanged
        changes nothing). The names of a new initiative (no ``have``) are folded once
        per list of them: a name's fold never changes within a transaction (the
        aliases are read once, and a spelling met first stays the one stored)."""
        if have:
            return self._fold(list_name, names, have)
        key = (list_name, tuple(names))
        folded = self._folded.get(key)
        if folded is None:
            folded = self._folded[key] = self._fold(list_name, key[1], ())
        return list(folded)

    def _fold(self, list_name: str, names: Iterable[str], have: Iterable[str]) -> list[str]:
        canon = self.canon(list_name)
        exact = {name.casefold(): name for name in have}
        chosen: dict[str, str] = {}  # canonical key -> the spelling stored for it
        for name in have:
            chosen.setdefault(canon.key(name), name)
        folded: dict[str, str] = {}
        for name in names:
            spelled = exact.get(name.casefold())
            if spelled is None:
                key = canon.key(name)
                spelled = chosen.get(key) or self.one(list_name, name)
                chosen.setdefault(key, spelled)
            folded.setdefault(spelled.casefold(), spelled)
        return list(folded.values())

    def linked(self, initiative_id: int, list_name: str, names: Iterable[str]) -> list[str]:
        """The names an initiative carries that mean one of ``names`` (to remove them)."""
        canon = self.canon(list_name)
        wanted = {canon.key(name) for name in names}
        have = repo.linked_names(self.conn, initiative_id, list_name)
        return [name for name in have if canon.key(name) in wanted]


_FOLDERS: weakref.WeakKeyDictionary[bulk.Rows, Folder] = weakref.WeakKeyDictionary()


def folder_of(rows: bulk.Rows) -> Folder:
    """The :class:`Folder` of a transaction's rows (a batch folds its names once)."""
    folder = _FOLDERS.get(rows)
    if folder is None:
        folder = _FOLDERS[rows] = Folder(rows.conn)
    return folder


# -- reading -----------------------------------------------------------------------------


def _folds(canon: Canon, names: list[str]) -> dict[str, str]:
    """Stored name -> the name it is shown as, where that is another: names with one
    canonical key are shown as the oldest spelled as that key, else as the name the
    alias stands for. ``names``: oldest first."""
    shown: dict[str, str] = {}
    for name in names:
        key = canon.key(name)
        if fold_key(name) == key:
            shown.setdefault(key, name)
    folds = {}
    for name in names:
        target = shown.setdefault(canon.key(name), canon.name(name))
        if target != name:
            folds[name] = target
    return folds


def list_names(t: Session, kind: str | None = None) -> list[NameUse]:
    """The names in use with how many initiatives carry each: by kind (sponsor,
    jurisdiction, tag), then most used first, then by name."""
    kinds = [parse_kind(kind)] if kind is not None else list(KINDS)
    found = []
    with t.db.read() as conn:
        for k in kinds:
            used = store.names_in_use(conn, LIST_OF[k])
            folds = _folds(Canon(conn, k), [name for _, name, _ in used])
            uses = [NameUse(k, name, count, folds.get(name)) for _, name, count in used]
            uses.sort(key=lambda u: (-u.initiatives, u.name.casefold(), u.name))
            found += uses
    return found


def group_names(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """For the report's groups: tags and jurisdictions -> stored name -> the name its
    group is under, where that is another (empty when every name is its own)."""
    return {
        name: _folds(Canon(conn, KIND_OF[name]), store.stored_names(conn, name))
        for name in ("tags", "jurisdictions")
    }


def spellings(t: Session, list_name: str, names: list[str]) -> list[tuple[str, ...]]:
    """A filter's names, each as every stored spelling that means it (its canonical
    key), the name it stands for first."""
    if not names:
        return []
    with t.db.read() as conn:
        return spellings_in(conn, list_name, names)


def spellings_in(
    conn: sqlite3.Connection, list_name: str, names: list[str]
) -> list[tuple[str, ...]]:
    """:func:`spellings`, inside the caller's transaction."""
    if not names:
        return []
    canon = Canon(conn, KIND_OF[list_name])
    by_key: dict[str, list[str]] = {}
    for name in store.stored_names(conn, list_name):
        by_key.setdefault(canon.key(name), []).append(name)
    found = []
    for name in names:
        meant = canon.name(name)
        found.append(tuple(dict.fromkeys([meant, *by_key.get(fold_key(meant), [])])))
    return found


def canonical(t: Session, list_name: str, names: list[str]) -> list[str]:
    """The names ``names`` stand for (an alias as its name), repeats dropped."""
    if not names:
        return []
    with t.db.read() as conn:
        canon = Canon(conn, KIND_OF[list_name])
    meant: dict[str, str] = {}
    for name in names:
        meant.setdefault(canon.key(name), canon.name(name))
    return list(meant.values())


def list_aliases(t: Session, kind: str | None = None) -> list[Alias]:
    """Every alias (of ``kind``): by kind (sponsor, jurisdiction, tag), name, alias."""
    chosen = parse_kind(kind) if kind is not None else None
    with t.db.read() as conn:
        rows = store.aliases(conn, chosen)
    order = {k: n for n, k in enumerate(KINDS)}
    found = [Alias(k, alias, name) for k, alias, _, name in rows]
    found.sort(key=lambda a: (order[a.kind], a.name.casefold(), a.alias.casefold()))
    return found


# -- changing ----------------------------------------------------------------------------


def _stored(conn: sqlite3.Connection, list_name: str, name: str) -> tuple[int, str]:
    """The id and spelling of a name in use: as stored (ASCII case-blind), else the
    one stored spelling in another script; none is an error."""
    found = store.name_id(conn, list_name, name)
    used = {i: (i, n) for i, n, _ in store.names_in_use(conn, list_name)}
    if found is not None and found[0] in used:
        return found
    key = fold_key(name)
    alike = [row for row in used.values() if fold_key(row[1]) == key]
    if len(alike) == 1:
        return alike[0]
    kind = KIND_OF[list_name]
    raise InputError(f"no {kind} named {name!r} is in use (tracker names --kind {kind} lists them)")


def _not_an_alias(conn: sqlite3.Connection, kind: str, name: str) -> None:
    alias = store.find_alias(conn, kind, fold_key(name))
    if alias is not None:
        raise InputError(
            f"{name!r} is an alias of the {kind} {alias[1]!r}: name that instead"
            f" (or first tracker names unalias {kind} {alias[0]!r})"
        )


def _record(
    t: Session,
    conn: sqlite3.Connection,
    list_name: str,
    ids: list[int],
    change: dict[int, tuple[list[str], list[str]]],
    note: str,
) -> list[str]:
    """One ``edit`` entry per initiative saying what its list gained and lost."""
    now = clock.now_iso()
    for initiative_id in ids:
        added, removed = change[initiative_id]
        edits = {list_name: {"added": added, "removed": removed}}
        history.record_edit(t, conn, initiative_id, edits, {}, note, now)
    return store.slugs(conn, ids)


def rename(t: Session, kind: str, old: str, new: str) -> NamesChange:
    """Rename a name in use, in every initiative carrying it (each records an edit)."""
    kind = parse_kind(kind)
    list_name = LIST_OF[kind]
    old = check_name(old, kind)
    new = check_name(new, kind)
    with t.db.write() as conn:
        old_id, old_name = _stored(conn, list_name, old)
        if new == old_name:
            raise InputError(f"the {kind} is already named {new!r}")
        _not_an_alias(conn, kind, new)
        existing = store.name_id(conn, list_name, new)
        ids = store.carriers(conn, list_name, [old_id])
        if existing is not None and existing[0] != old_id:
            if store.carriers(conn, list_name, [existing[0]]):
                raise InputError(
                    f"{existing[1]!r} is a {kind} in use already: to give its initiatives"
                    f" too, tracker names merge {kind} {old_name!r} {existing[1]!r}"
                )
            store.respell(conn, list_name, existing[0], new)
        change = {}
        if existing is not None and existing[0] == old_id:  # its case only
            store.respell(conn, list_name, old_id, new)
            change = {i: ([new], [old_name]) for i in ids}
        else:
            for initiative_id in ids:
                removed = repo.remove_names(conn, initiative_id, list_name, [old_name])
                added = repo.add_names(conn, initiative_id, list_name, [new])
                change[initiative_id] = (added, removed)
            store.forget_unused(conn, list_name, old_id)
        _repoint(conn, kind, old_name, new)
        slugs = _record(t, conn, list_name, ids, change, f"renamed {kind} {old_name} to {new}")
        return NamesChange("renamed", kind, old_name, new, slugs)


def merge(t: Session, kind: str, source: str, target: str, alias: bool = True) -> NamesChange:
    """Give the initiatives carrying ``source`` the name ``target`` instead (each
    records an edit); with ``alias``, ``source`` becomes an alias of ``target``."""
    kind = parse_kind(kind)
    list_name = LIST_OF[kind]
    source = check_name(source, kind)
    target = check_name(target, kind)
    with t.db.write() as conn:
        source_id, source_name = _stored(conn, list_name, source)
        _not_an_alias(conn, kind, target)
        existing = store.name_id(conn, list_name, target)
        if existing is not None and existing[0] == source_id:
            raise InputError(f"{source_name!r} and {target!r} are the same {kind}")
        if existing is not None:
            target = existing[1]
        ids = store.carriers(conn, list_name, [source_id])
        change = {}
        for initiative_id in ids:
            removed = repo.remove_names(conn, initiative_id, list_name, [source_name])
            added = repo.add_names(conn, initiative_id, list_name, [target])
            change[initiative_id] = (added, removed)
        store.forget_unused(conn, list_name, source_id)
        _repoint(conn, kind, source_name, target)
        key = fold_key(source_name)
        aliased = alias and key != fold_key(target)
        if aliased:
            store.set_alias(conn, kind, source_name, key, target)
        slugs = _record(
            t, conn, list_name, ids, change, f"merged {kind} {source_name} into {target}"
        )
        return NamesChange("merged", kind, source_name, target, slugs, aliased=aliased)


def _repoint(conn: sqlite3.Connection, kind: str, old: str, new: str) -> None:
    """The aliases of ``old`` stand for ``new`` from now on."""
    key = fold_key(old)
    keys = [k for _, _, k, name in store.aliases(conn, kind) if fold_key(name) == key]
    store.repoint_aliases(conn, kind, keys, new)


def add_alias(t: Session, kind: str, alias: str, name: str) -> NamesChange:
    """Make ``alias`` mean ``name`` (an alias of an alias means the name it stands for)."""
    kind = parse_kind(kind)
    list_name = LIST_OF[kind]
    alias = check_name(alias, kind)
    name = check_name(name, kind)
    key = fold_key(alias)
    with t.db.write() as conn:
        meant = Canon(conn, kind).name(name)
        if key in (fold_key(name), fold_key(meant)):
            raise InputError(f"{alias!r} and {name!r} are already the same {kind}")
        before = store.find_alias(conn, kind, key)
        _repoint(conn, kind, alias, meant)
        store.set_alias(conn, kind, alias, key, meant)
        carrying = [
            i for i, stored, _ in store.names_in_use(conn, list_name) if fold_key(stored) == key
        ]
        count = len(store.carriers(conn, list_name, carrying)) if carrying else 0
        replaced = before[1] if before is not None and before[1] != meant else None
        return NamesChange("aliased", kind, alias, meant, replaced=replaced, carrying=count)


def remove_alias(t: Session, kind: str, alias: str) -> NamesChange:
    kind = parse_kind(kind)
    alias = check_name(alias, kind)
    key = fold_key(alias)
    with t.db.write() as conn:
        found = store.find_alias(conn, kind, key)
        if found is None:
            raise InputError(
                f"{alias!r} is no alias of a {kind}"
                f" (tracker names aliases --kind {kind} lists them)"
            )
        store.delete_alias(conn, kind, key)
        return NamesChange("unaliased", kind, found[0], found[1])
