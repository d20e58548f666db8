from flask import Blueprint

bp = Blueprint("evidence", __name__, url_prefix="/evidence")

from campaign.evidence import views  # noqa: E402,F401  (registers the routes)
