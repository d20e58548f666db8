"""The timeline: upcoming milestones first (soonest first), then past ones (latest first),
grouped by month, each with its asks, done mark, last move and reminders. Paged by windows of
whole months (`timeline_windows`): "Earlier" and "Later" pages.

A fixed number of queries whatever the number of milestones: the milestones per month (to
choose the page's months), the done ones hidden, the page's milestones and their selectin
loads (a page holds at most PAGE_SIZE milestones, unless a single month has more).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, func, select

from campaign.milestones import timeline_windows
from campaign.milestones.filters import TIMELINE_FILTERS, apply_filters
from campaign.milestones.schedule import ReminderPlan, reminder_plan
from campaign.milestones.services import countdown, is_slipped, is_upcoming, ordered_moves
from campaign.milestones.timeline_windows import Window, in_window, month_index, monthly_counts
from campaign.models import Ask, AskMilestone, DatePrecision, Milestone, MilestoneMove
from campaign.rendering import format_date


@dataclass(frozen=True)
class TimelineEntry:
    milestone: Milestone
    asks: list[Ask]
    last_move: MilestoneMove | None
    countdown: str | None = None  # upcoming only: 'in 12 days', 'in July 2026'
    reminders: ReminderPlan | None = None  # upcoming only
    slipped: bool = False  # past only: planned, its period over, not done (is_slipped)


@dataclass
class PeriodGroup:
    """Milestones in one month ('November 2026'); a year-only date has a group of its own
    ('2027'), since it cannot be placed in a month."""

    heading: str
    machine: str  # for <time datetime>: '2026-11' or '2027'
    entries: list[TimelineEntry] = field(default_factory=list)


@dataclass(frozen=True)
class Timeline:
    upcoming: list[PeriodGroup]
    past: list[PeriodGroup]
    done_hidden: int  # done milestones left out because "show done" is off
    window: Window  # the page's months, and the months for "Earlier" and "Later"

    @property
    def empty(self) -> bool:
        return not (self.upcoming or self.past)


def _period(milestone: Milestone) -> tuple[str, str]:
    when = milestone.milestone_date
    if milestone.date_precision == DatePrecision.YEAR:
        return str(when.year), f"{when.year:04d}"
    return format_date(when, DatePrecision.MONTH), f"{when.year:04d}-{when.month:02d}"


def _grouped(entries: list[TimelineEntry]) -> list[PeriodGroup]:
    groups: list[PeriodGroup] = []
    for entry in entries:
        heading, machine = _period(entry.milestone)
        if not groups or groups[-1].machine != machine:
            groups.append(PeriodGroup(heading, machine))
        groups[-1].entries.append(entry)
    return groups


def _entry(milestone: Milestone, **upcoming) -> TimelineEntry:
    asks = sorted(
        (link.ask for link in milestone.ask_links if link.ask.archived_at is None),
        key=lambda ask: ask.title.lower(),
    )
    moves = ordered_moves(milestone)
    return TimelineEntry(milestone, asks, moves[-1] if moves else None, **upcoming)


def build_timeline(
    session: Session,
    *,
    today: date,
    filters: Mapping[str, str],
    show_done: bool,
    default_offsets: str,
    start: int | None = None,
    end: int | None = None,
) -> Timeline:
    """`filters` holds the ask, organisation and kind filter values (`?ask=3`), as on the
    milestones list. `start` (`?from=`) or `end` (`?until=`), month indexes, choose the page;
    neither: the page around today's month (see `timeline_windows`)."""
    base = apply_filters(
        select(Milestone).where(col(Milestone.archived_at).is_(None)), TIMELINE_FILTERS, filters
    )
    done_hidden = 0
    if not show_done:
        done_hidden = session.exec(
            select(func.count()).select_from(
                base.where(col(Milestone.done_at).is_not(None)).subquery()
            )
        ).one()
        base = base.where(col(Milestone.done_at).is_(None))
    window = timeline_windows.choose_window(
        monthly_counts(session, base, today=today),
        today=month_index(today),
        start=start,
        end=end,
        size=timeline_windows.PAGE_SIZE,
    )
    milestones = session.exec(
        base.where(in_window(window, today=today))
        .options(
            selectinload(Milestone.organisation),
            selectinload(Milestone.ask_links).selectinload(AskMilestone.ask),
            selectinload(Milestone.moves),
        )
        .order_by(Milestone.milestone_date, Milestone.id)
    ).all()
    upcoming = [
        _entry(
            m,
            countdown=countdown(m, today),
            reminders=reminder_plan(m, default_offsets=default_offsets),
        )
        for m in milestones
        if is_upcoming(m, today)
    ]
    past = [
        _entry(m, slipped=is_slipped(m, today))
        for m in reversed(milestones)
        if not is_upcoming(m, today)
    ]
    return Timeline(_grouped(upcoming), _grouped(past), done_hidden, window)
