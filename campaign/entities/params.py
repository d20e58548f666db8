"""A collection's own list filters (`?kind=`, `?ask=<slug>`, `?source=<key>`), declared by
each entity's `ApiSpec.params` and parsed by campaign.api.params."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from campaign.models import Ask


@dataclass(frozen=True)
class Param:
    """A `?name=value` list filter. `check(session, value)` raises ValueError(message) for a
    value that names nothing; `apply(query, value)` narrows the query."""

    name: str
    check: Callable[[Session, str], None]
    apply: Callable[[Any, str], Any]


def enum_param(name: str, column: Any, enum_cls: type[enum.StrEnum]) -> Param:
    allowed = [member.value for member in enum_cls]

    def check(_session: Session, value: str) -> None:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}")

    return Param(name, check, lambda query, value: query.where(column == enum_cls(value)))


def reference_param(
    name: str, column: Any, *, what: str, apply: Callable[[Any, str], Any]
) -> Param:
    """A filter naming another row by its key (`?ask=<slug>`): an unknown key is a 400, so a
    typo never reads as "nothing matches"."""

    def check(session: Session, value: str) -> None:
        if session.exec(select(column).where(column == value).limit(1)).first() is None:
            raise ValueError(f"no {what} '{value}'")

    return Param(name, check, apply)


def linked_to_ask(column: Any, link_ask: Any, link_row: Any) -> Param:
    """`?ask=<slug>`: rows linked to that ask through a link table."""
    return reference_param(
        "ask",
        Ask.slug,
        what="ask with slug",
        apply=lambda query, slug: query.where(
            column.in_(select(link_row).join(Ask, Ask.id == link_ask).where(Ask.slug == slug))
        ),
    )


def keyed(name: str, column: Any, model: Any, what: str) -> Param:
    """`?organisation=<key>` / `?source=<key>`: rows whose foreign key names that row."""
    return reference_param(
        name,
        model.key,
        what=what,
        apply=lambda query, key: query.where(column.in_(select(model.id).where(model.key == key))),
    )
