"""The timeline's geometry, shared by the terminal and HTML renderers.

Each open initiative is a bar from its start (announced day, else its first
history entry) to its deadline window; the window is a band when coarser than
one day. :class:`Scale` maps days to positions on a line of ``width`` cells
(terminal characters or SVG pixels) and gives the year ticks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Scale:
    first: date
    last: date
    width: float

    @classmethod
    def for_items(cls, items: list[Any], as_of: date, width: float) -> Scale:
        starts = [min(item.started, item.initiative.deadline.earliest) for item in items]
        ends = [item.initiative.deadline.latest for item in items]
        first = min([*starts, as_of])
        last = max([*ends, as_of])
        # Whole years at both ends, so the ticks fall on the edges.
        return cls(date(first.year, 1, 1), date(last.year, 12, 31), width)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def x(self, day: date) -> float:
        """Where ``day`` starts on the line: 0 for the first day, ``width`` after the last."""
        return (day - self.first).days * self.width / self.days

    def cell(self, day: date) -> int:
        """The character cell holding ``day`` (0 .. width-1)."""
        return min(int(self.x(day)), int(self.width) - 1)

    def ticks(self, most: int = 10) -> list[tuple[date, str]]:
        """January 1st of the years shown, labelled with the year: every year, or every
        2nd, 5th, 10th, 20th, 50th... so that there are at most ``most`` labels."""
        first, last = self.first.year, self.last.year
        step = next(
            (
                n
                for n in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
                if (last - first) // n + 1 <= most
            ),
            10_000,
        )
        start = -(-first // step) * step  # the first multiple of step, for round labels
        return [(date(y, 1, 1), str(y)) for y in range(start, last + 1, step)]


def bar_parts(item: Any) -> tuple[date, date, date, bool]:
    """(start, window earliest, window latest, is a band) for one timeline row."""
    deadline = item.initiative.deadline
    start = min(item.started, deadline.earliest)
    return start, deadline.earliest, deadline.latest, deadline.earliest != deadline.latest
