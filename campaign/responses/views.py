"""Responses: what targets said or did, and what we sent them, with positions per ask."""

from sqlalchemy import false, func
from sqlalchemy.orm import selectinload
from sqlmodel import select

from campaign import clock
from campaign.asks import services as asks
from campaign.common.listing import Filter, ListSpec, enum_filter, id_filter, linked_filter
from campaign.crud import Column, EntityViews
from campaign.models import (
    Organisation,
    Response,
    ResponseAsk,
    ResponseChannel,
    ResponseDirection,
)
from campaign.organisations import services as organisations
from campaign.rendering import format_date
from campaign.responses import bp, replies
from campaign.responses.entity import ENTITY


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
    form_template="responses/form.html",
    fields_template="responses/_fields.html",
    blueprint=bp,
    entity=ENTITY,
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
    detail_template="responses/detail.html",
    detail_context=_detail_context,
)
views.register()
