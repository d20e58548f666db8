"""Charts on the ask page: statistics sharing a chart title are drawn as one SVG image, with
its title, a text alternative and a data table."""

from __future__ import annotations

import base64
import re
from datetime import date
from decimal import Decimal

from campaign.models import AskStatistic


def _chart_svgs(html: str) -> list[str]:
    sources = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)"', html)
    return [base64.b64decode(s).decode("utf-8") for s in sources]


def test_statistics_sharing_a_chart_title_are_drawn_together(client, make):
    ask = make.ask(slug="rising", title="Rising offences")
    for year, value in ((2021, 25582), (2022, 31892), (2020, 17817)):
        stat = make.statistic(
            label=f"Offences {year}",
            value=Decimal(value),
            period_label=f"{year}/{str(year + 1)[2:]}",
            period_start=date(year, 4, 1),
            chart="Offences recorded by comparable forces",
        )
        make.link(AskStatistic(ask_id=ask.id, statistic_id=stat.id))
    loner = make.statistic(label="Alone", chart="A chart of one")
    make.link(AskStatistic(ask_id=ask.id, statistic_id=loner.id))

    html = client.get("/asks/rising").get_data(as_text=True)
    svgs = _chart_svgs(html)
    assert len(svgs) == 1  # a chart needs two points: "A chart of one" is not drawn
    assert "<figcaption>Offences recorded by comparable forces</figcaption>" in html
    # Bars follow the periods, whatever the ask's order; the alt text and table say the same.
    assert (
        'alt="Bar chart, Offences recorded by comparable forces. 2020/21: 17,817; '
        '2021/22: 25,582; 2022/23: 31,892."' in html
    )
    assert '<td>2020/21</td><td class="number">17,817</td>' in html
    svg = svgs[0]
    assert "<title>Offences recorded by comparable forces</title>" in svg
    assert svg.index("17,817") < svg.index("25,582") < svg.index("31,892")
    assert "<script" not in svg


def test_the_seed_ask_pages_show_their_charts(seeded, client):
    html = client.get("/asks/ofcom-strengthen-illegal-harms-codes").get_data(as_text=True)
    assert len(_chart_svgs(html)) == 1
    assert "Child abuse image offences recorded by comparable police forces" in html
    no_chart = client.get("/asks/private-messaging-protect-children").get_data(as_text=True)
    assert _chart_svgs(no_chart) == []
