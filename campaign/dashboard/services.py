"""The dashboard's four sections, each a fixed number of queries however much data there is.

Every function takes `today` (where it matters) so tests can pin the date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select

from campaign.milestones.services import upcoming_condition
from campaign.models import (
    Ask,
    AskMilestone,
    AskStatus,
    DatePrecision,
    Milestone,
    Organisation,
    Priority,
    Response,
    ResponseAsk,
    ResponseDirection,
)
from campaign.responses.positions import PositionEntry, latest_positions
from campaign.responses.replies import overdue_condition

STATUS_ORDER = (
    AskStatus.ACTIVE,
    AskStatus.PARTLY_MET,
    AskStatus.DRAFT,
    AskStatus.MET,
    AskStatus.DROPPED,
)
PRIORITY_ORDER = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}
UPCOMING_DAYS = 60
LATEST_RECEIVED = 10


@dataclass
class TargetPosition:
    organisation: Organisation
    latest: PositionEntry | None  # None: no position logged yet


@dataclass
class AskSummary:
    ask: Ask
    targets: list[TargetPosition]


@dataclass
class AskGroup:
    status: AskStatus
    asks: list[AskSummary] = field(default_factory=list)


@dataclass
class UpcomingMilestone:
    milestone: Milestone
    days_to_go: int  # to the milestone's day, or to the start of its month or year
    started: bool  # a month or year milestone whose period has begun ("this month")
    asks: list[Ask]


@dataclass
class OverdueReply:
    sent: Response
    days_overdue: int


def ask_groups(session: Session) -> list[AskGroup]:
    """Asks not archived, grouped by status (empty groups left out), each with its targets and
    their latest positions. Three queries: asks, their targets, all positions."""
    asks = session.exec(
        select(Ask).where(Ask.archived_at.is_(None)).options(selectinload(Ask.targets))
    ).all()
    latest = latest_positions(session, [ask.id for ask in asks])
    groups = {status: AskGroup(status) for status in STATUS_ORDER}
    for ask in sorted(asks, key=lambda a: (PRIORITY_ORDER[a.priority], a.title.lower(), a.id)):
        positions = latest.get(ask.id, {})
        targets = [
            TargetPosition(org, positions.get(org.id))
            for org in ask.targets
            if org.archived_at is None
        ]
        groups[ask.status].asks.append(AskSummary(ask, targets))
    return [group for group in groups.values() if group.asks]


def upcoming_milestones(
    session: Session, *, today: date, days: int = UPCOMING_DAYS
) -> list[UpcomingMilestone]:
    """Milestones from today to `days` ahead (inclusive). A month or year milestone counts
    while its period overlaps the window: 'July 2025' shows from 1 May 2025 to 31 July 2025."""
    milestones = session.exec(
        select(Milestone)
        .where(
            Milestone.archived_at.is_(None),
            upcoming_condition(today),
            Milestone.milestone_date <= today + timedelta(days=days),
        )
        .options(selectinload(Milestone.ask_links).selectinload(AskMilestone.ask))
        .order_by(Milestone.milestone_date, Milestone.id)
    ).all()
    rows = []
    for m in milestones:
        asks = sorted(
            (link.ask for link in m.ask_links if link.ask.archived_at is None),
            key=lambda a: a.title.lower(),
        )
        started = m.date_precision != DatePrecision.DAY and m.milestone_date <= today
        rows.append(UpcomingMilestone(m, max(0, (m.milestone_date - today).days), started, asks))
    return rows


def latest_received(session: Session, *, limit: int = LATEST_RECEIVED) -> list[Response]:
    """The most recent responses received from targets, newest first."""
    return list(
        session.exec(
            select(Response)
            .where(
                Response.archived_at.is_(None),
                Response.direction == ResponseDirection.RECEIVED,
            )
            .options(
                selectinload(Response.organisation),
                selectinload(Response.ask_links).selectinload(ResponseAsk.ask),
            )
            .order_by(Response.response_date.desc(), Response.id.desc())
            .limit(limit)
        )
    )


def overdue_replies(session: Session, *, today: date) -> list[OverdueReply]:
    """Sent items whose reply was expected before today, with no reply received since."""
    sent = session.exec(
        select(Response)
        .where(Response.archived_at.is_(None), overdue_condition(today))
        .options(selectinload(Response.organisation))
        .order_by(Response.reply_expected_by, Response.id)
    ).all()
    return [OverdueReply(r, (today - r.reply_expected_by).days) for r in sent]


def dashboard(session: Session, *, today: date) -> dict:
    return {
        "groups": ask_groups(session),
        "upcoming": upcoming_milestones(session, today=today),
        "received": latest_received(session),
        "overdue": overdue_replies(session, today=today),
        "upcoming_days": UPCOMING_DAYS,
    }
