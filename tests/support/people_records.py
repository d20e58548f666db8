"""Factories for a person and what is held about them (issue 18's schema): roles, tags,
stances, interactions and commitments, saved directly as rows and committed. Used by the
personal-data and "Who's who" tests."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlmodel import Session

from campaign import models as m

_n = itertools.count(1)


class PeopleRecords:
    def __init__(self, session: Session):
        self.session = session

    def _save(self, row):
        self.session.add(row)
        self.session.commit()
        return row

    def person(self, **kw) -> m.Person:
        n = next(_n)
        kw.setdefault("name", f"Person {n}")
        kw.setdefault("key", f"person-{n}")
        kw.setdefault("kind", m.PersonKind.MP)
        return self._save(m.Person(**kw))

    def role(self, person: m.Person, **kw) -> m.PersonRole:
        kw.setdefault("title", "Member of Parliament")
        return self._save(m.PersonRole(person_id=person.id, **kw))

    def tag(self, person: m.Person, name: str) -> m.Tag:
        tag = m.Tag(name=name)
        person.tags.append(tag)
        # As campaign.people.services does: tags alone would not touch the row, so its version
        # (and the revision recorded with it) would not move on.
        person.updated_at = datetime.now(UTC)
        self._save(person)
        return tag

    def stance(self, person: m.Person, ask: m.Ask, **kw) -> m.Stance:
        kw.setdefault("stance", m.StanceLevel.SUPPORTER)
        kw.setdefault("assessed_on", date(2026, 11, 2))
        return self._save(m.Stance(person_id=person.id, ask_id=ask.id, **kw))

    def interaction(self, *people: m.Person, **kw) -> m.Interaction:
        n = next(_n)
        kw.setdefault("title", f"Meeting {n}")
        kw.setdefault("key", f"meeting-{n}")
        kw.setdefault("kind", m.InteractionKind.MEETING)
        kw.setdefault("occurred_at", datetime(2026, 11, 2, 10, 0, tzinfo=UTC))
        asks = kw.pop("asks", [])  # [(ask, outcome), ...]
        interaction = m.Interaction(**kw)
        interaction.people = list(people)
        interaction.ask_links = [
            m.InteractionAsk(ask_id=ask.id, outcome=outcome) for ask, outcome in asks
        ]
        return self._save(interaction)

    def commitment(self, person: m.Person | None, **kw) -> m.Commitment:
        n = next(_n)
        kw.setdefault("title", f"Commitment {n}")
        kw.setdefault("key", f"commitment-{n}")
        return self._save(m.Commitment(person_id=person.id if person else None, **kw))
