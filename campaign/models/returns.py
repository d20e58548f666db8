"""FOI returns: what each police force sent back, per period, kept row by row so the statistics
built from them (totals, coverage, comparable-force subsets) can be re-derived and audited."""

from datetime import date, datetime

from sqlalchemy import Text, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from campaign.models.types import UTCDateTime, utcnow


class ReturnImport(SQLModel, table=True):
    """One imported returns file: which source it answers, and the file's fingerprint."""

    __tablename__ = "return_imports"

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="sources.id", ondelete="RESTRICT", index=True)
    filename: str = Field(default="", max_length=255)
    sha256: str = Field(default="", max_length=64)
    rows: int = Field(default=0)
    imported_by: str = Field(default="", max_length=120)
    imported_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class ForceReturn(SQLModel, table=True):
    """One force's return for one period. `offences` is None when the force was asked but gave
    no usable data: it still counts among the forces asked. A suppressed small number is the
    range `offences` to `offences_max`."""

    __tablename__ = "force_returns"
    __table_args__ = (UniqueConstraint("source_id", "force", "period_label"),)

    id: int | None = Field(default=None, primary_key=True)
    import_id: int = Field(foreign_key="return_imports.id", ondelete="CASCADE", index=True)
    source_id: int = Field(foreign_key="sources.id", ondelete="RESTRICT", index=True)
    force: str = Field(max_length=120, index=True)  # the canonical name from the forces list
    period_label: str = Field(max_length=40)
    period_start: date | None = Field(default=None)
    period_end: date | None = Field(default=None)
    offences: int | None = Field(default=None)
    # A suppressed figure ("<5", "[c]", "1-4") is the range offences..offences_max; None: exact.
    offences_max: int | None = Field(default=None)
    note: str = Field(default="", sa_type=Text)
    row_number: int = Field(default=0)  # the row in the imported file, for messages and audit

    platforms: list["ForceReturnPlatform"] = Relationship(
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "ForceReturnPlatform.platform",
        }
    )


class ForceReturnPlatform(SQLModel, table=True):
    """Of a force's offences in the period, how many involved this platform."""

    __tablename__ = "force_return_platforms"

    return_id: int = Field(foreign_key="force_returns.id", primary_key=True, ondelete="CASCADE")
    platform: str = Field(max_length=80, primary_key=True)
    count: int
