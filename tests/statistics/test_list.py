from datetime import date
from decimal import Decimal

from tests.support.querycount import count_queries


def test_list_shows_figures_period_and_source(client, make):
    source = make.source(title="ONS crime survey")
    make.statistic(
        label="Share of children",
        value=Decimal("44"),
        unit="percent",
        period_label="2023",
        source_id=source.id,
    )
    make.statistic(label="Cost", value=Decimal("1234567.5"), unit="gbp")
    page = client.get("/statistics/").get_data(as_text=True)
    assert "44%" in page and "£1,234,567.5" in page and "ONS crime survey" in page
    assert "No source" in page


def test_list_filters(client, make):
    ons = make.source(title="ONS")
    make.statistic(label="Alpha", unit="percent", period_label="2022/23", source_id=ons.id)
    make.statistic(label="Bravo", unit="count", period_label="2022/23")
    make.statistic(label="Charlie", unit="count", period_label="2023/24", source_id=ons.id)

    def shown(query):
        page = client.get(f"/statistics/?{query}").get_data(as_text=True)
        return {label for label in ("Alpha", "Bravo", "Charlie") if label in page}

    assert shown("unit=count") == {"Bravo", "Charlie"}
    assert shown(f"source={ons.id}") == {"Alpha", "Charlie"}
    assert shown("source=none") == {"Bravo"}
    assert shown("source=rubbish") == set()
    assert shown("unit=bogus") == set()  # a stale or hand-edited address: no match, not a 500
    assert shown("period=2022/23") == {"Alpha", "Bravo"}
    assert shown("period=2022/23&unit=count") == {"Bravo"}
    assert shown("q=charl") == {"Charlie"}


def test_list_sorts_and_paginates(make_app, make):
    app = make_app(PER_PAGE=2)
    make.statistic(label="Bravo", period_start=date(2021, 1, 1))
    make.statistic(label="alpha", period_start=date(2023, 1, 1))
    make.statistic(label="Charlie")
    client = app.test_client()
    first = client.get("/statistics/").get_data(as_text=True)
    assert first.index("alpha") < first.index("Bravo") and "Charlie" not in first
    assert "Page 1 of 2" in first
    assert "Charlie" in client.get("/statistics/?page=2").get_data(as_text=True)
    newest = client.get("/statistics/?sort=-period").get_data(as_text=True)
    assert newest.index("alpha") < newest.index("Bravo") and "Charlie" not in newest
    # No sort by value: it is stored as exact text, which SQL would order wrongly.
    assert "sort=value" not in first
    assert client.get("/statistics/?sort=value").status_code == 200


def test_the_list_runs_the_same_queries_for_3_rows_as_for_30(make_app, make):
    app = make_app(PER_PAGE=50)
    client = app.test_client()

    def queries_for_list() -> int:
        with count_queries(app) as statements:
            assert client.get("/statistics/").status_code == 200
        return len(statements)

    def add_rows(n):
        for _ in range(n):
            make.statistic(source_id=make.source().id, period_label=f"P{_}")

    add_rows(3)
    few = queries_for_list()
    add_rows(27)
    assert queries_for_list() == few
