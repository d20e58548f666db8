"""JSON API, v1, reading. Thin: parse -> service -> serialiser -> JSON.

Every registered entity with an `ApiSpec` (campaign.entities) gets `GET /api/v1/<plural>`
(endpoint `api.<plural>`) and `GET /api/v1/<plural>/<key>` (endpoint `api.<name>`, or the
spec's `item_endpoint`). Flask answers HEAD and OPTIONS; the writes (POST, PATCH) are in
campaign.api.writes, and any other method is a JSON 405. Errors are rendered as JSON by
`campaign.errors` for every path under /api/.
"""

from __future__ import annotations

from flask import current_app, jsonify, request

from campaign import clock
from campaign.api import bp, services
from campaign.api import claims as claim_checks
from campaign.api.access import can_see_restricted
from campaign.api.links import page_url
from campaign.db import get_session
from campaign.entities import Entity, all_entities


def list_items(entity: Entity):
    api_ = entity.api_spec
    public = api_.public
    seen = can_see_restricted()
    page, parsed = services.list_rows(entity, request.args, session=get_session())
    return jsonify(
        items=[public(row, can_see_restricted=seen) for row in page.items],
        page=page.page,
        per_page=page.per_page,
        total=page.total,
        next=page_url(page.page + 1, parsed.args) if page.has_next else None,
    )


def show_item(entity: Entity, key: str):
    """One item's JSON with `ETag: "<version>"` (when it has one), for `If-Match` on a PATCH
    (campaign.api.writes)."""
    session = get_session()
    row = services.get_item(entity, key, session=session)
    response = jsonify(
        services.item_json(session, entity, row, can_see_restricted=can_see_restricted())
    )
    version = getattr(row, "version", None)
    if version is not None:
        response.set_etag(str(version))
    return response


def _register(entity: Entity) -> None:
    def collection():
        return list_items(entity)

    def item(**values: str):
        return show_item(entity, values[entity.key_field])

    collection.__name__ = collection.__qualname__ = entity.plural
    item.__name__ = item.__qualname__ = entity.item_endpoint
    bp.add_url_rule(f"/{entity.plural}", entity.plural, collection, methods=["GET"])
    bp.add_url_rule(
        f"/{entity.plural}/<{entity.key_field}>", entity.item_endpoint, item, methods=["GET"]
    )


for _entity in all_entities():
    if _entity.api is not None:
        _register(_entity)


@bp.get("/claims")
def claims():
    body = claim_checks.claims_body(
        get_session(),
        request.args,
        today=clock.today(),
        max_age_days=int(current_app.config["STATISTIC_MAX_AGE_DAYS"]),
    )
    return jsonify(body)
