"""An organisation's position comes only from what it said or did (a response received from
it): our own letter to it records our position, not its, on the ask page, the dashboard, the
API and in briefing packs alike (`campaign.responses.positions.counts_as_position`)."""

from __future__ import annotations

from datetime import date

from campaign.dashboard.positions import latest_target_positions
from campaign.models import AskTarget, Position, ResponseAsk, ResponseDirection
from campaign.responses.positions import latest_positions


def _world(make):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    ask = make.ask(title="Strengthen the codes", slug="strengthen-codes")
    make.link(AskTarget(ask_id=ask.id, organisation_id=ofcom.id))
    said = make.response(
        title="Ofcom's statement", organisation=ofcom, response_date=date(2025, 1, 10)
    )
    make.link(ResponseAsk(response_id=said.id, ask_id=ask.id, position=Position.OPPOSES))
    ours = make.response(
        title="Our letter to Ofcom",
        organisation=ofcom,
        response_date=date(2025, 2, 1),  # later: it would win if it counted
        direction=ResponseDirection.SENT,
        channel="letter",
    )
    make.link(ResponseAsk(response_id=ours.id, ask_id=ask.id, position=Position.SUPPORTS))
    return ofcom, ask


def test_our_own_letter_is_not_the_targets_position(session, make, client):
    ofcom, ask = _world(make)
    for latest in (
        latest_positions(session, [ask.id]),
        latest_target_positions(session, [ask.id]),
    ):
        entry = latest[ask.id][ofcom.id]
        assert (entry.position, entry.response_title) == (Position.OPPOSES, "Ofcom's statement")

    body = client.get("/api/v1/asks/strengthen-codes").get_json()
    [ofcoms] = [p for p in body["positions"] if p["organisation"]["key"] == "ofcom"]
    assert ofcoms["position"] == "opposes"
    assert [h["response"]["title"] for h in ofcoms["history"]] == ["Ofcom's statement"]

    page = client.get("/asks/strengthen-codes").get_data(as_text=True)
    assert "Our letter to Ofcom" in page  # still on the ask's timeline, as what we sent
