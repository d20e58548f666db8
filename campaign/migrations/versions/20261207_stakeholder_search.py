"""stakeholder search: interactions and commitments in the site search (issue 18)

Revision ID: 20261207_stakeholder_search
Revises: 20261207_stakeholders
Create Date: 2026-12-07 21:00:00
"""

from collections.abc import Sequence

from alembic import op

from campaign.search.site import SiteTable, create, drop

revision: str = "20261207_stakeholder_search"
down_revision: str | None = "20261207_stakeholders"
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
    SiteTable("person", 9, "people", "name", ("party", "constituency", "notes")),
]
AFTER = [
    *BEFORE,
    SiteTable("interaction", 10, "interactions", "title", ("location", "summary", "notes")),
    SiteTable("commitment", 11, "commitments", "title", ("detail", "made_to", "source_note")),
]


def upgrade() -> None:
    # The site search index holds only what its tables hold: built again with the new kinds.
    drop(op.get_bind(), BEFORE)
    create(op.get_bind(), AFTER, layout=2)


def downgrade() -> None:
    drop(op.get_bind(), AFTER)
    create(op.get_bind(), BEFORE, layout=2)
