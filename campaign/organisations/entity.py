"""The organisation as a record (campaign.entities): targets, publishers, allies."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import selectinload
from sqlmodel import func

from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, BundleSpec, Entity, SearchSpec
from campaign.entities.params import enum_param
from campaign.entities.public import Json, active, api_url, organisation_ref, tracking, value
from campaign.models import Organisation, OrganisationKind
from campaign.organisations import services
from campaign.organisations.forms import OrganisationForm


def public(org: Organisation, **_: Any) -> Json:
    return {
        "key": org.key,
        "name": org.name,
        "kind": value(org.kind),
        "parent": organisation_ref(org.parent),
        "website": org.website,
        "notes": org.notes,
        **tracking(org),
        "api_url": api_url("api.organisation", key=org.key),
        "asks_url": api_url("api.asks", target=org.key),
        "responses_url": api_url("api.responses", organisation=org.key),
        "milestones_url": api_url("api.milestones", organisation=org.key),
    }


def detail(session: Any, org: Organisation, **_: Any) -> Json:
    """An organisation with the organisations that are part of it (Meta: Instagram, …)."""
    children = sorted(active(org.children), key=lambda child: (child.name.lower(), child.id))
    return {**public(org), "children": [organisation_ref(c) for c in children]}


def prepare_form(session: Any, form: OrganisationForm, obj: Organisation | None) -> None:
    # The organisation itself or one of its parts is refused on save (services._check_parent).
    form.parent_id.prepare(session, current=obj and obj.parent_id)


def sample(n: int) -> dict[str, Any]:
    return {"name": f"Organisation {n}", "kind": "regulator", "notes": ""}


ENTITY = Entity(
    name="organisation",
    search=SearchSpec(1, "name", ("notes",)),
    plural="organisations",
    model=Organisation,
    form=OrganisationForm,
    create=services.create_organisation,
    update=services.update_organisation,
    prepare_form=prepare_form,
    revisioned=False,
    api=ApiSpec(
        listing=ListSpec(
            model=Organisation,
            sorts={"name": func.lower(Organisation.name), "updated": Organisation.updated_at},
            default_sort="name",
            search=[Organisation.name],
            options=[selectinload(Organisation.parent)],
        ),
        public=public,
        params=[enum_param("kind", Organisation.kind, OrganisationKind)],
        writable=False,
        detail=detail,
        detail_options=[selectinload(Organisation.parent), selectinload(Organisation.children)],
    ),
    bundle=BundleSpec("organisations", custom=True),
    sample=sample,
)
