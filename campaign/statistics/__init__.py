from flask import Blueprint

bp = Blueprint("statistics", __name__, url_prefix="/statistics")

from campaign.statistics import views  # noqa: E402,F401  (registers the routes)
