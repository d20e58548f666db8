"""The inbox in the API (docs/api.md): `GET /api/v1/inbox` (the page's filters, the API's
paging and envelope), `GET /api/v1/inbox/<id>` and `POST /api/v1/inbox/<id>/dismiss`
{"reason": …}. Reading needs a viewer; dismissing an editor and a read-write token
(campaign.accounts.guard). Dismissing goes through the page's own form and service."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from flask import jsonify, request
from flask_login import current_user
from sqlmodel import Session, col, select
from werkzeug.exceptions import BadRequest, NotFound

from campaign import clock
from campaign.api import bp
from campaign.api.bodies import invalid, read_body
from campaign.api.links import page_url
from campaign.api.params import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE, whole_number
from campaign.common.formdata import to_formdata
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.entities.public import Json, api_url, iso, value
from campaign.inbox import queries, services
from campaign.inbox.forms import DismissForm
from campaign.models import Commitment, Evidence, ItemRecordKind, Milestone, Person, Response

# What each kind of record is, and its item endpoint in the API.
RECORD_MODELS: dict[ItemRecordKind, tuple[Any, str]] = {
    ItemRecordKind.RESPONSE: (Response, "api.response"),
    ItemRecordKind.MILESTONE: (Milestone, "api.milestone"),
    ItemRecordKind.EVIDENCE: (Evidence, "api.evidence_item"),
    ItemRecordKind.COMMITMENT: (Commitment, "api.commitment"),
    ItemRecordKind.PERSON_NOTE: (Person, "api.person"),
}


def _keys(session: Session, views: Sequence[queries.ItemView]) -> dict[tuple, str]:
    """{(kind, record id): key} for every record the items became: one query per kind."""
    wanted: dict[ItemRecordKind, set[int]] = defaultdict(set)
    for view in views:
        for record in view.records:
            wanted[record.kind].add(record.record_id)
    keys: dict[tuple, str] = {}
    for kind, ids in wanted.items():
        model = RECORD_MODELS[kind][0]
        rows = session.exec(select(model.id, model.key).where(col(model.id).in_(ids))).all()
        keys.update({(kind, ident): key for ident, key in rows})
    return keys


def item_json(view: queries.ItemView, keys: dict[tuple, str]) -> Json:
    item = view.item
    became = []
    for record in view.records:
        key = keys.get((record.kind, record.record_id))
        if key is None:  # the record was deleted since
            continue
        endpoint = RECORD_MODELS[record.kind][1]
        became.append({"kind": value(record.kind), "key": key, "url": api_url(endpoint, key=key)})
    organisation = item.organisation.name if item.organisation else item.organisation_name
    return {
        "id": item.id,
        "source": value(item.source),
        "source_id": item.source_id,
        "url": item.url,
        "title": item.title,
        "date": iso(item.date),
        "snippet": item.snippet,
        "asks": [ask.slug for ask in view.asks],
        "status": value(item.status),
        "became": became,
        "kind": item.kind,
        "matched_terms": view.terms,
        "member_id": item.member_id,
        "person": item.person.key if item.person else None,
        "organisation": organisation,
        "opens_on": iso(item.opens_on),
        "closes_on": iso(item.closes_on),
        "licence": item.licence,
        "dismissed_reason": item.dismissed_reason,
        "api_url": api_url("api.inbox_item", ident=item.id),
    }


def _filters(session: Session):
    try:
        return queries.parse_filters(session, request.args)
    except queries.FilterError as exc:
        raise BadRequest(description=f"{exc.name}: {exc}") from exc


@bp.get("/inbox")
def inbox():
    session = get_session()
    page = whole_number(request.args, "page", 1, MAX_PAGE)
    per_page = whole_number(request.args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    filters = _filters(session)
    found = queries.inbox_page(session, filters, page=page, per_page=per_page)
    keys = _keys(session, found.items)
    args = dict(filters.args)
    if "per_page" in request.args:
        args["per_page"] = str(per_page)
    return jsonify(
        items=[item_json(view, keys) for view in found.items],
        page=page,
        per_page=per_page,
        total=queries.count(session, filters),
        next=page_url(page + 1, args) if found.has_next else None,
    )


def _one(session: Session, ident: int):
    item = queries.get_item(session, ident)
    if item is None:
        raise NotFound(description=f"No inbox item with id {ident}.")
    return item


def _item_response(session: Session, item):
    view = queries.item_view(session, item)
    return jsonify(item_json(view, _keys(session, [view])))


@bp.get("/inbox/<int:ident>")
def inbox_item(ident: int):
    session = get_session()
    return _item_response(session, _one(session, ident))


@bp.post("/inbox/<int:ident>/dismiss")
def dismiss_inbox_item(ident: int):
    session = get_session()
    item = _one(session, ident)
    body = read_body()
    reason = body.get("reason")
    if reason is not None and not isinstance(reason, str):
        return invalid({"reason": ["Give the reason as a string."]}, what="dismissal").response
    form = DismissForm(formdata=to_formdata({"reason": reason or ""}), meta={"csrf": False})
    if not form.validate():
        return invalid(dict(form.errors), what="dismissal").response
    try:
        services.dismiss(
            item,
            session=session,
            reason=form.reason.data or "",
            user_id=current_user.id,
            now=clock.now(),
        )
    except ServiceError as error:
        return invalid({error.field or "_form": [error.message]}, what="dismissal").response
    return _item_response(session, item)
