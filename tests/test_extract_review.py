"""tracker extract --review (issue 14): on a terminal, a person walks through the
candidates (accept, edit, skip, quit); the accepted ones are recorded in one
transaction, exactly as importing their lines would record them."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

import pytest
from helpers import dump, ok, run

from tracker.cli.environment import Environment
from tracker.domain import clock

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
#: The seed article less one sentence: two candidates, whatever the engine learns of
#: the rest (these tests are of the review, not of the engine).
GBA = str(Path(__file__).resolve().parent / "articles" / "gba-two-initiatives.txt")
SHENZHEN = str(SEEDS / "shenzhen-daily-2023-03-14-sz-hk-financial-cooperation.txt")
ASK = "[a]ccept, [e]dit, [s]kip, [q]uit, ? for help: "


class _Interrupting(io.StringIO):
    """Standard input whose n-th line is Ctrl-C."""

    def __init__(self, text: str, at: int) -> None:
        super().__init__(text)
        self.left = at

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        self.left -= 1
        if self.left == 0:
            raise KeyboardInterrupt
        return super().readline()


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Standard input and output are a terminal (as the Environment sees them);
    ``settings["interrupt_at"]`` makes that line of the answers a Ctrl-C."""
    settings: dict[str, object] = {"stdin": True, "stdout": True, "interrupt_at": None}
    original = Environment.from_process.__func__  # type: ignore[attr-defined]

    def faked(cls: type[Environment]) -> Environment:
        env = original(cls)
        env.stdin_isatty = bool(settings["stdin"])
        env.stdout_isatty = bool(settings["stdout"])
        if settings["interrupt_at"] is not None:
            env.stdin = _Interrupting(env.stdin.read(), int(settings["interrupt_at"]))  # type: ignore[arg-type]
        return env

    monkeypatch.setattr(Environment, "from_process", classmethod(faked))
    return settings


@pytest.fixture
def steady(monkeypatch: pytest.MonkeyPatch) -> object:
    """uuids and times that repeat from one database to the next (``steady.reset()``)."""

    class Steady:
        def reset(self) -> None:
            counter = itertools.count(1)
            monkeypatch.setattr(
                clock, "new_uuid", lambda: f"00000000-0000-7000-8000-{next(counter):012d}"
            )
            monkeypatch.setattr(clock, "now_iso", lambda: "2026-11-22T09:00:00.000000Z")

    steady = Steady()
    steady.reset()
    return steady


def same_data(db: Path) -> str:
    """The database's dump but what only says which file it is: when it was made (the
    migrations' times) and its replica id."""
    own = ('INSERT INTO "_sqlite_migrations"', 'INSERT INTO "replica"')
    return "\n".join(line for line in dump(db).splitlines() if not line.startswith(own))


def review(*args: str, answers: str) -> tuple[int, str, str]:
    result = run("extract", *args, "--review", input=answers)
    return result.exit_code, result.stdout, result.stderr


def slugs() -> list[str]:
    return sorted(i["slug"] for i in json.loads(ok("list", "--format", "json")))


def test_accepting_every_candidate_records_what_importing_their_lines_does(
    terminal, steady, isolated, tmp_path, monkeypatch
):
    ok("init")
    code, out, err = review(GBA, SHENZHEN, answers="a\n" * 7)
    assert (code, err) == (0, "")
    assert out.count(ASK) == 7
    summary = out[out.index("Recorded") :].splitlines()
    assert summary[0] == "Recorded 7 of 7 candidates:"
    assert [line.split()[:2] for line in summary[1:]] == [["new", "initiative"]] * 7
    recorded = [line.split()[-1] for line in summary[1:]]
    assert sorted(recorded) == slugs()
    assert recorded[:2] == [
        "launch-dual-qualification-bridging",
        "three-year-action-plan-for-jointly",
    ]
    reviewed = same_data(isolated)

    # The same lines, imported into another database made the same way.
    other = tmp_path / "other.db"
    monkeypatch.setenv("TRACKER_DB", str(other))
    steady.reset()
    ok("init")
    lines = ok("extract", GBA, SHENZHEN, "--format", "jsonl")
    assert len(lines.splitlines()) == 7
    assert (
        json.loads(run("import", "-", "--summary-format", "json", input=lines).stdout)["created"]
        == 7
    )
    assert same_data(other) == reviewed


def test_skipped_candidates_are_not_recorded(terminal):
    code, out, _ = review(GBA, answers="s\na\n")
    assert code == 0
    assert out.endswith(
        "Recorded 1 of 2 candidates:\n  new initiative     three-year-action-plan-for-jointly\n"
    )
    [plan] = slugs()
    assert plan == "three-year-action-plan-for-jointly"
    shown = json.loads(ok("show", plan, "--format", "json"))
    assert (shown["status"], shown["deadline"]["text"]) == ("announced", "by 2027")
    assert shown["sources"][0]["url"] == GBA
    assert shown["sources"][0]["quote"].startswith("Against this backdrop, authorities")


def test_edit_sets_title_status_and_deadline_and_asks_again_after_a_bad_answer(terminal):
    answers = "e\nBridging programme for bankers\nbogus\nin progress\nsoonish\nby mid 2027\na\ns\n"
    code, out, err = review(GBA, answers=answers)
    assert (code, err) == (0, "")
    assert (
        "unknown status 'bogus'; choose from proposed, announced, in_progress, achieved,"
        " stalled, abandoned, superseded; try again.\n"
    ) in out
    assert 'deadline: cannot read date "soonish": unrecognised word "soonish"; try again.\n' in out
    assert "│ Title          Bridging programme for bankers" in out  # the panel drawn again
    assert out.endswith(
        "Recorded 1 of 2 candidates:\n  new initiative     bridging-programme-for-bankers\n"
    )
    shown = json.loads(ok("show", "bridging-programme-for-bankers", "--format", "json"))
    assert (shown["title"], shown["status"]) == ("Bridging programme for bankers", "in_progress")
    assert shown["deadline"] == {
        "text": "by mid 2027",
        "earliest": "2027-05-01",
        "latest": "2027-08-31",
        "precision": "part-year",
    }
    [created] = json.loads(ok("history", "bridging-programme-for-bankers", "--format", "json"))
    assert created["event"] == "created" and created["author"] == "analyst"
    assert created["changes"]["status"] == {"from": None, "to": "in_progress"}


def test_edit_keeps_what_is_left_empty_and_a_dash_clears_the_deadline(terminal):
    code, _, _ = review(GBA, answers="s\ne\n\n\n-\na\n")
    assert code == 0
    [plan] = slugs()
    shown = json.loads(ok("show", plan, "--format", "json"))
    assert shown["title"].startswith("Three-year action plan for jointly building")
    assert (shown["status"], shown["deadline"]) == ("announced", None)


def test_a_matched_candidate_is_added_as_a_source_of_the_tracked_initiative(terminal, seeded):
    before = slugs()
    # bridging: a source (the default); the action plan: a new initiative
    code, out, err = review(GBA, answers="a\n\na\nn\n")
    assert (code, err) == (0, "")
    assert "│ Tracked as     bridging-programme (100% alike)" in out
    assert "Add it as a source of bridging-programme [S], or as a new initiative [n]? " in out
    assert out.endswith(
        "Recorded 2 of 2 candidates:\n"
        "  source added to    bridging-programme\n"
        "  new initiative     three-year-action-plan-for-jointly\n"
    )
    assert sorted([*before, "three-year-action-plan-for-jointly"]) == slugs()
    shown = json.loads(ok("show", "bridging-programme", "--format", "json"))
    added = [s for s in shown["sources"] if s["url"] == GBA]
    assert len(added) == 1 and added[0]["quote"].startswith("He also highlighted the launch")
    last = json.loads(ok("history", "bridging-programme", "--format", "json"))[-1]
    assert (last["event"], last["author"], last["note"]) == ("edit", "analyst", "imported")
    document = dict.fromkeys(("title", "publisher", "published", "url", "accessed", "quote"))
    item = document | {"url": GBA, "quote": added[0]["quote"]}
    assert last["changes"] == {"sources": {"added": [item]}}  # with its quote: the history's
    # The same article again: the source is already there, nothing changes.
    code, out, _ = review(GBA, answers="a\n\ns\n")
    assert code == 0
    assert out.endswith("Recorded 1 of 2 candidates:\n  source already in  bridging-programme\n")


def test_a_review_on_a_seeded_tracker_records_what_importing_the_lines_does(
    terminal, steady, isolated, tmp_path, monkeypatch
):
    ok("init", "--seed")
    code, _, err = review(GBA, SHENZHEN, answers="a\n\n" * 7)
    assert (code, err) == (0, "")
    reviewed = same_data(isolated)
    other = tmp_path / "other.db"
    monkeypatch.setenv("TRACKER_DB", str(other))
    steady.reset()
    ok("init", "--seed")
    lines = ok("extract", GBA, SHENZHEN, "--format", "jsonl")
    assert run("import", "-", input=lines).exit_code == 0
    assert same_data(other) == reviewed


def test_quit_records_what_was_accepted_once_confirmed(terminal):
    code, out, _ = review(GBA, SHENZHEN, answers="a\nq\n\n")
    assert code == 0
    assert "Record the 1 accepted candidate? [Y/n] " in out
    assert out.endswith(
        "Recorded 1 of 7 candidates:\n  new initiative     launch-dual-qualification-bridging\n"
    )
    assert slugs() == ["launch-dual-qualification-bridging"]


def test_quit_not_confirmed_records_nothing(terminal, seeded):
    before = dump(seeded)
    code, _, err = review(GBA, answers="a\n\nq\nn\n")
    assert (code, err) == (2, "error: not confirmed; nothing was recorded\n")
    assert dump(seeded) == before


def test_quit_before_accepting_anything_records_nothing(terminal, seeded):
    before = dump(seeded)
    code, out, err = review(GBA, answers="q\n")
    assert (code, err) == (0, "")
    assert out.endswith("Nothing accepted; nothing recorded.\n")
    assert dump(seeded) == before


def test_ctrl_c_at_a_question_is_130_and_writes_nothing(terminal, seeded):
    before = dump(seeded)
    terminal["interrupt_at"] = 3
    code, _, err = review(GBA, SHENZHEN, answers="a\n\na\n\n")
    assert (code, err) == (130, "error: interrupted; nothing was recorded\n")
    assert dump(seeded) == before


def test_ctrl_c_while_recording_rolls_it_all_back(terminal, seeded, monkeypatch):
    from tracker.storage.bulk import Batch

    before = dump(seeded)

    def interrupted(self: Batch) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Batch, "flush", interrupted)
    code, _, err = review(GBA, answers="a\n\na\nn\n")
    assert (code, err) == (130, "error: interrupted; nothing was recorded\n")
    assert dump(seeded) == before


def test_a_refused_record_writes_none_of_them(terminal, seeded, monkeypatch):
    """Recording is all or nothing: the first was already written inside the
    transaction when the second was refused."""
    from tracker.errors import InputError
    from tracker.ops import importing

    before = dump(seeded)
    original = importing.import_one
    seen = []

    def refuse_second(*args, **kwargs):
        seen.append(1)
        if len(seen) == 2:
            raise InputError("slug 'x' is taken")
        return original(*args, **kwargs)

    monkeypatch.setattr(importing, "import_one", refuse_second)
    code, _, err = review(GBA, answers="a\n\na\nn\n")
    assert (code, err) == (
        2,
        "error: 'Three-year action plan for jointly building Hong Kong-Shenzhen global"
        " fintech': slug 'x' is taken; nothing was recorded\n",
    )
    assert dump(seeded) == before


def test_the_input_ending_mid_review_records_nothing(terminal, seeded):
    before = dump(seeded)
    code, _, err = review(GBA, answers="a\n\n")
    assert (code, err) == (
        2,
        "error: the input ended before the review did; nothing was recorded\n",
    )
    assert dump(seeded) == before


@pytest.mark.parametrize(("stdin", "stdout"), [(False, False), (True, False), (False, True)])
def test_off_a_terminal_it_is_refused_and_nothing_is_written(terminal, isolated, stdin, stdout):
    terminal["stdin"], terminal["stdout"] = stdin, stdout
    code, out, err = review(GBA, answers="a\na\n")
    assert (code, out) == (2, "")
    assert err == (
        "error: --review asks questions: it needs a terminal (standard input and output);"
        " elsewhere pipe the jsonl to 'tracker import -'\n"
    )
    assert not isolated.exists()  # not even the database was made


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_review_draws_tables_only(terminal, isolated, fmt):
    code, out, err = review(GBA, "--format", fmt, answers="a\n")
    assert (code, out, err) == (
        2,
        "",
        f"error: --review draws on the terminal: --format {fmt} cannot go with it\n",
    )
    assert not isolated.exists()
    assert review(GBA, "--format", "table", answers="s\ns\n")[0] == 0


def test_review_reads_its_answers_from_stdin_so_an_article_cannot_come_from_it(terminal, isolated):
    code, _, err = review("-", answers="a\n")
    assert (code, err) == (
        2,
        "error: --review reads its answers from standard input: name the files\n",
    )
    assert not isolated.exists()


def test_help_and_unknown_answers_ask_again(terminal):
    code, out, _ = review(GBA, answers="?\nmaybe\ns\ns\n")
    assert code == 0
    assert "a  accept: record it (kept until the end, then all recorded at once)\n" in out
    assert "Answer a, e, s, q, or ? for help.\n" in out
    assert out.count("(1/2) " + ASK) == 3
    assert out.endswith("Nothing accepted; nothing recorded.\n")


def test_no_candidates_is_nothing_to_review(terminal, tmp_path):
    article = tmp_path / "weather.txt"
    article.write_text("Weather\n\nIt rained in Hong Kong on Tuesday.\n", encoding="utf-8")
    code, out, err = review(str(article), answers="")
    assert (code, out, err) == (0, "No initiatives found; nothing to review.\n", "")


def test_quiet_still_asks_but_prints_no_summary_and_by_names_the_author(terminal):
    code, out, _ = review(GBA, "-q", "--by", "reviewer", answers="s\na\n")
    assert code == 0
    assert out.count(ASK) == 2 and "Recorded" not in out
    [plan] = slugs()
    [created] = json.loads(ok("history", plan, "--format", "json"))
    assert created["author"] == "reviewer"


def test_edits_of_a_candidate_added_as_a_source_leave_the_tracked_one_as_it_is(terminal, seeded):
    before = shown_fields("bridging-programme")
    code, out, _ = review(GBA, answers="e\nRenamed\nachieved\n\na\ns\ns\n")
    assert code == 0
    assert (
        "(The edits are kept if it is recorded as a new initiative; as a source of"
        " bridging-programme, only the article is added.)\n"
    ) in out
    assert out.endswith("Recorded 1 of 2 candidates:\n  source added to    bridging-programme\n")
    assert shown_fields("bridging-programme") == before


def test_one_candidate_is_said_in_the_singular_and_its_deadline_read_from_publication(
    terminal, tmp_path
):
    article = tmp_path / "plan.txt"
    article.write_text(Path(GBA).read_text(encoding="utf-8").split("Against this")[0])
    answers = "e\n\n\nnext year\na\n"
    code, out, _ = review(str(article), "--published", "2025-06-01", answers=answers)
    assert code == 0
    assert out.endswith(
        "Recorded 1 of 1 candidate:\n  new initiative     launch-dual-qualification-bridging\n"
    )
    shown = json.loads(ok("show", "launch-dual-qualification-bridging", "--format", "json"))
    assert shown["announced"]["date"] == "2025-06-01"
    assert shown["deadline"] == {  # the year after publication, not after today (2026-11-22)
        "text": "next year",
        "earliest": "2026-01-01",
        "latest": "2026-12-31",
        "precision": "year",
    }


def shown_fields(slug: str) -> dict[str, object]:
    data = json.loads(ok("show", slug, "--format", "json"))
    return {key: data[key] for key in ("title", "status", "deadline")}
