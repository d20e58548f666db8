from flask import Blueprint

bp = Blueprint("asks", __name__, url_prefix="/asks")

from campaign.asks import views  # noqa: E402,F401  (registers the routes)
