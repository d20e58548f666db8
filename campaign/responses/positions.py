"""Targets' positions on asks, derived from logged responses.

A position is recorded per (response, ask). An organisation's position can only come from what
it said or did: a response *received* from it. Our own letters and submissions to it record
our position, not its, so they never count as its position (`counts_as_position`, the one rule
the ask page, the dashboard, the API and briefing packs share). An organisation's *latest*
position on an ask is the one from its most recent such response (by response date, then by id
for same-day responses). Archived responses do not count.

Everything that shows positions uses these: the ask page and the API (`position_history`,
`latest_positions`), the dashboard (its own SQL window over `counts_as_position`, so it reads
only the latest rows) and briefing packs (which load responses with their channels once for
the timeline, then take `their_position` and `latest_by` of the ones an external pack may
show).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from sqlmodel import Session, select

from campaign.models import Organisation, Position, Response, ResponseAsk, ResponseDirection


def counts_as_position():
    """The responses whose recorded positions are the organisation's own: received, not
    archived (a condition on `Response`, for any query that joins it)."""
    return (Response.direction == ResponseDirection.RECEIVED) & Response.archived_at.is_(None)


def their_position(direction: ResponseDirection) -> bool:
    """`counts_as_position` for a response already loaded (its archived ones left out)."""
    return direction is ResponseDirection.RECEIVED


# Positions in the order they were taken: by response date, then by id for same-day ones.
OLDEST_FIRST = (Response.response_date, Response.id)

_Entry = TypeVar("_Entry")
_Key = TypeVar("_Key", bound=Hashable)


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
        .order_by(*OLDEST_FIRST)
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
        latest[ask_id] = latest_by(entries, lambda entry: entry.organisation_id)
    return latest


def latest_by(entries: Iterable[_Entry], key: Callable[[_Entry], _Key]) -> dict[_Key, _Entry]:
    """The latest of `entries` (given oldest first, OLDEST_FIRST) for each `key(entry)`: each
    organisation's latest position. No query."""
    latest: dict[_Key, _Entry] = {}
    for entry in entries:  # oldest first, so later entries overwrite earlier ones
        latest[key(entry)] = entry
    return latest
