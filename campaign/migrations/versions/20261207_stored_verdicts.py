"""stored verdicts: the claim checker's result kept with each statistic

Adds `statistics.claim_verdict`, `claim_reason`, `claim_honest_wording`, `claim_failed`,
`claim_flags`, `claim_rank`, `claim_flagged` and `claim_dated` (campaign/claims/stored.py,
docs/claims.md "Stored verdicts"), with the two indexes the Claims page reads, and fills them for
every existing statistic with the checker of this release, so `flask check-claims --recompute`
is needed only after a later upgrade of the checker.

A downgrade drops the columns and keeps nothing, on purpose: they hold only what the checker
computes from the statistics' own columns, and the upgrade computes them again. None has a
constraint, so SQLite adds and drops them in place.

Revision ID: 20261207_stored_verdicts
Revises: 20261207_text_search
Create Date: 2026-12-07 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate may emit sqlmodel.sql.sqltypes.AutoString)
from alembic import op
from sqlmodel import Session

from campaign.models import ordering

revision: str = "20261207_stored_verdicts"
down_revision: str | None = "20261207_text_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("claim_verdict", sa.String(length=16), None),
    ("claim_reason", sa.Text(), ""),
    ("claim_honest_wording", sa.Text(), ""),
    ("claim_failed", sa.Text(), ""),
    ("claim_flags", sa.Text(), ""),
    ("claim_rank", sa.SmallInteger(), None),
    ("claim_flagged", sa.Boolean(), False),
    ("claim_dated", sa.Date(), None),
)
COUNTS_INDEX = ("claim_rank", "archived_at", "claim_flagged", "claim_dated")
# campaign/models/ordering.py ("~label": casefold(label)); a copy, as migrations keep what
# they built.
ORDER_INDEX = ("ix_statistics_claim_order", "statistics", ("claim_rank", "~label", "key"))


def _server_default(default):
    if default is None:
        return None
    return sa.false() if default is False else sa.text("''")


def upgrade() -> None:
    for column, kind, default in COLUMNS:
        op.add_column(
            "statistics",
            sa.Column(
                column, kind, nullable=default is None, server_default=_server_default(default)
            ),
        )
    op.create_index("ix_statistics_claim_counts", "statistics", list(COUNTS_INDEX))
    ordering.create(*ORDER_INDEX)
    # The checker reads the statistics through the models, which match this revision's
    # schema while it is the newest; a later revision that changes what the checker loads
    # must fill the columns itself or ask for `flask check-claims --recompute`.
    from campaign.claims.stored import store_verdicts

    session = Session(bind=op.get_bind())
    store_verdicts(session=session)
    session.flush()


def downgrade() -> None:
    ordering.drop(*ORDER_INDEX[:2])
    op.drop_index("ix_statistics_claim_counts", table_name="statistics")
    for column, _kind, _default in reversed(COLUMNS):
        op.drop_column("statistics", column)
