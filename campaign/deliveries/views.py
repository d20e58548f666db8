"""Thin view: the delivery log, filtered and paginated in the database."""

from flask import current_app, render_template, request

from campaign.common.choosers import filter_choices
from campaign.common.listing import list_page
from campaign.db import get_session
from campaign.deliveries import bp, services


@bp.get("/")
def index():
    session = get_session()
    args = request.args.to_dict()
    args.pop("archived", None)  # deliveries are never archived
    page = list_page(session, services.LISTING, args=args, per_page=current_app.config["PER_PAGE"])
    return render_template(
        "deliveries/index.html",
        page=page,
        filters=filter_choices(session, services.LISTING.filters, request.args),
        counts=services.status_counts(session),
        args=request.args,
        default_sort=services.LISTING.default_sort,
        describe_offset=services.describe_offset,
        subjects=services.subjects(session, page.items),
        target_words=services.target_words,
    )
