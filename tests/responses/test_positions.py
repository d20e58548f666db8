"""An organisation's position comes only from what it said or did (a response received from
it): our own letter to it records our position, not its, on the ask page, the dashboard, the
API and in briefing packs alike (`campaign.responses.positions.counts_as_position`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from campaign.dashboard.positions import latest_target_positions
from campaign.models import (
    AskTarget,
    PackClassification,
    Position,
    ResponseAsk,
    ResponseDirection,
)
from campaign.packs.content import build_content
from campaign.packs.options import PackOptions
from campaign.responses.positions import latest_by, latest_positions, their_position


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


def test_a_briefing_pack_shows_the_same_latest_positions(session, make):
    """The pack takes its positions from the responses it loads for its timeline, with the
    same rule and the same order as `latest_positions`: same-day responses by id, our own
    letters left out, archived responses left out."""
    ofcom, ask = _world(make)
    meta = make.organisation(name="Meta", key="meta")
    for title, position in [("Meta's first reply", "supports"), ("Meta's second", "opposes")]:
        reply = make.response(title=title, organisation=meta, response_date=date(2025, 3, 1))
        make.link(ResponseAsk(response_id=reply.id, ask_id=ask.id, position=position))
    later = make.response(
        title="Meta's withdrawn reply",
        organisation=meta,
        response_date=date(2025, 4, 1),
        archived_at=datetime(2025, 4, 2, tzinfo=UTC),
    )
    make.link(ResponseAsk(response_id=later.id, ask_id=ask.id, position=Position.SUPPORTS))

    options = PackOptions(
        title="Internal briefing",
        ask_slugs=(ask.slug,),
        classification=PackClassification.INTERNAL,
    )
    content = build_content(
        session, options, generated_at=datetime(2026, 1, 1, tzinfo=UTC), today=date(2026, 1, 1)
    )
    [pack_ask] = content.asks
    in_pack = {p.organisation: (p.position, p.response_title) for p in pack_ask.positions}
    latest = latest_positions(session, [ask.id])[ask.id]
    assert in_pack == {e.organisation_name: (e.position, e.response_title) for e in latest.values()}
    assert in_pack == {
        "Ofcom": (Position.OPPOSES, "Ofcom's statement"),
        "Meta": (Position.OPPOSES, "Meta's second"),
    }
    assert [p.organisation for p in pack_ask.positions] == ["Ofcom", "Meta"]  # targets first


def test_latest_by_keeps_the_last_entry_per_key():
    entries = [("ofcom", 1), ("meta", 2), ("ofcom", 3)]
    assert latest_by(entries, lambda entry: entry[0]) == {
        "ofcom": ("ofcom", 3),
        "meta": ("meta", 2),
    }
    assert their_position(ResponseDirection.RECEIVED)
    assert not their_position(ResponseDirection.SENT)
