"""Each target's latest position on each ask, computed in SQL.

The latest position of an organisation on an ask is the one from its most recent response (by
response date, then by id for same-day responses; only received, unarchived responses count),
as in `campaign.responses.positions`. Here the database picks it with a window function
(`ROW_NUMBER() OVER (PARTITION BY ask, organisation ORDER BY date DESC, id DESC)`), for the
asks' *targets* only, so the dashboard reads one row per (ask, target) instead of every
position ever logged. Window functions are in SQLite from 3.25.0
(https://www.sqlite.org/windowfunctions.html) and in PostgreSQL
(https://www.postgresql.org/docs/15/functions-window.html).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlmodel import Session, and_, func, select

from campaign.models import AskTarget, Organisation, Response, ResponseAsk
from campaign.responses.positions import PositionEntry, counts_as_position


def latest_target_positions(
    session: Session, ask_ids: Iterable[int]
) -> dict[int, dict[int, PositionEntry]]:
    """{ask_id: {organisation_id: latest PositionEntry}} for the targets of the given asks.
    One query for any number of asks."""
    ids = list(ask_ids)
    latest: dict[int, dict[int, PositionEntry]] = defaultdict(dict)
    if not ids:
        return latest
    rank = (
        func.row_number()
        .over(
            partition_by=(ResponseAsk.ask_id, Response.organisation_id),
            order_by=(Response.response_date.desc(), Response.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(
            ResponseAsk.ask_id,
            Response.organisation_id,
            ResponseAsk.position,
            ResponseAsk.note,
            Response.id.label("response_id"),
            Response.title,
            Response.response_date,
            rank,
        )
        .join(Response, Response.id == ResponseAsk.response_id)
        .join(
            AskTarget,
            and_(
                AskTarget.ask_id == ResponseAsk.ask_id,
                AskTarget.organisation_id == Response.organisation_id,
            ),
        )
        .where(ResponseAsk.ask_id.in_(ids), counts_as_position())
        .subquery()
    )
    rows = session.exec(
        select(
            ranked.c.ask_id,
            ranked.c.organisation_id,
            Organisation.name,
            ranked.c.position,
            ranked.c.note,
            ranked.c.response_id,
            ranked.c.title,
            ranked.c.response_date,
        )
        .join(Organisation, Organisation.id == ranked.c.organisation_id)
        .where(ranked.c.rank == 1)
    ).all()
    for row in rows:
        latest[row[0]][row[1]] = PositionEntry(*row)
    return latest
