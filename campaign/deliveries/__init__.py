"""The delivery log: every reminder the engine has claimed, sent, failed or missed. Read-only:
failed deliveries are retried automatically."""

from flask import Blueprint

bp = Blueprint("deliveries", __name__, url_prefix="/deliveries")

from campaign.deliveries import views  # noqa: E402,F401  (registers the routes)
