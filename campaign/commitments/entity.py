"""The commitment as a record (campaign.entities): the API (`/api/v1/commitments`), revision
history, the site search, the role walk and the leak crawl derive from it. Its status changes
are nested in the API's JSON (read only; a PATCH of `status` records one, docs/api.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import request
from sqlalchemy.orm import selectinload
from sqlmodel import func, select

from campaign import clock
from campaign.commitments import services
from campaign.commitments.dates import due_input, format_due_by
from campaign.commitments.forms import CommitmentForm
from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, BundleSpec, Entity, SearchSpec
from campaign.entities.params import Param, enum_param, keyed, reference_param
from campaign.entities.public import (
    Json,
    api_url,
    ask_ref,
    iso,
    organisation_ref,
    response_ref,
    tracking,
    value,
)
from campaign.models import Ask, Commitment, CommitmentChange, Organisation, Person, Response
from campaign.models.enums import CommitmentStatus

# Sorted by the day it is due, with no due date last on both databases.
DUE_SORT = func.coalesce(Commitment.due_on, date(9999, 12, 31))
# Everything one commitment's JSON names, one query per relationship for a page of them.
OPTIONS = [
    *services.LOADERS,
    selectinload(Commitment.response),  # type: ignore[arg-type]
    selectinload(Commitment.interaction),  # type: ignore[arg-type]
    selectinload(Commitment.milestone),  # type: ignore[arg-type]
    selectinload(Commitment.changes).selectinload(CommitmentChange.response),  # type: ignore[arg-type]
]


def person_ref(person: Person | None) -> Json | None:
    if person is None:
        return None
    return {
        "key": person.key,
        "name": person.name,
        "api_url": api_url("api.person", key=person.key),
    }


def change_json(change: CommitmentChange) -> Json:
    return {
        "old_status": value(change.old_status),
        "new_status": value(change.new_status),
        "changed_on": iso(change.changed_on),
        "note": change.note,
        "evidence_url": change.evidence_url,
        "response": response_ref(change.response) if change.response else None,
    }


def public(commitment: Commitment, **_: Any) -> Json:
    interaction = commitment.interaction
    milestone = commitment.milestone
    return {
        "key": commitment.key,
        "title": commitment.title,
        "detail": commitment.detail,
        "person": person_ref(commitment.person),
        "organisation": organisation_ref(commitment.organisation),
        "made_to": commitment.made_to,
        "made_on": iso(commitment.made_on),
        "due": due_input(commitment.due_on, commitment.due_precision),
        "due_precision": value(commitment.due_precision),
        "due_display": format_due_by(commitment.due_on, commitment.due_precision),
        "due_by": iso(commitment.due_by()),
        "status": value(commitment.status),
        "late": commitment.is_late_on(clock.today()),
        "response": response_ref(commitment.response) if commitment.response else None,
        "interaction": {"key": interaction.key, "title": interaction.title}
        if interaction
        else None,
        "source_note": commitment.source_note,
        "source_url": commitment.source_url,
        "ask": ask_ref(commitment.ask) if commitment.ask else None,
        "milestone": (
            {"key": milestone.key, "api_url": api_url("api.milestone", key=milestone.key)}
            if milestone
            else None
        ),
        # Oldest first; written by changing `status` (docs/api.md).
        "changes": [change_json(change) for change in commitment.changes],
        **tracking(commitment),
        "api_url": api_url("api.commitment", key=commitment.key),
    }


def form_prefill(commitment: Commitment) -> dict[str, Any]:
    return {"due": due_input(commitment.due_on, commitment.due_precision)}


def _prefill_from_response(session, form) -> None:
    """Opened from a response (`/commitments/new?response=<key>`): made in it, by its
    organisation, on its date, about its one ask (when it concerns exactly one)."""
    key = request.args.get("response", "")
    response = session.exec(select(Response).where(Response.key == key)).first() if key else None
    if response is None:
        return
    form.response_id.data = form.response_id.data or response.id
    form.organisation_id.data = form.organisation_id.data or response.organisation_id
    form.made_on.data = form.made_on.data or response.response_date
    asks = [link.ask_id for link in response.ask_links]
    if len(asks) == 1 and form.ask_id.data is None:
        form.ask_id.data = asks[0]


def prepare_form(session, form, obj) -> None:
    if obj is None and not form.is_submitted():
        _prefill_from_response(session, form)
    for name in ("person_id", "organisation_id", "response_id", "interaction_id", "ask_id"):
        getattr(form, name).prepare(session, current=getattr(obj, name, None))
    form.status_response_id.prepare(session)


def _late_param() -> Param:
    """`?late=true|false`: the late ones (services.late_condition), or the others."""

    def apply(query, flag: str):
        condition = services.late_condition(clock.today())
        return query.where(condition if flag == "true" else ~condition)

    def check(_session, flag: str) -> None:
        if flag not in ("true", "false"):
            raise ValueError("must be true or false")

    return Param("late", check, apply)


def _ask_param() -> Param:
    return reference_param(
        "ask",
        Ask.slug,
        what="ask with slug",
        apply=lambda query, slug: query.where(
            Commitment.ask_id.in_(select(Ask.id).where(Ask.slug == slug))  # type: ignore[union-attr]
        ),
    )


ENTITY = Entity(
    name="commitment",
    plural="commitments",
    model=Commitment,
    form=CommitmentForm,
    create=services.create_commitment,
    update=services.update_commitment,
    prepare_form=prepare_form,
    form_prefill=form_prefill,
    # Found by the promise, its detail, to whom and where it was made, and through who made it.
    search=SearchSpec(
        11,
        "title",
        ("detail", "made_to", "source_note"),
        via=[
            ("commitments", "id", "organisation_id", "organisation"),
            ("commitments", "id", "person_id", "person"),
        ],
    ),
    api=ApiSpec(
        listing=ListSpec(
            model=Commitment,
            sorts={
                "due": DUE_SORT,
                "title": func.lower(Commitment.title),
                "updated": Commitment.updated_at,
            },
            default_sort="due",
            search=[Commitment.title],
            options=OPTIONS,
        ),
        public=public,
        params=[
            enum_param("status", Commitment.status, CommitmentStatus),
            _late_param(),
            keyed(
                "organisation", Commitment.organisation_id, Organisation, "organisation with key"
            ),
            keyed("person", Commitment.person_id, Person, "person with key"),
            _ask_param(),
        ],
    ),
    # Written by hand (campaign/bundles/commitments.py): references and status changes.
    bundle=BundleSpec("commitments", custom=True),
)
