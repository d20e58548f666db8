"""Issue 19's "Done when", in a real browser: an officer creates a watch on the Meta ask, the
sources are checked (`flask monitor --once`, the real command on the live app's database,
against every source's fixture on a local server: no network), three items reach the inbox,
and the officer turns the written answer into a Response with a position on the ask, the
consultation into a Milestone with its reminders, and dismisses the third with a reason.

The app's clock is fixed to Monday 7 December 2026, 10:00 GMT. Every member and body in the
fixtures is named as a fixture."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from campaign.db import get_engine
from campaign.models import ItemStatus, MonitorItem, MonitorItemRecord, Response
from tests.browser.conftest import serve
from tests.support.monitoring_server import MonitoringWorld

pytestmark = pytest.mark.browser

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
ASK = "meta-pause-encryption-rollout"
ASK_TITLE = (
    "Meta: pause end-to-end encryption roll-out until it can prove child safety will not be "
    "compromised"
)
ANSWER = "Meta: End-to-end Encryption (fixture)"
CONSULTATION = "Consultation on end-to-end encryption and child safety (fixture)"
DEBATE = "Online Safety: Meta (fixture)"


@pytest.fixture
def world():
    with MonitoringWorld() as world:
        world.questions.add_answer(
            heading=ANSWER,
            question_text="To ask the Secretary of State for the Home Department what "
            "discussions she has had with Meta on end-to-end encryption.",
            answer_text="<p>The Home Office continues to press Meta not to roll out "
            "end-to-end encryption without safety measures (fixture answer).</p>",
            answered_on=date(2026, 12, 4),
            tabled_on=date(2026, 11, 25),
            member_name="Member 0101 (fixture)",
            member_id=900_101,
            answering_body="Home Office",
        )
        world.govuk.add_consultation(
            title=CONSULTATION,
            link="/government/consultations/end-to-end-encryption-child-safety-fixture",
            published=datetime(2026, 12, 5, 9, 30, tzinfo=UTC),
            opening=datetime(2026, 12, 5, 9, 30, tzinfo=UTC),
            closing=datetime(2027, 2, 5, 23, 59, tzinfo=UTC),
            description="How services such as Meta's should keep children safe where "
            "messages use end-to-end encryption (fixture).",
            organisation_title="Home Office",
        )
        world.hansard.add_contribution(
            debate=DEBATE,
            text="Meta's end-to-end encryption roll-out worries my constituents (fixture).",
            sitting_on=date(2026, 12, 3),
            member_id=900_102,
            member_name="Member 0102 (fixture)",
        )
        world.questions.add_answer(  # matches no watch: never reaches the inbox
            heading="Farm payments (fixture)",
            question_text="To ask about farm payments.",
            answer_text="<p>Paid monthly.</p>",
            answered_on=date(2026, 12, 4),
        )
        yield world


@pytest.fixture
def journey_app(make_app, world):
    return make_app(WTF_CSRF_ENABLED=True, TESTING=False, CLOCK=lambda: NOW, **world.settings())


@pytest.fixture
def live_server(journey_app):
    yield from serve(journey_app)


def test_an_officer_watches_the_meta_ask_and_triages_what_comes_in(
    seeded, journey_app, live_server, page
):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    base = live_server

    # 1. A watch on the Meta ask, from the ask's page.
    page.goto(f"{base}/asks/{ASK}")
    page.get_by_role("button", name="Watch this ask").click()
    expect(page.get_by_label("Ask", exact=True)).to_have_value(re.compile("Meta"))
    page.get_by_label("Name").fill("Meta and end-to-end encryption")
    page.get_by_label("Search terms").fill('Meta "end-to-end encryption"')
    for source in ("Written questions and answers", "Hansard debates", "GOV.UK"):
        page.get_by_label(source).check()
    page.get_by_label("Daily digest").check()
    page.get_by_role("button", name="Create watch").click()
    expect(page.locator("main h1")).to_have_text("Meta and end-to-end encryption")

    # 2. The sources are checked: the real command, on the live app's database.
    result = journey_app.test_cli_runner().invoke(args=["monitor", "--once"])
    assert result.exit_code == 0, result.output
    assert "written-questions: 1 new item" in result.output
    assert "hansard: 1 new item" in result.output
    assert "govuk: 1 new item" in result.output
    assert "feed: no watches" in result.output  # no feed address on the watch

    # 3. Three items in the inbox for the ask, each with its licence line.
    page.goto(f"{base}/inbox/?ask={ASK}")
    items = page.locator("li.inbox-item")
    expect(items).to_have_count(3)
    for title in (ANSWER, CONSULTATION, DEBATE):
        expect(page.locator("main")).to_contain_text(title)
    expect(page.locator("main mark").first).to_be_visible()  # the matched terms highlighted
    expect(page.locator("main")).to_contain_text("Open Parliament Licence v3.0")
    expect(page.locator("main")).to_contain_text("Open Government Licence v3.0")

    # 4. The written answer becomes a Response, with a position on the Meta ask.
    answer = items.filter(has_text=ANSWER)
    answer.get_by_role("link", name=re.compile(f"^Response from “{re.escape(ANSWER)}”")).click()
    expect(page.get_by_label("Title")).to_have_value(ANSWER)
    page.get_by_role("combobox", name=ASK_TITLE, exact=True).select_option("opposes")
    page.get_by_role("button", name="Create response").click()
    expect(page.locator(".flash")).to_contain_text("Created response")
    expect(page.locator("main")).to_contain_text("From the monitoring inbox")

    # 5. The consultation becomes a Milestone on its closing day, with its reminders.
    page.goto(f"{base}/inbox/?ask={ASK}")
    consultation = page.locator("li.inbox-item").filter(has_text=CONSULTATION)
    consultation.get_by_role("link", name=re.compile("^Milestone from")).click()
    page.get_by_role("button", name="Create milestone").click()
    expect(page.locator(".flash")).to_contain_text("Created milestone")
    expect(page.locator("main")).to_contain_text("5 February 2027")
    reminders = page.locator("#reminders")
    expect(reminders.locator("tbody tr").first).to_be_visible()

    # 6. The third is dismissed, with a reason; the inbox's new items are then empty.
    page.goto(f"{base}/inbox/?ask={ASK}")
    debate = page.locator("li.inbox-item").filter(has_text=DEBATE)
    expect(page.locator("li.inbox-item")).to_have_count(1)
    debate.locator("summary").click()
    debate.get_by_label("Reason for dismissing").fill("A backbench speech: nothing to act on")
    debate.get_by_role("button", name="Dismiss").click()
    expect(page.locator(".flash")).to_contain_text("Dismissed")
    expect(page.locator("li.inbox-item")).to_have_count(0)

    # What the database holds: each item once, each linked to what it became.
    with journey_app.app_context(), Session(get_engine()) as session:
        stored = {i.title: i for i in session.exec(select(MonitorItem)).all()}
        assert set(stored) == {ANSWER, CONSULTATION, DEBATE}
        assert stored[ANSWER].status == ItemStatus.LINKED
        assert stored[CONSULTATION].status == ItemStatus.LINKED
        assert stored[DEBATE].status == ItemStatus.DISMISSED
        assert stored[DEBATE].dismissed_reason == "A backbench speech: nothing to act on"
        records = session.exec(select(MonitorItemRecord)).all()
        assert {(r.item_id, r.kind.value) for r in records} == {
            (stored[ANSWER].id, "response"),
            (stored[CONSULTATION].id, "milestone"),
        }
        response = session.exec(select(Response).where(Response.title == ANSWER)).one()
        assert [link.position.value for link in response.ask_links] == ["opposes"]
    assert problems == []
