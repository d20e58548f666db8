"""session version (revocable sessions); sign-in throttling replaces the account lock-out

Adds `users.session_version`, part of the id kept in the session cookie, and drops the lock-out
columns (`failed_sign_ins`, `locked_until`): failed sign-ins are now throttled per client
address and account (campaign/accounts/throttle.py), so nobody can lock an account. A downgrade
puts the lock-out columns back empty (no account locked) and keeps every other value; it keeps
`session_version` in a stash table that the next upgrade reads back, so sessions ended before
stay ended (docs/architecture.md, "Migrations").

Revision ID: 20261207_session_version
Revises: 20261125_pack_requested_by
Create Date: 2026-12-07 03:45:41.857908
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate may emit sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from campaign.migrations import restore_column, stash_column


revision: str = '20261207_session_version'
down_revision: str | None = '20261125_pack_requested_by'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_sign_ins')
    # Rows and values kept by a downgrade of this revision, if any, come back.
    restore_column(op.get_bind(), 'users', 'session_version')


def downgrade() -> None:
    # Keep the rows and values this downgrade drops; the upgrade reads them back (docs/architecture.md).
    stash_column(op.get_bind(), 'users', 'session_version', revision=revision)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_sign_ins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.drop_column('session_version')
