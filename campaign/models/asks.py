from typing import TYPE_CHECKING

from sqlalchemy import Text
from sqlmodel import Field, Relationship, SQLModel

from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import AskStatus, Priority
from campaign.models.types import StrEnumType

if TYPE_CHECKING:
    from campaign.models.links import AskEvidence, AskMilestone, AskStatistic
    from campaign.models.organisations import Organisation
    from campaign.models.responses import ResponseAsk


class AskTarget(SQLModel, table=True):
    __tablename__ = "ask_targets"

    ask_id: int = Field(foreign_key="asks.id", primary_key=True, ondelete="CASCADE")
    organisation_id: int = Field(
        foreign_key="organisations.id", primary_key=True, ondelete="CASCADE", index=True
    )


class AskTag(SQLModel, table=True):
    __tablename__ = "ask_tags"

    ask_id: int = Field(foreign_key="asks.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tags.id", primary_key=True, ondelete="CASCADE", index=True)


class Tag(SQLModel, table=True):
    """A theme ("encryption", "illegal harms codes") that groups asks."""

    __tablename__ = "tags"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60, unique=True, index=True)

    asks: list["Ask"] = Relationship(back_populates="tags", link_model=AskTag)


class Ask(Versioned, Tracked, table=True):
    """What the campaign wants a target to do."""

    __tablename__ = "asks"
    __natural_key__ = "slug"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    title: str = Field(max_length=200)
    summary: str = Field(default="", sa_type=Text)  # Markdown, sanitised on render
    status: AskStatus = Field(default=AskStatus.DRAFT, sa_type=StrEnumType(AskStatus), index=True)
    priority: Priority = Field(default=Priority.MEDIUM, sa_type=StrEnumType(Priority), index=True)
    owner: str = Field(default="", max_length=120)
    owner_email: str | None = Field(default=None, max_length=254)

    targets: list["Organisation"] = Relationship(
        link_model=AskTarget, sa_relationship_kwargs={"order_by": "Organisation.name"}
    )
    tags: list[Tag] = Relationship(
        back_populates="asks", link_model=AskTag, sa_relationship_kwargs={"order_by": "Tag.name"}
    )
    statistic_links: list["AskStatistic"] = Relationship(
        back_populates="ask",
        cascade_delete=True,
        sa_relationship_kwargs={"order_by": "AskStatistic.rank"},
    )
    evidence_links: list["AskEvidence"] = Relationship(
        back_populates="ask",
        cascade_delete=True,
        sa_relationship_kwargs={"order_by": "AskEvidence.rank"},
    )
    milestone_links: list["AskMilestone"] = Relationship(back_populates="ask", cascade_delete=True)
    response_links: list["ResponseAsk"] = Relationship(back_populates="ask", cascade_delete=True)

    @property
    def key(self) -> str:
        return self.slug

    def __str__(self) -> str:
        return self.title
