"""``--format json``: stable, documented keys (see README, "JSON output").

The one JSON renderer for every command that offers json; ``export --format json``
is the export document (see :mod:`tracker.renderers.jsonl`).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

from tracker.renderers import (
    ExportRenderer,
    NamesRenderer,
    ProposalRenderer,
    RecordRenderer,
    ReportRenderer,
    SearchRenderer,
    SiteRenderer,
    SourcesRenderer,
    SummaryRenderer,
    WindowRenderer,
)

if TYPE_CHECKING:
    from pathlib import Path

    from tracker.domain.initiatives import HistoryEntry, Initiative, InitiativeDetail, SourceLink
    from tracker.domain.names import Alias, NamesChange, NameUse
    from tracker.domain.windows import Window
    from tracker.renderers import BuiltSite, CheckedDatabase, ExportSource
    from tracker.reports import Report
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


_quote = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) quotes with


def _value(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False)``, quicker for text, whole numbers, null."""
    kind = value.__class__
    if kind is str:
        return _quote(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)


class _Words(dict[Any, str]):
    """A value -> its JSON text (:func:`_value`), for the few words a column holds (a
    :class:`StrEnum` member, such as a health, as its ``str``: equal to its value)."""

    def __missing__(self, key: Any) -> str:
        text = self[key] = _value(str(key) if isinstance(key, StrEnum) else key)
        return text


def dump(data: Any, stream: TextIO) -> None:
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


class JsonRenderer(
    RecordRenderer,
    WindowRenderer,
    SummaryRenderer,
    ReportRenderer,
    ExportRenderer,
    ProposalRenderer,
    SearchRenderer,
    SourcesRenderer,
    NamesRenderer,
    SiteRenderer,
):
    def proposals(self, items: list[Proposal]) -> None:
        dump([item.to_json() for item in items], self.stream)

    def search_results(self, results: SearchResults, today: date) -> None:
        dump(results.to_dict(today), self.stream)

    def names(self, uses: list[NameUse]) -> None:
        dump([use.to_json() for use in uses], self.stream)

    def aliases(self, aliases: list[Alias]) -> None:
        dump([alias.to_json() for alias in aliases], self.stream)

    def names_changed(self, change: NamesChange) -> None:
        dump(change.to_json(), self.stream)

    def initiatives(self, items: Iterable[Initiative], today: date) -> None:
        """The same text as :func:`dump` of the whole list, written an item at a time."""
        write = self.stream.write
        opening = "[\n  "
        for item in items:
            # No raw newline can be inside a JSON string, so each item's lines indent.
            text = json.dumps(item.to_dict(today), ensure_ascii=False, indent=2)
            write(opening + text.replace("\n", "\n  "))
            opening = ",\n  "
        write("[]\n" if opening == "[\n  " else "\n]\n")

    reads_rows = True

    def initiative_rows(self, rows: Iterable[tuple[Any, ...]], today: date) -> None:
        """The same text as :meth:`initiatives` (``Initiative.to_dict`` with ``indent=2``),
        from plain rows: each value quoted by the encoder json.dumps itself uses, each
        window and name list written once per distinct value (they repeat), so 100,000
        initiatives cost no Initiative objects and no pure-Python indenting encoder.
        Proven byte-equal by tests/test_list_rows.py."""
        from tracker.domain.model import health
        from tracker.domain.shapes import announced_dict, window_dict

        write = self.stream.write
        value, quote = _value, _quote
        words = _Words()
        names: dict[str, str] = {}
        windows: dict[int, tuple[Any, str]] = {}
        announced: dict[int, tuple[Any, str]] = {}

        def nested(data: Any) -> str:  # a key's value inside an item, as dump nests it
            return json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n    ")

        def names_of(text: str) -> str:
            found = names.get(text)
            if found is None:  # a list of names, as dump indents it
                listed = json.loads(text)
                found = names[text] = (
                    "[\n      " + ",\n      ".join(map(quote, listed)) + "\n    ]"
                    if listed
                    else "[]"
                )
            return found

        def window_of(window: Any, cache: dict[int, tuple[Any, str]], rule: Any) -> str:
            if window is None:
                return "null"
            found = cache.get(id(window))
            if found is None:  # keep the window: its id stays its own
                found = cache[id(window)] = (window, nested(rule(window)))
            return found[1]

        opening = "[\n  "
        for row in rows:
            (
                initiative_id,
                uuid,
                slug,
                title,
                summary,
                kind,
                status,
                confidence,
                progress,
                announced_window,
                deadline,
                baseline,
                parent,
                created_at,
                updated_at,
                confidence_note,
                tags,
                jurisdictions,
                sponsors,
            ) = row
            state = health(status, deadline.latest if deadline else None, today)
            # The NOT NULL text columns hold text (TEXT affinity; a blob fails as dump
            # fails); kind, status, confidence and health are a few words, quoted once.
            write(
                f'{opening}{{\n    "id": {value(initiative_id)},\n    "uuid": {quote(uuid)},'
                f'\n    "slug": {quote(slug)},\n    "title": {quote(title)},'
                f'\n    "summary": {quote(summary)},\n    "kind": {words[kind]},'
                f'\n    "status": {words[status]},\n    "health": {words[state]},'
                f'\n    "confidence": {words[confidence]},'
                f'\n    "confidence_note": {value(confidence_note)},'
                f'\n    "progress": {value(progress)},\n    "tags": {names_of(tags)},'
                f'\n    "jurisdictions": {names_of(jurisdictions)},'
                f'\n    "sponsors": {names_of(sponsors)},\n    "parent": {value(parent)},'
                f'\n    "announced": {window_of(announced_window, announced, announced_dict)},'
                f'\n    "deadline": {window_of(deadline, windows, window_dict)},'
                f'\n    "baseline_deadline": {window_of(baseline, windows, window_dict)},'
                f'\n    "created_at": {quote(created_at)},'
                f'\n    "updated_at": {quote(updated_at)}\n  }}'
            )
            opening = ",\n  "
        write("[]\n" if opening == "[\n  " else "\n]\n")

    def detail(self, detail: InitiativeDetail, today: date) -> None:
        dump(detail.to_dict(today), self.stream)

    def history(self, initiative: Initiative, entries: list[HistoryEntry]) -> None:
        dump([entry.history_dict() for entry in entries], self.stream)

    def update_result(self, result: UpdateResult) -> None:
        from tracker.domain import clock

        dump(
            {
                "outcome": result.outcome,
                "initiative": result.initiative.to_dict(clock.today()),
                "entry": result.entry.to_dict() if result.entry else None,
            },
            self.stream,
        )

    def window(self, window: Window) -> None:
        dump(window.to_dict(), self.stream)

    def sources(self, initiative: Initiative, links: list[SourceLink]) -> None:
        dump({"initiative": initiative.slug, "sources": [x.to_dict() for x in links]}, self.stream)

    def source_changed(self, result: SourceResult) -> None:
        dump(result.to_dict(), self.stream)

    # -- what the commands that change or check something say ----------------------

    def initialised(self, database: Path, added: list[str], present: int) -> None:
        dump({"database": str(database), "seeded": added, "already_present": present}, self.stream)

    def added(self, initiative: Initiative, today: date) -> None:
        dump(initiative.to_dict(today), self.stream)

    def removed(self, initiative: Initiative, children: int) -> None:
        data = {"removed": initiative.slug, "uuid": initiative.uuid, "children_detached": children}
        dump(data, self.stream)

    def would_change(self, number: int, slug: str, entry: HistoryEntry) -> None:
        """Nothing line by line: the summary's counts say it."""

    def corrected(self, result: CorrectionResult) -> None:
        dump(result.entry.history_dict(), self.stream)

    def applied(self, result: ApplyResult, dry_run: bool) -> None:
        dump(result.to_dict(), self.stream)

    def imported(self, result: ImportResult, dry_run: bool) -> None:
        dump(result.to_dict(), self.stream)

    def checked(self, report: CheckedDatabase) -> None:
        data = {
            "database": str(report.path),
            "ok": report.ok,
            "schema_version": report.schema_version,
            "initiatives": report.initiatives,
            "updates": report.updates,
            "problems": report.problems,
            "skipped": report.skipped,
            "repaired": report.repaired,
            "repair_backup": str(report.repair_backup) if report.repair_backup else None,
            "replica": report.replica,
        }
        dump(data, self.stream)

    def synced(self, result: SyncResult) -> None:
        dump(result.to_dict(), self.stream)

    def merged(self, result: MergeResult) -> None:
        dump(result.to_dict(), self.stream)

    def site_built(self, result: BuiltSite) -> None:
        dump(result.to_dict(), self.stream)

    def backed_up(self, database: Path, written: Path, size: int) -> None:
        dump({"database": str(database), "backup": str(written), "bytes": size}, self.stream)

    def export(self, source: ExportSource) -> None:
        """The export as one JSON document (:func:`tracker.renderers.jsonl.write_json`)."""
        from tracker.renderers.jsonl import write_json

        write_json(source.header, source.lines(), self.stream)

    # -- reports -------------------------------------------------------------------

    def report(self, report: Report, rows: int = 20, lang: str = "en") -> None:
        """The whole report, every row (``rows`` is for the human-readable formats).

        One document, written as it is built: each key on its own line, each entry of a
        list on its own line (compact JSON), so 100,000 initiatives stream out without
        one giant string, and the file still reads well and diffs line by line.
        """
        from tracker.reports import compact_json

        write = self.stream.write
        write("{\n")
        sections = list(report.sections())
        for n, (key, raw, value) in enumerate(sections):
            write(f"  {json.dumps(key)}: ")
            if isinstance(value, str | int | dict | None):
                write(compact_json(value))
            else:
                texts = value if raw else map(compact_json, value)
                batch = list(itertools.islice(texts, 1000))
                if not batch:
                    write("[]")
                else:
                    write("[\n    ")
                    while batch:
                        write(",\n    ".join(batch))
                        batch = list(itertools.islice(texts, 1000))
                        if batch:
                            write(",\n    ")
                    write("\n  ]")
            write(",\n" if n < len(sections) - 1 else "\n")
        write("}\n")
