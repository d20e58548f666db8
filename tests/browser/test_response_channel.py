"""Nothing becomes public by default, in a real browser: the new-response form starts with no
channel, says which channels are printed in external briefing packs, and refuses to save a
response whose channel was not chosen. (The pack builder's External default is checked in
test_packs.py.)"""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from campaign.models import Response, ResponseChannel

pytestmark = pytest.mark.browser


def test_a_new_response_has_no_channel_until_one_is_chosen(live_server, page, make, session):
    make.organisation(name="Ofcom")
    page.goto(f"{live_server}/responses/new")
    channel = page.get_by_label("Channel")
    expect(channel).to_have_value("")
    expect(page.locator("#channel-hint")).to_contain_text("external briefing packs")
    public = channel.locator("optgroup[label^='Public']")
    private = channel.locator("optgroup[label^='Private']")
    expect(public.locator("option")).to_have_count(sum(c.is_public for c in ResponseChannel))
    expect(private.locator("option[value='letter']")).to_have_count(1)

    page.get_by_label("Title").fill("Ofcom replies to our letter")
    page.get_by_label("Organisation").fill("Ofcom")  # a chooser: its whole name
    page.get_by_label("Date", exact=True).fill("2025-03-01")
    page.get_by_role("button", name="Create response").click()
    expect(page.locator("#channel-error")).to_contain_text("Choose the channel")
    expect(page.get_by_label("Channel")).to_have_value("")
    assert session.exec(select(Response)).all() == []

    page.get_by_label("Channel").select_option("letter")
    page.get_by_role("button", name="Create response").click()
    expect(page).to_have_url(re.compile(r"/responses/\d+$"))
    expect(page.locator("dl.facts")).to_contain_text("Letter (private: internal packs only)")
    session.expire_all()
    saved = session.exec(select(Response)).one()
    assert saved.channel is ResponseChannel.LETTER
