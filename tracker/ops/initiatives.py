"""Initiatives: resolving references, adding (one or many), editing, removing, and
loading the packaged seeds."""

from __future__ import annotations

import sqlite3
import uuid as uuidlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.domain import clock
from tracker.domain.initiatives import Initiative, Source
from tracker.domain.model import (
    Kind,
    Status,
    check_progress,
    check_slug,
    check_text,
    parse_confidence,
    parse_kind,
    parse_status,
    slugify,
)
from tracker.domain.windows import Window
from tracker.errors import InputError
from tracker.ops import history, names, references, settling, values
from tracker.requests import EditRequest, NewInitiative, SeedResult, UpdateResult
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.session import Session
    from tracker.storage import bulk


@dataclass
class Prepared:
    """A validated :class:`NewInitiative`."""

    request: NewInitiative
    uuid: str
    title: str
    summary: str
    kind: Kind
    status: Status
    progress: int | None
    confidence: Any
    slug: str | None
    announced: Window | None
    deadline: Window | None
    names: dict[str, list[str]]
    source: Source | None
    quote: str | None
    note: str | None
    confidence_note: str | None = None
    #: the day the source was read (ISO), for an imported record's first source
    accessed: str | None = None


def resolve(t: Session, ref: str) -> Initiative:
    with t.db.read() as conn:
        return repo.fetch_initiative(conn, references.resolve_id(conn, ref))


def prepare(t: Session, new: NewInitiative) -> Prepared:
    """Validate everything about a new initiative that needs no database."""
    kind = parse_kind(new.kind) if new.kind is not None else Kind.MEASURE
    default_status = Status.PROPOSED if kind == Kind.PROPOSAL else Status.ANNOUNCED
    announced = t.window(new.announced, "--announced") if new.announced is not None else None
    # Relative deadlines ("within three years") count from the announcement.
    reference = announced.earliest if announced else t.today
    source = values.source(new.source)
    quote = values.optional_text(new.quote, "quote")
    if quote and not source:
        raise InputError("--quote needs --source: a quote must say where it comes from")
    try:
        new_uuid = str(uuidlib.UUID(new.uuid)) if new.uuid is not None else clock.new_uuid()
    except ValueError:
        raise InputError(f"invalid uuid {new.uuid!r}") from None
    return Prepared(
        request=new,
        uuid=new_uuid,
        title=" ".join(check_text(new.title, "title", required=True, max_len=500).split()),
        summary=check_text(new.summary or "", "summary"),
        kind=kind,
        status=parse_status(new.status) if new.status is not None else default_status,
        progress=check_progress(new.progress) if new.progress is not None else None,
        confidence=parse_confidence(new.confidence) if new.confidence is not None else None,
        slug=check_slug(new.slug) if new.slug is not None else None,
        announced=announced,
        deadline=(
            t.window(new.deadline, "--deadline", reference) if new.deadline is not None else None
        ),
        names={
            "tags": values.names(new.tags, "tag"),
            "jurisdictions": values.names(new.jurisdictions, "jurisdiction"),
            "sponsors": values.names(new.sponsors, "sponsor"),
        },
        source=source,
        quote=quote,
        note=values.optional_text(new.note, "note"),
        confidence_note=values.confidence_note(new.confidence_note, new.confidence),
    )


def insert(
    t: Session,
    conn: sqlite3.Connection,
    new: Prepared,
    rename_on_clash: bool = False,
    rows: bulk.Rows | None = None,
    slug_free: bool = False,
) -> int:
    """Insert a prepared initiative and its ``created`` entry in the caller's transaction
    (through ``rows``: a :class:`bulk.Batch` queues them).

    A taken slug is an error, or with ``rename_on_clash`` gets a ``-2``-style suffix;
    ``slug_free`` says the caller has just found the given slug unused.
    """
    if rows is None:
        from tracker.storage.bulk import Rows  # bulk writing is for import; lazily

        rows = Rows(conn)
    slug = new.slug
    if slug is None or (
        not slug_free and (rows.taken(slug=slug) or repo.slug_reserved(conn, slug) is not None)
    ):
        if slug is not None and not rename_on_clash:
            if rows.taken(slug=slug):
                raise InputError(f"slug {slug!r} is already used; choose another with --slug")
            references.check_slug_free(conn, slug)
        slug = references.unique_slug(conn, slug or slugify(new.title) or f"i-{new.uuid[:8]}", rows)
    # A uuid made here is new by construction; one given may be taken.
    if new.request.uuid is not None and (
        rows.taken(uuid=new.uuid) or repo.uuid_exists(conn, new.uuid)
    ):
        raise InputError(f"an initiative with uuid {new.uuid} already exists")
    parent = new.request.parent
    parent_id = references.resolve_id(conn, parent) if parent is not None else None
    now = clock.now_iso()
    initiative_id = rows.insert_initiative(
        {
            "uuid": new.uuid,
            "slug": slug,
            "title": new.title,
            "summary": new.summary,
            "kind": str(new.kind),
            "status": str(new.status),
            "confidence": new.confidence and str(new.confidence),
            "confidence_note": new.confidence_note,
            "progress": new.progress,
            **repo.announced_columns(new.announced),
            **repo.window_columns("deadline", new.deadline),
            **repo.window_columns("baseline", new.deadline),
            "parent_id": parent_id,
            "created_at": now,
            "updated_at": now,
        },
    )
    folder = names.folder_of(rows)  # an alias is stored as the name it stands for
    for list_name, given in new.names.items():
        if given:
            rows.add_names(initiative_id, list_name, folder.fold(list_name, given))
    if new.source:
        rows.link_source(initiative_id, new.source, new.quote, new.accessed)
    announced = new.announced
    effective = min(announced.earliest, t.today) if announced else t.today
    history.write_entry(
        rows,
        initiative_id,
        "created",
        effective.isoformat(),
        now,
        tracked=history.created_columns(
            str(new.status),
            new.progress,
            new.confidence and str(new.confidence),
            new.deadline,
            new.confidence_note,
        ),
        note=new.note,
        source_id=repo.source_id(conn, new.source) if new.source else None,
        quote=new.quote,
        accessed=new.accessed,
        author=t.author,
    )
    return initiative_id


def add(t: Session, new: NewInitiative) -> Initiative:
    """Create an initiative and its ``created`` history entry; returns it."""
    prepared = prepare(t, new)
    with t.db.write() as conn:
        return repo.fetch_initiative(conn, insert(t, conn, prepared))


def add_many(
    t: Session,
    items: list[NewInitiative],
    *,
    skip_existing: bool = True,
    rename_on_clash: bool = False,
) -> list[str]:
    """Add several initiatives in ONE transaction (parents before children).

    With ``skip_existing``, items whose uuid is already present are left
    untouched; with ``rename_on_clash``, an item whose slug is taken gets a
    ``-2``-style suffix instead of failing. Returns the slugs added.
    """
    prepared = [prepare(t, item) for item in items]
    added = []
    with t.db.write() as conn:
        for item in prepared:
            if skip_existing and repo.uuid_exists(conn, item.uuid):
                continue
            initiative_id = insert(t, conn, item, rename_on_clash)
            added.append(repo.fetch_initiative(conn, initiative_id).slug)
    return added


def edit(t: Session, ref: str, request: EditRequest) -> UpdateResult:
    """Change descriptive fields; each change is recorded in the history as an ``edit``."""
    title = (
        " ".join(check_text(request.title, "title", required=True, max_len=500).split())
        if request.title is not None
        else None
    )
    summary = check_text(request.summary, "summary") if request.summary is not None else None
    slug = check_slug(request.slug) if request.slug is not None else None
    kind = str(parse_kind(request.kind)) if request.kind is not None else None
    announced = (
        t.window(request.announced, "--announced") if request.announced is not None else None
    )
    if request.parent is not None and request.clear_parent:
        raise InputError("give either --parent or --no-parent, not both")
    lists = {
        "tags": (values.names(request.add_tags, "tag"), values.names(request.remove_tags, "tag")),
        "jurisdictions": (
            values.names(request.add_jurisdictions, "jurisdiction"),
            values.names(request.remove_jurisdictions, "jurisdiction"),
        ),
        "sponsors": (
            values.names(request.add_sponsors, "sponsor"),
            values.names(request.remove_sponsors, "sponsor"),
        ),
    }
    note = values.optional_text(request.note, "note")

    with t.db.write() as conn:
        initiative_id = references.resolve_id(conn, ref)
        current = repo.fetch_initiative(conn, initiative_id)
        edits: dict[str, Any] = {}
        fields: dict[str, Any] = {}
        for name, value in (("title", title), ("summary", summary), ("kind", kind)):
            if value is not None and value != getattr(current, name):
                edits[name] = {"from": getattr(current, name), "to": value}
                fields[name] = value
        if slug is not None and slug != current.slug:
            references.check_slug_free(conn, slug, initiative_id)  # its own old ones: yes
            edits["slug"] = {"from": current.slug, "to": slug}
            fields["slug"] = slug
        if announced is not None and announced != current.announced:
            edits["announced"] = {
                "from": current.announced.to_dict() if current.announced else None,
                "to": announced.to_dict(),
            }
            fields.update(repo.announced_columns(announced))
        if request.parent is not None or request.clear_parent:
            parent_id = (
                references.resolve_id(conn, request.parent) if request.parent is not None else None
            )
            if parent_id is not None and (
                parent_id == initiative_id or initiative_id in repo.ancestors(conn, parent_id)
            ):
                raise InputError(
                    f"{request.parent!r} cannot be the parent of {current.slug}:"
                    " that would make a cycle"
                )
            new_parent = repo.fetch_initiative(conn, parent_id) if parent_id else None
            if (new_parent and new_parent.slug) != current.parent:
                edits["parent"] = parent_change(conn, initiative_id, new_parent)
                fields["parent_id"] = parent_id
        folder = names.Folder(conn)  # aliases as their names; a removal takes any spelling
        for list_name, (to_add, to_remove) in lists.items():
            if not to_add and not to_remove:
                continue
            canon = folder.canon(list_name)
            gone = {canon.key(n) for n in to_remove}
            both = sorted({n.casefold() for n in to_add if canon.key(n) in gone})
            if both:
                raise InputError(f"cannot both add and remove {list_name}: {', '.join(both)}")
            to_add = folder.fold(list_name, to_add)
            to_remove = folder.linked(initiative_id, list_name, to_remove)
            added = repo.add_names(conn, initiative_id, list_name, to_add)
            removed = repo.remove_names(conn, initiative_id, list_name, to_remove)
            if added or removed:
                edits[list_name] = {"added": added, "removed": removed}
        if not edits and note is None:
            return UpdateResult("unchanged", current, None)
        entry_uuid = history.record_edit(t, conn, initiative_id, edits, fields, note)
        if "slug" in edits:  # a slug of its own now: whatever it claimed goes
            settling.record_claim(conn, initiative_id, None)
            settling.free_slug(conn, current.slug)
        if "parent" in edits:  # an initiative a cycle of parents kept from one may get it
            settling.settle_parents(conn, {initiative_id})
        return UpdateResult(
            "recorded",
            repo.fetch_initiative(conn, initiative_id),
            repo.fetch_update(conn, entry_uuid),
        )


def parent_change(
    conn: sqlite3.Connection, initiative_id: int, new_parent: Initiative | None
) -> dict[str, Any]:
    """An edit's change of parent: ``{from, to}`` by slug, as shown, and
    ``{from_uuid, to_uuid}``, which stay true when a slug changes (sync replays them)."""
    row = conn.execute(
        "SELECT p.slug, p.uuid FROM initiatives i JOIN initiatives p ON p.id = i.parent_id"
        " WHERE i.id = ?",
        [initiative_id],
    ).fetchone()
    return {
        "from": row[0] if row else None,
        "to": new_parent.slug if new_parent else None,
        "from_uuid": row[1] if row else None,
        "to_uuid": new_parent.uuid if new_parent else None,
    }


def remove(t: Session, ref: str) -> tuple[Initiative, int]:
    """Delete an initiative and its history; children lose their parent.

    Each child's history records the detachment. Returns the removed
    initiative and how many children it had.
    """
    with t.db.write() as conn:
        initiative_id = references.resolve_id(conn, ref)
        initiative = repo.fetch_initiative(conn, initiative_id)
        children = repo.children_ids(conn, initiative_id)
        now = clock.now_iso()
        for child_id in children:
            history.record_edit(
                t,
                conn,
                child_id,
                {"parent": parent_change(conn, child_id, None)},
                {},
                f"parent {initiative.slug} was removed",
                now,
            )
        repo.record_removal(conn, initiative.uuid, initiative.slug, now, t.author)
        repo.delete_initiative(conn, initiative_id)
        settling.free_slug(conn, initiative.slug)  # to one that wanted it, kept from it
        return initiative, len(children)


def seed(t: Session) -> SeedResult:
    """Load the packaged seed initiatives that are not present yet (matched by uuid)."""
    from tracker import seeding

    items = seeding.seed_initiatives()
    added = add_many(t, items, rename_on_clash=True)
    return SeedResult(added=added, present=len(items) - len(added))
