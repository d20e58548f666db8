"""Organisations: create, update and the parent/child rules."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from campaign.common.choosers import row_chooser
from campaign.common.keys import unique_key
from campaign.common.services import ServiceError, assign
from campaign.models import Organisation

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
