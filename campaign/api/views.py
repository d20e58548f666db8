"""Routes (filled in by the area)."""
