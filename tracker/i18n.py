"""The words tracker itself shows (headings, labels, status names) in the language asked.

The catalogues are Babel ``.po`` files shipped inside the package
(``tracker/locale/<locale>/LC_MESSAGES/tracker.po``) and read when first asked for,
with Babel's own reader: nothing is compiled at build time, and no command that does
not ask for a language imports Babel (``tracker list`` stays light). English is the
source language: its words are the message ids, so ``en`` needs no catalogue.

:func:`translator` gives one language's lookup; ``tracker site --lang`` uses it, and a
report format can use the same (a follow-up gives ``report --lang``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources

from tracker.errors import InputError

#: The languages, as ``--lang`` takes them (BCP 47 tags), in the order help lists them.
LANGUAGES = ("en", "zh-Hant", "zh-Hans")

#: --lang -> the catalogue's folder (a Babel locale identifier).
_LOCALES = {"en": None, "zh-Hant": "zh_Hant", "zh-Hans": "zh_Hans"}

Translate = Callable[[str], str]

#: The words for the stored codes (message ids of the catalogues), shared by the site
#: and the report formats.
STATUS_LABELS = {
    "proposed": "Proposed",
    "announced": "Announced",
    "in_progress": "In progress",
    "achieved": "Achieved",
    "stalled": "Stalled",
    "abandoned": "Abandoned",
    "superseded": "Superseded",
}
HEALTH_LABELS = {
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "on_track": "On track",
    "no_deadline": "No deadline",
    "closed": "Closed",
}
CONFIDENCE_LABELS = {
    "green": "Green",
    "amber_green": "Amber/green",
    "amber": "Amber",
    "amber_red": "Amber/red",
    "red": "Red",
}
KIND_LABELS = {
    "proposal": "Proposal",
    "plan": "Plan",
    "programme": "Programme",
    "policy": "Policy",
    "measure": "Measure",
}
EVENT_LABELS = {
    "created": "Added",
    "update": "Update",
    "edit": "Edit",
    "retract": "Retraction",
    "amend": "Amendment",
}
RELATION_LABELS = {
    "supersedes": "Supersedes",
    "superseded by": "Superseded by",
    "duplicates": "Duplicates",
    "duplicated by": "Duplicated by",
    "depends on": "Depends on",
    "needed by": "Needed by",
    "relates to": "Relates to",
}
KIND_HEADINGS = {"tag": "Tags", "jurisdiction": "Jurisdictions", "sponsor": "Sponsors"}
KIND_SINGULAR = {"tag": "Tag", "jurisdiction": "Jurisdiction", "sponsor": "Sponsor"}
#: A deadline's precision, as shown beside its window.
PRECISION_LABELS = {
    "day": "day",
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "half": "half",
    "part-year": "part-year",
    "year": "year",
    "multi-year": "multi-year",
}
#: The fields a history entry changes, as its summary names them.
FIELD_LABELS = {
    "status": "Status",
    "progress": "Progress",
    "confidence": "Confidence",
    "deadline": "Deadline",
    "title": "Title",
    "summary": "Summary",
    "kind": "Kind",
    "slug": "Slug",
    "announced": "Announced",
    "parent": "Parent",
    "tags": "Tags",
    "jurisdictions": "Jurisdictions",
    "sponsors": "Sponsors",
    "links": "Links",
    "sources": "Sources",
}
#: A field's values that are codes, and the table that names them.
VALUE_LABELS: dict[str, tuple[str | None, Mapping[str, str]]] = {
    "status": ("status", STATUS_LABELS),
    "confidence": (None, CONFIDENCE_LABELS),
    "kind": (None, KIND_LABELS),
}

#: Separates a message's context from its id in :func:`catalogue`'s keys.
CONTEXT = "\x04"


def check_language(lang: str) -> str:
    """``lang`` as ``--lang`` takes it (any case); an unknown one is refused."""
    for known in LANGUAGES:
        if lang.strip().casefold() == known.casefold():
            return known
    raise InputError(f"unknown --lang {lang!r}; choose from {', '.join(LANGUAGES)}")


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The translated words of ``lang`` (message id -> text); empty for English. Entries
    without a translation, or marked fuzzy, are left out: their English shows."""
    folder = _LOCALES[check_language(lang)]
    if folder is None:
        return {}
    from babel.messages.pofile import read_po  # only for a language other than English

    path = resources.files("tracker") / "locale" / folder / "LC_MESSAGES" / "tracker.po"
    with path.open("rb") as stream:
        read = read_po(stream, locale=folder)
    return {
        (f"{message.context}{CONTEXT}" if message.context else "") + message.id: str(message.string)
        for message in read
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def translator(lang: str) -> Translate:
    """The lookup for ``lang``: a word in, its translation (else the word) out."""
    words = catalogue(lang)
    return lambda text: words.get(text, text)


class Words:
    """The report formats' words in one language (``report --lang``).

    ``words("Deadline")`` is the word's translation (English: the word itself), and
    ``words("Progress report as of {day}", day=...)`` fills the translated message's
    fields. :meth:`code` shows a stored code (a status, a health...) as English has
    always shown it, the code itself, and another language as its label's translation;
    :meth:`count` counts a noun, with English's plural. Only a language other than
    English reads a catalogue (and imports Babel).
    """

    def __init__(self, lang: str = "en") -> None:
        self.lang = check_language(lang)
        self.english = self.lang == "en"
        self._words = catalogue(self.lang)

    def __call__(self, text: str, **fields: object) -> str:
        shown = self._words.get(text, text)
        return shown.format(**fields) if fields else shown

    def label(self, table: Mapping[str, str], code: str, context: str | None = None) -> str:
        """A stored code's label in ``table`` (the code itself without one), translated
        (in ``context`` where the catalogue has one: ``Announced`` the status is not
        ``Announced`` the day). The site shows labels in every language."""
        label = table.get(code)
        if label is None:
            return code
        translated = self(label)
        if context is not None:
            translated = self._words.get(f"{context}{CONTEXT}{label}", translated)
        return translated

    def code(self, table: Mapping[str, str], code: str, context: str | None = None) -> str:
        """A stored code as a report's reader sees it: the code itself in English (as
        the report has always shown it); else its translated :meth:`label`."""
        label = self.label(table, code, context)  # asked in English too (tests spy it)
        return code if self.english else label

    def status(self, code: str) -> str:
        return self.code(STATUS_LABELS, code, "status")

    def health(self, code: str) -> str:
        return self.code(HEALTH_LABELS, code)

    def count(self, n: int, noun: str, plural: str | None = None, shown: str | None = None) -> str:
        """``1 initiative``, ``2 initiatives`` (``shown``: the number as written, e.g.
        ``+3``); another language has no plural: the message ``{n} initiatives``."""
        plural = plural or noun + "s"
        number = str(n) if shown is None else shown
        text = self("{n} " + plural, n=number)
        if self.english:
            return f"{number} {noun if abs(n) == 1 else plural}"
        return text


#: English, as every format shows it without ``--lang``.
ENGLISH = Words()
