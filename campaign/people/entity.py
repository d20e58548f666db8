"""The person as a record (campaign.entities): the API (`/api/v1/people`), the bundle section
`people`, revision history, the site search, the role walk and the leak crawl derive from it.
Their dated roles are nested in the API's JSON (read only) and written on the person's page."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import selectinload
from sqlmodel import col, func, select

from campaign.clock import today
from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, BundleSpec, Entity, SearchSpec
from campaign.entities.params import enum_param, reference_param
from campaign.entities.public import Json, api_url, iso, organisation_ref, tracking, value
from campaign.models import House, LawfulBasis, Person, PersonKind, PersonRole, PersonTag, Tag
from campaign.people import services
from campaign.people.forms import PersonForm

# A person's roles and their organisations, in two queries for a whole page of people.
# (mypy sees the model attributes as their Python values, not as SQLAlchemy's attributes.)
ROLES = selectinload(Person.roles).selectinload(PersonRole.organisation)  # type: ignore[arg-type]
TAGS = selectinload(Person.tags)  # type: ignore[arg-type]


def role_json(role: PersonRole) -> Json:
    return {
        "title": role.title,
        "organisation": organisation_ref(role.organisation),
        "started_on": iso(role.started_on),
        "ended_on": iso(role.ended_on),
        "current": role.current_on(today()),
    }


def public(person: Person, **_: Any) -> Json:
    return {
        "key": person.key,
        "name": person.name,
        "kind": value(person.kind),
        "party": person.party,
        "constituency": person.constituency,
        "house": value(person.house) if person.house else None,
        "email": person.email,
        "phone": person.phone,
        "notes": person.notes,
        "parliament_member_id": person.parliament_member_id,
        # The asks' tag vocabulary; written as `tag_names` ("a, b"), as an ask's are.
        "tags": [tag.name for tag in person.tags],
        "lawful_basis": value(person.lawful_basis),
        "data_source": person.data_source,
        # Newest first; written on the person's page, not through the API (docs/api.md).
        "roles": [role_json(role) for role in services.roles_newest_first(person.roles)],
        **tracking(person),
        "api_url": api_url("api.person", key=person.key),
    }


def form_prefill(person: Person) -> dict[str, Any]:
    # The <select> shows "— none —" for no house.
    return {
        "house": value(person.house) if person.house else "",
        "tag_names": services.tag_text(person),
    }


def _tagged(query, name: str):
    """People with the tag `name` (`?tag=`)."""
    tagged = select(PersonTag.person_id).join(Tag).where(Tag.name == name)
    return query.where(col(Person.id).in_(tagged))


def sample(n: int) -> dict[str, Any]:
    return {"name": f"Person {n}", "kind": "regulator_staff", "notes": ""}


ENTITY = Entity(
    name="person",
    plural="people",
    model=Person,
    form=PersonForm,
    create=services.create_person,
    update=services.update_person,
    form_prefill=form_prefill,
    # Found by name, party, constituency and notes, and through their roles' organisations.
    search=SearchSpec(
        9,
        "name",
        ("party", "constituency", "notes"),
        via=[("person_roles", "person_id", "organisation_id", "organisation")],
    ),
    api=ApiSpec(
        listing=ListSpec(
            model=Person,
            sorts={"name": func.lower(Person.name), "updated": Person.updated_at},
            default_sort="name",
            # Name, party, constituency, notes, and a role's title ("Minister for …").
            search=services.SEARCH,
            options=[ROLES, TAGS],
        ),
        public=public,
        params=[
            enum_param("kind", Person.kind, PersonKind),
            enum_param("house", Person.house, House),
            enum_param("lawful_basis", Person.lawful_basis, LawfulBasis),
            reference_param("tag", Tag.name, what="tag named", apply=_tagged),
        ],
    ),
    # Not in the section (docs/people.md): the roles and tags (a derived section holds plain
    # columns, no nested rows or lists) and `parliament_member_id` (a derived section writes
    # columns as they are, with no whole-number type nor a check that a value is used once).
    bundle=BundleSpec(
        "people",
        fields=(
            "name",
            "kind",
            "party",
            "constituency",
            "house",
            "email",
            "phone",
            "notes",
            "lawful_basis",
            "data_source",
        ),
    ),
    sample=sample,
)
