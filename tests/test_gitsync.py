"""``tracker sync --git`` around the sync engine (tracker/ops/gitsync.py), with real git:
a bare repository and clones of it in tmp_path, and a fake engine that appends lines to
its own replica's log the way the real one does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tracker.errors import UnusableError
from tracker.ops import gitsync
from tracker.ops.gitsync import git_sync
from tracker.requests import SyncResult

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs the git command")

RA = "aaaaaaaa-1111-4111-8111-111111111111"
RB = "bbbbbbbb-2222-4222-8222-222222222222"
RC = "cccccccc-3333-4333-8333-333333333333"
IGNORE = ".tracker-sync.lock\n"


@pytest.fixture(autouse=True)
def no_git_identity(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No global or system git configuration, no identity from the environment."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in (
        "XDG_CONFIG_HOME",
        "GIT_CONFIG_GLOBAL",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
        "GIT_DIR",
        "GIT_WORK_TREE",
    ):
        monkeypatch.delenv(name, raising=False)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def lines(cwd: Path, *args: str) -> list[str]:
    return git(cwd, *args).splitlines()


class FakeEngine:
    """Stands in for ``Tracker.sync``: appends ``pending`` entry lines to its own log
    (once), counts the other logs' lines it has not seen as received, and touches the
    lock file as the real sync does."""

    def __init__(self, folder: Path, replica: str) -> None:
        self.folder = folder
        self.replica = replica
        self.pending = 0
        self.written = 0
        self.seen: dict[str, int] = {}
        self.calls = 0
        self.before: list[object] = []  # callables run at the start of the next call

    def __call__(self) -> SyncResult:
        self.calls += 1
        hooks, self.before = self.before, []
        for hook in hooks:
            assert callable(hook)
            hook()
        (self.folder / ".tracker-sync.lock").touch()
        log = self.folder / "log" / f"{self.replica}.jsonl"
        log.parent.mkdir(exist_ok=True)
        with log.open("a", encoding="utf-8") as out:
            if self.written == 0 and not log.stat().st_size:
                out.write(
                    json.dumps({"format": "tracker-log", "version": 1, "replica": self.replica})
                )
                out.write("\n")
            for _ in range(self.pending):
                self.written += 1
                out.write(json.dumps({"replica": self.replica, "clock": self.written}) + "\n")
        sent, self.pending = self.pending, 0
        received = 0
        others = []
        for other in sorted((self.folder / "log").glob("*.jsonl")):
            if other.stem == self.replica:
                continue
            others.append(other.stem)
            count = len(other.read_text(encoding="utf-8").splitlines()) - 1
            received += count - self.seen.get(other.stem, 0)
            self.seen[other.stem] = count
        return SyncResult(self.replica, sent=sent, received=received, replicas_seen=others)

    def sync(self, pending: int = 1) -> SyncResult:
        self.pending = pending
        return git_sync(self.folder, self.replica, self)


def bare(tmp_path: Path) -> Path:
    path = tmp_path / "team.git"
    git(tmp_path, "init", "--quiet", "--bare", str(path))
    return path


def clone(tmp_path: Path, remote: Path, name: str) -> Path:
    git(tmp_path, "clone", "--quiet", str(remote), name)
    return tmp_path / name


def subjects(repo: Path) -> list[str]:
    return lines(repo, "log", "--format=%s")


def test_first_sync_into_an_empty_bare_repository(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)

    result = a.sync(2)

    assert result == SyncResult(RA, sent=2, received=0, conflicts=[], replicas_seen=[])
    assert a.calls == 1
    assert subjects(remote) == ["tracker sync: aaaaaaaa, 2 entries"]
    assert lines(remote, "ls-tree", "-r", "--name-only", "HEAD") == [
        ".gitignore",
        f"log/{RA}.jsonl",
    ]
    assert git(remote, "show", "HEAD:.gitignore") == IGNORE
    assert len(git(remote, "show", f"HEAD:log/{RA}.jsonl").splitlines()) == 3
    # The first push set the upstream: the next sync pulls and pushes plainly.
    branch = git(a.folder, "symbolic-ref", "--short", "HEAD").strip()
    assert git(a.folder, "rev-parse", "--abbrev-ref", "@{upstream}").strip() == f"origin/{branch}"
    assert git(a.folder, "status", "--porcelain") == ""


def test_no_git_identity_needed_the_tracker_author_commits(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    assert subprocess.run(["git", "config", "user.email"], cwd=a.folder).returncode == 1

    a.sync()

    assert lines(remote, "log", "--format=%an <%ae>|%cn <%ce>") == [
        "analyst <tracker@localhost>|analyst <tracker@localhost>"
    ]
    # The fallback is passed per command: nothing was written to any configuration.
    assert subprocess.run(["git", "config", "user.name"], cwd=a.folder).returncode == 1
    assert not (tmp_path / "home" / ".gitconfig").exists()


def test_a_configured_identity_is_used(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    git(a.folder, "config", "user.name", "Ann Lee")
    git(a.folder, "config", "user.email", "ann@example.org")

    a.sync()

    assert lines(remote, "log", "--format=%an <%ae>") == ["Ann Lee <ann@example.org>"]


def test_interleaved_syncs_from_three_clones_never_conflict(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    # All three cloned while the repository is still empty: the hardest start.
    engines = [
        FakeEngine(clone(tmp_path, remote, n), r) for n, r in (("a", RA), ("b", RB), ("c", RC))
    ]
    a, b, c = engines
    order = [a, b, c, b, a, c, c, a, b, a]
    for number, engine in enumerate(order, start=1):
        engine.sync(number % 3 + 1)
    for engine in engines:  # one more round: the last ones in reach everybody
        engine.sync(0)
    for engine in engines:
        engine.sync(0)

    written = {e.replica: e.written for e in engines}
    assert written == {RA: 10, RB: 6, RC: 4}
    expected = {
        f"{e.replica}.jsonl": (e.folder / "log" / f"{e.replica}.jsonl").read_text() for e in engines
    }
    for engine in engines:
        logs = engine.folder / "log"
        assert {p.name: p.read_text() for p in logs.iterdir()} == expected
        assert engine.seen == {r: n for r, n in written.items() if r != engine.replica}
        assert git(engine.folder, "status", "--porcelain") == ""
        assert git(engine.folder, "rev-parse", "HEAD") == git(remote, "rev-parse", "HEAD")
    # One commit per sync that sent something, a straight line, no merges.
    assert len(subjects(remote)) == len(order)
    assert lines(remote, "rev-list", "--merges", "HEAD") == []
    assert subjects(remote)[::-1] == [
        f"tracker sync: {e.replica[:8]}, {n % 3 + 1} entries" for n, e in enumerate(order, start=1)
    ]


def test_a_push_race_is_retried_after_a_pull_and_the_sync_runs_again(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    a.sync()
    b = FakeEngine(clone(tmp_path, remote, "b"), RB)
    b.sync()
    a.sync(0)  # a has b's log: both are level with the remote
    assert a.seen == {RB: 1}

    # B pushes between A's pull and A's push: during A's sync itself.
    a.before.append(lambda: b.sync(2))
    calls = a.calls
    result = a.sync(3)

    assert a.calls == calls + 2  # the sync ran again for what the retried pull brought
    assert result == SyncResult(RA, sent=3, received=2, conflicts=[], replicas_seen=[RB])
    assert subjects(remote) == [
        "tracker sync: aaaaaaaa, 3 entries",
        "tracker sync: bbbbbbbb, 2 entries",
        "tracker sync: bbbbbbbb, 1 entries",
        "tracker sync: aaaaaaaa, 1 entries",
    ]
    assert lines(remote, "rev-list", "--merges", "HEAD") == []
    assert git(a.folder, "rev-parse", "HEAD") == git(remote, "rev-parse", "HEAD")
    assert git(a.folder, "status", "--porcelain") == ""
    assert len((a.folder / "log" / f"{RB}.jsonl").read_text().splitlines()) == 4


def test_the_second_run_commits_and_pushes_what_it_wrote(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    a.sync()
    b = FakeEngine(clone(tmp_path, remote, "b"), RB)

    def race_then_write_more() -> None:
        b.sync()
        a.before.append(lambda: setattr(a, "pending", 1))  # the rerun sends one more

    a.before.append(race_then_write_more)
    result = a.sync(1)

    assert result == SyncResult(RA, sent=2, received=1, conflicts=[], replicas_seen=[RB])
    assert subjects(remote)[:2] == [
        "tracker sync: aaaaaaaa, 1 entries",
        "tracker sync: aaaaaaaa, 1 entries",
    ]
    assert git(a.folder, "status", "--porcelain") == ""
    assert git(a.folder, "rev-parse", "HEAD") == git(remote, "rev-parse", "HEAD")


def test_a_sync_with_nothing_new_makes_no_commit(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    a.sync()
    head = git(remote, "rev-parse", "HEAD")

    result = a.sync(0)

    assert result == SyncResult(RA, sent=0, received=0, conflicts=[], replicas_seen=[])
    assert git(remote, "rev-parse", "HEAD") == head
    assert len(subjects(a.folder)) == 1


def test_the_lock_file_is_ignored_and_gitignore_kept(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    (a.folder / ".gitignore").write_text("*.tmp")  # the user's, without a final newline

    a.sync()
    a.sync()

    assert (a.folder / ".tracker-sync.lock").exists()
    assert git(a.folder, "status", "--porcelain") == ""
    assert git(a.folder, "status", "--porcelain", "--ignored") == "!! .tracker-sync.lock\n"
    assert (a.folder / ".gitignore").read_text() == "*.tmp\n.tracker-sync.lock\n"
    assert git(remote, "show", "HEAD:.gitignore") == "*.tmp\n.tracker-sync.lock\n"


def test_only_the_log_and_gitignore_are_committed(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    a.sync()
    (a.folder / "notes.txt").write_text("mine\n")
    git(a.folder, "add", "notes.txt")
    (a.folder / "draft.txt").write_text("untracked\n")

    a.sync()

    assert lines(remote, "show", "--name-only", "--format=", "HEAD") == [f"log/{RA}.jsonl"]
    assert git(a.folder, "status", "--porcelain") == "A  notes.txt\n?? draft.txt\n"


def test_local_changes_survive_the_pull(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    (a.folder / "README").write_text("team notes\n")
    git(a.folder, "add", "README")
    git(
        a.folder,
        "-c",
        "user.name=Ann",
        "-c",
        "user.email=ann@example.org",
        "commit",
        "-qm",
        "notes",
    )
    a.sync()
    b = FakeEngine(clone(tmp_path, remote, "b"), RB)
    b.sync()
    (a.folder / "README").write_text("team notes, edited\n")  # not committed

    result = a.sync(0)

    assert result == SyncResult(RA, sent=0, received=1, conflicts=[], replicas_seen=[RB])
    assert (a.folder / "README").read_text() == "team notes, edited\n"
    assert git(a.folder, "status", "--porcelain") == " M README\n"
    assert git(a.folder, "rev-parse", "HEAD") == git(remote, "rev-parse", "HEAD")


def test_a_repository_without_a_remote_only_commits(tmp_path: Path) -> None:
    folder = tmp_path / "solo"
    git(tmp_path, "init", "--quiet", str(folder))
    a = FakeEngine(folder, RA)

    assert a.sync() == SyncResult(RA, sent=1, received=0, conflicts=[], replicas_seen=[])
    assert subjects(folder) == ["tracker sync: aaaaaaaa, 1 entries"]
    assert git(folder, "status", "--porcelain") == ""


def test_a_folder_outside_git_is_unusable(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    a = FakeEngine(folder, RA)

    with pytest.raises(UnusableError) as caught:
        a.sync()

    assert str(caught.value) == f"{folder} is not a git working copy (tracker sync --git needs one)"
    assert caught.value.exit_code == 1
    assert a.calls == 0
    assert list(folder.iterdir()) == []


def test_a_missing_folder_is_unusable(tmp_path: Path) -> None:
    folder = tmp_path / "nowhere"

    with pytest.raises(UnusableError) as caught:
        git_sync(folder, RA, FakeEngine(folder, RA))

    assert str(caught.value) == f"{folder} is not a git working copy: no such folder"
    assert not folder.exists()


def test_the_git_folder_itself_is_unusable(tmp_path: Path) -> None:
    remote = bare(tmp_path)

    with pytest.raises(UnusableError) as caught:
        git_sync(remote, RA, FakeEngine(remote, RA))

    assert str(caught.value) == f"{remote} is not a git working copy (tracker sync --git needs one)"


def test_a_bogus_remote_names_the_push(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    git(tmp_path, "init", "--quiet", str(folder))
    url = str(tmp_path / "no-such-remote.git")
    git(folder, "remote", "add", "origin", url)
    a = FakeEngine(folder, RA)

    with pytest.raises(UnusableError) as caught:
        a.sync()

    assert str(caught.value) == (
        f"git push -u origin HEAD failed in {folder}: "
        f"fatal: '{url}' does not appear to be a git repository"
    )
    assert a.calls == 1  # committed locally: the next sync pushes it
    assert subjects(folder) == ["tracker sync: aaaaaaaa, 1 entries"]


def test_an_unreachable_upstream_names_the_pull_and_nothing_runs(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    a.sync()
    url = str(tmp_path / "moved.git")
    git(a.folder, "remote", "set-url", "origin", url)
    calls = a.calls

    with pytest.raises(UnusableError) as caught:
        a.sync()

    assert str(caught.value) == (
        f"git pull --rebase --autostash failed in {a.folder}: "
        f"fatal: '{url}' does not appear to be a git repository"
    )
    assert a.calls == calls
    assert git(a.folder, "status", "--porcelain") == ""


def test_a_remote_that_refuses_the_push_is_not_retried(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    a.sync()
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'read-only for now' >&2\nexit 1\n")
    hook.chmod(0o755)

    with pytest.raises(UnusableError) as caught:
        a.sync()

    assert str(caught.value) == (
        f"git push failed in {a.folder}: error: failed to push some refs to '{remote}'"
    )
    assert len(subjects(remote)) == 1
    assert len(subjects(a.folder)) == 2


def test_without_git_the_sync_is_unusable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "a"
    git(tmp_path, "init", "--quiet", str(folder))
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))

    with pytest.raises(UnusableError) as caught:
        git_sync(folder, RA, FakeEngine(folder, RA))

    assert str(caught.value) == "git is not installed (no git command on PATH)"


def test_git_never_prompts_and_keeps_the_callers_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "env.txt"
    fake = tmp_path / "bin" / "git"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\nenv > '{record}'\nexit 128\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("TRACKER_TEST_MARK", "kept")
    folder = tmp_path / "a"
    folder.mkdir()

    with pytest.raises(UnusableError):
        git_sync(folder, RA, FakeEngine(folder, RA))

    env = dict(line.split("=", 1) for line in record.read_text().splitlines() if "=" in line)
    assert env["GIT_TERMINAL_PROMPT"] == "0"
    assert env["TRACKER_TEST_MARK"] == "kept"
    assert env["PATH"] == os.environ["PATH"]
    assert "GIT_TERMINAL_PROMPT" not in os.environ


def test_a_push_beaten_five_times_gives_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    a.sync()
    b = FakeEngine(clone(tmp_path, remote, "b"), RB)
    b.sync()
    a.sync(0)
    pushes: list[tuple[str, ...]] = []
    real_run = gitsync._Git.run

    def beaten(self: gitsync._Git, *args: str, **kw: Any) -> Any:
        if self.folder == a.folder and "push" in args:
            pushes.append(args)
            b.sync()  # B always gets in first
        return real_run(self, *args, **kw)

    monkeypatch.setattr(gitsync._Git, "run", beaten)

    with pytest.raises(UnusableError) as caught:
        a.sync()

    assert str(caught.value) == (
        f"git push failed in {a.folder}: error: failed to push some refs to '{remote}'"
    )
    assert (
        pushes
        == [("push", "--porcelain")] * gitsync.MAX_PUSH_ATTEMPTS
        == [("push", "--porcelain")] * 5
    )
    assert a.calls == 3  # two syncs before; this one ran once, then failed
    assert len(subjects(remote)) == 2 + 5  # a's and b's first, b's five; not a's last
    assert git(a.folder, "status", "--porcelain") == ""
    # a's commit waits, rebased; the next sync pulls, takes in b's five, pushes it.
    monkeypatch.setattr(gitsync._Git, "run", real_run)
    assert a.sync(0) == SyncResult(RA, sent=0, received=5, conflicts=[], replicas_seen=[RB])
    assert subjects(remote)[0] == "tracker sync: aaaaaaaa, 1 entries"


def test_the_folder_may_be_a_subfolder_of_the_working_copy(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    top = clone(tmp_path, remote, "a")
    (top / "team").mkdir()
    a = FakeEngine(top / "team", RA)

    a.sync()

    assert lines(remote, "ls-tree", "-r", "--name-only", "HEAD") == [
        "team/.gitignore",
        f"team/log/{RA}.jsonl",
    ]
    assert git(top, "status", "--porcelain") == ""


def test_a_detached_head_is_unusable(tmp_path: Path) -> None:
    remote = bare(tmp_path)
    a = FakeEngine(clone(tmp_path, remote, "a"), RA)
    a.sync()
    git(a.folder, "checkout", "--quiet", "--detach")
    calls = a.calls

    with pytest.raises(UnusableError) as caught:
        a.sync()

    assert str(caught.value) == f"{a.folder}: git is not on a branch (detached HEAD)"
    assert a.calls == calls
