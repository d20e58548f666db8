"""The retention review: people with no interaction, stance or commitment for a number of
years, listed for an officer to decide whether to keep, update or erase them
(docs/people.md, "Retention"). Nothing is erased automatically."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from campaign.clock import UK
from campaign.models import Commitment, Interaction, InteractionPerson, Person, Stance

# The default look-back, until the charity decides its own period (docs/people.md).
DEFAULT_YEARS = 3


@dataclass(frozen=True)
class ReviewRow:
    person: Person
    last_activity: date  # the latest interaction, stance or commitment, else when added
    what: str  # "interaction", "stance", "commitment" or "added"


def _day(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(UK).date()
    return value


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def last_activity(session: Session) -> dict[int, tuple[date, str]]:
    """Each person's latest dated interaction, stance or commitment (four grouped queries)."""
    latest: dict[int, tuple[date, str]] = {}
    queries = [
        (
            "interaction",
            select(InteractionPerson.person_id, func.max(Interaction.occurred_at))
            .join(Interaction, col(Interaction.id) == col(InteractionPerson.interaction_id))
            .group_by(col(InteractionPerson.person_id)),
        ),
        (
            "stance",
            select(Stance.person_id, func.max(Stance.assessed_on)).group_by(col(Stance.person_id)),
        ),
        (
            "commitment",
            select(Commitment.person_id, func.max(Commitment.created_at))
            .where(col(Commitment.person_id).is_not(None))
            .group_by(col(Commitment.person_id)),
        ),
    ]
    for what, query in queries:
        for person_id, value in session.exec(query):
            day = _day(value)
            if person_id is None or day is None:
                continue
            if person_id not in latest or latest[person_id][0] < day:
                latest[person_id] = (day, what)
    return latest


def due_for_review(session: Session, *, today: date, years: int) -> list[ReviewRow]:
    """People not erased (archived ones too: they are still held) whose latest activity (or,
    with none, their record's creation) is more than `years` years before `today`, longest
    untouched first."""
    cutoff = years_before(today, years)
    latest = last_activity(session)
    people = session.exec(select(Person).where(col(Person.erased_at).is_(None)))
    rows = []
    for person in people:
        day, what = latest.get(person.id or 0, (_day(person.created_at) or today, "added"))
        if day < cutoff:
            rows.append(ReviewRow(person, day, what))
    return sorted(rows, key=lambda row: (row.last_activity, row.person.name.casefold()))
