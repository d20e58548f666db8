"""people: the people and person_roles tables (issue 18), and people in the site search

Revision ID: 20261207_people
Revises: 20261207_site_search_vectors
Create Date: 2026-12-07 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from campaign.migrations import restore_tables, stash_table
from campaign.search.site import SiteTable, create, drop

revision: str = "20261207_people"
down_revision: str | None = "20261207_site_search_vectors"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# campaign.search.site.site_tables() before and after this revision (copies: migrations keep
# what they built; a later change is a new migration).
BEFORE = [
    SiteTable("organisation", 1, "organisations", "name", ("notes",)),
    SiteTable("source", 2, "sources", "title", ("publisher", "method", "coverage")),
    SiteTable(
        "statistic",
        3,
        "statistics",
        "label",
        ("published_wording", "claim", "geography", "period_label", "coverage", "caveats"),
    ),
    SiteTable(
        "evidence",
        4,
        "evidence_items",
        "title",
        ("text", "attribution"),
        hidden_when=("sensitivity", "restricted"),
    ),
    SiteTable("milestone", 5, "milestones", "title", ("description",)),
    SiteTable("line", 6, "lines_to_take", "title", ("line", "context")),
    SiteTable("ask", 7, "asks", "title", ("summary", "owner")),
    SiteTable("response", 8, "responses", "title", ("summary",)),
]
AFTER = [*BEFORE, SiteTable("person", 9, "people", "name", ("party", "constituency", "notes"))]


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("party", sa.String(length=100), nullable=False),
        sa.Column("constituency", sa.String(length=200), nullable=False),
        sa.Column("house", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("parliament_member_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("parliament_member_id", name=op.f("uq_people_parliament_member_id")),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_key"), ["key"], unique=True)
        batch_op.create_index(batch_op.f("ix_people_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_name"), ["name"], unique=False)
    op.create_table(
        "person_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_person_roles_organisation_id_organisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_roles_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_roles")),
    )
    with op.batch_alter_table("person_roles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_person_roles_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_person_roles_person_id"), ["person_id"], unique=False)
    # Rows kept by a downgrade of this revision, if any, come back (parents first).
    restore_tables(op.get_bind(), ["people", "person_roles"])
    # The site search index holds only what its tables hold: built again with people in it.
    drop(op.get_bind(), BEFORE)
    create(op.get_bind(), AFTER, layout=2)


def downgrade() -> None:
    drop(op.get_bind(), AFTER)
    create(op.get_bind(), BEFORE, layout=2)
    # Keep the rows this downgrade drops; the upgrade reads them back (docs/architecture.md).
    stash_table(op.get_bind(), "person_roles", revision=revision)
    stash_table(op.get_bind(), "people", revision=revision)
    with op.batch_alter_table("person_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_roles_person_id"))
        batch_op.drop_index(batch_op.f("ix_person_roles_organisation_id"))
    op.drop_table("person_roles")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_name"))
        batch_op.drop_index(batch_op.f("ix_people_kind"))
        batch_op.drop_index(batch_op.f("ix_people_key"))
    op.drop_table("people")
