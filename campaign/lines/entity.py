"""The line to take as a record (campaign.entities). Everything else derives from this:
the API (`/api/v1/lines`), the bundle section `lines`, revision history, the role walk and
the leak crawl."""

from __future__ import annotations

from typing import Any

from sqlmodel import func

from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, BundleSpec, Entity, SearchSpec
from campaign.entities.params import enum_param
from campaign.entities.public import Json, api_url, iso, tracking, value
from campaign.lines import services
from campaign.lines.forms import LineForm
from campaign.models import LineStatus, LineToTake


def public(line: LineToTake, **_: Any) -> Json:
    return {
        "key": line.key,
        "title": line.title,
        "line": line.line,
        "context": line.context,
        "status": value(line.status),
        "review_by": iso(line.review_by),
        **tracking(line),
        "api_url": api_url("api.line", key=line.key),
    }


def sample(n: int) -> dict[str, Any]:
    return {"title": f"Line {n}", "line": "We welcome the codes.", "status": "agreed"}


ENTITY = Entity(
    name="line",
    search=SearchSpec(6, "title", ("line", "context")),
    plural="lines",
    noun="line to take",
    model=LineToTake,
    form=LineForm,
    create=services.create_line,
    update=services.update_line,
    api=ApiSpec(
        listing=ListSpec(
            model=LineToTake,
            sorts={
                "title": func.lower(LineToTake.title),
                "review_by": LineToTake.review_by,
                "updated": LineToTake.updated_at,
            },
            default_sort="title",
            search=[LineToTake.title, LineToTake.line],
        ),
        public=public,
        params=[enum_param("status", LineToTake.status, LineStatus)],
    ),
    bundle=BundleSpec("lines", fields=("title", "line", "context", "status", "review_by")),
    sample=sample,
)
