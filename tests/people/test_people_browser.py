"""The people pages in a real browser (issue 18): a person with roles is written through the
pages, then each people page, and the role form showing an error, has no axe violation at
1366 px or 390 px and no sideways scroll at 320 px or 683 px, as tests/browser/
test_accessibility.py checks every other page. (That test visits the first record of each list
on the seed campaign, which holds no person yet: its LISTS gains "/people/" with the seed's
people.)"""

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

pytestmark = pytest.mark.browser


def _write_a_person(tab, base: str) -> str:
    """A person with a current role and an ended one, written through the pages."""
    tab.goto(base + "/people/new")
    tab.get_by_label("Name").fill("Jo Member")
    tab.get_by_label("Kind").select_option("mp")
    tab.get_by_label("Party").fill("Labour")
    tab.get_by_label("Constituency").fill("Leeds North")
    tab.get_by_label("House").select_option("commons")
    tab.get_by_label("Parliament member id").fill("4711")
    tab.get_by_role("button", name="Create person").click()
    tab.wait_for_url(re.compile(r".*/people/\d+$"))
    record = tab.url.removeprefix(base)
    tab.get_by_label("Role", exact=True).fill("MP for Leeds North")
    tab.get_by_label("Started on").fill("2019-12-12")
    tab.get_by_role("button", name="Add role").click()
    tab.wait_for_url(re.compile(r".*/people/\d+#roles$"))
    tab.get_by_label("End “MP for Leeds North” on").fill("2025-09-05")
    tab.get_by_role("button", name="End role MP for Leeds North").click()
    tab.wait_for_url(re.compile(r".*/people/\d+#roles$"))
    tab.get_by_label("Role", exact=True).fill("Minister for Safeguarding")
    tab.get_by_label("Organisation").fill("Ofcom")
    tab.get_by_label("Started on").fill("2025-09-06")
    tab.get_by_role("button", name="Add role").click()
    tab.wait_for_url(re.compile(r".*/people/\d+#roles$"))
    return record


@pytest.fixture
def people_pages(seeded, live_server, page) -> list[str]:  # noqa: F811
    record = _write_a_person(page, live_server)
    roles = page.locator("#roles tbody tr").all_inner_texts()
    assert [row.split("\t")[0] for row in roles] == [
        "Minister for Safeguarding",
        "MP for Leeds North",
    ]
    return ["/people/", "/people/new", record, record + "/edit", record + "/history"]


def _refused_role(tab, base: str, record: str) -> None:
    """The person's page showing the role form's errors."""
    tab.goto(base + record)
    tab.get_by_label("Started on").fill("2025-02-01")
    tab.get_by_label("Ended on", exact=True).fill("2025-01-01")
    tab.get_by_role("button", name="Add role").click()
    assert tab.locator("#title-error").count() == 1


@pytest.mark.parametrize("width", [1366, 390])
def test_the_people_pages_have_no_accessibility_violation(
    people_pages,
    live_server,  # noqa: F811
    page,  # noqa: F811
    width,
):
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for path in people_pages:
        response = page.goto(live_server + path)
        assert response.status == 200, path
        if problems := _violations(page):
            found[path] = problems
    _refused_role(page, live_server, people_pages[2])
    if problems := _violations(page):
        found["refused role"] = problems
    assert found == {}, "\n".join(f"{path}: {p}" for path, ps in found.items() for p in ps)


@pytest.mark.parametrize("width", [320, 683])
def test_no_people_page_scrolls_sideways(people_pages, live_server, page, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 800})
    wide = {}
    for path in [*people_pages, "refused role"]:
        if path == "refused role":
            _refused_role(page, live_server, people_pages[2])
        else:
            page.goto(live_server + path)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide[path] = scroll
    assert wide == {}, f"wider than {width} px: {wide}"
