"""The response as a record (campaign.entities): what a target said or did, or what we sent
them, with the target's position on each ask as of that response."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy.orm import selectinload
from sqlmodel import func

from campaign import clock, signals
from campaign.common.forms import optional_int
from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, AskLinks, BundleSpec, Entity, SearchSpec
from campaign.entities.params import enum_param, keyed
from campaign.entities.public import (
    Json,
    api_url,
    iso,
    linked_asks,
    organisation_ref,
    tracking,
    value,
)
from campaign.models import (
    Organisation,
    Response,
    ResponseAsk,
    ResponseChannel,
    ResponseDirection,
)
from campaign.responses import services
from campaign.responses.forms import ResponseForm

TARGETS_LEGEND = "This ask’s targets: choose one, or type another organisation’s name above"


def _id_or_none(value):
    try:
        return optional_int(value)
    except ValueError:
        return None


def _new_response_defaults(session, form, ask_id: int | None) -> None:
    """A new response is dated today unless the address says otherwise; opened from an ask
    (`?ask_id=`), its organisation is the ask's one target, or it offers the ask's targets
    first when there are several (README "Logging a response", docs/choosers.md)."""
    targets = services.ask_targets(session, ask_id=ask_id)
    if not form.is_submitted():
        if form.response_date.data is None and not form.response_date.raw_data:
            form.response_date.data = clock.today()
        if len(targets) == 1 and form.organisation_id.data is None:
            form.organisation_id.data = targets[0].id
    if len(targets) > 1:
        form.organisation_id.offer(
            [(str(org.id), org.name) for org in targets], legend=TARGETS_LEGEND
        )


def prepare_form(session, form, obj):
    current = obj.organisation_id if obj is not None else None
    form.organisation_id.prepare(session, current=current)
    prefill = _id_or_none(request.args.get("ask_id")) if obj is None else None
    if obj is None:
        _new_response_defaults(session, form, prefill)
    asks = services.position_asks(session, response=obj)
    titles = {ask.id: f"{ask.title} (archived)" if ask.archived_at else ask.title for ask in asks}
    if not form.is_submitted():
        existing = {link.ask_id: link for link in obj.ask_links} if obj is not None else {}
        form.positions.entries = []
        form.positions.last_index = -1
        for ask in asks:
            link = existing.get(ask.id)
            position = link.position.value if link else ("no_position" if ask.id == prefill else "")
            form.positions.append_entry(
                {"ask_id": ask.id, "position": position, "note": link.note if link else ""}
            )
    for entry in form.positions.entries:
        entry.ask_title = titles.get(entry.form.ask_id.data, "Unknown ask")


def form_prefill(response) -> dict:
    """The positions the response records, by ask: its content as the API and revision
    history see it (the edit page then lists every ask, see `prepare_form`)."""
    links = sorted(response.ask_links, key=lambda link: link.ask_id)
    return {
        "positions": [
            {"ask_id": link.ask_id, "position": str(link.position), "note": link.note}
            for link in links
        ]
    }


def fields(response: Response) -> Json:
    return {
        "key": response.key,
        "title": response.title,
        "organisation": organisation_ref(response.organisation),
        "date": iso(response.response_date),
        "channel": value(response.channel),
        "direction": value(response.direction),
        "summary": response.summary,
        "url": response.url,
        "reply_expected_by": iso(response.reply_expected_by),
        **tracking(response),
        "api_url": api_url("api.response", key=response.key),
    }


def public(response: Response, **_: Any) -> Json:
    return {**fields(response), "asks": linked_asks(response.ask_links)}


ENTITY = Entity(
    name="response",
    search=SearchSpec(
        8, "title", ("summary",), via=[("responses", "id", "organisation_id", "organisation")]
    ),
    plural="responses",
    model=Response,
    form=ResponseForm,
    create=services.create_response,
    update=services.update_response,
    prepare_form=prepare_form,
    form_prefill=form_prefill,
    changed=signals.response_changed,
    api=ApiSpec(
        listing=ListSpec(
            model=Response,
            sorts={
                "date": Response.response_date,
                "title": func.lower(Response.title),
                "updated": Response.updated_at,
            },
            default_sort="-date",
            search=[Response.title],
            options=[
                selectinload(Response.organisation),
                selectinload(Response.ask_links).selectinload(ResponseAsk.ask),
            ],
        ),
        public=public,
        params=[
            keyed("organisation", Response.organisation_id, Organisation, "organisation with key"),
            enum_param("channel", Response.channel, ResponseChannel),
            enum_param("direction", Response.direction, ResponseDirection),
        ],
    ),
    ask_links=AskLinks(ResponseAsk, "response_id"),
    bundle=BundleSpec("responses", custom=True),
)
