"""The monitoring health page, /monitoring/: is every source being checked, what gaps there
were this week, and which watches are noisy (docs/monitoring.md, "Health and gaps")."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from werkzeug.routing import BuildError

from campaign import clock
from campaign.db import get_session
from campaign.monitoring import health

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring")


def _watch_url(key: str) -> str | None:
    """The watch's page, where the watches area provides one."""
    try:
        return url_for("watches.detail", ident=key)
    except BuildError:
        return None


@bp.get("/")
def index():
    session, now = get_session(), clock.now()
    return render_template(
        "monitoring/health.html",
        sources=health.source_health(session, now=now),
        watches=health.watch_noise(session, now=now),
        watch_url=_watch_url,
    )
