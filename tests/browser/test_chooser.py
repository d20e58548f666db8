"""A chooser in a real browser (docs/choosers.md): with JavaScript, typing in "Find a source"
suggests matches from /api/v1/lookup/sources, and choosing one filters the list by
`?source=<id>`, under the app's Content-Security-Policy (no console errors)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_typing_suggests_and_choosing_filters(live_server, page, make):
    ons = make.source(title="ONS crime survey", publisher="ONS")
    make.source(title="Childline annual review", publisher="NSPCC")
    make.statistic(label="Cited figure", source_id=ons.id)
    make.statistic(label="Uncited figure")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(f"{live_server}/statistics/")
    page.get_by_label("Find a source (source filter)").press_sequentially("crime")
    suggestion = page.get_by_role("button", name="ONS crime survey — ONS")
    expect(suggestion).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Childline"))).to_have_count(0)
    suggestion.click()

    expect(page).to_have_url(re.compile(rf"[?&]source={ons.id}(&|$)"))
    expect(page.locator(".chooser.chosen")).to_contain_text("ONS crime survey — ONS")
    expect(page.locator("table")).to_contain_text("Cited figure")
    expect(page.locator("table")).not_to_contain_text("Uncited figure")
    assert errors == []
