from datetime import date
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Text
from sqlmodel import Field, Relationship

from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import EvidenceKind, Sensitivity
from campaign.models.types import StrEnumType

if TYPE_CHECKING:
    from campaign.models.links import AskEvidence
    from campaign.models.sources import Source


class Evidence(Versioned, Tracked, table=True):
    """A case study, quote, finding or document. Case studies built from several real
    accounts are flagged composite: they must never be presented as a direct quote."""

    __tablename__ = "evidence_items"
    __natural_key__ = "key"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    title: str = Field(max_length=200, index=True)
    kind: EvidenceKind = Field(sa_type=StrEnumType(EvidenceKind), index=True)
    text: str = Field(default="", sa_type=Text)
    attribution: str = Field(default="", max_length=200)
    evidence_date: date | None = Field(default=None)
    sensitivity: Sensitivity = Field(
        default=Sensitivity.INTERNAL, sa_type=StrEnumType(Sensitivity), index=True
    )
    is_composite: bool = Field(default=False)
    source_id: int | None = Field(
        default=None, foreign_key="sources.id", ondelete="SET NULL", index=True
    )

    source: Optional["Source"] = Relationship()
    ask_links: list["AskEvidence"] = Relationship(back_populates="evidence", cascade_delete=True)

    def __str__(self) -> str:
        return self.title
