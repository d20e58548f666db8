"""Thin views: the notifications list; mark one, or all, read (POST + CSRF)."""

from flask import current_app, flash, redirect, render_template, request, url_for

from campaign import clock
from campaign.common.archive import get_or_404
from campaign.common.listing import page_number
from campaign.db import get_session
from campaign.models import Notification
from campaign.notifications import bp, services


def _page_number(value: str | None) -> int:
    return page_number(value)  # a huge number is held to MAX_PAGE, not an OFFSET overflow


def _back(page: int):
    return redirect(url_for("notifications.index", page=page if page > 1 else None))


@bp.get("/")
def index():
    page = services.notifications_page(
        get_session(),
        page=_page_number(request.args.get("page")),
        per_page=current_app.config["PER_PAGE"],
    )
    return render_template("notifications/index.html", page=page, safe_link=services.safe_link)


@bp.post("/<int:ident>/read")
def read(ident: int):
    session = get_session()
    services.mark_read(get_or_404(session, Notification, ident), session=session, now=clock.now())
    return _back(_page_number(request.args.get("page")))


@bp.post("/read-all")
def read_all():
    count = services.mark_all_read(session=get_session(), now=clock.now())
    flash(f"Marked {count} notification{'s' if count != 1 else ''} as read.", "success")
    return _back(_page_number(request.args.get("page")))
