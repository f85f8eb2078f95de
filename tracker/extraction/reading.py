"""Reading an article file into a :class:`Document`: its main text and its metadata.

``tracker extract`` reads plain text, Markdown, HTML and PDF. The kind is sniffed from
the content first (``%PDF``, an HTML doctype or ``<html``), then from the extension
(``.html``/``.htm``, ``.md``/``.markdown``, ``.pdf``); anything else is plain text.

- HTML: trafilatura finds the article (navigation, footers and the like are dropped)
  and the metadata: title, site name (else host name) as the publisher, publication
  date (htmldate's ``find_date`` where trafilatura finds none) and canonical URL.
- PDF: pypdf gives the text of every page; the document's ``/Title`` and creation date
  are used where the text itself does not say.
- Markdown: the markup is stripped (headings' ``#``, emphasis, links to their text,
  images, code fences, quotes and list markers); a front matter block is metadata.
- Plain text: UTF-8 (with or without a BOM), else UTF-16 with a BOM, GB18030 or Big5.
  A short first line that is not a sentence is the title; labelled lines near the top
  ("Published: 2026-02-03", "From: Shenzhen Daily | Updated: 2023-03-14",
  "發佈日期" or "来源" with a full-width colon, a bare URL) are metadata and leave the text.
  The labels are data: ``words/labels.toml`` beside this module.

The text is the title line, then the paragraphs, separated by blank lines; whitespace
is normalised and the text is NFC. Lines that a file wrapped inside a paragraph are
joined. The language is told from the text: the share of CJK characters for Chinese,
then OpenCC's traditional-to-simplified conversion for traditional (it changes many
characters of a traditional text, almost none of a simplified one).

Every failure is an :class:`InputError` (a file that is not an article: exit 2) or an
:class:`UnusableError` (a file that cannot be read: exit 1), one line naming the file.
The libraries are imported only by the functions that use them.
"""

from __future__ import annotations

import functools
import io
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tracker.domain import clock
from tracker.errors import InputError, UnusableError
from tracker.extraction.script import simplified as to_simplified

__all__ = ["Document", "detect_language", "read_document"]


@dataclass(frozen=True)
class Document:
    """An article as read: its main text and what it says about itself."""

    #: The title line, then the paragraphs separated by blank lines; NFC.
    text: str
    title: str | None = None
    #: The site name or organisation.
    publisher: str | None = None
    #: The publication date.
    published: date | None = None
    #: The canonical URL.
    url: str | None = None
    #: ``"en"``, ``"zh-Hans"``, ``"zh-Hant"`` or ``None``, told from the text.
    language: str | None = None
    #: The file name as given (``"-"`` for standard input).
    path: str = "-"


@dataclass
class _Found:
    """What a reader found in a file, before the overrides."""

    paragraphs: list[str]
    title: str | None = None
    publisher: str | None = None
    published: date | None = None
    url: str | None = None
    #: The first paragraph is the title line (it is not repeated).
    titled: bool = False


def read_document(
    path: str,
    data: bytes | None = None,
    *,
    published: date | None = None,
    publisher: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Document:
    """Read the article in ``path`` (or ``data``, the bytes of standard input for ``-``).

    ``published``, ``publisher``, ``url`` and ``title`` replace what the file says.
    """
    name = "standard input" if path == "-" else path
    if data is None:
        data = _read_bytes(path)
    kind = _kind(path, data)
    if kind == "pdf":
        found = _read_pdf(name, data)
    elif kind == "html":
        found = _read_html(name, data)
    else:
        text = _decode(name, data)
        if kind == "markdown":
            found = _read_lines(_strip_markdown(text))
        else:
            found = _read_lines(text.splitlines())
    paragraphs = [p for p in (_clean(p) for p in found.paragraphs) if p]
    if found.titled and paragraphs:
        paragraphs = paragraphs[1:]
    if not paragraphs:
        if kind == "html":
            raise InputError(f"{name}: no article text found in the page")
        raise InputError(f"{name}: the file is empty")
    final_title = _clean(title if title is not None else (found.title or "")) or None
    if final_title is not None and paragraphs[0] != final_title:
        paragraphs.insert(0, final_title)
    text = "\n\n".join(paragraphs)
    return Document(
        text=text,
        title=final_title,
        publisher=_clean(publisher if publisher is not None else found.publisher or "") or None,
        published=published if published is not None else found.published,
        url=(url if url is not None else found.url or "").strip() or None,
        language=detect_language(text),
        path=path,
    )


def _read_bytes(path: str) -> bytes:
    if path == "-":
        import sys

        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise UnusableError(f"cannot read {path}: {error.strerror or error}") from None


# ---------------------------------------------------------------- kinds and decoding

_EXTENSIONS = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
}
_HTML_START = re.compile(
    rb"\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html)", re.I | re.S
)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def _kind(path: str, data: bytes) -> str:
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if _HTML_START.match(data[:2048].removeprefix(b"\xef\xbb\xbf")):
        return "html"
    return _EXTENSIONS.get(Path(path).suffix.lower(), "text")


#: Characters an article's text is made of: ASCII, Latin, CJK ideographs and punctuation.
_PLAUSIBLE = re.compile(
    r"[\t\n\r\x20-\x7e\u00a0-\u024f\u2000-\u206f\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _decode(name: str, data: bytes) -> str:
    """The text of a file: UTF-8, else UTF-16 with a BOM, GB18030 or Big5."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked_text(name, data.decode(encoding))
            except UnicodeDecodeError:
                raise InputError(f"{name}: not a text, HTML or PDF file") from None
    if b"\x00" in data:
        raise InputError(f"{name}: not a text, HTML or PDF file")
    try:
        return _checked_text(name, data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    readings = []
    for encoding in ("gb18030", "big5"):
        try:
            readings.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise InputError(f"{name}: not a text, HTML or PDF file")
    # Big5 bytes mostly decode as GB18030 too, into kana, Greek and rare signs:
    # the reading with more ordinary characters is the right one.
    best = max(readings, key=lambda t: len(_PLAUSIBLE.findall(t)))
    if len(_PLAUSIBLE.findall(best)) < 0.9 * len(best):
        raise InputError(f"{name}: not a text, HTML or PDF file")
    return _checked_text(name, best)


def _checked_text(name: str, text: str) -> str:
    if len(_CONTROL.findall(text)) > 0.01 * len(text):
        raise InputError(f"{name}: not a text, HTML or PDF file")
    return text


# ---------------------------------------------------------------- plain text


@functools.cache
def _labels() -> dict[str, str]:
    """Each label (lower case) and the field it fills (``ignored`` for none)."""
    with (Path(__file__).parent / "words" / "labels.toml").open("rb") as file:
        table = tomllib.load(file)["fields"]
    return {label.casefold(): name for name, labels in table.items() for label in labels}


_FIELD = re.compile(r"\s*([^:\uff1a|\uff5c]{1,30}?)\s*[:\uff1a]\s*(.*?)\s*")
_FIELD_SEPARATOR = re.compile(r"\s[|\uff5c]\s|\s{3,}|\uff5c")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_YEAR = re.compile(r"\d{4}|[〇零一二三四五六七八九]{4}\s*年")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: How many non-blank lines at the top may carry metadata.
_HEAD_LINES = 12
#: A title is at most this long, and does not end as a sentence does.
_TITLE_MAX = 200
#: A first line up to this long may be a title with the text right under it.
_TITLE_WRAPPED = 60
_SENTENCE_END = ".!?\u3002\uff01\uff1f"
_CLOSING_QUOTES = "\"'\u201d\u2019\u300d\u300f)\uff09"


def _fields(line: str) -> dict[str, str] | None:
    """The labelled fields of a metadata line, or None when it is not one."""
    found: dict[str, str] = {}
    for part in _FIELD_SEPARATOR.split(line.strip()):
        if not part.strip():
            continue
        match = _FIELD.fullmatch(part)
        if match is None:
            return None
        field_name = _labels().get(match[1].casefold())
        if field_name is None:
            return None
        found.setdefault(field_name, match[2])
    return found or None


def _day(value: str, *, alone: bool = False) -> date | None:
    """The single day a metadata value names (it must give the year), else None.

    ``alone``: the value is a line of its own, which is a dateline only when the date is
    most of it (not "今日" or "today" inside a sentence)."""
    if not _YEAR.search(value):
        return None
    iso = _ISO_DAY.search(value)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
    from tracker.domain.deadlines import Precision, find_windows, parse_day

    today = clock.today()
    try:
        return parse_day(value, today)
    except (InputError, ValueError):
        pass
    try:
        windows = find_windows(value, today)
    except (InputError, ValueError):
        return None
    days = [
        w.window.earliest
        for w in windows
        if w.window.precision is Precision.DAY
        and (not alone or 3 * len(w.text.replace(" ", "")) >= len(value.replace(" ", "")))
    ]
    return days[0] if days else None


def _is_title(line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= _TITLE_MAX
        and line.rstrip(_CLOSING_QUOTES)[-1:] not in _SENTENCE_END
        and _fields(line) is None
        and not _URL.fullmatch(line)
    )


def _read_lines(lines: list[str], found: _Found | None = None) -> _Found:
    """Metadata from the head of the lines, the title line, and the paragraphs."""
    found = found or _Found(paragraphs=[])
    lines = [line.rstrip() for line in lines]
    body: list[str] = []
    seen = 0
    for number, line in enumerate(lines):
        if not line.strip():
            body.append(line)
            continue
        seen += 1
        if seen > _HEAD_LINES:
            body += lines[number:]
            break
        if _take_metadata(line, found):
            continue
        if seen == 1 and _is_title(line) and _stands_alone(line, lines[number + 1 :]):
            found.title = found.title or _clean(line)
            found.titled = found.title == _clean(line)
            body += [line, ""]  # a title is a paragraph of its own
            continue
        body.append(line)
    found.paragraphs = _paragraphs(body)
    return found


def _stands_alone(line: str, rest: list[str]) -> bool:
    """A first line is a title when text follows, and it is short or set apart (by a blank
    or metadata line) from what follows: else it is the first line of a wrapped paragraph."""
    following = next((x for x in rest if x.strip()), None)
    if following is None:
        return False
    return len(line.strip()) <= _TITLE_WRAPPED or not rest[0].strip() or _is_metadata(rest[0])


def _is_metadata(line: str) -> bool:
    return _take_metadata(line, _Found(paragraphs=[]))


def _take_metadata(line: str, found: _Found) -> bool:
    """Fill ``found`` from a metadata line; False when the line is text."""
    stripped = line.strip()
    if _URL.fullmatch(stripped):
        found.url = found.url or stripped
        return True
    fields = _fields(stripped)
    if fields is None:
        if (
            len(stripped) <= 40
            and found.published is None
            and (day := _day(stripped, alone=True)) is not None
        ):
            found.published = day  # a date on a line of its own
            return True
        return False
    if "published" in fields and found.published is None:
        found.published = _day(fields["published"])
    if fields.get("publisher") and found.publisher is None:
        found.publisher = fields["publisher"]
    if fields.get("url") and found.url is None:
        found.url = fields["url"]
    if fields.get("title") and found.title is None:
        found.title = fields["title"]
    return True


def _paragraphs(lines: list[str]) -> list[str]:
    """Blocks between blank lines; inside one, a line ending a sentence (or short, like a
    heading) ends a paragraph, and the lines a file wrapped are joined."""
    paragraphs: list[str] = []
    current = ""
    for raw in [*lines, ""]:
        line = raw.strip()
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        current = _join(current, line) if current else line
        if line.rstrip(_CLOSING_QUOTES)[-1:] in _SENTENCE_END or len(line) < 40:
            paragraphs.append(current)
            current = ""
    return paragraphs


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _join(before: str, after: str) -> str:
    if _CJK.match(before[-1]) and _CJK.match(after[0]):
        return before + after
    if before.endswith("-") and before[-2:-1].isalpha():
        return before + after
    return f"{before} {after}"


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def _clean(text: str) -> str:
    """One paragraph: NFC, no invisible characters, single spaces, no newlines."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    return _SPACES.sub(" ", text.replace("\r", " ").replace("\n", " ")).strip()


# ---------------------------------------------------------------- Markdown

_FENCE = re.compile(r"\s*(```|~~~)")
_HEADING = re.compile(r"\s{0,3}#{1,6}\s+(.*?)\s*#*\s*")
_RULE = re.compile(r"\s{0,3}([-=*_])(\s*\1){2,}\s*")
_QUOTE_OR_ITEM = re.compile(r"^(\s*>\s?)+|^\s*([-*+]|\d{1,3}[.)])\s+")
_REFERENCE = re.compile(r"\s{0,3}\[[^\]]+\]:\s+\S+.*")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]")
_LINK = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\[[^\]]*\])")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>]+)>")
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>")
_STRONG = re.compile(r"(\*\*|__|~~)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_CODE = re.compile(r"`+([^`]*)`+")


def _strip_markdown(text: str) -> list[str]:
    """The lines of a Markdown text without its markup; a front matter block is kept as
    its ``key: value`` lines, which the metadata reading takes."""
    lines = text.splitlines()
    out: list[str] = []
    if lines and lines[0].strip() == "---" and "---" in (x.strip() for x in lines[1:]):
        end = [x.strip() for x in lines].index("---", 1)
        out += [x for x in lines[1:end] if x.strip()] + [""]
        lines = lines[end + 1 :]
    for line in lines:
        if _FENCE.match(line) or _REFERENCE.fullmatch(line) or _RULE.fullmatch(line):
            out.append("")
            continue
        heading = _HEADING.fullmatch(line)
        if heading:
            out += ["", _inline(heading[1]), ""]
            continue
        out.append(_inline(_QUOTE_OR_ITEM.sub("", line, count=1)))
    return out


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    return _EMPHASIS.sub(r"\2", text)


# ---------------------------------------------------------------- HTML


def _read_html(name: str, data: bytes) -> _Found:
    import trafilatura

    try:
        page: Any = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
        )
    except Exception as error:  # the library's own failures, whatever they are
        raise InputError(f"{name}: cannot read the HTML page ({_one_line(error)})") from None
    body = getattr(page, "text", None) or ""
    if page is None or not body.strip():
        raise InputError(f"{name}: no article text found in the page")
    found = _Found(paragraphs=body.splitlines())
    found.title = _clean(page.title or "") or None
    found.publisher = _clean(page.sitename or page.hostname or "") or None
    found.url = (page.url or "").strip() or None
    found.published = _iso_day(page.date) or _html_date(data)
    return found


def _html_date(data: bytes) -> date | None:
    from htmldate import find_date

    try:
        return _iso_day(find_date(data.decode("utf-8", "replace"), original_date=True))
    except Exception:  # htmldate's failures: no date, then
        return None


def _iso_day(value: object) -> date | None:
    match = _ISO_DAY.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


# ---------------------------------------------------------------- PDF

_FILE_TITLE = re.compile(r"^(microsoft \w+ - |untitled)|\.(docx?|pdf|rtf|indd|odt)$", re.I)


def _read_pdf(name: str, data: bytes) -> _Found:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR + 10)  # no warnings on stderr
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{name}: the PDF is encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        meta_title = str(info.title or "") if info is not None else ""
        created = info.creation_date if info is not None else None
    except InputError:
        raise
    except Exception as error:  # pypdf's failures on a broken or encrypted file
        raise InputError(f"{name}: cannot read the PDF ({_one_line(error)})") from None
    if not any(page.strip() for page in pages):
        raise InputError(f"{name}: the PDF has no text layer (a scanned document?)")
    found = _Found(paragraphs=[])
    meta_title = _clean(meta_title)
    if meta_title and not _FILE_TITLE.search(meta_title):
        found.title = meta_title
    found = _read_lines("\n\n".join(pages).splitlines(), found)
    if found.published is None and isinstance(created, datetime):
        found.published = created.date()
    return found


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


# ---------------------------------------------------------------- language

_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[A-Za-z]")
#: A text is Chinese when its ideographs are at least this share of its Latin letters
#: (an ideograph carries about as much as a short English word).
_CHINESE_SHARE = 1 / 3
#: ... and traditional when OpenCC's t2s changes at least this share of them.
_TRADITIONAL_SHARE = 0.05
_SAMPLE = 5000


def detect_language(text: str) -> str | None:
    """``"en"``, ``"zh-Hans"``, ``"zh-Hant"`` or None (no letters at all)."""
    ideographs = "".join(_IDEOGRAPH.findall(text))
    letters = len(_LETTER.findall(text))
    if ideographs and len(ideographs) >= _CHINESE_SHARE * letters:
        sample = ideographs[:_SAMPLE]
        simplified = to_simplified(sample)
        changed = sum(a != b for a, b in zip(sample, simplified, strict=False))
        return "zh-Hant" if changed >= _TRADITIONAL_SHARE * len(sample) else "zh-Hans"
    return "en" if letters else None
