from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from campaign.api import lookup, revisions, search, views, writes  # noqa: E402,F401  (routes)
