"""Links from an ask to the statistics, evidence and milestones behind it, each with a note
("used for the Meta ask as the 'more than a fifth' figure") and an order."""

from typing import TYPE_CHECKING

from sqlalchemy import Text
from sqlmodel import Field, Relationship, SQLModel

if TYPE_CHECKING:
    from campaign.models.asks import Ask
    from campaign.models.evidence import Evidence
    from campaign.models.milestones import Milestone
    from campaign.models.statistics import Statistic


class AskStatistic(SQLModel, table=True):
    __tablename__ = "ask_statistics"

    ask_id: int = Field(foreign_key="asks.id", primary_key=True, ondelete="CASCADE")
    statistic_id: int = Field(
        foreign_key="statistics.id", primary_key=True, ondelete="CASCADE", index=True
    )
    note: str = Field(default="", sa_type=Text)
    rank: int = Field(default=0)

    ask: "Ask" = Relationship(back_populates="statistic_links")
    statistic: "Statistic" = Relationship(back_populates="ask_links")


class AskEvidence(SQLModel, table=True):
    __tablename__ = "ask_evidence"

    ask_id: int = Field(foreign_key="asks.id", primary_key=True, ondelete="CASCADE")
    evidence_id: int = Field(
        foreign_key="evidence_items.id", primary_key=True, ondelete="CASCADE", index=True
    )
    note: str = Field(default="", sa_type=Text)
    rank: int = Field(default=0)

    ask: "Ask" = Relationship(back_populates="evidence_links")
    evidence: "Evidence" = Relationship(back_populates="ask_links")


class AskMilestone(SQLModel, table=True):
    __tablename__ = "ask_milestones"

    ask_id: int = Field(foreign_key="asks.id", primary_key=True, ondelete="CASCADE")
    milestone_id: int = Field(
        foreign_key="milestones.id", primary_key=True, ondelete="CASCADE", index=True
    )
    note: str = Field(default="", sa_type=Text)

    ask: "Ask" = Relationship(back_populates="milestone_links")
    milestone: "Milestone" = Relationship(back_populates="ask_links")
