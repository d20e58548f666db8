"""Who is reminded of a milestone, and when. Pure functions: no request, no commit."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, func, select

from campaign.clock import UK
from campaign.models import Ask, AskMilestone, Milestone
from campaign.reminders.workdays import working_day_on_or_before

_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


def parse_offsets(text: str) -> list[int]:
    """'28, 7, 1' -> [28, 7, 1] (largest first, no repeats). Raises ValueError naming the
    bad part. An empty text means no reminders."""
    offsets: set[int] = set()
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        if not part.isdigit():
            raise ValueError(f"“{part}” is not a whole number of days")
        days = int(part)
        if days > 366:
            raise ValueError(f"{days} days is more than a year ahead")
        offsets.add(days)
    return sorted(offsets, reverse=True)


def parse_recipients(text: str) -> list[str]:
    """Comma-, semicolon- or line-separated e-mail addresses. Raises ValueError naming the
    first one that is not an address."""
    found: list[str] = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        if not _EMAIL.match(part):
            raise ValueError(f"“{part}” is not an e-mail address")
        if part.lower() not in (f.lower() for f in found):
            found.append(part)
    return found


def offsets_for(milestone: Milestone, default: str) -> list[int]:
    """The milestone's own offsets, or the REMINDER_OFFSETS setting."""
    return parse_offsets(
        milestone.reminder_offsets if milestone.reminder_offsets is not None else default
    )


def recipients_for(session: Session, milestone: Milestone, *, team_address: str) -> list[str]:
    """E-mail recipients: the owners of its linked (active) asks, its own extra recipients and
    the team address (REMINDERS_TO). Case-insensitively unique, in that order."""
    owners = session.exec(
        select(Ask.owner_email)
        .join(AskMilestone, AskMilestone.ask_id == Ask.id)
        .where(AskMilestone.milestone_id == milestone.id, col(Ask.archived_at).is_(None))
        .order_by(func.lower(Ask.owner_email))
    ).all()
    candidates = [o for o in owners if o]
    candidates += parse_recipients(milestone.reminder_recipients or "")
    candidates += parse_recipients(team_address or "")
    unique: dict[str, str] = {}
    for address in candidates:
        unique.setdefault(address.lower(), address)
    return list(unique.values())


def reminder_day(target: date, offset_days: int) -> date:
    """The day the reminder `offset_days` before `target` is sent: that day, or the working
    day before it when it falls at a weekend or on a bank holiday (England and Wales)."""
    return working_day_on_or_before(target - timedelta(days=offset_days))


def at_hour(day: date, *, hour: int) -> datetime:
    """`day` at `hour`, UK time, as an aware UTC datetime (so a 9 am reminder is 9 am in
    London in summer and winter)."""
    return datetime.combine(day, time(hour), tzinfo=UK).astimezone(UTC)


def due_at(target: date, offset_days: int, *, hour: int) -> datetime:
    """When the reminder `offset_days` before `target` falls due: its `reminder_day` at
    `hour`, UK time. The one rule the engine, the jobs and the milestone page share."""
    return at_hour(reminder_day(target, offset_days), hour=hour)
