"""Lines to take: list, detail, new, edit, archive, restore and history (EntityViews)."""

from datetime import date

from sqlmodel import func

from campaign.common.listing import ListSpec, enum_filter
from campaign.crud import Column, EntityViews
from campaign.lines import bp
from campaign.lines.entity import ENTITY
from campaign.models import LineStatus, LineToTake
from campaign.rendering import format_date

views = EntityViews(
    blueprint=bp,
    entity=ENTITY,
    listing=ListSpec(
        model=LineToTake,
        sorts={
            "title": func.lower(LineToTake.title),
            "status": LineToTake.status,
            # Lines with no review date sort as the earliest on both databases.
            "review_by": func.coalesce(LineToTake.review_by, date.min),
        },
        default_sort="title",
        search=[LineToTake.title, LineToTake.line, LineToTake.context],
        filters=[enum_filter("status", "Status", LineToTake.status, LineStatus)],
    ),
    columns=[
        Column("Title", lambda line: line.title, sort="title", link=True),
        Column("Status", lambda line: line.status.label, sort="status"),
        Column("Review by", lambda line: format_date(line.review_by), sort="review_by"),
    ],
    detail_template="lines/detail.html",
)
views.register()
