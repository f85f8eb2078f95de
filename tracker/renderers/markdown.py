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

from tracker.i18n import ENGLISH, PRECISION_LABELS, Words
from tracker.renderers import SectionRenderer
from tracker.renderers.phrasing import (
    SLIPPED_COLUMNS,
    change_author,
    change_summary,
    counts_line,
    due,
    evidence_parts,
    filters_label,
    more_not_shown,
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


def evidence(entry: HistoryEntry, quote: bool = False, w: Words = ENGLISH) -> str:
    """A history entry's note, source, (quote) and ref, ``; ``-separated, its source
    linked."""
    parts = [
        md(w("source:")) + " " + source_md(source) if source is not None else md(text)
        for text, source in evidence_parts(entry, quote, w)
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
    def report(self, report: Report, rows: int = 20, lang: str = "en") -> None:
        self.words = w = Words(lang)
        lines = [f"# {md(w('Progress report as of {day}', day=report.as_of))}", ""]
        lines += [md(line) + "  " for line in report_subtitle(report, w)]
        filters = filters_label(report.options.filters, w)
        if filters:
            lines.append(f"{md(w('Filtered:'))} {md(filters)}  ")
        lines[-1] = lines[-1].rstrip()
        status = counts_line(report.status_counts(), w, w.status)
        health = counts_line(report.health_counts(), w, w.health)
        lines += [
            "",
            f"- **{md(w('Progress'))}:** {_progress(report.progress)}",
            f"- **{md(w('Status'))}:** {_word(status, w)}",
            f"- **{md(w('Health'))}:** {_word(health, w)}",
        ]

        for _key, heading, count, body, more in report_sections(report, rows, self, w):
            lines.extend(["", f"## {md(heading)} ({count})", ""])
            lines.extend([md(w("None."))] if body is None else body)
            if more:
                sentence = more_not_shown(more, w, "`--rows 0`")
                lines.extend(["", sentence + ("." if w.english else "")])
        self.stream.write("\n".join(lines) + "\n")

    def section_items(self, items: list[Item], days: str) -> list[str]:
        w = self.words
        label = w("Days overdue") if days == "days_overdue" else w("Days left")
        return _table(
            _header(w, "Initiative", "Deadline", label, "Progress"),
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

    def section_changes(self, groups: list[Any]) -> list[str]:
        w = self.words
        rows = []
        for group in groups:
            for n, change in enumerate(group.changes):
                rows.append(
                    [
                        _name(group.item) if n == 0 else "",
                        change.entry.effective,
                        md(change_summary(change, w)),
                        evidence(change.entry, w=w),
                        md(change_author(change)),
                    ]
                )
        header = _header(w, "Initiative", "Effective", "Change", "Note / source", "By")
        return _table(header, "lllll", rows)

    def section_slipped(self, items: list[Item]) -> list[str]:
        """One row per deadline move in the period; the initiative, its baseline and its
        total slip since then on its first."""
        w = self.words
        rows = []
        for item in items:
            for n, move in enumerate(item.moves):
                first = n == 0
                rows.append(
                    [
                        _name(item) if first else "",
                        md(window_label(item.initiative.baseline_deadline)) if first else "",
                        md(signed_days(item.total_days_slipped, w)) if first else "",
                        move.entry.effective,
                        md(move_label(move)),
                        md(signed_days(move.days, w)),
                        evidence(move.entry, quote=True, w=w),
                        md(move.entry.author or "-"),
                    ]
                )
        return _table(
            _header(w, *SLIPPED_COLUMNS),
            "llrllrll",
            rows,
        )

    def section_stale(self, items: list[Item]) -> list[str]:
        w = self.words
        return _table(
            _header(w, "Initiative", "Status", "Last update", "Days"),
            "lllr",
            [
                [
                    _name(item),
                    md(w.status(item.initiative.status)),
                    item.last_update.isoformat() if item.last_update else "-",
                    str(item.days_since_update),
                ]
                for item in items
            ],
        )

    def section_groups(self, groups: list[Group], label: str) -> list[str]:
        return _table(
            [md(label), *_header(self.words, "All", "Open", "Overdue", "Done", "Progress")],
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

    def section_timeline(self, report: Report, items: list[Item]) -> list[str]:
        w = self.words
        rows = []
        for item in items:
            health = _word(w.health(str(item.health)), w)
            rows.append(
                [
                    _name(item),
                    bar_parts(item)[0].isoformat(),
                    f"{due(item.initiative).earliest}..{due(item.initiative).latest}",
                    _word(w.code(PRECISION_LABELS, str(due(item.initiative).precision)), w),
                    f"**{health}**" if item.health == "overdue" else health,
                ]
            )
        header = _header(w, "Initiative", "Start", "Deadline window", "Precision", "Health")
        return _table(header, "lllll", rows)


def _header(w: Words, *columns: str) -> list[str]:
    """A table's column headers in ``w``'s language."""
    return [md(w(column)) for column in columns]


def _word(text: str, w: Words) -> str:
    """A code as the report shows it: as it is in English (``due_soon``, as the report
    has always written it), a translated word escaped."""
    return text if w.english else md(text)
