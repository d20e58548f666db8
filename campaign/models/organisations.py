from typing import Optional

from sqlalchemy import Text
from sqlmodel import Field, Relationship

from campaign.models.base import KEY_LENGTH, Tracked
from campaign.models.enums import OrganisationKind
from campaign.models.types import StrEnumType


class Organisation(Tracked, table=True):
    """A target or stakeholder: Ofcom, Meta, the Home Office. Instagram's parent is Meta."""

    __tablename__ = "organisations"
    __natural_key__ = "key"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    name: str = Field(max_length=200, index=True)
    kind: OrganisationKind = Field(sa_type=StrEnumType(OrganisationKind), index=True)
    parent_id: int | None = Field(
        default=None, foreign_key="organisations.id", ondelete="SET NULL", index=True
    )
    website: str | None = Field(default=None, max_length=500)
    notes: str = Field(default="", sa_type=Text)

    parent: Optional["Organisation"] = Relationship(
        back_populates="children", sa_relationship_kwargs={"remote_side": "Organisation.id"}
    )
    children: list["Organisation"] = Relationship(back_populates="parent")

    def __str__(self) -> str:
        return self.name
