"""Lines to take: the agreed words on a subject, for meetings, interviews and replies."""

from flask import Blueprint

bp = Blueprint("lines", __name__, url_prefix="/lines")

from campaign.lines import views  # noqa: E402,F401  (registers the routes)
