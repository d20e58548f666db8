"""The calendar page in a real browser: reached from the main menu, its links copied."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_EMAIL, BROWSER_PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_the_main_menu_leads_to_the_calendar_and_copy_link_copies_it(live_server, page, context):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
    page.goto(f"{live_server}/asks/")
    menu = page.get_by_role("navigation", name="Main")
    menu.get_by_role("link", name="Calendar", exact=True).click()
    page.wait_for_url(f"{live_server}/calendar/")
    expect(menu.get_by_role("link", name="Calendar", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    feed = page.locator("#feed-url").input_value()
    assert "/calendar.ics?token=" in feed

    page.get_by_role("button", name="Copy link: Calendar link").click()
    expect(page.get_by_role("status").filter(has_text="Copied")).to_have_text(
        "Copied the calendar link."
    )
    assert page.evaluate("navigator.clipboard.readText()") == feed


def test_without_javascript_the_link_stays_selectable_and_no_dead_button_shows(
    live_server, browser
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, BROWSER_EMAIL, BROWSER_PASSWORD)
    page.goto(f"{live_server}/calendar/")
    link = page.get_by_label("Calendar link")
    expect(link).to_have_attribute("readonly", "")
    assert "/calendar.ics?token=" in link.input_value()
    expect(page.get_by_role("button", name="Copy link")).to_have_count(0)
    context.close()
