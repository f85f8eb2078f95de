"""``list --format json`` and ``csv`` write from plain rows (``Tracker.each_row``,
``initiative_rows`` of the JSON and CSV renderers) instead of Initiative objects: proven
byte-equal to the slow writers (``initiatives``, from ``Initiative.to_dict``) on
generated databases: Unicode and Chinese, control characters, formula-like cells,
empty lists, no deadline, names differing in case, parents, links, sources, retracted
entries, every sort and a limit, on days that make every health."""

from __future__ import annotations

import io
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from helpers import ok
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.api import EditRequest, ListFilters, NewInitiative, Tracker, UpdateRequest
from tracker.renderers.csv import CsvRenderer
from tracker.renderers.json import JsonRenderer

TODAY = date(2026, 11, 1)

text = st.one_of(
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cs",), blacklist_characters="\x00;", max_codepoint=0x2FFFF
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(("=SUM(A1)", "-3", "+x", "@me", "\tTab", "中文標題", '"q"\\', "a\x1fb\x7f")),
).filter(lambda s: s.strip())

names = st.lists(st.one_of(text, st.sampled_from(("Tag", "tag2", "TAG3", "香港"))), max_size=3)

initiatives = st.lists(
    st.fixed_dictionaries(
        {"title": text},
        optional={
            "summary": text,
            "kind": st.sampled_from(("proposal", "plan", "programme", "policy", "measure")),
            "status": st.sampled_from(("announced", "in_progress", "achieved", "abandoned")),
            "progress": st.integers(0, 100),
            "confidence": st.sampled_from(("green", "amber", "red")),
            "deadline": st.sampled_from(("2026-12-31", "2025-06-30", "2028", "Q1 2027", "2026-11")),
            "announced": st.sampled_from(("2024-05-01", "2026-02", "2025")),
            "tags": names,
            "jurisdictions": names,
            "sponsors": names,
            "source": st.sampled_from(("https://example.org/a", "https://x.org/中")),
        },
    ),
    min_size=0,
    max_size=7,
)

LIST_FILTERS = [
    ListFilters(),
    ListFilters(sort="title"),
    ListFilters(sort="updated"),
    ListFilters(sort="status", limit=3),
    ListFilters(healths=["overdue", "no_deadline"]),
]


def build(t: Tracker, items: list[dict[str, Any]], steps: list[int]) -> None:
    """Add ``items``, then for each of ``steps`` an update, a parent, a link or a
    retraction, so every kind of stored row appears."""
    added = [t.add(NewInitiative(**fields)) for fields in items]
    for n, step in enumerate(steps):
        if not added:
            return
        index = step % len(added)
        slug = added[index].slug
        other = added[(step + 1) % len(added)].slug
        kind = (step + n) % 5
        if kind == 0:
            t.update(slug, UpdateRequest(deadline="2029", progress=step * 10, status="stalled"))
        elif kind == 1 and index > 0:  # a parent added before it: never a cycle
            t.edit(slug, EditRequest(parent=added[index // 2].slug))
        elif kind == 2 and slug != other:
            t.link(slug, "depends-on", other)
        elif kind == 3:
            result = t.update(slug, UpdateRequest(confidence="amber_red", note=f"<{step}>"))
            if result.entry is not None:
                t.retract(result.entry.uuid, "wrong")
        else:
            t.update(slug, UpdateRequest(status="achieved", progress=100))


def written(renderer: type[JsonRenderer | CsvRenderer], fast: bool, t: Tracker, f: Any) -> str:
    out = io.StringIO()
    shown = renderer(out, False)
    if fast:
        shown.initiative_rows(t.each_row(f), t.today)
    else:
        shown.initiatives(t.each(f), t.today)
    return out.getvalue()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(items=initiatives, steps=st.lists(st.integers(0, 9), max_size=8))
def test_rows_write_the_same_bytes(items: list[dict[str, Any]], steps: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for today in (TODAY, date(2025, 1, 1), date(2029, 6, 1)):
            with Tracker.open(Path(folder) / "t.db", today=today) as t:
                if today == TODAY:
                    build(t, items, steps)
                for f in LIST_FILTERS:
                    for renderer in (JsonRenderer, CsvRenderer):
                        assert written(renderer, True, t, f) == written(renderer, False, t, f)


def test_the_command_writes_from_rows(seeded: Path) -> None:
    """``tracker list`` itself: the same text as the slow writers, small chunks too."""
    ok("add", "=cmd", "--tag", "b", "--tag", "A", "--deadline", "2020")
    with Tracker.open(seeded) as t:
        for fmt, renderer in (("json", JsonRenderer), ("csv", CsvRenderer)):
            slow = written(renderer, False, t, ListFilters())
            # the test runner reads the output as text (universal newlines)
            assert ok("list", "--format", fmt) == slow.replace("\r\n", "\n")
            out = io.StringIO()
            renderer(out, False).initiative_rows(t.each_row(chunk=2), t.today)
            assert out.getvalue() == slow
        assert written(JsonRenderer, True, t, ListFilters(tags=["nothing-has-this"])) == "[]\n"
