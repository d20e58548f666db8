"""List filters shared by the sources, statistics and evidence lists. A value that is not one
of the filter's choices (a hand-edited or stale address) matches nothing, never a 500.

Both are generic enough for campaign/common/listing.py (organisations' kind filter has the
same 500 on `?kind=bogus`)."""

from __future__ import annotations

from sqlalchemy import false

from campaign.common.listing import Filter
from campaign.sources import services as sources

NO_SOURCE = "none"


def enum_filter(name: str, label: str, column, enum_cls) -> Filter:
    """`?name=<enum value>` on an enum column."""

    def apply(query, value: str):
        try:
            member = enum_cls(value)
        except ValueError:
            return query.where(false())
        return query.where(column == member)

    return Filter(name, label, lambda session: enum_cls.choices(), apply)


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
