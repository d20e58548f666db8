"""Derived statistics through the web: the form's Formula, Inputs and Claim fields, errors
beside the field, the detail page's formula in words, and recomputation on edit, archive and
restore (each request one unit of work)."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlmodel import select

from campaign.models import Statistic, StatisticFormula
from tests.sources.support import all_rows, fresh
from tests.support.html import ERROR_MESSAGE

RISE = {
    "label": "Rise in child abuse image offences, 2021/22 to 2022/23",
    "value": "25",
    "unit": "percent",
    "period_label": "2021/22 to 2022/23",
    "claim": "a 25% increase",
    "formula": "percent_change",
    "inputs": "offences-2021-22,\r\noffences-2022-23",
}


def _field_errors(page: str) -> dict[str, str]:
    """{field id: its error text} from the form's GOV.UK error messages."""
    return dict(re.findall(ERROR_MESSAGE, page))


def _counts(make):
    old = make.statistic(key="offences-2021-22", label="Offences, 2021/22", value=Decimal("25582"))
    new = make.statistic(key="offences-2022-23", label="Offences, 2022/23", value=Decimal("31892"))
    return old, new


def _get(session, key: str) -> Statistic:
    return fresh(session).exec(select(Statistic).where(Statistic.key == key)).one()


def test_the_form_offers_formula_inputs_and_claim(client):
    page = client.get("/statistics/new").get_data(as_text=True)
    assert '<option value="percent_change">Percent change (from, to)</option>' in page
    assert '<option value="share">Share (part, whole)</option>' in page
    assert "None: a figure as published" in page
    assert "Percent change: from, then to. Share: part, then whole." in page
    assert 'name="claim"' in page and "Claim as published" in page


def test_create_a_derived_statistic(client, session, make):
    old, new = _counts(make)
    response = client.post("/statistics/new", data=RISE)
    assert response.status_code == 302, _field_errors(response.get_data(as_text=True))
    rise = _get(session, "rise-in-child-abuse-image-offences-2021-22-to-2022-23")
    assert rise.formula is StatisticFormula.PERCENT_CHANGE
    assert [link.input_id for link in rise.inputs] == [old.id, new.id]
    assert rise.computed_value == Decimal("24.665780627")
    assert rise.claim == "a 25% increase"

    page = client.get(response.location).get_data(as_text=True)
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert (
        "Percent change from 25,582 (Offences, 2021/22) to 31,892 (Offences, 2022/23) = 24.67%"
        in words
    )
    assert f'href="/statistics/{old.id}"' in page and f'href="/statistics/{new.id}"' in page
    assert 'title="Exactly 24.665780627%"' in page
    assert 'Claim as published: <q class="claim">a 25% increase</q>' in page

    # The input's page lists what uses it.
    used = client.get(f"/statistics/{old.id}").get_data(as_text=True)
    assert "Used by" in used and f'href="/statistics/{rise.id}"' in used
    assert "(percent change: <data" in used

    # The edit form shows the inputs back, in order.
    form = client.get(f"/statistics/{rise.id}/edit").get_data(as_text=True)
    assert "offences-2021-22, offences-2022-23</textarea>" in form
    assert '<option value="percent_change" selected>' in form


def test_errors_are_shown_beside_the_field_and_nothing_is_saved(client, session, make):
    _counts(make)
    cases = [
        ({"inputs": "offences-2021-22, nope"}, "inputs", "No statistic has the key “nope”."),
        ({"inputs": "offences-2021-22"}, "inputs", "needs exactly 2 inputs (from, to)"),
        ({"formula": "", "inputs": "offences-2021-22"}, "formula", "Choose a formula"),
        ({"unit": "count"}, "unit", "choose it as the unit"),
        ({"formula": "median"}, "formula", "Not a valid choice"),
        ({"claim": "x" * 201}, "claim", "200 characters"),
    ]
    for change, field, message in cases:
        response = client.post("/statistics/new", data={**RISE, **change})
        assert response.status_code == 422, change
        errors = _field_errors(response.get_data(as_text=True))
        assert field in errors and message in errors[field], (change, errors)
    assert len(all_rows(session, Statistic)) == 2  # only the two counts


def test_editing_an_input_recomputes_derived_of_derived(client, session, make):
    """whole -> both = sum(old, new) -> share = share(both, whole): editing `old` through the
    form recomputes `both`, then `share`, in the same request."""
    old, new = _counts(make)
    make.statistic(key="whole", value=Decimal("114948"))
    both = {**RISE, "label": "Both years", "value": "57474", "unit": "count", "formula": "sum"}
    assert client.post("/statistics/new", data=both).status_code == 302
    share = {
        **RISE,
        "label": "Share",
        "value": "50",
        "formula": "share",
        "inputs": "both-years\nwhole",
    }
    assert client.post("/statistics/new", data=share).status_code == 302
    assert _get(session, "share").computed_value == Decimal(50)

    edit = {"label": "Offences, 2021/22", "value": "83,056", "unit": "count"}
    assert client.post(f"/statistics/{old.id}/edit", data=edit).status_code == 302
    assert _get(session, "both-years").computed_value == Decimal(83056 + 31892)
    assert _get(session, "share").computed_value == Decimal("100")


def test_archiving_an_input_empties_the_computed_value_until_restored(client, session, make):
    old, _new = _counts(make)
    assert client.post("/statistics/new", data=RISE).status_code == 302
    key = "rise-in-child-abuse-image-offences-2021-22-to-2022-23"
    assert client.post(f"/statistics/{old.id}/archive").status_code == 302
    rise = _get(session, key)
    assert rise.computed_value is None
    page = client.get(f"/statistics/{rise.id}").get_data(as_text=True)
    assert "Cannot be computed: Its input “Offences, 2021/22” is archived." in page
    assert "archived" in re.sub(r"<[^>]+>", "", page)

    assert client.post(f"/statistics/{old.id}/restore").status_code == 302
    assert _get(session, key).computed_value == Decimal("24.665780627")


def test_an_input_archived_since_it_was_chosen_is_kept_but_not_newly_chosen(client, session, make):
    old, _new = _counts(make)
    make.statistic(key="older", value=Decimal("17817"), archived_at=old.created_at)
    assert client.post("/statistics/new", data=RISE).status_code == 302
    rise = _get(session, "rise-in-child-abuse-image-offences-2021-22-to-2022-23")
    assert client.post(f"/statistics/{old.id}/archive").status_code == 302
    # Editing other fields keeps the formula, and its value stays empty.
    response = client.post(f"/statistics/{rise.id}/edit", data={**RISE, "claim": "a quarter"})
    assert response.status_code == 302
    rise = _get(session, rise.key)
    assert (rise.claim, rise.computed_value, len(rise.inputs)) == ("a quarter", None, 2)
    # An archived statistic is not newly chosen.
    changed = {**RISE, "inputs": "older, offences-2022-23"}
    response = client.post(f"/statistics/{rise.id}/edit", data=changed)
    assert response.status_code == 422
    assert "“older” is archived" in _field_errors(response.get_data(as_text=True))["inputs"]


def test_a_plain_statistic_page_has_no_formula_section(client, make):
    stat = make.statistic(key="plain")
    page = client.get(f"/statistics/{stat.id}").get_data(as_text=True)
    assert "Computed value" not in page and "Used by" not in page
