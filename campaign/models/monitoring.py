"""The monitoring inbox (issue 19): watches on asks, people or organisations; the items the
sources (Parliament's and GOV.UK's APIs, RSS/Atom feeds) turn up; what each item became; and
the record of every fetch, so that a gap in checking is never silent.

Items are deduplicated by (source, source_id), the source's own id: a fetch interrupted and
run again stores nothing twice and loses nothing (an item and its source's cursor are saved in
one transaction, a page at a time).
"""

from datetime import date as Day
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import JSON, Index, Text, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import AlertLevel, ItemRecordKind, ItemStatus, MonitorSource
from campaign.models.types import StrEnumType, UTCDateTime, utcnow

if TYPE_CHECKING:
    from campaign.models.asks import Ask
    from campaign.models.organisations import Organisation
    from campaign.models.people import Person
    from campaign.models.users import User


class Watch(Versioned, Tracked, table=True):
    """What to look for, for one ask (or a person or an organisation): search terms (quoted
    phrases, `-word` exclusions; campaign.monitoring.terms), in which sources, and how loudly
    its owner is told. Archiving a watch stops it."""

    __tablename__ = "watches"
    __natural_key__ = "key"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    name: str = Field(max_length=200)
    ask_id: int | None = Field(default=None, foreign_key="asks.id", ondelete="SET NULL", index=True)
    person_id: int | None = Field(
        default=None, foreign_key="people.id", ondelete="SET NULL", index=True
    )
    organisation_id: int | None = Field(
        default=None, foreign_key="organisations.id", ondelete="SET NULL", index=True
    )
    terms: str = Field(sa_type=Text)
    # Source names (MonitorSource values), in the order given.
    sources: list[str] = Field(default_factory=list, sa_type=JSON)
    # The RSS/Atom feeds read when `feed` is among the sources, one URL per entry.
    feeds: list[str] = Field(default_factory=list, sa_type=JSON)
    alert_level: AlertLevel = Field(
        default=AlertLevel.DIGEST, sa_type=StrEnumType(AlertLevel), index=True
    )
    # Who is alerted (None: the team address, REMINDERS_TO).
    owner_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL", index=True
    )

    ask: Optional["Ask"] = Relationship()
    person: Optional["Person"] = Relationship()
    organisation: Optional["Organisation"] = Relationship()
    owner: Optional["User"] = Relationship()

    def __str__(self) -> str:
        return self.name


class MonitorItem(SQLModel, table=True):
    """Something a source published that matched at least one watch."""

    __tablename__ = "monitor_items"
    __table_args__ = (
        UniqueConstraint("source", "source_id"),
        Index("ix_monitor_items_status_date", "status", "date", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source: MonitorSource = Field(sa_type=StrEnumType(MonitorSource), index=True)
    source_id: str = Field(max_length=300)  # the source's own id ("1234567", a feed entry's id)
    url: str = Field(max_length=2000, index=True)
    title: str = Field(max_length=500)
    kind: str = Field(default="", max_length=100)  # "Written answer", "Consultation" ...
    date: Day = Field(index=True)  # the day it was published (tabled, answered, spoken ...)
    snippet: str = Field(default="", sa_type=Text)  # plain text; highlighted when shown
    text: str = Field(default="", sa_type=Text)  # the plain text the watches' terms matched
    # Who it comes from: a member of Parliament (their Members API id, and the Person with
    # that `parliament_member_id` when there is one) and/or a body ("Home Office").
    member_id: int | None = Field(default=None, index=True)
    member_name: str = Field(default="", max_length=200)
    person_id: int | None = Field(
        default=None, foreign_key="people.id", ondelete="SET NULL", index=True
    )
    organisation_name: str = Field(default="", max_length=300)
    organisation_id: int | None = Field(
        default=None, foreign_key="organisations.id", ondelete="SET NULL", index=True
    )
    # A consultation's dates (GOV.UK content API), a bill's or inquiry's deadline.
    opens_on: Day | None = Field(default=None)
    closes_on: Day | None = Field(default=None)
    licence: str = Field(default="", max_length=500)  # the attribution line shown with it
    raw: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # the payload as received
    status: ItemStatus = Field(default=ItemStatus.NEW, sa_type=StrEnumType(ItemStatus), index=True)
    dismissed_reason: str = Field(default="", sa_type=Text)
    triaged_by_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL", index=True
    )
    triaged_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The same publication already in the inbox from another source (shown once, there).
    duplicate_of_id: int | None = Field(
        default=None, foreign_key="monitor_items.id", ondelete="SET NULL", index=True
    )
    found_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)

    matches: list["MonitorMatch"] = Relationship(back_populates="item", cascade_delete=True)
    records: list["MonitorItemRecord"] = Relationship(back_populates="item", cascade_delete=True)
    person: Optional["Person"] = Relationship()
    organisation: Optional["Organisation"] = Relationship()
    triaged_by: Optional["User"] = Relationship()

    def __str__(self) -> str:
        return self.title


class MonitorMatch(SQLModel, table=True):
    """An item found by a watch, with the terms of the watch it matched."""

    __tablename__ = "monitor_matches"

    item_id: int = Field(foreign_key="monitor_items.id", primary_key=True, ondelete="CASCADE")
    watch_id: int = Field(
        foreign_key="watches.id", primary_key=True, ondelete="CASCADE", index=True
    )
    terms: list[str] = Field(default_factory=list, sa_type=JSON)  # the terms that matched
    matched_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)

    item: MonitorItem = Relationship(back_populates="matches")
    watch: Watch = Relationship()


class MonitorItemRecord(SQLModel, table=True):
    """A record an item was turned into: the record links back to the item through this."""

    __tablename__ = "monitor_item_records"
    __table_args__ = (Index("ix_monitor_item_records_record", "kind", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="monitor_items.id", ondelete="CASCADE", index=True)
    kind: ItemRecordKind = Field(sa_type=StrEnumType(ItemRecordKind))
    record_id: int  # the Response's, Milestone's, Evidence's, Commitment's or Person's id
    created_by_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL", index=True
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)

    item: MonitorItem = Relationship(back_populates="records")


class MonitorCursor(SQLModel, table=True):
    """How far one query of one source has been read: the newest item's date seen, and the
    validators (ETag, Last-Modified) the source last sent, for a conditional request."""

    __tablename__ = "monitor_cursors"
    __table_args__ = (UniqueConstraint("source", "query"),)

    id: int | None = Field(default=None, primary_key=True)
    source: MonitorSource = Field(sa_type=StrEnumType(MonitorSource))
    query: str = Field(max_length=1000)  # the search sent, or a feed's URL
    seen_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    etag: str = Field(default="", max_length=500)
    last_modified: str = Field(default="", max_length=100)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class MonitorRun(SQLModel, table=True):
    """One fetch of one source: when, how it ended, what it found. A failed run is a gap in
    checking (the health page, /monitoring/, shows it until the source is read again)."""

    __tablename__ = "monitor_runs"
    __table_args__ = (Index("ix_monitor_runs_source_started", "source", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    source: MonitorSource = Field(sa_type=StrEnumType(MonitorSource))
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ok: bool | None = Field(default=None)  # None while it runs (or if its process died)
    error: str = Field(default="", sa_type=Text)  # "HTTP 503 from https://…"
    problems: list[str] = Field(default_factory=list, sa_type=JSON)  # malformed items skipped
    requests: int = Field(default=0)
    items_seen: int = Field(default=0)
    items_new: int = Field(default=0)
    trigger: str = Field(default="scheduler", max_length=20)  # scheduler, cli, web
