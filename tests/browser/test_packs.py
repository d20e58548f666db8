"""A briefing pack in a real browser, CSRF on: from the ask page to the builder, a preview,
then generation in the background with its progress page, and the download."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ASK = "ofcom-strengthen-illegal-harms-codes"


def test_a_briefing_pack_from_the_ask_page_to_the_downloaded_pdf(seeded, live_server, page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(f"{live_server}/asks/{ASK}")
    page.get_by_role("button", name="Briefing pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New briefing pack")
    expect(page.get_by_role("checkbox", name=re.compile("^Ofcom: introduce"))).to_be_checked()

    page.get_by_label("Title", exact=True).fill("Briefing for the meeting with Ofcom")
    # a chooser (docs/choosers.md): type, then pick the suggestion
    page.get_by_label("Audience: an organisation").press_sequentially("Ofcom")
    page.get_by_role("button", name="Ofcom", exact=True).click()
    page.get_by_label("Meeting date").fill("2026-12-03")
    page.get_by_label("Next steps", exact=True).fill("Ask Ofcom to **publish a timetable**.")
    page.get_by_label("Prepared by").fill("Ann Example")
    expect(page.get_by_role("radio", name="External")).to_be_checked()
    expect(page.get_by_role("radio", name="PDF")).to_be_checked()

    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".page-head h1")).to_have_text(
        "Preview: Briefing for the meeting with Ofcom"
    )
    pack = page.locator("article.pack")
    expect(pack).to_contain_text("33,226")  # the ask's figures…
    expect(pack).to_contain_text("25%")
    expect(pack).not_to_contain_text("the '25% rise' headline")  # …not the team's notes

    page.get_by_role("button", name="Generate").click()
    expect(page).to_have_url(re.compile(r"/packs/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Briefing for the meeting with Ofcom")
    # The progress page turns into the download by itself (pack-progress.js polls).
    download_button = page.get_by_role("button", name="Download")
    expect(download_button).to_be_visible(timeout=60_000)
    expect(page.locator("progress")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("SHA-256")

    with page.expect_download() as info:
        download_button.click()
    download = info.value
    assert download.suggested_filename == "2026-12-03-briefing-for-the-meeting-with-ofcom.pdf"
    with open(download.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"

    page.goto(f"{live_server}/packs/")
    expect(page.locator("table.packs")).to_contain_text("Briefing for the meeting with Ofcom")
    expect(page.locator("table.packs")).to_contain_text("Done")
    assert problems == []  # no script errors, no CSP violations
