"""Turning an interaction into a Response: organisation, day, channel by kind, direction,
summary and the asks discussed at "no position" with their outcome; then the response's edit
page. Refused clearly without an organisation; once turned, the interaction links to it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from campaign import models as m
from campaign.interactions.actions import CHANNELS
from tests.interactions.helpers import fresh, interaction


def _record(client, row, **data):
    data = {"interaction_action": "record_response", **data}
    return client.post(f"/interactions/{row.id}/edit", data=data)


def _responses(session) -> list[m.Response]:
    session.expire_all()
    return list(session.exec(select(m.Response)))


def test_an_interaction_with_one_organisation_becomes_a_response(client, session, make):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    row = interaction(
        make,
        title="Meeting with Ofcom",
        occurred_at="2026-07-14T00:30",  # 13 July in UTC, 14 July in the UK
        organisation_keys=[ofcom.key],
        summary="They will think about it.",
        asks=[{"ask": ask.slug, "discussed": True, "outcome": "Ofcom will consider it."}],
    )
    page = client.get(f"/interactions/{row.id}").get_data(as_text=True)
    assert 'value="record_response"' in page and f'value="{ofcom.id}"' in page
    made = _record(client, row)
    [response] = _responses(session)
    assert made.status_code == 302 and made.location == f"/responses/{response.id}/edit"
    assert (response.title, response.organisation_id, response.response_date) == (
        "Meeting with Ofcom",
        ofcom.id,
        date(2026, 7, 14),
    )
    assert (response.channel, response.direction) == (
        m.ResponseChannel.MEETING,
        m.ResponseDirection.RECEIVED,
    )
    assert response.summary == "They will think about it."
    assert [(a.ask_id, a.position, a.note) for a in response.ask_links] == [
        (ask.id, m.Position.NO_POSITION, "Ofcom will consider it.")
    ]
    assert fresh(session, row.id).response_id == response.id
    page = client.get(f"/interactions/{row.id}").get_data(as_text=True)
    assert f'href="/responses/{response.id}"' in page and "Record as a response" not in page
    # Asked again (an old tab): the response it already is, not a second one.
    again = _record(client, row)
    assert again.location == f"/responses/{response.id}" and len(_responses(session)) == 1


@pytest.mark.parametrize(
    ("kind", "direction"), [("letter_sent", "sent"), ("email", "received"), ("call", "received")]
)
def test_the_channel_and_direction_follow_the_kind(client, session, make, kind, direction):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    row = interaction(make, kind=kind, organisation_keys=[ofcom.key])
    assert _record(client, row).status_code == 302
    [response] = _responses(session)
    assert response.channel == CHANNELS[m.InteractionKind(kind)]
    assert response.direction == m.ResponseDirection(direction)
    assert not response.channel.is_public  # never into an external pack unchosen


def test_with_several_organisations_the_officer_chooses_one(client, session, make):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    dsit = make.organisation(name="DSIT", key="dsit")
    row = interaction(make, organisation_keys=[ofcom.key, dsit.key])
    page = client.get(f"/interactions/{row.id}").get_data(as_text=True)
    assert "Whose response is it?" in page
    assert page.count('type="radio" name="organisation_id"') == 2
    unchosen = _record(client, row)
    assert unchosen.status_code == 422
    refusal = unchosen.get_data(as_text=True)
    assert 'id="organisation_id-error"' in refusal
    assert "Choose one of the interaction’s organisations." in refusal
    assert _responses(session) == []
    chosen = _record(client, row, organisation_id=dsit.id)
    assert chosen.status_code == 302
    [response] = _responses(session)
    assert response.organisation_id == dsit.id


def test_without_an_organisation_it_is_refused_clearly(client, session, make):
    row = interaction(make)
    page = client.get(f"/interactions/{row.id}").get_data(as_text=True)
    assert "first add the organisation it was with" in page
    refused = _record(client, row)
    assert refused.status_code == 422
    assert "This interaction has no organisation" in refused.get_data(as_text=True)
    assert _responses(session) == [] and fresh(session, row.id).response_id is None


def test_viewers_cannot_turn_one(client_as, session, make):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    row = interaction(make, organisation_keys=[ofcom.key])
    assert _record(client_as("viewer"), row).status_code == 403
    assert _responses(session) == []
