"""The ask, organisation and kind filters, shared by the milestones list and the timeline. Asks
and organisations are many (500 and 600 at demo scale 10): they are choosers
(campaign.common.choosers), never a <select> of them all."""

from __future__ import annotations

from campaign.asks.services import CHOOSER as ASK_CHOOSER
from campaign.common.listing import Filter, enum_filter, id_filter, linked_filter
from campaign.models import AskMilestone, Milestone, MilestoneKind
from campaign.organisations.services import CHOOSER as ORGANISATION_CHOOSER

KIND = enum_filter("kind", "Kind", Milestone.kind, MilestoneKind)
ORGANISATION = id_filter(
    "organisation",
    "Organisation",
    Milestone.organisation_id,
    chooser=ORGANISATION_CHOOSER,
)
ASK = linked_filter(
    "ask",
    "Ask",
    Milestone.id,
    AskMilestone.milestone_id,
    AskMilestone.ask_id,
    chooser=ASK_CHOOSER,
)
TIMELINE_FILTERS: list[Filter] = [ASK, ORGANISATION, KIND]


def apply_filters(query, filters, args):
    """Narrow `query` by each filter given a non-blank value in `args`."""
    for flt in filters:
        value = (args.get(flt.name) or "").strip()
        if value:
            query = flt.apply(query, value)
    return query
