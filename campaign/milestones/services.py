"""Milestones: create, update, move, mark done; dates at their precision; upcoming/past.

Any change of a milestone's date, from the edit form or the move form, goes through
`set_date`, which records a `MilestoneMove`: the old date is never lost.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, not_, or_
from sqlmodel import Session, col

from campaign import clock
from campaign.common.keys import unique_key
from campaign.common.services import ServiceError, assign
from campaign.models import (
    Ask,
    AskMilestone,
    DatePrecision,
    Milestone,
    MilestoneKind,
    MilestoneMove,
    Organisation,
    Source,
)
from campaign.models.precise_dates import format_precise_date, parse_precise_date
from campaign.reminders.rules import parse_offsets, parse_recipients
from campaign.rendering import format_date, uk_day

FIELDS = ("title", "kind", "is_planned", "description", "organisation_id", "source_id")
NO_REMINDERS = "none"  # typed in the reminders field: no reminders for this milestone


def sentence(exc: ValueError) -> str:
    """A parser's message as a sentence: 'Use YYYY-MM-DD, YYYY-MM or YYYY.'"""
    message = str(exc)
    return message[:1].upper() + message[1:] + "."


def reminder_offsets_value(text: str | None) -> str | None:
    """The reminders field as stored: blank -> None (the REMINDER_OFFSETS default),
    'none' -> '' (no reminders), '7, 28 ,1' -> '28,7,1'. Raises ValueError like parse_offsets."""
    text = (text or "").strip()
    if text.lower() == NO_REMINDERS:
        return ""
    offsets = parse_offsets(text)
    return ",".join(str(days) for days in offsets) if offsets else None


def reminder_offsets_input(milestone: Milestone) -> str:
    """The inverse, for the edit form: None -> '', '' -> 'none', '28,7,1' -> '28, 7, 1'."""
    if milestone.reminder_offsets is None:
        return ""
    try:
        return offsets_text(parse_offsets(milestone.reminder_offsets)) or NO_REMINDERS
    except ValueError:  # not saved through this form: show it as it is, to be corrected
        return milestone.reminder_offsets


def offsets_text(offsets: list[int]) -> str:
    return ", ".join(str(days) for days in offsets)


def reminder_recipients_value(text: str | None) -> str:
    """'a@x.org; b@y.org  a@x.org' -> 'a@x.org, b@y.org'. Raises ValueError like
    parse_recipients."""
    return ", ".join(parse_recipients(text or ""))


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


def is_upcoming(milestone: Milestone, today: date) -> bool:
    """upcoming_condition for a loaded row."""
    return milestone.milestone_date >= period_start(today, milestone.date_precision)


def slipped_condition(today: date):
    """Slipped: a planned milestone whose day, month or year is over and is not done (an
    announced plan that did not happen when planned, or was not marked done)."""
    return and_(
        col(Milestone.is_planned).is_(True),
        col(Milestone.done_at).is_(None),
        not_(upcoming_condition(today)),
    )


def is_slipped(milestone: Milestone, today: date) -> bool:
    """slipped_condition for a loaded row."""
    return milestone.is_planned and milestone.done_at is None and not is_upcoming(milestone, today)


def countdown(milestone: Milestone, today: date) -> str:
    """How far off an upcoming milestone is: 'today', 'tomorrow', 'in 12 days'; a month or
    year is named rather than counted to its first day: 'this month', 'in July 2026'."""
    when = milestone.milestone_date
    if milestone.date_precision == DatePrecision.DAY:
        days = (when - today).days
        return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")
    if when == period_start(today, milestone.date_precision):
        return f"this {milestone.date_precision.value}"
    return f"in {format_date(when, milestone.date_precision)}"


def _parsed(parse, text, *, field: str):
    try:
        return parse(text)
    except ValueError as exc:
        raise ServiceError(sentence(exc), field=field) from exc


def _normalise(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    clean = dict(data)
    clean["milestone_date"], clean["date_precision"] = _parsed(
        parse_precise_date, data["date"] or "", field="date"
    )
    if "reminders" in data:
        clean["reminder_offsets"] = _parsed(
            reminder_offsets_value, data["reminders"], field="reminders"
        )
    if "also_remind" in data:
        clean["reminder_recipients"] = _parsed(
            reminder_recipients_value, data["also_remind"], field="also_remind"
        )
    clean["kind"] = MilestoneKind(data["kind"])
    clean["is_planned"] = bool(data.get("is_planned"))
    for name, model in (("organisation_id", Organisation), ("source_id", Source)):
        if clean.get(name) is not None and session.get(model, clean[name]) is None:
            raise ServiceError(f"Choose an existing {model.__name__.lower()}.", field=name)
    return clean


def _assign(milestone: Milestone, clean: dict[str, Any]) -> None:
    assign(milestone, clean, (*FIELDS, "reminder_offsets", "reminder_recipients"))


def create_milestone(*, session: Session, data: dict[str, Any]) -> Milestone:
    clean = _normalise(session, data)
    milestone = Milestone(
        key=unique_key(session, Milestone, clean["title"]),
        title=clean["title"],
        milestone_date=clean["milestone_date"],
        date_precision=clean["date_precision"],
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
    """Save the edit form. A changed date is recorded as a move, like the move form's."""
    clean = _normalise(session, data)
    _assign(milestone, clean)
    set_date(milestone, clean["milestone_date"], clean["date_precision"], session=session)
    session.add(milestone)
    session.flush()


def set_date(
    milestone: Milestone,
    new_date: date,
    precision: DatePrecision,
    *,
    session: Session,
    note: str = "",
) -> MilestoneMove | None:
    """Change the date, recording the old one as a MilestoneMove; None if nothing changed.
    The one place a milestone's date changes."""
    precision = DatePrecision(precision)
    if (milestone.milestone_date, milestone.date_precision) == (new_date, precision):
        return None
    move = MilestoneMove(
        old_date=milestone.milestone_date,
        old_precision=milestone.date_precision,
        new_date=new_date,
        new_precision=precision,
        note=note,
        moved_at=clock.now(),
    )
    milestone.moves.append(move)
    milestone.milestone_date, milestone.date_precision = new_date, precision
    session.add(milestone)
    session.flush()
    return move


def ordered_moves(milestone: Milestone) -> list[MilestoneMove]:
    """The milestone's moves, oldest first (by when they were made, then as entered)."""
    return sorted(milestone.moves, key=lambda move: (move.moved_at, move.id))


def move_milestone(
    milestone: Milestone, *, session: Session, date_text: str, note: str = ""
) -> MilestoneMove:
    """The move form: a new date ('2026-07-08', '2026-07', '2027') and why. Refuses the same
    date, so every move in the history is a real one."""
    new_date, precision = _parsed(parse_precise_date, date_text or "", field="date")
    move = set_date(milestone, new_date, precision, session=session, note=(note or "").strip())
    if move is None:
        raise ServiceError(
            f"The milestone is already on {format_date(new_date, precision)}: "
            "enter a different date.",
            field="date",
        )
    return move


def mark_done(
    milestone: Milestone, *, session: Session, note: str = "", url: str | None = None
) -> None:
    """Done, e.g. 'our consultation response submitted', with an optional link. Marking a done
    milestone again replaces the note and link and keeps the first date."""
    milestone.done_at = milestone.done_at or clock.now()
    milestone.done_note = (note or "").strip()
    milestone.done_url = url or None
    session.add(milestone)
    session.flush()


def undo_done(milestone: Milestone, *, session: Session) -> None:
    milestone.done_at, milestone.done_note, milestone.done_url = None, "", None
    session.add(milestone)
    session.flush()


def done_text(milestone: Milestone) -> str:
    """'✓ Done 3 March 2025' for list columns; '' when not done."""
    return f"✓ Done {format_date(uk_day(milestone.done_at))}" if milestone.done_at else ""
