"""A generated briefing pack, kept exactly as it was produced so the team can always see what
was sent: its settings, who made it, and the file's bytes with their SHA-256."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import JSON, LargeBinary, Text
from sqlalchemy.orm import deferred
from sqlmodel import Column, Field, Relationship, SQLModel

from campaign.models.enums import PackClassification, PackFormat, PackStatus
from campaign.models.types import StrEnumType, UTCDateTime, utcnow

if TYPE_CHECKING:
    from campaign.models.organisations import Organisation


class Pack(SQLModel, table=True):
    __tablename__ = "packs"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=200)
    # The audience as named when the pack was made: an organisation's name is copied here so
    # the record still says who it was for if the organisation is renamed or archived.
    audience: str = Field(default="", max_length=200)
    audience_organisation_id: int | None = Field(
        default=None, foreign_key="organisations.id", ondelete="SET NULL", index=True
    )
    meeting_date: date | None = Field(default=None, index=True)
    classification: PackClassification = Field(sa_type=StrEnumType(PackClassification))
    format: PackFormat = Field(sa_type=StrEnumType(PackFormat))
    # Everything else the builder chose (asks in order, sections, next steps), as JSON: see
    # campaign.packs.options.PackOptions.to_json().
    settings: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    made_by: str = Field(default="", max_length=120)  # "Prepared by", as printed on the pack
    # The account that asked for it on the web (None from the `pack` command), with its e-mail
    # copied so the record outlives the account.
    requested_by_user_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL", index=True
    )
    requested_by: str = Field(default="", max_length=254)
    # Why the pack was made despite an inconsistent claim among its figures ('' when none was).
    claims_override: str = Field(default="", sa_type=Text)
    status: PackStatus = Field(
        default=PackStatus.QUEUED, sa_type=StrEnumType(PackStatus), index=True
    )
    progress: int = Field(default=0)  # percent
    stage: str = Field(default="", max_length=120)
    error: str = Field(default="", sa_type=Text)
    filename: str = Field(default="", max_length=200)
    size: int = Field(default=0)
    sha256: str = Field(default="", max_length=64)
    # Deferred: lists of packs never load the files.
    content: bytes | None = Field(
        default=None, sa_column=deferred(Column(LargeBinary, nullable=True))
    )
    created_at: datetime = Field(
        default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True
    )
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The process that holds the pack (queued in its pool, or generating it): host name, pid and
    # the process's start identity (so a reused pid is not mistaken for it), and the worker's
    # last sign of life. See campaign/packs/workers.py.
    worker_host: str = Field(default="", max_length=255)
    worker_pid: int | None = Field(default=None)
    worker_start: str = Field(default="", max_length=80)
    heartbeat_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    audience_organisation: Optional["Organisation"] = Relationship()

    def __str__(self) -> str:
        return self.title
