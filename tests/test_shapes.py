"""One definition of each JSON shape (Initiative.to_dict, export_dict and
report_entry_dict), and the fast texts built apart from it proven byte-equal: the
report's entries, which SQLite writes (report_queries ``_ENTRY``) and
``Figures.json_suffix`` closes, as stored and as replayed to an earlier day, on
generated initiatives (odd titles and names included)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.api import NewInitiative, ReportRequest, Tracker, UpdateRequest, export_record
from tracker.domain import shapes

TODAY = date(2026, 11, 1)

text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\x00;", max_codepoint=0x2FFFF
    ),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip())

initiatives = st.lists(
    st.fixed_dictionaries(
        {"title": text},
        optional={
            "status": st.sampled_from(("announced", "in_progress", "achieved", "stalled")),
            "progress": st.integers(0, 100),
            "confidence": st.sampled_from(("green", "amber_green", "amber", "amber_red", "red")),
            "confidence_note": text,
            "deadline": st.sampled_from(("2026-12-31", "2025-06-30", "2028", "Q1 2027")),
            "announced": st.sampled_from(("2024-05-01", "2026-02-10")),
            "tags": st.lists(text, max_size=3),
            "jurisdictions": st.lists(text, max_size=2),
            "sponsors": st.lists(text, max_size=2),
        },
    ),
    min_size=1,
    max_size=6,
).map(lambda items: [_with_level(fields) for fields in items])


def _with_level(fields: dict[str, Any]) -> dict[str, Any]:
    """A rationale comes with its level."""
    if "confidence_note" in fields and "confidence" not in fields:
        return {**fields, "confidence": "amber_red"}
    return fields


def _expected(item: Any) -> str:
    f = item.figures
    return shapes.compact_json(
        item.initiative.report_entry_dict(
            health=str(f.health),
            days_overdue=f.days_overdue,
            days_left=f.days_left,
            days_slipped=f.days_slipped,
            last_update=f.last_update,
            days_since_update=f.days_since_update,
        )
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(items=initiatives, moved=st.lists(st.integers(0, 5), max_size=4))
def test_report_entries_are_the_shape_byte_for_byte(
    items: list[dict[str, Any]], moved: list[int]
) -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        Tracker.open(Path(folder) / "t.db", today=TODAY) as t,
    ):
        added = [t.add(NewInitiative(**fields)) for fields in items]
        if len(added) > 1:
            t.edit(added[1].slug, _parent(added[0].slug))
        for n in moved:  # later entries: a report for an earlier day replays them
            slug = added[n % len(added)].slug
            t.update(slug, UpdateRequest(deadline="2029", progress=n * 10, status="stalled"))
            if n % 2:  # a later level and rationale: an earlier day replays the first
                t.update(slug, UpdateRequest(confidence="red", confidence_note=f'<"{n}">'))
        for as_of in (TODAY.isoformat(), "2026-06-01"):
            report = t.report(ReportRequest(as_of=as_of), materialise=None)
            assert report.all_items is not None
            for item in report.all_items:
                assert report.entry(item.initiative.id) == _expected(item)


def _parent(slug: str) -> Any:
    from tracker.api import EditRequest

    return EditRequest(parent=slug)


def test_records_use_the_shapes(tmp_path: Path) -> None:
    with Tracker.open(tmp_path / "t.db", today=TODAY) as t:
        t.add(NewInitiative(title="Parent", deadline="2027", tags=["b", "A"], announced="2026"))
        t.add(NewInitiative(title="Child", parent="parent", source="https://x.org/a"))
        detail = t.show("child")
        parent = t.resolve("parent")
        records = {record["slug"]: record for record in t.export()}
        assert records["child"] == detail.initiative.export_dict(
            parent.uuid, detail.sources, detail.history, []
        )
        assert (
            export_record(detail.initiative, parent.uuid, detail.sources, detail.history, [])
            == records["child"]
        )
        assert list(records["parent"]) == list(parent.export_dict(None, [], [], []))
        entry = parent.report_entry_dict(
            health="on_track",
            days_overdue=None,
            days_left=1,
            days_slipped=None,
            last_update=TODAY,
            days_since_update=0,
        )
        assert list(entry) == [*shapes.REPORT_STORED_KEYS, *shapes.REPORT_COMPUTED_KEYS]


def test_the_key_lists_are_the_shapes_keys(tmp_path: Path) -> None:
    """exchange, the CSV renderer and the import's first pass read their keys from
    shapes: an export record has exactly EXPORT_KEYS, a CSV list exactly CSV_COLUMNS."""
    import csv
    import io

    from tracker import exchange
    from tracker.ops import importing
    from tracker.renderers.csv import CsvRenderer

    with Tracker.open(tmp_path / "t.db", today=TODAY) as t:
        t.add(NewInitiative(title="One", deadline="2027", tags=["a"], announced="2026"))
        (record,) = t.export()
        items = t.list()
    assert tuple(record) == shapes.EXPORT_KEYS
    # an import record has the export's keys, and a sync row's evidence besides
    assert exchange.RECORD_KEYS == shapes.EXPORT_KEYS + shapes.SYNC_KEYS + shapes.IGNORED_KEYS
    assert sorted(importing.RECORD_KEY_KINDS) == sorted(exchange.RECORD_KEYS)
    assert {k for k, kind in importing.RECORD_KEY_KINDS.items() if kind == "names"} == {
        "tags",
        "jurisdictions",
        "sponsors",
    }
    out = io.StringIO()
    CsvRenderer(out).initiatives(items, TODAY)
    header = next(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(header) == shapes.CSV_COLUMNS
