"""Chinese in one script: traditional characters as simplified (OpenCC's t2s), for the
reader telling the two apart, the engine looking for its words and the search index
folding what it indexes and what it is asked. OpenCC is imported only when a text
has Chinese in it."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

#: Han, kana, hangul and CJK punctuation: runs of these have no spaces between words.
CJK = re.compile("[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@cache
def _converter() -> Any:
    import opencc  # only when a text has Chinese in it

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` with traditional characters written in simplified script."""
    return str(_converter().convert(text))


def folded(text: str) -> str:
    """``text`` in simplified script, character for character (the same length, so a
    position in one is the same position in the other); ``text`` itself, without
    loading OpenCC, when it has no Han character."""
    if not _HAN.search(text):
        return text
    whole = simplified(text)
    if len(whole) == len(text):
        return whole
    # A phrase that converts to another length: each character on its own instead.
    return "".join(c if len(s := simplified(c)) != 1 else s for c in text)
