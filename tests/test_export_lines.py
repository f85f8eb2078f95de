"""``tracker export`` writes lines SQLite builds (``Tracker.export_lines``,
:mod:`tracker.storage.export_lines`) instead of dumping ``Tracker.export``'s records:
proven byte-equal to ``json.dumps`` of those records (the reference, compact, not
ASCII-escaped) on generated databases: Unicode (Chinese, emoji, U+2028), quotes,
backslashes and control characters in every text, null against absent, empty lists,
several entries on one day, sources with quotes, links, parents, renames, retractions
and amends, progress 0 and 100, windows of each kind, remembered refs; and on rows
SQLite cannot write exactly (REAL numbers, days not plain ISO, JSON Python would write
otherwise), which are built the reference way."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from helpers import ok
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.api import EditRequest, NewInitiative, Tracker, UpdateRequest
from tracker.domain.shapes import compact_json
from tracker.storage import export_lines as stored_lines
from tracker.storage.export_lines import export_lines

HEADER = '{"format":"tracker-export","version":1}'
#: Text SQLite quotes as json.dumps does; and with control characters json.dumps
#: writes as \u00xx (in a record's own JSON stored in the history, those are rebuilt).
PRINTABLE = 'q"uo\\te \u2028 \u2029 é 中文 😀 \t\n\r\b\f \x7f </script>'
ODD = PRINTABLE + "\x01\x1f"


def reference(db: Path) -> list[str]:
    """The export as ``Tracker.export``'s records dumped one by one."""
    with Tracker.open(db) as t:
        return [compact_json(record) for record in t.export()]


def fast(db: Path) -> list[str]:
    with Tracker.open(db) as t:
        return list(t.export_lines())


def rebuilt(db: Path) -> list[int]:
    """The ids SQLite gave no line for (built the reference way)."""
    conn = sqlite3.connect(db)
    try:
        return [row[0] for rows in export_lines(conn) for row in rows if row[2] is None]
    finally:
        conn.close()


def assert_same(db: Path) -> None:
    lines = reference(db)
    assert fast(db) == lines
    with pytest.MonkeyPatch.context() as patched:  # records rebuilt mid-stream
        patched.setattr(stored_lines, "CHUNK", 2)
        assert fast(db) == lines
    assert ok("export") == "\n".join([HEADER, *lines]) + "\n"
    document = ok("export", "--format", "json")
    if lines:
        assert document == '{"format":"tracker-export","version":1,"initiatives":[\n' + (
            ",\n".join(lines) + "\n]}\n"
        )
    else:
        assert document == '{"format":"tracker-export","version":1,"initiatives":[]}\n'
    # the document is still the records
    with Tracker.open(db) as t:
        assert json.loads(document)["initiatives"] == list(t.export())


def test_progress_is_told_as_export_tells_it(isolated: Path) -> None:
    ok("init", "--seed")
    calls: dict[str, list[tuple[int, int | None]]] = {"records": [], "lines": []}
    with Tracker.open(isolated) as t:
        list(t.export(lambda done, total: calls["records"].append((done, total))))
        list(t.export_lines(lambda done, total: calls["lines"].append((done, total))))
    assert calls["lines"] == calls["records"] == [(0, 13)]


def test_an_empty_database(isolated: Path) -> None:
    ok("init")
    assert_same(isolated)
    assert ok("export") == HEADER + "\n"


def test_every_kind_of_record(isolated: Path) -> None:
    ok("init")
    ok("add", f"Odd {ODD}", "--summary", ODD, "--tag", "b", "--tag", "A", "--tag", "中",
       "--jurisdiction", "HK", "--sponsor", ODD, "--deadline", "Q3 2027", "--announced",
       "2025-03", "--progress", "0", "--confidence", "amber", "--confidence-note", ODD,
       "--source", "https://example.org/a", "--quote", ODD)  # fmt: skip
    ok("add", "Plain", "--slug", "plain")
    ok("add", "Child", "--slug", "child", "--parent", "plain", "--deadline", "2026-12-31")
    ok("add", "No deadline", "--slug", "bare", "--summary", "")
    ok("update", "plain", "--status", "in_progress", "--progress", "100", "--on", "2026-03-01",
       "--deadline", "2028", "--note", ODD, "--source", "https://x.org/中", "--quote", "“q”",
       "--source-title", ODD, "--publisher", "P\\ub", "--published", "2026-02-01",
       "--ref", "r-1")  # fmt: skip
    # several entries on one day, the later recorded first by effective day
    ok("update", "plain", "--note", "same day 1", "--on", "2026-03-01", "--ref", "r-2")
    ok("update", "plain", "--confidence", "red", "--on", "2026-03-01")
    ok("update", "plain", "--deadline", "end of 2029", "--on", "2026-02-01")
    # the same key again, the same change again: remembered refs
    ok("update", "plain", "--note", "same day 1", "--on", "2026-03-01", "--ref", "r-2")
    ok("update", "child", "--status", "announced", "--ref", "nothing-changed")
    ok("update", "child", "--status", "announced", "--ref", "a-first")
    ok("source", "add", "child", "https://example.org/a", "--title", "T", "--accessed",
       "2026-01-02", "--quote", ODD)  # fmt: skip
    ok("source", "add", "child", "https://example.org/b")
    ok("source", "remove", "child", "https://example.org/b")
    ok("link", "child", "depends-on", "bare")
    ok("link", "plain", "relates-to", "child")
    ok("edit", "child", "--title", PRINTABLE, "--summary", "")
    ok("edit", "bare", "--slug", "bare-renamed", "--title", ODD, "--summary", "s\u2028")
    ok("edit", "bare-renamed", "--announced", "2024", "--add-tag", "B", "--add-tag", "c")
    ok("edit", "1", "--remove-tag", "b", "--add-sponsor", "z")
    with Tracker.open(isolated) as t:
        entry = t.update("bare-renamed", UpdateRequest(note="typo", progress=5)).entry
        assert entry is not None
        t.amend(entry.uuid, note=ODD, source="https://example.org/c", quote="q")
        wrong = t.update("child", UpdateRequest(progress=50, note="wrong")).entry
        assert wrong is not None
        t.retract(wrong.uuid, ODD)
    assert_same(isolated)
    assert '"applied_refs":["a-first","nothing-changed"]}' in ok("export")
    # the control characters of bare's edits are stored as \u00xx: it is rebuilt the
    # reference way, the others are SQLite's
    conn = sqlite3.connect(isolated)
    bare = conn.execute("SELECT id FROM initiatives WHERE slug = 'bare-renamed'").fetchone()
    conn.close()
    assert rebuilt(isolated) == list(bare)


def test_rows_sqlite_cannot_write_exactly_are_built_the_reference_way(isolated: Path) -> None:
    ok("init")
    for n in range(9):
        ok("add", f"Item {n}", "--slug", f"i{n}", "--deadline", "2027", "--progress", "7")
    ok("update", "i8", "--deadline", "2029", "--note", "x")
    conn = sqlite3.connect(isolated)
    with conn:
        ids = dict(conn.execute("SELECT slug, id FROM initiatives"))
        entry = "INSERT INTO updates (uuid, initiative_id, recorded_at, effective, event, {})"
        entry += " VALUES (?, ?, '2026-11-22T00:00:00Z', '2026-11-01', 'edit', ?)"
        tampered = [
            ("UPDATE initiatives SET progress = 50.1 WHERE slug = 'i0'", []),
            ("UPDATE initiatives SET baseline_earliest = '20270101' WHERE slug = 'i1'", []),
            ("UPDATE initiatives SET baseline_latest = '2027-W52-5' WHERE slug = 'i2'", []),
            (entry.format("edits"), ["e1", ids["i3"], '{"title": {"from": "\\u00e9", "to": "b"}}']),
            (entry.format("edits"), ["e2", ids["i4"], '{"status": "x", "t\\/": 1}']),
            (entry.format("edits"), ["e3", ids["i5"], '{"n": 1.5e3, "m": [1, {}]}']),
            (entry.format("progress_to"), ["e4", ids["i6"], 12.25]),
            (entry.format("edits"), ["e5", ids["i7"], '{ }']),
            (entry.format("edits"), ["e6", ids["i8"], '{"n": 1, "m": [-1, {"t": null}]}']),
        ]  # fmt: skip
        for sql, params in tampered:
            conn.execute(sql, params)
    conn.close()
    assert_same(isolated)
    # i7's empty object, i8's integers and deadlines SQLite writes as Python does
    assert sorted(rebuilt(isolated)) == sorted(ids[f"i{n}"] for n in range(7))


text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=10,
)
name = st.text(alphabet='aAbB中😀\\" ', min_size=1, max_size=4).filter(lambda s: s.strip())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    items=st.lists(
        st.tuples(text, text, st.lists(name, max_size=3), st.integers(0, 100)), max_size=4
    ),
    notes=st.lists(
        st.tuples(text, st.sampled_from(("2026-01-01", "2026-02-03")), name), max_size=4
    ),
)
def test_generated_text_writes_the_same_bytes(
    items: list[tuple[str, str, list[str], int]], notes: list[tuple[str, str, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "t.db"
        with Tracker.open(db) as t:
            slugs = []
            for n, (title, summary, tags, progress) in enumerate(items):
                added = t.add(
                    NewInitiative(
                        title=f"{n} {title}",
                        summary=summary,
                        tags=tags,
                        progress=progress,
                        deadline="2027-06" if n % 2 else None,
                        quote=summary if n % 2 and summary.strip() else None,
                        source="https://example.org/" if n % 2 else None,
                    )
                )
                slugs.append(added.slug)
            for n, (note, day, tag) in enumerate(notes):
                if slugs:
                    slug = slugs[n % len(slugs)]
                    if note.strip():
                        source = "https://example.org/n"
                        t.update(slug, UpdateRequest(note=note, on=day, source=source, quote=note))
                        t.edit(slug, EditRequest(title=note, add_tags=[tag]))
                    else:
                        t.update(slug, UpdateRequest(note="-", on=day))
        got: dict[str, Any] = {"fast": fast(db), "reference": reference(db)}
        assert got["fast"] == got["reference"]
