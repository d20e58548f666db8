from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Text
from sqlmodel import Field, Relationship

from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import DatePrecision, MilestoneKind
from campaign.models.types import StrEnumType, UTCDateTime

if TYPE_CHECKING:
    from campaign.models.links import AskMilestone
    from campaign.models.organisations import Organisation
    from campaign.models.reminders import MilestoneMove
    from campaign.models.sources import Source


class Milestone(Versioned, Tracked, table=True):
    """A dated event in the policy calendar. A month- or year-precision date is stored as the
    first day of that month or year and always shown at its precision ("July 2026")."""

    __tablename__ = "milestones"
    __natural_key__ = "key"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    title: str = Field(max_length=300)
    milestone_date: date = Field(index=True)
    date_precision: DatePrecision = Field(
        default=DatePrecision.DAY, sa_type=StrEnumType(DatePrecision)
    )
    kind: MilestoneKind = Field(sa_type=StrEnumType(MilestoneKind), index=True)
    is_planned: bool = Field(default=False)
    description: str = Field(default="", sa_type=Text)
    organisation_id: int | None = Field(
        default=None, foreign_key="organisations.id", ondelete="SET NULL", index=True
    )
    source_id: int | None = Field(
        default=None, foreign_key="sources.id", ondelete="SET NULL", index=True
    )

    # Done: e.g. "our consultation response submitted", with a link. No reminders after that.
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_note: str = Field(default="", sa_type=Text)
    done_url: str | None = Field(default=None, max_length=1000)
    # Days before the date to remind, e.g. "28,7,1"; None means the REMINDER_OFFSETS setting.
    reminder_offsets: str | None = Field(default=None, max_length=100)
    # Extra e-mail addresses beyond the linked asks' owners and REMINDERS_TO, comma-separated.
    reminder_recipients: str = Field(default="", sa_type=Text)

    organisation: Optional["Organisation"] = Relationship()
    source: Optional["Source"] = Relationship()
    ask_links: list["AskMilestone"] = Relationship(back_populates="milestone", cascade_delete=True)
    moves: list["MilestoneMove"] = Relationship(
        back_populates="milestone",
        cascade_delete=True,
        sa_relationship_kwargs={"order_by": "MilestoneMove.moved_at"},
    )

    def __str__(self) -> str:
        return self.title
