"""Chinese in one script: traditional characters as simplified (OpenCC's t2s), for the
reader telling the two apart and the engine looking for its words."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def _converter() -> Any:
    import opencc  # only when a text has Chinese in it

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    """``text`` with traditional characters written in simplified script."""
    return str(_converter().convert(text))
