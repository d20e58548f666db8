"""People: create and update a person; add and end their dated roles."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, func, select

from campaign import clock
from campaign.asks.services import parse_tags, tags_for
from campaign.common.choices import active_values
from campaign.common.keys import unique_key
from campaign.common.services import ServiceError, assign
from campaign.models import Organisation, Person, PersonRole

FIELDS = (
    "name",
    "kind",
    "party",
    "constituency",
    "house",
    "email",
    "phone",
    "notes",
    "parliament_member_id",
    "lawful_basis",
    "data_source",
)
ROLE_FIELDS = ("title", "organisation_id", "started_on", "ended_on")


def _values(data: dict[str, Any]) -> dict[str, Any]:
    """The form's data as the columns take it: no house is NULL, blank text is ''."""
    values = dict(data)
    if "house" in values:
        values["house"] = values["house"] or None
    for name in ("party", "constituency", "email", "phone", "notes", "data_source"):
        if name in values and values[name] is None:
            values[name] = ""
    return values


def _check_member_id(session: Session, person: Person, member_id: int | None) -> None:
    """One person per Parliament member id (the column is unique when set)."""
    if member_id is None:
        return
    other = session.exec(
        select(Person).where(Person.parliament_member_id == member_id, Person.id != person.id)
    ).first()
    if other is not None:
        raise ServiceError(
            f"Parliament member id {member_id} already belongs to “{other.name}”.",
            field="parliament_member_id",
        )


def create_person(*, session: Session, data: dict[str, Any]) -> Person:
    values = _values(data)
    person = Person(
        key=unique_key(session, Person, values["name"]), name=values["name"], kind=values["kind"]
    )
    _check_member_id(session, person, values.get("parliament_member_id"))
    tags = tags_for(session, parse_tags(values.get("tag_names")))
    assign(person, values, FIELDS)
    person.tags = tags
    session.add(person)
    session.flush()
    return person


def update_person(person: Person, *, session: Session, data: dict[str, Any]) -> None:
    """Apply validated form data; tags only when the data has `tag_names` (the sync never
    sends them)."""
    values = _values(data)
    if "parliament_member_id" in values:
        _check_member_id(session, person, values["parliament_member_id"])
    tags = tags_for(session, parse_tags(values["tag_names"])) if "tag_names" in values else None
    # One UPDATE, so one new version (loading the tags would autoflush a half-made change).
    with session.no_autoflush:
        assign(person, values, FIELDS)
        if tags is not None and {t.name for t in person.tags} != {t.name for t in tags}:
            person.tags = tags
            person.updated_at = clock.now()  # tags alone would not touch the row
    session.add(person)
    session.flush()


def tag_text(person: Person) -> str:
    """The person's tags as the form shows them: "encryption, select committee"."""
    return ", ".join(sorted(t.name for t in person.tags))


def roles_newest_first(roles: list[PersonRole]) -> list[PersonRole]:
    """Newest first: by start (roles with no start last), then the latest added."""
    return sorted(
        roles,
        key=lambda r: (r.started_on is not None, r.started_on or date.min, r.id or 0),
        reverse=True,
    )


def current_roles(person: Person, *, today: date) -> list[PersonRole]:
    """The roles held on `today` (no end, or an end after it), newest first."""
    return [role for role in roles_newest_first(person.roles) if role.current_on(today)]


def add_role(person: Person, *, session: Session, data: dict[str, Any]) -> PersonRole:
    organisation_id = data.get("organisation_id")
    if organisation_id is not None and session.get(Organisation, organisation_id) is None:
        raise ServiceError("Choose an existing organisation.", field="organisation_id")
    if person.id is None:  # a role belongs to a saved person
        raise ValueError("save the person before adding a role")
    role = PersonRole(person_id=person.id, title=data["title"])
    assign(role, data, ROLE_FIELDS)
    session.add(role)
    session.flush()
    session.refresh(person, ["roles"])
    return role


def end_role(role: PersonRole, *, session: Session, ended_on: date) -> None:
    """End a role: it stays in the person's history with its dates."""
    if role.started_on is not None and ended_on < role.started_on:
        raise ServiceError("The end must be on or after the start.", field="ended_on")
    role.ended_on = ended_on
    session.add(role)
    session.flush()


def parties(session: Session) -> list[tuple[str, str]]:
    """Distinct parties of active people, for the list filter."""
    return active_values(session, Person, Person.party)


# What `?q=` looks in (a ListSpec's `search`): a person's own columns, and the titles of their
# roles, current or past, in one string per person, so "Minister for Safeguarding" finds
# whoever holds or held it (one correlated subquery; aggregate_strings is group_concat on
# SQLite and string_agg on PostgreSQL).
ROLE_TITLES = (
    select(func.aggregate_strings(col(PersonRole.title), " | "))
    .where(col(PersonRole.person_id) == col(Person.id))
    .scalar_subquery()
)
SEARCH = (Person.name, Person.party, Person.constituency, Person.notes, ROLE_TITLES)
