"""Keyboard only (issue 17): from the dashboard, a policy officer logs a response with two
positions without touching the mouse — Tab to move, type to fill, arrow keys in a list,
Space to tick, Enter to submit — and the focus is always visible (GOV.UK's yellow focus)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from campaign.models import Position, Response, ResponseAsk

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute("name") || "",
    text: (e.innerText || e.value || "").trim().slice(0, 80),
    // the focus is shown: an outline, or a box shadow (GOV.UK's focus style for links and fields)
    shown: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none" || style.backgroundColor === "rgb(255, 221, 0)",
  };
}"""


def _tab_to(page, matches, limit: int = 150) -> dict:
    """Press Tab until the focused element is the one `matches` accepts; every stop shows focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["shown"], f"focus not visible on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached by Tab")


def test_log_a_response_with_two_positions_by_keyboard(live_server, page, make, session):
    ofcom = make.organisation(name="Ofcom")
    detection = make.ask(title="Require proactive detection of known CSAM")
    age = make.ask(title="Age assurance on every platform")
    make.ask(title="Fund Childline")
    page.goto(f"{live_server}/")

    # The main menu, then the list's "Log a response" is reached and followed by keyboard.
    _tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "Responses")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/responses/$"))
    _tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "New response")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/responses/new$"))

    _tab_to(page, lambda f: f["id"] == "title")
    page.keyboard.type("Ofcom's reply on detection and age checks")
    # The organisation: type some of its name, then choose the suggestion with the arrow keys.
    _tab_to(page, lambda f: f["id"] == "organisation_id_find")
    page.keyboard.type("Ofco")
    expect(page.get_by_role("button", name="Ofcom")).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#organisation_id_find")).to_have_value("Ofcom")
    # Channel: a list chosen with the arrow keys (the date keeps today's).
    _tab_to(page, lambda f: f["id"] == "channel")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    channel = page.locator("#channel").input_value()
    assert channel, "the arrow keys chose no channel"

    # Two positions, in the table of asks, in the order the table lists them.
    rows = [t.strip() for t in page.locator("table.positions th[scope=row]").all_inner_texts()]
    boxes = page.locator("table.positions select")
    wanted = {detection.title: "Supports", age.title: "Partly"}
    for n, title in enumerate(rows):
        if title in wanted:
            box_id = boxes.nth(n).get_attribute("id")
            _tab_to(page, lambda f, box_id=box_id: f["id"] == box_id)
            page.keyboard.type(wanted[title])  # a list jumps to the choice typed

    _tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Create response")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/responses/\d+$"))

    session.expire_all()
    [response] = session.exec(select(Response)).all()
    assert response.organisation_id == ofcom.id and response.channel.value == channel
    positions = {
        row.ask_id: row.position
        for row in session.exec(select(ResponseAsk).where(ResponseAsk.response_id == response.id))
    }
    assert positions == {detection.id: Position.SUPPORTS, age.id: Position.PARTLY_SUPPORTS}
