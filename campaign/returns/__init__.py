"""FOI returns: per-force tables imported from CSV or XLSX, kept row by row, and the audited
statistics they add up to (docs/returns.md)."""

from flask import Blueprint

bp = Blueprint("returns", __name__, url_prefix="/returns")

from campaign.returns import views  # noqa: E402,F401  (registers the routes)
