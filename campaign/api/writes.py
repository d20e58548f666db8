"""The API's write endpoints: POST to a collection creates an item, PATCH to an item changes
the fields the body names. Editors and admins only (campaign.accounts.guard); a bearer token
must be read-write.

Each body goes through the item's own web form (campaign.common.crud_views `views_for`): the
same validation, choices and services as the pages, so the API can store nothing the forms
would refuse. Every refusal is a 4xx, so the request's unit of work is rolled back and
nothing is half-saved (campaign.db).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import jsonify, request
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select
from werkzeug.exceptions import Forbidden

from campaign.accounts.access import RESTRICTED_NEEDS_CLEARANCE, may_set_sensitivity
from campaign.api import bp, resources, serializers, services
from campaign.api.access import can_see_restricted
from campaign.api.bodies import Refused, flat_errors, form_input, invalid, read_body
from campaign.api.links import api_url
from campaign.api.resources import Resource
from campaign.common.crud_views import EntityViews, views_for
from campaign.common.formdata import form_values, to_formdata
from campaign.common.services import ServiceError
from campaign.db import get_session
from campaign.models import Evidence


@dataclass(frozen=True)
class Writable:
    name: str  # "statistic": the endpoints are api.create_statistic and api.update_statistic
    path: str  # "statistics": the collection's path under /api/v1
    resource: Resource
    read_endpoint: str  # "api.statistic": the item's address
    url_arg: str = "key"

    @property
    def views(self) -> EntityViews:
        return views_for(self.resource.model)

    def url(self, row: Any) -> str:
        return api_url(self.read_endpoint, **{self.url_arg: getattr(row, self.url_arg)})


WRITABLE = (
    Writable("ask", "asks", resources.ASKS, "api.ask", url_arg="slug"),
    Writable("statistic", "statistics", resources.STATISTICS, "api.statistic"),
    Writable("source", "sources", resources.SOURCES, "api.source"),
    Writable("evidence", "evidence", resources.EVIDENCE, "api.evidence_item"),
    Writable("response", "responses", resources.RESPONSES, "api.response"),
    Writable("milestone", "milestones", resources.MILESTONES, "api.milestone"),
)


# -- the item as the read API shows it, with its version ----------------------------------


def item_body(session: Session, writable: Writable, row: Any) -> dict:
    """The row as GET answers it, loaded afresh (what this request just wrote included)."""
    if writable.resource is resources.ASKS:
        fresh = _fresh(session, writable.resource, row, resources.ASK_DETAIL_OPTIONS)
        positions = services.ask_positions(fresh, session=session)
        return serializers.ask_detail(
            fresh,
            history=positions.history,
            latest=positions.latest,
            can_see_restricted=can_see_restricted(),
        )
    fresh = _fresh(session, writable.resource, row, writable.resource.spec.options)
    if isinstance(fresh, Evidence):
        return serializers.evidence_dict(fresh, can_see_restricted=can_see_restricted())
    return SERIALIZERS[writable.name](fresh)


SERIALIZERS: dict[str, Callable[[Any], dict]] = {
    "statistic": serializers.statistic_dict,
    "source": serializers.source_dict,
    "response": serializers.response_dict,
    "milestone": serializers.milestone_dict,
}


def _fresh(session: Session, resource: Resource, row: Any, options) -> Any:
    query = select(resource.model).where(resource.model.id == row.id).options(*options)
    return session.exec(query.execution_options(populate_existing=True)).one()


def item_response(session: Session, writable: Writable, row: Any, status: int = 200):
    response = jsonify(item_body(session, writable, row))
    response.status_code = status
    response.set_etag(str(row.version))
    if status == 201:
        response.headers["Location"] = writable.url(row)
    return response


def conflict(session: Session, writable: Writable, row: Any, detail: str) -> Refused:
    current = item_body(session, writable, row)
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


def _check_restricted(writable: Writable, *, values: dict) -> None:
    """Without clearance no evidence can be made restricted: 403, before the form runs, by
    the rule the form, bundles and importers share (`campaign.accounts.access`). A restricted
    item itself is not found at all (`services.get_by_key` answers 404, as for GET)."""
    if writable.resource is resources.EVIDENCE and not may_set_sensitivity(
        values.get("sensitivity", "")
    ):
        raise Forbidden(description=RESTRICTED_NEEDS_CLEARANCE)


def _save(session: Session, writable: Writable, form, renamed, write: Callable[[], Any]):
    """Run the area's service on the validated form; its refusals become 422s."""
    if form.errors:
        raise invalid(flat_errors(form.errors, renamed), what=writable.name)
    try:
        result = write()
        session.flush()
    except ServiceError as error:
        field = renamed.get(error.field, error.field) if error.field else "_form"
        raise invalid({field: [error.message]}, what=writable.name) from None
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


def create_item(writable: Writable):
    session = get_session()
    views = writable.views
    body = read_body()
    empty = views.form(formdata=None, meta={"csrf": False})
    base = form_values(empty)
    allowed = set(base) | ({"link_ask_id"} if "link_ask_id" in empty else set())
    given = form_input(session, body, base=base, allowed=allowed)
    _check_restricted(writable, values=given.values)
    form = views.bound_form(session, None, to_formdata(given.values))
    row = _save(
        session,
        writable,
        form,
        given.renamed,
        lambda: views.create(session=session, data=form.data),
    )
    views._announce(row)
    return item_response(session, writable, row, status=201)


def update_item(writable: Writable, ident: str):
    session = get_session()
    views = writable.views
    row = services.get_by_key(writable.resource, ident, session=session, options=())
    body = read_body()
    for version in _expected_version(body):
        if version != row.version:
            raise conflict(
                session,
                writable,
                row,
                f"This {writable.resource.singular} has changed since version {version}: it "
                f"is now at version {row.version}. Nothing was saved; `current` is the item "
                "as it is now.",
            )
    fields = {name: value for name, value in body.items() if name != "version"}
    base = views.values_of(row)
    given = form_input(session, fields, base=base, allowed=set(base))
    _check_restricted(writable, values=given.values)
    formdata = to_formdata({**given.values, "version": row.version})
    form = views.bound_form(session, row, formdata)
    try:
        _save(
            session,
            writable,
            form,
            given.renamed,
            lambda: views.update(row, session=session, data=form.data),
        )
    except StaleDataError:
        session.rollback()
        raise conflict(
            session,
            writable,
            row,
            f"This {writable.resource.singular} was changed by someone else while it was "
            "being saved. Nothing was saved; `current` is the item as it is now.",
        ) from None
    views._announce(row)
    return item_response(session, writable, row)


def _register(writable: Writable) -> None:
    def create():
        return create_item(writable)

    def update(**values: str):
        return update_item(writable, values[writable.url_arg])

    for view, action in ((create, "create"), (update, "update")):
        view.__name__ = f"{action}_{writable.name}"
        view.__qualname__ = view.__name__
    bp.add_url_rule(
        f"/{writable.path}",
        f"create_{writable.name}",
        _answers_refusals(create),
        methods=["POST"],
    )
    bp.add_url_rule(
        f"/{writable.path}/<{writable.url_arg}>",
        f"update_{writable.name}",
        _answers_refusals(update),
        methods=["PATCH"],
    )


for _writable in WRITABLE:
    _register(_writable)
