"""The API's write endpoints: POST to a collection creates an item, PATCH to an item changes
the fields the body names. Editors and admins only (campaign.accounts.guard); a bearer token
must be read-write.

Every registered entity whose `ApiSpec` is writable gets both (campaign.entities). Each body
goes through the item's own form (`Entity.bound_form`): the
same validation, choices and services as the pages, so the API can store nothing the forms
would refuse. Every refusal is a 4xx, so the request's unit of work is rolled back and
nothing is half-saved (campaign.db).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import jsonify, request
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select
from werkzeug.exceptions import Forbidden

from campaign.accounts.access import RESTRICTED_NEEDS_CLEARANCE, may_set_sensitivity
from campaign.api import bp, services
from campaign.api.access import can_see_restricted
from campaign.api.bodies import Refused, flat_errors, form_input, invalid, read_body
from campaign.api.links import api_url
from campaign.common.formdata import form_values, to_formdata
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.entities import Entity, all_entities


def writable() -> list[Entity]:
    """The entities the API writes: each with an `ApiSpec(writable=True)`."""
    return [e for e in all_entities() if e.api is not None and e.api.writable]


def item_url(entity: Entity, row: Any) -> str:
    return api_url(f"api.{entity.item_endpoint}", **{entity.key_field: entity.key_of(row)})


# -- the item as the read API shows it, with its version ----------------------------------


def item_body(session: Session, entity: Entity, row: Any) -> dict:
    """The row as GET answers it, loaded afresh (what this request just wrote included)."""
    options = entity.api_spec.item_options
    query: Any = select(entity.model).where(entity.model.id == row.id).options(*options)
    fresh = session.exec(query.execution_options(populate_existing=True)).one()
    return services.item_json(session, entity, fresh, can_see_restricted=can_see_restricted())


def item_response(session: Session, entity: Entity, row: Any, status: int = 200):
    response = jsonify(item_body(session, entity, row))
    response.status_code = status
    response.set_etag(str(row.version))
    if status == 201:
        response.headers["Location"] = item_url(entity, row)
    return response


def conflict(session: Session, entity: Entity, row: Any, detail: str) -> Refused:
    current = item_body(session, entity, row)
    return Refused(409, "Conflict", detail, headers=[("ETag", f'"{row.version}"')], current=current)


# -- checks ------------------------------------------------------------------------------


def _expected_version(body: dict) -> list[int]:
    """The versions the client says it read: `If-Match: "3"` and/or `"version": 3`."""
    expected: list[int] = []
    if request.if_match and not request.if_match.star_tag:
        tags = [*request.if_match.as_set(), *request.if_match.as_set(include_weak=True)]
        numbers = {int(tag) for tag in tags if tag.isdigit()}
        if len(numbers) != 1:
            raise invalid({"If-Match": ['Give one version, e.g. If-Match: "3".']}, what="item")
        expected.extend(numbers)
    if "version" in body:
        version = body["version"]
        if isinstance(version, bool) or not isinstance(version, int | str):
            raise invalid({"version": ["Give the version as a whole number."]}, what="item")
        if isinstance(version, str) and not version.strip().isdigit():
            raise invalid({"version": ["Give the version as a whole number."]}, what="item")
        expected.append(int(version))
    return expected


def _check_restricted(entity: Entity, *, values: dict) -> None:
    """Without clearance nothing can be made restricted: 403, before the form runs, by the
    rule the form, bundles and importers share (`campaign.accounts.access`). A restricted
    item itself is not found at all (`services.get_by_key` answers 404, as for GET)."""
    if entity.restricted is not None and not may_set_sensitivity(values.get("sensitivity", "")):
        raise Forbidden(description=RESTRICTED_NEEDS_CLEARANCE)


def _save(session: Session, entity: Entity, form, renamed, write: Callable[[], Any]):
    """Run the area's service on the validated form; its refusals become 422s."""
    if form.errors:
        raise invalid(flat_errors(form.errors, renamed), what=entity.noun)
    try:
        result = write()
        session.flush()
    except ServiceError as error:
        field = renamed.get(error.field, error.field) if error.field else "_form"
        raise invalid({field: [error.message]}, what=entity.noun) from None
    return result


# -- views -------------------------------------------------------------------------------


def _answers_refusals(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Refused as refused:
            return refused.response

    return wrapped


def create_item(entity: Entity):
    session = get_session()
    body = read_body()
    empty = entity.form(formdata=None, meta={"csrf": False})
    base = form_values(empty)
    allowed = set(base) | ({"link_ask_id"} if "link_ask_id" in empty else set())
    given = form_input(session, body, base=base, allowed=allowed)
    _check_restricted(entity, values=given.values)
    form = entity.bound_form(session, None, to_formdata(given.values))
    row = _save(
        session,
        entity,
        form,
        given.renamed,
        lambda: entity.create(session=session, data=form.data),
    )
    entity.announce(row)
    return item_response(session, entity, row, status=201)


def update_item(entity: Entity, ident: str):
    session = get_session()
    row = services.get_by_key(entity, ident, session=session, options=())
    body = read_body()
    for version in _expected_version(body):
        if version != row.version:
            raise conflict(
                session,
                entity,
                row,
                f"This {entity.noun} has changed since version {version}: it "
                f"is now at version {row.version}. Nothing was saved; `current` is the item "
                "as it is now.",
            )
    fields = {name: value for name, value in body.items() if name != "version"}
    base = entity.values_of(row)
    given = form_input(session, fields, base=base, allowed=set(base))
    _check_restricted(entity, values=given.values)
    formdata = to_formdata({**given.values, "version": row.version})
    form = entity.bound_form(session, row, formdata)
    try:
        _save(
            session,
            entity,
            form,
            given.renamed,
            lambda: entity.update(row, session=session, data=form.data),
        )
    except StaleDataError:
        session.rollback()
        raise conflict(
            session,
            entity,
            row,
            f"This {entity.noun} was changed by someone else while it was "
            "being saved. Nothing was saved; `current` is the item as it is now.",
        ) from None
    entity.announce(row)
    return item_response(session, entity, row)


def _register(entity: Entity) -> None:
    def create():
        return create_item(entity)

    def update(**values: str):
        return update_item(entity, values[entity.key_field])

    for view, action in ((create, "create"), (update, "update")):
        view.__name__ = f"{action}_{entity.name}"
        view.__qualname__ = view.__name__
    bp.add_url_rule(
        f"/{entity.plural}",
        f"create_{entity.name}",
        _answers_refusals(create),
        methods=["POST"],
    )
    bp.add_url_rule(
        f"/{entity.plural}/<{entity.key_field}>",
        f"update_{entity.name}",
        _answers_refusals(update),
        methods=["PATCH"],
    )


for _entity in writable():
    _register(_entity)
