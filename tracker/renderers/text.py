"""Plain-text phrasing shared by the human-readable formats."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from tracker.domain.windows import Window

# C0/C1 controls (but newline and tab) and the bidirectional overrides/isolates
# that can disguise text in a terminal (e.g. U+202E RIGHT-TO-LEFT OVERRIDE).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str | None) -> str:
    """User text made harmless for a terminal: control characters shown as ``\\uXXXX``."""
    if not text:
        return ""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def window_label(window: Window | dict | None) -> str:
    """``late 2025 (2025-09-01..2025-12-31)``; a one-day window shows only its day."""
    if window is None:
        return "-"
    data = window.to_dict() if isinstance(window, Window) else window
    earliest, latest, text = data["earliest"], data["latest"], data["text"]
    span = latest if earliest == latest else f"{earliest}..{latest}"
    if text == earliest == latest:
        return span
    return f"{text} ({span})"


def progress_text(progress: int | None, width: int = 10) -> str:
    if progress is None:
        return "-"
    filled = round(progress * width / 100)
    return "█" * filled + "░" * (width - filled) + f" {progress:>3}%"


def days_between(later: date, earlier: date) -> int:
    return (later - earlier).days


def _value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict) and "latest" in value:
        return window_label(value)
    if isinstance(value, dict) and "date" in value:
        return f"{value['text']} ({value['date']})"
    return str(value)


def describe_changes(changes: dict[str, Any]) -> list[str]:
    """One phrase per changed field: ``status announced -> in_progress``, ``tags +a -b``."""
    phrases = []
    for name, change in changes.items():
        if "added" in change or "removed" in change:
            parts = [f"+{n}" for n in change.get("added", [])]
            parts += [f"-{n}" for n in change.get("removed", [])]
            phrases.append(f"{name} {' '.join(parts)}")
        elif change.get("from") is None:
            suffix = "%" if name == "progress" else ""
            phrases.append(f"{name} {_value(change['to'])}{suffix}")
        else:
            suffix = "%" if name == "progress" else ""
            phrases.append(
                f"{name} {_value(change['from'])}{suffix} -> {_value(change['to'])}{suffix}"
            )
    return phrases
