"""Commitments: create and update one, change its status with evidence, the late ones, the
ones for an ask or a person, and the milestone a commitment creates or moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from campaign import clock
from campaign.commitments.dates import format_due_by, milestone_date, parse_due
from campaign.common.keys import unique_key
from campaign.common.services import ServiceError, assign
from campaign.milestones import services as milestones
from campaign.models import (
    Ask,
    Commitment,
    CommitmentChange,
    Interaction,
    Milestone,
    MilestoneKind,
    Organisation,
    Person,
    Response,
)
from campaign.models.enums import CommitmentStatus, DuePrecision
from campaign.models.precise_dates import format_precise_date
from campaign.rendering import format_date

FIELDS = (
    "title",
    "detail",
    "person_id",
    "organisation_id",
    "made_to",
    "made_on",
    "response_id",
    "interaction_id",
    "source_note",
    "source_url",
    "ask_id",
)
# The rows a commitment names, checked on every save: (field, model, what the message says).
REFERENCES = (
    ("person_id", Person, "person"),
    ("organisation_id", Organisation, "organisation"),
    ("response_id", Response, "response"),
    ("interaction_id", Interaction, "interaction"),
    ("ask_id", Ask, "ask"),
)
NEEDS_EVIDENCE = "Say what shows the change of status (a note at least)."
# What a list of commitments loads with each row, in one query per relationship.
LOADERS = (
    selectinload(Commitment.person),  # type: ignore[arg-type]
    selectinload(Commitment.organisation),  # type: ignore[arg-type]
    selectinload(Commitment.ask),  # type: ignore[arg-type]
)


@dataclass(frozen=True)
class Evidence:
    """What shows a status change: a note (required), a link and/or a response, and the day."""

    note: str
    url: str | None = None
    response_id: int | None = None
    on: date | None = None


def _clean(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    clean = dict(data)
    for name in ("detail", "made_to", "source_note"):
        if name in clean and clean[name] is None:
            clean[name] = ""
    if "source_url" in clean:
        clean["source_url"] = clean["source_url"] or None
    for name, model, what in REFERENCES:
        if clean.get(name) is not None and session.get(model, clean[name]) is None:
            raise ServiceError(f"Choose an existing {what}.", field=name)
    if clean.get("person_id") is None and clean.get("organisation_id") is None:
        raise ServiceError(
            "Choose who made it: a person, an organisation, or both.", field="person_id"
        )
    try:
        clean["due_on"], clean["due_precision"] = parse_due(data.get("due") or "")
    except ValueError as exc:
        raise ServiceError(milestones.sentence(exc), field="due") from exc
    return clean


def _evidence(data: dict[str, Any]) -> Evidence:
    return Evidence(
        note=(data.get("status_note") or "").strip(),
        url=data.get("status_url") or None,
        response_id=data.get("status_response_id"),
        on=data.get("status_on"),
    )


def create_commitment(*, session: Session, data: dict[str, Any]) -> Commitment:
    """A new commitment; made with a status other than open, it records that change."""
    clean = _clean(session, data)
    commitment = Commitment(key=unique_key(session, Commitment, clean["title"]), title="")
    assign(commitment, clean, (*FIELDS, "due_on", "due_precision"))
    session.add(commitment)
    status = CommitmentStatus(data.get("status") or CommitmentStatus.OPEN)
    if status != CommitmentStatus.OPEN:
        change_status(commitment, session=session, status=status, evidence=_evidence(data))
    session.flush()
    return commitment


def update_commitment(commitment: Commitment, *, session: Session, data: dict[str, Any]) -> None:
    """Save the form; a new status is recorded as a change, with its evidence."""
    clean = _clean(session, data)
    assign(commitment, clean, (*FIELDS, "due_on", "due_precision"))
    status = CommitmentStatus(data.get("status") or commitment.status)
    if status != commitment.status:
        change_status(commitment, session=session, status=status, evidence=_evidence(data))
    session.add(commitment)
    session.flush()


def change_status(
    commitment: Commitment, *, session: Session, status: CommitmentStatus, evidence: Evidence
) -> CommitmentChange:
    """The one place a commitment's status changes: the change is kept with its evidence,
    its day (today unless given; never after today) and who made it."""
    from campaign.revisions.recording import actor

    status = CommitmentStatus(status)
    if status == commitment.status:
        raise ServiceError(f"The commitment is already {status.label.lower()}.", field="status")
    if not evidence.note:
        raise ServiceError(NEEDS_EVIDENCE, field="status_note")
    today = clock.today()
    on = evidence.on or today
    if on > today:
        raise ServiceError(
            f"The status cannot change after today ({format_date(today)}).", field="status_on"
        )
    if evidence.response_id is not None and session.get(Response, evidence.response_id) is None:
        raise ServiceError("Choose an existing response.", field="status_response_id")
    if commitment.id is None:
        session.add(commitment)
        session.flush()
    if commitment.id is None:  # for the type checker: a flushed row has its id
        raise ValueError("the commitment could not be saved")
    change = CommitmentChange(
        commitment_id=commitment.id,
        old_status=commitment.status or CommitmentStatus.OPEN,
        new_status=status,
        changed_on=on,
        note=evidence.note,
        evidence_url=evidence.url,
        response_id=evidence.response_id,
        changed_by_id=actor(session)[0],
    )
    commitment.changes.append(change)
    commitment.status = status
    session.add(commitment)
    session.flush()
    return change


# -- late ---------------------------------------------------------------------------------


def _months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def late_condition(today: date) -> Any:
    """SQL for `Commitment.is_late_on(today)`: marked late, or open and past the last day of
    its due period (a month is over once today is in a later month; a season two months
    after its first month; a year once today is in a later year)."""
    month_start = date(today.year, today.month, 1)
    due_on, precision = col(Commitment.due_on), col(Commitment.due_precision)
    past = or_(
        and_(precision == DuePrecision.DAY, due_on < today),
        and_(precision == DuePrecision.MONTH, due_on < month_start),
        and_(precision == DuePrecision.SEASON, due_on < _months_before(month_start, 2)),
        and_(precision == DuePrecision.YEAR, due_on < date(today.year, 1, 1)),
    )
    return or_(
        col(Commitment.status) == CommitmentStatus.LATE,
        and_(col(Commitment.status) == CommitmentStatus.OPEN, past),
    )


def late_commitments(session: Session, *, today: date) -> list[Commitment]:
    """Every active commitment late on `today` (open past its due period, or marked late),
    earliest due first, with its person, organisation and ask loaded (docs/commitments.md)."""
    query = (
        select(Commitment)
        .where(col(Commitment.archived_at).is_(None), late_condition(today))
        .options(*LOADERS)
        .order_by(col(Commitment.due_on), col(Commitment.id))
    )
    return sorted(session.exec(query), key=lambda c: (c.due_by() or date.max, c.id or 0))


@dataclass(frozen=True)
class Flagged:
    """A commitment as a page lists it: with whether it is late today."""

    commitment: Commitment
    late: bool


def _flagged(rows: list[Commitment], today: date) -> list[Flagged]:
    """Late ones first, then by the day they are due (none last), then as entered."""
    flagged = [Flagged(row, row.is_late_on(today)) for row in rows]
    return sorted(
        flagged,
        key=lambda f: (not f.late, f.commitment.due_by() or date.max, f.commitment.id or 0),
    )


def commitments_for_ask(session: Session, ask_id: int, *, today: date) -> list[Flagged]:
    """The ask's active commitments, late ones first (the ask page's Commitments tab)."""
    query = (
        select(Commitment)
        .where(Commitment.ask_id == ask_id, col(Commitment.archived_at).is_(None))
        .options(*LOADERS)
    )
    return _flagged(list(session.exec(query)), today)


def commitments_for_person(
    session: Session, person_id: int, *, today: date | None = None
) -> list[Flagged]:
    """The active commitments a person made, late ones first (for the person's page)."""
    query = (
        select(Commitment)
        .where(Commitment.person_id == person_id, col(Commitment.archived_at).is_(None))
        .options(*LOADERS)
    )
    return _flagged(list(session.exec(query)), today or clock.today())


# -- the milestone it concerns -----------------------------------------------------------


def milestone_values(commitment: Commitment) -> dict[str, Any]:
    """The milestone form's values for a commitment's due date (a season as the month it
    ends in: campaign.commitments.dates.milestone_date)."""
    if commitment.due_on is None:
        raise ServiceError("Give the commitment a due date first.", field="due")
    day, precision = milestone_date(commitment.due_on, commitment.due_precision)
    maker = commitment.person or commitment.organisation
    return {
        "title": commitment.title,
        "date": format_precise_date(day, precision),
        "kind": MilestoneKind.PLANNED.value,
        "is_planned": "y",
        "description": f"Due {format_due_by(commitment.due_on, commitment.due_precision)}: "
        f"a commitment by {maker}."
        if maker
        else "",
        "organisation_id": commitment.organisation_id,
        "link_ask_id": commitment.ask_id,
    }


def create_milestone(commitment: Commitment, *, session: Session) -> Milestone:
    """A milestone for the commitment's due date, made through the milestone's own form and
    service (its validation, revisions and reminders), linked to the commitment and its ask."""
    from campaign.common.formdata import to_formdata
    from campaign.milestones.entity import ENTITY as MILESTONE

    if commitment.milestone_id is not None:
        raise ServiceError("This commitment already has a milestone: update it instead.")
    form = MILESTONE.bound_form(session, None, to_formdata(milestone_values(commitment)))
    if form.errors:
        problems = "; ".join(
            f"{name}: {' '.join(map(str, errs))}" for name, errs in form.errors.items()
        )
        raise ServiceError(f"The milestone could not be made ({problems}).")
    milestone = milestones.create_milestone(session=session, data=form.data)
    commitment.milestone_id = milestone.id
    session.add(commitment)
    session.flush()
    return milestone


def update_milestone(commitment: Commitment, *, session: Session) -> Milestone:
    """Move the linked milestone to the commitment's due date, recorded as the milestone's
    moves are (milestones.set_date)."""
    milestone = commitment.milestone
    if milestone is None:
        raise ServiceError("This commitment has no milestone: create one first.")
    if commitment.due_on is None:
        raise ServiceError("Give the commitment a due date first.", field="due")
    day, precision = milestone_date(commitment.due_on, commitment.due_precision)
    due = format_due_by(commitment.due_on, commitment.due_precision)
    move = milestones.set_date(
        milestone, day, precision, session=session, note=f"The commitment is now due {due}."
    )
    if move is None:
        raise ServiceError(
            f"The milestone is already on {format_date(day, precision)}, as the commitment."
        )
    return milestone
