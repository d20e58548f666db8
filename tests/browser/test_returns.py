"""An FOI-returns file in a real browser, CSRF on: upload, the preview of what will change,
then the import and its audit page; a bad file lists every problem and imports nothing."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).resolve().parent.parent / "returns" / "fixtures"
SOURCE = "NSPCC Freedom of Information requests to police forces: recorded offences"


def _choose_source(page):
    """The Source is a chooser (docs/choosers.md): type, then choose a suggestion."""
    page.get_by_label("Source", exact=True).press_sequentially(SOURCE[:40])
    page.get_by_role("button", name=re.compile("^" + re.escape(SOURCE))).first.click()


def test_returns_preview_then_import(seeded, live_server, page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(f"{live_server}/returns/import")
    _choose_source(page)
    page.get_by_label("Returns file").set_input_files(str(FIXTURES / "bad-rows.csv"))
    page.get_by_role("button", name="Preview").click()
    errors = page.locator("main")
    expect(errors).to_contain_text(re.compile(r"row \d+"))
    expect(page.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    # The refused file is answered with a 422, which Chromium reports on the console.
    assert all("status of 422" in problem for problem in problems)
    problems.clear()

    page.goto(f"{live_server}/returns/import")
    _choose_source(page)
    page.get_by_label("Returns file").set_input_files(str(FIXTURES / "good.csv"))
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("main")).to_contain_text("Nothing has been imported yet.")
    expect(page.locator("main")).to_contain_text("33,226")
    page.get_by_label("Imported by").fill("Sam Jones")
    page.get_by_role("button", name="Import 135 rows").click()

    expect(page).to_have_url(re.compile(r"/returns/sources/[a-z0-9-]+$"))
    expect(page.locator("main")).to_contain_text("135 rows")
    expect(page.locator("main")).to_contain_text("Dyfed-Powys Police")
    assert problems == []  # no script errors, no CSP violations
