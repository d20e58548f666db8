"""The ask page in a real browser at 1366×768 (issue 17): the seed's Meta asks open short,
with what a reader needs first; the rest is in tabs of collapsed sections, reached from the tabs
or the contents;
the three "Link existing…" forms are collapsed and open on a click."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from campaign.db import session_scope
from campaign.models import Ask, AskTarget, Organisation

pytestmark = pytest.mark.browser

SCREEN = {"width": 1366, "height": 768}
LINK_FORMS = {
    "Link an existing statistic": "statistics-item_id",
    "Link existing evidence": "evidence-item_id",
    "Link an existing milestone": "milestones-item_id",
}


def _meta_asks(app) -> list[str]:
    """Every seed ask that targets Meta, found by its target."""
    with app.app_context(), session_scope() as session:
        return list(
            session.exec(
                select(Ask.slug)
                .join(AskTarget, AskTarget.ask_id == Ask.id)
                .join(Organisation, Organisation.id == AskTarget.organisation_id)
                .where(Organisation.key == "meta")
                .order_by(Ask.slug)
            )
        )


def test_the_meta_asks_fit_in_three_screens_before_anything_is_opened(seeded, live_server, page):
    slugs = _meta_asks(seeded)
    assert "meta-pause-encryption-rollout" in slugs and len(slugs) >= 2
    page.set_viewport_size(SCREEN)
    heights = {}
    for slug in slugs:
        page.goto(f"{live_server}/asks/{slug}")
        heights[slug] = page.evaluate("document.documentElement.scrollHeight")
        # What a reader needs first is on the page as it opens.
        glance = page.locator("#at-a-glance")
        expect(glance.get_by_role("heading", name="Headline figures")).to_be_visible()
        expect(glance.locator(".headline-figures > li")).to_have_count(3)
        expect(glance.get_by_role("row", name="Meta")).to_be_visible()
        expect(page.locator("dl.facts").get_by_role("link", name="Full history")).to_be_visible()
    assert all(h <= 3 * SCREEN["height"] for h in heights.values()), heights


def test_contents_open_a_collapsed_section_and_link_forms_open_on_click(seeded, live_server, page):
    page.set_viewport_size(SCREEN)
    page.goto(f"{live_server}/asks/meta-pause-encryption-rollout")
    contents = page.get_by_role("navigation", name="On this page")

    # A section's items are collapsed until its contents link is followed.
    first_figure = page.locator("#statistics .linked-item").first
    expect(first_figure).to_be_hidden()
    contents.get_by_role("link", name="Statistics").click()
    expect(first_figure).to_be_visible()

    # Each linking form is collapsed behind its summary and opens on a click, in its section's
    # tab (GOV.UK tabs: one section shown at a time on a laptop).
    for summary, select_id in LINK_FORMS.items():
        select_box = page.locator(f"#{select_id}")
        expect(select_box).to_be_hidden()
        section = select_id.split("-")[0]
        page.get_by_role("tab", name=re.compile(section, re.IGNORECASE)).click()
        expect(page.locator(f"#{section}")).to_be_visible()
        page.locator("summary", has_text=summary).click()
        expect(select_box).to_be_visible()

    # A refused link comes back with its form open and the error beside the field.
    page.reload()
    page.get_by_role("tab", name=re.compile("Statistics")).click()
    page.locator("summary", has_text="Link an existing statistic").click()
    page.get_by_role("button", name="Link statistic").click()
    expect(page).to_have_url(re.compile(r"/statistics#link-statistics$"))  # lands on the form
    expect(page.locator("#statistics-item_id")).to_be_visible()
    expect(page.get_by_text("Choose one to link.")).to_be_visible()
