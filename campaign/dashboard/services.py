"""The dashboard's sections, each a fixed number of queries however much data there is (the
panels about people, interactions and commitments are in stakeholders.py).

Every function takes `today` (where it matters) so tests can pin the date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, func, select

from campaign.dashboard import stakeholders
from campaign.dashboard.positions import latest_target_positions
from campaign.milestones.services import slipped_condition, upcoming_condition
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
from campaign.models.precise_dates import period_end
from campaign.responses.positions import PositionEntry
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
ASKS_PER_STATUS = 10  # asks shown per status group until "show all"
LATEST_RECEIVED = 10
SLIPPED_SHOWN = 10  # slipped milestones shown; the milestones list has them all
PRECISION_ORDER = {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2}


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
    asks: list[AskSummary] = field(default_factory=list)  # the ones shown
    total: int = 0  # every ask with this status

    @property
    def capped(self) -> bool:
        return len(self.asks) < self.total


@dataclass(frozen=True)
class MilestoneLine:
    """What the dashboard shows of a milestone (plain columns, not the ORM row: the window
    holds hundreds of milestones in a large portfolio)."""

    id: int
    title: str
    milestone_date: date
    date_precision: DatePrecision
    is_planned: bool


@dataclass(frozen=True)
class AskLine:
    """An ask as the dashboard links to it."""

    slug: str
    title: str


@dataclass
class UpcomingMilestone:
    milestone: MilestoneLine
    days_to_go: int  # to the milestone's day, or to the start of its month or year
    started: bool  # a month or year milestone whose period has begun ("this month")
    asks: list[AskLine]


@dataclass(frozen=True)
class SentLine:
    """What the dashboard shows of a letter or submission we sent (plain columns)."""

    id: int
    title: str
    reply_expected_by: date
    organisation_name: str


@dataclass
class OverdueReply:
    sent: SentLine
    days_overdue: int


def ask_groups(session: Session, *, show_all: AskStatus | None = None) -> list[AskGroup]:
    """Asks not archived, grouped by status (empty groups left out), highest priority first,
    then by title; each group shows its first ASKS_PER_STATUS asks (every one for `show_all`)
    with their targets and each target's latest position.

    Three queries whatever the number of asks: the order (plain columns of every ask, sorted
    here exactly as the titles compare in Python, whatever the database's collation), the
    shown asks with their targets, and the targets' latest positions (`latest_target_positions`,
    chosen in SQL)."""
    rows = session.exec(
        select(Ask.id, Ask.status, Ask.priority, Ask.title).where(Ask.archived_at.is_(None))
    ).all()
    groups = {status: AskGroup(status) for status in STATUS_ORDER}
    shown: list[int] = []
    for ask_id, status, *_ in sorted(
        rows, key=lambda row: (PRIORITY_ORDER[row[2]], row[3].lower(), row[0])
    ):
        groups[status].total += 1
        if status == show_all or groups[status].total <= ASKS_PER_STATUS:
            shown.append(ask_id)
    if not shown:
        return []
    asks = {
        ask.id: ask
        for ask in session.exec(
            select(Ask).where(Ask.id.in_(shown)).options(selectinload(Ask.targets))
        ).all()
    }
    latest = latest_target_positions(session, shown)
    for ask_id in shown:
        ask = asks[ask_id]
        positions = latest.get(ask_id, {})
        targets = [
            TargetPosition(org, positions.get(org.id))
            for org in ask.targets
            if org.archived_at is None
        ]
        groups[ask.status].asks.append(AskSummary(ask, targets))
    return [group for group in groups.values() if group.total]


def upcoming_milestones(
    session: Session, *, today: date, days: int = UPCOMING_DAYS
) -> list[UpcomingMilestone]:
    """Milestones from today to `days` ahead (inclusive). A month or year milestone counts
    while its period overlaps the window: 'July 2025' shows from 1 May 2025 to 31 July 2025.
    In order of the end of their period (`by_period_end`): '2027' comes after 16 January 2027.
    Two queries of plain columns: the milestones, and their asks not archived."""
    window = (
        select(Milestone.id)
        .where(
            Milestone.archived_at.is_(None),
            upcoming_condition(today),
            Milestone.milestone_date <= today + timedelta(days=days),
        )
        .scalar_subquery()
    )
    milestones = session.exec(
        select(
            Milestone.id,
            Milestone.title,
            Milestone.milestone_date,
            Milestone.date_precision,
            Milestone.is_planned,
        )
        .where(Milestone.id.in_(window))
        .order_by(Milestone.milestone_date, Milestone.id)
    ).all()
    milestones = sorted(milestones, key=lambda row: by_period_end(MilestoneLine(*row)))
    asks: dict[int, list[AskLine]] = {}
    for milestone_id, slug, title in session.exec(
        select(AskMilestone.milestone_id, Ask.slug, Ask.title)
        .join(Ask, Ask.id == AskMilestone.ask_id)
        .where(AskMilestone.milestone_id.in_(window), Ask.archived_at.is_(None))
    ):
        asks.setdefault(milestone_id, []).append(AskLine(slug, title))
    rows = []
    for line in (MilestoneLine(*row) for row in milestones):
        linked = sorted(asks.get(line.id, []), key=lambda a: a.title.lower())
        started = line.date_precision != DatePrecision.DAY and line.milestone_date <= today
        rows.append(
            UpcomingMilestone(line, max(0, (line.milestone_date - today).days), started, linked)
        )
    return rows


def by_period_end(line: MilestoneLine) -> tuple:
    """A month or year milestone is "by the end of" it: ordered by the last day of its period,
    then a day before a month before a year ending the same day, then as created."""
    end = period_end(line.milestone_date, line.date_precision)
    return end, PRECISION_ORDER[line.date_precision], line.id


def slipped_milestones(
    session: Session, *, today: date, limit: int = SLIPPED_SHOWN
) -> tuple[list[MilestoneLine], int]:
    """Planned milestones whose period is over without being done (`slipped_condition`), the
    latest planned first: at most `limit` of them, and how many there are. Two queries."""
    where = (col(Milestone.archived_at).is_(None), slipped_condition(today))
    total = session.exec(select(func.count()).select_from(Milestone).where(*where)).one()
    rows = session.exec(
        select(Milestone)
        .where(*where)
        .order_by(col(Milestone.milestone_date).desc(), col(Milestone.id).desc())
        .limit(limit)
    ).all()
    return [_line(milestone) for milestone in rows], total


def _line(milestone: Milestone) -> MilestoneLine:
    return MilestoneLine(
        int(milestone.id or 0),  # a saved row: it has an id
        milestone.title,
        milestone.milestone_date,
        milestone.date_precision,
        milestone.is_planned,
    )


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
    """Sent items whose reply was expected before today, with no reply received since. One
    query of plain columns."""
    rows = session.exec(
        select(Response.id, Response.title, Response.reply_expected_by, Organisation.name)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(Response.archived_at.is_(None), overdue_condition(today))
        .order_by(Response.reply_expected_by, Response.id)
    ).all()
    return [OverdueReply(SentLine(*row), (today - row.reply_expected_by).days) for row in rows]


def dashboard(
    session: Session,
    *,
    today: date,
    show_all: AskStatus | None = None,
    user_id: int | None = None,
) -> dict:
    """Every section's data; `user_id`'s own follow-up actions are listed first."""
    slipped, slipped_total = slipped_milestones(session, today=today)
    return {
        **stakeholders.panels(session, today=today, user_id=user_id),
        "groups": ask_groups(session, show_all=show_all),
        "upcoming": upcoming_milestones(session, today=today),
        "slipped": slipped,
        "slipped_total": slipped_total,
        "received": latest_received(session),
        "overdue": overdue_replies(session, today=today),
        "upcoming_days": UPCOMING_DAYS,
        "asks_per_status": ASKS_PER_STATUS,
    }
