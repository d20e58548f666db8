import pytest

pytestmark = pytest.mark.browser


def test_create_an_organisation_in_the_browser(live_server, page):
    page.goto(f"{live_server}/organisations/")
    page.get_by_role("button", name="New organisation").click()
    page.get_by_label("Name").fill("Ofcom")
    page.get_by_label("Kind").select_option("regulator")
    page.get_by_role("button", name="Create organisation").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ofcom"
    assert "Created organisation" in page.content()
