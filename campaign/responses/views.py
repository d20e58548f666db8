"""Responses: what targets said or did, and what we sent them, with positions per ask."""

from flask import request
from sqlalchemy import false, func
from sqlalchemy.orm import selectinload
from sqlmodel import select

from campaign import clock, signals
from campaign.asks import services as asks
from campaign.common.crud_views import Column, EntityViews
from campaign.common.forms import optional_int
from campaign.common.listing import Filter, ListSpec, enum_filter, id_filter, linked_filter
from campaign.models import (
    Organisation,
    Response,
    ResponseAsk,
    ResponseChannel,
    ResponseDirection,
)
from campaign.organisations import services as organisations
from campaign.rendering import format_date
from campaign.responses import bp, replies, services
from campaign.responses.forms import ResponseForm


def _id_or_none(value):
    try:
        return optional_int(value)
    except ValueError:
        return None


def _prepare_form(session, form, obj):
    current = obj.organisation_id if obj is not None else None
    form.organisation_id.prepare(session, current=current)
    asks = services.position_asks(session, response=obj)
    titles = {ask.id: f"{ask.title} (archived)" if ask.archived_at else ask.title for ask in asks}
    if not form.is_submitted():
        existing = {link.ask_id: link for link in obj.ask_links} if obj is not None else {}
        prefill = _id_or_none(request.args.get("ask_id")) if obj is None else None
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


def _form_prefill(response) -> dict:
    """The positions the response records, by ask: its content as the API and revision
    history see it (the edit page then lists every ask, see `_prepare_form`)."""
    links = sorted(response.ask_links, key=lambda link: link.ask_id)
    return {
        "positions": [
            {"ask_id": link.ask_id, "position": str(link.position), "note": link.note}
            for link in links
        ]
    }


def _detail_context(session, response):
    links = sorted(response.ask_links, key=lambda link: (link.ask.title.lower(), link.ask_id))
    status = replies.reply_status(session, response, today=clock.today())
    return {"links": links, "reply": status}


def _by_reply(query, value):
    if value == "awaiting":
        return query.where(replies.awaiting_reply_condition())
    if value == "overdue":
        return query.where(replies.overdue_condition(clock.today()))
    return query.where(false())


_organisation_name = (
    select(func.lower(Organisation.name))
    .where(Organisation.id == Response.organisation_id)
    .scalar_subquery()
)


def _ask_titles(response):
    return ", ".join(
        sorted(link.ask.title for link in response.ask_links if link.ask.archived_at is None)
    )


views = EntityViews(
    changed=signals.response_changed,
    form_template="responses/form.html",
    fields_template="responses/_fields.html",
    blueprint=bp,
    model=Response,
    singular="response",
    plural="responses",
    form=ResponseForm,
    listing=ListSpec(
        model=Response,
        sorts={"date": Response.response_date, "organisation": _organisation_name},
        default_sort="-date",
        search=[Response.title, Response.summary],
        filters=[
            id_filter(
                "organisation",
                "Organisation",
                Response.organisation_id,
                chooser=organisations.CHOOSER,
            ),
            enum_filter("channel", "Channel", Response.channel, ResponseChannel),
            enum_filter("direction", "Direction", Response.direction, ResponseDirection),
            linked_filter(
                "ask",
                "Ask",
                Response.id,
                ResponseAsk.response_id,
                ResponseAsk.ask_id,
                chooser=asks.CHOOSER,
            ),
            Filter(
                "reply",
                "Reply",
                lambda session: [("awaiting", "Awaiting reply"), ("overdue", "Reply overdue")],
                _by_reply,
            ),
        ],
        options=[
            selectinload(Response.organisation),
            selectinload(Response.ask_links).selectinload(ResponseAsk.ask),
        ],
    ),
    columns=[
        Column("Date", lambda r: format_date(r.response_date), sort="date"),
        Column("Title", lambda r: r.title, link=True),
        Column("Organisation", lambda r: r.organisation.name, sort="organisation"),
        Column("Channel", lambda r: r.channel.label),
        Column("Direction", lambda r: r.direction.label),
        Column("Asks", _ask_titles),
        Column("Reply expected by", lambda r: format_date(r.reply_expected_by)),
    ],
    create=services.create_response,
    update=services.update_response,
    detail_template="responses/detail.html",
    detail_context=_detail_context,
    prepare_form=_prepare_form,
    form_prefill=_form_prefill,
)
views.register()
