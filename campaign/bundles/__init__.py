"""Bundles: the whole campaign exported to, and imported from, one YAML file
(docs/bundles.md)."""

from flask import Blueprint

bp = Blueprint("bundles", __name__, url_prefix="/bundles")

from campaign.bundles import views  # noqa: E402,F401  (registers the routes)
