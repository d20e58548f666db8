"""What a reader of the ask page needs first: the three headline figures, the next milestone
and the open follow-ups (our letters still awaiting a reply). Built from the loaded `AskPage`
plus one query for the follow-ups, so the page's query count does not grow with the ask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from campaign.asks.page import AskPage
from campaign.milestones.services import is_upcoming
from campaign.models import (
    Ask,
    AskStatistic,
    DatePrecision,
    Milestone,
    Organisation,
    Response,
    ResponseAsk,
)
from campaign.models.precise_dates import period_end
from campaign.responses.replies import awaiting_reply_condition

HEADLINE_FIGURES = 3

# A day before a month before a year ending the same day (as the dashboard's "Coming up").
_PRECISION_ORDER = {DatePrecision.DAY: 0, DatePrecision.MONTH: 1, DatePrecision.YEAR: 2}


@dataclass(frozen=True)
class FollowUp:
    """Something we sent about this ask that still awaits a reply."""

    response: Response
    organisation: Organisation
    expected_by: date
    days_overdue: int


@dataclass
class Glance:
    headline: list[AskStatistic]
    next_milestone: Milestone | None
    follow_ups: list[FollowUp]


def headline_figures(page: AskPage) -> list[AskStatistic]:
    """The first three live statistics in the ask's chosen order."""
    live = [link for link in page.statistic_links if not link.statistic.is_archived]
    return live[:HEADLINE_FIGURES]


def next_milestone(page: AskPage, *, today: date) -> Milestone | None:
    """The linked milestone coming up first that is not done or archived; a month or year
    milestone counts until its period is over and sorts by the period's end."""
    coming = [
        link.milestone
        for link in page.milestone_links
        if link.milestone.archived_at is None
        and link.milestone.done_at is None
        and is_upcoming(link.milestone, today)
    ]
    if not coming:
        return None
    return min(
        coming,
        key=lambda m: (
            period_end(m.milestone_date, m.date_precision),
            _PRECISION_ORDER[m.date_precision],
            m.id,
        ),
    )


def open_follow_ups(session: Session, *, ask: Ask, today: date) -> list[FollowUp]:
    """Sent items bearing on the ask that await a reply (`responses.replies`), the reply due
    soonest first. One query."""
    rows = session.exec(
        select(Response, Organisation)
        .join(ResponseAsk, col(ResponseAsk.response_id) == col(Response.id))
        .join(Organisation, col(Organisation.id) == col(Response.organisation_id))
        .where(
            col(ResponseAsk.ask_id) == ask.id,
            col(Response.archived_at).is_(None),
            awaiting_reply_condition(),
        )
        .order_by(col(Response.reply_expected_by), col(Response.id))
    ).all()
    return [
        FollowUp(response, org, expected, max(0, (today - expected).days))
        for response, org in rows
        if (expected := response.reply_expected_by) is not None  # always, by the condition
    ]


def glance(session: Session, *, page: AskPage, ask: Ask, today: date) -> Glance:
    return Glance(
        headline=headline_figures(page),
        next_milestone=next_milestone(page, today=today),
        follow_ups=open_follow_ups(session, ask=ask, today=today),
    )
