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

from collections.abc import Callable
from functools import cache
from importlib import resources

from tracker.errors import InputError

#: The languages, as ``--lang`` takes them (BCP 47 tags), in the order help lists them.
LANGUAGES = ("en", "zh-Hant", "zh-Hans")

#: --lang -> the catalogue's folder (a Babel locale identifier).
_LOCALES = {"en": None, "zh-Hant": "zh_Hant", "zh-Hans": "zh_Hans"}

Translate = Callable[[str], str]


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
        str(message.id): str(message.string)
        for message in read
        if message.id and isinstance(message.id, str) and message.string and not message.fuzzy
    }


def translator(lang: str) -> Translate:
    """The lookup for ``lang``: a word in, its translation (else the word) out."""
    words = catalogue(lang)
    return lambda text: words.get(text, text)
