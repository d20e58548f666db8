"""What statistics and evidence share in their services: the source each cites must be
active when newly chosen, and a new row can be linked to an ask (campaign.sources.citing).

Plain functions, `session` first as in the areas' services that call them; they flush through
the asks area's linking rules and never commit.
"""

from __future__ import annotations

from sqlalchemy.orm import contains_eager
from sqlmodel import Session, select

from campaign.asks import links as ask_links_service
from campaign.common.choices import by_label
from campaign.common.services import ServiceError
from campaign.models import Ask, Evidence, Source, Statistic

# How an ask links to each kind of supporting row (the asks area owns the linking rules).
_KINDS = {Statistic: ask_links_service.STATISTICS, Evidence: ask_links_service.EVIDENCE}


def check_source(session: Session, source_id: int | None, *, current_id: int | None = None):
    """A newly chosen source must exist and be active; keeping an archived one is allowed."""
    if source_id is None or source_id == current_id:
        return
    source = session.get(Source, source_id)
    if source is None or source.archived_at is not None:
        raise ServiceError("Choose an active source.", field="source_id")


def link_to_ask(session: Session, row: Statistic | Evidence, *, ask_id: int) -> Ask:
    """Link a saved statistic or evidence item to an active ask, after its existing links."""
    ask = session.get(Ask, ask_id)
    if ask is None or ask.archived_at is not None:
        raise ServiceError("Choose an active ask.", field="link_ask_id")
    ask_links_service.link_item(session=session, ask=ask, kind=_KINDS[type(row)], item_id=row.id)
    return ask


def ask_links(session: Session, row: Statistic | Evidence) -> list:
    """The row's links to asks (by ask title), with the asks loaded in the same query."""
    kind = _KINDS[type(row)]
    query = (
        select(kind.link_model)
        .join(Ask, Ask.id == kind.link_model.ask_id)
        .where(kind.link_column() == row.id)
        .options(contains_eager(kind.link_model.ask))
        .order_by(*by_label(Ask.title, Ask))
    )
    return list(session.exec(query))
