from flask import render_template, request

from campaign import clock
from campaign.dashboard import bp, services
from campaign.db import get_session
from campaign.models import AskStatus


@bp.get("/")
def index():
    """The dashboard; `?show=<status>` lists every ask with that status, not only the first
    few (an unknown status is ignored)."""
    today = clock.today()
    try:
        show_all = AskStatus(request.args.get("show", ""))
    except ValueError:
        show_all = None
    context = services.dashboard(get_session(), today=today, show_all=show_all)
    return render_template("dashboard/index.html", today=today, show_all=show_all, **context)
