"""Output formats: what each kind of renderer must draw, and which format serves which command.

Every renderer writes to a text stream. The abstract base classes below declare, for
each kind of output, every method a renderer of that kind implements; a concrete
renderer derives from each base whose output it draws and implements all of its
methods (``abc`` refuses to build one that does not). :data:`FORMATS` maps a format
name to its renderer class (imported only when chosen) and the commands it serves;
:data:`COMMANDS` gives, for each command with output, the base its renderer must
derive from and its default format. The command line's one ``--format`` option is
built from these two tables, so its help text, its choices and this module agree.

Kinds (bases):

- :class:`ListRenderer`: ``list`` (``initiatives``);
- :class:`RecordRenderer`: ``show``, ``history``, ``update``, ``edit``, ``link``,
  ``unlink``;
- :class:`WindowRenderer`: ``parse-date``;
- :class:`SummaryRenderer`: the one-line results of ``init``, ``add``, ``remove``,
  ``apply``, ``import``, ``check``, ``backup``, ``merge``, and the corrections
  ``retract``, ``amend``, ``undo``;
- :class:`ReportRenderer` and :class:`SectionRenderer` (the report's sections, for
  the formats that draw them one by one): ``report``;
- :class:`ProposalRenderer`: ``extract`` (initiatives proposed from articles);
- :class:`SearchRenderer`: ``search`` (hits, with where each matched);
- :class:`SourcesRenderer`: ``source list``, ``source add``, ``source remove``;
- :class:`NamesRenderer`: ``names`` (the names in use, their aliases, renames);
- documents: :class:`ExportRenderer` (``export``), :class:`CalendarRenderer`
  (``calendar``, iCalendar), :class:`FeedRenderer` (``feed``, Atom).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from tracker.errors import InputError
from tracker.i18n import ENGLISH, Words

if TYPE_CHECKING:
    from pathlib import Path
    from typing import Protocol

    from tracker.domain.initiatives import HistoryEntry, Initiative, InitiativeDetail, SourceLink
    from tracker.domain.names import Alias, NamesChange, NameUse
    from tracker.domain.windows import Window
    from tracker.reports import ChangeGroup, Group, Item, Report
    from tracker.requests import (
        ApplyResult,
        CorrectionResult,
        ImportResult,
        MergeResult,
        Proposal,
        SearchResults,
        SourceResult,
        SyncResult,
        UpdateResult,
    )

    # Only for type checking: what renderers are given, as far as they read it.
    class CheckedDatabase(Protocol):
        """What ``tracker check`` found (a :class:`tracker.storage.maintenance.CheckReport`)."""

        path: Path
        schema_version: int
        initiatives: int
        updates: int
        problems: list[str]
        skipped: list[str]
        repaired: list[str]
        repair_backup: Path | None
        replica: str | None

        @property
        def ok(self) -> bool: ...

    class ExportSource(Protocol):
        """What ``tracker export`` reads: its header, its records (lossless, uuid order) as
        lines of compact JSON (``Tracker.export_lines``), and its initiatives (uuid order,
        for the list columns)."""

        header: dict[str, Any]
        today: date

        def lines(self) -> Iterator[str]: ...

        def initiatives(self) -> list[Initiative]: ...

    class BuiltSite(Protocol):
        """What ``tracker site`` did (a :class:`tracker.site.build.SiteResult`)."""

        folder: str
        written: int
        unchanged: int
        removed: int

        def to_dict(self) -> dict[str, Any]: ...


R = TypeVar("R", bound="Renderer")


class Renderer(ABC):  # noqa: B024 - the kinds below declare the methods
    """Writes one kind of output to ``stream``; ``colour``: colour may be used (Rich
    still draws none where the stream is not a terminal)."""

    def __init__(self, stream: TextIO, colour: bool = True) -> None:
        self.stream = stream
        self.colour = colour

    @classmethod
    def chosen(cls: type[R], command: str, fmt: str | None, stream: TextIO, colour: bool) -> R:
        """``command``'s renderer of format ``fmt`` (checked; None: the command's default)
        on ``stream``, called on the kind of renderer the command draws with, e.g.
        ``RecordRenderer.chosen("show", "json", stream, colour)``."""
        key = check_format(command, fmt)
        if not issubclass(COMMANDS[command].base, cls):
            raise TypeError(f"{command} draws with a {COMMANDS[command].base.__name__}")
        renderer = FORMATS[key].load()(stream, colour)
        if not isinstance(renderer, cls):  # the registry's own consistency (tested)
            raise TypeError(f"format {key} of {command} is no {cls.__name__}")
        return renderer


class ListRenderer(Renderer):
    @abstractmethod
    def initiatives(self, items: Iterable[Initiative], today: date) -> None:
        """Every initiative in ``items`` (an iterator: read it once)."""

    #: Whether :meth:`initiative_rows` writes this format (``list`` then reads plain rows).
    reads_rows = False

    def initiative_rows(self, rows: Iterable[tuple[Any, ...]], today: date) -> None:
        """The same text as :meth:`initiatives`, from plain rows
        (:data:`tracker.domain.shapes.LIST_ROW_COLUMNS`): only where :attr:`reads_rows`."""
        raise NotImplementedError


class RecordRenderer(ListRenderer):
    @abstractmethod
    def detail(self, detail: InitiativeDetail, today: date) -> None: ...

    @abstractmethod
    def history(self, initiative: Initiative, entries: list[HistoryEntry]) -> None: ...

    @abstractmethod
    def update_result(self, result: UpdateResult) -> None: ...


class SourcesRenderer(Renderer):
    """``tracker source list | add | remove``."""

    @abstractmethod
    def sources(self, initiative: Initiative, links: list[SourceLink]) -> None:
        """An initiative's list of sources, in order."""

    @abstractmethod
    def source_changed(self, result: SourceResult) -> None:
        """What ``source add`` or ``source remove`` did."""


class WindowRenderer(Renderer):
    @abstractmethod
    def window(self, window: Window) -> None: ...


class SummaryRenderer(Renderer):
    """What the commands that change or check something say when they are done."""

    @abstractmethod
    def initialised(self, database: Path, added: list[str], present: int) -> None: ...

    @abstractmethod
    def added(self, initiative: Initiative, today: date) -> None: ...

    @abstractmethod
    def removed(self, initiative: Initiative, children: int) -> None: ...

    @abstractmethod
    def would_change(self, number: int, slug: str, entry: HistoryEntry) -> None:
        """One line of ``apply --dry-run``, as it is checked."""

    @abstractmethod
    def corrected(self, result: CorrectionResult) -> None:
        """What ``retract``, ``amend`` or ``undo`` recorded."""

    @abstractmethod
    def applied(self, result: ApplyResult, dry_run: bool) -> None: ...

    @abstractmethod
    def imported(self, result: ImportResult, dry_run: bool) -> None: ...

    @abstractmethod
    def checked(self, report: CheckedDatabase) -> None: ...

    @abstractmethod
    def backed_up(self, database: Path, written: Path, size: int) -> None: ...

    @abstractmethod
    def synced(self, result: SyncResult) -> None:
        """What ``tracker sync`` sent and received, and the conflicts it found."""

    @abstractmethod
    def merged(self, result: MergeResult) -> None:
        """What ``tracker merge A --into B`` recorded."""


class ReportRenderer(Renderer):
    @abstractmethod
    def report(self, report: Report, rows: int = 20, lang: str = "en") -> None:
        """The progress report; at most ``rows`` per section where a format shows rows;
        its own words in ``lang`` where a format is read by people (JSON and CSV keep
        their English keys, headers and values whatever ``lang`` says)."""


class SectionRenderer(ReportRenderer):
    """A report drawn section by section (see :func:`tracker.renderers.phrasing.
    report_sections`); each method returns what the format makes of one section, in
    the language of :attr:`words` (set by ``report``)."""

    words: Words = ENGLISH

    @abstractmethod
    def section_items(self, items: list[Item], days: str) -> Any: ...

    @abstractmethod
    def section_changes(self, groups: list[ChangeGroup]) -> Any: ...

    @abstractmethod
    def section_slipped(self, items: list[Item]) -> Any: ...

    @abstractmethod
    def section_stale(self, items: list[Item]) -> Any: ...

    @abstractmethod
    def section_groups(self, groups: list[Group], label: str) -> Any: ...

    @abstractmethod
    def section_timeline(self, report: Report, items: list[Item]) -> Any: ...


class ProposalRenderer(Renderer):
    @abstractmethod
    def proposals(self, items: list[Proposal]) -> None:
        """The initiatives ``extract`` proposes, in the order of the articles."""


class SearchRenderer(Renderer):
    @abstractmethod
    def search_results(self, results: SearchResults, today: date) -> None:
        """``tracker search``: the hits, best first, each with where it matched."""


class ExportRenderer(Renderer):
    @abstractmethod
    def export(self, source: ExportSource) -> None: ...


class CalendarRenderer(Renderer):
    @abstractmethod
    def calendar(
        self, initiatives: Iterable[Initiative], today: date, base_url: str | None = None
    ) -> None:
        """Open deadlines, in order of their latest day, and the overdue on ``today``
        (``base_url``: where the site of :mod:`tracker.renderers.sitepaths` is served)."""


class FeedRenderer(Renderer):
    @abstractmethod
    def feed(
        self,
        entries: list[tuple[str, str, HistoryEntry]],
        replica: str,
        base_url: str | None = None,
    ) -> None:
        """(slug, title, entry) of the newest history entries, newest first, of the
        database whose replica id is ``replica`` (the feed's own id without
        ``base_url``: where the site of :mod:`tracker.renderers.sitepaths` is served)."""


class SiteRenderer(Renderer):
    @abstractmethod
    def site_built(self, result: BuiltSite) -> None:
        """What ``tracker site`` wrote, kept and removed."""


class NamesRenderer(Renderer):
    """``names``: the sponsors, jurisdictions and tags in use, their aliases, and what
    a rename, merge or change of alias did."""

    @abstractmethod
    def names(self, uses: list[NameUse]) -> None: ...

    @abstractmethod
    def aliases(self, aliases: list[Alias]) -> None: ...

    @abstractmethod
    def names_changed(self, change: NamesChange) -> None: ...


class Format:
    """A format: the renderer class drawing it (``module:Class``) and the commands it serves.

    (Plain classes, not dataclasses: this module is read at every start-up.)"""

    __slots__ = ("commands", "name", "renderer")

    def __init__(self, name: str, renderer: str, commands: tuple[str, ...]) -> None:
        self.name = name
        self.renderer = renderer
        self.commands = commands

    def load(self) -> type[Renderer]:
        module, _, name = self.renderer.partition(":")
        loaded: type[Renderer] = getattr(import_module(module), name)
        return loaded


class Command:
    """A command with output: the base its renderer derives from, its default format,
    and, where it differs, its default on a terminal."""

    __slots__ = ("base", "default", "terminal")

    def __init__(self, base: type[Renderer], default: str, terminal: str | None = None) -> None:
        self.base = base
        self.default = default
        self.terminal = terminal


_CORRECTIONS = ("retract", "amend", "undo")
_SUMMARY = (
    "init",
    "add",
    "remove",
    "apply",
    "import",
    "check",
    "backup",
    "sync",
    "merge",
    *_CORRECTIONS,
)
_RECORDS = ("show", "history", "update", "edit", "link", "unlink")
_SOURCE_CHANGES = ("source add", "source remove")
_NAMES = ("names", "names aliases")
_NAMES_CHANGES = ("names rename", "names merge", "names alias", "names unalias")

#: Every format, in the order a command lists its choices.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "table",
            "tracker.renderers.table:TableRenderer",
            ("list", *_RECORDS, "extract", "search", "source list", *_NAMES),
        ),
        Format("terminal", "tracker.renderers.table:TableRenderer", ("report",)),
        Format("markdown", "tracker.renderers.markdown:MarkdownRenderer", ("report",)),
        Format("html", "tracker.renderers.html:HtmlRenderer", ("report",)),
        Format(
            "text",
            "tracker.renderers.text:TextRenderer",
            (
                "parse-date",
                *_SUMMARY,
                "search",
                "source list",
                *_SOURCE_CHANGES,
                *_NAMES,
                *_NAMES_CHANGES,
                "site",
            ),
        ),
        Format("jsonl", "tracker.renderers.jsonl:JsonlRenderer", ("export", "extract")),
        Format(
            "json",
            "tracker.renderers.json:JsonRenderer",
            (
                "list",
                *_RECORDS,
                "parse-date",
                *_SUMMARY,
                "report",
                "export",
                "extract",
                "search",
                "source list",
                *_SOURCE_CHANGES,
                *_NAMES,
                *_NAMES_CHANGES,
                "site",
            ),
        ),
        Format("csv", "tracker.renderers.csv:CsvRenderer", ("list", "report", "export")),
        Format("ical", "tracker.renderers.ical:IcalRenderer", ("calendar",)),
        Format("atom", "tracker.renderers.atom:AtomRenderer", ("feed",)),
    )
}

#: Every command with output.
COMMANDS: dict[str, Command] = {
    "list": Command(ListRenderer, "table"),
    **{name: Command(RecordRenderer, "table") for name in _RECORDS},
    "parse-date": Command(WindowRenderer, "text"),
    **{name: Command(SummaryRenderer, "text") for name in _SUMMARY},
    "report": Command(ReportRenderer, "terminal"),
    "export": Command(ExportRenderer, "jsonl"),
    "calendar": Command(CalendarRenderer, "ical"),
    "feed": Command(FeedRenderer, "atom"),
    "site": Command(SiteRenderer, "text"),
    # lines import takes, and a table to read on a terminal
    "extract": Command(ProposalRenderer, "jsonl", terminal="table"),
    # plain lines to a pipe, a table on a terminal
    "search": Command(SearchRenderer, "text", terminal="table"),
    "source list": Command(SourcesRenderer, "text", terminal="table"),
    **{name: Command(SourcesRenderer, "text") for name in _SOURCE_CHANGES},
    **{name: Command(NamesRenderer, "text", terminal="table") for name in _NAMES},
    **{name: Command(NamesRenderer, "text") for name in _NAMES_CHANGES},
}


def formats_for(command: str) -> tuple[str, ...]:
    """The formats ``command`` offers, in order."""
    return tuple(name for name, f in FORMATS.items() if command in f.commands)


def check_format(command: str, fmt: str | None, terminal: bool = False) -> str:
    """``fmt`` as a format name ``command`` offers (for None its default: its terminal
    default when the output is a ``terminal`` and it has one), else an input error;
    checked before any work."""
    if fmt is None:
        chosen = COMMANDS[command]
        return chosen.terminal if terminal and chosen.terminal else chosen.default
    key = fmt.strip().lower()
    offered = formats_for(command)
    if key not in offered:
        raise InputError(f"unknown format {fmt!r}; choose from {', '.join(offered)}")
    return key
