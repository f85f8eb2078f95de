"""Programmes and their children (issue 15, "Roll-ups"): a parent shows what its
descendants add up to, is not stale while they move, and scopes lists and reports."""

from __future__ import annotations

import json

from helpers import ok, run


def _programme() -> None:
    """A programme (2025) with two children, one of which has a child of its own."""
    ok("add", "Northern Metropolis programme", "--slug", "nm", "--announced", "2025-01-06")
    ok("add", "Land supply", "--slug", "nm-land", "--parent", "nm", "--announced", "2025-01-06")
    ok("add", "Talent hub", "--slug", "nm-talent", "--parent", "nm", "--announced", "2025-01-06")
    ok(
        "add", "University town", "--slug", "nm-uni", "--parent", "nm-land",
        "--deadline", "2026-06-30", "--announced", "2025-01-06",
    )  # fmt: skip
    ok("add", "Unrelated", "--slug", "other", "--announced", "2025-01-06")


def _json(*args: str) -> dict[str, object]:
    return dict(json.loads(ok(*args, "--format", "json")))


def test_a_parent_shows_its_descendants_count_progress_worst_health_and_activity() -> None:
    _programme()
    ok("update", "nm-land", "--progress", "40", "--on", "2026-10-01")
    ok("update", "nm-talent", "--status", "achieved", "--on", "2026-11-02")
    # the grandchild is overdue (its deadline passed) and has no progress: 0
    assert _json("show", "nm")["rollup"] == {
        "children": 2,
        "descendants": 3,
        "progress": 47,  # (40 + 100 + 0) / 3: achieved without a figure counts as 100
        "worst_health": "overdue",
        "latest_activity": "2026-11-02",
    }
    assert _json("show", "nm-talent")["rollup"] is None  # no children, no roll-up
    shown = ok("show", "nm")
    assert (
        "2 children, 3 in all · progress 47% · worst health overdue"
        " · latest activity 2026-11-02" in shown
    )


def test_abandoned_children_count_but_not_in_the_mean() -> None:
    _programme()
    ok("update", "nm-land", "--progress", "60", "--on", "2026-10-01")
    ok("update", "nm-talent", "--status", "abandoned", "--on", "2026-10-02")
    rollup = _json("show", "nm")["rollup"]
    assert rollup == {
        "children": 2,
        "descendants": 3,
        "progress": 30,  # (60 + 0) / 2: the abandoned child is left out
        "worst_health": "overdue",
        "latest_activity": "2026-10-02",
    }


def test_list_and_report_take_a_parent_and_everything_below_it() -> None:
    _programme()
    listed = json.loads(ok("list", "--parent", "nm", "--format", "json", "--sort", "title"))
    assert [item["slug"] for item in listed] == ["nm-land", "nm", "nm-talent", "nm-uni"]
    below = json.loads(ok("list", "--parent", "nm-land", "--format", "json"))
    assert [item["slug"] for item in below] == ["nm-uni", "nm-land"]
    report = _json("report", "--parent", "nm-land", "--as-of", "2026-11-22")
    assert report["filters"] == {
        "status": [],
        "tag": [],
        "jurisdiction": [],
        "sponsor": [],
        "search": None,
        "parent": "nm-land",
    }
    assert sorted(item["slug"] for item in report["initiatives"]) == ["nm-land", "nm-uni"]
    assert "Filtered: within nm-land" in ok("report", "--parent", "nm-land")


def test_an_unknown_parent_is_refused_and_changes_nothing() -> None:
    _programme()
    for command in ("list", "report"):
        result = run(command, "--parent", "no-such-programme")
        assert (result.exit_code, result.stdout) == (2, "")
        assert result.stderr.startswith("error: ")
        assert result.stderr.count("\n") == 1


def test_a_programme_whose_children_move_is_not_stale() -> None:
    _programme()

    def stale(as_of: str) -> list[str]:
        report = _json("report", "--as-of", as_of)
        return sorted(item["slug"] for item in report["stale"])  # type: ignore[union-attr]

    # on 2026-11-22 nothing has moved since January 2025: all five are stale
    assert stale("2026-11-22") == ["nm", "nm-land", "nm-talent", "nm-uni", "other"]
    ok("update", "nm-uni", "--progress", "10", "--on", "2026-11-01")
    # the grandchild moved: it, its parent and the programme are not stale; the quiet
    # sibling still is, and so is the unrelated initiative
    assert stale("2026-11-22") == ["nm-talent", "other"]
    # as of a day before the grandchild moved, the programme was stale
    assert stale("2026-10-31") == ["nm", "nm-land", "nm-talent", "nm-uni", "other"]
