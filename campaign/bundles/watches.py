"""Watches in a bundle (section `watches`, docs/bundles.md): a watch names what it watches for
(an ask by slug, a person and an organisation by key) and its owner by e-mail address; the
items it found are not in bundles.

The schema (`schema.WatchRow`) checks each value with the watch form's rules (its terms, its
sources and feeds), that it watches for something, and that feeds come with the source `feed`
only. An owner must be a user of this database (users are not in bundles): an unknown address
is a row error, as the form refuses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlmodel import Session, col, select

from campaign import models as m
from campaign.bundles.errors import BundleError
from campaign.bundles.schema import WatchRow

# (field of the row, section its key names, the watch's column)
REFERENCES = (
    ("ask", "asks", "ask_id"),
    ("person", "people", "person_id"),
    ("organisation", "organisations", "organisation_id"),
)


def _keys(session: Session, model: Any, column: str) -> dict[int, str]:
    query: Any = select(model.id, getattr(model, column))
    return {row_id: key for row_id, key in session.exec(query).all()}


def export_rows(session: Session, compact) -> list[dict[str, Any]]:
    """Every watch as a bundle row, by key, in a fixed number of queries."""
    watches = sorted(session.exec(select(m.Watch)).all(), key=lambda row: row.key)
    if not watches:
        return []
    keys = {
        "asks": _keys(session, m.Ask, "slug"),
        "people": _keys(session, m.Person, "key"),
        "organisations": _keys(session, m.Organisation, "key"),
    }
    emails = _keys(session, m.User, "email")
    rows = []
    for row in watches:
        values: dict[str, Any] = {"key": row.key, "name": row.name}
        for field, section, column in REFERENCES:
            values[field] = keys[section].get(getattr(row, column))
        values.update(
            terms=row.terms,
            sources=list(row.sources),
            feeds=list(row.feeds),
            alert_level=str(row.alert_level),
            owner=emails.get(row.owner_id) if row.owner_id else None,
            archived=row.archived_at is not None,
        )
        rows.append(compact(WatchRow, values))
    return rows


def rows_in(bundle: Any) -> list[WatchRow]:
    """The bundle's `watches` rows (the Bundle model is built at run time)."""
    return bundle.watches


def references(bundle: Any) -> Iterator[tuple[tuple, str, str]]:
    """(location, section, key) of every row the watches refer to."""
    for i, row in enumerate(bundle.watches):
        if row is None:
            continue
        for field, section, _column in REFERENCES:
            key = getattr(row, field)
            if key is not None:
                yield ("watches", i, field), section, key


def unknown_owners(session: Session, bundle: Any) -> list[BundleError]:
    """A watch's owner must be a user here (bundles carry no accounts), as the form's owner
    must be one of the users it offers."""
    wanted = {row.owner.lower() for row in bundle.watches if row is not None and row.owner}
    if not wanted:
        return []
    query = select(m.User.email).where(col(m.User.email).in_(sorted(wanted)))
    known = set(session.exec(query).all())
    return [
        BundleError(("watches", i, "owner"), f"no user has the e-mail address '{row.owner}'")
        for i, row in enumerate(bundle.watches)
        if row is not None and row.owner and row.owner.lower() not in known
    ]


def owner_ids(session: Session, bundle: Any) -> dict[str, int | None]:
    """e-mail -> user id for the bundle's owners (checked to exist before the import)."""
    wanted = sorted({row.owner.lower() for row in bundle.watches if row.owner})
    if not wanted:
        return {}
    query: Any = select(m.User.email, m.User.id).where(col(m.User.email).in_(wanted))
    return dict(session.exec(query).all())


def import_values(row: WatchRow, id_of, owners: dict[str, int | None]) -> dict[str, Any]:
    """The watch's columns from a bundle row; `id_of(section, key)` finds the rows it names."""
    values: dict[str, Any] = {
        "name": row.name,
        "terms": row.terms.strip(),
        "sources": list(dict.fromkeys(str(source) for source in row.sources)),
        "feeds": list(dict.fromkeys(feed.strip() for feed in row.feeds if feed.strip())),
        "alert_level": row.alert_level,
        "owner_id": owners.get(row.owner.lower()) if row.owner else None,
    }
    for field, section, column in REFERENCES:
        values[column] = id_of(section, getattr(row, field))
    return values
