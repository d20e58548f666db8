"""A figure that is a range (a total including small numbers some forces withheld: "at least
4,480") is recorded the same way through every door: the form, the API and a bundle all take
an upper bound (`value_max`), all refuse one below the value with the same rule
(campaign/statistics/rules.py), and a bundle exports it and imports it back. A bundle also
refuses a period that ends before it starts, as the form always has."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select

from campaign.models import Statistic
from tests.sources.support import fresh

FIGURE = {"label": "Offences recorded by the 43 forces", "value": "4,480", "unit": "count"}
KEY = "offences-recorded-by-the-43-forces"


def _get(session) -> Statistic:
    return fresh(session).exec(select(Statistic).where(Statistic.key == KEY)).one()


def test_the_form_takes_an_upper_bound_and_shows_the_range(client, session):
    response = client.post("/statistics/new", data={**FIGURE, "value_max": "4,536"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    statistic = _get(session)
    assert (statistic.value, statistic.value_max) == (Decimal(4480), Decimal(4536))
    assert "4,480 to 4,536" in client.get(response.location).get_data(as_text=True)

    edit = client.get(f"{response.location}/edit").get_data(as_text=True)
    assert 'value="4,536"' in edit
    # Clearing the field makes the figure exact again.
    data = {**FIGURE, "value_max": "", "version": str(statistic.version)}
    assert client.post(f"{response.location}/edit", data=data).status_code == 302
    assert _get(session).value_max is None


def test_the_form_refuses_an_upper_bound_below_the_value(client, session):
    response = client.post("/statistics/new", data={**FIGURE, "value_max": "4,000"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "The upper bound cannot be below the value" in page
    assert fresh(session).exec(select(Statistic)).all() == []


def test_the_api_takes_an_upper_bound_and_refuses_one_below_the_value(client, session):
    created = client.post("/api/v1/statistics", json={**FIGURE, "value_max": "4536"})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["value_max"] == "4536"

    refused = client.post(
        "/api/v1/statistics", json={**FIGURE, "label": "Another", "value_max": "1"}
    )
    assert refused.status_code == 422
    assert "value_max" in str(refused.get_json())
    assert "cannot be below the value" in str(refused.get_json())


BUNDLE = """format: campaign-bundle
version: 1
statistics:
  - key: offences-total
    label: Offences recorded by the 43 forces
    value: "4480"
    value_max: "{value_max}"
    unit: count
    period: {{label: 2024/25, start: "{start}", end: "2025-03-31"}}
"""


def test_a_bundle_takes_a_range_and_exports_it_back(runner, session, tmp_path):
    path = tmp_path / "bundle.yaml"
    path.write_text(BUNDLE.format(value_max="4536", start="2024-04-01"), encoding="utf-8")
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code == 0, result.output
    statistic = fresh(session).exec(select(Statistic)).one()
    assert (statistic.value, statistic.value_max) == (Decimal(4480), Decimal(4536))

    exported = runner.invoke(args=["export-bundle", "-"])
    assert exported.exit_code == 0, exported.output
    assert 'value_max: "4536"' in exported.stdout
    path.write_text(exported.stdout, encoding="utf-8")
    again = runner.invoke(args=["import-bundle", str(path)])
    assert again.exit_code == 0 and "statistics 1 (1 unchanged)" in again.output


def test_a_bundle_refuses_what_the_form_refuses(runner, session, tmp_path):
    path = tmp_path / "bundle.yaml"
    path.write_text(BUNDLE.format(value_max="4000", start="2025-04-01"), encoding="utf-8")
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code != 0
    assert "statistics[0].value_max: the upper bound cannot be below the value" in result.output
    assert "statistics[0].period.end: the period cannot end before it starts" in result.output
    assert fresh(session).exec(select(Statistic)).all() == []
