from datetime import date
from decimal import Decimal

import pytest
from flask import url_for

from campaign.models import AskStatistic, Statistic
from tests.sources.support import all_rows, fresh

FIGURE = {
    "label": "Online grooming crimes recorded by police",
    "value": "33,226",
    "unit": "count",
    "period_label": "2022/23",
    "period_start": "2022-04-01",
    "period_end": "2023-03-31",
    "geography": "England and Wales",
    "coverage": "35 of 43 forces provided usable data.",
    "caveats": "Not comparable with years before 2017.",
    "as_of": "2023-08-14",
    "published_wording": "more than 33,000 crimes",
    "basis": "Sum of the 35 forces' returns.",
}


def test_create_keeps_the_figure_exact_and_shows_its_provenance(client, session, make):
    source = make.source(
        title="FOI returns 2022/23",
        publisher="NSPCC",
        published_on=date(2023, 8, 14),
        url="https://www.nspcc.org.uk/foi",
        method="FOI requests to all 43 forces",
        coverage="35 forces answered",
    )
    response = client.post("/statistics/new", data={**FIGURE, "source_id": str(source.id)})
    assert response.status_code == 302
    [stat] = all_rows(session, Statistic)
    assert stat.value == Decimal("33226") and isinstance(stat.value, Decimal)
    assert (stat.key, stat.source_id) == ("online-grooming-crimes-recorded-by-police", source.id)
    assert (stat.period_start, stat.period_end) == (date(2022, 4, 1), date(2023, 3, 31))
    page = client.get(response.location).get_data(as_text=True)
    assert '<data value="33226">33,226</data>' in page
    for text in (
        "more than 33,000 crimes",
        "Sum of the 35 forces",
        "Not comparable with years before 2017",
        "35 of 43 forces",
        "FOI returns 2022/23",
        "NSPCC",
        "14 August 2023",
        "https://www.nspcc.org.uk/foi",
        "FOI requests to all 43 forces",
        "35 forces answered",
    ):
        assert text in page, text
    assert "has no source" not in page


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("33,226", "33226", "33,226"),
        ("0.5", "0.5", "0.5"),
        ("-3", "-3", "-3"),
        ("12.50", "12.5", "12.5"),  # canonical: trailing zeros are not kept
    ],
)
def test_figures_round_trip_through_the_form(client, session, typed, stored, shown):
    response = client.post("/statistics/new", data={**FIGURE, "value": typed})
    assert response.status_code == 302
    [stat] = all_rows(session, Statistic)
    assert stat.value == Decimal(stored) and str(stat.value) == stored
    assert f'<data value="{stored}">{shown}</data>' in client.get(response.location).get_data(
        as_text=True
    )
    edit = client.get(f"/statistics/{stat.id}/edit").get_data(as_text=True)
    assert f'value="{shown}"' in edit
    # Saving the edit form unchanged keeps the exact value.
    assert client.post(f"/statistics/{stat.id}/edit", data={**FIGURE, "value": shown}).status_code
    assert str(fresh(session).get(Statistic, stat.id).value) == stored


@pytest.mark.parametrize("typed", ["abc", "1e5", "NaN", "Infinity", "3,32", "44%", ""])
def test_a_value_that_is_not_an_exact_number_is_refused_beside_the_field(client, session, typed):
    response = client.post("/statistics/new", data={**FIGURE, "value": typed})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="value-error"' in page
    assert f'value="{typed}"' in page  # what was typed is kept for correcting
    assert all_rows(session, Statistic) == []


def test_a_period_that_ends_before_it_starts_is_refused_beside_the_end(client, session):
    response = client.post(
        "/statistics/new", data={**FIGURE, "period_start": "2023-04-01", "period_end": "2023-03-31"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="period_end-error"' in page and "cannot end before it starts" in page
    assert all_rows(session, Statistic) == []


def test_saving_without_a_source_warns(client, session, make):
    response = client.post("/statistics/new", data=FIGURE, follow_redirects=True)
    flashed = "has no source: add one before it is used in public"
    assert flashed in response.get_data(as_text=True)
    [stat] = all_rows(session, Statistic)
    source = make.source()
    saved = client.post(
        f"/statistics/{stat.id}/edit",
        data={**FIGURE, "source_id": str(source.id)},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert flashed not in saved and "has no source" not in saved
    unsourced = client.post(
        f"/statistics/{stat.id}/edit", data={**FIGURE, "source_id": ""}, follow_redirects=True
    )
    assert flashed in unsourced.get_data(as_text=True)
    assert fresh(session).get(Statistic, stat.id).source_id is None


def test_an_archived_source_cannot_be_chosen_but_an_existing_one_is_kept(client, session, make):
    source = make.source(title="Withdrawn report")
    stat = make.statistic(label="Old figure", source_id=source.id)
    client.post(f"/sources/{source.id}/archive", follow_redirects=True)
    new_form = client.get("/statistics/new").get_data(as_text=True)
    assert "Withdrawn report" not in new_form
    chosen = client.post("/statistics/new", data={**FIGURE, "source_id": str(source.id)})
    assert chosen.status_code == 422 and 'id="source_id_find-error"' in chosen.get_data(
        as_text=True
    )
    edit = client.get(f"/statistics/{stat.id}/edit").get_data(as_text=True)
    assert "Withdrawn report" in edit
    kept = client.post(
        f"/statistics/{stat.id}/edit",
        data={**FIGURE, "label": "Old figure", "source_id": str(source.id)},
    )
    assert kept.status_code == 302
    assert fresh(session).get(Statistic, stat.id).source_id == source.id


def test_link_ask_id_prefills_links_after_existing_links_and_returns_to_the_ask(
    app, client, session, make
):
    ask = make.ask(title="Meta must scan for grooming", slug="meta-scan")
    first = make.statistic(label="Already linked")
    make.link(AskStatistic(ask_id=ask.id, statistic_id=first.id, rank=0))
    form = client.get(f"/statistics/new?link_ask_id={ask.id}").get_data(as_text=True)
    assert f'<input type="hidden" name="link_ask_id" value="{ask.id}">' in form
    response = client.post("/statistics/new", data={**FIGURE, "link_ask_id": str(ask.id)})
    assert response.status_code == 302
    with app.test_request_context():
        assert response.location == url_for("asks.detail", ident="meta-scan")
    stat = all_rows(session, Statistic)[-1]
    links = session.exec(AskStatistic.__table__.select().where(AskStatistic.ask_id == ask.id)).all()
    ranks = {link.statistic_id: link.rank for link in links}
    assert ranks == {first.id: 0, stat.id: 1}
    with client.session_transaction() as flask_session:
        messages = [m for _, m in flask_session["_flashes"]]
    assert "Linked to ask “Meta must scan for grooming”." in messages
    assert any("has no source" in m for m in messages)


def test_an_archived_ask_cannot_be_linked(client, session, make):
    ask = make.ask(title="Dropped ask")
    client.post(f"/asks/{ask.slug}/archive", follow_redirects=True)
    assert "Dropped ask" not in client.get("/statistics/new").get_data(as_text=True)
    response = client.post("/statistics/new", data={**FIGURE, "link_ask_id": str(ask.id)})
    assert response.status_code == 422
    assert 'id="link_ask_id_find-error"' in response.get_data(as_text=True)
    assert all_rows(session, Statistic) == []


def test_the_statistic_page_lists_its_asks_with_link_notes(client, make):
    stat = make.statistic(label="Grooming crimes")
    ask = make.ask(title="Ofcom: grooming codes", slug="ofcom-grooming")
    dropped = make.ask(title="Archived ask")
    make.link(AskStatistic(ask_id=ask.id, statistic_id=stat.id, note="the headline figure"))
    make.link(AskStatistic(ask_id=dropped.id, statistic_id=stat.id))
    client.post(f"/asks/{dropped.slug}/archive", follow_redirects=True)
    page = client.get(f"/statistics/{stat.id}").get_data(as_text=True)
    assert 'href="/asks/ofcom-grooming"' in page and "the headline figure" in page
    assert "Archived ask" not in page
    assert "has no source" in page


def test_archive_hides_and_restore_brings_back(client, make):
    stat = make.statistic(label="Reports to the IWF")
    assert "Reports to the IWF" in client.get("/statistics/").get_data(as_text=True)
    client.post(f"/statistics/{stat.id}/archive", follow_redirects=True)
    assert "Reports to the IWF" not in client.get("/statistics/").get_data(as_text=True)
    assert "Reports to the IWF" in client.get("/statistics/?archived=1").get_data(as_text=True)
    restored = client.post(f"/statistics/{stat.id}/restore", follow_redirects=True)
    assert "Restored statistic" in restored.get_data(as_text=True)
    assert "Reports to the IWF" in client.get("/statistics/").get_data(as_text=True)


def test_text_fields_are_escaped(client, session):
    script = "<script>alert(1)</script>"
    fields = ("label", "published_wording", "basis", "caveats", "coverage", "geography")
    client.post("/statistics/new", data={**FIGURE, **{name: script for name in fields}})
    [stat] = all_rows(session, Statistic)
    for url in ("/statistics/", f"/statistics/{stat.id}", f"/statistics/{stat.id}/edit"):
        page = client.get(url).get_data(as_text=True)
        assert script not in page and "&lt;script&gt;" in page


def test_the_new_form_can_be_prefilled_from_the_address(client):
    page = client.get("/statistics/new?label=Reports&value=33226&unit=percent").get_data(
        as_text=True
    )
    assert 'value="Reports"' in page and 'value="33226"' in page
    assert '<option value="percent" selected>' in page
    # A prefill is shown back as given and only checked on submit (never a 500).
    shown = client.get("/statistics/new?value=abc&period_start=garbage")
    assert shown.status_code == 200
    assert 'value="abc"' in shown.get_data(as_text=True)
