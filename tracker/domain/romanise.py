"""Chinese in a title written in pinyin, for its slug: ``北部都会区`` gives
``bei bu du hui qu``, and ``北部都會區`` the same (traditional characters are read as
simplified first, OpenCC's t2s, as :mod:`tracker.extraction.script` folds them: the
readings of a phrase are found in simplified script). pypinyin and OpenCC are imported
only when a title has Han characters in it."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: Runs of Han characters: the unified ideographs, extension A, the compatibility
#: ideographs and the supplementary planes' extensions.
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


@cache
def _to_simplified() -> Any:
    import opencc  # only for a title with Chinese in it

    return opencc.OpenCC("t2s")


def pinyin(text: str) -> str:
    """``text`` with each run of Han characters replaced by its syllables, without
    tones (ü as v: ``绿`` is ``lv``), spaced apart from each other and from the words
    around; everything else as it was."""
    from pypinyin import lazy_pinyin  # only for a title with Chinese in it

    def syllables(match: re.Match[str]) -> str:
        simplified = str(_to_simplified().convert(match.group(0)))
        return " " + " ".join(lazy_pinyin(simplified, errors="ignore")) + " "

    return _HAN.sub(syllables, text)
