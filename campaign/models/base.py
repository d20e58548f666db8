"""Shared metadata and columns. Imported before any table model so the naming convention
applies to every constraint (Alembic batch mode on SQLite needs named constraints)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from campaign.models.types import UTCDateTime, utcnow

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

KEY_LENGTH = 120


class Tracked(SQLModel):
    """Timestamps and soft delete: nothing is hard-deleted from the UI."""

    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(
        default_factory=utcnow,
        sa_type=UTCDateTime,
        nullable=False,
        sa_column_kwargs={"onupdate": utcnow},
    )
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Versioned(SQLModel):
    """Optimistic locking: SQLAlchemy adds `WHERE version = <the version read>` to every
    UPDATE and bumps it, so a save over a change made meanwhile fails (StaleDataError) instead
    of overwriting it. Forms carry the version they were read at (campaign.revisions)."""

    version: int = Field(default=1, nullable=False, sa_column_kwargs={"server_default": "1"})

    @declared_attr
    def __mapper_args__(cls):  # noqa: N805  (a declarative class attribute)
        return {"version_id_col": cls.__table__.c.version}
