"""What a merge takes from the history besides the tracked fields (those are the
replay's, :func:`tracker.ops.history.refresh_current`): each descriptive field follows
the latest ``edit`` entry that changed it, and the name lists take the additions and
removals of the entries just merged in. Used by :func:`tracker.ops.importing.import_merge`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tracker.domain.model import Kind
from tracker.errors import InputError
from tracker.storage import repository as repo

#: The descriptive fields an ``edit`` entry sets, which a merge takes from the history.
_EDITED_FIELDS = ("title", "summary", "kind", "slug", "announced", "parent")


def follow_edits(
    conn: sqlite3.Connection, initiative_id: int, new_entries: list[dict[str, Any]]
) -> bool:
    """Descriptive fields from the history: each of :data:`_EDITED_FIELDS` takes the
    ``to`` of the latest edit entry (history order) that changed it; the name lists
    take the additions and removals of ``new_entries`` (those just merged in)."""
    from tracker.domain.windows import parse_iso_window as window

    latest: dict[str, Any] = {}
    for entry in repo.fetch_history(conn, initiative_id):
        if entry.event == "edit":
            for name in _EDITED_FIELDS:
                if name in entry.changes and isinstance(entry.changes[name], dict):
                    latest[name] = entry.changes[name].get("to")
    current = repo.fetch_initiative(conn, initiative_id)
    fields: dict[str, Any] = {}
    for name in ("title", "summary", "kind"):
        value = latest.get(name)
        if isinstance(value, str) and value != getattr(current, name):
            fields[name] = value
    if "kind" in fields and fields["kind"] not in {str(kind) for kind in Kind}:
        del fields["kind"]
    slug = latest.get("slug")
    if isinstance(slug, str) and slug != current.slug and not repo.slug_exists(conn, slug):
        fields["slug"] = slug
    if "announced" in latest:
        parts = latest["announced"]
        try:
            announced = (
                window(parts["text"], parts["date"], parts["date"], parts["precision"])
                if isinstance(parts, dict) and "date" in parts
                else window(**parts)
                if isinstance(parts, dict)
                else None
            )
        except (KeyError, TypeError, ValueError):
            raise InputError("an edit entry's announced must be a window") from None
        if announced is not None and current.announced is not None:
            same = announced.text == current.announced.text
            same &= announced.earliest == current.announced.earliest
        else:
            same = announced == current.announced
        if not same:
            fields.update(repo.announced_columns(announced))
    wanted = latest.get("parent")
    if (
        "parent" in latest
        and wanted != current.parent
        and (wanted is None or isinstance(wanted, str))
    ):
        parent_id = repo.id_by_slug(conn, wanted) if wanted is not None else None
        if wanted is None or (
            parent_id is not None
            and parent_id != initiative_id
            and initiative_id not in repo.ancestors(conn, parent_id)
        ):
            fields["parent_id"] = parent_id
    changed = bool(fields)
    repo.update_initiative(conn, initiative_id, fields)
    for merged in new_entries:
        if merged.get("event") != "edit":
            continue
        for list_name in ("tags", "jurisdictions", "sponsors"):
            change = merged["changes"].get(list_name)
            if not isinstance(change, dict):
                continue
            removed = [n for n in change.get("removed") or [] if isinstance(n, str)]
            wanted_names = [n for n in change.get("added") or [] if isinstance(n, str)]
            changed |= bool(repo.remove_names(conn, initiative_id, list_name, removed))
            changed |= bool(repo.add_names(conn, initiative_id, list_name, wanted_names))
    return changed
