"""The search index (``tracker search``, ``list --search``): one document per initiative
with a column per field, indexed by SQLite's FTS5, and the queries that read it.

``search_docs`` holds each initiative's text as indexed, one column per field (a
field with several values, such as the notes, has them one a line);
``search_index`` is FTS5 over it (external content) with the Porter stemmer over
unicode61, so "university" finds "universities". Chinese, Japanese and Korean have
no spaces between words: their characters are indexed one a token (a space either
side of each in the stored text) and a word of them is asked as a phrase of its
characters, which finds it anywhere in a run, whatever its length (FTS5's trigram
tokenizer cannot find the one- and two-character words most Chinese words are).
Han characters are folded to simplified script (OpenCC, loaded only for text that
has some) in the index and in the query, so 北部都會區 finds 北部都会区. The
folding keeps every character's position, so a match found in the indexed text is
shown in the text as recorded.

The index is kept in step inside each write transaction: temporary triggers (on
this connection only) note every initiative whose indexed text may have changed,
and :func:`flush`, run by :meth:`Database.write` just before it commits,
re-indexes them from the tables. A migration or a repair builds it all at once
(:func:`rebuild`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from tracker.domain.script import CJK, folded
from tracker.requests import SearchMatch
from tracker.storage import browse

#: The fields searched, in the order of the index's columns, and their weights in
#: the ranking (bm25): a word in a title counts most, one in a note least.
FIELDS = ("title", "summary", "tag", "sponsor", "jurisdiction", "source", "quote", "note")
WEIGHTS = (10.0, 4.0, 3.0, 3.0, 3.0, 2.0, 1.5, 1.0)
TOKENIZER = "porter unicode61 remove_diacritics 2"

_COLUMNS = ", ".join(FIELDS)
_CJK_RUN = re.compile(CJK.pattern + "+")
_WORD = re.compile(r"\w+")
#: Marks around a match in FTS5's highlight() (characters no stored text has).
_OPEN, _CLOSE = "\x02", "\x03"


def schema(conn: sqlite3.Connection) -> None:
    """Create the index's tables (empty)."""
    # No foreign key: a removed initiative's document must stay until :func:`reindex`
    # takes its words out of the index (a cascade would leave them there).
    conn.execute(f"CREATE TABLE search_docs (initiative_id INTEGER PRIMARY KEY, {_COLUMNS})")
    conn.execute(
        f"CREATE VIRTUAL TABLE search_index USING fts5({_COLUMNS}, content='search_docs',"
        f" content_rowid='initiative_id', tokenize='{TOKENIZER}')"
    )


# -- the text indexed ------------------------------------------------------------------


def indexed(text: str) -> str:
    """``text`` as the index holds it: Han characters in simplified script, and each
    Chinese, Japanese or Korean character a word of its own (a space either side)."""
    if not CJK.search(text):
        return text
    return CJK.sub(r" \g<0> ", folded(text))


def _positions(text: str) -> list[int]:
    """For each character of ``indexed(text)``, the position in ``text`` it stands for."""
    if not CJK.search(text):
        return list(range(len(text) + 1))
    out: list[int] = []
    for position, char in enumerate(text):
        if CJK.match(char):
            out += [position, position, position + 1]  # the space, the character, the space
        else:
            out.append(position)
    out.append(len(text))
    return out


def _names(text: str) -> list[str]:
    """A name list's JSON column (most lists are empty)."""
    if text == "[]":
        return []
    names: list[str] = json.loads(text)
    return names


def _values(conn: sqlite3.Connection, where: str, params: list[Any]) -> dict[int, list[list[str]]]:
    """Each selected initiative's values, field by field (as recorded, in order)."""
    docs: dict[int, list[list[str]]] = {}
    for row in conn.execute(
        "SELECT id, title, summary, tags_json, sponsors_json, jurisdictions_json"
        f" FROM initiatives WHERE {where.format(column='id')} ORDER BY id",
        params,
    ):
        docs[row[0]] = [
            [row[1]],
            [row[2]] if row[2] else [],
            _names(row[3]),
            _names(row[4]),
            _names(row[5]),
            [],
            [],
            [],
        ]

    def add(initiative_id: int, field: int, value: str | None) -> None:
        doc = docs.get(initiative_id)
        if doc is not None and value and value not in doc[field]:
            doc[field].append(value)

    def add_source(initiative_id: int, url: str | None, title: str | None, pub: str | None) -> None:
        add(initiative_id, 5, " · ".join(v for v in (title, pub, url) if v))

    for row in conn.execute(
        "SELECT l.initiative_id, l.quote, s.url, s.title, s.publisher FROM initiative_sources l"
        " JOIN sources s ON s.id = l.source_id"
        f" WHERE {where.format(column='l.initiative_id')} ORDER BY l.initiative_id, l.id",
        params,
    ):
        add_source(row[0], row[2], row[3], row[4])
        add(row[0], 6, row[1])
    for row in conn.execute(
        "SELECT u.initiative_id, u.note, u.quote, s.url, s.title, s.publisher FROM updates u"
        " LEFT JOIN sources s ON s.id = u.source_id"
        f" WHERE {where.format(column='u.initiative_id')} AND (u.note IS NOT NULL"
        " OR u.quote IS NOT NULL OR u.source_id IS NOT NULL) ORDER BY u.initiative_id, u.id",
        params,
    ):
        if row[3] or row[4] or row[5]:
            add_source(row[0], row[3], row[4], row[5])
        add(row[0], 6, row[2])
        add(row[0], 7, row[1])
    return docs


def _row(initiative_id: int, fields: list[list[str]]) -> tuple[Any, ...]:
    texts = ["\n".join(values) for values in fields]
    if not CJK.search("".join(texts)):  # no field has a CJK character: each as it is
        return (initiative_id, *texts)
    return (initiative_id, *map(indexed, texts))


_INSERT_DOCS = (
    f"INSERT INTO search_docs (initiative_id, {_COLUMNS}) VALUES (?{', ?' * len(FIELDS)})"
)


def _chunks(ids: list[int], size: int = 2000) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def reindex(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Index these initiatives again from the tables (a removed one leaves the index);
    a document whose text has not changed is left as it is."""
    for chunk in _chunks(sorted(set(ids))):
        where = "{column} IN (SELECT value FROM json_each(?))"
        params = [json.dumps(chunk)]
        stored = {
            row[0]: tuple(row)
            for row in conn.execute(
                f"SELECT initiative_id, {_COLUMNS} FROM search_docs"
                f" WHERE {where.format(column='initiative_id')}",
                params,
            )
        }
        fresh = {i: _row(i, fields) for i, fields in _values(conn, where, params).items()}
        changed = [i for i in chunk if stored.get(i) != fresh.get(i)]
        if not changed:
            continue
        params = [json.dumps(changed)]
        conn.execute(
            f"INSERT INTO search_index (search_index, rowid, {_COLUMNS})"
            f" SELECT 'delete', initiative_id, {_COLUMNS} FROM search_docs"
            f" WHERE {where.format(column='initiative_id')}",
            params,
        )
        conn.execute(
            f"DELETE FROM search_docs WHERE {where.format(column='initiative_id')}", params
        )
        conn.executemany(_INSERT_DOCS, (fresh[i] for i in changed if i in fresh))
        conn.execute(
            f"INSERT INTO search_index (rowid, {_COLUMNS}) SELECT initiative_id, {_COLUMNS}"
            f" FROM search_docs WHERE {where.format(column='initiative_id')}",
            params,
        )


def rebuild(conn: sqlite3.Connection) -> None:
    """Build the whole index again from the tables (a migration, a repair)."""
    conn.execute("DELETE FROM search_docs")
    last = conn.execute("SELECT coalesce(max(id), 0) FROM initiatives").fetchone()[0]
    step = 5000
    for first in range(1, last + 1, step):
        conn.executemany(_INSERT_DOCS, _rows_between(conn, first, first + step - 1))
    conn.execute("INSERT INTO search_index (search_index) VALUES ('rebuild')")


#: Each initiative's own fields as :func:`_row` joins them (title; summary; each name
#: list, its JSON array's items joined by newlines in SQL, in the array's order), the
#: other three left empty: a document, for an initiative no source or entry adds to.
_OWN_FIELDS = (
    "SELECT id, title, coalesce(summary, ''), "
    + ", ".join(
        f"coalesce((SELECT group_concat(value, char(10)) FROM json_each({column})), '')"
        for column in ("tags_json", "sponsors_json", "jurisdictions_json")
    )
    + ", '', '', '' FROM initiatives WHERE id BETWEEN ? AND ? ORDER BY id"
)
#: The initiatives whose sources or history entries add to their documents.
_CITING = (
    "SELECT initiative_id FROM initiative_sources WHERE initiative_id BETWEEN ?1 AND ?2"
    " UNION SELECT initiative_id FROM updates WHERE initiative_id BETWEEN ?1 AND ?2"
    " AND (note IS NOT NULL OR quote IS NOT NULL OR source_id IS NOT NULL)"
)


def _rows_between(conn: sqlite3.Connection, first: int, last: int) -> list[tuple[Any, ...]]:
    """The documents of the initiatives ``first`` to ``last``, in id order: those of
    :func:`_values` and :func:`_row` (``tests/test_search.py`` compares them), with the
    names joined in SQL rather than decoded, and only the initiatives that cite a
    source or have a note read through :func:`_values`."""
    rows = []
    for row in conn.execute(_OWN_FIELDS, [first, last]):
        if CJK.search("".join(row[1:6])):
            row = (row[0], *map(indexed, row[1:]))
        rows.append(tuple(row))
    citing = [row[0] for row in conn.execute(_CITING, [first, last])]
    if citing:
        where = "{column} IN (SELECT value FROM json_each(?))"
        docs = _values(conn, where, [json.dumps(citing)])
        position = {row[0]: n for n, row in enumerate(rows)}
        for initiative_id, fields in docs.items():
            rows[position[initiative_id]] = _row(initiative_id, fields)
    return rows


def documents(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every stored document, in order (for tests comparing the index with a rebuild)."""
    return [tuple(row) for row in conn.execute("SELECT * FROM search_docs ORDER BY 1")]


# -- keeping it in step ----------------------------------------------------------------

#: What may change an initiative's indexed text, each noted by a temporary trigger.
_WATCHED = (
    ("initiatives", "INSERT", "new.id", ""),
    (
        "initiatives",
        "UPDATE OF title, summary, tags_json, sponsors_json, jurisdictions_json",
        "new.id",
        "",
    ),
    ("initiatives", "DELETE", "old.id", ""),
    (
        "updates",
        "INSERT",
        "new.initiative_id",
        "WHEN new.note IS NOT NULL OR new.quote IS NOT NULL OR new.source_id IS NOT NULL",
    ),
    ("updates", "DELETE", "old.initiative_id", ""),
    ("initiative_sources", "INSERT", "new.initiative_id", ""),
    ("initiative_sources", "DELETE", "old.initiative_id", ""),
)


def watch(conn: sqlite3.Connection) -> None:
    """Note, on this connection, every initiative whose indexed text a write may change
    (temporary triggers and table: nothing is stored in the file)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_dirty (id INTEGER PRIMARY KEY)")
    for n, (table, event, value, when) in enumerate(_WATCHED):
        conn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS search_watch_{n} AFTER {event}"
            f" ON main.{table} {when} BEGIN INSERT OR IGNORE INTO search_dirty (id)"
            f" VALUES ({value}); END"
        )
    # A document's title, publisher or address: every initiative citing it.
    conn.execute(
        "CREATE TEMP TRIGGER IF NOT EXISTS search_watch_sources AFTER UPDATE ON main.sources BEGIN"
        " INSERT OR IGNORE INTO search_dirty (id) SELECT initiative_id FROM initiative_sources"
        " WHERE source_id = new.id UNION SELECT initiative_id FROM updates"
        " WHERE source_id = new.id; END"
    )
    # Datasette's index holds titles and summaries only: a history entry (a note, a
    # source) leaves it as it is, so it has its own, shorter list.
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS browse_dirty (id INTEGER PRIMARY KEY)")
    for n, (event, value) in enumerate(_BROWSE_WATCHED):
        conn.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS browse_watch_{n} AFTER {event} ON main.initiatives"
            f" BEGIN INSERT OR IGNORE INTO browse_dirty (id) VALUES ({value}); END"
        )


#: What may change an initiative's title or summary (:mod:`tracker.storage.browse`).
_BROWSE_WATCHED = (
    ("INSERT", "new.id"),
    ("UPDATE OF title, summary", "new.id"),
    ("DELETE", "old.id"),
)


#: A flush of at least this many initiatives, and at least half of all there are (a bulk
#: import), builds both indexes again in one pass (:func:`rebuild`) rather than
#: initiative by initiative: the same documents (the tests compare the index with a
#: rebuild after every kind of write), in half the time.
REBUILD_AT = 2000


def flush(conn: sqlite3.Connection) -> None:
    """Re-index the initiatives noted since the last flush (inside the transaction):
    both indexes, each for the initiatives whose text in it may have changed."""
    for dirty, whole, some in (
        ("search_dirty", rebuild, reindex),
        ("browse_dirty", browse.rebuild, browse.reindex),  # Datasette's index
    ):
        ids = [row[0] for row in conn.execute(f"SELECT id FROM temp.{dirty}")]
        if not ids:
            continue
        if len(ids) >= REBUILD_AT and 2 * len(ids) >= _last_id(conn):
            whole(conn)
        else:
            some(conn, ids)
        conn.execute(f"DELETE FROM temp.{dirty}")


def _last_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) FROM initiatives").fetchone()[0])


class Watcher:
    """The write hook :meth:`Database.write` runs: the connection notes changes (see
    :func:`watch`, run when it is made), and they are indexed before each commit."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.attach(conn)

    def attach(self, conn: sqlite3.Connection) -> None:
        watch(conn)

    def begin(self, conn: sqlite3.Connection) -> None:
        pass

    def before_commit(self, conn: sqlite3.Connection) -> None:
        flush(conn)


# -- queries ---------------------------------------------------------------------------


def match_query(text: str) -> str | None:
    """The FTS5 query for search text: every word required, a word in Latin (or any
    spaced) script as itself and as the beginning of longer words (its stem), a run of
    Chinese, Japanese or Korean characters as a phrase of them, folded to simplified
    script. None when the text has no word."""
    terms: list[str] = []
    for word in _WORD.findall(text):
        position = 0
        for run in _CJK_RUN.finditer(word):
            if run.start() > position:
                terms.append(_prefix(word[position : run.start()]))
            terms.append('"' + " ".join(folded(run.group())) + '"')
            position = run.end()
        if position < len(word):
            terms.append(_prefix(word[position:]))
    return " ".join(terms) or None


def _prefix(word: str) -> str:
    return '"' + word.replace('"', '""') + '"*'


def matching_ids_sql() -> str:
    """SQL selecting the ids of the initiatives matching one parameter (a
    :func:`match_query`)."""
    return "SELECT rowid FROM search_index WHERE search_index MATCH ?"


_BM25 = f"bm25(search_index, {', '.join(map(str, WEIGHTS))})"
#: The same ranking as FTS5's own ``rank`` (its ranked scan sorts inside the index and
#: reads positions only for the rows it returns).
_RANK = f"bm25({', '.join(map(str, WEIGHTS))})"


def ranked(
    conn: sqlite3.Connection, match: str, limit: int
) -> tuple[list[int], int, dict[int, tuple[str, ...]]]:
    """The ids of the best ``limit`` matches, best first (bm25; then by id), how many
    initiatives match in all, and each one's fields (:data:`FIELDS`) with its matches
    marked. One ranked scan: FTS5 orders the matches by ``rank`` itself (ties keep
    the index's id order: ``test_search`` proves it the same order as ``ORDER BY``
    :data:`_BM25` ``, rowid``) and marks only the rows it returns."""
    highlights = ", ".join(
        f"highlight(search_index, {n}, '{_OPEN}', '{_CLOSE}')" for n in range(len(FIELDS))
    )
    marked = {
        row[0]: tuple(row[1:])
        for row in conn.execute(
            f"SELECT rowid, {highlights} FROM search_index WHERE search_index MATCH ?"
            " AND rank MATCH ? ORDER BY rank LIMIT ?",
            [match, _RANK, limit],
        )
    }
    ids = list(marked)
    if len(ids) < limit:
        return ids, len(ids), marked
    total = conn.execute(
        "SELECT count(*) FROM search_index WHERE search_index MATCH ?", [match]
    ).fetchone()[0]
    return ids, int(total), marked


def ranked_by_sql(conn: sqlite3.Connection, match: str) -> list[int]:
    """Every match's id in the order of :func:`ranked`, by a plain ``ORDER BY``: the
    reference its fast path is tested against."""
    sql = f"SELECT rowid FROM search_index WHERE search_index MATCH ? ORDER BY {_BM25}, rowid"
    return [row[0] for row in conn.execute(sql, [match])]


#: Characters of context a snippet shows before its first match, and its longest length.
_BEFORE, _LENGTH = 40, 160


def hits(
    conn: sqlite3.Connection, marked: dict[int, tuple[str, ...]]
) -> dict[int, tuple[SearchMatch, ...]]:
    """Where each of these initiatives matched, from its fields as :func:`ranked`
    marked them: every field with a match, in the order of :data:`FIELDS`, with a
    snippet of its first matching value."""
    if not marked:
        return {}
    ids = list(marked)
    where = "{column} IN (SELECT value FROM json_each(?))"
    originals = _values(conn, where, [json.dumps(ids)])
    out = {}
    for initiative_id in ids:
        texts = marked[initiative_id]
        fields = originals.get(initiative_id)
        if fields is None:
            continue
        found = []
        for name, text, values in zip(FIELDS, texts, fields, strict=True):
            if _OPEN in text:
                found.append(_snippet(name, text, "\n".join(values)))
        out[initiative_id] = tuple(found)
    return out


def _snippet(field: str, marked: str, original: str) -> SearchMatch:
    """The first matching line of a field, as recorded, cut to :data:`_LENGTH`
    characters around its first match."""
    spans: list[tuple[int, int]] = []
    plain: list[str] = []
    start = 0
    for char in marked:
        if char == _OPEN:
            start = len(plain)
        elif char == _CLOSE:
            spans.append((start, len(plain)))
        else:
            plain.append(char)
    positions = _positions(original)
    if len(positions) != len(plain) + 1:  # not the text indexed: show the whole line
        positions = [min(p, len(original)) for p in range(len(plain) + 1)]
    found = [(positions[a], positions[b - 1] + 1 if b > a else positions[a]) for a, b in spans]
    first = found[0][0]
    line_start = original.rfind("\n", 0, first) + 1
    line_end = original.find("\n", first)
    line_end = len(original) if line_end < 0 else line_end
    # the whole line when it fits, else from a little before the first match
    begin = max(line_start, min(first - _BEFORE, line_end - _LENGTH))
    end = min(line_end, begin + _LENGTH)
    if begin > line_start:  # start at a word
        space = original.find(" ", begin, first)
        begin = space + 1 if space >= 0 else begin
    text = original[begin:end]
    lead = "…" if begin > line_start else ""
    tail = "…" if end < line_end else ""
    shift = len(lead) - begin
    marks = tuple((a + shift, min(b, end) + shift) for a, b in found if a >= begin and a < end)
    return SearchMatch(field, lead + text + tail, marks)
