"""Sorting by a field that may be missing gives the same order on SQLite and PostgreSQL: a
missing value sorts as the smallest, first ascending and last descending
(`campaign.common.listing.sort_order`). Each case runs on both databases against the same
expected order. Before, `?sort=date` put undated evidence first on SQLite and last on
PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from campaign.api import resources
from campaign.common.listing import is_nullable

# (collection, sort, factory, field): every API sort on a column that may be missing.
CASES = [
    ("statistics", "as_of", "statistic", "as_of"),
    ("sources", "published_on", "source", "published_on"),
    ("evidence", "date", "evidence", "evidence_date"),
]


def test_every_sort_on_a_missing_value_is_covered():
    nullable = {
        (resource.singular, name)
        for resource in vars(resources).values()
        if isinstance(resource, resources.Resource)
        for name, column in resource.spec.sorts.items()
        if is_nullable(column)
    }
    singular = {"statistics": "statistic", "sources": "source", "evidence": "evidence item"}
    covered = {(singular[collection], sort) for collection, sort, _, _ in CASES}
    assert nullable == covered, "add the new sort to CASES"


@pytest.mark.parametrize(("collection", "sort", "factory", "field"), CASES)
def test_missing_values_sort_as_the_smallest(get, make, collection, sort, factory, field):
    keys = {}
    for name, value in (("late", date(2024, 5, 1)), ("none", None), ("early", date(2020, 1, 1))):
        row = getattr(make, factory)(**{field: value, "key": f"{collection}-{name}"})
        keys[row.key] = name

    def order(query: str) -> list[str]:
        items = get(f"/api/v1/{collection}?{query}&per_page=200")["items"]
        return [keys[item["key"]] for item in items if item["key"] in keys]

    assert order(f"sort={sort}") == ["none", "early", "late"]
    assert order(f"sort=-{sort}") == ["late", "early", "none"]
