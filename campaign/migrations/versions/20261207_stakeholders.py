"""stakeholders: people's tags and personal-data fields, stances, interactions (with their
attendees, asks and follow-up actions), commitments and their status changes (issue 18), and
the subject of a reminder that is about none of a milestone or a response

Revision ID: 20261207_stakeholders
Revises: 20261207_people
Create Date: 2026-12-07 19:16:58.281704
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate may emit sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from campaign.migrations import restore_column, restore_tables, stash_column, stash_table


revision: str = '20261207_stakeholders'
down_revision: str | None = '20261207_people'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Created in this order (a table before the tables that refer to it).
TABLES = ['person_tags', 'interactions', 'commitments', 'follow_up_actions', 'interaction_asks', 'interaction_organisations', 'interaction_people', 'interaction_users', 'stances', 'commitment_changes']
PERSON_COLUMNS = ('lawful_basis', 'data_source', 'erased_at')


def upgrade() -> None:
    op.create_table('person_tags',
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_person_tags_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_person_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('person_id', 'tag_id', name=op.f('pk_person_tags'))
    )
    with op.batch_alter_table('person_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_tags_tag_id'), ['tag_id'], unique=False)

    op.create_table('interactions',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_interactions_response_id_responses'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interactions'))
    )
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interactions_key'), ['key'], unique=True)
        batch_op.create_index(batch_op.f('ix_interactions_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_interactions_occurred_at'), ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_interactions_response_id'), ['response_id'], unique=False)

    op.create_table('commitments',
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('made_to', sa.String(length=200), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('due_precision', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('interaction_id', sa.Integer(), nullable=True),
    sa.Column('source_note', sa.Text(), nullable=False),
    sa.Column('source_url', sa.String(length=1000), nullable=True),
    sa.Column('ask_id', sa.Integer(), nullable=True),
    sa.Column('milestone_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['ask_id'], ['asks.id'], name=op.f('fk_commitments_ask_id_asks'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_commitments_interaction_id_interactions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['milestone_id'], ['milestones.id'], name=op.f('fk_commitments_milestone_id_milestones'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_commitments_organisation_id_organisations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_commitments_person_id_people'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_commitments_response_id_responses'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitments'))
    )
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitments_ask_id'), ['ask_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_interaction_id'), ['interaction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_key'), ['key'], unique=True)
        batch_op.create_index(batch_op.f('ix_commitments_milestone_id'), ['milestone_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_response_id'), ['response_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_status'), ['status'], unique=False)

    op.create_table('follow_up_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=500), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_follow_up_actions_interaction_id_interactions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_follow_up_actions_owner_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_follow_up_actions'))
    )
    with op.batch_alter_table('follow_up_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_actions_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_actions_interaction_id'), ['interaction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_follow_up_actions_owner_id'), ['owner_id'], unique=False)

    op.create_table('interaction_asks',
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('ask_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['ask_id'], ['asks.id'], name=op.f('fk_interaction_asks_ask_id_asks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_interaction_asks_interaction_id_interactions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('interaction_id', 'ask_id', name=op.f('pk_interaction_asks'))
    )
    with op.batch_alter_table('interaction_asks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interaction_asks_ask_id'), ['ask_id'], unique=False)

    op.create_table('interaction_organisations',
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_interaction_organisations_interaction_id_interactions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_interaction_organisations_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('interaction_id', 'organisation_id', name=op.f('pk_interaction_organisations'))
    )
    with op.batch_alter_table('interaction_organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interaction_organisations_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('interaction_people',
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_interaction_people_interaction_id_interactions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_interaction_people_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('interaction_id', 'person_id', name=op.f('pk_interaction_people'))
    )
    with op.batch_alter_table('interaction_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interaction_people_person_id'), ['person_id'], unique=False)

    op.create_table('interaction_users',
    sa.Column('interaction_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_interaction_users_interaction_id_interactions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_interaction_users_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('interaction_id', 'user_id', name=op.f('pk_interaction_users'))
    )
    with op.batch_alter_table('interaction_users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interaction_users_user_id'), ['user_id'], unique=False)

    op.create_table('stances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('ask_id', sa.Integer(), nullable=False),
    sa.Column('stance', sa.String(length=40), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('assessed_by_id', sa.Integer(), nullable=True),
    sa.Column('interaction_id', sa.Integer(), nullable=True),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('recheck_by', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['ask_id'], ['asks.id'], name=op.f('fk_stances_ask_id_asks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['assessed_by_id'], ['users.id'], name=op.f('fk_stances_assessed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_stances_interaction_id_interactions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_stances_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_stances_response_id_responses'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stances'))
    )
    with op.batch_alter_table('stances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stances_ask_id'), ['ask_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stances_assessed_by_id'), ['assessed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stances_assessed_on'), ['assessed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_stances_interaction_id'), ['interaction_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stances_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_stances_recheck_by'), ['recheck_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_stances_response_id'), ['response_id'], unique=False)

    op.create_table('commitment_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('old_status', sa.String(length=40), nullable=False),
    sa.Column('new_status', sa.String(length=40), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('evidence_url', sa.String(length=1000), nullable=True),
    sa.Column('response_id', sa.Integer(), nullable=True),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['users.id'], name=op.f('fk_commitment_changes_changed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_commitment_changes_commitment_id_commitments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], name=op.f('fk_commitment_changes_response_id_responses'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment_changes'))
    )
    with op.batch_alter_table('commitment_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_changes_changed_by_id'), ['changed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitment_changes_commitment_id'), ['commitment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitment_changes_response_id'), ['response_id'], unique=False)

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.String(length=100), nullable=True))
        batch_op.create_index(batch_op.f('ix_deliveries_subject'), ['subject'], unique=False)

    with op.batch_alter_table('people', schema=None) as batch_op:
        # Server defaults, so the people already held get a basis and '' on both databases.
        batch_op.add_column(
            sa.Column(
                'lawful_basis',
                sa.String(length=40),
                nullable=False,
                server_default='legitimate_interests',
            )
        )
        batch_op.add_column(sa.Column('data_source', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))

    # Rows and values kept by a downgrade of this revision, if any, come back (parents first).
    restore_tables(op.get_bind(), TABLES)
    for column in PERSON_COLUMNS:
        restore_column(op.get_bind(), 'people', column)
    restore_column(op.get_bind(), 'deliveries', 'subject')


def downgrade() -> None:
    # Keep the rows and values this downgrade drops; the upgrade reads them back
    # (docs/architecture.md). Children first, so each stash holds what its parent kept.
    for table in reversed(TABLES):
        stash_table(op.get_bind(), table, revision=revision)
    for column in PERSON_COLUMNS:
        stash_column(op.get_bind(), 'people', column, revision=revision)
    stash_column(op.get_bind(), 'deliveries', 'subject', revision=revision)
    with op.batch_alter_table('people', schema=None) as batch_op:
        batch_op.drop_column('erased_at')
        batch_op.drop_column('data_source')
        batch_op.drop_column('lawful_basis')

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_subject'))
        batch_op.drop_column('subject')

    with op.batch_alter_table('commitment_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_changes_response_id'))
        batch_op.drop_index(batch_op.f('ix_commitment_changes_commitment_id'))
        batch_op.drop_index(batch_op.f('ix_commitment_changes_changed_by_id'))

    op.drop_table('commitment_changes')
    with op.batch_alter_table('stances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stances_response_id'))
        batch_op.drop_index(batch_op.f('ix_stances_recheck_by'))
        batch_op.drop_index(batch_op.f('ix_stances_person_id'))
        batch_op.drop_index(batch_op.f('ix_stances_interaction_id'))
        batch_op.drop_index(batch_op.f('ix_stances_assessed_on'))
        batch_op.drop_index(batch_op.f('ix_stances_assessed_by_id'))
        batch_op.drop_index(batch_op.f('ix_stances_ask_id'))

    op.drop_table('stances')
    with op.batch_alter_table('interaction_users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interaction_users_user_id'))

    op.drop_table('interaction_users')
    with op.batch_alter_table('interaction_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interaction_people_person_id'))

    op.drop_table('interaction_people')
    with op.batch_alter_table('interaction_organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interaction_organisations_organisation_id'))

    op.drop_table('interaction_organisations')
    with op.batch_alter_table('interaction_asks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interaction_asks_ask_id'))

    op.drop_table('interaction_asks')
    with op.batch_alter_table('follow_up_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_actions_owner_id'))
        batch_op.drop_index(batch_op.f('ix_follow_up_actions_interaction_id'))
        batch_op.drop_index(batch_op.f('ix_follow_up_actions_due_on'))

    op.drop_table('follow_up_actions')
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitments_status'))
        batch_op.drop_index(batch_op.f('ix_commitments_response_id'))
        batch_op.drop_index(batch_op.f('ix_commitments_person_id'))
        batch_op.drop_index(batch_op.f('ix_commitments_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_commitments_milestone_id'))
        batch_op.drop_index(batch_op.f('ix_commitments_key'))
        batch_op.drop_index(batch_op.f('ix_commitments_interaction_id'))
        batch_op.drop_index(batch_op.f('ix_commitments_due_on'))
        batch_op.drop_index(batch_op.f('ix_commitments_ask_id'))

    op.drop_table('commitments')
    with op.batch_alter_table('interactions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interactions_response_id'))
        batch_op.drop_index(batch_op.f('ix_interactions_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_interactions_kind'))
        batch_op.drop_index(batch_op.f('ix_interactions_key'))

    op.drop_table('interactions')
    with op.batch_alter_table('person_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_tags_tag_id'))

    op.drop_table('person_tags')
