"""What a form or a filter offers to choose: active (not archived) rows, in one order.

Every list of choices is ordered by its label ignoring case, then by id, with
`campaign.models.ordering.casefold` (`lower(label)` on PostgreSQL, `label COLLATE NOCASE` on
SQLite, which order alike), the order the lists and the choosers use, so "ofcom" and "Ofcom"
sit together on both databases. Plain functions, keyword-only `session`; one query each.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, func, or_, select

from campaign.models.ordering import casefold

Choice = tuple[str, str]  # (value, label)


def by_label(label, model) -> tuple:
    """ORDER BY clauses: the label ignoring case, then the id (so equal labels keep a fixed
    order)."""
    return casefold(label), model.id


def active_choices(session: Session, model, label, *, value=None) -> list[Choice]:
    """The active rows of `model` as (value, label), by label ignoring case: `value` is the
    column a choice stands for (the id by default; a key or a slug where the choice is named
    by it)."""
    column = model.id if value is None else value
    rows = session.exec(
        select(column, label).where(model.archived_at.is_(None)).order_by(*by_label(label, model))
    )
    return [(str(chosen), shown) for chosen, shown in rows]


def active_rows(session: Session, model, label, *, keep: Iterable[int] = (), options=()) -> list:
    """The active rows of `model`, plus the rows whose ids are in `keep` even if archived (a
    form keeps what it already shows), by label ignoring case."""
    kept = list(keep)
    active = model.archived_at.is_(None)
    query = (
        select(model)
        .where(or_(active, model.id.in_(kept)) if kept else active)
        .order_by(*by_label(label, model))
        .options(*options)
    )
    return list(session.exec(query))


def active_values(session: Session, model, column) -> list[Choice]:
    """The distinct non-empty values of `column` among active rows as (value, value), ignoring
    case in the order (a filter's choices, e.g. period labels or publishers). Values that differ
    only in case are both offered (a filter matches them exactly), the first written first:
    not by the database's collation, which differs between installations."""
    query = (
        select(column)
        .where(model.archived_at.is_(None), column != "")
        .group_by(column)
        .order_by(casefold(column), func.min(model.id))
    )
    return [(found, found) for found in session.exec(query)]
