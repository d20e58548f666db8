"""The milestone as a record (campaign.entities): a dated event at its precision."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy.orm import selectinload
from sqlmodel import func

from campaign import signals
from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, AskLinks, BundleSpec, Entity, SearchSpec
from campaign.entities.params import enum_param, keyed
from campaign.entities.public import (
    Json,
    api_url,
    linked_asks,
    organisation_ref,
    source_ref,
    tracking,
    value,
)
from campaign.milestones import services
from campaign.milestones.forms import (
    DATE_HINT,
    MOVE_HINT,
    MilestoneForm,
    also_remind_hint,
    reminders_hint,
)
from campaign.models import AskMilestone, Milestone, MilestoneKind, Organisation, Source
from campaign.models.precise_dates import format_precise_date
from campaign.reminders.rules import parse_offsets
from campaign.rendering import format_date


def prepare_form(session, form, obj):
    form.organisation_id.prepare(session, current=obj and obj.organisation_id)
    form.source_id.prepare(session, current=obj and obj.source_id)
    if obj is None:
        form.link_ask_id.prepare(session)
    else:
        del form.link_ask_id  # links to asks are made on create or from the ask's page
        form.date.description = f"{DATE_HINT} {MOVE_HINT}"
    form.reminders.description = reminders_hint(_default_offsets_text())
    form.also_remind.description = also_remind_hint(current_app.config["REMINDERS_TO"])


def _default_offsets_text() -> str:
    setting = current_app.config["REMINDER_OFFSETS"]
    try:
        return services.offsets_text(parse_offsets(setting)) or services.NO_REMINDERS
    except ValueError:
        return setting


def form_prefill(milestone):
    return {
        "date": services.date_input(milestone),
        "reminders": services.reminder_offsets_input(milestone),
        "also_remind": milestone.reminder_recipients,
    }


def fields(milestone: Milestone) -> Json:
    precision = milestone.date_precision
    return {
        "key": milestone.key,
        "title": milestone.title,
        "date": format_precise_date(milestone.milestone_date, precision),
        "date_precision": value(precision),
        "date_display": format_date(milestone.milestone_date, precision),
        "kind": value(milestone.kind),
        "planned": milestone.is_planned,
        "description": milestone.description,
        "organisation": organisation_ref(milestone.organisation),
        "source": source_ref(milestone.source),
        **tracking(milestone),
        "api_url": api_url("api.milestone", key=milestone.key),
    }


def public(milestone: Milestone, **_: Any) -> Json:
    return {**fields(milestone), "asks": linked_asks(milestone.ask_links)}


def sample(n: int) -> dict[str, Any]:
    return {"title": f"Milestone {n}", "kind": "statement", "date": f"2026-07-{n % 28 + 1:02d}"}


ENTITY = Entity(
    name="milestone",
    search=SearchSpec(
        5, "title", ("description",), via=[("milestones", "id", "organisation_id", "organisation")]
    ),
    plural="milestones",
    model=Milestone,
    form=MilestoneForm,
    create=services.create_milestone,
    update=services.update_milestone,
    prepare_form=prepare_form,
    form_prefill=form_prefill,
    changed=signals.milestone_changed,
    api=ApiSpec(
        listing=ListSpec(
            model=Milestone,
            sorts={
                "date": Milestone.milestone_date,
                "title": func.lower(Milestone.title),
                "updated": Milestone.updated_at,
            },
            default_sort="date",
            search=[Milestone.title],
            options=[
                selectinload(Milestone.organisation),
                selectinload(Milestone.source),
                selectinload(Milestone.ask_links).selectinload(AskMilestone.ask),
            ],
        ),
        public=public,
        params=[
            keyed("organisation", Milestone.organisation_id, Organisation, "organisation with key"),
            keyed("source", Milestone.source_id, Source, "source with key"),
            enum_param("kind", Milestone.kind, MilestoneKind),
        ],
    ),
    ask_links=AskLinks(AskMilestone, "milestone_id"),
    bundle=BundleSpec("milestones", custom=True),
    sample=sample,
)
