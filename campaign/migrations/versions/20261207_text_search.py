"""text search: full-text indexes for the evidence and statistics `?q=` filters

SQLite: contentless FTS5 tables `evidence_items_search` and `statistics_search` (trigram
tokenizer: substring matching) filled from the rows already there and kept in sync by
triggers. PostgreSQL: the `pg_trgm` extension and a GIN trigram index per searchable column.
See docs/search.md and campaign/search/indexes.py.

The indexes hold nothing but what their tables hold, so a downgrade drops them without
losing data (and the next upgrade builds them again from the rows). The `pg_trgm` extension
stays installed after a downgrade.

Revision ID: 20261207_text_search
Revises: 20261207_returns_ranges
Create Date: 2026-12-07 07:00:00
"""

from collections.abc import Sequence

import sqlmodel  # noqa: F401  (autogenerate may emit sqlmodel.sql.sqltypes.AutoString)
from alembic import op

from campaign.search.indexes import SearchColumn, SearchIndex, create, drop

revision: str = "20261207_text_search"
down_revision: str | None = "20261207_returns_ranges"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The indexes as this revision builds them (a copy of campaign.search.INDEXES at the time:
# a later change to that description is a new revision).
_RESTRICTED = ("sensitivity", "restricted")
INDEXES = (
    SearchIndex(
        "evidence_items",
        (
            SearchColumn("title"),
            SearchColumn("text", hidden_when=_RESTRICTED),
            SearchColumn("attribution", hidden_when=_RESTRICTED),
        ),
    ),
    SearchIndex(
        "statistics",
        (
            SearchColumn("label"),
            SearchColumn("published_wording"),
            SearchColumn("claim"),
            SearchColumn("geography"),
        ),
    ),
)


def upgrade() -> None:
    for index in INDEXES:
        create(op.get_bind(), index)


def downgrade() -> None:
    for index in reversed(INDEXES):
        drop(op.get_bind(), index)
