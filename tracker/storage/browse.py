"""The search index Datasette reads (``browse_fts``): initiatives' titles and summaries,
with every word inside Chinese, Japanese and Korean text findable from Datasette's
own search box.

Datasette quotes each word typed as an FTS5 phrase, and SQLite's unicode61 tokenizer
reads a run of Chinese characters with no spaces as ONE token, so a plain index of
``香港虛擬資產交易平台牌照制度`` finds only that whole run, never 牌照. Here each
such run (a token of unicode61 with a CJK character in it) is indexed as itself and
also as every substring of 1 to :data:`LONGEST` characters, in the text as recorded
and folded to simplified script (:func:`tracker.domain.script.folded`), so 牌照,
虛擬資產 and 虚拟资产 all find it. A word longer than :data:`LONGEST` characters
finds only a whole run; typed as pieces with spaces between (``虛擬資產 交易平台``)
it finds every text holding all the pieces.

It is kept in step by the write path of :mod:`tracker.storage.search`:
:func:`reindex` is run by its ``flush`` for the same initiatives, just before each
write transaction commits, and re-indexes only those whose title or summary
changed. tracker's own search (``tracker search``) does not read it.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from typing import Any

from tracker.domain.script import CJK, folded

TABLE = "browse_fts"
#: The text it was given, as recorded and folded (see :func:`reindex`).
DOCS = "browse_docs"
#: The fields indexed, the columns of :data:`TABLE` (its rowid: the initiative's id).
FIELDS = ("title", "summary")
#: As tracker's own index (tracker.storage.search.TOKENIZER, repeated because a
#: migration never changes): English words stemmed, so "universities" finds "university".
TOKENIZER = "porter unicode61 remove_diacritics 2"
#: The longest substring of a Chinese run indexed as a word of its own. Six covers the
#: words and names people type (two to four characters mostly, 粤港澳大湾区 is six);
#: each step up adds about a third to the index of Chinese text (docs/data.md).
LONGEST = 6

#: A token as unicode61 reads one: letters and digits (no underscore).
_TOKEN = re.compile(r"[^\W_]+")
_FOLDED = tuple(f"{field}_folded" for field in FIELDS)


def schema(conn: sqlite3.Connection) -> None:
    """Create the (empty) tables."""
    conn.execute(
        f"CREATE TABLE {DOCS} (initiative_id INTEGER PRIMARY KEY, {', '.join(FIELDS)},"
        f" {', '.join(_FOLDED)})"
    )
    conn.execute(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5({', '.join(FIELDS)}, content='',"
        f" tokenize='{TOKENIZER}')"
    )


def words(text: str, simple: str | None = None) -> list[str]:
    """The extra words indexed for ``text`` (``simple``: it folded to simplified
    script, :func:`tracker.domain.script.folded` when not given): each token with a CJK
    character in it, as recorded and folded, as its substrings of 1 to :data:`LONGEST`
    characters, and the folded token itself; each once, in order of first appearance,
    leaving out the recorded text's own tokens. None for text without CJK."""
    if not CJK.search(text):
        return []
    if simple is None:
        simple = folded(text)
    found: dict[str, None] = {}
    for variant in (text, simple) if simple != text else (text,):
        for token in _TOKEN.findall(variant):
            if not CJK.search(token):
                continue
            if variant is simple:
                found[token] = None
            for size in range(1, min(LONGEST, len(token) - 1) + 1):
                for start in range(len(token) - size + 1):
                    found[token[start : start + size]] = None
    for token in _TOKEN.findall(text):  # the recorded text holds these already
        found.pop(token, None)
    return list(found)


def document(text: str, simple: str | None = None) -> str:
    """``text`` as the index is given it: as recorded, then a line of its :func:`words`."""
    extra = words(text, simple)
    return f"{text}\n{' '.join(extra)}" if extra else text


def _folded(text: str) -> str | None:
    """``text`` folded to simplified script, kept beside it; None when the same."""
    if not CJK.search(text):
        return None
    simple = folded(text)
    return None if simple == text else simple


_INSERT_DOCS = (
    f"INSERT INTO {DOCS} (initiative_id, {', '.join(FIELDS)}, {', '.join(_FOLDED)})"
    f" VALUES (?{', ?' * (2 * len(FIELDS))})"
)
_INSERT = f"INSERT INTO {TABLE} (rowid, {', '.join(FIELDS)}) VALUES (?{', ?' * len(FIELDS)})"
_DELETE = (
    f"INSERT INTO {TABLE} ({TABLE}, rowid, {', '.join(FIELDS)})"
    f" VALUES ('delete', ?{', ?' * len(FIELDS)})"
)


def _row(initiative_id: int, texts: tuple[str, ...]) -> tuple[object, ...]:
    return (initiative_id, *texts, *(_folded(text) for text in texts))


def _indexed(row: tuple[object, ...]) -> tuple[object, ...]:
    """A :data:`DOCS` row as the index was given it: (rowid, each field's document)."""
    count = len(FIELDS)
    texts, simple = row[1 : 1 + count], row[1 + count :]
    return (
        row[0],
        *(document(str(t), str(s) if s else None) for t, s in zip(texts, simple, strict=True)),
    )


def _current(conn: sqlite3.Connection, where: str, params: list[object]) -> list[tuple[Any, ...]]:
    return [
        (row[0], *(value or "" for value in row[1:]))
        for row in conn.execute(
            f"SELECT id, {', '.join(FIELDS)} FROM initiatives WHERE {where} ORDER BY id", params
        )
    ]


def reindex(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Index these initiatives again (a removed one leaves the index); one whose text
    has not changed is left as it is.

    The index keeps no copy of what it indexed (FTS5 with no content: the substrings
    would make a copy three times the size of the index of Chinese text); :data:`DOCS`
    keeps the text it was given, as recorded and as folded then, so the words taken
    out of the index are exactly those put in, whatever OpenCC says today."""
    chosen = sorted(set(ids))
    for first in range(0, len(chosen), 2000):
        chunk = json.dumps(chosen[first : first + 2000])
        where = "{} IN (SELECT value FROM json_each(?))"
        stored = {
            row[0]: tuple(row)
            for row in conn.execute(
                f"SELECT * FROM {DOCS} WHERE {where.format('initiative_id')}", [chunk]
            )
        }
        fresh = {row[0]: row[1:] for row in _current(conn, where.format("id"), [chunk])}
        changed = [
            i
            for i in json.loads(chunk)
            if (stored[i][1 : 1 + len(FIELDS)] if i in stored else None) != fresh.get(i)
        ]
        if not changed:
            continue
        conn.executemany(_DELETE, (_indexed(stored[i]) for i in changed if i in stored))
        conn.execute(
            f"DELETE FROM {DOCS} WHERE {where.format('initiative_id')}", [json.dumps(changed)]
        )
        rows = [_row(i, fresh[i]) for i in changed if i in fresh]
        conn.executemany(_INSERT_DOCS, rows)
        conn.executemany(_INSERT, map(_indexed, rows))


def rebuild(conn: sqlite3.Connection) -> None:
    """Build the whole index again from the initiatives (a migration, a repair)."""
    conn.execute(f"DELETE FROM {DOCS}")
    conn.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('delete-all')")
    last = conn.execute("SELECT coalesce(max(id), 0) FROM initiatives").fetchone()[0]
    step = 5000
    for first in range(1, last + 1, step):
        current = _current(conn, "id BETWEEN ? AND ?", [first, first + step - 1])
        rows, given = _rows_and_documents(current)
        conn.executemany(_INSERT_DOCS, rows)
        conn.executemany(_INSERT, given)


def _rows_and_documents(
    current: list[tuple[Any, ...]],
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The :data:`DOCS` rows (:func:`_row`) of these initiatives and what the index is
    given for each (:func:`_indexed`), a row without CJK text taken as it is (its
    folded columns None, its documents its texts) without folding or splitting it
    (``tests/test_search.py`` compares the two)."""
    rows: list[tuple[object, ...]] = []
    given: list[tuple[object, ...]] = []
    blank = (None,) * len(FIELDS)
    for row in current:
        texts = row[1:]
        if CJK.search("".join(texts)):
            full = _row(row[0], texts)
            rows.append(full)
            given.append(_indexed(full))
        else:
            rows.append((*row, *blank))
            given.append(row)
    return rows, given


def documents(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """Every text indexed, in order (for tests comparing it with a rebuild)."""
    return [tuple(row) for row in conn.execute(f"SELECT * FROM {DOCS} ORDER BY 1")]


def matching(conn: sqlite3.Connection, word: str) -> list[int]:
    """The ids of the initiatives a word finds, as Datasette asks (one quoted phrase)."""
    sql = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? ORDER BY rowid"
    return [row[0] for row in conn.execute(sql, ['"' + word.replace('"', '""') + '"'])]
