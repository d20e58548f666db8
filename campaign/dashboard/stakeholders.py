"""The dashboard's panels about people's business (issue 18): follow-up actions due, late
commitments and stances to re-check. Each panel is a fixed number of queries of plain columns
(a count, the rows shown, and for actions the people met), however much data there is; the
models are queried directly (docs/dashboard.md)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import case, false, select
from sqlmodel import Session, col, func

from campaign.commitments.services import late_condition  # the one rule: is_late_on as SQL
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
from campaign.reminders.stakeholder_facts import ERASED

AHEAD_DAYS = 7  # follow-ups and re-checks due this many days ahead are shown, and overdue ones
SHOWN = 25  # rows per panel; the panel says how many there are in all


@dataclass(frozen=True)
class PersonLine:
    key: str
    name: str


@dataclass
class ActionLine:
    id: int
    description: str
    due_on: date
    owner_id: int | None
    owner_name: str | None
    interaction_key: str
    interaction_title: str
    interaction_id: int
    people: list[PersonLine] = field(default_factory=list)

    def days_to_go(self, today: date) -> int:
        return (self.due_on - today).days


@dataclass(frozen=True)
class CommitmentLine:
    key: str
    title: str
    due_by: date
    status: CommitmentStatus
    person: PersonLine | None
    organisation: str | None
    ask_slug: str | None
    ask_title: str | None

    def days_late(self, today: date) -> int:
        return (today - self.due_by).days


@dataclass(frozen=True)
class RecheckLine:
    person: PersonLine
    ask_slug: str
    ask_title: str
    stance: StanceLevel
    assessed_on: date
    recheck_by: date | None  # never None here: the panel selects dated ones


@dataclass
class Panel:
    rows: list = field(default_factory=list)
    total: int = 0

    @property
    def capped(self) -> bool:
        return len(self.rows) < self.total


def _person(key: str, name: str, erased_at) -> PersonLine:
    return PersonLine(key, ERASED if erased_at is not None else name)


def follow_ups_due(
    session: Session, *, today: date, user_id: int | None, limit: int = SHOWN
) -> Panel:
    """Open actions overdue or due in the next AHEAD_DAYS days, the user's own first, then by
    due date. Three queries: the count, the rows shown, the people at their interactions."""
    where = (
        col(FollowUpAction.done_at).is_(None),
        col(FollowUpAction.due_on).is_not(None),
        col(FollowUpAction.due_on) <= today + timedelta(days=AHEAD_DAYS),
        col(Interaction.archived_at).is_(None),
    )
    total = (
        session.connection()
        .execute(
            select(func.count())
            .select_from(FollowUpAction)
            .join(Interaction, col(Interaction.id) == FollowUpAction.interaction_id)
            .where(*where)
        )
        .scalar_one()
    )
    if not total:
        return Panel()
    owner = col(FollowUpAction.owner_id)
    mine = owner == user_id if user_id is not None else false()
    rows = (
        session.connection()
        .execute(
            select(
                col(FollowUpAction.id),
                col(FollowUpAction.description),
                col(FollowUpAction.due_on),
                col(FollowUpAction.owner_id),
                func.coalesce(func.nullif(User.name, ""), User.email),
                col(Interaction.key),
                col(Interaction.title),
                col(Interaction.id),
            )
            .join(Interaction, col(Interaction.id) == FollowUpAction.interaction_id)
            .outerjoin(User, col(User.id) == FollowUpAction.owner_id)
            .where(*where)
            .order_by(case((mine, 0), else_=1), col(FollowUpAction.due_on), col(FollowUpAction.id))
            .limit(limit)
        )
        .all()
    )
    actions = [ActionLine(*row) for row in rows]
    people: dict[int, list[PersonLine]] = defaultdict(list)
    for interaction_id, key, name, erased_at in session.connection().execute(
        select(
            col(InteractionPerson.interaction_id),
            col(Person.key),
            col(Person.name),
            col(Person.erased_at),
        )
        .join(Person, col(Person.id) == InteractionPerson.person_id)
        .where(col(InteractionPerson.interaction_id).in_({a.interaction_id for a in actions}))
        .order_by(func.lower(Person.name), col(Person.id))
    ):
        people[interaction_id].append(_person(key, name, erased_at))
    for action in actions:
        action.people = people.get(action.interaction_id, [])
    return Panel(actions, total)


def late_commitments(session: Session, *, today: date, limit: int = SHOWN) -> Panel:
    """Commitments late on `today`, longest overdue first (by their due date, then the end
    of their due period). Two queries."""
    where = (col(Commitment.archived_at).is_(None), late_condition(today))
    total = (
        session.connection()
        .execute(select(func.count()).select_from(Commitment).where(*where))
        .scalar_one()
    )
    if not total:
        return Panel()
    rows = (
        session.connection()
        .execute(
            select(
                col(Commitment.key),
                col(Commitment.title),
                col(Commitment.due_on),
                col(Commitment.due_precision),
                col(Commitment.status),
                col(Person.key),
                col(Person.name),
                col(Person.erased_at),
                col(Organisation.name),
                col(Ask.slug),
                col(Ask.title),
            )
            .outerjoin(Person, col(Person.id) == Commitment.person_id)
            .outerjoin(Organisation, col(Organisation.id) == Commitment.organisation_id)
            .outerjoin(Ask, col(Ask.id) == Commitment.ask_id)
            .where(*where)
            .order_by(col(Commitment.due_on), col(Commitment.id))
            .limit(limit)
        )
        .all()
    )
    lines = [
        CommitmentLine(
            key=row[0],
            title=row[1],
            due_by=due_period_end(row[2], DuePrecision(row[3]).value) if row[2] else today,
            status=CommitmentStatus(row[4]),
            person=_person(row[5], row[6], row[7]) if row[5] else None,
            organisation=row[8],
            ask_slug=row[9],
            ask_title=row[10],
        )
        for row in rows
    ]
    return Panel(sorted(lines, key=lambda line: line.due_by), total)


def _ranked_stances():
    """Every assessment with its rank among those of its person and ask (1: the newest, by
    *assessed on* day, then the last recorded), in one pass over the table. Filtering on the
    rank outside, rather than a NOT EXISTS or IN per row, keeps the plan a scan and a sort
    even where the planner has no statistics yet (a fresh PostgreSQL table chose a nested
    loop: 0.8 s for 6,000 assessments)."""
    return select(
        col(Stance.id).label("id"),
        col(Stance.person_id).label("person_id"),
        col(Stance.ask_id).label("ask_id"),
        col(Stance.stance).label("stance"),
        col(Stance.assessed_on).label("assessed_on"),
        col(Stance.recheck_by).label("recheck_by"),
        func.row_number()
        .over(
            partition_by=(col(Stance.person_id), col(Stance.ask_id)),
            order_by=(col(Stance.assessed_on).desc(), col(Stance.id).desc()),
        )
        .label("rank"),
    ).subquery("ranked")


def stances_to_recheck(session: Session, *, today: date, limit: int = SHOWN) -> Panel:
    """People's current stances (the newest assessment per person and ask) whose re-check
    date is past or in the next AHEAD_DAYS days, earliest first. Two queries."""
    ranked = _ranked_stances()
    where = (
        ranked.c.rank == 1,
        ranked.c.recheck_by.is_not(None),
        ranked.c.recheck_by <= today + timedelta(days=AHEAD_DAYS),
        col(Person.erased_at).is_(None),
        col(Ask.archived_at).is_(None),
    )

    def joined(*columns):
        return (
            select(*columns)
            .select_from(ranked)
            .join(Person, col(Person.id) == ranked.c.person_id)
            .join(Ask, col(Ask.id) == ranked.c.ask_id)
            .where(*where)
        )

    total = session.connection().execute(joined(func.count())).scalar_one()
    if not total:
        return Panel()
    rows = session.connection().execute(
        joined(
            col(Person.key),
            col(Person.name),
            col(Ask.slug),
            col(Ask.title),
            ranked.c.stance,
            ranked.c.assessed_on,
            ranked.c.recheck_by,
        )
        .order_by(ranked.c.recheck_by, func.lower(Person.name), ranked.c.id)
        .limit(limit)
    )
    return Panel(
        [
            RecheckLine(PersonLine(r[0], r[1]), r[2], r[3], StanceLevel(r[4]), r[5], r[6])
            for r in rows
        ],
        total,
    )


def panels(session: Session, *, today: date, user_id: int | None) -> dict:
    return {
        "follow_ups": follow_ups_due(session, today=today, user_id=user_id),
        "late_commitments": late_commitments(session, today=today),
        "rechecks": stances_to_recheck(session, today=today),
        "ahead_days": AHEAD_DAYS,
    }
