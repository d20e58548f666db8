"""What the inbox lists and shows: its filters, one page of items, and what each item needs to
be shown (its watches, asks, matched terms, what it became), loaded for a whole page at once.

The list is read with one query over the items (`ix_monitor_items_status_date`: status, then
date and id, newest first) that fetches one row more than a page, so "Next" needs no COUNT
over 100,000 items; the page's matches, watches and asks then come in one IN query, and its
records in another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from campaign.models import (
    Ask,
    ItemRecordKind,
    ItemStatus,
    MonitorItem,
    MonitorItemRecord,
    MonitorMatch,
    MonitorSource,
    Organisation,
    Person,
    Watch,
)

PER_PAGE = 25
STATUS_ALL = "all"
STATUSES = (*(status.value for status in ItemStatus), STATUS_ALL)
FILTER_NAMES = ("ask", "source", "person", "organisation", "status", "watch")


class FilterError(ValueError):
    """A filter's value names nothing: `name` is the parameter, the message says why."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name


@dataclass
class Filters:
    """The inbox's filters, resolved to rows: what the page shows and the API echoes."""

    status: str = ItemStatus.NEW.value
    source: MonitorSource | None = None
    ask: Ask | None = None
    person: Person | None = None
    organisation: Organisation | None = None
    watch: Watch | None = None
    args: dict[str, str] = field(default_factory=dict)  # the given ones, for links


def _by(session: Session, model: Any, column: Any, value: str, name: str, what: str) -> Any:
    row = (
        session.exec(select(model).where(column == value)).first() if "\x00" not in value else None
    )
    if row is None:
        raise FilterError(name, f"no {what} '{value}'")
    return row


def parse_filters(session: Session, args: Mapping[str, str]) -> Filters:
    """The filters in `args` (`?ask=<slug>&source=hansard&person=<key>&organisation=<key>&
    status=new|dismissed|linked|all&watch=<key>`); FilterError names the first that names
    nothing. The status is `new` unless given."""
    given = {name: (args.get(name) or "").strip() for name in FILTER_NAMES}
    given = {name: text for name, text in given.items() if text}
    found = Filters(args=given)
    status = given.get("status", ItemStatus.NEW.value)
    if status not in STATUSES:
        raise FilterError("status", f"must be one of {', '.join(STATUSES)}")
    found.status = status
    if "source" in given:
        try:
            found.source = MonitorSource(given["source"])
        except ValueError:
            names = ", ".join(source.value for source in MonitorSource)
            raise FilterError("source", f"must be one of {names}") from None
    if "ask" in given:
        found.ask = _by(session, Ask, Ask.slug, given["ask"], "ask", "ask with slug")
    if "person" in given:
        found.person = _by(
            session, Person, Person.key, given["person"], "person", "person with key"
        )
    if "organisation" in given:
        found.organisation = _by(
            session,
            Organisation,
            Organisation.key,
            given["organisation"],
            "organisation",
            "organisation with key",
        )
    if "watch" in given:
        found.watch = _by(session, Watch, Watch.key, given["watch"], "watch", "watch with key")
    return found


def _matched_by(condition: Any) -> Any:
    """The ids of items matched by a watch meeting `condition`."""
    return (
        select(col(MonitorMatch.item_id))
        .join(Watch, col(Watch.id) == col(MonitorMatch.watch_id))
        .where(condition)
    )


def filtered(filters: Filters) -> Any:
    """The items the filters select, duplicates left out, newest first (date, then id)."""
    query: Any = select(MonitorItem).where(col(MonitorItem.duplicate_of_id).is_(None))
    if filters.status != STATUS_ALL:
        query = query.where(col(MonitorItem.status) == ItemStatus(filters.status))
    if filters.source is not None:
        query = query.where(col(MonitorItem.source) == filters.source)
    item_id = col(MonitorItem.id)
    if filters.ask is not None:
        query = query.where(item_id.in_(_matched_by(col(Watch.ask_id) == filters.ask.id)))
    if filters.watch is not None:
        query = query.where(
            item_id.in_(
                select(col(MonitorMatch.item_id)).where(
                    col(MonitorMatch.watch_id) == filters.watch.id
                )
            )
        )
    if filters.person is not None:
        person_id = filters.person.id
        query = query.where(
            or_(
                col(MonitorItem.person_id) == person_id,
                item_id.in_(_matched_by(col(Watch.person_id) == person_id)),
            )
        )
    if filters.organisation is not None:
        organisation_id = filters.organisation.id
        query = query.where(
            or_(
                col(MonitorItem.organisation_id) == organisation_id,
                item_id.in_(_matched_by(col(Watch.organisation_id) == organisation_id)),
            )
        )
    return query.order_by(col(MonitorItem.date).desc(), item_id.desc())


@dataclass
class ItemView:
    """An item with what showing it needs: the watches that found it, the terms they matched,
    the asks it concerns (from its watches), and the records it became."""

    item: MonitorItem
    watches: list[Watch] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    asks: list[Ask] = field(default_factory=list)
    records: list[MonitorItemRecord] = field(default_factory=list)


@dataclass
class InboxPage:
    items: list[ItemView]
    page: int
    per_page: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def _views(session: Session, items: Sequence[MonitorItem]) -> list[ItemView]:
    """Each item with its watches, terms, asks and records: two IN queries for any number."""
    views = {item.id: ItemView(item) for item in items}
    if not views:
        return []
    ids = list(views)
    matches = session.exec(
        select(MonitorMatch)
        .where(col(MonitorMatch.item_id).in_(ids))
        .options(selectinload(MonitorMatch.watch).selectinload(Watch.ask))  # type: ignore[arg-type]
        .order_by(col(MonitorMatch.item_id), col(MonitorMatch.watch_id))
    ).all()
    for match in matches:
        view = views[match.item_id]
        view.watches.append(match.watch)
        view.terms.extend(term for term in match.terms if term not in view.terms)
        ask = match.watch.ask
        if ask is not None and ask not in view.asks:
            view.asks.append(ask)
    records = session.exec(
        select(MonitorItemRecord)
        .where(col(MonitorItemRecord.item_id).in_(ids))
        .order_by(col(MonitorItemRecord.created_at), col(MonitorItemRecord.id))
    ).all()
    for record in records:
        views[record.item_id].records.append(record)
    return list(views.values())


# Who an item comes from, loaded with the page (one IN query each).
ITEM_OPTIONS = (
    selectinload(MonitorItem.person),  # type: ignore[arg-type]
    selectinload(MonitorItem.organisation),  # type: ignore[arg-type]
)


def inbox_page(session: Session, filters: Filters, *, page: int = 1, per_page: int = PER_PAGE):
    """One page of the filtered items, and whether there is another after it."""
    query = filtered(filters).options(*ITEM_OPTIONS)
    rows = session.exec(query.offset((page - 1) * per_page).limit(per_page + 1)).all()
    return InboxPage(_views(session, rows[:per_page]), page, per_page, len(rows) > per_page)


def count(session: Session, filters: Filters) -> int:
    """How many items the filters select (the API's `total`)."""
    subquery = filtered(filters).order_by(None).subquery()
    return session.exec(select(func.count()).select_from(subquery)).one()


def item_view(session: Session, item: MonitorItem) -> ItemView:
    return _views(session, [item])[0]


def get_item(session: Session, ident: int) -> MonitorItem | None:
    return session.exec(
        select(MonitorItem).where(col(MonitorItem.id) == ident).options(*ITEM_OPTIONS)
    ).first()


def items_for(session: Session, kind: ItemRecordKind | str, record_id: int) -> list[MonitorItem]:
    """The inbox items a record was made from (what its page says it came from)."""
    return list(
        session.exec(
            select(MonitorItem)
            .join(MonitorItemRecord, col(MonitorItemRecord.item_id) == col(MonitorItem.id))
            .where(
                col(MonitorItemRecord.kind) == ItemRecordKind(kind),
                col(MonitorItemRecord.record_id) == record_id,
            )
            .order_by(col(MonitorItem.date).desc(), col(MonitorItem.id).desc())
        ).all()
    )
