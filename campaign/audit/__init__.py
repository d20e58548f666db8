"""The audit log: `record(kind, ...)` from anywhere; the admin-only page at /audit/."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")

from campaign.audit import views  # noqa: E402,F401
from campaign.audit.recording import record  # noqa: E402

__all__ = ["bp", "record"]
