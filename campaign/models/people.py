from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Text
from sqlmodel import Field, Relationship, SQLModel

from campaign.models.asks import Tag
from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import House, LawfulBasis, PersonKind, StanceLevel
from campaign.models.organisations import Organisation
from campaign.models.types import StrEnumType, UTCDateTime, utcnow

if TYPE_CHECKING:
    from campaign.models.asks import Ask
    from campaign.models.interactions import Interaction
    from campaign.models.responses import Response
    from campaign.models.users import User


class PersonTag(SQLModel, table=True):
    """A person's tags share the asks' vocabulary ("encryption", "select committee")."""

    __tablename__ = "person_tags"

    person_id: int = Field(foreign_key="people.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tags.id", primary_key=True, ondelete="CASCADE", index=True)


class Person(Versioned, Tracked, table=True):
    """Someone the campaign deals with: an MP, a regulator's director, a company's head of
    safety policy (issue 18). Personal data: docs/people.md."""

    __tablename__ = "people"
    __natural_key__ = "key"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    name: str = Field(max_length=200, index=True)
    kind: PersonKind = Field(sa_type=StrEnumType(PersonKind), index=True)
    party: str = Field(default="", max_length=100)
    constituency: str = Field(default="", max_length=200)
    house: House | None = Field(default=None, sa_type=StrEnumType(House))
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=50)
    notes: str = Field(default="", sa_type=Text)
    # The UK Parliament Members API's id for the member (members-api.parliament.uk).
    parliament_member_id: int | None = Field(default=None, unique=True)
    # Personal data (docs/people.md): why we may hold these details, and where they came from.
    lawful_basis: LawfulBasis = Field(
        default=LawfulBasis.LEGITIMATE_INTERESTS, sa_type=StrEnumType(LawfulBasis)
    )
    data_source: str = Field(default="", sa_type=Text)
    # Erased on request: the row stays as a tombstone ("Erased person") so the interactions,
    # stances and commitments that name it keep their shape; every personal field is blanked.
    erased_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    tags: list[Tag] = Relationship(
        link_model=PersonTag, sa_relationship_kwargs={"order_by": "Tag.name"}
    )
    roles: list["PersonRole"] = Relationship(
        back_populates="person",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "passive_deletes": True},
    )

    def __str__(self) -> str:
        return self.name


class PersonRole(SQLModel, table=True):
    """A post a person holds or held, with its dates: an MP who becomes a minister keeps the
    first role, ended, and gains the second (campaign.people.services)."""

    __tablename__ = "person_roles"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=200)  # "Chief Executive", "Minister for Safeguarding"
    organisation_id: int | None = Field(
        default=None, foreign_key="organisations.id", ondelete="SET NULL", index=True
    )
    started_on: date | None = Field(default=None)
    ended_on: date | None = Field(default=None)

    person: Person = Relationship(back_populates="roles")
    organisation: Organisation | None = Relationship()

    def current_on(self, day: date) -> bool:
        """Held on `day`: not ended, or ending after it."""
        return self.ended_on is None or self.ended_on > day

    def __str__(self) -> str:
        return self.title


class Stance(SQLModel, table=True):
    """One dated assessment of where a person stands on an ask. Assessments are kept, not
    overwritten: the newest per person and ask is their stance now, the rest its history."""

    __tablename__ = "stances"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE", index=True)
    ask_id: int = Field(foreign_key="asks.id", ondelete="CASCADE", index=True)
    stance: StanceLevel = Field(sa_type=StrEnumType(StanceLevel))
    assessed_on: date = Field(index=True)
    assessed_by_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL", index=True
    )
    # On what evidence: an interaction, a response, or a note (a parliamentary item's link).
    interaction_id: int | None = Field(
        default=None, foreign_key="interactions.id", ondelete="SET NULL", index=True
    )
    response_id: int | None = Field(
        default=None, foreign_key="responses.id", ondelete="SET NULL", index=True
    )
    evidence: str = Field(default="", sa_type=Text)
    # The ask's owner is reminded to look again on this day (campaign.reminders).
    recheck_by: date | None = Field(default=None, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

    person: Person = Relationship()
    ask: "Ask" = Relationship()
    assessed_by: Optional["User"] = Relationship()
    interaction: Optional["Interaction"] = Relationship()
    response: Optional["Response"] = Relationship()

    def __str__(self) -> str:
        return self.stance.label
