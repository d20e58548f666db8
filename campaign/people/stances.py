"""Stances: where each person stands on each ask, over time (issue 18).

A stance is one dated assessment (`campaign.models.Stance`): champion, supporter, neutral,
unknown, sceptic or opponent, who assessed it, on what evidence (an interaction they attended,
a response from an organisation they work or worked for, or a note such as a parliamentary
item's link) and when to look again (`recheck_by`). Assessments are kept, never overwritten:
a person's **current** stance on an ask is the newest (by `assessed_on`, then by id for
same-day ones, `NEWEST_FIRST`); the others are its history.

Every door (the "Record a stance" page, `POST /api/v1/people/<key>/stances`) validates
through `StanceForm` (campaign/people/stance_forms.py), then calls `record_stance`, which
checks that the evidence concerns the person. Reading: `current_stances` (one query for any
number of people and asks), `stance_history`, `person_stances` (a person's page) and
`stances_due_for_recheck` (the reminders and the dashboard).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy.orm import joinedload
from sqlmodel import Session, col, func, select

from campaign.common.services import ServiceError
from campaign.entities.public import Json, api_url, iso, value
from campaign.models import Ask, Interaction, Person, PersonRole, Response, Stance, StanceLevel
from campaign.models.interactions import InteractionPerson

# The newest assessment first: the current stance is the first of a person's on an ask.
NEWEST_FIRST = (col(Stance.assessed_on).desc(), col(Stance.id).desc())

# What every stance shown is read with, in the same query (each a many-to-one join).
LOADED = (
    joinedload(Stance.person),  # type: ignore[arg-type]
    joinedload(Stance.ask),  # type: ignore[arg-type]
    joinedload(Stance.assessed_by),  # type: ignore[arg-type]
    joinedload(Stance.interaction),  # type: ignore[arg-type]
    joinedload(Stance.response),  # type: ignore[arg-type]
)


# -- reading -------------------------------------------------------------------------------


def current_stances(
    session: Session,
    *,
    ask_id: int | None = None,
    person_id: int | None = None,
    options: tuple[Any, ...] = (),
) -> list[Stance]:
    """The current stance of each person on each ask (optionally of one ask, one person, or
    both), in one query: a `ROW_NUMBER()` window keeps only the newest assessment per
    (person, ask), so no history is read. Each row comes with its person, ask, assessor and
    evidence loaded; `options` may add loaders (the stakeholder map adds the people's roles).
    Ordered by ask, then person name."""
    rank = (
        func.row_number()
        .over(partition_by=(col(Stance.person_id), col(Stance.ask_id)), order_by=NEWEST_FIRST)
        .label("rank")
    )
    ranked: Any = select(col(Stance.id).label("id"), rank)
    if ask_id is not None:
        ranked = ranked.where(Stance.ask_id == ask_id)
    if person_id is not None:
        ranked = ranked.where(Stance.person_id == person_id)
    newest = ranked.subquery()
    query = (
        select(Stance)
        .join(newest, newest.c.id == Stance.id)
        .join(Person, col(Person.id) == Stance.person_id)
        .where(newest.c.rank == 1)
        .options(*LOADED, *options)
        .order_by(col(Stance.ask_id), func.lower(Person.name), col(Person.id))
    )
    return list(session.exec(query).unique())


def stance_history(session: Session, *, person_id: int, ask_id: int) -> list[Stance]:
    """Every assessment of one person's stance on one ask, newest (the current one) first."""
    query = (
        select(Stance)
        .where(Stance.person_id == person_id, Stance.ask_id == ask_id)
        .options(*LOADED)
        .order_by(*NEWEST_FIRST)
    )
    return list(session.exec(query).unique())


def person_stances(session: Session, *, person_id: int) -> dict[int, list[Stance]]:
    """A person's assessments on every ask, in one query: {ask_id: [newest first]}. The
    first of each list is their current stance on that ask (as `current_stances` says)."""
    query = (
        select(Stance).where(Stance.person_id == person_id).options(*LOADED).order_by(*NEWEST_FIRST)
    )
    by_ask: dict[int, list[Stance]] = defaultdict(list)
    for stance in session.exec(query).unique():
        by_ask[stance.ask_id].append(stance)
    return dict(by_ask)


def stances_due_for_recheck(session: Session, *, today: date) -> list[Stance]:
    """The current stances whose "re-check by" day is `today` or earlier, for the reminders
    and the dashboard.

    Returns `Stance` rows (at most one per person and ask: the current one; an older
    assessment's re-check day no longer counts once a newer one is recorded), each with its
    `person`, `ask` (whose `owner` / `owner_email` is who to remind), `assessed_by` and
    evidence loaded, ordered by `recheck_by` (the longest overdue first), then ask, then
    person. Left out: people who are archived or erased, and archived asks. Two queries: the
    current stances with a re-check day, then nothing else (all loaded by joins)."""
    stances = current_stances(session)
    return sorted(
        (
            s
            for s in stances
            if s.recheck_by is not None
            and s.recheck_by <= today
            and s.person.archived_at is None
            and s.person.erased_at is None
            and s.ask.archived_at is None
        ),
        key=lambda s: (s.recheck_by, s.ask_id, s.person.name.lower(), s.person_id),
    )


def recheck_due(stance: Stance, *, today: date) -> bool:
    """Whether the stance's "re-check by" day has come (it is shown flagged)."""
    return stance.recheck_by is not None and stance.recheck_by <= today


# -- writing -------------------------------------------------------------------------------


def organisation_ids(session: Session, person_id: int) -> set[int]:
    """The organisations a person works or worked for (any of their roles, current or past)."""
    query = select(PersonRole.organisation_id).where(
        PersonRole.person_id == person_id, col(PersonRole.organisation_id).is_not(None)
    )
    return {org_id for org_id in session.exec(query) if org_id is not None}


def check_evidence(
    session: Session,
    *,
    person_id: int,
    interaction_id: int | None,
    response_id: int | None,
) -> None:
    """The evidence must exist and concern the person: an interaction they attended, or a
    response from an organisation they hold or held a role at. Refusals name the field."""
    if interaction_id is not None:
        interaction = session.get(Interaction, interaction_id)
        if interaction is None:
            raise ServiceError("Choose an existing interaction.", field="interaction_id")
        attended = session.get(InteractionPerson, (interaction_id, person_id))
        if attended is None:
            raise ServiceError(
                f"“{interaction.title}” is not an interaction this person attended: choose "
                "one they attended, or give the evidence as a note.",
                field="interaction_id",
            )
    if response_id is not None:
        response = session.get(Response, response_id)
        if response is None:
            raise ServiceError("Choose an existing response.", field="response_id")
        if response.organisation_id not in organisation_ids(session, person_id):
            raise ServiceError(
                f"“{response.title}” is from an organisation this person has no role at: "
                "choose a response from their organisation, or give the evidence as a note.",
                field="response_id",
            )


def record_stance(*, session: Session, data: dict[str, Any], assessed_by_id: int | None) -> Stance:
    """Record one assessment from a validated `StanceForm`'s data. Nothing is overwritten:
    the new assessment becomes the current stance if it is the newest."""
    person = session.get(Person, data["person_id"])
    if person is None:
        raise ServiceError("Choose an existing person.", field="person_id")
    if person.erased_at is not None:
        raise ServiceError(
            "This person’s details were erased: no stance can be recorded.", field="person_id"
        )
    if session.get(Ask, data["ask_id"]) is None:
        raise ServiceError("Choose an existing ask.", field="ask_id")
    check_evidence(
        session,
        person_id=data["person_id"],
        interaction_id=data.get("interaction_id"),
        response_id=data.get("response_id"),
    )
    stance = Stance(
        person_id=data["person_id"],
        ask_id=data["ask_id"],
        stance=StanceLevel(data["stance"]),
        assessed_on=data["assessed_on"],
        assessed_by_id=assessed_by_id,
        interaction_id=data.get("interaction_id"),
        response_id=data.get("response_id"),
        evidence=data.get("evidence") or "",
        recheck_by=data.get("recheck_by"),
    )
    session.add(stance)
    session.flush()
    return stance


# -- JSON ----------------------------------------------------------------------------------


def stance_json(stance: Stance) -> Json:
    """One assessment as the API shows it (dates ISO, rows by key, the ask by slug)."""
    interaction, response, user = stance.interaction, stance.response, stance.assessed_by
    return {
        "id": stance.id,
        "ask": stance.ask.slug,
        "stance": value(stance.stance),
        "assessed_on": iso(stance.assessed_on),
        "assessed_by": user.display_name if user is not None else None,
        "interaction": interaction.key if interaction is not None else None,
        "response": response.key if response is not None else None,
        "evidence": stance.evidence,
        "recheck_by": iso(stance.recheck_by),
        "created_at": iso(stance.created_at),
    }


def stances_json(session: Session, person: Person) -> list[Json]:
    """A person's stances for their JSON, one entry per ask (by slug): the current stance and
    its earlier assessments, newest first. One query."""
    if person.id is None:
        return []
    by_ask = person_stances(session, person_id=person.id)
    entries = []
    for assessments in sorted(by_ask.values(), key=lambda rows: rows[0].ask.slug):
        current, *earlier = assessments
        entries.append(
            {
                "ask": current.ask.slug,
                "ask_url": api_url("api.ask", slug=current.ask.slug),
                "current": stance_json(current),
                "history": [stance_json(s) for s in earlier],
            }
        )
    return entries
