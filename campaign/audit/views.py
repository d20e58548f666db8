"""Thin view: the audit log (admins only: see accounts/guard.py RULES)."""

from flask import current_app, render_template, request

from campaign.audit import bp, services
from campaign.db import get_session
from campaign.models import AuditKind


@bp.get("/")
def index():
    page = services.event_listing(
        get_session(), args=request.args.to_dict(), per_page=current_app.config["PER_PAGE"]
    )
    return render_template(
        "audit/index.html",
        page=page,
        kinds=AuditKind.choices(),
        args=request.args,
        summary=services.detail_summary,
    )
