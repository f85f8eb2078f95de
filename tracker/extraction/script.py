"""Chinese in one script: traditional characters as simplified (OpenCC's t2s), for the
reader telling the two apart and the engine looking for its words (the helper lives in
:mod:`tracker.domain.script`, which the search index shares)."""

from __future__ import annotations

from tracker.domain.script import simplified

__all__ = ["simplified"]
