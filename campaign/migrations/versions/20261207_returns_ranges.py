"""returns ranges: suppressed small numbers ("<5", "[c]", "1-4") kept as ranges

Adds `statistics.value_max` (a range's upper bound; `value` is then its lower bound; NULL:
`value` is exact) and `force_returns.offences_max` (a suppressed figure's upper bound). See
docs/returns.md.

A downgrade keeps every value it drops: the non-empty ranges are copied, by primary key, into
stash tables (campaign.migrations.stash_column) and the next upgrade sets them back. While
downgraded, a ranged statistic shows its lower bound alone, and its coverage still says "at
least" and names the suppressed forces (docs/operations.md, docs/returns.md). Both columns are
plain (no index, no constraint), so SQLite adds and drops them in place.

Revision ID: 20261207_returns_ranges
Revises: 20261207_pack_worker
Create Date: 2026-12-07 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate may emit sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from campaign.migrations import restore_column, stash_column

revision: str = "20261207_returns_ranges"
down_revision: str | None = "20261207_pack_worker"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("statistics", "value_max", sa.String(length=48)),
    ("force_returns", "offences_max", sa.Integer()),
)


def upgrade() -> None:
    for table, column, kind in COLUMNS:
        op.add_column(table, sa.Column(column, kind, nullable=True))
        # Values kept by a downgrade of this revision, if any, come back.
        restore_column(op.get_bind(), table, column)


def downgrade() -> None:
    for table, column, _ in reversed(COLUMNS):
        # Keep the ranges this downgrade drops; the upgrade reads them back.
        stash_column(op.get_bind(), table, column, revision=revision)
        op.drop_column(table, column)
