"""Milestones: create, update, dates at their precision, and upcoming/past."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_
from sqlmodel import Session, select

from campaign.common.keys import unique_key
from campaign.common.services import ServiceError, assign
from campaign.models import (
    Ask,
    AskMilestone,
    DatePrecision,
    Milestone,
    MilestoneKind,
    Organisation,
    Source,
)
from campaign.models.precise_dates import format_precise_date, parse_precise_date
from campaign.rendering import format_date

FIELDS = ("title", "kind", "is_planned", "description", "organisation_id", "source_id")


def date_error(exc: ValueError) -> str:
    """parse_precise_date's message as a sentence: 'Use YYYY-MM-DD, YYYY-MM or YYYY.'"""
    message = str(exc)
    return message[:1].upper() + message[1:] + "."


def describe_date(milestone: Milestone) -> str:
    """'26 October 2023', 'July 2026 (planned)', '2027'."""
    text = format_date(milestone.milestone_date, milestone.date_precision)
    return f"{text} (planned)" if milestone.is_planned else text


def date_input(milestone: Milestone) -> str:
    """The text the date field shows when editing: '2026-07' for a month."""
    return format_precise_date(milestone.milestone_date, milestone.date_precision)


def period_start(today: date, precision: DatePrecision) -> date:
    """The first day of today's day, month or year."""
    match precision:
        case DatePrecision.YEAR:
            return date(today.year, 1, 1)
        case DatePrecision.MONTH:
            return today.replace(day=1)
        case _:
            return today


def upcoming_condition(today: date):
    """Not over yet: 'July 2026' is still upcoming on 15 July 2026, '2026' until the year ends."""
    return or_(
        *(
            and_(
                Milestone.date_precision == precision,
                Milestone.milestone_date >= period_start(today, precision),
            )
            for precision in DatePrecision
        )
    )


def _choices(session, model, label, current_id):
    query = select(model.id, label).where(or_(model.archived_at.is_(None), model.id == current_id))
    return [(row[0], row[1]) for row in session.exec(query.order_by(func.lower(label), model.id))]


def organisation_choices(session: Session, *, current_id: int | None = None):
    return _choices(session, Organisation, Organisation.name, current_id)


def source_choices(session: Session, *, current_id: int | None = None):
    return _choices(session, Source, Source.title, current_id)


def ask_choices(session: Session):
    return _choices(session, Ask, Ask.title, None)


def _normalise(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    clean = dict(data)
    try:
        clean["milestone_date"], clean["date_precision"] = parse_precise_date(data["date"] or "")
    except ValueError as exc:
        raise ServiceError(date_error(exc), field="date") from exc
    clean["kind"] = MilestoneKind(data["kind"])
    clean["is_planned"] = bool(data.get("is_planned"))
    for name, model in (("organisation_id", Organisation), ("source_id", Source)):
        if clean.get(name) is not None and session.get(model, clean[name]) is None:
            raise ServiceError(f"Choose an existing {model.__name__.lower()}.", field=name)
    return clean


def _assign(milestone: Milestone, clean: dict[str, Any]) -> None:
    assign(milestone, clean, (*FIELDS, "milestone_date", "date_precision"))


def create_milestone(*, session: Session, data: dict[str, Any]) -> Milestone:
    clean = _normalise(session, data)
    milestone = Milestone(
        key=unique_key(session, Milestone, clean["title"]),
        title=clean["title"],
        milestone_date=clean["milestone_date"],
        kind=clean["kind"],
    )
    _assign(milestone, clean)
    session.add(milestone)
    ask_id = data.get("link_ask_id")
    if ask_id is not None:
        if session.get(Ask, ask_id) is None:
            raise ServiceError("Choose an existing ask.", field="link_ask_id")
        milestone.ask_links.append(AskMilestone(ask_id=ask_id))
    session.flush()
    return milestone


def update_milestone(milestone: Milestone, *, session: Session, data: dict[str, Any]) -> None:
    _assign(milestone, _normalise(session, data))
    session.add(milestone)
    session.flush()
