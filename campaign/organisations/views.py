from sqlalchemy.orm import selectinload
from sqlmodel import func

from campaign.common.listing import ListSpec, enum_filter
from campaign.crud import Column, EntityViews
from campaign.models import Organisation, OrganisationKind
from campaign.organisations import bp, services
from campaign.organisations.entity import ENTITY


def _detail_context(session, org):
    return services.related(session=session, organisation=org)


views = EntityViews(
    blueprint=bp,
    entity=ENTITY,
    listing=ListSpec(
        model=Organisation,
        sorts={"name": func.lower(Organisation.name), "kind": Organisation.kind},
        default_sort="name",
        search=[Organisation.name, Organisation.notes],
        filters=[enum_filter("kind", "Kind", Organisation.kind, OrganisationKind)],
        options=[selectinload(Organisation.parent)],
    ),
    columns=[
        Column("Name", lambda o: o.name, sort="name", link=True),
        Column("Kind", lambda o: o.kind.label, sort="kind"),
        Column("Part of", lambda o: o.parent.name if o.parent else ""),
    ],
    detail_template="organisations/detail.html",
    detail_context=_detail_context,
)
views.register()
