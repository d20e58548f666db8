from datetime import date

from sqlmodel import func

from campaign.common.listing import Filter, ListSpec, enum_filter
from campaign.crud import Column, EntityViews
from campaign.models import Source, SourceKind
from campaign.rendering import format_date
from campaign.sources import bp, services
from campaign.sources.entity import ENTITY

views = EntityViews(
    blueprint=bp,
    entity=ENTITY,
    listing=ListSpec(
        model=Source,
        sorts={
            "title": func.lower(Source.title),
            "publisher": func.lower(Source.publisher),
            # Undated sources sort as the oldest on both databases (NULLs order differently).
            "published": func.coalesce(Source.published_on, date.min),
            "updated": Source.updated_at,
        },
        default_sort="title",
        search=[Source.title, Source.publisher],
        filters=[
            enum_filter("kind", "Kind", Source.kind, SourceKind),
            Filter(
                "publisher",
                "Publisher",
                services.publishers,
                lambda query, value: query.where(Source.publisher == value),
            ),
        ],
    ),
    columns=[
        Column("Title", lambda s: s.title, sort="title", link=True),
        Column("Publisher", lambda s: s.publisher, sort="publisher"),
        Column("Kind", lambda s: s.kind.label),
        Column("Published", lambda s: format_date(s.published_on), sort="published"),
    ],
    detail_template="sources/detail.html",
    detail_context=services.citing,
)
views.register()
