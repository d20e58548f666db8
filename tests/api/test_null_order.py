"""Sorting by a field that may be missing gives the same order on SQLite and PostgreSQL: a
missing value sorts as the smallest, first ascending and last descending
(`campaign.common.listing.sort_order`). Each case runs on both databases against the same
expected order. Before, `?sort=date` put undated evidence first on SQLite and last on
PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from campaign.common.listing import is_nullable
from campaign.entities import all_entities, entity_named

# (collection, sort, factory, field): every API sort on a column that may be missing.
CASES = [
    ("statistics", "as_of", "statistic", "as_of"),
    ("sources", "published_on", "source", "published_on"),
    ("evidence", "date", "evidence", "evidence_date"),
    ("lines", "review_by", "line", "review_by"),
]


def test_every_sort_on_a_missing_value_is_covered():
    """Derived from the registry: a new entity's nullable sort fails here until it has a case."""
    nullable = {
        (entity.plural, name)
        for entity in all_entities()
        if entity.api is not None
        for name, column in entity.api.listing.sorts.items()
        if is_nullable(column)
    }
    covered = {(collection, sort) for collection, sort, _, _ in CASES}
    assert nullable == covered, "add the new sort to CASES"


@pytest.mark.parametrize(("collection", "sort", "factory", "field"), CASES)
def test_missing_values_sort_as_the_smallest(get, make, collection, sort, factory, field):
    keys = {}
    for name, value in (("late", date(2024, 5, 1)), ("none", None), ("early", date(2020, 1, 1))):
        if hasattr(make, factory):
            row = getattr(make, factory)(**{field: value, "key": f"{collection}-{name}"})
        else:  # a record with no factory of its own: made through its form (make.record)
            row = make.record(entity_named(factory), **{field: value and value.isoformat()})
        keys[row.key] = name

    def order(query: str) -> list[str]:
        items = get(f"/api/v1/{collection}?{query}&per_page=200")["items"]
        return [keys[item["key"]] for item in items if item["key"] in keys]

    assert order(f"sort={sort}") == ["none", "early", "late"]
    assert order(f"sort=-{sort}") == ["late", "early", "none"]
