"""briefing packs (the packs table) and chart grouping on statistics

Revision ID: 20261124_packs_and_charts
Revises: 20261124_delivery_note
Create Date: 2026-11-24 21:29:32.792884
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate may emit sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from campaign.migrations import restore_column, restore_tables, stash_column, stash_table


revision: str = '20261124_packs_and_charts'
down_revision: str | None = '20261124_delivery_note'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('packs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('audience', sa.String(length=200), nullable=False),
    sa.Column('audience_organisation_id', sa.Integer(), nullable=True),
    sa.Column('meeting_date', sa.Date(), nullable=True),
    sa.Column('classification', sa.String(length=40), nullable=False),
    sa.Column('format', sa.String(length=40), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('made_by', sa.String(length=120), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=120), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['audience_organisation_id'], ['organisations.id'], name=op.f('fk_packs_audience_organisation_id_organisations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packs'))
    )
    with op.batch_alter_table('packs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packs_audience_organisation_id'), ['audience_organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_packs_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_packs_meeting_date'), ['meeting_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_packs_status'), ['status'], unique=False)

    # Server defaults, so existing statistics get '' (no chart) on both databases.
    with op.batch_alter_table('statistics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chart', sa.String(length=120), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('chart_label', sa.String(length=80), nullable=False, server_default=''))
        batch_op.create_index(batch_op.f('ix_statistics_chart'), ['chart'], unique=False)
    # Rows and values kept by a downgrade of this revision, if any, come back.
    restore_tables(op.get_bind(), ['packs'])
    restore_column(op.get_bind(), 'statistics', 'chart')
    restore_column(op.get_bind(), 'statistics', 'chart_label')


def downgrade() -> None:
    # Keep the rows and values this downgrade drops; the upgrade reads them back (docs/architecture.md).
    stash_column(op.get_bind(), 'statistics', 'chart', revision=revision)
    stash_column(op.get_bind(), 'statistics', 'chart_label', revision=revision)
    stash_table(op.get_bind(), 'packs', revision=revision)
    with op.batch_alter_table('statistics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statistics_chart'))
        batch_op.drop_column('chart_label')
        batch_op.drop_column('chart')

    with op.batch_alter_table('packs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packs_status'))
        batch_op.drop_index(batch_op.f('ix_packs_meeting_date'))
        batch_op.drop_index(batch_op.f('ix_packs_created_at'))
        batch_op.drop_index(batch_op.f('ix_packs_audience_organisation_id'))

    op.drop_table('packs')
