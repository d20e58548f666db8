"""In-app notifications: the bell with its unread count, and the list of notifications."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

from campaign.notifications import views  # noqa: E402,F401  (registers the routes)
