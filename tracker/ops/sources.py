"""An initiative's list of sources: ``tracker source add | list | remove``.

The list is what the initiative's history replays to
(:func:`tracker.domain.replay.replay_sources`): ``source add`` records an ``update``
entry whose evidence is the document (as ``update --source`` does), ``source remove``
an ``edit`` entry ``{"sources": {"removed": [key]}}``; each goes through
:func:`tracker.ops.history.write_entry` and the stored list is then rewritten from
the replay. A document is kept once per URL (else per title) in the catalogue
(``sources``): the title, publisher and published day given replace its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.domain import clock
from tracker.domain.initiatives import Initiative, SourceLink
from tracker.errors import InputError
from tracker.ops import history, references, updates, values
from tracker.requests import SourceRequest, SourceResult
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.session import Session


def listed(t: Session, ref: str) -> tuple[Initiative, list[SourceLink]]:
    """The initiative and its list of sources, in order."""
    with t.db.read() as conn:
        initiative_id = references.resolve_id(conn, ref)
        return repo.fetch_initiative(conn, initiative_id), repo.fetch_sources(conn, initiative_id)


def _iso_day(t: Session, text: str | None, option: str) -> str | None:
    return t.day(text, option).isoformat() if text is not None else None


def add(t: Session, ref: str, request: SourceRequest) -> SourceResult:
    """Add a document to the initiative's list, or merge the fields given into the item
    it has for it (the later wins, field by field); nothing is recorded when the item
    and the document say that already."""
    source = values.source(request.source)
    if source is None:
        raise InputError("a source needs a URL, a path or a title")
    source, described = values.described_source(
        source, request.title, request.publisher, _iso_day(t, request.published, "--published")
    )
    quote = values.optional_text(request.quote, "--quote")
    accessed = _iso_day(t, request.accessed, "--accessed")
    note = values.optional_text(request.note, "--note")
    effective = t.day(request.on, "--on") if request.on is not None else t.today
    if effective > t.today:
        raise InputError(f"--on {request.on!r} is in the future ({effective.isoformat()})")
    assert source is not None  # described_source keeps a source given
    parsed = updates.ParsedUpdate(
        requested=dict.fromkeys(("status", "progress", "confidence", "deadline")),
        if_status=None,
        effective=effective,
        note=note,
        source=source,
        quote=quote,
        ref=None,
        accessed=accessed,
        describes_source=described,
    )
    with t.db.write() as conn:
        initiative_id = references.resolve_id(conn, ref)
        before = {link.key: link for link in repo.fetch_sources(conn, initiative_id)}
        old = before.get(source.key)
        if old is not None and note is None and _says_already(old, source, quote, accessed):
            return SourceResult("unchanged", repo.fetch_initiative(conn, initiative_id), old, None)
        _, _, entry_uuid = updates.apply_update(t, conn, initiative_id, parsed)
        now = {link.key: link for link in repo.fetch_sources(conn, initiative_id)}
        entry = repo.fetch_update(conn, entry_uuid) if entry_uuid else None
        # a backdated entry may be outweighed by a later removal: then it is not listed
        item = now.get(source.key, SourceLink(source, quote, accessed))
        outcome = "updated" if old is not None else "added"
        return SourceResult(outcome, repo.fetch_initiative(conn, initiative_id), item, entry)


def _says_already(old: SourceLink, source: object, quote: str | None, accessed: str | None) -> bool:
    given = {name: getattr(source, name) for name in ("title", "publisher", "published", "url")}
    same_document = all(v is None or getattr(old.source, k) == v for k, v in given.items())
    return (
        same_document
        and (quote is None or quote == old.quote)
        and (accessed is None or accessed == old.accessed)
    )


def remove(t: Session, ref: str, key: str, note: str | None = None) -> SourceResult:
    """Take a document off the initiative's list (named by its URL, or its title) with
    an ``edit`` entry; the history keeps every entry that cited it."""
    text = " ".join((values.optional_text(key, "source") or "").split())
    if not text:
        raise InputError("name the source to remove by its URL (or its title)")
    reason = values.optional_text(note, "--note")
    with t.db.write() as conn:
        initiative_id = references.resolve_id(conn, ref)
        links = repo.fetch_sources(conn, initiative_id)
        found = next((link for link in links if link.key == text), None) or next(
            (link for link in links if text in (link.source.url, link.source.title)), None
        )
        if found is None:
            slug = repo.current_fields(conn, initiative_id)["slug"]
            raise InputError(f"{text!r} is not among the sources of {slug}")
        now = clock.now_iso()
        entry_uuid = history.write_entry(
            conn,
            initiative_id,
            "edit",
            t.today.isoformat(),
            now,
            edits={"sources": {"removed": [found.key]}},
            note=reason,
            author=t.author,
        )
        repo.update_initiative(conn, initiative_id, {"updated_at": now})
        history.refresh_sources(conn, initiative_id)
        entry = repo.fetch_update(conn, entry_uuid)
        return SourceResult("removed", repo.fetch_initiative(conn, initiative_id), found, entry)
