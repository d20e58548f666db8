"""What a new response's form starts with: today's date (the injected clock's UK day) and,
opened from an ask, that ask's target (one preselected, several offered first)."""

from datetime import UTC, date, datetime

import lxml.html
import pytest
from sqlmodel import select

from campaign.models import AskTarget, Response
from tests.responses.test_form import form_data

# 23:30 UTC on 9 July 2026 is already 10 July in the UK.
CLOCK = {"CLOCK": lambda: datetime(2026, 7, 9, 23, 30, tzinfo=UTC)}


@pytest.fixture
def client(make_app):
    return make_app(**CLOCK).test_client()


def page(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def date_value(response) -> str:
    return page(response).get_element_by_id("response_date").get("value")


def organisation_box(response) -> tuple[str, list[str]]:
    """The organisation box's text and the chosen id(s) posted with it (hidden or ticked)."""
    html = page(response)
    text = html.get_element_by_id("organisation_id_find").get("value")
    chosen = html.xpath("//input[@name='organisation_id'][@type='hidden' or @checked]/@value")
    return text, [value for value in chosen if value]


def offered(response) -> list[tuple[str, str]]:
    radios = page(response).xpath("//fieldset[contains(@class, 'chooser-matches')]//input")
    return [
        (radio.get("value"), radio.xpath("following-sibling::label")[0].text_content().strip())
        for radio in radios
    ]


def test_a_new_response_is_dated_today_in_the_uk(client):
    assert date_value(client.get("/responses/new")) == "2026-07-10"


def test_a_refused_new_response_keeps_the_date_typed(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    refused = client.post("/responses/new", data=form_data(ofcom, title=""))
    assert refused.status_code == 422
    assert date_value(refused) == "2025-02-10"  # what was posted, not today
    cleared = client.post("/responses/new", data=form_data(ofcom, response_date=""))
    assert cleared.status_code == 422 and date_value(cleared) == ""
    assert "Enter the date." in cleared.get_data(as_text=True)
    assert session.exec(select(Response)).all() == []


def test_the_date_in_the_address_wins_over_today(client):
    assert date_value(client.get("/responses/new?response_date=2026-06-30")) == "2026-06-30"


def test_an_edit_keeps_the_response_date(client, make):
    reply = make.response(response_date=date(2025, 1, 1))
    assert date_value(client.get(f"/responses/{reply.id}/edit")) == "2025-01-01"


def test_opened_from_an_ask_with_one_target_that_target_is_chosen(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Strengthen the codes")
    make.link(AskTarget(ask_id=ask.id, organisation_id=ofcom.id))
    opened = client.get(f"/responses/new?ask_id={ask.id}")
    assert organisation_box(opened) == ("Ofcom", [str(ofcom.id)])
    assert offered(opened) == []
    # Saved as shown (what the browser posts: the box's text and the hidden id).
    data = form_data(ofcom, organisation_id_find="Ofcom")
    assert client.post(f"/responses/new?ask_id={ask.id}", data=data).status_code == 302
    assert session.exec(select(Response.organisation_id)).all() == [ofcom.id]


def test_opened_from_an_ask_with_several_targets_they_are_offered_first(client, session, make):
    meta = make.organisation(name="Meta")
    snap = make.organisation(name="Snap Inc.")
    gone = make.organisation(name="Archived Ltd", archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    make.organisation(name="Ofcom")
    ask = make.ask(title="Scan for known CSAM")
    for org in (snap, meta, gone):
        make.link(AskTarget(ask_id=ask.id, organisation_id=org.id))
    url = f"/responses/new?ask_id={ask.id}"
    opened = client.get(url)
    assert organisation_box(opened) == ("", [])  # nothing chosen for the user
    assert offered(opened) == [(str(meta.id), "Meta"), (str(snap.id), "Snap Inc.")]
    assert "This ask’s targets" in opened.get_data(as_text=True)

    # Nothing ticked, nothing typed: refused, the targets still offered.
    base = form_data(meta, organisation_id_find="", organisation_id_asked="")
    del base["organisation_id"]
    refused = client.post(url, data=base)
    assert refused.status_code == 422
    assert "Choose the organisation." in refused.get_data(as_text=True)
    assert [value for value, _ in offered(refused)] == [str(meta.id), str(snap.id)]

    # A target ticked, the form refused for something else: it stays ticked, the box empty.
    refused = client.post(url, data={**base, "organisation_id": str(snap.id), "title": ""})
    assert refused.status_code == 422
    assert organisation_box(refused) == ("", [str(snap.id)])

    # Ticked and saved.
    saved = client.post(url, data={**base, "organisation_id": str(snap.id)})
    assert saved.status_code == 302
    assert session.exec(select(Response.organisation_id)).all() == [snap.id]


def test_a_name_typed_wins_over_the_targets_offered(client, session, make):
    meta = make.organisation(name="Meta")
    snap = make.organisation(name="Snap Inc.")
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Scan for known CSAM")
    for org in (meta, snap):
        make.link(AskTarget(ask_id=ask.id, organisation_id=org.id))
    data = form_data(meta, organisation_id_find="Ofcom", organisation_id_asked="")
    del data["organisation_id"]
    saved = client.post(f"/responses/new?ask_id={ask.id}", data=data)
    assert saved.status_code == 302
    assert session.exec(select(Response.organisation_id)).all() == [ofcom.id]


def test_an_ask_without_targets_or_unknown_offers_nothing(client, make):
    ask = make.ask()
    for url in (f"/responses/new?ask_id={ask.id}", "/responses/new?ask_id=999999"):
        opened = client.get(url)
        assert opened.status_code == 200
        assert organisation_box(opened) == ("", []) and offered(opened) == []


def test_words_matching_several_replace_the_targets_offered(client, make):
    for name in ("Meta", "Snap Inc.", "Ofcom", "Ofcom Scotland"):
        make.organisation(name=name)
    meta, snap = make.organisation(name="Meta Ireland"), make.organisation(name="Snap UK")
    ask = make.ask()
    for org in (meta, snap):
        make.link(AskTarget(ask_id=ask.id, organisation_id=org.id))
    data = form_data(meta, organisation_id_find="ofc", organisation_id_asked="")
    del data["organisation_id"]
    refused = client.post(f"/responses/new?ask_id={ask.id}", data=data)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Organisation: choose one matching “ofc”" in html
    assert "This ask’s targets" not in html
    assert [name for _, name in offered(refused)] == ["Ofcom", "Ofcom Scotland"]
