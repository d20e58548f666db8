from flask import Blueprint

# Commitments (issue 18): pages under /commitments/, described in campaign/commitments/entity.py.
bp = Blueprint("commitments", __name__, url_prefix="/commitments")

from campaign.commitments import views  # noqa: E402,F401  (registers the routes)
