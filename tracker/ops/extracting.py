"""``tracker extract``: the initiatives articles name, each compared with the tracked
ones (a candidate like a tracked initiative is proposed as a new source of it)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tracker.domain.initiatives import Source
from tracker.errors import InputError
from tracker.requests import ArticleFile, ImportResult, Proposal

if TYPE_CHECKING:
    from tracker.extraction.matching import Known
    from tracker.ops.session import Session


def extract(
    t: Session, files: Iterable[ArticleFile], min_score: float | None = None
) -> list[Proposal]:
    """Every candidate of every file, in order, each matched against the tracker (read
    once, in one read transaction). A file that cannot be read stops it all."""
    from tracker.extraction.engine import MIN_SCORE
    from tracker.extraction.engine import extract as find
    from tracker.extraction.matching import Tracked
    from tracker.extraction.reading import read_document

    documents = [
        read_document(
            f.path,
            f.data,
            published=f.published,
            publisher=f.publisher,
            url=f.url,
            title=f.title,
        )
        for f in files
    ]
    tracked = Tracked(_known(t))
    proposals: list[Proposal] = []
    for document in documents:
        source = Source(
            title=document.title,
            publisher=document.publisher,
            published=document.published.isoformat() if document.published else None,
            url=document.url or (document.path if document.path != "-" else None),
        )
        for candidate in find(document, t.today, MIN_SCORE if min_score is None else min_score):
            match = tracked.best(candidate)
            proposals.append(
                Proposal(
                    file=document.path,
                    title=candidate.title,
                    kind=candidate.kind,
                    status=candidate.status,
                    sponsors=candidate.sponsors,
                    jurisdictions=candidate.jurisdictions,
                    tags=candidate.tags,
                    announced=document.published,
                    deadline=candidate.deadline,
                    quote=candidate.quote,
                    source=source,
                    score=candidate.score,
                    match=match.slug if match else None,
                    match_score=match.score if match else None,
                )
            )
    return proposals


def record(t: Session, proposals: Sequence[Proposal]) -> ImportResult:
    """Record the proposals a person accepted (``extract --review``) in ONE write
    transaction, by the path ``tracker import`` takes for their lines
    (:meth:`Proposal.to_record`: a new initiative, or for one with a ``match`` a new
    source of that initiative), so the history has what importing the lines gives.
    ``result.recorded`` says what became of each, under which slug. If any is
    refused, nothing is written: an input error names the first."""
    from tracker.ops import importing

    result = importing.import_records(
        t, ((number, p.to_record()) for number, p in enumerate(proposals, 1)), slugs=True
    )
    if result.error_count:
        number, message = result.errors[0]
        raise InputError(f"{proposals[number - 1].title!r}: {message}; nothing was recorded")
    return result


def _known(t: Session) -> list[Known]:
    """The tracked initiatives: slug, title and the sentences their sources quote."""
    from tracker.extraction.matching import Known
    from tracker.storage import repository as repo

    with t.db.read() as conn:
        return [Known(slug, title, quotes) for slug, title, quotes in repo.titles_and_quotes(conn)]
