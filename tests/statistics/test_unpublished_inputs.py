"""A derived figure whose base is not published ("a 41% rise since 2018/19", neither count
given) is recorded honestly through every door: the form, the API and a bundle (the
`import-bundle` command) all take "?" for an input that is not published, store no row at its
position, read it back as "?", and the claim checker calls the figure "unverifiable (base not
published)". The other formula rules still hold."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import select

from campaign.claims import Verdict
from campaign.claims.checking import results_for_keys
from campaign.models import Statistic, StatisticFormula
from tests.sources.support import fresh

TODAY = date(2026, 11, 24)
RISE = {
    "label": "Rise in online grooming offences since 2018/19",
    "value": "41",
    "unit": "percent",
    "claim": "a 41% rise since 2018/19",
    "formula": "percent_change",
}
RISE_KEY = "rise-in-online-grooming-offences-since-2018-19"


def _get(session, key: str) -> Statistic:
    return fresh(session).exec(select(Statistic).where(Statistic.key == key)).one()


def _verdict(session, key: str):
    result = results_for_keys(session=fresh(session), keys=[key], today=TODAY, max_age_days=9999)
    return result[key].check


def _latest(make) -> Statistic:
    return make.statistic(key="grooming-2024-25", label="Grooming 2024/25", value=Decimal(7062))


def test_the_form_takes_an_input_not_published(client, session, make):
    latest = _latest(make)
    response = client.post("/statistics/new", data={**RISE, "inputs": "?, grooming-2024-25"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    rise = _get(session, RISE_KEY)
    assert rise.formula is StatisticFormula.PERCENT_CHANGE
    assert [(link.position, link.input_id) for link in rise.inputs] == [(1, latest.id)]
    assert rise.computed_value is None and rise.value == Decimal(41)

    check = _verdict(session, RISE_KEY)
    assert check.verdict is Verdict.UNVERIFIABLE
    assert check.reason.startswith("Base not published:")

    page = client.get(response.location).get_data(as_text=True)
    assert "(the from: not published)" in page
    assert "Its “from” input is not published (base not published)." in page
    edit = client.get(f"{response.location}/edit").get_data(as_text=True)
    assert "?, grooming-2024-25</textarea>" in edit


def test_neither_input_published_and_the_words_not_published(client, session):
    response = client.post("/statistics/new", data={**RISE, "inputs": "not published, ?"})
    assert response.status_code == 302
    rise = _get(session, RISE_KEY)
    assert rise.inputs == [] and rise.formula is StatisticFormula.PERCENT_CHANGE
    assert _verdict(session, RISE_KEY).verdict is Verdict.UNVERIFIABLE


def test_an_edit_that_publishes_the_base_makes_it_checkable(client, session, make):
    older = make.statistic(key="grooming-2018-19", label="Grooming 2018/19", value=Decimal(5000))
    _latest(make)
    client.post("/statistics/new", data={**RISE, "inputs": "?, grooming-2024-25"})
    rise = _get(session, RISE_KEY)
    data = {**RISE, "inputs": f"{older.key}, grooming-2024-25", "version": str(rise.version)}
    response = client.post(f"/statistics/{rise.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    rise = _get(session, RISE_KEY)
    assert [link.position for link in rise.inputs] == [0, 1]
    assert rise.computed_value == Decimal("41.24")
    assert _verdict(session, RISE_KEY).verdict is Verdict.CONSISTENT


def test_the_other_rules_still_apply(client, session):
    for inputs, message in [
        ("?", "needs exactly 2 inputs"),
        ("?, ?, ?", "needs exactly 2 inputs"),
        ("?, no-such-statistic", "No statistic has the key"),
    ]:
        response = client.post("/statistics/new", data={**RISE, "inputs": inputs})
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert fresh(session).exec(select(Statistic)).all() == []


def test_a_sums_inputs_not_published_go_first(client, session, make):
    a = make.statistic(key="force-a", label="Force A", value=Decimal(120))
    b = make.statistic(key="force-b", label="Force B", value=Decimal(80))
    data = {"label": "All forces", "value": "260", "unit": "count", "formula": "sum",
            "inputs": "force-a, ?, force-b", "claim": "more than 250"}  # fmt: skip
    assert client.post("/statistics/new", data=data).status_code == 302
    total = _get(session, "all-forces")
    assert [(link.position, link.input_id) for link in total.inputs] == [(1, a.id), (2, b.id)]
    assert total.computed_value is None  # never the sum of the two that are known
    assert _verdict(session, "all-forces").verdict is Verdict.UNVERIFIABLE


def test_the_api_takes_and_gives_back_an_input_not_published(client, session, make):
    _latest(make)
    body = {**RISE, "inputs": "?, grooming-2024-25"}
    response = client.post("/api/v1/statistics", json=body)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["formula"] == {
        "kind": "percent_change",
        "inputs": ["?", "grooming-2024-25"],
    }
    assert _verdict(session, RISE_KEY).verdict is Verdict.UNVERIFIABLE


BUNDLE = """format: campaign-bundle
version: 1
statistics:
  - key: grooming-rise
    label: Rise in online grooming offences since 2018/19
    value: "41"
    unit: percent
    claim: a 41% rise since 2018/19
    formula: {kind: percent_change, inputs: ["?", grooming-2024-25]}
  - {key: grooming-2024-25, label: Grooming 2024/25, value: "7062", unit: count}
"""


def test_a_bundle_takes_it_and_exports_it_back(runner, session, tmp_path):
    path = tmp_path / "bundle.yaml"
    path.write_text(BUNDLE, encoding="utf-8")
    result = runner.invoke(args=["import-bundle", str(path)])
    assert result.exit_code == 0, result.output
    rise = _get(session, "grooming-rise")
    assert [link.position for link in rise.inputs] == [1] and rise.computed_value is None
    assert _verdict(session, "grooming-rise").verdict is Verdict.UNVERIFIABLE

    exported = runner.invoke(args=["export-bundle", "-"])
    assert exported.exit_code == 0, exported.output
    assert "      inputs:\n        - '?'\n        - grooming-2024-25\n" in exported.stdout
    again = runner.invoke(args=["import-bundle", str(path)])
    assert again.exit_code == 0 and "statistics 2 (2 unchanged)" in again.output


def test_a_sum_with_no_input_published_reads_back_as_two_question_marks(client, session):
    data = {"label": "All forces", "value": "260", "unit": "count", "formula": "sum",
            "inputs": "?, ?"}  # fmt: skip
    response = client.post("/statistics/new", data=data)
    assert response.status_code == 302
    edit = client.get(f"{response.location}/edit").get_data(as_text=True)
    assert "?, ?</textarea>" in edit
    assert _verdict(session, "all-forces").verdict is Verdict.UNVERIFIABLE
