"""What statistics and evidence share: each cites a source, and each can be created from an
ask's page (`/statistics/new?link_ask_id=7`), which links the new row to that ask.

It lives in the sources area because both areas already depend on it; `link_to_ask` and
`CitingViews` are generic enough to move to campaign/common/ once the asks area settles.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, g, redirect, url_for
from sqlalchemy.orm import contains_eager
from sqlmodel import Session, func, select
from wtforms import SelectField
from wtforms.validators import Optional

from campaign.asks import links as ask_links_service
from campaign.common.crud_views import EntityViews
from campaign.common.forms import choices, optional_int
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.models import Ask, Evidence, Source, Statistic
from campaign.sources import services as sources

# How an ask links to each kind of supporting row (the asks area owns the linking rules).
_KINDS = {Statistic: ask_links_service.STATISTICS, Evidence: ask_links_service.EVIDENCE}


# -- forms -------------------------------------------------------------------------------
def source_field(description: str) -> SelectField:
    return SelectField(
        "Source", coerce=optional_int, validators=[Optional()], description=description
    )


def link_ask_field() -> SelectField:
    return SelectField(
        "Link to ask",
        coerce=optional_int,
        validators=[Optional()],
        description="Optional: add it to this ask’s supporting material, after what is "
        "already there.",
    )


def ask_choices(session: Session) -> list[tuple[int, str]]:
    query = select(Ask.id, Ask.title).where(Ask.archived_at.is_(None))
    return [(r.id, r.title) for r in session.exec(query.order_by(func.lower(Ask.title), Ask.id))]


def prepare_form(session: Session, form, obj) -> None:
    """Source choices (active ones, plus the current one); "Link to ask" only on new rows."""
    current = obj.source_id if obj is not None else None
    form.source_id.choices = choices(
        sources.choices(session, include_id=current), blank="— no source —"
    )
    if obj is None:
        form.link_ask_id.choices = choices(ask_choices(session), blank="— none —")
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


@dataclass
class CitingViews(EntityViews):
    """EntityViews for statistics and evidence. `create(*, session, data)` and
    `update(obj, *, session, data)` are the area's services. After a save it warns when the
    row has no source; after creating a row linked to an ask, it returns to that ask."""

    def __post_init__(self) -> None:
        create, update = self.create, self.update

        def create_noted(session, *, data):
            obj = create(session=session, data=data)
            g.citing_saved = (obj, data.get("link_ask_id"))
            return obj

        def update_noted(session, obj, *, data):
            update(obj, session=session, data=data)
            g.citing_saved = (obj, None)

        self.create, self.update = create_noted, update_noted

    def new(self):
        return self._after_save(super().new())

    def edit(self, ident):
        return self._after_save(super().edit(ident))

    def _after_save(self, response):
        saved = g.pop("citing_saved", None)
        if saved is None:  # a GET, or a refused form re-rendered with 422
            return response
        obj, ask_id = saved
        ask = None
        if ask_id is not None:
            ask = get_session().get(Ask, ask_id)
            flash(f"Linked to ask “{ask.title}”.", "success")
        if obj.source_id is None:
            flash(
                f"{self.singular.capitalize()} “{self.title_of(obj)}” has no source: add one "
                "before it is used in public.",
                "warning",
            )
        return redirect(ask_url(ask)) if ask is not None else response
