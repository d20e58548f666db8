"""Watches (issue 19): what the monitoring inbox looks for, for an ask, a person or an
organisation; pages under /watches/, described in campaign/watches/entity.py."""

from flask import Blueprint

bp = Blueprint("watches", __name__, url_prefix="/watches")

from campaign.watches import views  # noqa: E402,F401  (registers the routes)
