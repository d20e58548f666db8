"""The Claims page's blueprint (`/claims/`). Kept apart from the engine's modules, which need no
Flask: `campaign.claims` hands it out only when asked for `bp`."""

from flask import Blueprint

bp = Blueprint("claims", __name__, url_prefix="/claims")

from campaign.claims import views  # noqa: E402,F401  (registers the routes)
