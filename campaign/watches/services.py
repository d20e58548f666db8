"""Watches: create and update one (from the form's values: an ask's slug, a person's and an
organisation's keys, the owner's e-mail), and how noisy each watch has been (docs/monitoring.md,
"Watches")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from campaign.common.keys import unique_key
from campaign.common.services import ServiceError
from campaign.models import Ask, MonitorItem, MonitorMatch, Organisation, Person, User, Watch
from campaign.models.enums import AlertLevel, ItemStatus, MonitorSource
from campaign.monitoring.terms import TermsError, parse
from campaign.watches.forms import feeds_error, parse_feeds, watched_error

# The rows a watch names, by the form's field: (field, model, key column, column on Watch, noun).
REFERENCES = (
    ("ask", Ask, "slug", "ask_id", "ask"),
    ("person", Person, "key", "person_id", "person"),
    ("organisation", Organisation, "key", "organisation_id", "organisation"),
)
NOISE_DAYS = 7  # "last week": the seven days before now


def _reference(session: Session, model: Any, column: str, value: Any, *, field: str, noun: str):
    if not value:
        return None
    row = session.exec(select(model).where(getattr(model, column) == value)).first()
    if row is None or getattr(row, "erased_at", None) is not None:
        raise ServiceError(f"Choose an existing {noun}.", field=field)
    return row.id


def _owner_id(session: Session, email: str | None) -> int | None:
    if not email:
        return None
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise ServiceError(f"No active user has the e-mail address {email}.", field="owner")
    return user.id


def _sources(values: Iterable[Any]) -> list[str]:
    """Source names, each once, in the order given; an unknown one is refused."""
    out: list[str] = []
    for value in values:
        try:
            name = MonitorSource(str(value)).value
        except ValueError:
            raise ServiceError(f"“{value}” is not a source.", field="sources") from None
        if name not in out:
            out.append(name)
    if not out:
        raise ServiceError("Choose at least one source.", field="sources")
    return out


def values_from(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    """The watch's columns from the form's values, each checked again (a service may be
    called without the form): what it watches, the terms, sources, feeds and owner."""
    message = watched_error(data.get("ask"), data.get("person"), data.get("organisation"))
    if message:
        raise ServiceError(message, field="ask")
    values: dict[str, Any] = {"name": (data.get("name") or "").strip()}
    for field, model, column, attribute, noun in REFERENCES:
        values[attribute] = _reference(
            session, model, column, data.get(field), field=field, noun=noun
        )
    terms = (data.get("terms") or "").strip()
    try:
        parse(terms)
    except TermsError as error:
        raise ServiceError(str(error), field="terms") from None
    values["terms"] = terms
    values["sources"] = _sources(data.get("sources") or [])
    try:
        values["feeds"] = parse_feeds(list(data.get("feeds") or []))
    except ValueError as error:
        raise ServiceError(str(error), field="feeds") from None
    message = feeds_error(values["sources"], values["feeds"])
    if message:
        raise ServiceError(message, field="feeds")
    values["alert_level"] = AlertLevel(data.get("alert_level") or AlertLevel.DIGEST)
    values["owner_id"] = _owner_id(session, data.get("owner"))
    return values


def create_watch(*, session: Session, data: dict[str, Any]) -> Watch:
    values = values_from(session, data)
    watch = Watch(key=unique_key(session, Watch, values["name"]), **values)
    session.add(watch)
    session.flush()
    return watch


def update_watch(watch: Watch, *, session: Session, data: dict[str, Any]) -> None:
    values = values_from(session, data)
    for name, value in values.items():
        if getattr(watch, name) != value:
            setattr(watch, name, value)
    session.add(watch)
    session.flush()


# -- noise -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Noise:
    """What a watch produced in the last week: the items it matched, and how many of those
    are now dismissed (a noisy watch has many of both)."""

    items: int = 0
    dismissed: int = 0


def noise(session: Session, watch_ids: Iterable[int | None], *, now: datetime) -> dict[int, Noise]:
    """Each watch's figures for the seven days before `now`, in one grouped query however
    many watches: its matches (MonitorMatch.matched_at in the week) and, of their items,
    those now dismissed. A watch with none is absent (read it as `Noise()`)."""
    ids = sorted({i for i in watch_ids if i is not None})
    if not ids:
        return {}
    dismissed = case((col(MonitorItem.status) == ItemStatus.DISMISSED, 1), else_=0)
    query: Any = (
        select(col(MonitorMatch.watch_id), func.count(), func.sum(dismissed))
        .join(MonitorItem, col(MonitorItem.id) == col(MonitorMatch.item_id))
        .where(
            col(MonitorMatch.watch_id).in_(ids),
            col(MonitorMatch.matched_at) > now - timedelta(days=NOISE_DAYS),
            col(MonitorMatch.matched_at) <= now,
        )
        .group_by(col(MonitorMatch.watch_id))
    )
    return {
        watch_id: Noise(int(items), int(gone or 0))
        for watch_id, items, gone in session.exec(query).all()
    }
