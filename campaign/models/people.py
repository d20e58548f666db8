from datetime import date

from sqlalchemy import Text
from sqlmodel import Field, Relationship, SQLModel

from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import House, PersonKind
from campaign.models.organisations import Organisation
from campaign.models.types import StrEnumType


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
