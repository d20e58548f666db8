"""list order: indexes for the lists' default order and the Period filter

The statistics and evidence lists (and the ask page's link choices) order by label or title
ignoring case, then id: with these indexes (campaign/models/ordering.py: `lower(label)` on
PostgreSQL, `label COLLATE NOCASE` on SQLite) the first page is read in order instead of
sorting 50,000 rows (docs/benchmarks.md, issue 15). `ix_statistics_period_label` gives the
Period filter's distinct values from the index alone. Indexes hold no data: a downgrade drops
them and an upgrade builds them again.

Revision ID: 20261207_list_order
Revises: 20261207_stored_verdicts
Create Date: 2026-12-07 13:00:00
"""

from collections.abc import Sequence

from alembic import op

from campaign.models import ordering

revision: str = "20261207_list_order"
down_revision: str | None = "20261207_stored_verdicts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# campaign/models/ordering.py ("~label": casefold(label)); a copy, as migrations keep what
# they built.
ORDER_INDEXES = (
    ("ix_statistics_label_order", "statistics", ("~label", "id")),
    ("ix_evidence_items_title_order", "evidence_items", ("~title", "id")),
)


def upgrade() -> None:
    op.create_index("ix_statistics_period_label", "statistics", ["period_label", "archived_at"])
    for name, table, expressions in ORDER_INDEXES:
        ordering.create(name, table, expressions)


def downgrade() -> None:
    for name, table, _expressions in reversed(ORDER_INDEXES):
        ordering.drop(name, table)
    op.drop_index("ix_statistics_period_label", table_name="statistics")
