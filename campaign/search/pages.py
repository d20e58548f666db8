"""The search page, `/search?q=…`: everything that matches, from the header's search box."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from campaign.accounts.access import can_see_restricted
from campaign.db import get_session
from campaign.search.everywhere import MAX_QUERY, search, searchable

bp = Blueprint("search", __name__, url_prefix="/search")

PER_PAGE = 20


def _page(value: str | None) -> int:
    return (
        int(value)
        if value and value.isascii() and value.isdigit() and 0 < int(value) < 10_000
        else 1
    )


@bp.get("/")
def index():
    entities = searchable()
    words = (request.args.get("q") or "").strip()[:MAX_QUERY]
    kinds = [kind for kind in request.args.getlist("type") if kind in entities]
    archived = request.args.get("archived") == "1"
    results = None
    if words:
        results = search(
            get_session(),
            words,
            cleared=can_see_restricted(),
            kinds=kinds,
            archived=archived,
            page=_page(request.args.get("page")),
            per_page=PER_PAGE,
        )
    return render_template(
        "search/results.html",
        words=words,
        kinds=kinds,
        archived=archived,
        entities=entities,
        results=results,
    )
