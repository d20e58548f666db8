"""List pages: filter, search, sort and paginate a query in the database, never in Python."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import false, func, or_
from sqlmodel import Session, select

T = TypeVar("T")

# The largest page number a list takes: OFFSET stays within every database's integer range
# (a million pages of 200 is 2e8 rows), whatever number an address holds.
MAX_PAGE = 1_000_000


@dataclass
class Filter:
    """A `?name=value` filter: `apply` narrows. Its control is a <select> of `choices(session)`
    ((value, label) pairs) for a short list, or a `chooser` (campaign.common.choosers) for a
    table: search, then choose, never a <select> of every row."""

    name: str
    label: str
    choices: Callable[[Session], Sequence[tuple[str, str]]] | None
    apply: Callable[[Any, str], Any]
    chooser: Any = None


def enum_filter(name: str, label: str, column, enum_cls) -> Filter:
    """`?name=<value>` on an enum column. A value that is not a member (a stale or hand-edited
    address) matches nothing rather than failing."""

    def apply(query, value: str):
        try:
            return query.where(column == enum_cls(value))
        except ValueError:
            return query.where(false())

    return Filter(name, label, lambda session: enum_cls.choices(), apply)


def _as_id(value: str) -> int | None:
    return int(value) if value.isdigit() else None


def id_filter(name: str, label: str, column, *, chooser) -> Filter:
    """`?name=<id>` on a foreign-key column, e.g. `?organisation=3`, chosen with `chooser`."""

    def apply(query, value: str):
        ident = _as_id(value)
        return query.where(false()) if ident is None else query.where(column == ident)

    return Filter(name, label, None, apply, chooser)


def linked_filter(name: str, label: str, own_id, link_own_id, link_other_id, *, chooser) -> Filter:
    """`?name=<id>` through a link table, e.g. responses about `?ask=7`: rows whose id appears
    in the link table beside that other id, chosen with `chooser`."""

    def apply(query, value: str):
        ident = _as_id(value)
        if ident is None:
            return query.where(false())
        return query.where(own_id.in_(select(link_own_id).where(link_other_id == ident)))

    return Filter(name, label, None, apply, chooser)


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


@dataclass
class ListSpec:
    model: type
    sorts: dict[str, Any]  # name -> column (prefix the name with '-' in ?sort= for descending)
    default_sort: str
    search: Sequence[Any] = ()
    filters: Sequence[Filter] = ()
    options: Sequence[Any] = ()  # loader options, e.g. selectinload(...), to avoid N+1 queries
    extra: dict[str, Any] = field(default_factory=dict)
    # scope(query) -> query: rows this user may see at all (restricted evidence needs clearance)
    scope: Callable[[Any], Any] | None = None
    # text_search(session, query, q) -> query: `?q=` through a full-text index
    # (campaign.search.text_filter), used instead of LIKE over `search`.
    text_search: Callable[[Session, Any, str], Any] | None = None


def list_page(
    session: Session,
    spec: ListSpec,
    *,
    args: dict[str, str],
    per_page: int = 25,
) -> Page:
    model = spec.model
    query = select(model)
    if spec.scope is not None:
        query = spec.scope(query)
    if args.get("archived") != "1":
        query = query.where(model.archived_at.is_(None))
    else:
        query = query.where(model.archived_at.is_not(None))
    q = (args.get("q") or "").strip()
    if q and spec.text_search is not None:
        query = spec.text_search(session, query, q)
    elif q and spec.search:
        pattern = f"%{q.lower()}%"
        query = query.where(or_(*(func.lower(col).like(pattern) for col in spec.search)))
    for flt in spec.filters:
        value = (args.get(flt.name) or "").strip()
        if value:
            query = flt.apply(query, value)

    sort = args.get("sort") or spec.default_sort
    if sort.lstrip("-") not in spec.sorts:
        sort = spec.default_sort
    query = query.order_by(sort_order(spec.sorts[sort.lstrip("-")], sort.startswith("-")), model.id)

    return paginate(session, query.options(*spec.options), args=args, per_page=per_page)


def sort_order(column, descending: bool):
    """One null ordering on both databases: a missing value sorts as the smallest (first
    ascending, last descending), as SQLite does by itself and PostgreSQL does the other way
    round. Only a nullable column says so: an expression (`lower(label)`) or a NOT NULL
    column is never missing, and an explicit NULLS clause there would stop PostgreSQL using
    an index built in the default order (campaign/models/ordering.py)."""
    order = column.desc() if descending else column.asc()
    if not is_nullable(column):
        return order
    return order.nulls_last() if descending else order.nulls_first()


def is_nullable(column) -> bool:
    """Whether a sort column is a table column that may hold NULL."""
    table_column = getattr(getattr(column, "property", None), "columns", [column])[0]
    return bool(getattr(table_column, "nullable", False)) and hasattr(table_column, "table")


def page_number(value: str | None) -> int:
    """`?page=N` as a page number: a missing, malformed or negative number means 1, and a
    huge one is held to MAX_PAGE (past the end: an empty page, never a database error)."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    digits = text.lstrip("0")
    if len(digits) > len(str(MAX_PAGE)):  # never int() a string of a thousand digits
        return MAX_PAGE
    return min(max(1, int(digits or "0")), MAX_PAGE)


def paginate(session: Session, query, *, args: dict[str, str], per_page: int = 25) -> Page:
    """One page of an ordered query (`?page=N`, see `page_number`), with the total count: for
    lists that do not fit `list_page` (no archive, their own filters)."""
    total = session.exec(select(func.count()).select_from(query.order_by(None).subquery())).one()
    page = page_number(args.get("page"))
    items = session.exec(query.limit(per_page).offset((page - 1) * per_page)).all()
    return Page(items=list(items), total=total, page=page, per_page=per_page)
