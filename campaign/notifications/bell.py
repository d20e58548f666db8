"""The bell on every page: a context processor offering the unread count, counted lazily (only
pages that show the bell ask) with one COUNT query per request."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.exc import SQLAlchemyError

from campaign.db import get_session
from campaign.notifications.services import unread_count


def unread_notification_count() -> int | None:
    """The unread count for this request; None if the database cannot answer (e.g. while
    rendering the error page of a failed request), so the error page still renders."""
    if "unread_notification_count" not in g:
        try:
            g.unread_notification_count = unread_count(get_session())
        except SQLAlchemyError:
            current_app.logger.warning("Could not count unread notifications", exc_info=True)
            g.unread_notification_count = None
    return g.unread_notification_count


def _bell_context() -> dict:
    return {"unread_notification_count": unread_notification_count}


def _forget_count() -> None:
    # An app context (and its `g`) can outlive one request, e.g. in tests: count afresh.
    g.pop("unread_notification_count", None)


def init_app(app: Flask) -> None:
    app.before_request(_forget_count)
    app.context_processor(_bell_context)
