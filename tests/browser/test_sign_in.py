"""Signing in and out in a real browser, with CSRF on."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BROWSER_EMAIL, BROWSER_PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_sign_in_returns_to_the_page_asked_for_then_sign_out(live_server, anonymous_page):
    page = anonymous_page
    page.goto(f"{live_server}/organisations/")
    assert page.url == f"{live_server}/login?next=/organisations/"
    page.get_by_label("E-mail address").fill(BROWSER_EMAIL)
    page.get_by_label("Password", exact=True).fill("not the password at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#sign-in-error")).to_contain_text("not recognised")
    page.get_by_label("Password", exact=True).fill(BROWSER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/organisations/")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server}/login")
    page.goto(f"{live_server}/asks/")
    assert "/login?next=" in page.url
    sign_in(page, live_server, BROWSER_EMAIL, BROWSER_PASSWORD)
