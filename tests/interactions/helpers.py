"""Rows the interaction tests share: people (with a current role), users and interactions."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import select

from campaign import models as m
from campaign.interactions.entity import ENTITY as INTERACTION
from campaign.people.entity import ENTITY as PERSON


def person(make, session, name: str, *, organisation=None, ended_on: date | None = None):
    """A person made through their form, with a role at `organisation` (ended or current)."""
    row = make.record(PERSON, name=name, kind="regulator_staff")
    if organisation is not None:
        session.add(
            m.PersonRole(
                person_id=row.id,
                title="Director",
                organisation_id=organisation.id,
                ended_on=ended_on,
            )
        )
        session.commit()
    return row


def user(session, email: str, *, name: str = "", active: bool = True) -> m.User:
    row = m.User(email=email, name=name, role=m.UserRole.EDITOR, is_active=active)
    session.add(row)
    session.commit()
    return row


def interaction(make, **values: Any) -> m.Interaction:
    """An interaction made through its form (sample values overlaid with `values`)."""
    return make.record(INTERACTION, **values)


def fresh(session, interaction_id: int) -> m.Interaction:
    session.expire_all()
    return session.exec(select(m.Interaction).where(m.Interaction.id == interaction_id)).one()
