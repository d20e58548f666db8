"""The evidence item as a record (campaign.entities): case studies, quotes, findings.

Restricted items (Childline case studies) are not there at all without clearance: the
`scope` keeps them out of lists, items, lookups and bundles, and their text and attribution
are redacted wherever an item is shown to someone who may not read them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import selectinload
from sqlmodel import func

from campaign.accounts.access import visible_evidence
from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, AskLinks, BundleSpec, Entity, SearchSpec
from campaign.entities.params import enum_param, keyed
from campaign.entities.public import Json, api_url, iso, linked_asks, source_ref, tracking, value
from campaign.evidence import services
from campaign.evidence.forms import EvidenceForm, sensitivity_choices
from campaign.models import AskEvidence, Evidence, EvidenceKind, Sensitivity, Source
from campaign.sources import citing


def is_restricted(item: Evidence) -> bool:
    return item.sensitivity == Sensitivity.RESTRICTED


def fields(item: Evidence, *, can_see_restricted: bool) -> Json:
    """Restricted items lose `text` and `attribution` (and say `redacted: true`) unless the
    caller may see restricted material."""
    redacted = is_restricted(item) and not can_see_restricted
    content = {} if redacted else {"text": item.text, "attribution": item.attribution}
    return {
        "key": item.key,
        "title": item.title,
        "kind": value(item.kind),
        "sensitivity": value(item.sensitivity),
        "composite": item.is_composite,
        "redacted": redacted,
        **content,
        "date": iso(item.evidence_date),
        "source": source_ref(item.source),
        **tracking(item),
        "api_url": api_url("api.evidence_item", key=item.key),
    }


def public(item: Evidence, *, can_see_restricted: bool, **_: Any) -> Json:
    return {
        **fields(item, can_see_restricted=can_see_restricted),
        "asks": linked_asks(item.ask_links),
    }


def prepare_form(session: Any, form: EvidenceForm, obj: Evidence | None) -> None:
    citing.prepare_form(session, form, obj)
    form.sensitivity.choices = sensitivity_choices()


def sample(n: int) -> dict[str, Any]:
    return {"title": f"Evidence {n}", "kind": "quote", "sensitivity": "public", "text": "Said."}


ENTITY = Entity(
    name="evidence",
    search=SearchSpec(
        4, "title", ("text", "attribution"), hidden_when=("sensitivity", "restricted")
    ),
    plural="evidence",
    noun="evidence item",
    model=Evidence,
    form=EvidenceForm,
    create=services.create_evidence,
    update=services.update_evidence,
    prepare_form=prepare_form,
    scope=visible_evidence,
    restricted=is_restricted,
    api=ApiSpec(
        listing=ListSpec(
            model=Evidence,
            sorts={
                "title": func.lower(Evidence.title),
                "date": Evidence.evidence_date,
                "updated": Evidence.updated_at,
            },
            default_sort="title",
            # Title only: searching the text would let `?q=` probe restricted case studies.
            search=[Evidence.title],
            scope=visible_evidence,
            options=[
                selectinload(Evidence.source),
                selectinload(Evidence.ask_links).selectinload(AskEvidence.ask),
            ],
        ),
        public=public,
        params=[
            keyed("source", Evidence.source_id, Source, "source with key"),
            enum_param("kind", Evidence.kind, EvidenceKind),
            enum_param("sensitivity", Evidence.sensitivity, Sensitivity),
        ],
        item_endpoint="evidence_item",
    ),
    ask_links=AskLinks(AskEvidence, "evidence_id"),
    bundle=BundleSpec("evidence", custom=True),
    sample=sample,
)
