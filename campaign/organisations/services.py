"""Organisations: create, update, the parent/child rules and what an organisation's page lists."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from campaign.common.choices import by_label
from campaign.common.choosers import row_chooser
from campaign.common.keys import unique_key
from campaign.common.services import ServiceError, assign
from campaign.models import Ask, AskTarget, Milestone, Organisation, Response

# The organisation filters of the milestone, timeline and response lists (600 at demo scale 10).
CHOOSER = row_chooser("organisation", Organisation, Organisation.name, lookup="organisations")
# The same, chosen by key: the briefing pack builder's audience (packs name it by key).
KEY_CHOOSER = row_chooser(
    "organisation", Organisation, Organisation.name, lookup="organisation-keys", value="key"
)

FIELDS = ("name", "kind", "parent_id", "website", "notes")


def _check_parent(session: Session, org: Organisation, parent_id: int | None) -> None:
    """A parent must exist and must not be the organisation itself or one of its descendants."""
    seen = {org.id} if org.id is not None else set()
    current = parent_id
    while current is not None:
        if current in seen:
            raise ServiceError("An organisation cannot be part of itself.", field="parent_id")
        parent = session.get(Organisation, current)
        if parent is None:
            raise ServiceError("Choose an existing organisation.", field="parent_id")
        seen.add(current)
        current = parent.parent_id


def create_organisation(*, session: Session, data: dict[str, Any]) -> Organisation:
    org = Organisation(
        key=unique_key(session, Organisation, data["name"]), name=data["name"], kind=data["kind"]
    )
    _check_parent(session, org, data.get("parent_id"))
    assign(org, data, FIELDS)
    session.add(org)
    session.flush()
    return org


def update_organisation(org: Organisation, *, session: Session, data: dict[str, Any]) -> None:
    _check_parent(session, org, data.get("parent_id"))
    assign(org, data, FIELDS)
    session.add(org)
    session.flush()


def related(*, session: Session, organisation: Organisation) -> dict[str, list[Any]]:
    """The active asks that target the organisation (by title ignoring case), its active
    responses (newest first) and its active milestones (by date): its page's lists, in three
    queries."""
    asks = session.exec(
        select(Ask)
        .join(AskTarget, col(AskTarget.ask_id) == col(Ask.id))
        .where(AskTarget.organisation_id == organisation.id, col(Ask.archived_at).is_(None))
        .order_by(*by_label(Ask.title, Ask))
    ).all()
    responses = session.exec(
        select(Response)
        .where(Response.organisation_id == organisation.id, col(Response.archived_at).is_(None))
        .order_by(col(Response.response_date).desc(), col(Response.id).desc())
    ).all()
    milestones = session.exec(
        select(Milestone)
        .where(Milestone.organisation_id == organisation.id, col(Milestone.archived_at).is_(None))
        .order_by(col(Milestone.milestone_date), col(Milestone.id))
    ).all()
    return {"asks": list(asks), "responses": list(responses), "milestones": list(milestones)}
