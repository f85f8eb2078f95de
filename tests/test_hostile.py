"""Hostile input, generated (hypothesis): every command and option is fed impossible
dates, huge numbers, unknown and ambiguous refs, NUL bytes, ANSI escapes, U+202E, 1 MB
strings, SQL metacharacters, truncated or deeply nested JSON, ragged or mis-encoded CSV.

Each run either succeeds, and what it stored reads back exactly through
``show --format json`` (after the documented normalisation: titles and names have
their whitespace collapsed), or fails with exit 2 (1 for a file it cannot use), one
``error:`` line, no traceback and no change to the database. Over 500 cases in all.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest
from helpers import Run, dump, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

MEGABYTE = "x" * 1_000_000
HOSTILE = [
    "",
    " ",
    "\t\n",
    "\x00",
    "a\x00b",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "\u202eevil",
    "\u2066isolate\u2069",
    "'; DROP TABLE initiatives; --",
    "Robert'); DELETE FROM updates;--",
    '"quoted" \\ back',
    "%_*?[]",
    "🚀 emoji",
    "\ud800",
    "-q",
    "--help",
    "1e309",
    "99999999999999999999999",
    "-1",
    "101",
    "NaN",
    "0x10",
    "2025-02-30",
    "2025-13-01",
    "0000-01-01",
    "9999-12-31",
    "10000-01-01",
    "by 2027",
    "late 2025",
    "Q5 2026",
    "the 32nd of March",
    "yesterday",
    "in 3 days",
    MEGABYTE,
    "\uff46\uff55\uff4c\uff4c",
    "\u0301",
    "bridging-programme",
    "1",
    "0",
    "99999",
    "b",
    "01",
    "fintech",
    "BRIDGING-PROGRAMME",
]
TEXT = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.tuples(st.sampled_from(HOSTILE), st.text(max_size=10)).map("".join),
)
STATUS = st.one_of(st.sampled_from(["in_progress", "In progress", "achieved", "nope"]), TEXT)
NUMBER = st.one_of(st.integers(-(10**30), 10**30).map(str), TEXT)
REF = st.one_of(
    st.sampled_from(
        ["bridging-programme", "fintech-hub-action-plan", "1", "13", "14", "0", "fintech", "0"]
    ),
    TEXT,
)

CASES = settings(
    max_examples=130,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "template.db"
    result = run("--db", str(db), "init", "--seed")
    assert result.exit_code == 0, result.stderr
    return db


def _fresh(template: Path) -> Path:
    db = template.parent / f"{uuid.uuid4().hex}.db"
    shutil.copy(template, db)
    return db


def _check_failure(result: Run, db: Path, before: str, file_codes: tuple[int, ...] = ()) -> None:
    assert result.exit_code in (2, *file_codes), (result.exit_code, result.stderr)
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr[
        :300
    ]
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert dump(db) == before


def _check_batch_failure(
    result: Run, db: Path, before: str, file_codes: tuple[int, ...] = ()
) -> None:
    """apply and import: each bad line as ``line N: reason`` (at most 100, then ``...
    and N more``), then one ``error:`` line."""
    assert result.exit_code in (2, *file_codes), result.stderr[:300]
    *listed, last = result.stderr.splitlines()
    assert last.startswith("error: ") and "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    assert all(line.startswith(("line ", "... ")) for line in listed), result.stderr[:500]
    assert dump(db) == before


def _helped(result: Run) -> bool:
    """A value that is an option to Click (``--help`` where TITLE goes) shows help."""
    return result.exit_code == 0 and result.stdout.startswith("Usage: ")


def _write(
    template: Path, command: list[str], options: dict[str, str | None]
) -> tuple[Path, Run] | None:
    """Run a write command with the options that are given on a fresh copy of the seed
    database; None when it failed as it should or only showed help (checked here)."""
    db = _fresh(template)
    args = ["--db", str(db), *command]
    for option, value in options.items():
        if value is not None:
            args += [option, value]
    before = dump(db)
    result = run(*args)
    if result.exit_code != 0:
        _check_failure(result, db, before)
        return None
    if _helped(result):
        assert dump(db) == before
        return None
    return db, result


def _show(db: Path, ref: str) -> dict:
    result = run("--db", str(db), "show", ref, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _collapsed(text: str) -> str:
    return " ".join(text.split())


@CASES
@given(
    title=TEXT,
    summary=st.one_of(st.none(), TEXT),
    tag=st.one_of(st.none(), TEXT),
    deadline=st.one_of(st.none(), TEXT),
    progress=st.one_of(st.none(), NUMBER),
    status=st.one_of(st.none(), STATUS),
)
def test_add(
    template: Path,
    title: str,
    summary: str | None,
    tag: str | None,
    deadline: str | None,
    progress: str | None,
    status: str | None,
) -> None:
    ran = _write(
        template,
        ["add", title],
        {
            "--summary": summary,
            "--tag": tag,
            "--deadline": deadline,
            "--progress": progress,
            "--status": status,
        },
    )
    if ran is None:
        return
    db, result = ran
    shown = _show(db, result.stdout.strip())
    assert shown["title"] == _collapsed(title)
    assert shown["summary"] == (summary or "")
    assert shown["tags"] == ([_collapsed(tag)] if tag is not None else [])
    if deadline is not None:
        assert shown["deadline"]["text"] == deadline.strip()
    if progress is not None:
        assert shown["progress"] == int(progress)


@CASES
@given(
    ref=REF,
    note=st.one_of(st.none(), TEXT),
    progress=st.one_of(st.none(), NUMBER),
    status=st.one_of(st.none(), STATUS),
    deadline=st.one_of(st.none(), TEXT),
    on=st.one_of(st.none(), TEXT),
    source=st.one_of(st.none(), TEXT),
    key=st.one_of(st.none(), TEXT),
)
def test_update(
    template: Path,
    ref: str,
    note: str | None,
    progress: str | None,
    status: str | None,
    deadline: str | None,
    on: str | None,
    source: str | None,
    key: str | None,
) -> None:
    ran = _write(
        template,
        ["update", ref],
        {
            "--note": note,
            "--progress": progress,
            "--status": status,
            "--deadline": deadline,
            "--on": on,
            "--source": source,
            "--ref": key,
        },
    )
    if ran is None:
        return
    db, _ = ran
    target = ref.strip()
    history = json.loads(run("--db", str(db), "history", target, "-f", "json").stdout)
    entry = history[-1] if on is None else next(e for e in history if e["event"] == "update")
    assert entry["event"] == "update"
    assert entry["note"] == note
    if key is not None:
        assert entry["ref"] == key
    if progress is not None and on is None and "progress" in entry["changes"]:
        assert _show(db, target)["progress"] == int(progress)


@CASES
@given(
    ref=REF,
    title=st.one_of(st.none(), TEXT),
    summary=st.one_of(st.none(), TEXT),
    slug=st.one_of(st.none(), TEXT),
    add_tag=st.one_of(st.none(), TEXT),
)
def test_edit(
    template: Path,
    ref: str,
    title: str | None,
    summary: str | None,
    slug: str | None,
    add_tag: str | None,
) -> None:
    ran = _write(
        template,
        ["edit", ref],
        {"--title": title, "--summary": summary, "--slug": slug, "--add-tag": add_tag},
    )
    if ran is None:
        return
    db, _ = ran
    shown = _show(db, slug.strip() if slug is not None else ref.strip())
    if title is not None:
        assert shown["title"] == _collapsed(title)
    if summary is not None:
        assert shown["summary"] == summary
    if add_tag is not None:
        assert _collapsed(add_tag) in shown["tags"]


READ_COMMANDS = st.one_of(
    st.tuples(st.just("show"), REF),
    st.tuples(st.just("history"), REF),
    st.tuples(st.just("parse-date"), TEXT),
    st.tuples(st.just("parse-date"), TEXT, st.just("--reference"), TEXT),
    st.tuples(
        st.just("list"),
        st.sampled_from(
            [
                "--tag",
                "--search",
                "--due-before",
                "--due-within",
                "--status",
                "--health",
                "--limit",
                "--sort",
                "--jurisdiction",
            ]
        ),
        TEXT,
    ),
    st.tuples(
        st.just("report"),
        st.just("--format"),
        st.sampled_from(["json", "csv"]),
        st.sampled_from(["--as-of", "--horizon", "--stale-after", "--rows", "--fail-if", "--tag"]),
        TEXT,
    ),
    st.tuples(st.just("calendar"), st.just("--tag"), TEXT),
    st.tuples(st.just("feed"), st.just("--limit"), NUMBER),
)


@CASES
@given(command=READ_COMMANDS)
def test_read_commands(template: Path, command: tuple[str, ...]) -> None:
    db = _fresh(template)
    before = dump(db)
    result = run("--db", str(db), *command)
    if result.exit_code == 0 or _helped(result):
        assert dump(db) == before
        return
    if command[0] == "report" and result.exit_code == 3:  # --fail-if held: an alert
        return
    _check_failure(result, db, before)


JSON_VALUE = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(-(10**20), 10**20), TEXT, st.floats(allow_nan=True)
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
UPDATE_LINE = st.fixed_dictionaries(
    {"initiative": REF},
    optional={
        "note": TEXT,
        "progress": JSON_VALUE,
        "status": STATUS,
        "deadline": TEXT,
        "ref": TEXT,
        "if_status": STATUS,
        "on": TEXT,
        "source": JSON_VALUE,
        "colour": JSON_VALUE,
    },
)
BROKEN_LINE = st.one_of(
    st.sampled_from(
        [
            '{"initiative": "bridging-programme", "note": "cut',
            "[" * 5000,
            '{"a":' * 3000 + "1" + "}" * 3000,
            "\xff\xfe not utf-8",
            "null",
            "[]",
            '"just a string"',
            "{}",
        ]
    ),
    st.text(max_size=30),
)


@CASES
@given(lines=st.lists(st.one_of(UPDATE_LINE.map(json.dumps), BROKEN_LINE), min_size=1, max_size=4))
def test_apply(template: Path, lines: list[str]) -> None:
    db = _fresh(template)
    batch = template.parent / f"{uuid.uuid4().hex}.jsonl"
    batch.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass") + b"\n")
    before = dump(db)
    result = run("--db", str(db), "apply", str(batch))
    if result.exit_code != 0:
        _check_batch_failure(result, db, before)
        return
    notes = [json.loads(line).get("note") for line in lines if line.startswith("{")]
    recorded = [
        e["note"]
        for ref in ("bridging-programme",)
        for e in json.loads(run("--db", str(db), "history", ref, "-f", "json").stdout)
        if e["event"] == "update"
    ]
    assert all(note in notes for note in recorded)


CSV_TEXT = st.one_of(
    st.sampled_from(
        [
            "slug,title\r\na,b,c\r\n",
            'title\r\n"unterminated\r\n',
            'title,tags\r\nx,"a;;b"\r\n',
            "\ufefftitle\r\nBOM first\r\n",
            "title,deadline\r\n=cmd(),2025-02-30\r\n",
            "title\r\n" + "y" * 200_000,
            "title\r\n\x00\r\n",
            "title,colour\r\nx,red\r\n",
        ]
    ),
    st.lists(
        st.lists(TEXT.filter(lambda t: len(t) < 1000), min_size=1, max_size=4),
        min_size=1,
        max_size=3,
    ).map(
        lambda rows: (
            "title,summary,tags\r\n"
            + "".join(
                ",".join('"' + cell.replace('"', '""') + '"' for cell in row) + "\r\n"
                for row in rows
            )
        )
    ),
)


@CASES
@given(content=CSV_TEXT, encoding=st.sampled_from(["utf-8", "utf-16", "latin-1"]))
def test_import_csv(template: Path, content: str, encoding: str) -> None:
    db = _fresh(template)
    source = template.parent / f"{uuid.uuid4().hex}.csv"
    source.write_bytes(
        content.encode(encoding, "surrogatepass")
        if encoding != "latin-1"
        else content.encode("latin-1", "replace")
    )
    before = dump(db)
    result = run("--db", str(db), "import", str(source), "--format", "csv")
    if result.exit_code == 0:
        return
    _check_batch_failure(result, db, before, file_codes=(1,))
