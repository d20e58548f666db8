"""The rows a commitment's form chooses (docs/choosers.md): who made it (a person), where it
was made (a response, an interaction). Named for this area so that they never collide with
the lookups other areas register."""

from sqlmodel import col

from campaign.common.choosers import row_chooser
from campaign.models import Interaction, Person, Response

PERSON_CHOOSER = row_chooser(
    "person",
    Person,
    Person.name,
    lookup="commitment-people",
    where=col(Person.erased_at).is_(None),
)
RESPONSE_CHOOSER = row_chooser("response", Response, Response.title, lookup="commitment-responses")
INTERACTION_CHOOSER = row_chooser(
    "interaction", Interaction, Interaction.title, lookup="commitment-interactions"
)
