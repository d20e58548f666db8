"""A statistic's `claim`, `formula` ({kind, inputs}) and `computed_value` (exact string) in the
JSON API, with a fixed number of queries however many derived statistics a page holds."""

from __future__ import annotations

from decimal import Decimal

from campaign import models as m
from campaign.statistics import derived


def _derived(session, make, n: int) -> m.Statistic:
    part = make.statistic(key=f"part-{n}", value=Decimal(4312))
    whole = make.statistic(key=f"whole-{n}", value=Decimal(9876))
    share = make.statistic(
        key=f"share-{n}", value=Decimal(44), unit=m.StatisticUnit.PERCENT, claim="almost half"
    )
    derived.set_formula(
        session=session, statistic=share, formula="share", input_keys=[part.key, whole.key]
    )
    session.commit()
    return share


def test_a_derived_statistic_has_its_formula_and_exact_computed_value(get, session, make):
    _derived(session, make, 0)
    body = get("/api/v1/statistics/share-0")
    assert body["claim"] == "almost half"
    assert body["formula"] == {"kind": "share", "inputs": ["part-0", "whole-0"]}
    assert body["computed_value"] == "43.6614013771"
    assert body["value"] == "44"


def test_a_plain_statistic_has_null_formula_and_computed_value(get, make):
    make.statistic(key="plain", claim="more than 33,000")
    body = get("/api/v1/statistics/plain")
    assert (body["claim"], body["formula"], body["computed_value"]) == (
        "more than 33,000",
        None,
        None,
    )


def test_an_input_archived_leaves_a_null_computed_value(get, session, make):
    share = _derived(session, make, 0)
    part = share.inputs[0].input
    part.archived_at = part.created_at
    session.add(part)
    session.flush()
    derived.recompute_dependents(session=session, changed_ids=[part.id])
    session.commit()
    body = get("/api/v1/statistics/share-0")
    assert body["computed_value"] is None
    assert body["formula"]["inputs"] == ["part-0", "whole-0"]


def test_lists_and_the_ask_page_load_formulas_without_a_query_per_row(
    client, session, make, count_queries
):
    ask = make.ask(slug="big")

    def queries(url: str) -> int:
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    def add(start: int, count: int) -> None:
        for n in range(start, start + count):
            share = _derived(session, make, n)
            make.link(m.AskStatistic(ask_id=ask.id, statistic_id=share.id, rank=n))

    add(0, 1)
    client.get("/api/v1/statistics")  # warm the connection pool
    few = (queries("/api/v1/statistics?per_page=200"), queries("/api/v1/asks/big"))
    add(1, 10)
    many = (queries("/api/v1/statistics?per_page=200"), queries("/api/v1/asks/big"))
    assert many == few
    body = client.get("/api/v1/asks/big").get_json()
    assert {s["formula"]["kind"] for s in body["statistics"]} == {"share"}
