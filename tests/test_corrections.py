"""retract, amend and undo (issue 12): corrections are entries; nothing is deleted, and
a retracted entry counts nowhere, exactly as if it had never been made."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from helpers import AUTHOR, HISTORY_KEYS, dump, ok, run

SLUG = "bridging-programme"
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?")
_ICS_STAMP = re.compile(r"\d{8}T\d{6}Z")


def _masked(text: str) -> str:
    return _ICS_STAMP.sub("STAMP", _STAMP.sub("STAMP", _UUID.sub("UUID", text)))


def _history(slug: str = SLUG) -> list[dict]:
    return json.loads(ok("history", slug, "--format", "json"))


def _uuid_of(note: str, slug: str = SLUG) -> str:
    [entry] = [e for e in _history(slug) if e["note"] == note]
    return entry["uuid"]


def _status(slug: str = SLUG) -> tuple:
    item = json.loads(ok("show", slug, "--format", "json"))
    deadline = item["deadline"]["text"] if item["deadline"] else None
    return item["status"], item["progress"], item["confidence"], deadline


def _record(db: Path, wrong: bool) -> None:
    """The same updates on ``db``, with or without a wrong one (later retracted)."""
    ok("--db", str(db), "init", "--seed", "-q")
    ok("--db", str(db), "update", SLUG, "--status", "in_progress", "--on", "2026-11-10")
    ok(
        "--db",
        str(db),
        "update",
        "fintech-hub-action-plan",
        "--progress",
        "20",
        "--on",
        "2026-11-18",
    )
    if wrong:
        ok(
            "--db", str(db), "update", SLUG, "--status", "stalled", "--deadline", "2029",
            "--on", "2026-11-15", "--note", "wrong initiative",
        )  # fmt: skip
    ok("--db", str(db), "update", SLUG, "--progress", "40", "--confidence", "amber", "--note", "n")


_DOCUMENTS = [
    ("report", "--format", "json"),
    ("report",),
    ("report", "--format", "markdown"),
    ("report", "--as-of", "2026-11-16", "--format", "json"),
    ("report", "--as-of", "2026-11-16", "--since", "2026-11-14", "--format", "json"),
    ("report", "--as-of", "2026-11-12", "--since", "2026-11-01", "--format", "json"),
    ("report", "--as-of", "2026-11-30"),
    ("report", "--format", "csv"),
    ("list", "--format", "json"),
    ("feed",),
    ("calendar",),
]


def test_a_retracted_update_counts_as_if_it_had_never_been_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_it, without = tmp_path / "with.db", tmp_path / "without.db"
    _record(with_it, wrong=True)
    _record(without, wrong=False)
    before = [ok("--db", str(with_it), *args) for args in _DOCUMENTS]
    wrong = [e for e in json.loads(ok("--db", str(with_it), "history", SLUG, "--format", "json"))][
        2
    ]
    assert (wrong["note"], wrong["changes"]["status"]["to"]) == ("wrong initiative", "stalled")
    ok("--db", str(with_it), "retract", wrong["uuid"][:13], "--reason", "not ours", "--by", "bo")
    for args, earlier in zip(_DOCUMENTS, before, strict=True):
        made = _masked(ok("--db", str(with_it), *args))
        assert made == _masked(ok("--db", str(without), *args)), args
        # Before the wrong update's day, and in the calendar (its deadline was not the
        # current one: a later update set another), it made no difference anyway.
        if args[0] != "calendar" and "2026-11-12" not in args:
            assert made != _masked(earlier), args
    # The history keeps it, marked: who retracted it, when and why.
    history = json.loads(ok("--db", str(with_it), "history", SLUG, "--format", "json"))
    assert [e["event"] for e in history] == ["created", "update", "update", "update", "retract"]
    assert history[2]["uuid"] == wrong["uuid"]
    assert history[2]["retracted"] == {
        "uuid": history[4]["uuid"],
        "by": "bo",
        "at": history[4]["recorded_at"],
        "reason": "not ours",
    }
    assert (history[4]["target"], history[4]["note"], history[4]["changes"]) == (
        wrong["uuid"],
        "not ours",
        {},
    )
    assert [e["retracted"] for e in history if e["event"] != "update"] == [None, None]
    monkeypatch.setenv("COLUMNS", "300")  # no wrapping: a note's lines, one per line
    lines = ok("--db", str(with_it), "history", SLUG).splitlines()
    day, short = history[4]["recorded_at"][:10], lines[-1].split()[0]
    [at] = [
        n
        for n, line in enumerate(lines)
        if line[:1] != " " and wrong["uuid"].startswith(line.split()[0])
    ]
    row = lines[at]
    assert row.rstrip().endswith("wrong initiative")
    assert lines[at + 1].strip() == f"RETRACTED by bo on {day} (entry {short}): not ours"
    assert lines[-1].split()[1:6] == [
        "2026-11-22",
        "retract",
        "bo",
        "retracts",
        row.split()[0],
    ]


def test_retract_prints_the_new_entry(seeded: Path) -> None:
    ok("update", SLUG, "--status", "stalled", "--note", "oops")
    target = _uuid_of("oops")
    data = json.loads(ok("retract", target, "--reason", "typo", "--format", "json"))
    assert list(data) == HISTORY_KEYS
    assert (data["event"], data["effective"], data["target"], data["note"]) == (
        "retract",
        "2026-11-22",
        target,
        "typo",
    )
    assert (data["author"], data["changes"], data["retracted"], data["amended"]) == (
        AUTHOR,
        {},
        None,
        None,
    )
    assert data == _history()[-1]
    assert _status() == ("announced", None, None, "late 2025")


def test_retract_says_what_it_did(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    ok("update", SLUG, "--status", "stalled", "--note", "oops")
    [short] = [
        line.split()[0]
        for line in ok("history", SLUG).splitlines()
        if " update " in line and "stalled" in line
    ]
    out = ok("retract", short, "--reason", "typo")
    history = _history()
    target, last = history[-2], history[-1]
    # The target's prefix is the shortest naming it alone now: the retract entry, made
    # in the same millisecond, can share more of it than the history showed before.
    named = out.split()[3]
    assert named.startswith(short) and target["uuid"].startswith(named)
    assert out == (
        f"{SLUG}: retracted entry {named} (update of 2026-11-22: status announced -> stalled);"
        f" recorded as entry {out.split()[-1]}\n"
    )
    assert last["uuid"].startswith(out.split()[-1])


def test_history_names_each_entry_by_a_unique_prefix(seeded: Path) -> None:
    for n in range(3):
        ok("update", SLUG, "--progress", str(10 + n))
    table = ok("history", SLUG)
    rows = [line.split()[0] for line in table.splitlines() if re.match("[0-9a-f]{8}", line)]
    uuids = [e["uuid"] for e in _history()]
    assert len(rows) == len(uuids) == 4
    for short, uuid in zip(rows, uuids, strict=True):
        assert uuid.startswith(short) and len(short) >= 8
        assert [u for u in uuids if u.startswith(short)] == [uuid]
    # Each works as ENTRY.
    ok("retract", rows[2], "--reason", "x")
    assert _status()[1] == 12


def test_retracting_a_retract_restores_its_target(seeded: Path) -> None:
    ok("update", SLUG, "--status", "stalled", "--progress", "5", "--note", "maybe")
    first = json.loads(ok("retract", _uuid_of("maybe"), "--reason", "no", "-f", "json"))
    assert _status() == ("announced", None, None, "late 2025")
    second = json.loads(ok("retract", first["uuid"], "--reason", "yes after all", "-f", "json"))
    assert _status() == ("stalled", 5, None, "late 2025")
    history = _history()
    assert [e["retracted"] and e["retracted"]["uuid"] for e in history] == [
        None,
        None,
        second["uuid"],
        None,
    ]
    # Retracted again: a new retract entry (the first stays retracted).
    ok("retract", _uuid_of("maybe"), "--reason", "no again")
    assert _status() == ("announced", None, None, "late 2025")
    report = json.loads(ok("report", "--format", "json"))
    changed = [u for group in report["changed"] for u in group["updates"]]
    assert all(u.get("note") != "maybe" for u in changed)


@pytest.mark.parametrize(
    ("entry", "reason", "message"),
    [
        ("zz", "x", "ENTRY must be an entry's uuid or at least its first 4 hex characters"),
        ("0", "x", "ENTRY must be an entry's uuid or at least its first 4 hex characters"),
        ("ffffffff", "x", "no history entry starts with 'ffffffff'"),
        ("{update}", "   ", "--reason must not be empty"),
        ("{created}", "x", "is the created entry of its initiative"),
        ("{retracted}", "x", "is already retracted (by "),
        ("{common}", "x", "names more than one history entry; give more characters"),
    ],
)
def test_retract_refuses(seeded: Path, entry: str, reason: str, message: str) -> None:
    ok("update", SLUG, "--progress", "10", "--note", "u1")
    ok("update", SLUG, "--progress", "20", "--note", "u2")
    ok("retract", _uuid_of("u2"), "--reason", "r")
    history = _history()
    uuids = [e["uuid"] for e in history]
    common = 0
    while all(u[common] == uuids[0][common] for u in uuids):
        common += 1
    entry = entry.format(
        update=uuids[1],
        created=uuids[0],
        retracted=uuids[2],
        common=uuids[0][: max(common, 4)],
    )
    if entry == uuids[0][:common] and common < 4:
        pytest.skip("the uuids share fewer than 4 characters")
    before = dump(seeded)
    result = run("retract", entry, "--reason", reason)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""
    assert dump(seeded) == before


def test_amend_replaces_the_text_where_the_entry_is_shown(
    seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("update", SLUG, "--progress", "30", "--note", "teh first cohort")
    target = _uuid_of("teh first cohort")
    data = json.loads(
        ok(
            "amend",
            target,
            "--note",
            "the first cohort",
            "--source",
            "https://gov.example/a",
            "--quote",
            "first cohort",
            "--by",
            "bo",
            "-f",
            "json",
        )
    )
    assert list(data) == HISTORY_KEYS
    assert (data["event"], data["target"], data["note"], data["author"]) == (
        "amend",
        target,
        "the first cohort",
        "bo",
    )
    shown = _history()[1]
    assert (shown["uuid"], shown["note"], shown["source"]["url"], shown["source"]["quote"]) == (
        target,
        "the first cohort",
        "https://gov.example/a",
        "first cohort",
    )
    assert shown["amended"] == {"uuid": data["uuid"], "by": "bo", "at": data["recorded_at"]}
    assert shown["retracted"] is None
    assert _status()[1] == 30  # an amend changes no field
    monkeypatch.setenv("COLUMNS", "300")
    table = ok("history", SLUG)
    assert "teh first cohort" not in table
    assert f"amended by bo on {data['recorded_at'][:10]} (entry " in table
    report = json.loads(ok("report", "--format", "json"))
    [update] = [u for g in report["changed"] if g["slug"] == SLUG for u in g["updates"]]
    assert (update["note"], update["source"]["quote"]) == ("the first cohort", "first cohort")
    assert "teh" not in ok("feed") and "the first cohort" in ok("feed")
    # The stored entry keeps its own text: export has it as made.
    export = [json.loads(line) for line in ok("export").splitlines()]
    [record] = [r for r in export if r.get("slug") == SLUG]
    assert [e["note"] for e in record["history"]][1:] == ["teh first cohort", "the first cohort"]


def test_the_latest_live_amend_wins(seeded: Path) -> None:
    ok("update", SLUG, "--progress", "30", "--note", "one")
    target = _uuid_of("one")
    first = json.loads(ok("amend", target, "--note", "two", "-f", "json"))
    second = json.loads(ok("amend", target, "--note", "three", "-f", "json"))
    assert _history()[1]["note"] == "three"
    ok("retract", second["uuid"], "--reason", "no")
    assert (_history()[1]["note"], _history()[1]["amended"]["uuid"]) == ("two", first["uuid"])
    ok("retract", first["uuid"], "--reason", "no")
    assert (_history()[1]["note"], _history()[1]["amended"]) == ("one", None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "nothing to amend: give --note, --source or --quote"),
        (("--quote", "q"), "--quote needs --source"),
        (("--note", "one"), "already says that; nothing to amend"),
        (("{retracted}", "--note", "x"), "is retracted; it cannot be amended"),
        (("{retract}", "--note", "x"), "is a retract entry; it cannot be amended"),
    ],
)
def test_amend_refuses(seeded: Path, args: tuple[str, ...], message: str) -> None:
    ok("update", SLUG, "--progress", "30", "--note", "one")
    ok("update", SLUG, "--progress", "40", "--note", "gone")
    ok("retract", _uuid_of("gone"), "--reason", "r")
    history = _history()
    entry = history[1]["uuid"]
    if args and args[0].startswith("{"):
        entry = {"{retracted}": history[2]["uuid"], "{retract}": history[3]["uuid"]}[args[0]]
        args = args[1:]
    before = dump(seeded)
    result = run("amend", entry, *args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert dump(seeded) == before


def test_undo_needs_yes_without_a_terminal(seeded: Path) -> None:
    ok("update", SLUG, "--status", "stalled", "--note", "oops")
    before = dump(seeded)
    result = run("undo")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: refusing to undo entry ")
    assert f'({SLUG}: update of 2026-11-22: status announced -> stalled; note "oops")' in (
        result.stderr
    )
    assert result.stderr.endswith(" without --yes\n")
    assert dump(seeded) == before


def test_undo_retracts_the_last_entry_and_again_restores_it(seeded: Path) -> None:
    ok("update", SLUG, "--status", "stalled", "--note", "oops")
    data = json.loads(ok("undo", "--yes", "--by", "bo", "-f", "json"))
    assert (data["event"], data["note"], data["author"], data["target"]) == (
        "retract",
        "undo",
        "bo",
        _uuid_of("oops"),
    )
    assert _status()[0] == "announced"
    ok("undo", "--yes")  # retracts the undo
    assert _status()[0] == "stalled"


def test_undo_asks_on_a_terminal(seeded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tracker.cli._can_ask", lambda: True)
    ok("update", SLUG, "--status", "stalled", "--note", "oops")
    before = dump(seeded)
    refused = run("undo", input="n\n")
    assert refused.exit_code == 2 and "was not retracted" in refused.stderr
    assert "status announced -> stalled" in refused.stdout  # the question shows it
    assert dump(seeded) == before
    done = run("undo", input="y\n")
    assert done.exit_code == 0, done.stderr
    assert f"{SLUG}: retracted entry " in done.stdout
    assert _status()[0] == "announced"


def test_undo_does_not_retract_a_created_entry(isolated: Path) -> None:
    ok("init")
    empty = run("undo", "--yes")
    assert (empty.exit_code, empty.stderr) == (
        2,
        "error: there is nothing to undo: the history is empty\n",
    )
    ok("add", "New thing")
    result = run("undo", "--yes")
    assert (result.exit_code, result.stderr) == (
        2,
        "error: the last entry is the creation of new-thing; undo cannot retract it"
        " (use tracker remove new-thing to delete it)\n",
    )


def test_an_edit_is_not_retracted(seeded: Path) -> None:
    ok("edit", SLUG, "--title", "Renamed")
    [edit] = [e for e in _history() if e["event"] == "edit"]
    before = dump(seeded)
    for args in (("retract", edit["uuid"], "--reason", "x"), ("undo", "--yes")):
        result = run(*args)
        assert result.exit_code == 2
        assert result.stderr.endswith(
            "is an edit of descriptive fields, which replay does not undo;"
            " use tracker edit to change them back\n"
        )
    assert dump(seeded) == before


def test_check_passes_with_corrections(seeded: Path) -> None:
    ok("update", SLUG, "--status", "stalled", "--note", "oops")
    target = _uuid_of("oops")
    ok("amend", target, "--note", "oops!")
    ok("undo", "--yes")
    ok("undo", "--yes")
    ok("retract", target, "--reason", "r")
    assert json.loads(ok("check", "--format", "json"))["ok"] is True
    conn = sqlite3.connect(seeded)
    try:
        events = [
            row[0] for row in conn.execute("SELECT event FROM updates WHERE target IS NOT NULL")
        ]
    finally:
        conn.close()
    assert events == ["amend", "retract", "retract", "retract"]
