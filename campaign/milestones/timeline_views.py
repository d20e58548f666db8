"""GET /milestones/timeline: upcoming then past milestones by month, filterable by ask,
organisation and kind, with done milestones shown on request (`?done=1`). No JavaScript."""

from __future__ import annotations

from flask import current_app, render_template, request

from campaign import clock
from campaign.db import get_session
from campaign.milestones import bp
from campaign.milestones.filters import TIMELINE_FILTERS
from campaign.milestones.timeline import build_timeline
from campaign.milestones.views import views


@bp.get("/timeline")
def timeline():
    session = get_session()
    args = request.args.to_dict()
    show_done = args.get("done") == "1"
    return render_template(
        "milestones/timeline.html",
        views=views,
        timeline=build_timeline(
            session,
            today=clock.today(),
            filters=args,
            show_done=show_done,
            default_offsets=current_app.config["REMINDER_OFFSETS"],
        ),
        filters=[(f, f.choices(session)) for f in TIMELINE_FILTERS],
        args=args,
        show_done=show_done,
        today=clock.today(),
    )
