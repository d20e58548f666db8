"""The new-response form in a real browser: the position boxes show their choices whole
("Not about this ask", "Partly supports"), at a laptop's width and a phone's; and opened
from an ask with several targets, one ticked is saved, the box left empty."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from campaign.models import AskTarget, Response

pytestmark = pytest.mark.browser

# The widest choice a position box shows, and how much of it the box has room for.
CUT = """select => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = style.font;
  const widest = Math.max(...[...select.options].map(o => context.measureText(o.text).width));
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return {widest, room};
}"""


@pytest.mark.parametrize("width", [1366, 390])
def test_position_boxes_show_their_choices_whole(live_server, page, make, width):
    make.ask(title="Require proactive detection of known child sexual abuse material")
    make.ask(title="Age assurance")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server}/responses/new")
    boxes = page.locator("table.positions select")
    expect(boxes).to_have_count(2)
    for n in range(2):
        expect(boxes.nth(n)).to_have_value("")
        expect(boxes.nth(n).locator("option:checked")).to_have_text("Not about this ask")
        size = boxes.nth(n).evaluate(CUT)
        assert size["widest"] <= size["room"], size


def test_a_target_offered_is_ticked_and_saved(live_server, page, make, session):
    meta = make.organisation(name="Meta")
    snap = make.organisation(name="Snap Inc.")
    ask = make.ask(title="Scan for known CSAM")
    for org in (meta, snap):
        make.link(AskTarget(ask_id=ask.id, organisation_id=org.id))
    page.goto(f"{live_server}/responses/new?ask_id={ask.id}")
    targets = page.get_by_role("group", name=re.compile("This ask’s targets"))
    targets.get_by_label("Snap Inc.").check()
    page.get_by_label("Title").fill("Snap replies")
    page.get_by_label("Channel").select_option("letter")
    page.get_by_role("button", name="Create response").click()
    expect(page).to_have_url(re.compile(r"/responses/\d+$"))
    session.expire_all()
    assert session.exec(select(Response.organisation_id)).all() == [snap.id]
