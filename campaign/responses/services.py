"""Responses: create, update, the positions they record on asks, and form choices."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlmodel import Session, col, select

from campaign.common.choices import active_rows
from campaign.common.keys import unique_key
from campaign.common.services import ServiceError, assign, rows_by_ids
from campaign.models import (
    Ask,
    AskTarget,
    Organisation,
    Position,
    Response,
    ResponseAsk,
    ResponseChannel,
    ResponseDirection,
)

FIELDS = (
    "title",
    "organisation_id",
    "response_date",
    "channel",
    "direction",
    "summary",
    "url",
    "reply_expected_by",
)


def position_asks(session: Session, *, response: Response | None = None) -> list[Ask]:
    """The asks the form offers a position row for: every ask not archived, ordered by title,
    plus any ask this response is already linked to (so editing never drops a link unseen)."""
    linked = [link.ask_id for link in response.ask_links] if response is not None else []
    return active_rows(session, Ask, Ask.title, keep=linked)


def ask_targets(session: Session, *, ask_id: int | None) -> list[Organisation]:
    """The organisations the ask targets, not archived, by name (one query): what the response
    form offers first when it is opened from that ask. None or an unknown ask: none."""
    if ask_id is None:
        return []
    query = (
        select(Organisation)
        .join(AskTarget, col(AskTarget.organisation_id) == col(Organisation.id))
        .where(AskTarget.ask_id == ask_id, col(Organisation.archived_at).is_(None))
    )
    return sorted(session.exec(query), key=lambda org: (org.name.casefold(), org.id))


def _normalise(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    clean = dict(data)
    clean["channel"] = ResponseChannel(data["channel"])
    clean["direction"] = ResponseDirection(data["direction"])
    org = session.get(Organisation, data.get("organisation_id") or 0)
    if org is None:
        raise ServiceError("Choose an existing organisation.", field="organisation_id")
    expected = data.get("reply_expected_by")
    if expected is not None:
        if clean["direction"] != ResponseDirection.SENT:
            raise ServiceError(
                "Only a sent item expects a reply: choose “Sent” or clear this date.",
                field="reply_expected_by",
            )
        if expected < data["response_date"]:
            raise ServiceError(
                "The reply cannot be expected before the date it was sent.",
                field="reply_expected_by",
            )
    return clean


def _wanted_positions(rows: Iterable[dict[str, Any]]) -> dict[int, tuple[Position, str]]:
    """{ask_id: (position, note)} for the rows that have a position; blank rows are skipped."""
    wanted: dict[int, tuple[Position, str]] = {}
    for row in rows:
        if not row.get("position"):
            continue
        ask_id = int(row["ask_id"])
        if ask_id in wanted:
            raise ServiceError("Each ask can have only one position.", field="positions")
        wanted[ask_id] = (Position(row["position"]), (row.get("note") or "").strip())
    return wanted


def set_positions(session: Session, response: Response, rows: Iterable[dict[str, Any]]) -> None:
    """Replace the response's ResponseAsk rows with the given {ask_id, position, note} rows."""
    wanted = _wanted_positions(rows)
    rows_by_ids(session, Ask, wanted)  # refuses unknown asks
    existing = {link.ask_id: link for link in response.ask_links}
    links = []
    for ask_id, (position, note) in wanted.items():
        link = existing.get(ask_id) or ResponseAsk(ask_id=ask_id)
        link.position = position
        link.note = note
        links.append(link)
    response.ask_links = links  # links left out are orphans: deleted on flush


def create_response(*, session: Session, data: dict[str, Any]) -> Response:
    clean = _normalise(session, data)
    response = Response(
        key=unique_key(session, Response, clean["title"]),
        title=clean["title"],
        organisation_id=clean["organisation_id"],
        response_date=clean["response_date"],
        channel=clean["channel"],
    )
    assign(response, clean, FIELDS)
    session.add(response)
    set_positions(session, response, data.get("positions") or [])
    session.flush()
    return response


def update_response(response: Response, *, session: Session, data: dict[str, Any]) -> None:
    clean = _normalise(session, data)
    assign(response, clean, FIELDS)
    set_positions(session, response, data.get("positions") or [])
    session.add(response)
    session.flush()
