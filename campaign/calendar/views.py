"""Thin views: check the token, build the document, send it; the page of subscription URLs."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from campaign import clock
from campaign.calendar import bp, services, tokens
from campaign.common.archive import get_or_404
from campaign.db import get_session
from campaign.models import Milestone


def _settings() -> services.FeedSettings:
    return services.FeedSettings.from_config(current_app.config)


def _calendar_response(body: bytes, *, disposition: str) -> Response:
    return Response(
        body,
        content_type="text/calendar; charset=utf-8",
        headers={
            "Content-Disposition": disposition,
            "Cache-Control": "private, max-age=300",
            "X-Robots-Tag": "noindex",
        },
    )


@bp.get("/calendar.ics")
def feed():
    # 404, not 403, for a missing or wrong token: the feed's existence is not revealed.
    session = get_session()
    if not tokens.token_matches(session, request.args.get("token")):
        abort(404)
    ask = None
    if "ask" in request.args:
        ask = services.find_ask(session, request.args["ask"])
        if ask is None:
            abort(404)
    body = services.feed_document(session, _settings(), stamp=clock.now(), ask=ask)
    return _calendar_response(body, disposition='inline; filename="campaign.ics"')


@bp.get("/calendar/milestones/<int:ident>.ics")
def milestone_event(ident: int):
    milestone = get_or_404(get_session(), Milestone, ident)
    body = services.event_document(milestone, _settings(), stamp=clock.now())
    filename = services.event_filename(milestone)
    return _calendar_response(body, disposition=f'attachment; filename="{filename}"')


@bp.get("/calendar/")
def index():
    session = get_session()
    settings = _settings()
    token = tokens.ensure_token(session)
    asks = services.feed_asks(session)
    return render_template(
        "calendar/index.html",
        feed_url=settings.feed_url(token),
        webcal_url=settings.webcal_url(token),
        base_url=settings.base_url,
        ask_feeds=[(ask, settings.feed_url(token, ask.slug)) for ask in asks],
        default_offsets=services.describe_offsets(settings.default_offsets),
        reminder_hour=settings.reminder_hour,
    )


@bp.post("/calendar/regenerate")
def regenerate():
    tokens.regenerate_token(get_session())
    flash(
        "Made a new calendar link. The old link has stopped working: every calendar that "
        "subscribed to it must subscribe again with the new one.",
        "warning",
    )
    return redirect(url_for("calendar.index"))
