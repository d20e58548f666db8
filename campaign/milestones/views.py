"""Milestones: dated events in the policy calendar, at their precision."""

from flask import current_app, url_for
from sqlalchemy import false, func
from sqlalchemy.orm import selectinload

from campaign import clock, signals
from campaign.common.crud_views import Column, EntityViews
from campaign.common.listing import Filter, ListSpec
from campaign.milestones import bp, filters, services
from campaign.milestones.forms import (
    DATE_HINT,
    MOVE_HINT,
    DoneForm,
    MilestoneForm,
    MoveForm,
    also_remind_hint,
    reminders_hint,
)
from campaign.milestones.schedule import delivery_history, reminder_schedule
from campaign.models import AskMilestone, Milestone
from campaign.reminders.rules import parse_offsets


def _prepare_form(session, form, obj):
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


def _form_prefill(milestone):
    return {
        "date": services.date_input(milestone),
        "reminders": services.reminder_offsets_input(milestone),
        "also_remind": milestone.reminder_recipients,
    }


def detail_context(session, milestone, *, done_form=None, move_form=None):
    """Everything the milestone page shows; the action views pass a refused form back in."""
    config = current_app.config
    links = sorted(
        (link for link in milestone.ask_links if link.ask.archived_at is None),
        key=lambda link: link.ask.title.lower(),
    )
    today = clock.today()
    return {
        "links": links,
        "countdown": (
            services.countdown(milestone, today) if services.is_upcoming(milestone, today) else None
        ),
        "moves": services.ordered_moves(milestone),
        "schedule": reminder_schedule(
            session,
            milestone,
            default_offsets=config["REMINDER_OFFSETS"],
            team_address=config["REMINDERS_TO"],
            hour=config["REMINDER_HOUR"],
            now=clock.now(),
        ),
        "deliveries": delivery_history(session, milestone),
        "calendar_url": url_for("calendar.milestone_event", ident=milestone.id),
        "delivery_log_url": url_for("deliveries.index", milestone=milestone.id),
        "done_form": done_form or DoneForm(prefix="done", formdata=None),
        "move_form": move_form or MoveForm(prefix="move", formdata=None),
    }


def _by_when(query, value):
    upcoming = services.upcoming_condition(clock.today())
    if value == "upcoming":
        return query.where(upcoming)
    if value == "past":
        return query.where(~upcoming)
    return query.where(false())


def _ask_titles(milestone):
    return ", ".join(
        sorted(link.ask.title for link in milestone.ask_links if link.ask.archived_at is None)
    )


views = EntityViews(
    list_template="milestones/list.html",
    changed=signals.milestone_changed,
    blueprint=bp,
    model=Milestone,
    singular="milestone",
    plural="milestones",
    form=MilestoneForm,
    listing=ListSpec(
        model=Milestone,
        sorts={
            "date": Milestone.milestone_date,
            "title": func.lower(Milestone.title),
            "kind": Milestone.kind,
        },
        default_sort="date",
        search=[Milestone.title, Milestone.description],
        filters=[
            filters.KIND,
            filters.ORGANISATION,
            filters.ASK,
            Filter(
                "when",
                "When",
                lambda session: [("upcoming", "Upcoming"), ("past", "Past")],
                _by_when,
            ),
        ],
        options=[
            selectinload(Milestone.organisation),
            selectinload(Milestone.ask_links).selectinload(AskMilestone.ask),
        ],
    ),
    columns=[
        Column("Date", services.describe_date, sort="date"),
        Column("Title", lambda m: m.title, sort="title", link=True),
        Column("Kind", lambda m: m.kind.label, sort="kind"),
        Column("Organisation", lambda m: m.organisation.name if m.organisation else ""),
        Column("Asks", _ask_titles),
        Column("Done", services.done_text),
    ],
    create=services.create_milestone,
    update=services.update_milestone,
    detail_template="milestones/detail.html",
    detail_context=detail_context,
    form_prefill=_form_prefill,
    prepare_form=_prepare_form,
)
views.register()
