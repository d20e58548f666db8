"""delivery note: why a delivery was missed, cancelled or only logged

Revision ID: 20261124_delivery_note
Revises: 20261124_reminders
Create Date: 2026-11-24 20:16:11.468772
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate may emit sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from campaign.migrations import restore_column, stash_column


revision: str = '20261124_delivery_note'
down_revision: str | None = '20261124_reminders'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A server default, so existing rows get '' on both SQLite and PostgreSQL.
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note', sa.Text(), nullable=False, server_default=''))
    # Rows and values kept by a downgrade of this revision, if any, come back.
    restore_column(op.get_bind(), 'deliveries', 'note')


def downgrade() -> None:
    # Keep the rows and values this downgrade drops; the upgrade reads them back (docs/architecture.md).
    stash_column(op.get_bind(), 'deliveries', 'note', revision=revision)
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_column('note')
