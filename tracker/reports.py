"""Progress reports: what moved, what slipped and what is overdue, on a given day.

:func:`build_report` computes a :class:`Report` from the database as it stood
on ``as_of``: every initiative's status, progress, confidence and deadline are
replayed from the history (updates effective after ``as_of`` are ignored, and
initiatives whose history starts after it did not exist yet). The renderers in
:mod:`tracker.renderers` only format a :class:`Report`; nothing here formats.

Rules, the same in every format:

- health uses the report's horizon: an open initiative is ``due_soon`` when
  its deadline's latest day is within ``horizon_days`` of ``as_of``;
- a group's progress is the mean over its initiatives that are not abandoned
  or superseded, counting an achieved initiative without a progress figure as
  100 and any other without one as 0;
- ``changed`` holds every history entry effective in ``since..as_of``
  (inclusive; also, for ``--since last``, entries recorded after the last
  report; with authors, only theirs); each change's ``from`` is the value
  replayed just before it;
- ``slipped``: the initiatives whose deadline moved in the changed period (the same
  entries as ``changed``, whoever made them), each with every move in history order
  (from -> to, the days its latest day moved, the evidence) and its total slip since
  the baseline (the first deadline set); most days moved in the period first;
- ``stale``: open, and no history entry for ``stale_after_days`` or more, neither its
  own nor any of its descendants' (a programme whose children move is not stale).

How it stays fast at 100,000 initiatives: the storage layer returns one row of
plain facts per initiative (:func:`tracker.storage.report_queries.report_facts`,
including the initiative's JSON entry, built by SQLite); this module classifies
those rows with the domain's own rules, closes each entry once with its computed
keys, sums the counts as it reads, and reads the update that set a slipped deadline
(``moved_by``) and turns into :class:`Item` objects only for the initiatives a
format will show (``materialise``).
"""

from __future__ import annotations

import gc
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from tracker.domain import shapes
from tracker.domain.initiatives import HistoryEntry, Initiative
from tracker.domain.links import FORWARD, INVERSE
from tracker.domain.model import (
    CLOSED_STATUSES,
    NO_PROGRESS_GROUP,
    Health,
    Status,
    deadline_days,
    health,
    progress_for_mean,
)
from tracker.storage import links as stored_links
from tracker.storage import report_queries as queries
from tracker.storage import repository as repo


@dataclass(frozen=True)
class ReportOptions:
    """What to report on, already validated."""

    as_of: date
    since: date | None  # first day of the changed period; None: from the beginning
    horizon_days: int = 90
    stale_after_days: int = 180
    ids: list[int] | None = None  # restrict to these initiatives (the list filters)
    statuses: tuple[str, ...] = ()  # as of the report day
    after_update_id: int | None = None  # --since last: also entries recorded after this
    filters: dict[str, Any] = field(default_factory=dict)  # as given, for the header
    authors: tuple[str, ...] = ()  # casefolded: the changed section shows only theirs
    #: How many initiatives of each section to load as :class:`Item` objects for the
    #: human-readable formats; None: every initiative (for CSV).
    materialise: int | None = 20
    #: tags and jurisdictions -> stored name -> the name its group is under, where
    #: that is another (an alias, another script's spelling; tracker.ops.names)
    folds: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(slots=True)
class Figures:
    """What the report computed for one initiative (from its facts row)."""

    id: int
    slug: str
    title: str
    status: str
    progress: int | None
    health: Health
    latest: date | None  # the deadline's latest day
    first: date | None  # its first history entry (known when the history was replayed)
    last_update: date | None
    days_overdue: int | None = None
    days_left: int | None = None
    days_slipped: int | None = None
    days_since_update: int | None = None
    tags: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    moved_by: str | None = None  # JSON: the update that set a slipped deadline
    #: The baseline's latest day (ISO), kept only where it differs from the deadline's
    #: (a deadline always has a baseline: most are the same day, and 100,000 strings add up).
    baseline_latest: str | None = None

    @property
    def total_days_slipped(self) -> int | None:
        """Days from the baseline's latest day to the deadline's (negative when it was
        brought forward; None without both)."""
        if self.latest is None:
            return None
        if self.baseline_latest is None:
            return 0
        return (self.latest - _day(self.baseline_latest)).days

    @property
    def progress_value(self) -> int:
        """Progress for averages: achieved without a figure counts as done."""
        return progress_for_mean(self.status, self.progress)

    def json_suffix(self) -> str:
        """The computed keys, to close an initiative's JSON entry (see :meth:`Report.entry`):
        :data:`tracker.domain.shapes.REPORT_COMPUTED_KEYS`, written fast (proven equal to
        ``Initiative.report_entry_dict`` by tests/test_shapes.py).

        Every value is a number, null, or an ASCII word or ISO day: no escaping needed.
        """
        last = f'"{self.last_update}"' if self.last_update else "null"
        overdue = "null" if self.days_overdue is None else self.days_overdue
        left = "null" if self.days_left is None else self.days_left
        slipped = "null" if self.days_slipped is None else self.days_slipped
        since = "null" if self.days_since_update is None else self.days_since_update
        return (
            f',"health":"{self.health}","days_overdue":{overdue},"days_left":{left}'
            f',"days_slipped":{slipped},"last_update":{last},"days_since_update":{since}'
        )


@dataclass
class Move:
    """One deadline move in the changed period: an entry that set a deadline window
    other than the one in force before it (``before``, replayed)."""

    entry: HistoryEntry
    before: dict[str, Any]  # the windows as JSON objects: {text, earliest, latest, precision}
    after: dict[str, Any]

    @property
    def days(self) -> int:
        """Days the latest day moved: negative when the deadline was brought forward."""
        return (_day(self.after["latest"]) - _day(self.before["latest"])).days

    def to_dict(self) -> dict[str, Any]:
        entry = self.entry
        return {
            "effective": entry.effective,
            "from": self.before,
            "to": self.after,
            "days": self.days,
            "note": entry.note,
            "source": entry.source.to_dict() if entry.source else None,
            "ref": entry.ref,
            "author": entry.author,
        }


def is_move(entry: HistoryEntry) -> bool:
    """Whether an entry moved the deadline: not the ``created`` entry (that sets the
    baseline), not the first deadline set, and a different window (earliest or latest
    day), not the same days reworded."""
    change = entry.changes.get("deadline")
    if change is None or entry.event == "created":
        return False
    before, after = change.get("from"), change.get("to")
    if before is None or after is None:
        return False
    return bool(before["earliest"] != after["earliest"] or before["latest"] != after["latest"])


@dataclass
class Item:
    """One initiative as it stood on the report day, for the human-readable formats."""

    initiative: Initiative
    figures: Figures
    started: date  # announced day, else its first history entry
    #: Its links as this end reads them: ``superseded by new-plan`` (tracker.domain.links).
    links: list[str] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)  # in the slipped section: its moves

    @property
    def total_days_slipped(self) -> int | None:
        return self.figures.total_days_slipped

    @property
    def moved_by(self) -> dict[str, Any] | None:
        """For a slipped deadline, the update that set it: effective, note, source, ref."""
        return json.loads(self.figures.moved_by) if self.figures.moved_by else None

    @property
    def slug(self) -> str:
        return self.initiative.slug

    @property
    def health(self) -> Health:
        return self.figures.health

    @property
    def last_update(self) -> date | None:
        return self.figures.last_update

    @property
    def days_overdue(self) -> int | None:
        return self.figures.days_overdue

    @property
    def days_left(self) -> int | None:
        return self.figures.days_left

    @property
    def days_slipped(self) -> int | None:
        return self.figures.days_slipped

    @property
    def days_since_update(self) -> int | None:
        return self.figures.days_since_update


@dataclass
class Section:
    """An ordered list of initiatives; the first ones also as :class:`Item` objects."""

    ids: list[int]
    items: list[Item] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def __bool__(self) -> bool:
        return bool(self.ids)


@dataclass
class Change:
    """One history entry in the changed period, its ``from`` values replayed."""

    entry: HistoryEntry
    changes: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        entry = self.entry
        return {
            "event": entry.event,
            "effective": entry.effective,
            "changes": self.changes,
            "note": entry.note,
            "source": entry.source.to_dict() if entry.source else None,
            "ref": entry.ref,
            "author": entry.author,
        }


@dataclass
class ChangeGroup:
    figures: Figures
    changes: list[Change]
    item: Item | None = None  # loaded for the human-readable formats (the first rows)

    @property
    def slug(self) -> str:
        return self.figures.slug

    def to_dict(self) -> dict[str, Any]:
        return {
            "slug": self.figures.slug,
            "title": self.figures.title,
            "status": self.figures.status,
            "updates": [change.to_dict() for change in self.changes],
        }


@dataclass
class Group:
    """Progress of the initiatives sharing a tag or a jurisdiction."""

    name: str
    initiatives: int
    open: int
    overdue: int
    achieved: int
    progress: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "initiatives": self.initiatives,
            "open": self.open,
            "overdue": self.overdue,
            "achieved": self.achieved,
            "progress": self.progress,
        }


@dataclass
class Report:
    options: ReportOptions
    figures: dict[int, Figures]  # every initiative in the report
    order: list[int]  # soonest deadline first
    entries: dict[int, str]  # id -> the initiative's JSON entry (computed keys included)
    overdue: Section
    due_soon: Section
    slipped: Section
    stale: Section
    timeline: Section  # open, with a deadline, soonest first
    changed: list[ChangeGroup]
    by_tag: list[Group]
    by_jurisdiction: list[Group]
    all_items: list[Item] | None = None  # every initiative, when materialise is None
    max_update_id: int = 0  # the newest history row the report saw (for --since last)
    #: The links with an end in the report, as (from slug, kind, to slug), in that order.
    links: list[tuple[str, str, str]] = field(default_factory=list)
    #: id -> the deadline moves in the changed period, in history order (the slipped section)
    moves: dict[int, list[Move]] = field(default_factory=dict)
    #: Initiatives by status and by health, and (counted, sum) for the mean progress:
    #: :func:`tracker.domain.model.mean_progress` over them all, summed as they were read.
    counts: tuple[dict[str, int], dict[str, int], tuple[int, int]] = ({}, {}, (0, 0))

    @property
    def as_of(self) -> date:
        return self.options.as_of

    @property
    def since(self) -> date | None:
        return self.options.since

    def status_counts(self) -> dict[str, int]:
        return dict(self.counts[0])

    def health_counts(self) -> dict[str, int]:
        return dict(self.counts[1])

    @property
    def progress(self) -> int | None:
        counted, total = self.counts[2]
        return round(total / counted) if counted else None

    def alerts(self) -> dict[str, bool]:
        """Which ``--fail-if`` conditions hold."""
        return {
            "overdue": bool(self.overdue),
            "due-soon": bool(self.due_soon),
            "stale": bool(self.stale),
            "changed": bool(self.changed),
        }

    def entry(self, initiative_id: int, **extra: Any) -> str:
        """One initiative's entry in the JSON document: the stored fields (as of the
        report day), the computed ones, then ``extra`` keys."""
        text = self.entries[initiative_id]
        if not extra:
            return text
        text = text[:-1]
        for key, value in extra.items():
            text += f",{json.dumps(key)}:{compact_json(value)}"
        return text + "}"

    def entry_texts(self, ids: Iterable[int]) -> Iterator[str]:
        """:meth:`entry` of each of ``ids`` (no extra keys), for the long lists."""
        return map(self.entries.__getitem__, ids)

    def stored_entry(self, initiative_id: int) -> str:
        """An initiative's entry without its computed keys (:data:`tracker.domain.shapes.
        REPORT_STORED_KEYS`: the fields as of the report day, not the day's figures)."""
        text = self.entries[initiative_id]
        return text[: text.rindex(_COMPUTED)] + "}"

    def slipped_entry(self, initiative_id: int) -> str:
        """An entry of the slipped section: the initiative's entry, ``moved_by`` (the
        update that set a deadline later than the baseline, as before), then its moves in
        the period, the days they add up to and its total slip since the baseline."""
        figures = self.figures[initiative_id]
        moves = self.moves.get(initiative_id, [])
        total = figures.total_days_slipped
        return (
            self.entry(initiative_id)[:-1]
            + f',"moved_by":{figures.moved_by or "null"}'
            + f',"moves":{compact_json([move.to_dict() for move in moves])}'
            + f',"days_moved":{sum(move.days for move in moves)}'
            + f',"total_days_slipped":{"null" if total is None else total}}}'
        )

    def sections(self) -> Iterator[tuple[str, bool, Any]]:
        """The documented ``--format json`` keys in order (README, "Reports"), each with
        its value and whether that value is a list of ready JSON texts (initiative entries,
        see :meth:`entry`) rather than plain data. Lists come as generators."""
        options = self.options
        yield "as_of", False, self.as_of.isoformat()
        yield "since", False, self.since.isoformat() if self.since else None
        yield "horizon_days", False, options.horizon_days
        yield "stale_after_days", False, options.stale_after_days
        yield "filters", False, options.filters
        yield (
            "counts",
            False,
            {
                "initiatives": len(self.figures),
                "progress": self.progress,
                "status": self.status_counts(),
                "health": self.health_counts(),
            },
        )
        yield "overdue", True, self.entry_texts(self.overdue.ids)
        yield "due_soon", True, self.entry_texts(self.due_soon.ids)
        yield "changed", False, (group.to_dict() for group in self.changed)
        yield "slipped", True, map(self.slipped_entry, self.slipped.ids)
        yield "stale", True, self.entry_texts(self.stale.ids)
        yield "by_tag", False, (group.to_dict() for group in self.by_tag)
        yield "by_jurisdiction", False, (group.to_dict() for group in self.by_jurisdiction)
        yield "initiatives", True, self.entry_texts(self.order)
        yield "links", False, ({"from": a, "kind": k, "to": b} for a, k, b in self.links)

    def to_dict(self) -> dict[str, Any]:
        """The whole ``--format json`` document as one dict (for tests and library use)."""
        document = {}
        for key, raw, value in self.sections():
            if raw:
                value = [json.loads(text) for text in value]
            elif not isinstance(value, str | int | dict | None):
                value = list(value)
            document[key] = value
        return document


compact_json = shapes.compact_json


#: Where an entry's computed keys begin (the first of shapes.REPORT_COMPUTED_KEYS)
_COMPUTED = ',"health":'


def _names(array: str) -> list[str]:
    """A JSON array of names; plain ones (no escapes) split without the JSON decoder."""
    if array == "[]":
        return []
    if "\\" in array:  # an escaped quote or control character: let json read it
        names: list[str] = json.loads(array)
        return names
    return array[2:-2].split('","')


class _NameLists(dict[str, list[str]]):
    """A JSON array of names -> its names (:func:`_names`), one list per distinct array,
    shared by every initiative with those names (read-only): 100,000 initiatives have a
    few thousand distinct combinations, and 300,000 small lists weighed 50 MB."""

    def __missing__(self, array: str) -> list[str]:
        names = self[array] = _names(array)
        return names


def _figures(
    row: tuple[Any, ...],
    options: ReportOptions,
    lists: dict[str, list[str]] | None = None,
    days: dict[str, date] | None = None,
) -> Figures:
    """Classify one facts row (:data:`tracker.storage.report_queries.FACT_COLUMNS`);
    ``lists``: a :class:`_NameLists` to share the name lists through, ``days``: a
    :class:`_Days` to read the deadlines' days through (they repeat)."""
    (
        initiative_id,
        slug,
        title,
        status,
        progress,
        _,
        _,
        _,
        deadline_latest,
        baseline_latest,
        first,
        last,
        tags,
        jurisdictions,
        _,
        _,
    ) = row
    as_of = options.as_of
    day = _day if days is None else days.__getitem__
    latest = day(deadline_latest) if deadline_latest else None
    state = health(status, latest, as_of, options.horizon_days)
    last_update = day(last) if last else None
    baseline = day(baseline_latest) if baseline_latest else None
    overdue, left, slipped = deadline_days(state, latest, baseline, as_of)
    since = None
    if last_update is not None:
        since = (as_of - last_update).days
    # Positional, in field order: the fastest way to build 100,000 of them.
    return Figures(
        initiative_id,
        slug,
        title,
        status,
        progress,
        state,
        latest,
        _day(first) if first else None,
        last_update,
        overdue,
        left,
        slipped,
        since,
        _names(tags) if lists is None else lists[tags],
        _names(jurisdictions) if lists is None else lists[jurisdictions],
        None,  # moved_by: read for the initiatives that show it (see _build_report)
        baseline_latest if baseline_latest != deadline_latest else None,
    )


_day = date.fromisoformat


class _Days(dict[str, date]):
    """An ISO day -> the date (:func:`date.fromisoformat`), one object per distinct day."""

    def __missing__(self, text: str) -> date:
        day = self[text] = _day(text)
        return day


def _groups(
    figures: list[Figures], folds: dict[str, dict[str, str]] | None = None
) -> tuple[list[Group], list[Group]]:
    """Progress by tag and by jurisdiction, in one pass over the initiatives; ``folds``:
    a stored name -> the name its group is under, where that is another."""
    tag_folds, place_folds = (folds or {}).get("tags"), (folds or {}).get("jurisdictions")
    # First per distinct list object (initiatives share their lists: _NameLists), then
    # per name: the same sums, a few thousand name loops instead of 300,000.
    # id(list) -> [list, initiatives, open, overdue, achieved, counted for progress, sum]
    per_list: tuple[dict[int, list[Any]], dict[int, list[Any]]] = ({}, {})
    tag_lists, place_lists = per_list
    closed, achieved_status, overdue_health = CLOSED_STATUSES, Status.ACHIEVED, Health.OVERDUE
    for item in figures:
        tags, places = item.tags, item.jurisdictions
        if not tags and not places:
            continue
        status = item.status
        counted = status not in NO_PROGRESS_GROUP
        opened = status not in closed
        overdue = item.health is overdue_health
        achieved = status == achieved_status
        progress = item.progress_value if counted else 0
        for lists, names in ((tag_lists, tags), (place_lists, places)):
            if not names:
                continue
            sums = lists.get(id(names))
            if sums is None:
                lists[id(names)] = [names, 1, opened, overdue, achieved, counted, progress]
            else:
                sums[1] += 1
                sums[2] += opened
                sums[3] += overdue
                sums[4] += achieved
                sums[5] += counted
                sums[6] += progress
    # name -> [initiatives, open, overdue, achieved, counted for progress, progress sum]
    by: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
    for totals, lists, folded in (
        (by[0], per_list[0], tag_folds),
        (by[1], per_list[1], place_folds),
    ):
        for names, *added in lists.values():
            if folded:  # two spellings of one name count once
                names = list(dict.fromkeys(folded.get(name, name) for name in names))
            for name in names:
                sums = totals.get(name)
                if sums is None:
                    totals[name] = [int(value) for value in added]
                else:
                    for n, value in enumerate(added):
                        sums[n] += value

    def groups(totals: dict[str, list[int]]) -> list[Group]:
        return [
            Group(
                name=name,
                initiatives=count,
                open=opened,
                overdue=overdue,
                achieved=achieved,
                progress=round(progress / counted) if counted else None,
            )
            for name in sorted(totals, key=lambda n: (n.casefold(), n))
            for count, opened, overdue, achieved, counted, progress in [totals[name]]
        ]

    return groups(by[0]), groups(by[1])


def _materialise(
    conn: sqlite3.Connection,
    ids: list[int],
    figures: dict[int, Figures],
    replayed: dict[int, tuple[Any, ...]] | None,
) -> dict[int, Item]:
    """Full :class:`Item` objects for these initiatives, their fields as of the day
    (``replayed``: id -> confidence, deadline and baseline as JSON, and the confidence's
    rationale, when replayed)."""
    items = {}
    initiatives = repo.fetch_initiatives(conn, ids)
    unannounced = [i.id for i in initiatives if i.announced is None and figures[i.id].first is None]
    firsts = queries.first_effective(conn, unannounced) if unannounced else {}
    for initiative in initiatives:
        numbers = figures[initiative.id]
        if replayed is not None:
            confidence, deadline, baseline, confidence_note = replayed[initiative.id]
            initiative = replace(
                initiative,
                status=numbers.status,
                progress=numbers.progress,
                confidence=confidence,
                confidence_note=confidence_note,
                deadline=repo.window_from_json(deadline),
                baseline_deadline=repo.window_from_json(baseline),
            )
        if initiative.announced is not None:
            started = initiative.announced.earliest
        else:
            started = numbers.first or date.fromisoformat(firsts[initiative.id])
        items[initiative.id] = Item(initiative, numbers, started)
    return items


def _changes(
    conn: sqlite3.Connection, options: ReportOptions, included: dict[int, Figures]
) -> tuple[dict[int, list[Change]], dict[int, list[Move]]]:
    """Per initiative, its entries in the changed period that change something (or carry
    a note or a source), each with only the fields whose replayed value moved; and its
    deadline moves in the period (whoever made them: ``--by`` narrows only the first)."""
    result: dict[int, list[Change]] = {}
    moves: dict[int, list[Move]] = {}
    entries = queries.changed_entries(
        conn, options.since, options.as_of, options.after_update_id, options.ids
    )
    for initiative_id, entry in entries:
        if initiative_id not in included:
            continue
        if is_move(entry):
            deadline = entry.changes["deadline"]
            moves.setdefault(initiative_id, []).append(
                Move(entry, deadline["from"], deadline["to"])
            )
        if options.authors and (entry.author or "").casefold() not in options.authors:
            continue
        shown = {
            name: change
            for name, change in entry.changes.items()
            # a confidence level restated with a new rationale is a new assessment
            if name not in repo.TRACKED_FIELDS or change["from"] != change["to"] or "note" in change
        }
        if shown or entry.note or entry.source:
            result.setdefault(initiative_id, []).append(Change(entry, shown))
    return result, moves


def build_report(conn: sqlite3.Connection, options: ReportOptions) -> Report:
    """Compute the report; ``conn`` must be inside one read transaction."""
    # 100,000 small objects and no reference cycles among them: the cyclic collector
    # would only rescan the growing heap again and again (a third of the time at scale).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build_report(conn, options)
    finally:
        if collecting:
            gc.enable()


def _build_report(conn: sqlite3.Connection, options: ReportOptions) -> Report:
    as_of = options.as_of
    replay = repo.any_update_after(conn, as_of)
    figures: dict[int, Figures] = {}
    entries: dict[int, str] = {}
    replayed: dict[int, tuple[Any, ...]] | None = {} if replay else None
    lists, days = _NameLists(), _Days()
    statuses = options.statuses
    by_status = dict.fromkeys((str(s) for s in Status), 0)
    by_health = dict.fromkeys((str(h) for h in Health), 0)
    counted = total = 0
    skipped = NO_PROGRESS_GROUP
    for row in queries.report_facts(conn, as_of, replay=replay, ids=options.ids):
        status = row[3]
        if statuses and status not in statuses:
            continue
        initiative_id = row[0]
        figures[initiative_id] = read = _figures(row, options, lists, days)
        # the entry whole, once: the long lists of the JSON document repeat it
        entries[initiative_id] = row[14][:-1] + read.json_suffix() + "}"
        if replayed is not None:
            replayed[initiative_id] = (*row[5:8], row[15])
        by_status[status] += 1
        by_health[read.health.value] += 1
        if status not in skipped:
            counted += 1
            total += read.progress_value

    # Soonest deadline first (none last: after a deadline of date.max too), then by
    # title; every section breaks its own ties in this order (sorts are stable), so the
    # output never depends on row order. The day first: most comparisons end there.
    ordered = sorted(
        figures.values(),
        key=lambda f: (f.latest or date.max, f.latest is None, f.title.casefold(), f.id),
    )
    order = [f.id for f in ordered]
    stale_before = as_of - timedelta(days=options.stale_after_days)
    # One pass, each list in that order: overdue, due soon, quiet (open, no entry since
    # stale_before: stale unless a descendant moved) and the timeline (open, dated).
    late: list[Figures] = []
    due_soon: list[Figures] = []
    quiet: list[Figures] = []
    timeline: list[Figures] = []
    overdue_health, soon_health, closed_health = Health.OVERDUE, Health.DUE_SOON, Health.CLOSED
    for f in ordered:
        state = f.health
        if state is closed_health:
            continue
        if state is overdue_health:
            late.append(f)
        elif state is soon_health:
            due_soon.append(f)
        if f.latest is not None:
            timeline.append(f)
        if f.last_update is None or f.last_update <= stale_before:
            quiet.append(f)
    overdue = sorted(late, key=lambda f: -(f.days_overdue or 0))
    changes, moves = _changes(conn, options, figures)
    # The deadlines that moved in the period: most days moved first.
    moved = {i: sum(move.days for move in found) for i, found in moves.items()}
    slipped = sorted((f for f in ordered if f.id in moved), key=lambda f: -moved[f.id])
    # a programme whose children (or theirs) moved since is not stale
    busy = queries.moved_below([f.id for f in quiet], stale_before, as_of, conn)
    stale = sorted((f for f in quiet if f.id not in busy), key=lambda f: f.last_update or date.min)

    # Only the initiatives a human-readable format shows become Item objects.
    sections = {
        "overdue": [f.id for f in overdue],
        "due_soon": [f.id for f in due_soon],
        "slipped": [f.id for f in slipped],
        "stale": [f.id for f in stale],
        "timeline": [f.id for f in timeline],
    }
    changed = [ChangeGroup(figures[i], found) for i, found in changes.items()]
    latest_change = {g.figures.id: max(c.entry.effective for c in g.changes) for g in changed}
    # Latest activity first, then by slug (two stable sorts: ISO days cannot be negated).
    changed.sort(key=lambda g: g.slug)
    changed.sort(key=lambda g: latest_change[g.figures.id], reverse=True)
    limit = options.materialise
    wanted = set(order) if limit is None else {i for ids in sections.values() for i in ids[:limit]}
    if limit != 0:  # the changed section shows its first initiatives in full
        wanted.update(g.figures.id for g in (changed if limit is None else changed[:limit]))
    # The update that set a slipped deadline, for those shown: the slipped section's
    # JSON entries and the Item objects (one probe each, not one per initiative).
    slipping = [i for i in wanted.union(sections["slipped"]) if figures[i].days_slipped is not None]
    for initiative_id, update in queries.moved_by(conn, as_of, sorted(slipping)).items():
        figures[initiative_id].moved_by = update
    items = _materialise(conn, sorted(wanted), figures, replayed)
    for group in changed:
        group.item = items.get(group.figures.id)
    for initiative_id, found in moves.items():
        if initiative_id in items:
            items[initiative_id].moves = found
    links = _links(conn, figures, items)

    def section(key: str) -> Section:
        ids = sections[key]
        shown = ids if limit is None else ids[:limit]
        return Section(ids, [items[i] for i in shown])

    by_tag, by_jurisdiction = _groups(ordered, options.folds)
    return Report(
        options=options,
        figures=figures,
        order=order,
        entries=entries,
        overdue=section("overdue"),
        due_soon=section("due_soon"),
        slipped=section("slipped"),
        stale=section("stale"),
        timeline=section("timeline"),
        changed=changed,
        by_tag=by_tag,
        by_jurisdiction=by_jurisdiction,
        all_items=[items[i] for i in order] if limit is None else None,
        max_update_id=queries.max_update_id(conn),
        links=links,
        moves=moves,
        counts=(by_status, by_health, (counted, total)),
    )


def _links(
    conn: sqlite3.Connection, figures: dict[int, Figures], items: dict[int, Item]
) -> list[tuple[str, str, str]]:
    """The links with an end among the report's initiatives, as (from slug, kind, to
    slug) in that order; each :class:`Item` gets its own as its end reads them. Links
    are few: all of them are read (none at all costs one probe)."""
    rows = [row for row in stored_links.touching(conn) if row[0] in figures or row[2] in figures]
    if not rows:
        return []
    ends = sorted({row[0] for row in rows} | {row[2] for row in rows})
    slugs = {i.id: i.slug for i in repo.fetch_initiatives(conn, ends)}
    for from_id, kind, to_id in rows:
        if from_id in items:
            items[from_id].links.append(f"{FORWARD[kind]} {slugs[to_id]}")
        if to_id in items:
            items[to_id].links.append(f"{INVERSE[kind]} {slugs[from_id]}")
    return sorted((slugs[a], kind, slugs[b]) for a, kind, b in rows)


def cursor_key(filters: dict[str, Any]) -> str:
    """The key ``--since last`` cursors are stored under: the filters, canonically (names
    compare without case, as the filters themselves do)."""
    folded = {
        key: sorted(v.casefold() for v in value) if isinstance(value, list) else value
        for key, value in filters.items()
    }
    return json.dumps(folded, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
