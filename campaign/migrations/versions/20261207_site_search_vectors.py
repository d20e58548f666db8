"""site search, layout 2: an index that pages and filters without reading every match's text

SQLite: `site_search` rebuilt as FTS5 (title, body) with the kind, the id and whether a row is
archived or restricted in its rowid, `code << 40 | id << 2 | flags`, and its triggers to match.
PostgreSQL: a stored generated column `search_vector` per searched table, with a GIN index on
it, instead of the GIN index on the tsvector expression (campaign/search/site.py). The index
holds nothing but what its tables hold: both directions drop it and build the other layout
again from the rows.

Revision ID: 20261207_site_search_vectors
Revises: 20261207_site_search
Create Date: 2026-12-07 17:00:00
"""

from collections.abc import Sequence

from alembic import op

from campaign.search.site import SiteTable, create, drop

revision: str = "20261207_site_search_vectors"
down_revision: str | None = "20261207_site_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# campaign.search.site.site_tables() as this revision built it (a copy: migrations keep what
# they built; a later change is a new migration). The same as 20261207_site_search's.
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
    drop(op.get_bind(), TABLES)
    create(op.get_bind(), TABLES, layout=2)


def downgrade() -> None:
    drop(op.get_bind(), TABLES)
    create(op.get_bind(), TABLES, layout=1)
