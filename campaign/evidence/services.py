"""Evidence: create and update, with the source check, the clearance rule and ask linking."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session
from werkzeug.exceptions import NotFound

from campaign.accounts.access import check_sensitivity, may_see_evidence
from campaign.common.keys import unique_key
from campaign.common.services import assign
from campaign.models import Evidence
from campaign.sources.citing_services import check_source, link_to_ask

FIELDS = (
    "title",
    "kind",
    "text",
    "attribution",
    "evidence_date",
    "sensitivity",
    "is_composite",
    "source_id",
)


def create_evidence(*, session: Session, data: dict[str, Any]) -> Evidence:
    """A new evidence item; linked to the ask `data["link_ask_id"]` when one is given. Only a
    user cleared for restricted evidence may make it restricted."""
    check_sensitivity(data.get("sensitivity"))
    check_source(session, data.get("source_id"))
    item = Evidence(
        key=unique_key(session, Evidence, data["title"]), title=data["title"], kind=data["kind"]
    )
    assign(item, data, FIELDS)
    session.add(item)
    session.flush()
    if data.get("link_ask_id") is not None:
        link_to_ask(session, item, ask_id=data["link_ask_id"])
    return item


def update_evidence(item: Evidence, *, session: Session, data: dict[str, Any]) -> None:
    """Change an item. Without clearance a restricted item is not there (404, as on its
    pages) and no item can be made restricted."""
    if not may_see_evidence(item):
        raise NotFound()
    check_sensitivity(data.get("sensitivity"))
    check_source(session, data.get("source_id"), current_id=item.source_id)
    assign(item, data, FIELDS)
    session.add(item)
    session.flush()
