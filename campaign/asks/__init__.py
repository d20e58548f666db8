"""Asks: what the campaign wants each target to do, and everything behind it."""

from flask import Blueprint

bp = Blueprint("asks", __name__, url_prefix="/asks")

from campaign.asks import link_views, views  # noqa: E402,F401  (registers the routes)
