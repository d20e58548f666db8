"""Nothing becomes public by default: a response's channel decides whether it is printed in an
external briefing pack, so it starts empty and must be chosen, on the form and in the API."""

from __future__ import annotations

import re

from sqlmodel import select

from campaign.models import Response, ResponseChannel
from tests.responses.test_form import form_data


def _channel_select(html: str) -> str:
    match = re.search(r'<select[^>]*name="channel".*?</select>', html, re.S)
    assert match, "the form has no channel field"
    return match.group(0)


def test_the_new_form_starts_with_no_channel_and_says_which_are_public(client, make):
    make.organisation(name="Ofcom")
    html = client.get("/responses/new").get_data(as_text=True)
    select_html = _channel_select(html)
    options = re.findall(r"<option([^>]*)>([^<]*)</option>", select_html)
    # The blank choice comes first and is the one chosen; no channel is preselected.
    assert re.search(r'value=""', options[0][0]) and "selected" in options[0][0]
    assert [attrs for attrs, _ in options[1:] if "selected" in attrs] == []
    # Public and private channels are grouped, each group saying what it means for packs.
    groups = dict(re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', select_html, re.S))
    public = next(body for label, body in groups.items() if label.startswith("Public"))
    private = next(body for label, body in groups.items() if label.startswith("Private"))
    for channel in ResponseChannel:
        assert f'value="{channel.value}"' in (public if channel.is_public else private)
    assert "external briefing packs" in html


def test_a_response_without_a_channel_is_refused_beside_the_field(client, session, make):
    ofcom = make.organisation(name="Ofcom")
    refused = client.post("/responses/new", data=form_data(ofcom, channel=""))
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert 'id="channel-error"' in html
    assert "Choose the channel" in html
    assert session.exec(select(Response)).all() == []


def test_the_api_refuses_a_response_without_a_channel(client, session, make):
    make.organisation(key="ofcom", name="Ofcom")
    body = {"title": "Ofcom replies", "organisation": "ofcom", "response_date": "2025-03-01"}
    refused = client.post("/api/v1/responses", json=body)
    assert refused.status_code == 422, refused.get_data(as_text=True)
    assert "channel" in refused.get_json()["error"]["fields"]
    assert session.exec(select(Response)).all() == []

    made = client.post("/api/v1/responses", json={**body, "channel": "letter"})
    assert made.status_code == 201, made.get_data(as_text=True)
    assert made.get_json()["channel"] == "letter"
