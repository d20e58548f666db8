"""A chooser in a real browser (docs/choosers.md): with JavaScript, typing in "Find a source"
suggests matches from /api/v1/lookup/sources, and choosing one filters the list by
`?source=<id>`; in a form, choosing a suggestion fills the Source field and saving cites it;
all under the app's Content-Security-Policy (no console errors)."""

import re

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from campaign.models import Statistic

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


def test_a_form_field_suggests_and_the_choice_is_saved(live_server, page, make, session):
    ons = make.source(title="ONS crime survey", publisher="ONS")
    make.source(title="Police recorded crime", publisher="Home Office")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))

    page.goto(f"{live_server}/statistics/new")
    page.get_by_label("Label", exact=True).fill("Grooming crimes recorded")
    page.get_by_label("Value", exact=True).fill("7062")
    box = page.get_by_label("Source", exact=True)
    box.press_sequentially("crime")
    expect(page.get_by_role("status").filter(has_text="2 suggestions")).to_have_count(1)
    box.press("ArrowDown")  # the keyboard reaches the suggestions
    expect(page.get_by_role("button", name="ONS crime survey — ONS")).to_be_focused()
    page.keyboard.press("Enter")
    expect(box).to_have_value("ONS crime survey — ONS")
    expect(page.locator("input[type=hidden][name=source_id]")).to_have_value(str(ons.id))
    page.get_by_role("button", name="Create statistic").click()

    expect(page.locator("h1")).to_contain_text("Grooming crimes recorded")
    session.expire_all()
    saved = session.exec(select(Statistic).where(Statistic.label == "Grooming crimes recorded"))
    assert saved.one().source_id == ons.id
    assert errors == []
