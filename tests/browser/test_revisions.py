"""Two officers edit the same ask in two browsers: the second save shows the conflict page
with both versions and keeps what was typed; then an earlier wording is restored from the
History page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_EMAIL, BROWSER_PASSWORD, sign_in

pytestmark = pytest.mark.browser

SLUG = "ofcom-strengthen-illegal-harms-codes"


def test_two_officers_one_ask_then_restore(seeded, live_server, page, browser):
    other = browser.new_context().new_page()
    other.set_default_timeout(10_000)
    sign_in(other, live_server, BROWSER_EMAIL, BROWSER_PASSWORD)
    edit = f"{live_server}/asks/{SLUG}/edit"
    page.goto(edit)
    other.goto(edit)
    original = page.get_by_label("Title").input_value()

    page.get_by_label("Title").fill("Ofcom: strengthen the illegal harms codes now")
    page.get_by_role("button", name="Save ask").click()
    expect(page.get_by_text("Saved ask")).to_be_visible()

    other.get_by_label("Summary").fill("A colleague's new summary, typed in the meantime.")
    other.get_by_role("button", name="Save ask").click()
    expect(other.get_by_role("heading", level=1)).to_have_text(
        "Not saved: someone else changed this ask"
    )
    table = other.get_by_role("table")
    expect(table).to_contain_text("Ofcom: strengthen the illegal harms codes now")
    expect(other.get_by_label("Summary")).to_have_value(
        "A colleague's new summary, typed in the meantime."
    )
    # The colleague keeps the new title and their summary, and saves deliberately.
    other.get_by_label("Title").fill("Ofcom: strengthen the illegal harms codes now")
    other.get_by_role("button", name="Save my version over version 2").click()
    expect(other.get_by_text("Saved ask")).to_be_visible()

    # The first officer restores the original title from the History page.
    page.goto(f"{live_server}/asks/{SLUG}/history")
    expect(page.get_by_text("Version 3", exact=True)).to_be_visible()
    page.get_by_role("button", name="Restore version 1").click()
    expect(page.get_by_text("Restored version 1")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(original)
    expect(page.get_by_text("Earlier version restored").first).to_be_visible()
