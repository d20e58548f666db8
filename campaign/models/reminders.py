"""Reminders: milestone moves, the delivery log (exactly once), in-app notifications and
app-wide settings such as the calendar feed's token."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Text
from sqlmodel import Field, Relationship, SQLModel

from campaign.models.base import Tracked
from campaign.models.enums import DatePrecision, DeliveryChannel, DeliveryKind, DeliveryStatus
from campaign.models.types import StrEnumType, UTCDateTime, utcnow

if TYPE_CHECKING:
    from campaign.models.milestones import Milestone
    from campaign.models.responses import Response


class MilestoneMove(SQLModel, table=True):
    """A milestone's date changed: the old date is kept, so the history shows every move."""

    __tablename__ = "milestone_moves"

    id: int | None = Field(default=None, primary_key=True)
    milestone_id: int = Field(foreign_key="milestones.id", ondelete="CASCADE", index=True)
    old_date: date
    old_precision: DatePrecision = Field(sa_type=StrEnumType(DatePrecision))
    new_date: date
    new_precision: DatePrecision = Field(sa_type=StrEnumType(DatePrecision))
    note: str = Field(default="", sa_type=Text)
    moved_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

    milestone: "Milestone" = Relationship(back_populates="moves")


class Delivery(Tracked, table=True):
    """One reminder to one recipient over one channel.

    `dedupe_key` is unique: whoever inserts it first owns the delivery, so a restart, a resync
    or two scheduler processes can never send the same reminder twice. The key names the
    milestone's date, so moving a milestone yields new reminders for the new date.
    """

    __tablename__ = "deliveries"

    id: int | None = Field(default=None, primary_key=True)
    dedupe_key: str = Field(max_length=400, unique=True, index=True)
    kind: DeliveryKind = Field(sa_type=StrEnumType(DeliveryKind), index=True)
    milestone_id: int | None = Field(
        default=None, foreign_key="milestones.id", ondelete="SET NULL", index=True
    )
    response_id: int | None = Field(
        default=None, foreign_key="responses.id", ondelete="SET NULL", index=True
    )
    # What a reminder without a milestone or response is about: "action:12", "stance:5",
    # "commitment:3" (follow-up actions, stance re-checks, late commitments; issue 18).
    subject: str | None = Field(default=None, max_length=100, index=True)
    offset_days: int | None = Field(default=None)
    target_date: date  # the milestone's date, or the reply-expected-by date
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    channel: DeliveryChannel = Field(sa_type=StrEnumType(DeliveryChannel), index=True)
    recipient: str = Field(max_length=254)
    status: DeliveryStatus = Field(
        default=DeliveryStatus.PENDING, sa_type=StrEnumType(DeliveryStatus), index=True
    )
    attempts: int = Field(default=0)
    last_error: str = Field(default="", sa_type=Text)  # the last sending error, if any
    # Why a delivery was not sent as such: missed, cancelled ("a reply was logged"), or sent
    # only to the log because no SMTP server is configured.
    note: str = Field(default="", sa_type=Text)
    next_attempt_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    milestone: Optional["Milestone"] = Relationship()
    response: Optional["Response"] = Relationship()


class Notification(SQLModel, table=True):
    """An in-app reminder: shown under the bell until read."""

    __tablename__ = "notifications"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int | None = Field(
        default=None, foreign_key="deliveries.id", ondelete="SET NULL", index=True
    )
    title: str = Field(max_length=300)
    body: str = Field(default="", sa_type=Text)
    link: str = Field(default="", max_length=1000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)


class AppSetting(SQLModel, table=True):
    """Settings changed at run time from the app (e.g. the calendar feed token), as opposed
    to deployment settings read from the environment."""

    __tablename__ = "app_settings"

    key: str = Field(max_length=80, primary_key=True)
    value: str = Field(default="", sa_type=Text)
