"""Milestones: dated events in the policy calendar, at their precision."""

from flask import current_app, flash, url_for
from sqlalchemy import false, func
from sqlalchemy.orm import selectinload

from campaign import clock
from campaign.common.listing import Filter, ListSpec
from campaign.crud import Column, EntityViews
from campaign.db import get_session
from campaign.milestones import bp, filters, services
from campaign.milestones.entity import ENTITY
from campaign.milestones.forms import (
    DoneForm,
    MoveForm,
)
from campaign.milestones.schedule import delivery_history, reminder_schedule
from campaign.models import AskMilestone, Milestone


def _schedule(session, milestone):
    config = current_app.config
    return reminder_schedule(
        session,
        milestone,
        default_offsets=config["REMINDER_OFFSETS"],
        team_address=config["REMINDERS_TO"],
        hour=config["REMINDER_HOUR"],
        now=clock.now(),
    )


def _warn_if_no_email(milestone, _data, _created):
    """After a save: say so when the reminders still to come would reach no e-mail address."""
    schedule = _schedule(get_session(), milestone)
    if schedule.no_email_warning and schedule.upcoming:
        flash(schedule.no_email_warning, "warning")


def detail_context(session, milestone, *, done_form=None, move_form=None):
    """Everything the milestone page shows; the action views pass a refused form back in."""
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
        "schedule": _schedule(session, milestone),
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
    if value == "slipped":
        return query.where(services.slipped_condition(clock.today()))
    return query.where(false())


def _ask_titles(milestone):
    return ", ".join(
        sorted(link.ask.title for link in milestone.ask_links if link.ask.archived_at is None)
    )


views = EntityViews(
    list_template="milestones/list.html",
    blueprint=bp,
    entity=ENTITY,
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
                lambda session: [
                    ("upcoming", "Upcoming"),
                    ("past", "Past"),
                    ("slipped", "Slipped: planned, not done"),
                ],
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
    detail_template="milestones/detail.html",
    detail_context=detail_context,
    after_save=_warn_if_no_email,
)
views.register()
