"""`GET /api/v1/lookup/<kind>?q=<text>`: what a chooser offers for the words typed
(campaign.common.choosers), as JSON, for the pages' autocompletion (static/js/chooser.js)
and any script. The same matches, labels and cap as the page's search-then-choose step,
because both ask the same `Chooser`.

    {"kind": "sources", "q": "crime", "items": [{"id": "none", "label": "— has no source —"},
     {"id": "12", "label": "ONS crime survey — ONS"}], "more": false}

`id` is the value the page's filter takes (`?source=12`). A missing or blank `q` or one over
MAX_QUERY characters is a 400 naming `q`; an unknown kind a 404. Like every API address it
needs a signed-in session or a token (campaign/accounts/guard.py).
"""

from __future__ import annotations

from flask import abort, jsonify, request

from campaign.api import bp
from campaign.api.params import bad_parameter
from campaign.common.choosers import LOOKUPS, matches
from campaign.db import get_session

MAX_QUERY = 200


@bp.get("/lookup/<kind>")
def lookup(kind: str):
    chooser = LOOKUPS.get(kind)
    if chooser is None:
        abort(404, description=f"no lookup '{kind}': one of {', '.join(sorted(LOOKUPS))}")
    q = (request.args.get("q") or "").strip()
    if not q:
        raise bad_parameter("q", f"type some of the {chooser.noun}'s name")
    if len(q) > MAX_QUERY:
        raise bad_parameter("q", f"at most {MAX_QUERY} characters")
    items, more = matches(get_session(), chooser, q)
    return jsonify(
        kind=kind, q=q, items=[{"id": value, "label": label} for value, label in items], more=more
    )
