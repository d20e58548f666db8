"""JSON API, v1, reading. Thin: parse -> service -> serialiser -> JSON.

GET (Flask answers HEAD and OPTIONS); the writes (POST, PATCH) are in campaign.api.writes, and
any other method is a JSON 405. Errors are rendered as JSON by `campaign.errors` for every
path under /api/.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, jsonify, request

from campaign import clock
from campaign.api import bp, resources, serializers, services
from campaign.api import claims as claim_checks
from campaign.api.access import can_see_restricted
from campaign.api.links import page_url
from campaign.api.resources import Resource
from campaign.db import get_session


def _list(resource: Resource, serialize: Callable[[Any], dict]):
    page, parsed = services.list_rows(resource, request.args, session=get_session())
    return jsonify(
        items=[serialize(row) for row in page.items],
        page=page.page,
        per_page=page.per_page,
        total=page.total,
        next=page_url(page.page + 1, parsed.args) if page.has_next else None,
    )


def _item(row, body: dict):
    """One item's JSON with `ETag: "<version>"`, for `If-Match` on a PATCH (campaign.api.writes)."""
    response = jsonify(body)
    response.set_etag(str(row.version))
    return response


def _evidence(item) -> dict:
    return serializers.evidence_dict(item, can_see_restricted=can_see_restricted())


@bp.get("/asks")
def asks():
    return _list(resources.ASKS, serializers.ask_summary)


@bp.get("/asks/<slug>")
def ask(slug: str):
    session = get_session()
    row = services.get_ask(slug, session=session)
    positions = services.ask_positions(row, session=session)
    return _item(
        row,
        serializers.ask_detail(
            row,
            history=positions.history,
            latest=positions.latest,
            can_see_restricted=can_see_restricted(),
        ),
    )


@bp.get("/statistics")
def statistics():
    return _list(resources.STATISTICS, serializers.statistic_dict)


@bp.get("/statistics/<key>")
def statistic(key: str):
    row = services.get_by_key(resources.STATISTICS, key, session=get_session())
    return _item(row, serializers.statistic_dict(row))


@bp.get("/sources")
def sources():
    return _list(resources.SOURCES, serializers.source_dict)


@bp.get("/sources/<key>")
def source(key: str):
    row = services.get_by_key(resources.SOURCES, key, session=get_session())
    return _item(row, serializers.source_dict(row))


@bp.get("/evidence")
def evidence():
    return _list(resources.EVIDENCE, _evidence)


@bp.get("/evidence/<key>")
def evidence_item(key: str):
    row = services.get_by_key(resources.EVIDENCE, key, session=get_session())
    return _item(row, _evidence(row))


@bp.get("/responses")
def responses():
    return _list(resources.RESPONSES, serializers.response_dict)


@bp.get("/responses/<key>")
def response(key: str):
    row = services.get_by_key(resources.RESPONSES, key, session=get_session())
    return _item(row, serializers.response_dict(row))


@bp.get("/milestones")
def milestones():
    return _list(resources.MILESTONES, serializers.milestone_dict)


@bp.get("/milestones/<key>")
def milestone(key: str):
    row = services.get_by_key(resources.MILESTONES, key, session=get_session())
    return _item(row, serializers.milestone_dict(row))


@bp.get("/organisations")
def organisations():
    return _list(resources.ORGANISATIONS, serializers.organisation_dict)


@bp.get("/organisations/<key>")
def organisation(key: str):
    row = services.get_organisation(key, session=get_session())
    return jsonify(serializers.organisation_detail(row))


@bp.get("/claims")
def claims():
    body = claim_checks.claims_body(
        get_session(),
        request.args,
        today=clock.today(),
        max_age_days=int(current_app.config["STATISTIC_MAX_AGE_DAYS"]),
    )
    return jsonify(body)
