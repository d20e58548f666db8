"""`GET /api/v1/search?q=`: everything that matches, ranked (campaign.search.everywhere).

`type` narrows to kinds (repeat it, or comma-separate: `type=ask,statistic`); `archived=1`
includes archived records; `page` and `per_page` as for the lists. Restricted evidence is
never in the results, snippets or counts without clearance.
"""

from __future__ import annotations

from flask import jsonify, request

from campaign.api import bp
from campaign.api.access import can_see_restricted
from campaign.api.links import page_url
from campaign.api.params import DEFAULT_PER_PAGE, MAX_PER_PAGE, bad_parameter, whole_number
from campaign.db import get_session
from campaign.entities.public import api_url
from campaign.search.everywhere import MAX_QUERY, search, searchable


@bp.get("/search", endpoint="search")
def search_everything():
    words = (request.args.get("q") or "").strip()
    if not words:
        raise bad_parameter("q", "give the words to search for")
    if len(words) > MAX_QUERY or "\x00" in words:
        raise bad_parameter("q", f"must be at most {MAX_QUERY} characters, without NUL")
    entities = searchable()
    kinds = [k for value in request.args.getlist("type") for k in value.split(",") if k]
    unknown = [kind for kind in kinds if kind not in entities]
    if unknown:
        raise bad_parameter("type", f"must be one of {', '.join(entities)}")
    archived = request.args.get("archived", "")
    if archived not in {"", "0", "1"}:
        raise bad_parameter("archived", "must be 1 (archived records too) or 0")
    page = whole_number(request.args, "page", 1, 10_000)
    per_page = whole_number(request.args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    results = search(
        get_session(),
        words,
        cleared=can_see_restricted(),
        kinds=kinds,
        archived=archived == "1",
        page=page,
        per_page=per_page,
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return jsonify(
        query=results.query,
        items=[
            {
                "type": hit.entity.name,
                hit.entity.key_field: hit.entity.key_of(hit.row),
                "title": hit.title.striptags(),
                "title_html": str(hit.title),
                "snippet": hit.snippet.striptags(),
                "snippet_html": str(hit.snippet),
                "archived": hit.archived,
                "api_url": api_url(
                    f"api.{hit.entity.item_endpoint}",
                    **{hit.entity.key_field: hit.entity.key_of(hit.row)},
                )
                if hit.entity.api is not None
                else None,
            }
            for hit in results.hits
        ],
        counts=results.counts,
        total=results.total,
        page=results.page,
        per_page=results.per_page,
        next=page_url(page + 1, args) if results.has_next else None,
    )
