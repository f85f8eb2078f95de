"""``--format markdown``: the report as headings and pipe tables, for e-mail and wikis.

User text is escaped for Markdown (``|``, ``*``, ``_``, backticks, brackets and
angle brackets get a backslash; line breaks become spaces; control characters
are shown as ``\\uXXXX``), so a title can neither break a table nor inject HTML.

URLs never get a backslash: Markdown reads none inside an autolink, and GitHub's and
markdown-it's linkify take a bare URL's backslashes into its address (``?x=1\\&y=2``
became ``href="...?x=1%5C&y=2"``). A URL in any text is written as an autolink
``<url>``, a source with a title and a URL as ``[title](<url>)``; in either, only what
would end the link or split a table cell is percent-encoded (white space, ``<``,
``>``, ``|``, and in ``[title](<url>)`` a backslash and an ``&`` that starts an
entity), so the address a reader follows is the one recorded.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tracker.renderers import SectionRenderer
from tracker.renderers.phrasing import (
    SLIPPED_COLUMNS,
    change_author,
    change_summary,
    counts_line,
    due,
    evidence_parts,
    filters_label,
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
    from tracker.domain.initiatives import HistoryEntry, Source
    from tracker.reports import Group, Item, Report

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")

#: A URL in running text (made :func:`phrasing.safe` already): a scheme, ``://``, then
#: anything up to white space, an angle bracket, a double quote or a backslash (which
#: starts what ``safe`` shows of a control character: ``\\u001b``).
_URL = re.compile(r'\b[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\s<>"\\]+')
#: What ends a URL in running text rather than belongs to it (as GFM's autolinks read it).
_TRAILING = "?!.,:;*_~'\""
#: In any link: what would end it or split a table cell.
_BREAKS = {" ": "%20", "<": "%3C", ">": "%3E", "|": "%7C"}
#: In ``[title](<url>)`` also a backslash (else it escapes what follows it), and an
#: ``&`` that would start an entity (written ``&amp;``, which that reading gives back).
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
#: An absolute URL, as a source's address (which may hold spaces).
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,31}://\S")


def _escaped(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", safe(text))


def _url_end(url: str) -> str:
    """``url`` without the punctuation that ends the sentence around it: a trailing
    ``.,;:`` and the like, and a closing parenthesis it did not open."""
    while url:
        if url[-1] in _TRAILING or (url[-1] == ")" and url.count(")") > url.count("(")):
            url = url[:-1]
        else:
            break
    return url


def _encoded(url: str) -> str:
    return "".join(_BREAKS.get(c, c) for c in url)


def autolink(url: str) -> str:
    """``<url>``: a link whose text is the URL itself (``[url](<url>)`` for one with an
    ``&`` that would start an entity, which cmark-gfm reads inside an autolink)."""
    if _ENTITY.search(url):
        return linked(url, url)
    return f"<{_encoded(url)}>"


def linked(label: str, url: str) -> str:
    """``[label](<url>)``: ``label`` escaped, the URL as it is (but what would end it)."""
    address = _ENTITY.sub("&amp;", _encoded(url).replace("\\", "%5C"))
    return f"[{_escaped(label) or '-'}](<{address}>)"


def md(value: object) -> str:
    """One piece of text for a Markdown table cell or paragraph: escaped, but each URL
    in it an autolink (never a backslash in a URL)."""
    if value is None:
        return "-"
    text = " ".join(safe(str(value)).split())
    out, at = [], 0
    for match in _URL.finditer(text):
        url = _url_end(match.group())
        if "://" not in url or url.endswith("://"):
            continue
        out += [_escaped(text[at : match.start()]), autolink(url)]
        at = match.start() + len(url)
    out.append(_escaped(text[at:]))
    return "".join(out) or "-"


def source_md(source: Source) -> str:
    """A cited document: ``[title](<url>)``, ``<url>`` without a title; a title or a
    path (not a URL) as text."""
    url = safe(source.url)
    if _ABSOLUTE.match(url):
        return linked(source.title, url) if source.title else autolink(url)
    return md(source.label)


def evidence(entry: HistoryEntry, quote: bool = False) -> str:
    """A history entry's note, source, (quote) and ref, ``; ``-separated, its source
    linked."""
    parts = [
        "source: " + source_md(source) if source is not None else md(text)
        for text, source in evidence_parts(entry, quote)
    ]
    return "; ".join(parts) or "-"


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
                        evidence(change.entry),
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
                        evidence(move.entry, quote=True),
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
