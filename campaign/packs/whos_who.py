"""The "Who's who" section of an internal pack: the people attending a meeting, each with their
current roles, party and constituency, their latest stance on each of the pack's asks, their
last three interactions and their open commitments (late ones flagged). docs/packs.md.

It is internal only: an external pack that names people is refused (`PackError` on the
"people" field), on every door (the builder, `flask pack`, a kept pack generated again). An
erased person is printed as "Erased person" and nothing else. Loading takes a fixed number of
queries however many people the pack names."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from campaign.common.choosers import row_chooser
from campaign.models import (
    Commitment,
    CommitmentStatus,
    Interaction,
    InteractionAsk,
    InteractionPerson,
    Person,
    PersonRole,
    Stance,
)
from campaign.packs.parts import PackError, WhoCommitment, WhoInteraction, WhoPerson, WhoStance
from campaign.people.personal_data import ERASED_NAME
from campaign.rendering import format_date, uk_day

# The builder chooses people by key (a kept pack's settings name them so).
PERSON_KEY_CHOOSER = row_chooser("person", Person, Person.name, lookup="person-keys", value="key")
LAST_INTERACTIONS = 3
EXTERNAL_REFUSAL = "Who's who is for internal packs only: choose Internal, or take the people out."
OPEN = (CommitmentStatus.OPEN, CommitmentStatus.LATE)


def _load_people(session: Session, keys: tuple[str, ...]) -> list[Person]:
    if len(set(keys)) != len(keys):
        raise PackError("people", "Each person can appear only once in Who's who.")
    query = (
        select(Person)
        .where(col(Person.key).in_(keys))
        .options(selectinload(Person.roles).selectinload(PersonRole.organisation))  # type: ignore[arg-type]
    )
    found = {p.key: p for p in session.exec(query)}
    for key in keys:
        if key not in found:
            raise PackError("people", f"Who's who: no person has the key “{key}”.")
    return [found[key] for key in keys]


def _latest_stances(session: Session, ids: list[int], ask_ids: list[int]) -> dict:
    """{(person id, ask id): their newest stance}."""
    query = (
        select(Stance)
        .where(col(Stance.person_id).in_(ids), col(Stance.ask_id).in_(ask_ids))
        .order_by(col(Stance.assessed_on), col(Stance.id))
    )
    return {(s.person_id, s.ask_id): s for s in session.exec(query)}  # the newest wins


def _last_interactions(session: Session, ids: list[int]) -> dict[int, list[Interaction]]:
    """Each person's last three interactions, newest first: one query (ROW_NUMBER)."""
    ranked = (
        select(
            col(InteractionPerson.person_id).label("person_id"),
            col(InteractionPerson.interaction_id).label("interaction_id"),
            func.row_number()
            .over(
                partition_by=col(InteractionPerson.person_id),
                order_by=(col(Interaction.occurred_at).desc(), col(Interaction.id).desc()),
            )
            .label("rank"),
        )
        .join(Interaction, col(Interaction.id) == col(InteractionPerson.interaction_id))
        .where(col(InteractionPerson.person_id).in_(ids), col(Interaction.archived_at).is_(None))
        .subquery()
    )
    query = (
        select(ranked.c.person_id, Interaction)
        .join(Interaction, col(Interaction.id) == ranked.c.interaction_id)
        .where(ranked.c.rank <= LAST_INTERACTIONS)
        .options(selectinload(Interaction.ask_links).selectinload(InteractionAsk.ask))  # type: ignore[arg-type]
        .order_by(ranked.c.person_id, ranked.c.rank)
    )
    result: dict[int, list[Interaction]] = {}
    for person_id, interaction in session.exec(query):
        result.setdefault(person_id, []).append(interaction)
    return result


def _open_commitments(session: Session, ids: list[int]) -> dict[int, list[Commitment]]:
    query = (
        select(Commitment)
        .where(
            col(Commitment.person_id).in_(ids),
            col(Commitment.status).in_(OPEN),
            col(Commitment.archived_at).is_(None),
        )
        .order_by(col(Commitment.due_on).is_(None), col(Commitment.due_on), col(Commitment.id))
    )
    result: dict[int, list[Commitment]] = {}
    for commitment in session.exec(query):
        result.setdefault(commitment.person_id or 0, []).append(commitment)
    return result


def _outcome(interaction: Interaction) -> str:
    return "; ".join(
        f"{link.ask.title}: {' '.join(link.outcome.split())}"
        for link in interaction.ask_links
        if link.outcome.strip()
    )


def _commitment(commitment: Commitment, today: date) -> WhoCommitment:
    due_by = commitment.due_by()
    late = commitment.is_late_on(today)
    return WhoCommitment(
        title=commitment.title,
        due=f"by {format_date(due_by)}" if due_by else "",
        status=CommitmentStatus.LATE.label if late else commitment.status.label,
        late=late,
    )


def whos_who(
    session: Session, keys: tuple[str, ...], asks: Sequence[Any], *, external: bool, today: date
) -> list[WhoPerson]:
    """The pack's Who's who, in the order the people were chosen (`asks`: the pack's asks, in
    its order, as it reads them). Raises PackError for an
    external pack that names people, or a key that no person has."""
    if not keys:
        return []
    if external:
        raise PackError("people", EXTERNAL_REFUSAL)
    people = _load_people(session, keys)
    ids = [p.id for p in people if p.id is not None and p.erased_at is None]
    ask_ids = [a.id for a in asks if a.id is not None]
    stances = _latest_stances(session, ids, ask_ids) if ids else {}
    interactions = _last_interactions(session, ids) if ids else {}
    commitments = _open_commitments(session, ids) if ids else {}
    result = []
    for person in people:
        if person.erased_at is not None or person.id is None:
            result.append(WhoPerson(name=ERASED_NAME, erased=True))
            continue
        held = [r for r in person.roles if r.current_on(today)]
        held.sort(key=lambda r: (r.started_on is not None, r.started_on or date.min), reverse=True)
        result.append(
            WhoPerson(
                name=person.name,
                kind=person.kind.label,
                roles=[
                    f"{r.title}, {r.organisation.name}" if r.organisation else r.title for r in held
                ],
                party=person.party,
                constituency=person.constituency,
                stances=[
                    _stance(number, ask, stances.get((person.id, ask.id)))
                    for number, ask in enumerate(asks, start=1)
                ],
                interactions=[
                    WhoInteraction(
                        occurred_on=uk_day(i.occurred_at),
                        title=i.title,
                        kind=i.kind.label,
                        outcome=_outcome(i),
                    )
                    for i in interactions.get(person.id, [])
                ],
                commitments=[_commitment(c, today) for c in commitments.get(person.id, [])],
            )
        )
    return result


def _stance(number: int, ask: Any, stance: Stance | None) -> WhoStance:
    if stance is None:
        return WhoStance(number, ask.title, "Not assessed", None)
    return WhoStance(number, ask.title, stance.stance.label, stance.assessed_on)
