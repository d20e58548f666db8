"""The `?source=` list filter shared by the statistics and evidence lists. A value that is not
one of its choices (a hand-edited or stale address) matches nothing, never a 500. There are
thousands of sources, so the pages offer it as a chooser (campaign.common.choosers), never a
<select> of them all."""

from __future__ import annotations

from sqlalchemy import false

from campaign.common.choosers import Chooser, register
from campaign.common.listing import Filter
from campaign.models import Source
from campaign.sources import services as sources

NO_SOURCE = "none"
NO_SOURCE_CHOICE = (NO_SOURCE, "— has no source —")

CHOOSER = register(
    Chooser(
        noun="source",
        find=sources.find_choices,
        label=sources.choice_label,
        fixed=(NO_SOURCE_CHOICE,),
        lookup="sources",
        model=Source,
    )
)


def source_filter(model) -> Filter:
    """`?source=<id>`, or `?source=none` for rows that have no source."""

    def apply(query, value: str):
        if value == NO_SOURCE:
            return query.where(model.source_id.is_(None))
        if not value.isdigit():
            return query.where(false())
        return query.where(model.source_id == int(value))

    return Filter(
        "source",
        "Source",
        None,
        apply,
        chooser=CHOOSER,
    )
