"""The `?source=` list filter shared by the statistics and evidence lists. A value that is not
one of its choices (a hand-edited or stale address) matches nothing, never a 500."""

from __future__ import annotations

from sqlalchemy import false

from campaign.common.listing import Filter
from campaign.sources import services as sources

NO_SOURCE = "none"


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
        lambda session: [(NO_SOURCE, "— has no source —"), *sources.choices(session)],
        apply,
    )
