from flask import render_template, request
from flask_login import current_user

from campaign import clock
from campaign.dashboard import bp, services
from campaign.db import get_session
from campaign.models import AskStatus
from campaign.monitoring import health


@bp.get("/")
def index():
    """The dashboard; `?show=<status>` lists every ask with that status, not only the first
    few (an unknown status is ignored)."""
    today = clock.today()
    try:
        show_all = AskStatus(request.args.get("show", ""))
    except ValueError:
        show_all = None
    user_id = current_user.id if current_user.is_authenticated else None
    context = services.dashboard(get_session(), today=today, show_all=show_all, user_id=user_id)
    # Never silent: a source some watch uses that is not being checked (campaign.monitoring).
    context["monitoring_failing"] = health.failing(get_session())
    return render_template("dashboard/index.html", today=today, show_all=show_all, **context)
