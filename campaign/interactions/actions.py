"""What is done on an interaction's page besides editing it: its follow-up actions (add, mark
done, reopen) and turning it into a Response."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session

from campaign import clock
from campaign.common.formdata import to_formdata
from campaign.common.services import ServiceError
from campaign.models import (
    FollowUpAction,
    Interaction,
    InteractionKind,
    Organisation,
    Response,
    ResponseChannel,
    ResponseDirection,
    User,
)
from campaign.responses.entity import ENTITY as RESPONSE

# -- follow-up actions ---------------------------------------------------------------------


def add_action(
    interaction: Interaction,
    *,
    session: Session,
    description: str,
    owner_id: int | None,
    due_on: date | None,
) -> FollowUpAction:
    owner = session.get(User, owner_id) if owner_id is not None else None
    if owner is None or not owner.is_active:
        raise ServiceError("Choose the owner among the active users.", field="owner_id")
    if interaction.id is None:
        raise ValueError("save the interaction before adding an action")
    action = FollowUpAction(
        interaction_id=interaction.id, description=description, owner_id=owner.id, due_on=due_on
    )
    session.add(action)
    session.flush()
    session.refresh(interaction, ["actions"])
    return action


def mark_done(action: FollowUpAction, *, session: Session) -> None:
    """Done now (the clock's time); done already: unchanged."""
    if action.done_at is None:
        action.done_at = clock.now()
        session.add(action)
        session.flush()


def reopen(action: FollowUpAction, *, session: Session) -> None:
    action.done_at = None
    session.add(action)
    session.flush()


# -- turning it into a Response ------------------------------------------------------------

# Every channel these map to is private: a response made from an interaction never reaches an
# external briefing pack unless someone chooses a public channel on its edit page.
CHANNELS = {
    InteractionKind.MEETING: ResponseChannel.MEETING,
    InteractionKind.CALL: ResponseChannel.MEETING,
    InteractionKind.EMAIL: ResponseChannel.LETTER,
    InteractionKind.EVENT: ResponseChannel.OTHER,
    InteractionKind.LETTER_SENT: ResponseChannel.LETTER,
    InteractionKind.LETTER_RECEIVED: ResponseChannel.LETTER,
}
NO_ORGANISATION = (
    "This interaction has no organisation: add the organisation it was with, then record it "
    "as a response."
)


def response_values(interaction: Interaction, organisation: Organisation) -> dict[str, Any]:
    """The response form's values for `interaction` with `organisation`: its title, UK day,
    channel by its kind, direction (a letter we sent is sent, all else received), summary, and
    each ask discussed at "no position" with the outcome as the note."""
    kind = InteractionKind(interaction.kind)
    direction = (
        ResponseDirection.SENT
        if kind == InteractionKind.LETTER_SENT
        else ResponseDirection.RECEIVED
    )
    links = sorted(interaction.ask_links, key=lambda link: link.ask_id)
    return {
        "title": interaction.title,
        "organisation_id": organisation.id,
        "response_date": interaction.occurred_at.astimezone(clock.UK).date().isoformat(),
        "channel": CHANNELS[kind].value,
        "direction": direction.value,
        "summary": interaction.summary,
        "url": "",
        "positions": [
            {"ask_id": link.ask_id, "position": "no_position", "note": link.outcome}
            for link in links
        ],
    }


def record_as_response(
    interaction: Interaction, *, session: Session, organisation_id: int | None = None
) -> Response:
    """Make a Response from the interaction through the response's own form and service (so
    it is checked as a typed one would be), and link it (`interaction.response_id`).
    `organisation_id` chooses among several organisations; with one it may be left out."""
    if interaction.response_id is not None:
        raise ServiceError("This interaction is already recorded as a response.")
    organisations = [org for org in interaction.organisations if org.archived_at is None]
    if not organisations:
        raise ServiceError(NO_ORGANISATION, field="organisation_id")
    if organisation_id is None and len(organisations) == 1:
        organisation_id = organisations[0].id
    chosen = next((org for org in organisations if org.id == organisation_id), None)
    if chosen is None:
        raise ServiceError(
            "Choose one of the interaction’s organisations.", field="organisation_id"
        )
    form = RESPONSE.bound_form(session, None, to_formdata(response_values(interaction, chosen)))
    if form.errors:
        shown = "; ".join(
            f"{name}: {' '.join(map(str, msgs))}" for name, msgs in form.errors.items()
        )
        raise ServiceError(f"The response could not be made from this interaction ({shown}).")
    response = RESPONSE.create(session=session, data=form.data)
    interaction.response_id = response.id
    session.add(interaction)
    session.flush()
    return response
