"""Replies to what we sent: is a sent item still awaiting a reply, and which one answered it?

A sent item (our letter or submission) counts as replied once the same organisation has a
received response dated on or after the sent date. Archived responses do not count. The SQL
conditions here are shared by the responses list, the response page and the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from campaign.models import Response, ResponseDirection


def replied_condition(sent=Response):
    """True when `sent` (Response or an alias of it) has a received reply on or after its date."""
    reply = aliased(Response, name="reply")
    return exists().where(
        reply.organisation_id == sent.organisation_id,
        reply.direction == ResponseDirection.RECEIVED,
        reply.response_date >= sent.response_date,
        reply.archived_at.is_(None),
        reply.id != sent.id,
    )


def awaiting_reply_condition(sent=Response):
    """Sent, with a reply expected by some date, and no reply logged yet."""
    return and_(
        sent.direction == ResponseDirection.SENT,
        sent.reply_expected_by.is_not(None),
        ~replied_condition(sent),
    )


def overdue_condition(today: date, sent=Response):
    """Awaiting a reply that was expected before `today`."""
    return and_(awaiting_reply_condition(sent), sent.reply_expected_by < today)


def first_reply(session: Session, sent: Response) -> Response | None:
    """The first received response from the same organisation on or after the sent date."""
    return session.exec(
        select(Response)
        .where(
            Response.organisation_id == sent.organisation_id,
            Response.direction == ResponseDirection.RECEIVED,
            Response.response_date >= sent.response_date,
            col(Response.archived_at).is_(None),
            Response.id != sent.id,
        )
        .order_by(col(Response.response_date), col(Response.id))
        .limit(1)
    ).first()


@dataclass(frozen=True)
class ReplyStatus:
    expected_by: date | None
    reply: Response | None
    overdue: bool
    days_overdue: int


def reply_status(session: Session, sent: Response, *, today: date) -> ReplyStatus | None:
    """Where a sent item stands; None for received responses."""
    if sent.direction != ResponseDirection.SENT:
        return None
    reply = first_reply(session, sent)
    expected = sent.reply_expected_by
    late = (today - expected).days if reply is None and expected is not None else 0
    return ReplyStatus(
        expected_by=expected, reply=reply, overdue=late > 0, days_overdue=max(late, 0)
    )
