"""The rows a watch's form chooses (docs/choosers.md), by the keys the API and bundles name
them with: an ask by slug, a person by key (never an erased one), an organisation by key.
Named for this area so that they never collide with the lookups other areas register."""

from sqlmodel import col

from campaign.common.choosers import row_chooser
from campaign.models import Ask, Person
from campaign.organisations.services import KEY_CHOOSER as ORGANISATION_KEY_CHOOSER

ASK_CHOOSER = row_chooser("ask", Ask, Ask.title, lookup="watch-asks", value="slug")
PERSON_CHOOSER = row_chooser(
    "person",
    Person,
    Person.name,
    lookup="watch-people",
    where=col(Person.erased_at).is_(None),
    value="key",
)
ORGANISATION_CHOOSER = ORGANISATION_KEY_CHOOSER

__all__ = ["ASK_CHOOSER", "ORGANISATION_CHOOSER", "PERSON_CHOOSER"]
