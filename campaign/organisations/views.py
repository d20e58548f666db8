from sqlalchemy.orm import selectinload
from sqlmodel import func, select

from campaign.common.listing import ListSpec, enum_filter
from campaign.crud import Column, EntityViews
from campaign.models import Ask, AskTarget, Milestone, Organisation, OrganisationKind, Response
from campaign.organisations import bp
from campaign.organisations.entity import ENTITY


def _detail_context(session, org):
    asks = session.exec(
        select(Ask)
        .join(AskTarget, AskTarget.ask_id == Ask.id)
        .where(AskTarget.organisation_id == org.id, Ask.archived_at.is_(None))
        .order_by(Ask.title)
    ).all()
    responses = session.exec(
        select(Response)
        .where(Response.organisation_id == org.id, Response.archived_at.is_(None))
        .order_by(Response.response_date.desc())
    ).all()
    milestones = session.exec(
        select(Milestone)
        .where(Milestone.organisation_id == org.id, Milestone.archived_at.is_(None))
        .order_by(Milestone.milestone_date)
    ).all()
    return {"asks": asks, "responses": responses, "milestones": milestones}


views = EntityViews(
    blueprint=bp,
    entity=ENTITY,
    listing=ListSpec(
        model=Organisation,
        sorts={"name": func.lower(Organisation.name), "kind": Organisation.kind},
        default_sort="name",
        search=[Organisation.name, Organisation.notes],
        filters=[enum_filter("kind", "Kind", Organisation.kind, OrganisationKind)],
        options=[selectinload(Organisation.parent)],
    ),
    columns=[
        Column("Name", lambda o: o.name, sort="name", link=True),
        Column("Kind", lambda o: o.kind.label, sort="kind"),
        Column("Part of", lambda o: o.parent.name if o.parent else ""),
    ],
    detail_template="organisations/detail.html",
    detail_context=_detail_context,
)
views.register()
