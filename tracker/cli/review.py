"""``tracker extract --review``: a person walks through the candidates on a terminal.

Each candidate is drawn in a panel and answered: accept, edit (title, status,
deadline), skip or quit. Nothing is written while asking; the accepted ones are then
recorded at once, in one transaction, by :meth:`tracker.api.Tracker.record_proposals`
(the path ``tracker import`` takes for ``extract``'s lines). The answers are read
from the :class:`~tracker.cli.environment.Environment`'s standard input, line by
line; the panels and questions go to its standard output even with ``--quiet``
(which silences only the closing summary), since a question must be seen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

from tracker.errors import InputError, Interrupted
from tracker.renderers.phrasing import safe

T = TypeVar("T")

if TYPE_CHECKING:
    from tracker.api import Tracker
    from tracker.cli.environment import Environment
    from tracker.domain.windows import Window
    from tracker.renderers.table import TableRenderer
    from tracker.requests import Proposal

#: The answers to "accept?", and what they do.
ANSWERS = "[a]ccept, [e]dit, [s]kip, [q]uit, ? for help"


class _Stop(Exception):
    """The person quit: ask no more."""


class Review:
    """One review: the candidates, the person's answers, what was accepted."""

    def __init__(self, env: Environment, tracker: Tracker, proposals: list[Proposal]) -> None:
        from tracker.renderers.table import TableRenderer

        self.env = env
        self.tracker = tracker
        self.proposals = proposals
        self.draw: TableRenderer = TableRenderer(env.stdout, env.colour)
        self.accepted: list[Proposal] = []

    def run(self) -> None:
        """Ask about every candidate, then record the accepted ones (all or nothing).
        Ctrl-C, at a question or while recording, writes nothing (exit 130)."""
        try:
            self._run()
        except KeyboardInterrupt:
            raise Interrupted("interrupted; nothing was recorded") from None

    def _run(self) -> None:
        total = len(self.proposals)
        if not total:
            self.env.out.write("No initiatives found; nothing to review.\n")
            return
        quit_early = False
        for number, proposal in enumerate(self.proposals, 1):
            try:
                chosen = self._one(proposal, number, total)
            except _Stop:
                quit_early = True
                break
            if chosen is not None:
                self.accepted.append(chosen)
        if not self.accepted:
            self.env.out.write("Nothing accepted; nothing recorded.\n")
            return
        if quit_early:
            count = len(self.accepted)
            noun = "candidate" if count == 1 else "candidates"
            if not self._yes(f"Record the {count} accepted {noun}? [Y/n] "):
                raise InputError("not confirmed; nothing was recorded")
        result = self.tracker.record_proposals(self.accepted)
        if not self.env.quiet:
            from tracker.renderers.table import TableRenderer

            TableRenderer(self.env.out, self.env.colour).reviewed(result, total)

    # -- one candidate -------------------------------------------------------------

    def _one(self, proposal: Proposal, number: int, total: int) -> Proposal | None:
        """The candidate as it is to be recorded, or None when skipped."""
        self.draw.candidate(proposal, number, total)
        while True:
            answer = self._ask(f"({number}/{total}) {ANSWERS}: ").lower()
            if answer in ("a", "accept"):
                return self._how(proposal)
            if answer in ("e", "edit"):
                proposal = self._edit(proposal)
                self.draw.candidate(proposal, number, total)
            elif answer in ("s", "skip"):
                return None
            elif answer in ("q", "quit"):
                raise _Stop
            elif answer in ("?", "h", "help"):
                self.draw.review_help(proposal.match is not None)
            else:
                self._say("Answer a, e, s, q, or ? for help.")

    def _how(self, proposal: Proposal) -> Proposal:
        """A matched candidate: a source of the tracked initiative (the default), or a
        new initiative of its own."""
        if proposal.match is None:
            return proposal
        while True:
            answer = self._ask(
                f"Add it as a source of {proposal.match} [S], or as a new initiative [n]? "
            ).lower()
            if answer in ("", "s", "source"):
                return proposal
            if answer in ("n", "new"):
                return replace(proposal, match=None, match_score=None)
            self._say("Answer s (a source of the tracked one) or n (a new initiative).")

    def _edit(self, proposal: Proposal) -> Proposal:
        """Title, status and deadline, each kept when the answer is empty; a bad answer
        is said and asked again. The deadline is read from the publication day."""
        from tracker.domain.model import Status, check_text, parse_status

        kept = proposal.deadline
        title = self._until_read(
            f"Title [{safe(proposal.title)}]: ",
            lambda answer: " ".join(check_text(answer, "the title").split()) or proposal.title,
        )
        status = self._until_read(
            f"Status ({', '.join(Status)}) [{proposal.status}]: ",
            lambda answer: str(parse_status(answer)) if answer else proposal.status,
        )

        def window(answer: str) -> Window | None:
            if not answer:
                return kept
            if answer == "-":
                return None
            return self.tracker.window(answer, "deadline", proposal.announced)

        deadline = self._until_read(
            f"Deadline (- for none) [{safe(kept.text) if kept is not None else 'none'}]: ", window
        )
        if proposal.match is not None:
            self._say(
                f"(The edits are kept if it is recorded as a new initiative; as a source of"
                f" {proposal.match}, only the article is added.)"
            )
        return replace(proposal, title=title, status=status, deadline=deadline)

    # -- the terminal ---------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.env.stdout.write(text + "\n")

    def _ask(self, prompt: str) -> str:
        """One answer, stripped. The end of the input is no answer: nothing is recorded."""
        self.env.stdout.write(prompt)
        self.env.stdout.flush()
        line = self.env.stdin.readline()
        if not line:
            self.env.stdout.write("\n")
            raise InputError("the input ended before the review did; nothing was recorded")
        return line.strip()

    def _until_read(self, prompt: str, read: Callable[[str], T]) -> T:
        """What ``read`` makes of the answer; a bad answer is said and asked again."""
        while True:
            answer = self._ask(prompt)
            try:
                return read(answer)
            except InputError as error:
                self._say(f"{error.message}; try again.")

    def _yes(self, prompt: str) -> bool:
        while True:
            answer = self._ask(prompt).lower()
            if answer in ("", "y", "yes"):
                return True
            if answer in ("n", "no"):
                return False
            self._say("Answer y or n.")
