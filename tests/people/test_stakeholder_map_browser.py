"""Stances in a real browser (issue 18): a stance recorded through the "Record a stance" page
from a person's page shows on their page and on the ask's stakeholder map; every page of it
(the form, the form refusing, the person's page, the map by organisation and by party) has no
axe violation at 1366 px or 390 px and no sideways scroll at 320 px or 683 px, as
tests/browser/test_accessibility.py checks every other page."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import (  # noqa: F401  (the browser tests' fixtures)
    anonymous_page,
    browser_type_launch_args,
    live_server,
    page,
)
from tests.browser.test_accessibility import _violations, browser_context_args  # noqa: F401
from tests.support import stances as rows

pytestmark = pytest.mark.browser

ASK_TITLE = "Stakeholder map test ask"


def _refused(tab, base: str) -> None:
    """The form showing its errors: a re-check day before the assessment."""
    tab.goto(base + "/people/stances/new")
    tab.get_by_label("Assessed on").fill("2026-03-01")
    tab.get_by_label("Re-check by").fill("2026-02-01")
    tab.get_by_role("button", name="Record stance").click()
    assert tab.locator("#recheck_by-error").count() == 1
    assert tab.locator("#person_id_find-error").count() == 1


@pytest.fixture
def stance_pages(seeded, live_server, page, session, make) -> list[str]:  # noqa: F811
    ofcom = make.organisation(name="Ofcom (test)")
    ask = make.ask(title=ASK_TITLE, slug="stakeholder-map-test")
    person = rows.person(session, "Dana Director", organisation=ofcom, party="Independent")
    record = f"/people/{person.id}"
    page.goto(live_server + record)
    page.get_by_role("button", name="Record a stance").click()
    page.wait_for_url(re.compile(r".*/people/stances/new\?person="))
    form = page.url.removeprefix(live_server)
    page.get_by_label("Ask", exact=True).fill(ASK_TITLE)
    page.get_by_label("Stance", exact=True).select_option("supporter")
    page.get_by_label("Assessed on").fill("2026-01-15")
    page.get_by_label("Evidence note").fill("https://hansard.parliament.uk/example")
    page.get_by_label("Re-check by").fill("2026-02-01")
    page.get_by_role("button", name="Record stance").click()
    page.wait_for_url(re.compile(r".*/people/\d+#stances$"))
    assert "Supporter" in page.locator("#stances").inner_text()
    assert "Re-check due" in page.locator("#stances").inner_text()
    map_page = f"/asks/{ask.slug}"
    page.goto(live_server + map_page + "#stakeholders")
    assert "Dana Director" in page.locator("#stakeholders table").inner_text()
    return [form, record, map_page, map_page + "?map=party", f"{form}&ask={ask.slug}&back=ask"]


@pytest.mark.parametrize("width", [1366, 390])
def test_the_stance_pages_have_no_accessibility_violation(
    stance_pages,
    live_server,  # noqa: F811
    page,  # noqa: F811
    width,
):
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for path in stance_pages:
        response = page.goto(live_server + path)
        assert response.status == 200, path
        if problems := _violations(page):
            found[path] = problems
    _refused(page, live_server)
    if problems := _violations(page):
        found["refused stance"] = problems
    assert found == {}, "\n".join(f"{path}: {p}" for path, ps in found.items() for p in ps)


@pytest.mark.parametrize("width", [320, 683])
def test_no_stance_page_scrolls_sideways(stance_pages, live_server, page, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 800})
    wide = {}
    for path in [*stance_pages, "refused stance"]:
        if path == "refused stance":
            _refused(page, live_server)
        else:
            page.goto(live_server + path)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide[path] = scroll
    assert wide == {}, f"wider than {width} px: {wide}"
