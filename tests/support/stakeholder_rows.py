"""Rows for the stakeholder reminders' and the dashboard's tests (issue 18): people,
interactions with follow-up actions, stance assessments and commitments, saved straight to the
database as the other doors would leave them (the pages and services that make them are other
parts of the issue). Every field is overridable; each call commits and returns the row. The
person and saving come from PeopleRecords; the rest keeps these tests' own defaults (2024
dates, attendees and owners as users)."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from campaign import models as m
from tests.support.people_records import PeopleRecords

_n = itertools.count(1)


class StakeholderRows(PeopleRecords):
    def user(self, **kw) -> m.User:
        n = next(_n)
        kw.setdefault("email", f"officer-{n}@example.org")
        kw.setdefault("name", f"Officer {n}")
        kw.setdefault("role", m.UserRole.EDITOR)
        kw.setdefault("password_hash", "!")
        return self._save(m.User(**kw))

    def interaction(self, *, people=(), users=(), **kw) -> m.Interaction:
        n = next(_n)
        kw.setdefault("title", f"Meeting {n}")
        kw.setdefault("key", f"interaction-{n}")
        kw.setdefault("kind", m.InteractionKind.MEETING)
        kw.setdefault("occurred_at", datetime(2024, 2, 1, 10, tzinfo=UTC))
        row = self._save(m.Interaction(**kw))
        for person in people:
            self.session.add(m.InteractionPerson(interaction_id=row.id, person_id=person.id))
        for user in users:
            self.session.add(m.InteractionUser(interaction_id=row.id, user_id=user.id))
        self.session.commit()
        return row

    def action(self, interaction: m.Interaction, **kw) -> m.FollowUpAction:
        n = next(_n)
        kw.setdefault("description", f"Action {n}")
        return self._save(m.FollowUpAction(interaction_id=interaction.id, **kw))

    def stance(self, person: m.Person, ask: m.Ask, **kw) -> m.Stance:
        kw.setdefault("stance", m.StanceLevel.SUPPORTER)
        kw.setdefault("assessed_on", date(2024, 1, 15))
        return self._save(m.Stance(person_id=person.id, ask_id=ask.id, **kw))

    def commitment(self, **kw) -> m.Commitment:
        n = next(_n)
        kw.setdefault("title", f"Commitment {n}")
        kw.setdefault("key", f"commitment-{n}")
        return self._save(m.Commitment(**kw))
