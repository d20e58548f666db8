"""Queries behind the API: list a collection, load one row by key, an ask's positions.

Plain functions with a keyword-only `session`; no request, no commit. Errors are HTTP
exceptions (400 naming the bad parameter, 404 naming the missing key) that `campaign.errors`
renders as JSON under /api/.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import selectinload
from sqlmodel import Session, select
from werkzeug.exceptions import NotFound

from campaign.api.params import ListArgs, parse_list_args
from campaign.api.resources import ASK_DETAIL_OPTIONS, ASKS, ORGANISATIONS, Resource
from campaign.common.listing import Filter, ListSpec, Page, list_page
from campaign.models import Ask, Organisation
from campaign.responses.positions import PositionEntry, latest_of, position_history


def list_rows(
    resource: Resource, args: Mapping[str, str], *, session: Session
) -> tuple[Page, ListArgs]:
    """One page of a collection, filtered, searched and sorted in the database."""
    parsed = parse_list_args(session, args, sorts=list(resource.spec.sorts), params=resource.params)
    spec = ListSpec(
        model=resource.spec.model,
        sorts=resource.spec.sorts,
        default_sort=resource.spec.default_sort,
        search=resource.spec.search,
        filters=[Filter(p.name, p.name, lambda _s: (), p.apply) for p in resource.params],
        options=resource.spec.options,
        scope=resource.spec.scope,
    )
    query_args = {**parsed.args, "page": str(parsed.page)}
    page = list_page(session, spec, args=query_args, per_page=parsed.per_page)
    return page, parsed


def get_by_key(resource: Resource, key: str, *, session: Session, options=None):
    """The row with this natural key (archived or not), or a 404 naming the key."""
    loaders = resource.spec.options if options is None else options
    row = None
    if "\x00" not in key:  # no key holds NUL, and PostgreSQL refuses it in a query
        query = select(resource.model).where(resource.key_column == key).options(*loaders)
        if resource.spec.scope is not None:  # restricted evidence without clearance: not there
            query = resource.spec.scope(query)
        row = session.exec(query).first()
    if row is None:
        name = resource.model.__natural_key__
        if resource.spec.scope is not None:
            # Not echoing the key: a 404 for a restricted item reads exactly like any other.
            raise NotFound(description=f"No {resource.singular} with that {name}.")
        raise NotFound(description=f"No {resource.singular} with {name} '{key}'.")
    return row


def get_ask(slug: str, *, session: Session) -> Ask:
    """An ask with every linked row loaded for embedding."""
    return get_by_key(ASKS, slug, session=session, options=ASK_DETAIL_OPTIONS)


@dataclass(frozen=True)
class AskPositions:
    history: list[PositionEntry]  # oldest first
    latest: dict[int, PositionEntry]  # organisation id -> latest entry


def ask_positions(ask: Ask, *, session: Session) -> AskPositions:
    """Targets' positions on one ask, as `campaign.responses.positions` derives them."""
    history = position_history(session, [ask.id])
    latest = latest_of(history)
    return AskPositions(history=list(history.get(ask.id, [])), latest=latest.get(ask.id, {}))


def get_organisation(key: str, *, session: Session) -> Organisation:
    options = [*ORGANISATIONS.spec.options, selectinload(Organisation.children)]
    return get_by_key(ORGANISATIONS, key, session=session, options=options)
