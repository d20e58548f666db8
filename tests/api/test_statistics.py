import json
from datetime import date
from decimal import Decimal

from campaign import models as m
from tests.api.conftest import BASE

FIGURES = [
    ("33226", "count", "33226", "33,226"),
    ("0.5", "ratio", "0.5", "0.5"),
    ("25", "percent", "25", "25%"),
    ("12.50", "percent", "12.5", "12.5%"),
    ("1234567.891", "gbp", "1234567.891", "£1,234,567.891"),
    ("0.1", "other", "0.1", "0.1"),
    ("-3", "count", "-3", "-3"),
]


def test_values_are_exact_decimal_strings_with_a_display_form(client, make, subtests):
    for n, (value, unit, _expected, _display) in enumerate(FIGURES):
        make.statistic(key=f"figure-{n}", value=Decimal(value), unit=unit)
    for n, (value, unit, expected, display) in enumerate(FIGURES):
        with subtests.test(value=value, unit=unit):
            response = client.get(f"/api/v1/statistics/figure-{n}")
            # A JSON string, never a number that a client would parse as a float.
            body = json.loads(response.get_data(as_text=True), parse_float=Decimal)
            assert body["value"] == expected and isinstance(body["value"], str)
            assert body["display"] == display
            assert body["unit"] == unit


def test_statistic_carries_its_source_period_and_asks(get, make):
    source = make.source(
        key="ofcom-report",
        title="Online Nation",
        kind="report",
        publisher="Ofcom",
        published_on=date(2025, 11, 20),
        url="https://example.org/online-nation",
        coverage="UK children aged 8-17",
        method="Survey",
    )
    stat = make.statistic(
        key="kids-seen-harm",
        label="Children who saw harmful content",
        value=Decimal("44"),
        unit="percent",
        period_label="2024/25",
        period_start=date(2024, 4, 1),
        period_end=date(2025, 3, 31),
        geography="UK",
        coverage="8-17 year olds",
        caveats="Self-reported",
        as_of=date(2025, 6, 30),
        published_wording="almost half (44%)",
        basis="4,312 of 9,876 respondents",
        source=source,
    )
    ask = make.ask(slug="age-checks", title="Age checks")
    make.link(m.AskStatistic(ask_id=ask.id, statistic_id=stat.id, note="lead figure"))

    body = get("/api/v1/statistics/kids-seen-harm")
    assert body["key"] == "kids-seen-harm"
    assert body["label"] == "Children who saw harmful content"
    assert body["api_url"] == f"{BASE}/statistics/kids-seen-harm"
    assert body["period"] == {"label": "2024/25", "start": "2024-04-01", "end": "2025-03-31"}
    assert (body["geography"], body["coverage"], body["caveats"]) == (
        "UK",
        "8-17 year olds",
        "Self-reported",
    )
    assert body["as_of"] == "2025-06-30"
    assert body["published_wording"] == "almost half (44%)"
    assert body["basis"] == "4,312 of 9,876 respondents"
    assert body["source"]["key"] == "ofcom-report"
    assert body["source"]["publisher"] == "Ofcom"
    assert body["source"]["published_on"] == "2025-11-20"
    assert body["source"]["url"] == "https://example.org/online-nation"
    assert body["source"]["coverage"] == "UK children aged 8-17"
    assert body["asks"] == [
        {
            "slug": "age-checks",
            "title": "Age checks",
            "note": "lead figure",
            "api_url": f"{BASE}/asks/age-checks",
        }
    ]
    assert body["archived_at"] is None and body["created_at"].endswith("+00:00")

    [listed] = get("/api/v1/statistics")["items"]
    assert listed == body  # the list gives the same shape as the detail


def test_statistic_filters(get, make):
    foi = make.source(key="foi")
    ask = make.ask(slug="the-ask")
    a = make.statistic(key="a", label="Alpha offences", unit="count", source=foi)
    make.statistic(key="b", label="Bravo share", unit="percent", source=foi)
    make.statistic(key="c", label="Charlie count", unit="count")
    make.link(m.AskStatistic(ask_id=ask.id, statistic_id=a.id))

    def keys(query):
        return [s["key"] for s in get(f"/api/v1/statistics?{query}")["items"]]

    assert keys("") == ["a", "b", "c"]
    assert keys("ask=the-ask") == ["a"]
    assert keys("source=foi") == ["a", "b"]
    assert keys("unit=count") == ["a", "c"]
    assert keys("unit=count&source=foi") == ["a"]
    assert keys("q=share") == ["b"]
    assert keys("q=nothing-like-this") == []
    assert keys("sort=-label") == ["c", "b", "a"]
