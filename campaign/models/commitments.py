"""Commitments: dated promises made by a target ("Ofcom will publish the codes by spring
2026"), where they came from, and how they stand (issue 18)."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Text
from sqlmodel import Field, Relationship, SQLModel

from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import CommitmentStatus, DuePrecision
from campaign.models.precise_dates import due_period_end
from campaign.models.types import StrEnumType, UTCDateTime, utcnow

if TYPE_CHECKING:
    from campaign.models.asks import Ask
    from campaign.models.interactions import Interaction
    from campaign.models.milestones import Milestone
    from campaign.models.organisations import Organisation
    from campaign.models.people import Person
    from campaign.models.responses import Response
    from campaign.models.users import User


class Commitment(Versioned, Tracked, table=True):
    __tablename__ = "commitments"
    __natural_key__ = "key"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    title: str = Field(max_length=300)  # the promise, in a line
    detail: str = Field(default="", sa_type=Text)
    # Who made it: a person, their organisation, or both.
    person_id: int | None = Field(
        default=None, foreign_key="people.id", ondelete="SET NULL", index=True
    )
    organisation_id: int | None = Field(
        default=None, foreign_key="organisations.id", ondelete="SET NULL", index=True
    )
    made_to: str = Field(default="", max_length=200)  # "the NSPCC", "the House of Commons"
    made_on: date | None = Field(default=None)
    # Due by the end of the period this day starts (campaign.models.precise_dates).
    due_on: date | None = Field(default=None, index=True)
    due_precision: DuePrecision = Field(default=DuePrecision.DAY, sa_type=StrEnumType(DuePrecision))
    status: CommitmentStatus = Field(
        default=CommitmentStatus.OPEN, sa_type=StrEnumType(CommitmentStatus), index=True
    )
    # Where it was made: a response, an interaction, or a note (a parliamentary item's link).
    response_id: int | None = Field(
        default=None, foreign_key="responses.id", ondelete="SET NULL", index=True
    )
    interaction_id: int | None = Field(
        default=None, foreign_key="interactions.id", ondelete="SET NULL", index=True
    )
    source_note: str = Field(default="", sa_type=Text)
    source_url: str | None = Field(default=None, max_length=1000)
    # What it concerns: an ask, and the milestone it creates or moves.
    ask_id: int | None = Field(default=None, foreign_key="asks.id", ondelete="SET NULL", index=True)
    milestone_id: int | None = Field(
        default=None, foreign_key="milestones.id", ondelete="SET NULL", index=True
    )

    person: Optional["Person"] = Relationship()
    organisation: Optional["Organisation"] = Relationship()
    response: Optional["Response"] = Relationship()
    interaction: Optional["Interaction"] = Relationship()
    ask: Optional["Ask"] = Relationship()
    milestone: Optional["Milestone"] = Relationship()
    changes: list["CommitmentChange"] = Relationship(
        back_populates="commitment",
        cascade_delete=True,
        sa_relationship_kwargs={"order_by": "CommitmentChange.id"},
    )

    def due_by(self) -> date | None:
        """The last day of the due period: "by spring 2026" is due by 31 May 2026."""
        if self.due_on is None:
            return None
        return due_period_end(self.due_on, self.due_precision.value)

    def is_late_on(self, day: date) -> bool:
        """Marked late, or still open after the last day of its due period."""
        if self.status == CommitmentStatus.LATE:
            return True
        due_by = self.due_by()
        return self.status == CommitmentStatus.OPEN and due_by is not None and due_by < day

    def __str__(self) -> str:
        return self.title


class CommitmentChange(SQLModel, table=True):
    """A change of a commitment's status, with the evidence for it: kept (the codes were
    published, here), broken, withdrawn."""

    __tablename__ = "commitment_changes"

    id: int | None = Field(default=None, primary_key=True)
    commitment_id: int = Field(foreign_key="commitments.id", ondelete="CASCADE", index=True)
    old_status: CommitmentStatus = Field(sa_type=StrEnumType(CommitmentStatus))
    new_status: CommitmentStatus = Field(sa_type=StrEnumType(CommitmentStatus))
    changed_on: date
    note: str = Field(default="", sa_type=Text)
    evidence_url: str | None = Field(default=None, max_length=1000)
    response_id: int | None = Field(
        default=None, foreign_key="responses.id", ondelete="SET NULL", index=True
    )
    changed_by_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL", index=True
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

    commitment: Commitment = Relationship(back_populates="changes")
    response: Optional["Response"] = Relationship()
    changed_by: Optional["User"] = Relationship()
