"""Names: the sponsors, jurisdictions and tags initiatives carry, their aliases, and
the one rule that says when two spellings are the same name.

Two spellings are the same name when their :func:`fold_key` is: NFKC (full-width
letters as ASCII), spaces collapsed, traditional Chinese as simplified (OpenCC's
``t2s``, imported only for text with Chinese in it) and case folded. An *alias* maps
a key to the one name it stands for (``HK`` and ``香港`` to ``Hong Kong``); the
database keeps them, starting with :data:`DEFAULT_ALIASES`.

Pure: no storage.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from tracker.errors import InputError

#: The kinds of name, as the command line says them, and their lists.
KINDS = ("sponsor", "jurisdiction", "tag")
LIST_OF = {"sponsor": "sponsors", "jurisdiction": "jurisdictions", "tag": "tags"}
KIND_OF = {value: key for key, value in LIST_OF.items()}

# Han (and its compatibility block): the text OpenCC may change.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@cache
def _converter() -> Any:
    import opencc  # only for names with Chinese in them

    return opencc.OpenCC("t2s")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


@lru_cache(maxsize=65536)
def fold_key(name: str) -> str:
    """What two spellings of one name share: NFKC, spaces collapsed, simplified
    Chinese, case folded (``香港 `` and ``香港`` alike, ``大灣區`` and ``大湾区``)."""
    text = " ".join(unicodedata.normalize("NFKC", name).split())
    if has_han(text):
        text = str(_converter().convert(text))
    return text.casefold()


def parse_kind(value: str) -> str:
    """``sponsor``, ``jurisdiction`` or ``tag`` (a plural is read too)."""
    key = value.strip().lower()
    key = KIND_OF.get(key, key)
    if key not in KINDS:
        raise InputError(f"unknown kind of name {value!r}; choose from {', '.join(KINDS)}")
    return key


@dataclass(frozen=True)
class NameUse:
    """A name in use: its kind, its spelling, how many initiatives carry it, and the
    name it folds to when that is another (an alias's, or another script's spelling)."""

    kind: str
    name: str
    initiatives: int
    folds_to: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "initiatives": self.initiatives,
            "folds_to": self.folds_to,
        }


@dataclass(frozen=True)
class Alias:
    """An alias: another spelling of a name."""

    kind: str
    alias: str
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "alias": self.alias, "name": self.name}


@dataclass
class NamesChange:
    """What ``names rename``, ``names merge``, ``names alias`` or ``names unalias``
    did: ``action`` one of ``renamed``, ``merged``, ``aliased``, ``unaliased``;
    ``old`` and ``new`` the names (for an alias: the alias and its name);
    ``initiatives`` the slugs whose history recorded the change; ``replaced`` the
    name an alias stood for before; ``aliased``: a merge also made ``old`` an alias."""

    action: str
    kind: str
    old: str
    new: str
    initiatives: list[str] = field(default_factory=list)
    replaced: str | None = None
    aliased: bool = False
    #: How many initiatives still carry the alias itself (after ``names alias``).
    carrying: int = 0

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"action": self.action, "kind": self.kind}
        if self.action in ("aliased", "unaliased"):
            data.update({"alias": self.old, "name": self.new})
            if self.action == "aliased":
                data.update({"replaced": self.replaced, "carrying": self.carrying})
            return data
        data.update(
            {
                "from": self.old,
                "to": self.new,
                "initiatives": self.initiatives,
                "alias_added": self.aliased,
            }
        )
        return data
