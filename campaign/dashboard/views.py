from flask import render_template

from campaign import clock
from campaign.dashboard import bp, services
from campaign.db import get_session


@bp.get("/")
def index():
    today = clock.today()
    context = services.dashboard(get_session(), today=today)
    return render_template("dashboard/index.html", today=today, **context)
