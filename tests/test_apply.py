"""tracker apply: JSON Lines of updates, checked whole, applied in one transaction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import dump, ok, run


def write(tmp_path: Path, *lines: object, name: str = "updates.jsonl") -> str:
    path = tmp_path / name
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return str(path)


def history(slug: str) -> list[dict]:
    return json.loads(ok("history", slug, "-f", "json"))


def test_applies_in_order_and_a_rerun_records_nothing(seeded: Path, tmp_path) -> None:
    path = write(
        tmp_path,
        {
            "initiative": "bridging-programme",
            "status": "in_progress",
            "progress": 30,
            "ref": "polyu-1",
            "source": "https://www.polyu.edu.hk/",
            "on": "2026-11-01",
        },
        {"initiative": "bridging-programme", "status": "achieved", "if_status": "in_progress"},
        {"initiative": "fintech-hub-action-plan", "deadline": "H1 2028", "note": "moved"},
        {"initiative": "bridging-programme", "progress": 30},  # no change: remembered
    )
    out = ok("apply", path)
    assert out == "applied 3 updates; 1 unchanged, 0 already applied (ref); 4 lines\n"
    assert [e["changes"].get("status") for e in history("bridging-programme")[1:]] == [
        {"from": "announced", "to": "in_progress"},
        {"from": "in_progress", "to": "achieved"},
    ]
    before = dump(seeded)
    assert ok("apply", path) == (
        "applied 0 updates; 0 unchanged, 4 already applied (ref); 4 lines\n"
    )
    assert dump(seeded) == before


def test_a_line_without_ref_gets_one_from_its_content(seeded: Path, tmp_path) -> None:
    line = {"initiative": "offshore-rmb-centre", "note": "Raised again at the NPC"}
    ok("apply", write(tmp_path, line))
    ok("apply", write(tmp_path, line))
    entries = history("offshore-rmb-centre")
    assert len(entries) == 2 and entries[1]["ref"].startswith("auto:")
    ok("apply", write(tmp_path, {**line, "note": "Raised once more"}))
    assert len(history("offshore-rmb-centre")) == 3


def test_the_same_line_a_week_later_records_again(
    seeded: Path, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A weekly "checked, no news" line (no on, no ref): once per day, again next week."""
    line = {"initiative": "offshore-rmb-centre", "note": "Checked: no news"}
    path = write(tmp_path, line)
    assert ok("apply", path).startswith("applied 1 update;")
    assert ok("apply", path).startswith("applied 0 updates; 0 unchanged, 1 already applied")
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-29")
    assert ok("apply", path).startswith("applied 1 update;")
    assert ok("apply", path).startswith("applied 0 updates; 0 unchanged, 1 already applied")
    entries = history("offshore-rmb-centre")
    assert [(e["effective"], e["note"]) for e in entries[1:]] == [
        ("2026-11-22", "Checked: no news"),
        ("2026-11-29", "Checked: no news"),
    ]
    assert entries[1]["ref"] != entries[2]["ref"]
    assert all(len(e["ref"]) == 25 and e["ref"].startswith("auto:") for e in entries[1:])


def test_an_auto_ref_keys_on_the_day_the_line_takes_effect(
    seeded: Path, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ``on``, the day is the line's own: a later run of it is still a duplicate;
    the same day written another way is the same line."""
    line = {"initiative": "offshore-rmb-centre", "note": "Raised", "on": "2026-11-20"}
    ok("apply", write(tmp_path, line))
    monkeypatch.setenv("TRACKER_TODAY", "2026-11-29")
    assert "1 already applied" in ok("apply", write(tmp_path, line))
    assert "1 already applied" in ok("apply", write(tmp_path, {**line, "on": "20 Nov 2026"}))
    assert "applied 1 update;" in ok("apply", write(tmp_path, {**line, "on": "2026-11-21"}))
    assert len(history("offshore-rmb-centre")) == 3


def test_an_unchanged_ref_stays_applied_after_the_state_moves(seeded: Path, tmp_path) -> None:
    ok("update", "bridging-programme", "--progress", "40")
    path = write(tmp_path, {"initiative": "bridging-programme", "progress": 40, "ref": "k1"})
    assert "1 unchanged" in ok("apply", path)
    ok("update", "bridging-programme", "--progress", "60")
    assert "1 already applied" in ok("apply", path)
    assert json.loads(ok("show", "bridging-programme", "-f", "json"))["progress"] == 60
    # tracker update with the same key agrees
    assert ok("update", "bridging-programme", "--progress", "40", "--ref", "k1") == (
        "bridging-programme: ref was already applied (it changed nothing then); nothing recorded\n"
    )


def test_one_bad_line_in_a_thousand_changes_nothing(seeded: Path, tmp_path) -> None:
    lines: list[object] = [
        {"initiative": "offshore-rmb-centre", "progress": n % 101, "ref": f"r{n}"}
        for n in range(1000)
    ]
    lines[499] = {"initiative": "offshore-rmb-centre", "progress": 101, "ref": "bad"}
    before = dump(seeded)
    result = run("apply", write(tmp_path, *lines))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "line 500: progress must be between 0 and 100, not 101\n"
        "error: 1 bad line of 1000; nothing was applied\n"
    )
    assert dump(seeded) == before


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{bad", "not valid JSON (Expecting property name enclosed in double quotes)"),
        ('{"initiative": "bridging-programme"', "not valid JSON (Expecting ',' delimiter)"),
        ("[1, 2]", "a line must be a JSON object, not list"),
        ('"text"', "a line must be a JSON object, not str"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON: nested too deeply"),
        ({"status": "achieved"}, "missing key 'initiative' (an id, slug or uuid prefix)"),
        ({"initiative": "nope", "note": "x"}, "no initiative matches 'nope'"),
        (
            {"initiative": "bridging-programme", "colour": "red"},
            "unknown key 'colour'; the keys are initiative, status, progress, confidence,"
            " confidence_note, deadline, note, source, quote, on, ref, if_status, by",
        ),
        (
            {"initiative": "bridging-programme", "progress": "50"},
            "'progress' must be an integer 0-100, not \"50\"",
        ),
        (
            {"initiative": "bridging-programme", "progress": True},
            "'progress' must be an integer 0-100, not true",
        ),
        ({"initiative": "bridging-programme", "note": 5}, "'note' must be a string, not 5"),
        (
            {"initiative": "bridging-programme", "status": "done"},
            "unknown status 'done'; choose from proposed, announced, in_progress, achieved,"
            " stalled, abandoned, superseded",
        ),
        (
            {"initiative": "bridging-programme", "deadline": "soon"},
            '--deadline: cannot read date "soon": "soon" is too vague to place on a calendar',
        ),
        (
            {"initiative": "bridging-programme", "on": "2030-01-01", "note": "x"},
            "--on '2030-01-01' is in the future (2030-01-01)",
        ),
        (
            {"initiative": "bridging-programme"},
            "nothing to update: give at least one of --status, --progress, --confidence,"
            " --deadline, --note or --source",
        ),
        (
            {"initiative": "bridging-programme", "status": "achieved", "if_status": "stalled"},
            "bridging-programme is announced, not stalled; update not applied",
        ),
        ({"initiative": "bridging-programme", "note": "a\x00b"}, "note contains a NUL byte"),
        ({"initiative": "\ud800"}, "initiative is not valid UTF-8 text"),
        (
            {"initiative": "bridging-programme", "note": "lone \udc80"},
            "note is not valid UTF-8 text",
        ),
    ],
)
def test_bad_lines_are_named_and_nothing_changes(
    seeded: Path, tmp_path, line: object, reason: str
) -> None:
    before = dump(seeded)
    good = {"initiative": "offshore-rmb-centre", "note": "fine"}
    result = run("apply", write(tmp_path, good, line, good))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"line 2: {reason}\nerror: 1 bad line of 3; nothing was applied\n"
    assert dump(seeded) == before


def test_every_bad_line_is_listed(seeded: Path, tmp_path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"initiative": "x1", "note": "a"}\n\n\xff\xfe\n{"initiative": "x2"}\n')
    result = run("apply", str(path))
    assert result.stderr == (
        "line 1: no initiative matches 'x1'\n"
        "line 3: not valid UTF-8\n"
        "line 4: nothing to update: give at least one of --status, --progress, --confidence,"
        " --deadline, --note or --source\n"
        "error: 3 bad lines of 3; nothing was applied\n"
    )


def test_compare_and_set_sees_earlier_lines(seeded: Path, tmp_path) -> None:
    path = write(
        tmp_path,
        {"initiative": "bridging-programme", "status": "stalled", "if_status": "announced"},
        {"initiative": "bridging-programme", "status": "achieved", "if_status": "announced"},
    )
    result = run("apply", path)
    assert result.stderr.startswith(
        "line 2: bridging-programme is stalled, not announced; update not applied\n"
    )


def test_dry_run_says_what_would_change_and_keeps_nothing(seeded: Path, tmp_path) -> None:
    before = dump(seeded)
    path = write(
        tmp_path,
        {"initiative": "bridging-programme", "status": "in_progress", "progress": 30},
        {"initiative": "bridging-programme", "progress": 30},
    )
    assert ok("apply", path, "--dry-run") == (
        "line 1: bridging-programme: status announced -> in_progress; progress 30%\n"
        "would apply 1 update; 1 unchanged, 0 already applied (ref); 2 lines\n"
    )
    assert dump(seeded) == before


def test_json_summary_quiet_and_stdin(seeded: Path, tmp_path) -> None:
    line = json.dumps({"initiative": "bridging-programme", "progress": 10}) + "\n"
    data = json.loads(run("apply", "-", "-f", "json", input=line).stdout)
    assert data == {
        "lines": 1,
        "applied": 1,
        "would_apply": 1,
        "unchanged": 0,
        "duplicates": 0,
        "errors": [],
        "error_count": 0,
        "dry_run": False,
    }
    result = run(
        "apply", write(tmp_path, {"initiative": "bridging-programme", "progress": 20}), "--quiet"
    )
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_missing_file_is_exit_1(seeded: Path, tmp_path) -> None:
    result = run("apply", str(tmp_path / "missing.jsonl"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: cannot read {tmp_path / 'missing.jsonl'}: No such file or directory\n"
    )


def _state(path: Path) -> tuple[list, list]:
    """Initiatives and history rows, without the values that differ between runs (and
    refs: apply gives a line without one an auto: ref)."""
    import sqlite3

    conn = sqlite3.connect(path)
    initiatives = conn.execute(
        "SELECT slug, status, progress, confidence, deadline_text, deadline_earliest,"
        " deadline_latest, deadline_precision, baseline_text, baseline_latest FROM initiatives"
        " ORDER BY id"
    ).fetchall()
    entries = conn.execute(
        "SELECT initiative_id, effective, event, status_from, status_to, progress_from,"
        " progress_to, confidence_from, confidence_to, deadline_from, deadline_to, note"
        " FROM updates ORDER BY id"
    ).fetchall()
    return initiatives, entries


@pytest.mark.parametrize("batch", [1, 2, 2000])
def test_a_batch_ends_where_the_same_updates_one_by_one_end(
    isolated: Path, tmp_path, monkeypatch, batch: int
) -> None:
    """apply writes each initiative's row once, at the end; every line in between must
    see the state the earlier lines left, as one `tracker update` after another would
    (apply reads a batch's states at once, and again for an initiative a line of the
    batch has written: updates.BATCH)."""
    from tracker.ops import updates

    monkeypatch.setattr(updates, "BATCH", batch)
    lines = [
        {"initiative": "bridging-programme", "status": "in_progress", "progress": 10},
        {"initiative": "bridging-programme", "progress": 10},  # unchanged now
        {"initiative": "bridging-programme", "status": "stalled", "if_status": "in_progress"},
        {"initiative": "fintech-hub-action-plan", "deadline": "H1 2028"},
        {"initiative": "fintech-hub-action-plan", "deadline": "Q3 2028", "confidence": "amber"},
        {"initiative": "fintech-hub-action-plan", "deadline": "2026", "on": "2026-01-10"},
        {"initiative": "fintech-hub-action-plan", "progress": 40, "on": "2026-03-01"},
        {"initiative": "bridging-programme", "progress": 5, "on": "2026-02-01", "ref": "old"},
        {"initiative": "bridging-programme", "status": "in_progress", "if_status": "stalled"},
        {"initiative": "offshore-rmb-centre", "note": "no change but a note"},
        {"initiative": "offshore-rmb-centre", "deadline": "2027"},  # its first: the baseline
        {"initiative": "offshore-rmb-centre", "deadline": "2028"},  # a slip, not a baseline
        {"initiative": "fintech-hub-action-plan", "deadline": "Q3 2028"},  # now unchanged
    ]
    path = write(tmp_path, *lines)
    states = []
    for name in ("batch", "one-by-one"):
        monkeypatch.setenv("TRACKER_DB", str(tmp_path / f"{name}.db"))
        ok("init", "--seed")
        if name == "batch":
            ok("apply", path)
        else:
            for line in lines:
                args = ["update", line["initiative"]]
                for key, value in line.items():
                    if key != "initiative":
                        args += [f"--{key.replace('_', '-')}", str(value)]
                ok(*args)
        states.append(_state(tmp_path / f"{name}.db"))
    assert states[0] == states[1]
    initiatives = {row[0]: row for row in states[0][0]}
    assert initiatives["bridging-programme"][1:3] == ("in_progress", 10)
    assert initiatives["fintech-hub-action-plan"][4] == "Q3 2028"
    assert initiatives["offshore-rmb-centre"][4:] == (
        "2028",
        "2028-01-01",
        "2028-12-31",
        "year",
        "2027",
        "2027-12-31",
    )


@pytest.mark.parametrize(("seed", "batch"), [(0, 2000), (1, 2000), (2, 2000), (0, 3)])
def test_backdated_lines_leave_the_fields_a_fresh_replay_gives(
    seeded: Path, tmp_path, seed: int, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backdated line replays the history read once, with its own entry put in its
    place (in apply_update): the stored fields must be those a replay of the history read
    again gives, line after line on the same initiatives and days."""
    import random
    import sqlite3

    from tracker.ops import history as history_ops
    from tracker.ops import updates

    monkeypatch.setattr(updates, "BATCH", batch)
    rng = random.Random(seed)
    ok("add", "Made today", "--slug", "today-1", "--deadline", "2027")  # created after each line
    ok("add", "Made today too", "--slug", "today-2")
    slugs = [item["slug"] for item in json.loads(ok("list", "-f", "json"))]
    lines = []
    for n in range(60):
        line: dict[str, object] = {
            "initiative": rng.choice([*slugs[:3], "today-1", "today-2"]),
            "on": f"2026-{rng.randint(1, 10):02d}-{rng.choice([1, 15, 15, 28]):02d}",
            "ref": f"r{n}",
        }
        roll = rng.randrange(4)
        if roll == 0:
            line["progress"] = rng.randint(0, 100)
        elif roll == 1:
            line["status"] = rng.choice(["in_progress", "stalled", "announced"])
        elif roll == 2:
            line["deadline"] = rng.choice(["2027-06-30", "Q3 2027", "2028"])
        else:
            line["confidence"] = rng.choice(["amber", "green"])
        lines.append(line)
    ok("apply", write(tmp_path, *lines))
    conn = sqlite3.connect(seeded, isolation_level=None)
    conn.row_factory = sqlite3.Row
    ids = [row[0] for row in conn.execute("SELECT id FROM initiatives")]
    assert not any(history_ops.refresh_current(None, conn, i) for i in ids)
    assert run("check").exit_code == 0


def test_automatic_refs_are_those_earlier_trackers_gave(seeded: Path, tmp_path) -> None:
    """A file applied again must find the refs an earlier run stored: these are the
    values tracker gave these lines before apply checked refs a batch at a time."""
    import sqlite3

    ok(
        "apply",
        write(
            tmp_path,
            {"initiative": "offshore-rmb-centre", "note": "Raised at the NPC"},
            {
                "initiative": "offshore-rmb-centre",
                "note": "北部都会区 «ünïcode»",
                "on": "20 Nov 2026",
            },
            {"initiative": "bridging-programme", "progress": 35, "on": "2026-11-01"},
            {"initiative": "1", "note": "by id", "on": "yesterday"},
        ),
    )
    conn = sqlite3.connect(seeded)
    refs = conn.execute(
        "SELECT effective, ref FROM updates WHERE ref IS NOT NULL ORDER BY id"
    ).fetchall()
    assert refs == [
        ("2026-11-22", "auto:b8f6fbd814ad2a554080"),
        ("2026-11-20", "auto:b3a4206623a254a53437"),
        ("2026-11-01", "auto:d26ed647ebce85307218"),
        ("2026-11-21", "auto:5bf3c285dd763306b405"),
    ]


def _rerun_lines() -> list[object]:
    """Lines of every kind apply meets again: own refs, automatic ones (with and
    without a day, the day written two ways), an id for a REF, a ref applied while it
    changed nothing, the same ref twice in a file, unicode."""
    return [
        {"initiative": "bridging-programme", "progress": 30, "ref": "k1"},
        {"initiative": "bridging-programme", "progress": 30, "ref": "k2"},  # unchanged
        {"initiative": "offshore-rmb-centre", "note": "Raised"},
        {"initiative": "offshore-rmb-centre", "note": "Raised", "on": "2026-11-20"},
        {"initiative": "offshore-rmb-centre", "note": "Raised", "on": "20 Nov 2026"},
        {"initiative": "1", "note": "by id ü 北部", "on": "yesterday"},
        {"initiative": "fintech-hub-action-plan", "deadline": "H1 2028", "ref": "k1"},
        {"initiative": "fintech-hub-action-plan", "deadline": "Q3 2028", "ref": "k1"},
        {"initiative": "fintech-hub-action-plan", "confidence": "amber", "ref": "k3"},
    ]


def _outcomes(path: str) -> tuple[tuple[int, str, str], ...]:
    return tuple(
        (result.exit_code, result.stdout, result.stderr)
        for result in (run("apply", path), run("apply", path, "-f", "json"))
    )


@pytest.mark.parametrize("batch", [1, 2, 3, 2000])
def test_a_rerun_skips_what_one_line_at_a_time_skips(
    isolated: Path, tmp_path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """apply finds a batch's refs already applied in one query before reading its lines
    further (updates._applied_before); the outcome, with new, old and bad lines
    mixed, is the one the line by line check (no refs found ahead) gives."""
    import shutil

    from tracker.ops import updates

    monkeypatch.setattr(updates, "BATCH", batch)
    old = _rerun_lines()
    ok("init", "--seed")
    ok("apply", write(tmp_path, *old, name="old.jsonl"))
    shutil.copy(isolated, tmp_path / "reference.db")
    files = {
        "again": write(tmp_path, *old, name="again.jsonl"),
        "bad": write(
            tmp_path,
            *old[:4],
            "{bad",
            {"initiative": "nope", "note": "x", "ref": "k1"},
            *old[4:],
            name="bad.jsonl",
        ),
        "mixed": write(
            tmp_path,
            {"initiative": "bridging-programme", "progress": 50, "ref": "k4"},
            *old,
            {"initiative": "offshore-rmb-centre", "note": "Raised", "on": "2026-11-21"},
            {"initiative": "bridging-programme", "progress": 50, "ref": "k4"},
            name="mixed.jsonl",
        ),
    }
    before = dump(isolated)
    read = updates.parse_update
    parsed: list[object] = []
    monkeypatch.setattr(updates, "parse_update", lambda *args: parsed.append(args) or read(*args))
    assert _outcomes(files["again"])[0] == (
        0,
        "applied 0 updates; 0 unchanged, 9 already applied (ref); 9 lines\n",
        "",
    )
    assert [a[1] for a in parsed] == []  # no line of a file applied again is read past its ref
    found = {name: _outcomes(path) for name, path in files.items() if name != "mixed"}
    assert dump(isolated) == before
    found["mixed"] = _outcomes(files["mixed"])
    mixed = _state(isolated)
    monkeypatch.setattr(updates, "_applied_before", lambda *args: {})
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "reference.db"))
    reference = {name: _outcomes(path) for name, path in files.items()}
    assert found == reference
    assert mixed == _state(tmp_path / "reference.db")
    assert found["mixed"][0][1] == (
        "applied 2 updates; 0 unchanged, 10 already applied (ref); 12 lines\n"
    )


@pytest.mark.parametrize("floor", [0, 10_000])
def test_entries_get_the_clocks_one_update_at_a_time_gives(
    seeded: Path, tmp_path, floor: int
) -> None:
    """apply reads the next clock once and counts on (updates.Clocks): each entry must
    get what repository.NEXT_CLOCK gives it written alone, above the replica's floor."""
    import sqlite3

    from tracker.storage import repository as repo

    conn = sqlite3.connect(seeded, isolation_level=None)
    conn.execute("UPDATE replica SET lamport = ?", [floor])
    top = conn.execute(f"SELECT {repo.NEXT_CLOCK}").fetchone()[0]
    slugs = [item["slug"] for item in json.loads(ok("list", "-f", "json"))][:3]
    lines = [
        {"initiative": slug, "progress": n, "on": f"2026-0{1 + n % 9}-01"}
        for n, slug in enumerate(slugs * 3)
    ]
    ok("apply", write(tmp_path, *lines))
    clocks = [row[0] for row in conn.execute("SELECT clock FROM updates WHERE event = 'update'")]
    assert clocks == list(range(top, top + len(lines)))
    assert conn.execute(f"SELECT {repo.NEXT_CLOCK}").fetchone()[0] == top + len(lines)
