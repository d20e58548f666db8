from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Index, SmallInteger, Text
from sqlmodel import Field, Relationship, SQLModel

from campaign.models.base import KEY_LENGTH, Tracked, Versioned
from campaign.models.enums import StatisticFormula, StatisticUnit
from campaign.models.types import DecimalText, StrEnumType

if TYPE_CHECKING:
    from campaign.models.links import AskStatistic
    from campaign.models.sources import Source


class Statistic(Versioned, Tracked, table=True):
    """One figure, exactly as published, with its period, coverage, caveats and source.

    `published_wording` is the claim as it appears in public ("almost half (44%)"); `basis`
    says what it was computed from ("4,312 of 9,876 platform-identified instances").
    """

    __tablename__ = "statistics"
    __natural_key__ = "key"
    # What a person writes about a figure, listed once: the form, the service, bundles and FOI
    # return imports carry these (`source_id`, the formula and its inputs are references).
    __content__ = (
        "label", "value", "value_max", "unit", "period_label", "period_start", "period_end",
        "geography", "coverage", "caveats", "as_of", "published_wording", "claim", "basis",
        "chart", "chart_label",
    )  # fmt: skip
    # Written by the claim checker, never typed by anyone (see the columns below).
    __computed__ = (
        "claim_verdict", "claim_reason", "claim_honest_wording", "claim_failed", "claim_flags",
        "claim_rank", "claim_flagged", "claim_dated",
    )  # fmt: skip

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True, index=True)
    label: str = Field(max_length=300, index=True)
    value: Decimal = Field(sa_type=DecimalText)
    # A range's upper bound (`value` is then its lower bound): a total including suppressed
    # small numbers ("<5") lies between the two. None: `value` is exact.
    value_max: Decimal | None = Field(default=None, sa_type=DecimalText, nullable=True)
    unit: StatisticUnit = Field(sa_type=StrEnumType(StatisticUnit))
    period_label: str = Field(default="", max_length=40)
    period_start: date | None = Field(default=None)
    period_end: date | None = Field(default=None)
    geography: str = Field(default="", max_length=120)
    coverage: str = Field(default="", sa_type=Text)
    caveats: str = Field(default="", sa_type=Text)
    as_of: date | None = Field(default=None)
    published_wording: str = Field(default="", max_length=300)
    basis: str = Field(default="", sa_type=Text)
    # Statistics sharing a chart title are drawn together (offences by year; platforms), each
    # as one bar labelled `chart_label`, or its period when that is blank.
    chart: str = Field(default="", max_length=120, index=True)
    chart_label: str = Field(default="", max_length=80)
    # A derived statistic: `formula` over its inputs (StatisticInput rows, in order), recomputed
    # exactly into `computed_value` whenever an input changes. `value` stays the figure as
    # published ("25"), so the claim checker can compare the two.
    formula: StatisticFormula | None = Field(
        default=None, sa_type=StrEnumType(StatisticFormula), nullable=True
    )
    computed_value: Decimal | None = Field(default=None, sa_type=DecimalText, nullable=True)
    # The claim as published, in its exact words ("a 25% increase", "almost half (44%)", "more
    # than 33,000"): what the claim checker parses and tests against the (computed) value.
    claim: str = Field(default="", max_length=200)
    source_id: int | None = Field(
        default=None, foreign_key="sources.id", ondelete="SET NULL", index=True
    )
    # The claim checker's stored result (campaign/claims/stored.py, docs/claims.md "Stored
    # verdicts"): verdict (NULL: not checked, no claim and no formula), reason, honest wording,
    # the phrases that failed (JSON list) and the flags that do not depend on today (JSON
    # [[kind, message], …]). "Out of date" depends on today and is never stored. Kept up to date
    # when the statistic, its inputs or its source change (campaign/claims/upkeep.py); rebuilt
    # by `flask check-claims --recompute`.
    claim_verdict: str | None = Field(default=None, max_length=16, nullable=True)
    claim_reason: str = Field(default="", sa_type=Text)
    claim_honest_wording: str = Field(default="", sa_type=Text)
    claim_failed: str = Field(default="", sa_type=Text)
    claim_flags: str = Field(default="", sa_type=Text)
    # For the Claims page's SQL (campaign/claims/listing.py), beside the result: the verdict's
    # place in the checker's order (0 inconsistent, 1 unverifiable, 2 consistent; NULL: not
    # checked), whether any flag is stored, and the date the figure is dated by (as of, else
    # period end, else its source's publication date), from which "out of date" is worked out.
    claim_rank: int | None = Field(default=None, sa_type=SmallInteger, nullable=True)
    claim_flagged: bool = Field(default=False)
    claim_dated: date | None = Field(default=None, nullable=True)

    source: Optional["Source"] = Relationship()
    ask_links: list["AskStatistic"] = Relationship(back_populates="statistic", cascade_delete=True)
    inputs: list["StatisticInput"] = Relationship(
        sa_relationship_kwargs={
            "primaryjoin": "Statistic.id == StatisticInput.statistic_id",
            "order_by": "StatisticInput.position",
            "cascade": "all, delete-orphan",
        },
    )

    def __str__(self) -> str:
        return self.label


class StatisticInput(SQLModel, table=True):
    """One input of a derived statistic, by position: (from, to), (part, whole), (a, b, …)."""

    __tablename__ = "statistic_inputs"

    statistic_id: int = Field(foreign_key="statistics.id", primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    # RESTRICT: statistics are archived, never deleted, while a formula uses them.
    input_id: int = Field(foreign_key="statistics.id", ondelete="RESTRICT", index=True)

    input: Statistic = Relationship(
        sa_relationship_kwargs={"foreign_keys": "StatisticInput.input_id", "lazy": "joined"}
    )


# The Claims page counts per verdict from this index alone (migration 20261207_stored_verdicts;
# its order index is an expression index: campaign/models/ordering.py).
Index(
    "ix_statistics_claim_counts",
    Statistic.claim_rank,
    Statistic.archived_at,
    Statistic.claim_flagged,
    Statistic.claim_dated,
)
# The Period filter's distinct values, from the index alone (migration 20261207_list_order).
Index("ix_statistics_period_label", Statistic.period_label, Statistic.archived_at)
