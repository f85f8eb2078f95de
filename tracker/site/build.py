"""Building the site: the pages' data, their fingerprints, and the Jinja2 templates.

Every page is drawn by a template in ``tracker/site/templates`` from plain data made
here; every link in it is relative (:func:`tracker.site.paths.relative`), so the site
works from ``file://`` as from any static host; ``--base-url`` adds absolute canonical
links (and is the feed's base, once the feed takes one).

Incremental builds: an initiative's page is rendered only when its fingerprint
changed, a hash of everything it shows: its entry as of the day, its health, its
newest history row and ``updated_at``, the same for its parent, children and linked
initiatives (their title, status and health show on it), the language, the base URL,
:data:`TEMPLATE_VERSION` and, when history entries take effect after the day, the
day. The other pages' fingerprints hash the very data their template is given. The
day alone changes no initiative's page: a page shows no count of days.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any

from tracker.i18n import (  # the labels are shared with the report formats
    CONFIDENCE_LABELS,
    EVENT_LABELS,
    HEALTH_LABELS,
    KIND_HEADINGS,
    KIND_LABELS,
    KIND_SINGULAR,
    RELATION_LABELS,
    STATUS_LABELS,
    Words,
    translator,
)
from tracker.reports import is_move
from tracker.site import paths
from tracker.site.timeline import initiative_timeline
from tracker.site.writer import SiteWriter

if TYPE_CHECKING:
    from pathlib import Path

    from jinja2 import Environment, Template

    from tracker.domain.initiatives import HistoryEntry, SourceLink
    from tracker.domain.windows import Window
    from tracker.publishing import PageDetail, SiteData
    from tracker.reports import Item

#: Change it whenever the data given to the templates changes (a template's own text
#: is part of every fingerprint already): every page is then rendered again (and
#: written only if its bytes differ).
TEMPLATE_VERSION = "1"

#: How many rows each section of the home page shows (the rest: a count).
HOME_ROWS = 50


@dataclass(frozen=True)
class SiteOptions:
    root: Path
    lang: str = "en"
    base_url: str | None = None


@dataclass
class SiteResult:
    """What a build did: the keys of ``site --format json`` (README, "Publishing")."""

    folder: str
    as_of: date
    lang: str
    pages: int
    written: int
    unchanged: int
    removed: int
    removed_paths: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "folder": self.folder,
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
            "pages": self.pages,
            "written": self.written,
            "unchanged": self.unchanged,
            "removed": self.removed,
        }


Progress = Callable[[int, int], None]
Details = Callable[[Sequence[int]], Iterator["PageDetail"]]


def _hash(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _environment() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    folder = resources.files("tracker.site") / "templates"
    return Environment(
        loader=FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _window(window: Window | None) -> dict[str, str] | None:
    if window is None:
        return None
    return _window_json(window.to_dict())


def _window_json(data: dict[str, Any] | None) -> dict[str, str] | None:
    """A deadline as a page shows it: its words and, unless they are just the day, its
    days (``Q4 2026`` and ``2026-10-01..2026-12-31``)."""
    if not data:
        return None
    earliest, latest, text = data["earliest"], data["latest"], data["text"]
    span = earliest if earliest == latest else f"{earliest}..{latest}"
    return {"text": text, "span": "" if span == text else span, "latest": latest}


def _link(url: str | None) -> str | None:
    """A source's address as a link: only web addresses (never ``javascript:``)."""
    if url and url.split("://", 1)[0].lower() in ("http", "https"):
        return url
    return None


def _source(link: SourceLink) -> dict[str, Any]:
    source = link.source
    return {
        "label": source.label,
        "url": _link(source.url),
        "publisher": source.publisher,
        "published": source.published,
        "quote": link.quote,
        "accessed": link.accessed,
    }


class Site:
    """One build: the data, the templates, the language and the writer."""

    def __init__(
        self,
        data: SiteData,
        details: Details,
        options: SiteOptions,
        progress: Progress | None = None,
    ) -> None:
        self.data = data
        self.report = data.report
        self.details = details
        self.options = options
        self.progress = progress
        self._ = translator(options.lang)
        self._words = Words(options.lang)
        self.env = _environment()
        self.env.globals.update(_=self._, lang=options.lang)
        self.writer = SiteWriter(options.root)
        folder = resources.files("tracker.site") / "templates"
        self._templates = _hash(
            [TEMPLATE_VERSION]
            + [(t.name, t.read_text("utf-8")) for t in sorted(folder.iterdir(), key=str)]
        )
        self._folds = _hash(self.report.options.folds)
        self.items: dict[int, Item] = {
            item.initiative.id: item for item in self.report.all_items or []
        }
        self.by_slug = {item.slug: item for item in self.items.values()}
        self.children: dict[int, list[int]] = {}
        for item in self.items.values():
            parent = self.by_slug.get(item.initiative.parent or "")
            if parent is not None:
                self.children.setdefault(parent.initiative.id, []).append(item.initiative.id)
        self.pages = 0
        self.done = 0
        self._rows: dict[int, dict[str, Any]] = {}
        self._digests: dict[int, str] = {}
        self.total = len(self.items)

    # -- labels ------------------------------------------------------------------

    def status(self, code: str) -> dict[str, str]:
        return {"code": code, "label": self._words.label(STATUS_LABELS, code, "status")}

    def health(self, code: str) -> dict[str, str]:
        return {"code": code, "label": self._(HEALTH_LABELS.get(code, code))}

    def _tick(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    # -- writing -----------------------------------------------------------------

    def _page(
        self,
        path: str,
        template: Template,
        fingerprint: str,
        context: Callable[[], dict[str, Any]] | None = None,
        /,
        **given: Any,
    ) -> None:
        """Render ``path`` (with ``context()``, made only then, and ``given``) unless its
        fingerprint is the one it was built with."""
        self.pages += 1
        if self.writer.current(path, fingerprint):
            return
        more = context() if context is not None else {}
        text = template.render(page=self._page_context(path), **given, **more)
        self.writer.write(path, text, fingerprint)

    def _page_context(self, path: str) -> dict[str, Any]:
        base = self.options.base_url
        root = paths.relative(path, paths.HOME)
        return {
            "path": path,
            "home": root,
            "style": paths.relative(path, "style.css"),
            "all": paths.relative(path, "initiatives/index.html"),
            "tags": paths.relative(path, paths.names_index("tag")),
            "jurisdictions": paths.relative(path, paths.names_index("jurisdiction")),
            "sponsors": paths.relative(path, paths.names_index("sponsor")),
            "feed": paths.relative(path, paths.FEED),
            "calendar": paths.relative(path, paths.CALENDAR),
            "data": paths.relative(path, paths.DATA),
            "canonical": paths.absolute(base, path) if base else None,
            "feed_url": paths.absolute(base, paths.FEED)
            if base
            else paths.relative(path, paths.FEED),
        }

    def _settings(self) -> list[Any]:
        """What every page depends on: the templates (their text), the language, the
        base URL, and how names fold (an alias sends a link to another name's page)."""
        return [self._templates, self.options.lang, self.options.base_url, self._folds]

    # -- the build ---------------------------------------------------------------

    def build(self) -> SiteResult:
        self._style()
        self._initiatives()
        self._names()
        self._all_initiatives()
        self._home()
        self._feed()
        self._calendar()
        self._data()
        tally = self.writer.finish()
        return SiteResult(
            folder=str(self.options.root),
            as_of=self.report.as_of,
            lang=self.options.lang,
            pages=self.pages,
            written=tally.written,
            unchanged=tally.unchanged,
            removed=tally.removed,
            removed_paths=tally.removed_paths,
        )

    def _style(self) -> None:
        css = (resources.files("tracker.site") / "templates" / "style.css").read_text("utf-8")
        self.pages += 1
        if not self.writer.current("style.css", _hash([TEMPLATE_VERSION, css])):
            self.writer.write("style.css", css, _hash([TEMPLATE_VERSION, css]))

    # -- one page per initiative ---------------------------------------------------

    def _neighbour(self, initiative_id: int) -> list[Any]:
        item = self.items[initiative_id]
        return [
            item.slug,
            item.initiative.title,
            item.figures.status,
            item.health.value,
            item.figures.progress,
        ]

    def _fingerprint(self, initiative_id: int) -> str:
        data, item = self.data, self.items[initiative_id]
        return _hash(
            [
                *self._settings(),
                data.as_of.isoformat() if data.future_entries else None,
                self.report.stored_entry(initiative_id),
                item.health.value,
                item.started.isoformat(),
                data.newest_entry.get(initiative_id),
                item.initiative.updated_at,
                item.initiative.summary,
                item.initiative.kind,
                [self._neighbour(i) for i in self._parent(item)],
                [self._neighbour(i) for i in self.children.get(initiative_id, [])],
                [
                    (link.relation, *self._neighbour(link.other))
                    for link in data.links.get(initiative_id, [])
                ],
            ]
        )

    def _parent(self, item: Item) -> list[int]:
        parent = self.by_slug.get(item.initiative.parent or "")
        return [parent.initiative.id] if parent is not None else []

    def _initiatives(self) -> None:
        template = self.env.get_template("initiative.html")
        todo: list[tuple[int, str]] = []
        for initiative_id in self.report.order:
            item = self.items[initiative_id]
            path = paths.initiative_page(item.slug)
            fingerprint = self._fingerprint(initiative_id)
            self.pages += 1
            if self.writer.current(path, fingerprint):
                self._tick()
            else:
                todo.append((initiative_id, fingerprint))
        fingerprints = dict(todo)
        for detail in self.details([i for i, _ in todo]):
            item = self.items[detail.initiative_id]
            path = paths.initiative_page(item.slug)
            context = self._initiative(item, detail, path)
            text = template.render(page=self._page_context(path), **context)
            self.writer.write(path, text, fingerprints[detail.initiative_id])
            self._tick()

    def _row(self, initiative_id: int, page: str) -> dict[str, Any]:
        """An initiative as a row of a table (or an item of a list) on ``page``."""
        row = self._rows.get(initiative_id)
        if row is None:
            item = self.items[initiative_id]
            initiative = item.initiative
            row = self._rows[initiative_id] = {
                "slug": item.slug,
                "title": initiative.title,
                "status": self.status(item.figures.status),
                "health": self.health(item.health.value),
                "progress": item.figures.progress,
                "deadline": _window(initiative.deadline),
            }
        return {**row, "href": paths.relative(page, paths.initiative_page(row["slug"]))}

    def _digest(self, initiative_id: int) -> str:
        """What a row of ``initiative_id`` shows, as a short hash (once per build)."""
        digest = self._digests.get(initiative_id)
        if digest is None:
            item = self.items[initiative_id]
            deadline = item.initiative.deadline
            digest = self._digests[initiative_id] = _hash(
                [
                    item.slug,
                    item.initiative.title,
                    item.figures.status,
                    item.health.value,
                    item.figures.progress,
                    deadline.to_dict() if deadline else None,
                ]
            )
        return digest

    def _names_of(self, kind: str, names: Iterable[str], page: str) -> list[dict[str, str]]:
        folds = self.report.options.folds.get(f"{kind}s", {})
        shown = dict.fromkeys(folds.get(name, name) for name in names)
        return [
            {"name": name, "href": paths.relative(page, paths.name_page(kind, name))}
            for name in shown
        ]

    def _initiative(self, item: Item, detail: PageDetail, page: str) -> dict[str, Any]:
        initiative = item.initiative
        _ = self._
        slips = []
        for entry in detail.history:
            if entry.retracted_by is None and is_move(entry):
                change = entry.changes["deadline"]
                before, after = _window_json(change["from"]), _window_json(change["to"])
                assert before is not None and after is not None
                days = (
                    date.fromisoformat(after["latest"]) - date.fromisoformat(before["latest"])
                ).days
                slips.append(
                    {
                        "effective": entry.effective,
                        "from": before,
                        "to": after,
                        "days": f"{days:+d}",
                        "note": entry.note,
                        "author": entry.author,
                        "source": _source(entry.source) if entry.source else None,
                    }
                )
        total = item.total_days_slipped
        confidence = initiative.confidence
        return {
            "title": initiative.title,
            "item": {
                "slug": item.slug,
                "title": initiative.title,
                "summary": initiative.summary,
                "kind": _(KIND_LABELS.get(initiative.kind, initiative.kind)),
                "status": self.status(item.figures.status),
                "health": self.health(item.health.value),
                "confidence": (
                    {"code": confidence, "label": _(CONFIDENCE_LABELS.get(confidence, confidence))}
                    if confidence
                    else None
                ),
                "confidence_note": initiative.confidence_note,
                "progress": item.figures.progress,
                "announced": _window(initiative.announced),
                "started": item.started.isoformat(),
                "deadline": _window(initiative.deadline),
                "baseline": _window(initiative.baseline_deadline),
                "total_slip": f"{total:+d}" if total else None,
                "slips": slips,
                "tags": self._names_of("tag", initiative.tags, page),
                "jurisdictions": self._names_of("jurisdiction", initiative.jurisdictions, page),
                "sponsors": self._names_of("sponsor", initiative.sponsors, page),
                "parent": [self._row(i, page) for i in self._parent(item)],
                "children": [self._row(i, page) for i in self.children.get(item.initiative.id, [])],
                "links": [
                    {
                        "relation": _(RELATION_LABELS.get(link.relation, link.relation)),
                        **self._row(link.other, page),
                    }
                    for link in self.data.links.get(item.initiative.id, [])
                ],
                "history": [self._entry(entry) for entry in detail.history],
                "sources": [_source(link) for link in detail.sources],
            },
            "timeline": initiative_timeline(
                item, detail.history, slips, self.health(item.health.value)["label"], self._
            ),
        }

    def _entry(self, entry: HistoryEntry) -> dict[str, Any]:
        from tracker.renderers.phrasing import describe_changes, what_recorded

        changes = describe_changes(entry.changes)
        return {
            "effective": entry.effective,
            "recorded": entry.recorded_at[:10],
            "event": self._(EVENT_LABELS.get(entry.event, entry.event)),
            "changes": changes if changes or entry.event == "created" else [what_recorded(entry)],
            "note": entry.note,
            "author": entry.author or "tracker",
            "source": _source(entry.source) if entry.source else None,
            "ref": entry.ref,
            "short": entry.short,
            "retracted": (
                {"by": entry.retracted_by.author, "reason": entry.retracted_by.note}
                if entry.retracted_by
                else None
            ),
            "amended": entry.amended_by is not None,
        }

    # -- the summary pages ---------------------------------------------------------

    def _members(self, kind: str) -> dict[str, list[int]]:
        """name -> its initiatives (soonest deadline first), names in name order."""
        folds = self.report.options.folds.get(f"{kind}s", {})
        members: dict[str, list[int]] = {}
        for initiative_id in self.report.order:
            initiative = self.items[initiative_id].initiative
            names = {"tag": initiative.tags, "jurisdiction": initiative.jurisdictions}.get(
                kind, initiative.sponsors
            )
            for name in dict.fromkeys(folds.get(n, n) for n in names):
                members.setdefault(name, []).append(initiative_id)
        return {name: members[name] for name in sorted(members, key=lambda n: (n.casefold(), n))}

    def _summary(self, ids: list[int]) -> dict[str, Any]:
        figures = [self.items[i].figures for i in ids]
        counted = [f for f in figures if f.status not in ("abandoned", "superseded")]
        progress = round(sum(f.progress_value for f in counted) / len(counted)) if counted else None
        return {
            "initiatives": len(ids),
            "open": sum(f.health.value not in ("closed",) for f in figures),
            "overdue": sum(f.health.value == "overdue" for f in figures),
            "achieved": sum(f.status == "achieved" for f in figures),
            "progress": progress,
        }

    def _names(self) -> None:
        index = self.env.get_template("names.html")
        one = self.env.get_template("name.html")
        for kind in ("tag", "jurisdiction", "sponsor"):
            members = self._members(kind)
            path = paths.names_index(kind)
            rows = [
                {
                    "name": name,
                    "href": paths.relative(path, paths.name_page(kind, name)),
                    **self._summary(ids),
                }
                for name, ids in members.items()
            ]
            heading = self._(KIND_HEADINGS[kind])
            self._page(
                path, index, _hash([*self._settings(), heading, rows]), title=heading, rows=rows
            )
            for name, ids in members.items():
                page = paths.name_page(kind, name)

                def rows_of(ids: list[int] = ids, page: str = page) -> dict[str, Any]:
                    return {"rows": [self._row(i, page) for i in ids]}

                summary = self._summary(ids)
                title = f"{self._(KIND_SINGULAR[kind])}: {name}"
                back = {"label": heading, "href": paths.relative(page, path)}
                self._page(
                    page,
                    one,
                    _hash(
                        [*self._settings(), title, [self._digest(i) for i in ids], summary, back]
                    ),
                    rows_of,
                    title=title,
                    summary=summary,
                    back=back,
                )

    def _all_initiatives(self) -> None:
        path, order = "initiatives/index.html", self.report.order
        title = self._("All initiatives")
        self._page(
            path,
            self.env.get_template("all.html"),
            _hash([*self._settings(), title, [self._digest(i) for i in order]]),
            lambda: {"rows": [self._row(i, path) for i in order]},
            title=title,
        )

    def _home(self) -> None:
        report, page = self.report, paths.HOME
        from tracker.renderers.phrasing import change_summary

        def rows(items: list[Item], **extra: Callable[[Item], Any]) -> list[dict[str, Any]]:
            return [
                {**self._row(item.initiative.id, page), **{k: f(item) for k, f in extra.items()}}
                for item in items[:HOME_ROWS]
            ]

        overdue = [self.items[i] for i in report.overdue.ids]
        due_soon = [self.items[i] for i in report.due_soon.ids]
        slipped = [self.items[i] for i in report.slipped.ids]
        changed = [
            {
                **self._row(group.figures.id, page),
                "changes": [
                    {
                        "effective": change.entry.effective,
                        "what": change_summary(change),
                        "author": change.entry.author or "tracker",
                    }
                    for change in group.changes
                ],
            }
            for group in report.changed[:HOME_ROWS]
        ]
        context = {
            "title": self._("Policy initiative tracker"),
            "as_of": report.as_of.isoformat(),
            "since": report.since.isoformat() if report.since else None,
            "total": len(report.figures),
            "progress": report.progress,
            "statuses": [
                {**self.status(code), "count": n} for code, n in report.status_counts().items()
            ],
            "healths": [
                {**self.health(code), "count": n} for code, n in report.health_counts().items()
            ],
            "overdue": rows(overdue, days=lambda i: i.days_overdue),
            "overdue_total": len(overdue),
            "due_soon": rows(due_soon, days=lambda i: i.days_left),
            "due_soon_total": len(due_soon),
            "slipped": rows(
                slipped,
                moves=lambda i: [
                    {
                        "effective": m.entry.effective,
                        "from": _window_json(m.before),
                        "to": _window_json(m.after),
                        "days": f"{m.days:+d}",
                    }
                    for m in report.moves.get(i.initiative.id, [])
                ],
                total=lambda i: f"{i.total_days_slipped:+d}" if i.total_days_slipped else None,
            ),
            "slipped_total": len(slipped),
            "changed": changed,
            "changed_total": len(report.changed),
        }
        self._page(
            page,
            self.env.get_template("home.html"),
            _hash([*self._settings(), context]),
            **context,
        )

    # -- the feed, the calendar and the data -------------------------------------------

    def _other(self, path: str, fingerprint: str, render: Callable[[io.StringIO], None]) -> None:
        self.pages += 1
        if not self.writer.current(path, fingerprint):
            buffer = io.StringIO()
            render(buffer)
            self.writer.write(path, buffer.getvalue(), fingerprint)

    def _feed(self) -> None:
        entries = self.data.feed
        fingerprint = _hash(
            [
                *self._settings(),
                self.data.replica,
                [(s, t, e.uuid, e.note, e.recorded_at) for s, t, e in entries],
            ]
        )
        self._other(
            paths.FEED, fingerprint, lambda stream: render_feed(self.data, self.options, stream)
        )

    def _calendar(self) -> None:
        chosen = self.data.calendar()
        as_of = self.data.as_of
        fingerprint = _hash(
            [
                *self._settings(),
                [
                    (
                        i.uuid,
                        i.updated_at,
                        i.title,
                        i.status,
                        str(i.health(as_of)),
                        i.deadline.text if i.deadline else None,
                    )
                    for i in chosen
                ],
            ]
        )
        self._other(
            paths.CALENDAR,
            fingerprint,
            lambda stream: render_calendar(chosen, as_of, self.options, stream),
        )

    def _data(self) -> None:
        report = self.report
        fingerprint = _hash(
            [
                TEMPLATE_VERSION,
                report.as_of.isoformat(),
                report.since.isoformat() if report.since else None,
                report.max_update_id,
                hashlib.sha256(
                    "\n".join(map(report.stored_entry, report.entries)).encode()
                ).hexdigest(),
            ]
        )

        def render(stream: io.StringIO) -> None:
            from tracker.renderers.json import JsonRenderer

            JsonRenderer(stream, False).report(report)

        self._other(paths.DATA, fingerprint, render)


def render_feed(data: SiteData, options: SiteOptions, stream: io.StringIO) -> None:
    """The site's Atom feed, by ``tracker feed``'s renderer: with a base URL, its id is
    BASE/feed.xml and each entry links to its initiative's page."""
    from tracker.renderers.atom import render_feed as atom

    atom(data.feed, stream, data.replica, options.base_url)


def render_calendar(
    chosen: list[Any], as_of: date, options: SiteOptions, stream: io.StringIO
) -> None:
    """The site's calendar, by ``tracker calendar``'s renderer (events link to their
    initiatives' pages when the site has a base URL)."""
    from tracker.renderers.ical import render_calendar as ical

    ical(chosen, as_of, stream, options.base_url)


def build_site(
    data: SiteData, details: Details, options: SiteOptions, progress: Progress | None = None
) -> SiteResult:
    """Build (or bring up to date) the site in ``options.root``."""
    return Site(data, details, options, progress).build()
