"""What the reminder engine needs to know about follow-up actions, stance re-checks and
commitments (issue 18), loaded in bulk as plain named tuples: a pass reads each kind in one
query per 500 rows (plus one for the people at the actions' interactions), never one query
per record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from campaign.models import (
    Ask,
    Commitment,
    CommitmentStatus,
    DuePrecision,
    FollowUpAction,
    Interaction,
    InteractionPerson,
    Organisation,
    Person,
    Stance,
    StanceLevel,
    User,
)
from campaign.models.precise_dates import due_period_end
from campaign.reminders.facts import _select, chunks

ERASED = "Erased person"  # the tombstone's name (models/people.py), whatever the row holds


class ActionFacts(NamedTuple):
    id: int
    description: str
    due_on: date | None
    done: bool
    interaction_id: int
    interaction_key: str
    interaction_title: str
    occurred_at: datetime
    interaction_archived: bool
    owner_name: str | None  # None: nobody owns it
    owner_email: str | None  # None also when the owner's account is deactivated
    people: tuple[str, ...] = ()  # their attendees, by name

    @property
    def why_no_reminder(self) -> str | None:
        if self.interaction_archived:
            return "the interaction was archived"
        if self.due_on is None:
            return "the action has no due date any more"
        return None

    @property
    def not_needed(self) -> str | None:
        return "the action was done" if self.done else None


class StanceFacts(NamedTuple):
    id: int
    person_key: str
    person_name: str
    person_erased: bool
    ask_title: str
    ask_slug: str
    ask_owner_email: str | None
    ask_archived: bool
    stance: StanceLevel
    assessed_on: date
    assessed_by: str | None
    recheck_by: date | None
    superseded: bool  # a newer assessment for the same person and ask exists

    @property
    def why_no_reminder(self) -> str | None:
        if self.person_erased:
            return "the person's data was erased"
        if self.ask_archived:
            return "the ask was archived"
        if self.recheck_by is None:
            return "the assessment has no re-check date any more"
        return None

    @property
    def not_needed(self) -> str | None:
        return "a newer assessment was recorded" if self.superseded else None


class CommitmentFacts(NamedTuple):
    id: int
    key: str
    title: str
    due_on: date | None
    due_precision: DuePrecision
    status: CommitmentStatus
    archived: bool
    person_name: str | None
    organisation: str | None
    made_to: str
    ask_title: str | None
    ask_slug: str | None
    ask_owner_email: str | None  # None also when the ask is archived

    @property
    def due_by(self) -> date | None:
        """The last day of the due period (Commitment.due_by)."""
        if self.due_on is None:
            return None
        return due_period_end(self.due_on, self.due_precision.value)

    @property
    def who(self) -> str:
        """Who made it: 'Jane Smith (Ofcom)', 'Ofcom', or 'someone'."""
        if self.person_name and self.organisation:
            return f"{self.person_name} ({self.organisation})"
        return self.person_name or self.organisation or "someone"

    @property
    def why_no_reminder(self) -> str | None:
        if self.archived:
            return "the commitment was archived"
        if self.due_on is None:
            return "the commitment has no due date any more"
        return None

    @property
    def not_needed(self) -> str | None:
        if self.status in (CommitmentStatus.OPEN, CommitmentStatus.LATE):
            return None
        return f"the commitment was marked {self.status.label.lower()}"


def person_name(name: str, erased_at: datetime | None) -> str:
    return ERASED if erased_at is not None else name


def load_actions(
    session: Session, *, ids: Iterable[int] | None = None, where: Iterable = ()
) -> dict[int, ActionFacts]:
    """Follow-up actions by id, with their interaction, owner and the people met."""
    query = (
        select(
            col(FollowUpAction.id),
            col(FollowUpAction.description),
            col(FollowUpAction.due_on),
            col(FollowUpAction.done_at),
            col(Interaction.id),
            col(Interaction.key),
            col(Interaction.title),
            col(Interaction.occurred_at),
            col(Interaction.archived_at),
            col(User.name),
            col(User.email),
            col(User.is_active),
        )
        .join(Interaction, col(Interaction.id) == FollowUpAction.interaction_id)
        .outerjoin(User, col(User.id) == FollowUpAction.owner_id)
        .where(*where)
    )
    rows = _select(session, query, FollowUpAction.id, ids)
    people = _people_at(session, {row[4] for row in rows})
    return {
        row[0]: ActionFacts(
            id=row[0],
            description=row[1],
            due_on=row[2],
            done=row[3] is not None,
            interaction_id=row[4],
            interaction_key=row[5],
            interaction_title=row[6],
            occurred_at=row[7],
            interaction_archived=row[8] is not None,
            owner_name=(row[9] or row[10]) if row[10] else None,
            owner_email=row[10] if row[10] and row[11] else None,
            people=tuple(people.get(row[4], ())),
        )
        for row in rows
    }


def _people_at(session: Session, interaction_ids: set[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for batch in chunks(sorted(interaction_ids)):
        for interaction_id, name, erased_at in session.connection().execute(
            select(col(InteractionPerson.interaction_id), col(Person.name), col(Person.erased_at))
            .join(Person, col(Person.id) == InteractionPerson.person_id)
            .where(col(InteractionPerson.interaction_id).in_(batch))
            .order_by(func.lower(Person.name), col(Person.id))
        ):
            found[interaction_id].append(person_name(name, erased_at))
    return found


def newer_stance_exists():
    """SQL: a later assessment of the same person on the same ask (a later day, or the same
    day recorded after) exists, so this one is not their stance now."""
    newer = aliased(Stance)
    return exists().where(
        newer.person_id == Stance.person_id,
        newer.ask_id == Stance.ask_id,
        or_(
            newer.assessed_on > Stance.assessed_on,
            and_(newer.assessed_on == Stance.assessed_on, newer.id > Stance.id),
        ),
    )


def load_stances(
    session: Session, *, ids: Iterable[int] | None = None, where: Iterable = ()
) -> dict[int, StanceFacts]:
    """Stance assessments by id, with the person, the ask (and its owner) and whether a newer
    assessment has replaced them."""
    query = (
        select(
            col(Stance.id),
            col(Person.key),
            col(Person.name),
            col(Person.erased_at),
            col(Ask.title),
            col(Ask.slug),
            col(Ask.owner_email),
            col(Ask.archived_at),
            col(Stance.stance),
            col(Stance.assessed_on),
            col(User.name),
            col(User.email),
            col(Stance.recheck_by),
            newer_stance_exists().label("superseded"),
        )
        .join(Person, col(Person.id) == Stance.person_id)
        .join(Ask, col(Ask.id) == Stance.ask_id)
        .outerjoin(User, col(User.id) == Stance.assessed_by_id)
        .where(*where)
    )
    return {
        row[0]: StanceFacts(
            id=row[0],
            person_key=row[1],
            person_name=person_name(row[2], row[3]),
            person_erased=row[3] is not None,
            ask_title=row[4],
            ask_slug=row[5],
            ask_owner_email=row[6],
            ask_archived=row[7] is not None,
            stance=StanceLevel(row[8]),
            assessed_on=row[9],
            assessed_by=row[10] or row[11],
            recheck_by=row[12],
            superseded=bool(row[13]),
        )
        for row in _select(session, query, Stance.id, ids)
    }


def load_commitments(
    session: Session, *, ids: Iterable[int] | None = None, where: Iterable = ()
) -> dict[int, CommitmentFacts]:
    """Commitments by id, with who made them and the ask they concern (and its owner)."""
    query = (
        select(
            col(Commitment.id),
            col(Commitment.key),
            col(Commitment.title),
            col(Commitment.due_on),
            col(Commitment.due_precision),
            col(Commitment.status),
            col(Commitment.archived_at),
            col(Person.name),
            col(Person.erased_at),
            col(Organisation.name),
            col(Commitment.made_to),
            col(Ask.title),
            col(Ask.slug),
            col(Ask.owner_email),
            col(Ask.archived_at),
        )
        .outerjoin(Person, col(Person.id) == Commitment.person_id)
        .outerjoin(Organisation, col(Organisation.id) == Commitment.organisation_id)
        .outerjoin(Ask, col(Ask.id) == Commitment.ask_id)
        .where(*where)
    )
    return {
        row[0]: CommitmentFacts(
            id=row[0],
            key=row[1],
            title=row[2],
            due_on=row[3],
            due_precision=DuePrecision(row[4]),
            status=CommitmentStatus(row[5]),
            archived=row[6] is not None,
            person_name=person_name(row[7], row[8]) if row[7] is not None else None,
            organisation=row[9],
            made_to=row[10] or "",
            ask_title=row[11],
            ask_slug=row[12],
            ask_owner_email=row[13] if row[14] is None else None,
            # An archived ask has no owner to remind: the team address is reminded instead.
        )
        for row in _select(session, query, Commitment.id, ids)
    }
