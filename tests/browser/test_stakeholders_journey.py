"""Issue 18's "Done when", in a real browser: sync members from the fixture server, find an
MP, record a meeting with them about two asks with a follow-up due next week, set their stance
on one ask, record a commitment from a response, see all of it on the person page, the ask
page and the dashboard, and make an internal pack with "Who's who".

The sync is the real `flask sync-members` (a command and a scheduled job, not a page), run on
the live app against tests/support/members_fixture.py. The app's clock is fixed to Monday
7 December 2026, so "next week" is Monday 14 December."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from campaign.models import Person, Response
from tests.browser.conftest import serve
from tests.support.members_fixture import MembersApiFixture

pytestmark = pytest.mark.browser

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # Monday 7 December 2026, 10:00 GMT
NEXT_WEEK = "2026-12-14"
MP = "Member 0007 (fixture)"  # a generated member: no real person's stance is invented
MP_KEY = "member-0007-fixture"
ASK = "ofcom-strengthen-illegal-harms-codes"
ASK_TITLE = (
    "Ofcom: introduce the illegal harms measures without delay, strengthen enforcement and "
    "begin a second version of the codes"
)
OTHER_ASK_TITLE = (
    "Tougher measures for private messaging services, including end-to-end encrypted environments"
)
MEETING = "Meeting with Member 0007 on the illegal harms codes"
ACTION = "Send the Childline figures to the member's office"
PROMISE = "Member 0007 will table a written question on the codes"


@pytest.fixture
def members_api():
    with MembersApiFixture(commons=30, lords=5) as api:
        yield api


@pytest.fixture
def journey_app(make_app, members_api):
    """The live app pointed at the fixture server, on a fixed day."""
    return make_app(
        WTF_CSRF_ENABLED=True,
        TESTING=False,
        PARLIAMENT_MEMBERS_API_URL=members_api.url,
        CLOCK=lambda: NOW,
    )


@pytest.fixture
def live_server(journey_app):
    """This module's live server is the journey's app (the `page` fixture signs in to it)."""
    yield from serve(journey_app)


def _sync_members(app) -> None:
    result = app.test_cli_runner().invoke(args=["sync-members"])
    assert result.exit_code == 0, result.output
    assert "35 created" in result.output


def test_an_officer_meets_an_mp_and_follows_it_through(seeded, journey_app, live_server, page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    base = live_server

    # 1. Members from the source: the sync command, on the live app's database.
    _sync_members(journey_app)

    # 2. Find the MP through the people list's search box, and open their page.
    page.goto(f"{base}/people/")
    page.get_by_role("searchbox", name="Search people").fill("Member 0007")
    page.get_by_role("searchbox", name="Search people").press("Enter")
    expect(page.get_by_role("link", name="Member 0008 (fixture)")).to_have_count(0)
    page.get_by_role("link", name=MP, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MP)
    person_url = page.url
    expect(page.locator("main")).to_contain_text("Constituency 0007 (fixture)")

    # 3. A meeting with them about two asks, opened from their page.
    page.get_by_role("button", name="Record an interaction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New interaction")
    page.get_by_label("Title", exact=True).fill(MEETING)
    page.get_by_label("Kind", exact=True).select_option("meeting")
    page.get_by_label("Date and time").fill("2026-12-04T14:30")
    page.get_by_role("checkbox", name=re.compile("Browser Admin")).check()
    expect(page.get_by_role("checkbox", name=MP, exact=True)).to_be_checked()
    page.get_by_role("combobox", name="Organisations").press_sequentially("UK Parliament")
    page.get_by_role("button", name="UK Parliament", exact=True).click()
    page.get_by_role("checkbox", name=f"Discussed: {ASK_TITLE}").check()
    page.get_by_label(f"Outcome on {ASK_TITLE}").fill("Will press Ofcom on the codes' timetable.")
    page.get_by_label(f"Outcome on {OTHER_ASK_TITLE}").fill("Sympathetic; wants a short brief.")
    page.get_by_role("button", name="Create interaction").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MEETING)
    interaction_url = page.url
    main = page.locator("main")

    def fact(key: str):
        return page.locator(".govuk-summary-list__row", has=page.locator("dt", has_text=key))

    expect(fact("Date and time")).to_contain_text("4 December 2026")
    expect(fact("Our attendees")).to_contain_text("Browser Admin")
    expect(fact("Their attendees")).to_contain_text(MP)
    expect(fact("Organisations")).to_contain_text("UK Parliament")
    expect(main).to_contain_text("Will press Ofcom on the codes' timetable.")
    expect(main).to_contain_text("Sympathetic; wants a short brief.")

    # …and a follow-up action due next week, on the interaction's page.
    page.get_by_label("Action", exact=True).fill(ACTION)
    page.get_by_label("Owner").select_option(label="Browser Admin")
    page.get_by_label("Due by").fill(NEXT_WEEK)
    page.get_by_role("button", name="Add action").click()
    expect(main).to_contain_text(ACTION)
    expect(main).to_contain_text("14 December 2026")

    # 4. Their stance on one ask, from their page.
    page.goto(person_url)
    page.get_by_role("button", name="Record a stance").click()
    page.get_by_label("Ask", exact=True).fill(ASK_TITLE)
    page.get_by_label("Stance", exact=True).select_option("supporter")
    page.get_by_label("Assessed on").fill("2026-12-04")
    page.get_by_label("Evidence note").fill("Said so in the meeting of 4 December.")
    page.get_by_role("button", name="Record stance").click()
    page.wait_for_url(re.compile(r".*/people/\d+#stances$"))
    expect(page.locator("#stances")).to_contain_text("Supporter")

    # 5. A commitment from a response: the meeting recorded as a response, then the promise.
    page.goto(interaction_url)
    page.get_by_role("button", name="Record as a response").click()
    # the response's edit page opens, for the positions: it is kept as it is
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Edit response: {MEETING}")
    page.get_by_role("button", name="Save response").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MEETING)
    expect(page.locator("main")).to_contain_text("UK Parliament")
    page.get_by_role("button", name="Record a commitment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New commitment")
    page.get_by_label("The promise").fill(PROMISE)
    page.get_by_label("Made by (person)").press_sequentially("Member 0007")
    page.get_by_role("button", name=MP, exact=True).click()
    page.get_by_label("Made to").fill("the NSPCC")
    page.get_by_label("Due", exact=True).fill("2027-01")
    page.get_by_label("Ask", exact=True).fill(ASK_TITLE)
    page.get_by_role("button", name="Create commitment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PROMISE)
    expect(page.locator("main")).to_contain_text(MEETING)  # made in the response
    page.goto(interaction_url)
    expect(page.locator("main")).to_contain_text(f"Recorded as the response {MEETING}")

    # 6. All of it on the person page…
    page.goto(person_url)
    expect(page.locator("#interactions")).to_contain_text(MEETING)
    expect(page.locator("#stances")).to_contain_text(ASK_TITLE)
    expect(page.locator("#stances")).to_contain_text("Supporter")
    expect(page.locator("#commitments")).to_contain_text(PROMISE)
    expect(page.locator("#commitments")).to_contain_text("Open")

    # …on the ask page: the MP in the stakeholder map, the commitment in its tab…
    page.goto(f"{base}/asks/{ASK}")
    page.get_by_role("tab", name="People (1)").click()
    stakeholders = page.locator("#stakeholders")
    expect(stakeholders).to_be_visible()
    expect(stakeholders.get_by_role("table")).to_contain_text(MP)
    expect(stakeholders.get_by_role("table")).to_contain_text("Supporter")
    page.get_by_role("tab", name=re.compile(r"^Commitments \(\d+\)")).click()
    commitments = page.locator("#commitments")
    expect(commitments).to_be_visible()
    expect(commitments).to_contain_text(PROMISE)

    # …and on the dashboard, the follow-up due next week.
    page.goto(f"{base}/")
    follow_ups = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("^Follow-ups due"))
    )
    expect(follow_ups).to_contain_text(ACTION)
    expect(follow_ups).to_contain_text("14 December 2026")
    expect(follow_ups).to_contain_text("in 7 days")
    expect(follow_ups).to_contain_text(MP)

    # 7. An internal pack with "Who's who" for the meeting with the MP.
    page.goto(f"{base}/packs/new?ask={ASK}")
    page.get_by_label("Title", exact=True).fill("Briefing for the meeting with Member 0007")
    page.get_by_label("…or type who it is for").fill("Member 0007 (fixture) and their office")
    page.get_by_role("combobox", name="Who's who: people attending").press_sequentially(
        "Member 0007"
    )
    page.get_by_role("button", name=MP, exact=True).click()
    page.get_by_role("radio", name="Internal").check()
    page.get_by_role("radio", name="HTML").check()
    page.get_by_label("Prepared by").fill("Ann Example")
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("button", name="Generate").click()
    expect(page).to_have_url(re.compile(r"/packs/\d+$"))
    download = page.get_by_role("button", name="Download")
    expect(download).to_be_visible(timeout=60_000)
    with page.expect_download() as info:
        download.click()
    with open(info.value.path(), encoding="utf-8") as file:
        html = file.read()
    start = html.index('id="pack-whos-who"')
    whos_who = html[start : html.index("</section>", start)]
    assert MP in whos_who
    assert "Supporter" in whos_who
    assert MEETING in whos_who
    assert "Sympathetic; wants a short brief." in whos_who  # the outcome on each ask
    assert PROMISE in whos_who  # an open commitment
    assert problems == []  # no script errors, no CSP violations


@pytest.mark.parametrize(("role", "shown"), [("editor", True), ("viewer", False)])
def test_the_journey_s_links_are_offered_to_those_who_may_follow_them(
    seeded, client_as, session, role, shown
):
    """The person page's "Record an interaction" and the response page's "Record a
    commitment" (the journey's way to both forms) are for editors; viewers read without them."""
    person = session.exec(select(Person).where(Person.key == "peter-wanless")).one()
    response = session.exec(
        select(Response).where(Response.key == "ofcom-illegal-harms-statement")
    ).one()
    client = client_as(role)
    person_page = client.get(f"/people/{person.id}").get_data(as_text=True)
    response_page = client.get(f"/responses/{response.id}").get_data(as_text=True)

    assert ('href="/interactions/new?person=peter-wanless"' in person_page) is shown
    assert ("Record an interaction" in person_page) is shown
    assert ('href="/commitments/new?response=ofcom-illegal-harms-statement"' in response_page) is (
        shown
    )
    assert ("Record a commitment" in response_page) is shown
