"""A statistic's own pages and the claim checker: the verdict on its page, warnings as it is
saved (for itself and for what is computed from it), and the chart it belongs to."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from campaign.models import StatisticFormula, StatisticInput, StatisticUnit


def _messages(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _rise(make, *, claim="a 25% increase", value=Decimal("25")):
    source = make.source(title="FOI returns")
    earlier = make.statistic(
        key="earlier",
        label="Offences 2021/22",
        value=Decimal(25582),
        source_id=source.id,
        period_label="2021/22",
        geography="UK",
        coverage="comparable forces",
    )
    later = make.statistic(
        key="later",
        label="Offences 2022/23",
        value=Decimal(31892),
        source_id=source.id,
        period_label="2022/23",
        geography="UK",
        coverage="comparable forces",
    )
    rise = make.statistic(
        key="rise",
        label="Rise in offences",
        value=value,
        unit=StatisticUnit.PERCENT,
        formula=StatisticFormula.PERCENT_CHANGE,
        computed_value=Decimal("24.665780627"),
        claim=claim,
        source_id=source.id,
        period_label="2021/22 to 2022/23",
    )
    make.link(StatisticInput(statistic_id=rise.id, position=0, input_id=earlier.id))
    make.link(StatisticInput(statistic_id=rise.id, position=1, input_id=later.id))
    return earlier, later, rise


def test_the_statistic_page_shows_its_verdict(client, make):
    _earlier, _later, rise = _rise(make, claim="a 30% rise", value=Decimal("30"))
    text = _messages(client.get(f"/statistics/{rise.id}").get_data(as_text=True))
    assert "Claim check Inconsistent" in text
    assert "24.7% does not round to 30%" in text
    assert "Honest wording: a 25% rise" in text  # <q> supplies the quotation marks


def test_saving_an_input_warns_when_a_figure_computed_from_it_no_longer_holds(client, make):
    earlier, _later, rise = _rise(make)
    page = client.get(f"/statistics/{rise.id}").get_data(as_text=True)
    assert "badge-claim-consistent" in page
    # 25,582 becomes 20,000: the rise is now 59.5%, no longer "a 25% increase".
    response = client.post(
        f"/statistics/{earlier.id}/edit",
        data={
            "label": earlier.label,
            "value": "20000",
            "unit": "count",
            "period_label": "2021/22",
            "geography": "UK",
            "coverage": "comparable forces",
            "source_id": str(earlier.source_id),
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    text = _messages(response.get_data(as_text=True))
    assert "“Rise in offences”, computed from this figure: “a 25% increase” does not hold" in text
    assert "59.5%" in text


def test_a_statistic_page_draws_the_chart_it_belongs_to(client, make):
    ids = []
    for year, value in ((2021, 25582), (2022, 31892)):
        stat = make.statistic(
            label=f"Offences {year}",
            value=Decimal(value),
            period_label=str(year),
            period_start=date(year, 4, 1),
            chart="Offences by year",
        )
        ids.append(stat.id)
    html = client.get(f"/statistics/{ids[0]}").get_data(as_text=True)
    assert "<figcaption>Offences by year</figcaption>" in html
    assert 'alt="Bar chart, Offences by year. 2021: 25,582; 2022: 31,892."' in html
    assert "data:image/svg+xml;base64," in html
