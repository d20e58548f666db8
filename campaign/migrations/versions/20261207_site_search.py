"""site search: one ranked full-text index over every record (campaign/search/site.py)

SQLite: the FTS5 table `site_search` (porter tokenizer) and three triggers per table;
PostgreSQL: a GIN index on each table's tsvector expression. The index holds nothing but what
its tables hold: a downgrade drops it and an upgrade builds it again from the rows.

Revision ID: 20261207_site_search
Revises: 20261207_lines_to_take
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

from alembic import op

from campaign.search.site import SiteTable, create, drop

revision: str = "20261207_site_search"
down_revision: str | None = "20261207_lines_to_take"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# campaign.search.site.site_tables() as this revision built it (a copy: migrations keep what
# they built; a later change is a new migration).
TABLES = [
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


def upgrade() -> None:
    create(op.get_bind(), TABLES)


def downgrade() -> None:
    drop(op.get_bind(), TABLES)
