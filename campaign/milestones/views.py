"""Milestones: dated events in the policy calendar, at their precision."""

from sqlalchemy import false, func
from sqlalchemy.orm import selectinload

from campaign import clock, signals
from campaign.common.crud_views import Column, EntityViews
from campaign.common.forms import choices
from campaign.common.listing import Filter, ListSpec, enum_filter, id_filter, linked_filter
from campaign.milestones import bp, services
from campaign.milestones.forms import MilestoneForm
from campaign.models import AskMilestone, Milestone, MilestoneKind


def _prepare_form(session, form, obj):
    form.organisation_id.choices = choices(
        services.organisation_choices(session, current_id=obj and obj.organisation_id),
        blank="— none —",
    )
    form.source_id.choices = choices(
        services.source_choices(session, current_id=obj and obj.source_id), blank="— none —"
    )
    if obj is None:
        form.link_ask_id.choices = choices(services.ask_choices(session), blank="— none —")
    else:
        del form.link_ask_id  # links to asks are made on create or from the ask's page


def _form_prefill(milestone):
    return {"date": services.date_input(milestone)}


def _detail_context(session, milestone):
    links = sorted(
        (link for link in milestone.ask_links if link.ask.archived_at is None),
        key=lambda link: link.ask.title.lower(),
    )
    return {"links": links}


def _by_when(query, value):
    upcoming = services.upcoming_condition(clock.today())
    if value == "upcoming":
        return query.where(upcoming)
    if value == "past":
        return query.where(~upcoming)
    return query.where(false())


def _str_choices(pairs):
    return [(str(value), text) for value, text in pairs]


def _ask_titles(milestone):
    return ", ".join(
        sorted(link.ask.title for link in milestone.ask_links if link.ask.archived_at is None)
    )


views = EntityViews(
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
            enum_filter("kind", "Kind", Milestone.kind, MilestoneKind),
            id_filter(
                "organisation",
                "Organisation",
                Milestone.organisation_id,
                lambda session: _str_choices(services.organisation_choices(session)),
            ),
            linked_filter(
                "ask",
                "Ask",
                Milestone.id,
                AskMilestone.milestone_id,
                AskMilestone.ask_id,
                lambda session: _str_choices(services.ask_choices(session)),
            ),
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
    ],
    create=services.create_milestone,
    update=services.update_milestone,
    detail_template="milestones/detail.html",
    detail_context=_detail_context,
    form_prefill=_form_prefill,
    prepare_form=_prepare_form,
)
views.register()
