"""Reading many initiatives: ``list`` (whole, streamed or counted) and the progress
report (see :mod:`tracker.reports`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from tracker.domain import clock
from tracker.domain.authors import check_author
from tracker.domain.initiatives import Initiative
from tracker.domain.model import parse_confidence, parse_health, parse_kind, parse_status
from tracker.errors import InputError
from tracker.ops import names, references, values
from tracker.requests import ListFilters, ReportRequest, SearchHit, SearchResults
from tracker.storage import listing, search
from tracker.storage import repository as repo

if TYPE_CHECKING:
    from tracker.ops.session import Session
    from tracker.reports import Report


def list_initiatives(t: Session, filters: ListFilters | None = None) -> list[Initiative]:
    query = list_query(t, filters or ListFilters())
    with t.db.read() as conn:
        return repo.fetch_initiatives(conn, listing.list_ids(conn, query, t.today))


def search_all(t: Session, text: str, limit: int = 20) -> SearchResults:
    """``tracker search``: the ``limit`` initiatives matching ``text`` best (see
    :mod:`tracker.storage.search`), each with where it matched."""
    checked = values.optional_text(text, "search text")
    assert checked is not None
    if not 1 <= limit <= values.SQLITE_MAX_INT:
        raise InputError(f"--limit must be between 1 and {values.SQLITE_MAX_INT}, not {limit}")
    match = search.match_query(checked)
    if match is None:
        return SearchResults(checked, 0, [])
    with t.db.read() as conn:
        ids, total, marked = search.ranked(conn, match, limit)
        where = search.hits(conn, marked)
        found = repo.fetch_initiatives(conn, ids)
    return SearchResults(
        checked, total, [SearchHit(i, where[i.id]) for i in found if i.id in where]
    )


def each(t: Session, filters: ListFilters | None = None, chunk: int = 1000) -> Iterator[Initiative]:
    """What :meth:`list` returns, read ``chunk`` at a time inside one read snapshot,
    so that printing 100,000 initiatives never holds them all in memory. The filters
    are checked now (bad ones raise before anything is read or written); the
    snapshot opens at the first item and lasts until the iterator is exhausted or
    closed."""
    return _each(t, list_query(t, filters or ListFilters()), chunk)


def _each(t: Session, query: listing.ListQuery, chunk: int) -> Iterator[Initiative]:
    with t.db.read() as conn:
        ids = listing.list_ids(conn, query, t.today)
        for start in range(0, len(ids), chunk):
            yield from repo.fetch_initiatives(conn, ids[start : start + chunk])


def each_row(
    t: Session, filters: ListFilters | None = None, chunk: int = 1000
) -> Iterator[tuple[Any, ...]]:
    """What :func:`each` gives, as plain rows (:data:`tracker.domain.shapes.
    LIST_ROW_COLUMNS`, :func:`tracker.storage.listing.initiative_rows`): for the
    formats that write every initiative without needing :class:`Initiative` objects.
    The filters are checked now; one read snapshot, as :func:`each`."""
    return _each_row(t, list_query(t, filters or ListFilters()), chunk)


def _each_row(t: Session, query: listing.ListQuery, chunk: int) -> Iterator[tuple[Any, ...]]:
    with t.db.read() as conn:
        yield from listing.initiative_rows(conn, listing.list_ids(conn, query, t.today), chunk)


def count(t: Session, filters: ListFilters | None = None) -> int:
    """How many initiatives :meth:`list` would return, without reading them."""
    query = list_query(t, filters or ListFilters())
    with t.db.read() as conn:
        return listing.count_matching(conn, query, t.today)


def list_query(t: Session, filters: ListFilters) -> listing.ListQuery:
    if filters.sort not in listing.SORT_KEYS:
        raise InputError(
            f"unknown sort {filters.sort!r}; choose from {', '.join(listing.SORT_KEYS)}"
        )
    if filters.limit is not None and not 0 <= filters.limit <= values.SQLITE_MAX_INT:
        raise InputError(
            f"--limit must be between 0 and {values.SQLITE_MAX_INT}, not {filters.limit}"
        )
    return listing.ListQuery(
        statuses=[str(parse_status(s)) for s in filters.statuses],
        healths=[str(parse_health(h)) for h in filters.healths],
        # each name as every spelling that means it (an alias, another script)
        tags=list(names.spellings(t, "tags", values.names(filters.tags, "tag"))),
        jurisdictions=list(
            names.spellings(t, "jurisdictions", values.names(filters.jurisdictions, "jurisdiction"))
        ),
        sponsors=list(names.spellings(t, "sponsors", values.names(filters.sponsors, "sponsor"))),
        due_before=(
            t.window(filters.due_before, "--due-before").earliest
            if filters.due_before is not None
            else None
        ),
        due_within_days=(
            values.parse_duration_days(filters.due_within, "--due-within")
            if filters.due_within is not None
            else None
        ),
        search=values.optional_text(filters.search, "--search"),
        within=_within(t, filters.parent),
        kinds=[str(parse_kind(k)) for k in filters.kinds],
        confidences=[str(parse_confidence(c)) for c in filters.confidences],
        changed_since=_changed_since(t, filters.changed_since),
        authors=sorted({check_author(a, "--by") for a in filters.authors}),
        slipped=filters.slipped,
        sort=filters.sort,
        limit=filters.limit,
    )


def _changed_since(t: Session, phrase: str | None, today: date | None = None) -> date | None:
    """The first day of ``--changed-since PHRASE`` (a date phrase, read from today)."""
    return None if phrase is None else t.window(phrase, "--changed-since", today).earliest


def _within(t: Session, parent: str | None) -> int | None:
    """The id of ``--parent REF`` (an unknown REF is refused, with the nearest)."""
    if parent is None:
        return None
    with t.db.read() as conn:
        return references.resolve_id(conn, parent)


def report(
    t: Session, request: ReportRequest | None = None, materialise: int | None = 20
) -> Report:
    """The progress report as of a day (see :mod:`tracker.reports`).

    ``materialise``: how many initiatives per section to load in full, for the formats
    that show a few rows (None: all of them, as CSV and iCalendar need).
    """
    from tracker import reports
    from tracker.storage import report_queries as queries

    request = request or ReportRequest()
    as_of = t.day(request.as_of, "--as-of") if request.as_of is not None else t.today
    horizon = values.parse_duration_days(request.horizon, "--horizon")
    stale_after = values.parse_duration_days(request.stale_after, "--stale-after")
    statuses = sorted({str(parse_status(s)) for s in request.statuses})
    # the names meant (an alias as its name), for the header and the --since last key
    named = {
        kind: sorted(
            set(names.canonical(t, f"{kind}s", values.names(given, kind))), key=str.casefold
        )
        for kind, given in (
            ("tag", request.tags),
            ("jurisdiction", request.jurisdictions),
            ("sponsor", request.sponsors),
        )
    }
    search = values.optional_text(request.search, "--search")
    filters: dict[str, Any] = {"status": statuses, **named, "search": search}
    narrowing: dict[str, Any] = {
        "kind": sorted({str(parse_kind(k)) for k in request.kinds}),
        "confidence": sorted({str(parse_confidence(c)) for c in request.confidences}),
        "changed_since": _changed_since(t, request.changed_since, None),
        "slipped": request.slipped,
    }
    # only those given join the header and the --since last cursor's key, so that the
    # cursors of reports without them stay as they were
    filters.update(
        {
            key: value.isoformat() if isinstance(value, date) else value
            for key, value in narrowing.items()
            if value
        }
    )
    authors = sorted({check_author(a, "--by") for a in request.authors}, key=str.casefold)
    if authors:  # only then: the unfiltered report's header and --since last stay as they were
        filters["by"] = authors
    if (
        as_of < date(2, 1, 1) + timedelta(days=max(horizon, stale_after))
        or (date.max - as_of).days <= horizon
    ):
        raise InputError(
            f"--as-of {as_of.isoformat()} is too near the ends of the calendar for"
            f" --horizon {request.horizon} and --stale-after {request.stale_after}"
        )
    since_text = request.since if request.since is not None else "7d"
    since_last = since_text.strip().lower() == "last"
    since: date | None = None
    if not since_last:
        if values._DURATION.match(since_text):
            days = values.parse_duration_days(since_text, "--since")
            if (as_of - date.min).days < days:
                raise InputError(f"--since {since_text!r} reaches before the year 1")
            since = as_of - timedelta(days=max(days, 1) - 1)
        else:
            since = t.window(since_text, "--since", as_of).earliest
        if since > as_of:
            raise InputError(
                f"--since {since_text!r} starts after the report day ({as_of.isoformat()})"
            )
    with t.db.read() as conn:
        ids = None
        within = None
        if request.parent is not None:
            within = references.resolve_id(conn, request.parent)
            # the header and the --since last cursor name the programme by its slug
            filters["parent"] = repo.fetch_initiative(conn, within).slug
        if (
            any(named.values())
            or search is not None
            or within is not None
            or any(narrowing.values())
        ):
            query = listing.ListQuery(
                tags=list(names.spellings_in(conn, "tags", named["tag"])),
                jurisdictions=list(
                    names.spellings_in(conn, "jurisdictions", named["jurisdiction"])
                ),
                sponsors=list(names.spellings_in(conn, "sponsors", named["sponsor"])),
                search=search,
                within=within,
                kinds=narrowing["kind"],
                confidences=narrowing["confidence"],
                changed_since=narrowing["changed_since"],
                slipped=narrowing["slipped"],
            )
            ids = listing.list_ids(conn, query, as_of)
        after_update_id = None
        if since_last:
            cursor = queries.report_cursor(conn, reports.cursor_key(filters))
            if cursor is not None:
                if cursor[0] > as_of:
                    raise InputError(
                        f"--since last: the last report was as of {cursor[0].isoformat()},"
                        f" after the report day {as_of.isoformat()}"
                    )
                # The day after the last report, and whatever was recorded since it
                # (a backdated update too), up to the report day.
                since = cursor[0] + timedelta(days=1)
                after_update_id = cursor[1]
        options = reports.ReportOptions(
            as_of=as_of,
            since=since,
            horizon_days=horizon,
            stale_after_days=stale_after,
            ids=ids,
            statuses=tuple(statuses),
            after_update_id=after_update_id,
            filters=filters,
            authors=tuple(sorted({a.casefold() for a in authors})),
            materialise=materialise,
            folds=names.group_names(conn),
        )
        return reports.build_report(conn, options)


def mark_reported(t: Session, report: Report, write: Callable[[], None] | None = None) -> None:
    """Record that ``report`` was written (``write()`` writes it, inside the same
    transaction: if either fails, neither happens). ``--since last`` then starts
    after it. The cursor only moves forward, and never past today: an archive
    report for an earlier day or a projection for a later one leaves it alone."""
    from tracker import reports
    from tracker.storage import report_queries as queries

    with t.db.write() as conn:
        key = reports.cursor_key(report.options.filters)
        cursor = queries.report_cursor(conn, key)
        if report.as_of <= t.today and (cursor is None or report.as_of >= cursor[0]):
            queries.save_report_cursor(
                conn, key, report.as_of, report.max_update_id, clock.now_iso()
            )
        if write is not None:
            write()
