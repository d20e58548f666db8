"""A statistic's chart title and bar label, through the web form and on the detail page."""

from __future__ import annotations

import lxml.html

from campaign.models import Statistic
from tests.sources.support import all_rows, fresh
from tests.statistics.test_views import FIGURE

CHART = "Child abuse image offences recorded by comparable police forces"


def facts(page: str) -> dict[str, str]:
    """The statistic's facts (a GOV.UK summary list), key to value."""
    rows = lxml.html.fromstring(page).xpath("//dl[contains(@class, 'facts')]/div")
    return {
        row.xpath("./dt")[0].text_content().strip(): row.xpath("./dd")[0].text_content().strip()
        for row in rows
    }


def test_create_with_a_chart_title_shows_it_on_the_detail_page(client, session):
    response = client.post(
        "/statistics/new",
        data={**FIGURE, "chart": f"  {CHART}  ", "chart_label": " 2022/23 (35 forces) "},
    )
    assert response.status_code == 302
    [stat] = all_rows(session, Statistic)
    assert (stat.chart, stat.chart_label) == (CHART, "2022/23 (35 forces)")  # stripped
    page = client.get(response.location).get_data(as_text=True)
    assert facts(page)["Chart"] == CHART
    assert facts(page)["Chart label"] == "2022/23 (35 forces)"


def test_no_chart_shows_nothing_and_a_post_without_the_fields_stores_blanks(client, session):
    response = client.post("/statistics/new", data=FIGURE)  # no chart fields at all
    assert response.status_code == 302
    [stat] = all_rows(session, Statistic)
    assert (stat.chart, stat.chart_label) == ("", "")
    page = client.get(response.location).get_data(as_text=True)
    assert "Unit" in facts(page)
    assert "Chart" not in facts(page) and "Chart label" not in facts(page)


def test_the_form_explains_and_edits_the_chart(client, session, make):
    stat = make.statistic(chart="Platforms", chart_label="Snapchat")
    form = client.get(f"/statistics/{stat.id}/edit").get_data(as_text=True)
    assert "Statistics with the same chart title are drawn together in briefing packs" in form
    assert 'value="Platforms"' in form and 'value="Snapchat"' in form

    edit = {**FIGURE, "chart": "Platforms, 2022/23", "chart_label": ""}
    assert client.post(f"/statistics/{stat.id}/edit", data=edit).status_code == 302
    saved = fresh(session).get(Statistic, stat.id)
    assert (saved.chart, saved.chart_label) == ("Platforms, 2022/23", "")


def test_an_over_long_chart_title_is_refused_with_422(client, session):
    response = client.post("/statistics/new", data={**FIGURE, "chart": "x" * 121})
    assert response.status_code == 422
    assert "120 characters" in response.get_data(as_text=True)
    assert all_rows(session, Statistic) == []
