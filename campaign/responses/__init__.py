from flask import Blueprint

bp = Blueprint("responses", __name__, url_prefix="/responses")

from campaign.responses import views  # noqa: E402,F401  (registers the routes)
