from flask import Blueprint

bp = Blueprint("sources", __name__, url_prefix="/sources")

from campaign.sources import views  # noqa: E402,F401  (registers the routes)
