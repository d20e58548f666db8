"""The audit log: who signed in (or failed to), exported, imported, generated a pack or read
restricted evidence. Rows are written in their own short transactions (campaign.audit), so an
event outlives a request that rolls back; they are never edited."""

from datetime import datetime

from sqlalchemy import JSON, Text
from sqlmodel import Column, Field, SQLModel

from campaign.models.enums import AuditKind
from campaign.models.types import StrEnumType, UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_events"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False, index=True)
    kind: AuditKind = Field(sa_type=StrEnumType(AuditKind), index=True)
    actor_user_id: int | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL", index=True
    )
    # Copied, so the event still names its actor after the account is renamed or removed (and
    # names the address typed at a refused sign-in, which may have no account).
    actor_email: str = Field(default="", max_length=254, index=True)
    subject: str = Field(default="", sa_type=Text)  # what it concerns: "pack 12", "evidence x"
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    ip: str = Field(default="", max_length=64)
