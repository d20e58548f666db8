"""What statistics and evidence share: each cites a source, and each can be created from an
ask's page (`/statistics/new?link_ask_id=7`), which links the new row to that ask.

It lives in the sources area because both areas already depend on it; `link_to_ask` and
`CitingViews` are generic enough to move to campaign/common/ once the asks area settles.
"""

from __future__ import annotations

from flask import flash, url_for
from sqlalchemy.orm import contains_eager
from sqlmodel import Session, func, select

from campaign.asks import links as ask_links_service
from campaign.asks.services import CHOOSER as ASK_CHOOSER
from campaign.common.chooser_field import ChooserField
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.models import Ask, Evidence, Source, Statistic
from campaign.sources.filters import CHOOSER as SOURCE_CHOOSER

# How an ask links to each kind of supporting row (the asks area owns the linking rules).
_KINDS = {Statistic: ask_links_service.STATISTICS, Evidence: ask_links_service.EVIDENCE}


# -- forms -------------------------------------------------------------------------------
def source_field(description: str) -> ChooserField:
    """The Source field: a chooser, never a <select> of thousands (docs/choosers.md)."""
    return ChooserField("Source", chooser=SOURCE_CHOOSER, description=description)


def link_ask_field() -> ChooserField:
    return ChooserField(
        "Link to ask",
        chooser=ASK_CHOOSER,
        description="Optional: add it to this ask’s supporting material, after what is "
        "already there.",
    )


def prepare_form(session: Session, form, obj) -> None:
    """The source (kept even if archived when it is the current one); "Link to ask" only on
    new rows."""
    form.source_id.prepare(session, current=obj.source_id if obj is not None else None)
    if obj is None:
        form.link_ask_id.prepare(session)
    else:
        del form.link_ask_id


# -- services ----------------------------------------------------------------------------
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
        .order_by(func.lower(Ask.title), Ask.id)
    )
    return list(session.exec(query))


# -- views -------------------------------------------------------------------------------
def ask_url(ask: Ask) -> str:
    return url_for("asks.detail", ident=ask.slug)


def after_save(singular: str):
    """EntityViews' after_save for statistics and evidence: warn when the row has no source;
    after creating a row linked to an ask, go back to that ask."""

    def after(obj, data, created: bool) -> str | None:
        if obj.source_id is None:
            flash(
                f"{singular.capitalize()} “{obj}” has no source: add one before it is used "
                "in public.",
                "warning",
            )
        ask_id = data.get("link_ask_id") if created else None
        if ask_id is None:
            return None
        ask = get_session().get(Ask, ask_id)
        flash(f"Linked to ask “{ask.title}”.", "success")
        return ask_url(ask)

    return after
