"""Targets' positions on asks, derived from logged responses.

A position is recorded per (response, ask). An organisation's *latest* position on an ask is
the one from its most recent response (by response date, then by id for same-day responses).
Archived responses do not count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from campaign.models import Organisation, Position, Response, ResponseAsk


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
    """Every position taken on each ask, oldest first. One query for any number of asks."""
    ids = list(ask_ids)
    history: dict[int, list[PositionEntry]] = defaultdict(list)
    if not ids:
        return history
    rows = session.exec(
        select(ResponseAsk, Response, Organisation)
        .join(Response, Response.id == ResponseAsk.response_id)
        .join(Organisation, Organisation.id == Response.organisation_id)
        .where(ResponseAsk.ask_id.in_(ids), Response.archived_at.is_(None))
        .order_by(Response.response_date, Response.id)
    ).all()
    for link, response, org in rows:
        history[link.ask_id].append(
            PositionEntry(
                ask_id=link.ask_id,
                organisation_id=org.id,
                organisation_name=org.name,
                position=link.position,
                note=link.note,
                response_id=response.id,
                response_title=response.title,
                response_date=response.response_date,
            )
        )
    return history


def latest_positions(
    session: Session, ask_ids: Iterable[int]
) -> dict[int, dict[int, PositionEntry]]:
    """{ask_id: {organisation_id: latest PositionEntry}} for the given asks, in one query."""
    latest: dict[int, dict[int, PositionEntry]] = defaultdict(dict)
    for ask_id, entries in position_history(session, ask_ids).items():
        for entry in entries:  # oldest first, so later entries overwrite earlier ones
            latest[ask_id][entry.organisation_id] = entry
    return latest
