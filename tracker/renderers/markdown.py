"""``--format markdown``: the report as headings and pipe tables, for e-mail and wikis.

User text is escaped for Markdown (``|``, ``*``, ``_``, backticks, brackets and
angle brackets get a backslash; line breaks become spaces; control characters
are shown as ``\\uXXXX``), so a title can neither break a table nor inject HTML.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tracker.renderers import SectionRenderer
from tracker.renderers.phrasing import (
    SLIPPED_COLUMNS,
    change_author,
    change_evidence,
    change_summary,
    counts_line,
    due,
    filters_label,
    move_evidence,
    move_label,
    progress_text,
    report_sections,
    report_subtitle,
    safe,
    signed_days,
    window_label,
)
from tracker.renderers.timeline import bar_parts

if TYPE_CHECKING:
    from tracker.reports import Group, Item, Report

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")


def md(value: object) -> str:
    """Escape one piece of text for a Markdown table cell or paragraph."""
    if value is None:
        return "-"
    text = " ".join(safe(str(value)).split())
    return _SPECIAL.sub(r"\\\1", text) if text else "-"


def _table(header: list[str], align: str, rows: list[list[str]]) -> list[str]:
    """A pipe table; ``align`` has one letter per column: l(eft) or r(ight)."""
    marks = {"l": "---", "r": "--:"}
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _name(item: Item) -> str:
    linked = "".join(f" · {md(link)}" for link in item.links)
    return f"{md(item.initiative.title)} (`{item.slug}`){linked}"


def _progress(value: int | None) -> str:
    return "-" if value is None else f"`{progress_text(value)}`"


class MarkdownRenderer(SectionRenderer):
    def report(self, report: Report, rows: int = 20) -> None:
        lines = [f"# Progress report as of {report.as_of}", ""]
        lines += [md(line) + "  " for line in report_subtitle(report)]
        filters = filters_label(report.options.filters)
        if filters:
            lines.append(f"Filtered: {md(filters)}  ")
        lines[-1] = lines[-1].rstrip()
        lines += [
            "",
            f"- **Progress:** {_progress(report.progress)}",
            f"- **Status:** {counts_line(report.status_counts())}",
            f"- **Health:** {counts_line(report.health_counts())}",
        ]

        for heading, count, body, more in report_sections(report, rows, self):
            lines.extend(["", f"## {heading} ({count})", ""])
            lines.extend(["None."] if body is None else body)
            if more:
                lines.extend(["", f"… and {more} more (`--rows 0` shows all)."])
        self.stream.write("\n".join(lines) + "\n")

    @staticmethod
    def section_items(items: list[Item], days: str) -> list[str]:
        label = "Days overdue" if days == "days_overdue" else "Days left"
        return _table(
            ["Initiative", "Deadline", label, "Progress"],
            "llrl",
            [
                [
                    _name(item),
                    md(window_label(item.initiative.deadline)),
                    str(getattr(item, days)),
                    _progress(item.initiative.progress),
                ]
                for item in items
            ],
        )

    @staticmethod
    def section_changes(groups: list[Any]) -> list[str]:
        rows = []
        for group in groups:
            for n, change in enumerate(group.changes):
                rows.append(
                    [
                        _name(group.item) if n == 0 else "",
                        change.entry.effective,
                        md(change_summary(change)),
                        md(change_evidence(change) or None),
                        md(change_author(change)),
                    ]
                )
        return _table(["Initiative", "Effective", "Change", "Note / source", "By"], "lllll", rows)

    @staticmethod
    def section_slipped(items: list[Item]) -> list[str]:
        """One row per deadline move in the period; the initiative, its baseline and its
        total slip since then on its first."""
        rows = []
        for item in items:
            for n, move in enumerate(item.moves):
                first = n == 0
                rows.append(
                    [
                        _name(item) if first else "",
                        md(window_label(item.initiative.baseline_deadline)) if first else "",
                        signed_days(item.total_days_slipped) if first else "",
                        move.entry.effective,
                        md(move_label(move)),
                        signed_days(move.days),
                        md(move_evidence(move) or None),
                        md(move.entry.author or "-"),
                    ]
                )
        return _table(
            list(SLIPPED_COLUMNS),
            "llrllrll",
            rows,
        )

    @staticmethod
    def section_stale(items: list[Item]) -> list[str]:
        return _table(
            ["Initiative", "Status", "Last update", "Days"],
            "lllr",
            [
                [
                    _name(item),
                    md(item.initiative.status),
                    item.last_update.isoformat() if item.last_update else "-",
                    str(item.days_since_update),
                ]
                for item in items
            ],
        )

    @staticmethod
    def section_groups(groups: list[Group], label: str) -> list[str]:
        return _table(
            [label, "All", "Open", "Overdue", "Done", "Progress"],
            "lrrrrl",
            [
                [
                    md(group.name),
                    str(group.initiatives),
                    str(group.open),
                    str(group.overdue),
                    str(group.achieved),
                    _progress(group.progress),
                ]
                for group in groups
            ],
        )

    @staticmethod
    def section_timeline(report: Report, items: list[Item]) -> list[str]:
        return _table(
            ["Initiative", "Start", "Deadline window", "Precision", "Health"],
            "lllll",
            [
                [
                    _name(item),
                    bar_parts(item)[0].isoformat(),
                    f"{due(item.initiative).earliest}..{due(item.initiative).latest}",
                    str(due(item.initiative).precision),
                    f"**{item.health}**" if item.health == "overdue" else str(item.health),
                ]
                for item in items
            ],
        )
