"""``tracker sync DIR --git``: the sync folder is a git working copy, shared through a
remote. Around one sync (``run``) this pulls what the others pushed, commits this
replica's own log and pushes it, retrying when another replica pushed first.

Each replica writes only ``log/<its id>.jsonl`` (and the same one-line ``.gitignore``),
so a rebase of one replica's commits onto another's never conflicts. Git is driven
through its command line; every git failure becomes one :class:`UnusableError` line
naming the command and git's own message. Git never prompts (``GIT_TERMINAL_PROMPT=0``).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tracker.domain.authors import default_author
from tracker.errors import TrackerError, UnusableError
from tracker.requests import SyncResult

__all__ = ["LOCK_NAME", "MAX_PUSH_ATTEMPTS", "git_sync"]

#: The lock file a sync creates in the folder; ``.gitignore`` keeps it out of git.
LOCK_NAME = ".tracker-sync.lock"
#: How many times a push rejected because the remote moved is tried in all.
MAX_PUSH_ATTEMPTS = 5
#: The committer e-mail used when git has none configured.
FALLBACK_EMAIL = "tracker@localhost"


@dataclass
class _Done:
    code: int
    stdout: str
    stderr: str


class _Git:
    """Runs git in one folder, never prompting, the environment otherwise as given."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
        #: ``-c`` identity fallbacks for the commands that make commits (commit, and
        #: pull: the rebase and the autostash commit too); set once the folder is known.
        self.identity: list[str] = []

    def run(self, *args: str, check: bool = True, shown: str | None = None) -> _Done:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=self.folder,
                env=self.env,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                errors="replace",
                check=False,
            )
        except FileNotFoundError:
            raise UnusableError("git is not installed (no git command on PATH)") from None
        except OSError as exc:
            raise UnusableError(f"cannot run git in {self.folder}: {exc.strerror}") from None
        result = _Done(done.returncode, done.stdout, done.stderr)
        if check and result.code != 0:
            raise self.failure(args, result, shown)
        return result

    def failure(self, args: Sequence[str], done: _Done, shown: str | None = None) -> UnusableError:
        command = shown or " ".join(["git", *args])
        return UnusableError(f"{command} failed in {self.folder}: {_first_line(done)}")

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).code == 0

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()


def _first_line(done: _Done) -> str:
    """Git's message: its first ``fatal:``/``error:`` line, else its first line at all."""
    lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    if lines:
        return lines[0]
    return f"exit status {done.code}"


def git_sync(folder: Path, replica: str, run: Callable[[], SyncResult]) -> SyncResult:
    """Sync through git: pull (when the branch has an upstream), ``run()`` the sync,
    commit ``log/<replica>.jsonl`` and ``.gitignore`` if they changed, push (retried
    after a pull when another replica pushed first, up to :data:`MAX_PUSH_ATTEMPTS`
    pushes), and ``run()`` once more when such a pull brought something new; the two
    results are combined. Raises :class:`UnusableError` when ``folder`` is not in a git
    working copy or a git command fails."""
    git = _Git(folder)
    if not folder.is_dir():
        raise UnusableError(f"{folder} is not a git working copy: no such folder")
    inside = git.run("rev-parse", "--is-inside-work-tree", check=False)
    if inside.code != 0 or inside.stdout.strip() != "true":
        raise UnusableError(f"{folder} is not a git working copy (tracker sync --git needs one)")
    branch_found = git.run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
    if branch_found.code != 0:
        raise UnusableError(f"{folder}: git is not on a branch (detached HEAD)")
    branch = branch_found.stdout.strip()
    git.identity = _identity(git)

    if _has_upstream(git):
        _pull(git, ())
    _ensure_ignored(folder)
    result = run()
    _commit(git, replica, result.sent)
    if _push(git, branch):
        more = run()
        result = _combine(result, more)
        if _commit(git, replica, more.sent):
            _push(git, branch)  # what that pull brings waits for the next sync
    return result


def _has_upstream(git: _Git) -> bool:
    """The branch tracks a remote branch that exists (a clone of an empty repository
    names one that does not exist yet)."""
    return git.ok("rev-parse", "--quiet", "--verify", "@{upstream}")


def _pull(git: _Git, source: Sequence[str]) -> None:
    args = ("pull", "--rebase", "--autostash", "--quiet", *source)
    done = git.run(*git.identity, *args, check=False)
    if done.code != 0:
        # Leave the working copy as it was, never half-way through a rebase.
        rebasing = any(
            (git.folder / git.out("rev-parse", "--git-path", name)).exists()
            for name in ("rebase-merge", "rebase-apply")
        )
        if rebasing:
            git.run("rebase", "--abort", check=False)
        raise git.failure(args, done, " ".join(["git", *args[:3], *source]))


def _ensure_ignored(folder: Path) -> None:
    """``DIR/.gitignore`` lists the lock file (added as its own line when missing)."""
    path = folder / ".gitignore"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
    except (OSError, UnicodeDecodeError) as exc:
        raise UnusableError(f"cannot read {path}: {exc}") from None
    if any(line.strip() in (LOCK_NAME, "/" + LOCK_NAME) for line in text.splitlines()):
        return
    if text and not text.endswith("\n"):
        text += "\n"
    try:
        path.write_text(text + LOCK_NAME + "\n", encoding="utf-8")
    except OSError as exc:
        raise UnusableError(f"cannot write {path}: {exc.strerror}") from None


def _commit(git: _Git, replica: str, sent: int) -> bool:
    """Stage this replica's log and ``.gitignore``; commit them if anything changed.
    Only those two paths are committed, whatever else the user has staged."""
    paths = [".gitignore"]
    if (git.folder / "log" / f"{replica}.jsonl").exists():
        paths.insert(0, f"log/{replica}.jsonl")
    git.run("add", "--", *paths)
    if git.ok("diff", "--cached", "--quiet", "--", *paths):
        return False
    message = f"tracker sync: {replica[:8]}, {sent} entries"  # the spec's fixed wording
    git.run(*git.identity, "commit", "--quiet", "-m", message, "--", *paths, shown="git commit")
    return True


def _identity(git: _Git) -> list[str]:
    """``-c`` fallbacks for the committer when git has no name or e-mail configured."""
    args: list[str] = []
    if not git.run("config", "user.name", check=False).stdout.strip():
        try:
            name = default_author() or "tracker"
        except TrackerError:  # a bad TRACKER_AUTHOR must not stop a commit
            name = "tracker"
        args += ["-c", f"user.name={name}"]
    if not git.run("config", "user.email", check=False).stdout.strip():
        args += ["-c", f"user.email={FALLBACK_EMAIL}"]
    return args


def _push(git: _Git, branch: str) -> bool:
    """Push this branch; when another replica pushed first, pull (rebasing this one's
    commits onto theirs) and push again. True when such a pull brought something new."""
    if not git.ok("rev-parse", "--quiet", "--verify", "HEAD"):
        return False  # nothing committed yet: nothing to push
    pulled_new = False
    for attempt in range(1, MAX_PUSH_ATTEMPTS + 1):
        if _has_upstream(git):
            if int(git.out("rev-list", "--count", "@{upstream}..HEAD")) == 0:
                return pulled_new  # the remote has it all already
            args: tuple[str, ...] = ("push", "--porcelain")
            source: tuple[str, ...] = ()
        else:
            remote = _remote(git, branch)
            if remote is None:
                return pulled_new  # a local repository: committing is all there is
            args = ("push", "--porcelain", "-u", remote, "HEAD")
            source = (remote, branch)
        done = git.run(*args, check=False)
        shown = " ".join(a for a in ["git", *args] if a != "--porcelain")
        if done.code == 0:
            return pulled_new
        if not _rejected_as_behind(done) or attempt == MAX_PUSH_ATTEMPTS:
            raise git.failure(args, done, shown)
        before = git.out("rev-parse", "HEAD")
        _pull(git, source)
        if not git.ok("diff", "--quiet", before, "HEAD"):
            pulled_new = True
    return pulled_new  # pragma: no cover - the loop returns or raises


def _remote(git: _Git, branch: str) -> str | None:
    """The remote a branch without upstream is first pushed to: the one configured for
    it, else ``origin``, else the only one; None when there is no remote at all."""
    configured = git.run("config", f"branch.{branch}.remote", check=False).stdout.strip()
    if configured and configured != ".":
        return configured
    remotes = git.out("remote").split()
    if not remotes:
        return None
    if "origin" in remotes:
        return "origin"
    if len(remotes) == 1:
        return remotes[0]
    raise UnusableError(
        f"{git.folder}: branch {branch} has no upstream and there are several remotes; "
        f"set one with: git push -u <remote> {branch}"
    )


def _rejected_as_behind(done: _Done) -> bool:
    """The push was refused only because the remote has commits this one lacks
    (``git push --porcelain`` flags, which git does not translate)."""
    refused = [line for line in done.stdout.splitlines() if line.startswith("!")]
    return bool(refused) and all(
        "[rejected]" in line and ("(fetch first)" in line or "(non-fast-forward)" in line)
        for line in refused
    )


def _combine(first: SyncResult, second: SyncResult) -> SyncResult:
    return SyncResult(
        replica=first.replica,
        sent=first.sent + second.sent,
        received=first.received + second.received,
        conflicts=[*first.conflicts, *second.conflicts],
        replicas_seen=sorted({*first.replicas_seen, *second.replicas_seen}),
    )
