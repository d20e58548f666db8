"""The monitoring health page, /monitoring/: is every source being checked, what gaps there
were this week, and which watches are noisy (docs/monitoring.md, "Health and gaps")."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

from campaign import clock
from campaign.db import get_session
from campaign.monitoring import health

bp = Blueprint("monitoring", __name__, url_prefix="/monitoring")


def _watch_url(ident: int) -> str:
    return url_for("watches.detail", ident=ident)


@bp.get("/")
def index():
    session, now = get_session(), clock.now()
    return render_template(
        "monitoring/health.html",
        sources=health.source_health(session, now=now),
        watches=health.watch_noise(session, now=now),
        watch_url=_watch_url,
    )
