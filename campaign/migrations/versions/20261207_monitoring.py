"""monitoring: watches on asks, people and organisations, the items the sources turn up, what
each became, the sources' cursors and the record of every fetch (issue 19)

Revision ID: 20261207_monitoring
Revises: 20261207_stakeholder_search
Create Date: 2026-12-07 22:39:06.186730
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate may emit sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from campaign.migrations import restore_tables, stash_table


revision: str = '20261207_monitoring'
down_revision: str | None = '20261207_stakeholder_search'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Created in this order (a table before the tables that refer to it).
TABLES = ['monitor_cursors', 'monitor_runs', 'monitor_items', 'watches', 'monitor_item_records', 'monitor_matches']


def upgrade() -> None:
    op.create_table('monitor_cursors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('query', sa.String(length=1000), nullable=False),
    sa.Column('seen_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('etag', sa.String(length=500), nullable=False),
    sa.Column('last_modified', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitor_cursors')),
    sa.UniqueConstraint('source', 'query', name=op.f('uq_monitor_cursors_source'))
    )
    op.create_table('monitor_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ok', sa.Boolean(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('requests', sa.Integer(), nullable=False),
    sa.Column('items_seen', sa.Integer(), nullable=False),
    sa.Column('items_new', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitor_runs'))
    )
    with op.batch_alter_table('monitor_runs', schema=None) as batch_op:
        batch_op.create_index('ix_monitor_runs_source_started', ['source', 'started_at'], unique=False)

    op.create_table('monitor_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('source_id', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=100), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('snippet', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('member_name', sa.String(length=200), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('organisation_name', sa.String(length=300), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('opens_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('licence', sa.String(length=500), nullable=False),
    sa.Column('raw', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('dismissed_reason', sa.Text(), nullable=False),
    sa.Column('triaged_by_id', sa.Integer(), nullable=True),
    sa.Column('triaged_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('found_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['monitor_items.id'], name=op.f('fk_monitor_items_duplicate_of_id_monitor_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_monitor_items_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_monitor_items_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['triaged_by_id'], ['users.id'], name=op.f('fk_monitor_items_triaged_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitor_items')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_monitor_items_source'))
    )
    with op.batch_alter_table('monitor_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitor_items_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitor_items_duplicate_of_id'), ['duplicate_of_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitor_items_found_at'), ['found_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitor_items_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitor_items_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitor_items_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitor_items_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitor_items_status'), ['status'], unique=False)
        batch_op.create_index('ix_monitor_items_status_date', ['status', 'date', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitor_items_triaged_by_id'), ['triaged_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitor_items_url'), ['url'], unique=False)

    op.create_table('watches',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('ask_id', sa.Integer(), nullable=True),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.Column('feeds', sa.JSON(), nullable=False),
    sa.Column('alert_level', sa.String(length=40), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ask_id'], ['asks.id'], name=op.f('fk_watches_ask_id_asks'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_watches_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_watches_owner_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_watches_person_id_people'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_watches'))
    )
    with op.batch_alter_table('watches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_watches_alert_level'), ['alert_level'], unique=False)
        batch_op.create_index(batch_op.f('ix_watches_ask_id'), ['ask_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_watches_key'), ['key'], unique=True)
        batch_op.create_index(batch_op.f('ix_watches_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_watches_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_watches_person_id'), ['person_id'], unique=False)

    op.create_table('monitor_item_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_monitor_item_records_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['monitor_items.id'], name=op.f('fk_monitor_item_records_item_id_monitor_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitor_item_records'))
    )
    with op.batch_alter_table('monitor_item_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitor_item_records_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitor_item_records_item_id'), ['item_id'], unique=False)
        batch_op.create_index('ix_monitor_item_records_record', ['kind', 'record_id'], unique=False)

    op.create_table('monitor_matches',
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('watch_id', sa.Integer(), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('matched_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['monitor_items.id'], name=op.f('fk_monitor_matches_item_id_monitor_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['watch_id'], ['watches.id'], name=op.f('fk_monitor_matches_watch_id_watches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('item_id', 'watch_id', name=op.f('pk_monitor_matches'))
    )
    with op.batch_alter_table('monitor_matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitor_matches_matched_at'), ['matched_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_monitor_matches_watch_id'), ['watch_id'], unique=False)

    restore_tables(op.get_bind(), TABLES)


def downgrade() -> None:
    # Keep the rows this downgrade drops; the upgrade reads them back (docs/architecture.md).
    for table in reversed(TABLES):
        stash_table(op.get_bind(), table, revision=revision)
    with op.batch_alter_table('monitor_matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitor_matches_watch_id'))
        batch_op.drop_index(batch_op.f('ix_monitor_matches_matched_at'))

    op.drop_table('monitor_matches')
    with op.batch_alter_table('monitor_item_records', schema=None) as batch_op:
        batch_op.drop_index('ix_monitor_item_records_record')
        batch_op.drop_index(batch_op.f('ix_monitor_item_records_item_id'))
        batch_op.drop_index(batch_op.f('ix_monitor_item_records_created_by_id'))

    op.drop_table('monitor_item_records')
    with op.batch_alter_table('watches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_watches_person_id'))
        batch_op.drop_index(batch_op.f('ix_watches_owner_id'))
        batch_op.drop_index(batch_op.f('ix_watches_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_watches_key'))
        batch_op.drop_index(batch_op.f('ix_watches_ask_id'))
        batch_op.drop_index(batch_op.f('ix_watches_alert_level'))

    op.drop_table('watches')
    with op.batch_alter_table('monitor_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitor_items_url'))
        batch_op.drop_index(batch_op.f('ix_monitor_items_triaged_by_id'))
        batch_op.drop_index('ix_monitor_items_status_date')
        batch_op.drop_index(batch_op.f('ix_monitor_items_status'))
        batch_op.drop_index(batch_op.f('ix_monitor_items_source'))
        batch_op.drop_index(batch_op.f('ix_monitor_items_person_id'))
        batch_op.drop_index(batch_op.f('ix_monitor_items_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_monitor_items_member_id'))
        batch_op.drop_index(batch_op.f('ix_monitor_items_found_at'))
        batch_op.drop_index(batch_op.f('ix_monitor_items_duplicate_of_id'))
        batch_op.drop_index(batch_op.f('ix_monitor_items_date'))

    op.drop_table('monitor_items')
    with op.batch_alter_table('monitor_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_monitor_runs_source_started')

    op.drop_table('monitor_runs')
    op.drop_table('monitor_cursors')
