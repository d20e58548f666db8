"""The source as a record (campaign.entities): where a figure or quote comes from."""

from __future__ import annotations

from typing import Any

from sqlmodel import func

from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, BundleSpec, Entity, SearchSpec
from campaign.entities.params import enum_param
from campaign.entities.public import Json, api_url, source_ref, tracking
from campaign.models import Source, SourceKind
from campaign.sources import services
from campaign.sources.forms import SourceForm


def public(source: Source, **_: Any) -> Json:
    """The inline source (`source_ref`) plus its method, tracking and related lists."""
    return {
        **(source_ref(source) or {}),
        "method": source.method,
        **tracking(source),
        "statistics_url": api_url("api.statistics", source=source.key),
        "evidence_url": api_url("api.evidence", source=source.key),
        "milestones_url": api_url("api.milestones", source=source.key),
    }


def sample(n: int) -> dict[str, Any]:
    return {"title": f"Source {n}", "kind": "report", "publisher": "ONS"}


ENTITY = Entity(
    name="source",
    search=SearchSpec(2, "title", ("publisher", "method", "coverage")),
    plural="sources",
    model=Source,
    form=SourceForm,
    create=services.create_source,
    update=services.update_source,
    api=ApiSpec(
        listing=ListSpec(
            model=Source,
            sorts={
                "title": func.lower(Source.title),
                "published_on": Source.published_on,
                "updated": Source.updated_at,
            },
            default_sort="title",
            search=[Source.title, Source.publisher],
        ),
        public=public,
        params=[enum_param("kind", Source.kind, SourceKind)],
    ),
    bundle=BundleSpec("sources", custom=True),
    sample=sample,
)
