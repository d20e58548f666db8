"""Interactions: meetings, calls, e-mails, events and letters with people (issue 18), with the
asks discussed and the follow-up actions they leave. A letter or statement a target sends us
is a Response; an interaction can be turned into one (`response_id`)."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Text
from sqlmodel import Field, Relationship, SQLModel

from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import InteractionKind
from campaign.models.types import StrEnumType, UTCDateTime, utcnow

if TYPE_CHECKING:
    from campaign.models.asks import Ask
    from campaign.models.organisations import Organisation
    from campaign.models.people import Person
    from campaign.models.responses import Response
    from campaign.models.users import User


class InteractionUser(SQLModel, table=True):
    """One of our attendees (a user of Campaign)."""

    __tablename__ = "interaction_users"

    interaction_id: int = Field(foreign_key="interactions.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE", index=True)


class InteractionPerson(SQLModel, table=True):
    """One of their attendees."""

    __tablename__ = "interaction_people"

    interaction_id: int = Field(foreign_key="interactions.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(
        foreign_key="people.id", primary_key=True, ondelete="CASCADE", index=True
    )


class InteractionOrganisation(SQLModel, table=True):
    """An organisation the interaction was with (or about)."""

    __tablename__ = "interaction_organisations"

    interaction_id: int = Field(foreign_key="interactions.id", primary_key=True, ondelete="CASCADE")
    organisation_id: int = Field(
        foreign_key="organisations.id", primary_key=True, ondelete="CASCADE", index=True
    )


class InteractionAsk(SQLModel, table=True):
    """An ask discussed, with what came of it."""

    __tablename__ = "interaction_asks"

    interaction_id: int = Field(foreign_key="interactions.id", primary_key=True, ondelete="CASCADE")
    ask_id: int = Field(foreign_key="asks.id", primary_key=True, ondelete="CASCADE", index=True)
    outcome: str = Field(default="", sa_type=Text)

    interaction: "Interaction" = Relationship(back_populates="ask_links")
    ask: "Ask" = Relationship()


class FollowUpAction(SQLModel, table=True):
    """Something we said we would do after an interaction: its owner is reminded by the due
    day, and it shows on the dashboard until it is done."""

    __tablename__ = "follow_up_actions"

    id: int | None = Field(default=None, primary_key=True)
    interaction_id: int = Field(foreign_key="interactions.id", ondelete="CASCADE", index=True)
    description: str = Field(max_length=500)
    owner_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL", index=True
    )
    due_on: date | None = Field(default=None, index=True)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

    interaction: "Interaction" = Relationship(back_populates="actions")
    owner: Optional["User"] = Relationship()

    def __str__(self) -> str:
        return self.description


class Interaction(Versioned, Tracked, table=True):
    __tablename__ = "interactions"
    __natural_key__ = "key"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    title: str = Field(max_length=200)
    kind: InteractionKind = Field(sa_type=StrEnumType(InteractionKind), index=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime, index=True)
    location: str = Field(default="", max_length=200)
    summary: str = Field(default="", sa_type=Text)  # what was said
    notes: str = Field(default="", sa_type=Text)  # internal: never in an external pack
    # The Response this interaction was turned into (a letter or statement on the record).
    response_id: int | None = Field(
        default=None, foreign_key="responses.id", ondelete="SET NULL", index=True
    )

    users: list["User"] = Relationship(link_model=InteractionUser)
    people: list["Person"] = Relationship(link_model=InteractionPerson)
    organisations: list["Organisation"] = Relationship(link_model=InteractionOrganisation)
    ask_links: list[InteractionAsk] = Relationship(
        back_populates="interaction", cascade_delete=True
    )
    actions: list[FollowUpAction] = Relationship(
        back_populates="interaction",
        cascade_delete=True,
        sa_relationship_kwargs={"order_by": "FollowUpAction.id"},
    )
    response: Optional["Response"] = Relationship()

    def __str__(self) -> str:
        return self.title
