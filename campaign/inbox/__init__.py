from flask import Blueprint

# The monitoring inbox (issue 19): what the watches found, and triage in one step.
bp = Blueprint("inbox", __name__, url_prefix="/inbox")

from campaign.inbox import api, triage_views, views  # noqa: E402,F401  (registers the routes)
