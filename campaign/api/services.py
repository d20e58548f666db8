"""Queries behind the API: list a collection, load one row by key.

Plain functions with a keyword-only `session`; no request, no commit. Errors are HTTP
exceptions (400 naming the bad parameter, 404 naming the missing key) that `campaign.errors`
renders as JSON under /api/.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from campaign.api.params import ListArgs, parse_list_args
from campaign.common.listing import Filter, ListSpec, Page, list_page
from campaign.entities import Entity


def list_rows(
    entity: Entity, args: Mapping[str, str], *, session: Session
) -> tuple[Page, ListArgs]:
    """One page of a collection, filtered, searched and sorted in the database."""
    api_ = entity.api_spec
    spec, params = api_.listing, entity.list_params
    parsed = parse_list_args(session, args, sorts=list(spec.sorts), params=params)
    query_spec = ListSpec(
        model=spec.model,
        sorts=spec.sorts,
        default_sort=spec.default_sort,
        search=spec.search,
        filters=[Filter(p.name, p.name, lambda _s: (), p.apply) for p in params],
        options=spec.options,
        scope=entity.scope,
    )
    query_args = {**parsed.args, "page": str(parsed.page)}
    page = list_page(session, query_spec, args=query_args, per_page=parsed.per_page)
    return page, parsed


def get_by_key(
    entity: Entity, key: str, *, session: Session, options: Sequence[Any] | None = None
) -> Any:
    """The row with this natural key (archived or not), or a 404 naming the key."""
    api_ = entity.api_spec
    loaders = api_.listing.options if options is None else options
    row = None
    if "\x00" not in key:  # no key holds NUL, and PostgreSQL refuses it in a query
        query: Any = select(entity.model).where(entity.key_column == key).options(*loaders)
        if entity.scope is not None:  # restricted evidence without clearance: not there
            query = entity.scope(query)
        row = session.exec(query).first()
    if row is None:
        if entity.scope is not None:
            # Not echoing the key: a 404 for a restricted item reads exactly like any other.
            raise NotFound(description=f"No {entity.noun} with that {entity.key_field}.")
        raise NotFound(description=f"No {entity.noun} with {entity.key_field} '{key}'.")
    return row


def get_item(entity: Entity, key: str, *, session: Session) -> Any:
    """One item loaded with what its JSON embeds (an ask: everything linked to it)."""
    return get_by_key(entity, key, session=session, options=entity.api_spec.item_options)


def item_json(session: Session, entity: Entity, row: Any, *, can_see_restricted: bool) -> dict:
    """The item as `GET /api/v1/<plural>/<key>` answers it."""
    api_ = entity.api_spec
    if api_.detail is not None:
        return api_.detail(session, row, can_see_restricted=can_see_restricted)
    return api_.public(row, can_see_restricted=can_see_restricted)
