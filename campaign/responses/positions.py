"""Targets' positions on asks, derived from logged responses.

A position is recorded per (response, ask). An organisation's position can only come from what
it said or did: a response *received* from it. Our own letters and submissions to it record
our position, not its, so they never count as its position (`counts_as_position`, the one rule
the ask page, the dashboard, the API and briefing packs share). An organisation's *latest*
position on an ask is the one from its most recent such response (by response date, then by id
for same-day responses). Archived responses do not count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from campaign.models import Organisation, Position, Response, ResponseAsk, ResponseDirection


def counts_as_position():
    """The responses whose recorded positions are the organisation's own: received, not
    archived (a condition on `Response`, for any query that joins it)."""
    return (Response.direction == ResponseDirection.RECEIVED) & Response.archived_at.is_(None)


@dataclass(frozen=True)
class PositionEntry:
    ask_id: int
    organisation_id: int
    organisation_name: str
    position: Position
    note: str
    response_id: int
    response_title: str
    response_date: date


def position_history(session: Session, ask_ids: Iterable[int]) -> dict[int, list[PositionEntry]]:
    """Every position organisations took on each ask (`counts_as_position`), oldest first.
    One query for any number of asks."""
    ids = list(ask_ids)
    history: dict[int, list[PositionEntry]] = defaultdict(list)
    if not ids:
        return history
    # Plain columns, not ORM entities: the dashboard reads thousands of these at a time.
    rows = session.exec(
        select(
            ResponseAsk.ask_id,
            Organisation.id,
            Organisation.name,
            ResponseAsk.position,
            ResponseAsk.note,
            Response.id,
            Response.title,
            Response.response_date,
        )
        .join(Response, Response.id == ResponseAsk.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(ResponseAsk.ask_id.in_(ids), counts_as_position())
        .order_by(Response.response_date, Response.id)
    ).all()
    for row in rows:
        history[row[0]].append(PositionEntry(*row))
    return history


def latest_positions(
    session: Session, ask_ids: Iterable[int]
) -> dict[int, dict[int, PositionEntry]]:
    """{ask_id: {organisation_id: latest PositionEntry}} for the given asks, in one query."""
    return latest_of(position_history(session, ask_ids))


def latest_of(history: dict[int, list[PositionEntry]]) -> dict[int, dict[int, PositionEntry]]:
    """The latest entry per organisation from a `position_history` result (no query)."""
    latest: dict[int, dict[int, PositionEntry]] = defaultdict(dict)
    for ask_id, entries in history.items():
        for entry in entries:  # oldest first, so later entries overwrite earlier ones
            latest[ask_id][entry.organisation_id] = entry
    return latest
