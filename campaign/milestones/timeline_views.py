"""GET /milestones/timeline: upcoming then past milestones by month, filterable by ask,
organisation and kind, with done milestones shown on request (`?done=1`), paged by months
(`?from=2027-03` or `?until=2025-06`; see `timeline_windows`). No JavaScript."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template, request

from campaign import clock
from campaign.common.choosers import filter_choices
from campaign.db import get_session
from campaign.milestones import bp
from campaign.milestones.filters import TIMELINE_FILTERS
from campaign.milestones.timeline import build_timeline
from campaign.milestones.timeline_windows import Window, month_start, month_text, parse_month
from campaign.milestones.views import views
from campaign.models import DatePrecision
from campaign.rendering import format_date, url_with


@dataclass(frozen=True)
class PageLinks:
    """What the "Earlier" / "Later" navigation shows; the links keep the filters."""

    showing: str  # 'September 2026 to March 2027'
    earlier: tuple[str, str] | None  # (address, 'August 2026'): the month the page ends at
    later: tuple[str, str] | None  # (address, 'April 2027'): the month the page starts at

    @property
    def paged(self) -> bool:
        return bool(self.earlier or self.later)


def _month(index: int) -> str:
    return format_date(month_start(index), DatePrecision.MONTH)


def page_links(window: Window) -> PageLinks:
    showing = _month(window.first)
    if window.last != window.first:
        showing = f"{showing} to {_month(window.last)}"
    earlier = later = None
    if window.earlier is not None:
        address = url_with(**{"from": None, "until": month_text(window.earlier)})
        earlier = (address, _month(window.earlier))
    if window.later is not None:
        address = url_with(**{"from": month_text(window.later), "until": None})
        later = (address, _month(window.later))
    return PageLinks(showing, earlier, later)


@bp.get("/timeline")
def timeline():
    session = get_session()
    args = request.args.to_dict()
    show_done = args.get("done") == "1"
    built = build_timeline(
        session,
        today=clock.today(),
        filters=args,
        show_done=show_done,
        default_offsets=current_app.config["REMINDER_OFFSETS"],
        start=parse_month(args.get("from")),
        end=parse_month(args.get("until")),
    )
    return render_template(
        "milestones/timeline.html",
        views=views,
        timeline=built,
        pages=page_links(built.window),
        filters=filter_choices(session, TIMELINE_FILTERS, args),
        args=args,
        show_done=show_done,
        today=clock.today(),
    )
