from flask import Blueprint

bp = Blueprint("milestones", __name__, url_prefix="/milestones")

# Importing the view modules registers the routes.
from campaign.milestones import action_views, timeline_views, views  # noqa: E402,F401
