"""Read-only queries for the returns pages: the imports, a source's returns (the audit view),
the summary on a source's page and the chooser of the source to import into. A fixed number
of queries each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from campaign.common.choosers import Chooser, register
from campaign.models import ForceReturn, ReturnImport, Source
from campaign.sources import services as sources


@dataclass(frozen=True)
class SourceReturns:
    """How many returns a source has: rows, forces and periods (first and last)."""

    rows: int
    forces: int
    periods: int
    first: str
    last: str


def imports(session: Session) -> list[tuple[ReturnImport, Source]]:
    """Every import, newest first, with its source."""
    query = (
        select(ReturnImport, Source)
        .join(Source, Source.id == ReturnImport.source_id)
        .order_by(ReturnImport.imported_at.desc(), ReturnImport.id.desc())
    )
    return list(session.exec(query))


def summaries(session: Session, source_ids: list[int] | None = None) -> dict[int, SourceReturns]:
    """Source id -> its returns' summary, for sources that have returns (two queries)."""
    counts = select(
        ForceReturn.source_id,
        func.count(),
        func.count(func.distinct(ForceReturn.force)),
        func.count(func.distinct(ForceReturn.period_label)),
    ).group_by(ForceReturn.source_id)
    spans = select(
        ForceReturn.source_id, ForceReturn.period_label, func.min(ForceReturn.period_start)
    ).group_by(ForceReturn.source_id, ForceReturn.period_label)
    if source_ids is not None:
        counts = counts.where(ForceReturn.source_id.in_(source_ids))
        spans = spans.where(ForceReturn.source_id.in_(source_ids))
    labels: dict[int, list[tuple[bool, date, str]]] = {}
    for source_id, label, start in session.exec(spans):
        labels.setdefault(source_id, []).append((start is None, start or date.min, label))
    result = {}
    for source_id, rows, forces, periods in session.exec(counts):
        ordered = [label for *_, label in sorted(labels.get(source_id, []))]
        result[source_id] = SourceReturns(rows, forces, periods, ordered[0], ordered[-1])
    return result


def source_returns(session: Session, source: Source) -> list[tuple[ForceReturn, ReturnImport]]:
    """The source's returns, period by period (earliest first) then by force, with their
    platforms and import: two queries."""
    query = (
        select(ForceReturn, ReturnImport)
        .join(ReturnImport, ReturnImport.id == ForceReturn.import_id)
        .where(ForceReturn.source_id == source.id)
        .options(selectinload(ForceReturn.platforms))
        .order_by(
            ForceReturn.period_start.is_(None),
            ForceReturn.period_start,
            ForceReturn.period_label,
            ForceReturn.force,
        )
    )
    return list(session.exec(query))


def find_sources(session: Session, text: str, limit: int) -> list[tuple[str, str]]:
    """The import form's chooser: up to `limit` active sources matching `text` (as the other
    source choosers match), FOI returns first, each group by title."""
    return sources.find_choices(session, text, limit, foi_first=True)


# The import form's Source (docs/choosers.md): FOI returns are offered first.
SOURCE_CHOOSER = register(
    Chooser(
        noun="source",
        find=find_sources,
        label=sources.choice_label,
        lookup="returns-sources",
        model=Source,
    )
)


def sources_by_id(session: Session, ids) -> dict[int, Source]:
    ids = list(ids)
    if not ids:
        return {}
    return {s.id: s for s in session.exec(select(Source).where(Source.id.in_(ids)))}


def source_by_key(session: Session, key: str) -> Source | None:
    return session.exec(select(Source).where(Source.key == key)).first()
