"""claims and returns: derived statistics (formula, computed value, inputs), FOI returns per
force, and the claims override recorded on a pack

Revision ID: 20261124_claims_and_returns
Revises: 20261124_packs_and_charts
Create Date: 2026-11-24 22:08:56.568927
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate may emit sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from campaign.migrations import restore_column, restore_tables, stash_column, stash_table


revision: str = '20261124_claims_and_returns'
down_revision: str | None = '20261124_packs_and_charts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('return_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('imported_by', sa.String(length=120), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_return_imports_source_id_sources'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_return_imports'))
    )
    with op.batch_alter_table('return_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_return_imports_source_id'), ['source_id'], unique=False)

    op.create_table('force_returns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('force', sa.String(length=120), nullable=False),
    sa.Column('period_label', sa.String(length=40), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('offences', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['import_id'], ['return_imports.id'], name=op.f('fk_force_returns_import_id_return_imports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_force_returns_source_id_sources'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_force_returns')),
    sa.UniqueConstraint('source_id', 'force', 'period_label', name=op.f('uq_force_returns_source_id'))
    )
    with op.batch_alter_table('force_returns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_force_returns_force'), ['force'], unique=False)
        batch_op.create_index(batch_op.f('ix_force_returns_import_id'), ['import_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_force_returns_source_id'), ['source_id'], unique=False)

    op.create_table('statistic_inputs',
    sa.Column('statistic_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('input_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['input_id'], ['statistics.id'], name=op.f('fk_statistic_inputs_input_id_statistics'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['statistic_id'], ['statistics.id'], name=op.f('fk_statistic_inputs_statistic_id_statistics'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('statistic_id', 'position', name=op.f('pk_statistic_inputs'))
    )
    with op.batch_alter_table('statistic_inputs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statistic_inputs_input_id'), ['input_id'], unique=False)

    op.create_table('force_return_platforms',
    sa.Column('return_id', sa.Integer(), nullable=False),
    sa.Column('platform', sa.String(length=80), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['return_id'], ['force_returns.id'], name=op.f('fk_force_return_platforms_return_id_force_returns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('return_id', 'platform', name=op.f('pk_force_return_platforms'))
    )
    with op.batch_alter_table('packs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claims_override', sa.Text(), nullable=False, server_default=''))

    with op.batch_alter_table('statistics', schema=None) as batch_op:
        batch_op.add_column(sa.Column('formula', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('computed_value', sa.String(length=48), nullable=True))
        batch_op.add_column(sa.Column('claim', sa.String(length=200), nullable=False, server_default=''))
    # Rows and values kept by a downgrade of this revision, if any, come back.
    restore_tables(op.get_bind(), ['return_imports', 'force_returns', 'statistic_inputs', 'force_return_platforms'])
    restore_column(op.get_bind(), 'statistics', 'formula')
    restore_column(op.get_bind(), 'statistics', 'computed_value')
    restore_column(op.get_bind(), 'statistics', 'claim')
    restore_column(op.get_bind(), 'packs', 'claims_override')


def downgrade() -> None:
    # Keep the rows and values this downgrade drops; the upgrade reads them back (docs/architecture.md).
    stash_column(op.get_bind(), 'statistics', 'formula', revision=revision)
    stash_column(op.get_bind(), 'statistics', 'computed_value', revision=revision)
    stash_column(op.get_bind(), 'statistics', 'claim', revision=revision)
    stash_column(op.get_bind(), 'packs', 'claims_override', revision=revision)
    stash_table(op.get_bind(), 'return_imports', revision=revision)
    stash_table(op.get_bind(), 'force_returns', revision=revision)
    stash_table(op.get_bind(), 'statistic_inputs', revision=revision)
    stash_table(op.get_bind(), 'force_return_platforms', revision=revision)
    with op.batch_alter_table('statistics', schema=None) as batch_op:
        batch_op.drop_column('claim')
        batch_op.drop_column('computed_value')
        batch_op.drop_column('formula')

    with op.batch_alter_table('packs', schema=None) as batch_op:
        batch_op.drop_column('claims_override')

    op.drop_table('force_return_platforms')
    with op.batch_alter_table('statistic_inputs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statistic_inputs_input_id'))

    op.drop_table('statistic_inputs')
    with op.batch_alter_table('force_returns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_force_returns_source_id'))
        batch_op.drop_index(batch_op.f('ix_force_returns_import_id'))
        batch_op.drop_index(batch_op.f('ix_force_returns_force'))

    op.drop_table('force_returns')
    with op.batch_alter_table('return_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_return_imports_source_id'))

    op.drop_table('return_imports')
