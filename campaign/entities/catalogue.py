"""The one registration of each kind of record: the module that describes it.

Order matters: a record comes after the records it names (a statistic after its source, an
ask after what it links to), because bundle sections are written and imported in this order.
"""

ENTITY_MODULES: tuple[str, ...] = (
    "campaign.organisations.entity",
    "campaign.sources.entity",
    "campaign.statistics.entity",
    "campaign.evidence.entity",
    "campaign.milestones.entity",
    "campaign.lines.entity",
    "campaign.people.entity",
    "campaign.asks.entity",
    "campaign.responses.entity",
    "campaign.interactions.entity",
    "campaign.commitments.entity",
    "campaign.watches.entity",
)
