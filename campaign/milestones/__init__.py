from flask import Blueprint

bp = Blueprint("milestones", __name__, url_prefix="/milestones")

from campaign.milestones import views  # noqa: E402,F401  (registers the routes)
