"""What a person's page shows besides their record and roles: their current stance on each ask
with its history, every interaction they attended and every commitment they made. A fixed
number of queries whatever the numbers (one each for stances, interactions, commitments)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import current_app, url_for
from sqlalchemy.orm import joinedload
from sqlmodel import Session, col, select

from campaign.crud import EntityViews
from campaign.models import Commitment, Interaction, Person, Stance
from campaign.models.interactions import InteractionPerson
from campaign.people import stances as stance_services


@dataclass(frozen=True)
class AskStance:
    """A person's stance on one ask: the current assessment and the earlier ones."""

    current: Stance
    earlier: list[Stance]
    recheck_due: bool


@dataclass(frozen=True)
class Made:
    commitment: Commitment
    late: bool


def detail_url(endpoint: str, row: Any) -> str | None:
    """The page of `row` at `endpoint` (`interactions.detail`), or None while no such page is
    registered: interactions and commitments have pages of their own (issue 18), and a
    person's page works before and after they exist. An area's EntityViews builds its own
    address (by id, or by slug or key)."""
    view = current_app.view_functions.get(endpoint)
    if view is None:
        return None
    owner = getattr(view, "__self__", None)
    if isinstance(owner, EntityViews):
        return owner.url("detail", row)
    return url_for(endpoint, ident=row.id)


def ask_stances(session: Session, person: Person, *, today: date) -> list[AskStance]:
    """Their stance on each ask (by the ask's title), newest assessment first."""
    if person.id is None:
        return []
    by_ask = stance_services.person_stances(session, person_id=person.id)
    entries = [
        AskStance(rows[0], rows[1:], stance_services.recheck_due(rows[0], today=today))
        for rows in by_ask.values()
    ]
    return sorted(entries, key=lambda e: (e.current.ask.title.casefold(), e.current.ask_id))


def interactions_attended(session: Session, person: Person) -> list[Interaction]:
    """Every interaction they attended, the latest first (archived ones included, marked)."""
    query = (
        select(Interaction)
        .join(InteractionPerson, col(InteractionPerson.interaction_id) == col(Interaction.id))
        .where(InteractionPerson.person_id == person.id)
        .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc())
    )
    return list(session.exec(query))


def commitments_made(session: Session, person: Person, *, today: date) -> list[Made]:
    """Every commitment they made, the soonest due first (undated last), late ones flagged."""
    query = (
        select(Commitment)
        .where(Commitment.person_id == person.id)
        .options(joinedload(Commitment.ask))  # type: ignore[arg-type]
        .order_by(col(Commitment.due_on).is_(None), col(Commitment.due_on), col(Commitment.id))
    )
    return [Made(c, c.is_late_on(today)) for c in session.exec(query).unique()]


def page_context(session: Session, person: Person, *, today: date) -> dict[str, Any]:
    return {
        "ask_stances": ask_stances(session, person, today=today),
        "interactions": interactions_attended(session, person),
        "commitments": commitments_made(session, person, today=today),
        "detail_url": detail_url,
        "today": today,
    }
