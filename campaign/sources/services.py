"""Sources: create, update, the choices other areas offer, and what cites a source."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import selectinload
from sqlmodel import Session, func, select

from campaign.accounts.access import visible_evidence
from campaign.common.choices import active_values, by_label
from campaign.common.keys import unique_key
from campaign.common.services import assign
from campaign.models import AskEvidence, AskStatistic, Evidence, Source, SourceKind, Statistic

FIELDS = ("title", "publisher", "published_on", "url", "kind", "method", "coverage")


def create_source(*, session: Session, data: dict[str, Any]) -> Source:
    source = Source(key=unique_key(session, Source, data["title"]), title=data["title"])
    assign(source, data, FIELDS)
    session.add(source)
    session.flush()
    return source


def update_source(source: Source, *, session: Session, data: dict[str, Any]) -> None:
    assign(source, data, FIELDS)
    session.add(source)
    session.flush()


def _label(title: str, publisher: str | None) -> str:
    return f"{title} — {publisher}" if publisher else title


def find_choices(
    session: Session, text: str, limit: int, *, foi_first: bool = False
) -> list[tuple[str, str]]:
    """Up to `limit` active sources whose title or publisher, or whole label, contains `text`
    (any case), as (id, "Title — Publisher") in the order of `choices` (FOI returns first if
    `foi_first`): a chooser's matches."""
    needle = text.lower()
    publisher = func.coalesce(Source.publisher, "")
    matching = (
        func.lower(Source.title).contains(needle, autoescape=True)
        | func.lower(publisher).contains(needle, autoescape=True)
        | func.lower(Source.title + " — " + publisher).contains(needle, autoescape=True)
    )
    query = (
        select(Source.id, Source.title, Source.publisher)
        .where(Source.archived_at.is_(None), matching)
        .order_by(
            *([Source.kind != SourceKind.FOI_RETURN] if foi_first else []),
            *by_label(Source.title, Source),
        )
        .limit(limit)
    )
    return [(str(r.id), _label(r.title, r.publisher)) for r in session.exec(query)]


def choice_label(session: Session, value: str) -> str | None:
    """The label of source `value` (an id, archived or not), or None if there is none."""
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    row = session.exec(
        select(Source.title, Source.publisher).where(Source.id == int(value))
    ).first()
    return _label(row.title, row.publisher) if row else None


def publishers(session: Session) -> list[tuple[str, str]]:
    """Distinct publishers of active sources, for the list filter."""
    return active_values(session, Source, Source.publisher)


def citing(session: Session, source: Source) -> dict[str, list]:
    """The active statistics and evidence that cite `source`, each with its ask links loaded
    (a fixed number of queries, however many there are)."""
    statistics = session.exec(
        select(Statistic)
        .where(Statistic.source_id == source.id, Statistic.archived_at.is_(None))
        .options(selectinload(Statistic.ask_links).selectinload(AskStatistic.ask))
        .order_by(func.lower(Statistic.label), Statistic.id)
    ).all()
    evidence = session.exec(
        visible_evidence(
            select(Evidence)
            .where(Evidence.source_id == source.id, Evidence.archived_at.is_(None))
            .options(selectinload(Evidence.ask_links).selectinload(AskEvidence.ask))
            .order_by(func.lower(Evidence.title), Evidence.id)
        )
    ).all()
    return {"statistics": statistics, "evidence": evidence}
