"""Cutting a text into sentences, each with its offsets, so that a quote is the text
exactly as written (``text[start:end]``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Abbreviations after which a full stop does not end an English sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "no",
        "nos",
        "vol",
        "art",
        "para",
        "cf",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "approx",
        "dept",
        "govt",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "h.k",
        "p.r.c",
    ]
)
#: A sentence ends at a Chinese full stop, exclamation or question mark (a
#: semicolon ends a clause-list item, which a plan uses as a sentence), or at an
#: English one followed by a space and a capital, a digit or an opening quote.
_CJK_END = re.compile(r"[\u3002\uff01\uff1f\uff1b;](?:[\u201d\u300d\u300f\"\)]*)")
_EN_END = re.compile(r"[.!?](?:[\u201d\u2019\"'\)]*)(?=\s+[\"\u201c\u2018(\[A-Z0-9\u4e00-\u9fff])")
_LINE = re.compile(r"\n")
_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``: a line break (a paragraph, a list item, a heading)
    always ends one; inside a line, an English full stop (not after an abbreviation
    or an initial) or a Chinese one does. Leading list marks and spaces are left out."""
    found: list[Sentence] = []
    line_start = 0
    for line_end in [*(m.start() for m in _LINE.finditer(text)), len(text)]:
        start = line_start
        for end in _ends(text, line_start, line_end):
            _add(found, text, start, end)
            start = end
        _add(found, text, start, line_end)
        line_start = line_end + 1
    return found


#: A note in brackets closing a line ("(国务院各部门分别负责,年内持续推进)"): who does
#: the item before it, and by when; it stays with that item.
_CLOSING_NOTE = re.compile(r"\s*[(\uff08][^()\uff08\uff09]{2,60}[)\uff09]\s*$")


def _ends(text: str, start: int, end: int) -> list[int]:
    cuts = [
        m.end()
        for m in _CJK_END.finditer(text, start, end)
        if not _CLOSING_NOTE.match(text, m.end(), end)
    ]
    for match in _EN_END.finditer(text, start, end):
        word = re.search(r"([A-Za-z.]+)$", text[start : match.start()])
        if word is not None:
            before = word.group(1).lower().rstrip(".")
            if before in _ABBREVIATIONS or len(before) == 1:
                continue  # "Mr. Chan", "J. Smith", "U.S. rules"
        cuts.append(match.end())
    return sorted(set(cuts))


def _add(found: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and (_SPACE.match(text[start]) or text[start] in "-*\u2022\u00b7\u25cf>#"):
        start += 1
    while end > start and _SPACE.match(text[end - 1]):
        end -= 1
    if end - start >= 8:
        found.append(Sentence(start, end, text[start:end]))
