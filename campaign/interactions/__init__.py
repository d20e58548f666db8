from flask import Blueprint

# Interactions (issue 18): pages under /interactions/, described in campaign/interactions/entity.py.
bp = Blueprint("interactions", __name__, url_prefix="/interactions")

from campaign.interactions import views  # noqa: E402,F401  (registers the routes)
