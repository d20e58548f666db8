"""The ask as a record (campaign.entities): what the campaign wants a target to do."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import selectinload
from sqlmodel import func, select

from campaign.asks import public, services
from campaign.asks.forms import AskForm
from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, BundleSpec, Entity, SearchSpec
from campaign.entities.params import enum_param, reference_param
from campaign.models import (
    Ask,
    AskEvidence,
    AskMilestone,
    AskStatistic,
    AskStatus,
    AskTag,
    AskTarget,
    Evidence,
    Milestone,
    Organisation,
    Priority,
    Response,
    ResponseAsk,
    Statistic,
    Tag,
)


def prepare_form(session, form: AskForm, ask: Ask | None) -> None:
    """Targets: a chooser; the ask keeps the (archived) organisations it already targets."""
    form.target_ids.prepare(session, current=[o.id for o in ask.targets] if ask else [])


def form_prefill(ask: Ask) -> dict:
    return {"target_ids": [o.id for o in ask.targets], "tag_names": services.tag_text(ask)}


def sample(n: int) -> dict[str, Any]:
    return {"title": f"Ask {n}", "status": "active", "priority": "high"}


# The ask page embeds every linked row with what its serialiser needs: a fixed number of
# queries however many statistics, evidence items, responses or milestones are linked.
DETAIL_OPTIONS = (
    selectinload(Ask.targets),
    selectinload(Ask.tags),
    selectinload(Ask.statistic_links)
    .selectinload(AskStatistic.statistic)
    .options(selectinload(Statistic.source), selectinload(Statistic.inputs)),
    selectinload(Ask.evidence_links)
    .selectinload(AskEvidence.evidence)
    .selectinload(Evidence.source),
    selectinload(Ask.response_links)
    .selectinload(ResponseAsk.response)
    .selectinload(Response.organisation),
    selectinload(Ask.milestone_links)
    .selectinload(AskMilestone.milestone)
    .options(selectinload(Milestone.organisation), selectinload(Milestone.source)),
)


ENTITY = Entity(
    name="ask",
    search=SearchSpec(
        7,
        "title",
        ("summary", "owner"),
        via=[("ask_targets", "ask_id", "organisation_id", "organisation")],
    ),
    plural="asks",
    model=Ask,
    form=AskForm,
    create=services.create_ask,
    update=services.update_ask,
    prepare_form=prepare_form,
    form_prefill=form_prefill,
    api=ApiSpec(
        listing=ListSpec(
            model=Ask,
            sorts={"title": func.lower(Ask.title), "updated": Ask.updated_at},
            default_sort="title",
            search=[Ask.title],
            options=[selectinload(Ask.targets), selectinload(Ask.tags)],
        ),
        public=lambda ask, **_: public.ask_summary(ask),
        params=[
            enum_param("status", Ask.status, AskStatus),
            enum_param("priority", Ask.priority, Priority),
            reference_param(
                "tag",
                Tag.name,
                what="tag named",
                apply=lambda query, name: query.where(
                    Ask.id.in_(select(AskTag.ask_id).join(Tag).where(Tag.name == name))
                ),
            ),
            reference_param(
                "target",
                Organisation.key,
                what="organisation with key",
                apply=lambda query, key: query.where(
                    Ask.id.in_(
                        select(AskTarget.ask_id).join(Organisation).where(Organisation.key == key)
                    )
                ),
            ),
        ],
        detail=public.detail,
        detail_options=DETAIL_OPTIONS,
    ),
    bundle=BundleSpec("asks", custom=True),
    sample=sample,
)
