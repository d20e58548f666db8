"""What the reminder engine needs to know about milestones and sent responses, loaded in bulk.

Plain named tuples rather than ORM objects: a pass over thousands of milestones reads them in
two queries per 500 (the rows, then their linked asks), never one query per milestone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from campaign.models import (
    Ask,
    AskMilestone,
    DatePrecision,
    Milestone,
    MilestoneKind,
    Organisation,
    Response,
    ResponseAsk,
    ResponseDirection,
)

CHUNK = 500  # ids per IN (...) list: well inside SQLite's and PostgreSQL's parameter limits


class AskFacts(NamedTuple):
    title: str
    slug: str
    owner_email: str | None


class MilestoneFacts(NamedTuple):
    id: int
    title: str
    milestone_date: date
    date_precision: DatePrecision
    kind: MilestoneKind
    organisation: str | None
    reminder_offsets: str | None
    reminder_recipients: str
    archived: bool
    done: bool
    asks: tuple[AskFacts, ...] = ()

    @property
    def why_no_reminders(self) -> str | None:
        """None when the milestone gets reminders at all; otherwise the reason, for notes."""
        if self.archived:
            return "the milestone was archived"
        if self.done:
            return "the milestone was marked done"
        if self.date_precision != DatePrecision.DAY:
            # "July 2026" has no day to count back from: only day-precision dates get reminders.
            return f"the milestone's date is only known to the {self.date_precision.value}"
        return None


class ResponseFacts(NamedTuple):
    id: int
    title: str
    organisation_id: int
    organisation: str
    response_date: date
    direction: ResponseDirection
    reply_expected_by: date | None
    archived: bool
    asks: tuple[AskFacts, ...] = ()

    @property
    def why_no_follow_up(self) -> str | None:
        if self.archived:
            return "the response was archived"
        if self.direction != ResponseDirection.SENT:
            return "the response is not one we sent"
        if self.reply_expected_by is None:
            return "no reply date is expected any more"
        return None


def chunks(values: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    batch: list[int] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _select(session: Session, query, id_column, ids: Iterable[int] | None) -> list:
    run = session.connection().execute
    if ids is None:
        return list(run(query))
    return [row for batch in chunks(ids) for row in run(query.where(id_column.in_(batch)))]


def live_milestone_conditions():
    """Milestones that can have reminders: not archived, not done, dated to the day."""
    return (
        col(Milestone.archived_at).is_(None),
        col(Milestone.done_at).is_(None),
        Milestone.date_precision == DatePrecision.DAY,
    )


def load_milestones(
    session: Session,
    *,
    ids: Iterable[int] | None = None,
    where: Iterable = (),
    with_asks: bool = True,
) -> dict[int, MilestoneFacts]:
    """Milestones by id, selected by `ids` and/or SQL conditions, with their active linked
    asks (title order) when `with_asks`."""
    query = select(
        Milestone.id,
        Milestone.title,
        Milestone.milestone_date,
        Milestone.date_precision,
        Milestone.kind,
        Organisation.name,
        Milestone.reminder_offsets,
        Milestone.reminder_recipients,
        Milestone.archived_at,
        Milestone.done_at,
    ).outerjoin(Organisation, Organisation.id == Milestone.organisation_id)
    query = query.where(*where)
    rows = _select(session, query, Milestone.id, ids)
    asks = _milestone_asks(session, [row[0] for row in rows]) if with_asks else {}
    return {
        row[0]: MilestoneFacts(
            id=row[0],
            title=row[1],
            milestone_date=row[2],
            date_precision=row[3],
            kind=row[4],
            organisation=row[5],
            reminder_offsets=row[6],
            reminder_recipients=row[7] or "",
            archived=row[8] is not None,
            done=row[9] is not None,
            asks=tuple(asks.get(row[0], ())),
        )
        for row in rows
    }


def with_asks(session: Session, milestones: Iterable[MilestoneFacts]) -> dict[int, MilestoneFacts]:
    """The same milestones with their linked asks loaded (one query per 500)."""
    chosen = {m.id: m for m in milestones}
    asks = _milestone_asks(session, list(chosen))
    return {ident: m._replace(asks=tuple(asks.get(ident, ()))) for ident, m in chosen.items()}


def _milestone_asks(session: Session, milestone_ids: list[int]) -> dict[int, list[AskFacts]]:
    found: dict[int, list[AskFacts]] = defaultdict(list)
    for batch in chunks(milestone_ids):
        rows = session.connection().execute(
            select(AskMilestone.milestone_id, Ask.title, Ask.slug, Ask.owner_email)
            .join(Ask, Ask.id == AskMilestone.ask_id)
            .where(col(AskMilestone.milestone_id).in_(batch), col(Ask.archived_at).is_(None))
            .order_by(func.lower(Ask.title), Ask.id)
        )
        for milestone_id, title, slug, owner_email in rows:
            found[milestone_id].append(AskFacts(title, slug, owner_email))
    return found


def load_responses(
    session: Session,
    *,
    ids: Iterable[int] | None = None,
    where: Iterable = (),
    with_asks: bool = True,
) -> dict[int, ResponseFacts]:
    """Responses by id, with the asks they bear on (whose owners get the follow-up) when
    `with_asks`."""
    query = (
        select(
            Response.id,
            Response.title,
            Response.organisation_id,
            Organisation.name,
            Response.response_date,
            Response.direction,
            Response.reply_expected_by,
            Response.archived_at,
        )
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(*where)
    )
    rows = _select(session, query, Response.id, ids)
    asks: dict[int, list[AskFacts]] = defaultdict(list)
    for batch in chunks(row[0] for row in rows) if with_asks else ():
        for response_id, title, slug, owner_email in session.connection().execute(
            select(ResponseAsk.response_id, Ask.title, Ask.slug, Ask.owner_email)
            .join(Ask, Ask.id == ResponseAsk.ask_id)
            .where(col(ResponseAsk.response_id).in_(batch), col(Ask.archived_at).is_(None))
            .order_by(func.lower(Ask.title), Ask.id)
        ):
            asks[response_id].append(AskFacts(title, slug, owner_email))
    return {
        row[0]: ResponseFacts(
            id=row[0],
            title=row[1],
            organisation_id=row[2],
            organisation=row[3],
            response_date=row[4],
            direction=row[5],
            reply_expected_by=row[6],
            archived=row[7] is not None,
            asks=tuple(asks.get(row[0], ())),
        )
        for row in rows
    }
