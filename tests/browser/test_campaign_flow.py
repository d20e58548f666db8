"""The issue's end-to-end check, in a real browser: create an ask, link a new statistic with a
new source, log a response from Ofcom with a position on two asks, and see it on the ask page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

NEW_ASK = "Ofcom publishes its first child-safety enforcement plan"
SEED_ASK = (
    "Ofcom: introduce the illegal harms measures without delay, strengthen enforcement and "
    "begin a second version of the codes"
)


def test_a_new_user_builds_an_ask_and_logs_ofcoms_response(seeded, live_server, page):
    # 1. Create an ask aimed at Ofcom.
    page.goto(f"{live_server}/asks/")
    page.get_by_role("button", name="New ask").click()
    page.get_by_label("Title").fill(NEW_ASK)
    page.get_by_label("Summary").fill("Ofcom should publish **when** it will enforce.")
    page.get_by_label("Status").select_option("active")
    page.get_by_label("Targets").press_sequentially("Ofcom")  # a chooser: pick a suggestion
    page.get_by_role("button", name="Ofcom", exact=True).click()
    expect(page.get_by_role("checkbox", name="Ofcom", exact=True)).to_be_checked()
    page.get_by_role("button", name="Create ask").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_ASK)
    ask_url = page.url

    # 2. A new source, then a new statistic citing it, created from the ask page.
    page.goto(f"{live_server}/sources/new")
    page.get_by_label("Title").fill("Ofcom enforcement bulletin, autumn 2026")
    page.get_by_label("Publisher").fill("Ofcom")
    page.get_by_label("Kind").select_option("report")
    page.get_by_label("Coverage").fill("All services in Ofcom's enforcement programme")
    page.get_by_role("button", name="Create source").click()
    expect(page.get_by_text("Created source")).to_be_visible()

    page.goto(ask_url)
    page.get_by_role("tab", name=re.compile("Statistics")).click()
    page.get_by_role("button", name="Add a new statistic").click()
    page.get_by_label("Label", exact=True).fill("Services under formal investigation")
    page.get_by_label("Value", exact=True).fill("1,234")
    page.get_by_label("Unit").select_option("count")
    # the Source is a chooser (docs/choosers.md): type some of the name, pick a suggestion
    page.get_by_label("Source", exact=True).press_sequentially("enforcement bulletin")
    page.get_by_role("button", name="Ofcom enforcement bulletin, autumn 2026 — Ofcom").click()
    page.get_by_role("button", name="Create statistic").click()
    expect(page).to_have_url(ask_url)
    expect(page.get_by_text("Linked to ask")).to_be_visible()

    # 3. Log Ofcom's response, with a position on the new ask and on a seed ask.
    page.get_by_role("button", name="Log a response").first.click()
    page.get_by_label("Title").fill("Ofcom letter on enforcement priorities")
    page.get_by_label("Organisation").fill("Ofcom")  # its whole name: chosen on saving
    page.get_by_label("Date", exact=True).fill("2026-11-20")
    page.get_by_label("Channel").select_option("letter")
    page.get_by_role("combobox", name=NEW_ASK, exact=True).select_option("supports")
    page.get_by_role("combobox", name=SEED_ASK, exact=True).select_option("partly_supports")
    page.get_by_role("button", name="Create response").click()
    expect(page.get_by_text("Created response")).to_be_visible()

    # 4. The ask page shows all of it.
    page.goto(ask_url)
    main = page.locator("main")
    expect(main).to_contain_text("1,234")
    expect(main).to_contain_text("Services under formal investigation")
    expect(main).to_contain_text("Ofcom enforcement bulletin, autumn 2026")
    expect(main).to_contain_text("Ofcom letter on enforcement priorities")
    positions = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("positions"))
    )
    expect(positions).to_contain_text("Ofcom")
    expect(positions).to_contain_text("Supports")
    expect(main.locator("strong", has_text="when")).to_be_visible()  # Markdown rendered

    # …and the seed ask shows Ofcom's new position.
    page.goto(f"{live_server}/asks/ofcom-strengthen-illegal-harms-codes")
    expect(page.locator("main")).to_contain_text("Ofcom letter on enforcement priorities")
    expect(page.locator("main")).to_contain_text("Partly supports")
