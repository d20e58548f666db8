"""Text search over the database's full-text indexes (docs/search.md).

`indexes.INDEXES` is the one description of which columns of which tables are searchable;
the migration that builds the indexes (SQLite FTS5 tables kept in sync by triggers,
PostgreSQL `pg_trgm` GIN indexes), the list pages' `?q=` filters (`matching`) and any later
site-wide search all derive from it.
"""

from campaign.search.indexes import INDEXES, SearchColumn, SearchIndex, is_search_object
from campaign.search.matching import text_filter

__all__ = ["INDEXES", "SearchColumn", "SearchIndex", "is_search_object", "text_filter"]
