"""Rows for the stance, person page and stakeholder map tests (issue 18): people with roles,
interactions they attended, stances and commitments, saved directly (their own doors are
tested where they are built)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlmodel import Session

from campaign import models as m
from campaign.models.interactions import InteractionPerson

_n = itertools.count(1)


def _save(session: Session, row):
    session.add(row)
    session.commit()
    return row


def person(session: Session, name: str | None = None, *, organisation=None, **kw) -> m.Person:
    """A person; with `organisation`, a current role there ("Director")."""
    n = next(_n)
    kw.setdefault("kind", m.PersonKind.REGULATOR_STAFF)
    row = _save(
        session, m.Person(key=kw.pop("key", f"person-{n}"), name=name or f"Person {n}", **kw)
    )
    if organisation is not None:
        role = m.PersonRole(person_id=row.id, title="Director", organisation_id=organisation.id)
        _save(session, role)
    return row


def interaction(session: Session, *attendees: m.Person, **kw) -> m.Interaction:
    n = next(_n)
    kw.setdefault("title", f"Meeting {n}")
    kw.setdefault("kind", m.InteractionKind.MEETING)
    kw.setdefault("occurred_at", datetime(2026, 11, 3, 10, 30, tzinfo=UTC))
    row = _save(session, m.Interaction(key=kw.pop("key", f"interaction-{n}"), **kw))
    for attendee in attendees:
        _save(session, InteractionPerson(interaction_id=row.id, person_id=attendee.id))
    return row


def stance(session: Session, who: m.Person, ask: m.Ask, level: str, on: date, **kw) -> m.Stance:
    return _save(
        session,
        m.Stance(
            person_id=who.id, ask_id=ask.id, stance=m.StanceLevel(level), assessed_on=on, **kw
        ),
    )


def commitment(session: Session, who: m.Person, **kw) -> m.Commitment:
    n = next(_n)
    kw.setdefault("title", f"Commitment {n}")
    return _save(
        session, m.Commitment(key=kw.pop("key", f"commitment-{n}"), person_id=who.id, **kw)
    )
