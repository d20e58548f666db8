"""Organisations: the targets and stakeholders of the campaign."""

from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisations")

from campaign.organisations import views  # noqa: E402,F401  (registers the routes)
