"""lines to take: the lines_to_take table (issue 16's worked example of a new kind of record)

Revision ID: 20261207_lines_to_take
Revises: 20261207_list_order
Create Date: 2026-12-07 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from campaign.migrations import restore_tables, stash_table

revision: str = "20261207_lines_to_take"
down_revision: str | None = "20261207_list_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lines_to_take",
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("line", sa.Text(), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("review_by", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lines_to_take")),
    )
    with op.batch_alter_table("lines_to_take", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_lines_to_take_key"), ["key"], unique=True)
        batch_op.create_index(batch_op.f("ix_lines_to_take_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_lines_to_take_title"), ["title"], unique=False)
    # Rows kept by a downgrade of this revision, if any, come back.
    restore_tables(op.get_bind(), ["lines_to_take"])


def downgrade() -> None:
    # Keep the rows this downgrade drops; the upgrade reads them back (docs/architecture.md).
    stash_table(op.get_bind(), "lines_to_take", revision=revision)
    with op.batch_alter_table("lines_to_take", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lines_to_take_title"))
        batch_op.drop_index(batch_op.f("ix_lines_to_take_status"))
        batch_op.drop_index(batch_op.f("ix_lines_to_take_key"))
    op.drop_table("lines_to_take")
