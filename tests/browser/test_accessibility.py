"""Every kind of page, signed in, on the seed campaign, in a real browser (issue 17):
axe-core (vendored from npm into tests/browser/vendor, WCAG 2.2 A and AA rules) finds no
violation at 1366 px or at 390 px, and no page scrolls sideways at 320 px (400% zoom on a
1280 px screen) or at 683 px (200% zoom on a 1366 px laptop) (WCAG 1.4.10 Reflow)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlmodel import select

from campaign import models as m
from campaign.db import session_scope

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# One page of each kind: every list in the menu and footer, then a record of each kind and its
# edit and history pages, found by following the first link on its list (so the seed decides).
FIXED = [
    "/",
    "/search/?q=snapchat",
    "/calendar/",
    "/claims/",
    "/packs/",
    "/packs/new",
    "/notifications/",
    "/bundles/",
    "/returns/",
    "/returns/import",
    "/milestones/timeline",
    "/account/password",
    "/account/tokens",
    "/users/",
    "/users/new",
    "/deliveries/",
    "/audit/",
    "/people/retention",
    "/monitoring/",
    "/inbox/?status=all",
]
LISTS = [
    "/asks/",
    "/statistics/",
    "/sources/",
    "/evidence/",
    "/responses/",
    "/milestones/",
    "/organisations/",
    "/lines/",
    "/people/",
    "/interactions/",  # the seed has none: `every_page` records one (`_a_meeting`)
    "/commitments/",
    "/watches/",  # the seed has none: `every_page` records one (`_a_watch_and_its_items`)
]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe is injected as a script: the app's Content-Security-Policy allows only its own files.
    return {**browser_context_args, "bypass_csp": True}


def _first_record(page, base: str, listing: str) -> str:
    """The first record linked from a list page: /<area>/<key>, not a filter or action."""
    page.goto(base + listing)
    area = listing.strip("/")
    for href in page.locator("main a[href]").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    ):
        path = urlsplit(href).path
        if re.fullmatch(rf"/{area}/[^/]+", path) and not path.endswith(("/new", "/timeline")):
            return path
    raise AssertionError(f"no record linked from {listing}")


def _a_meeting() -> None:
    """A meeting with the seed's person about its first ask, with a follow-up action: the
    material records no interaction of the campaign's, so the seed has none to walk."""
    with session_scope() as session:
        person = session.exec(select(m.Person).order_by(m.Person.id)).first()
        ask = session.exec(select(m.Ask).order_by(m.Ask.id)).first()
        meeting = m.Interaction(
            key="a-meeting",
            title="Meeting about the codes",
            kind=m.InteractionKind.MEETING,
            occurred_at=datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
            summary="Discussed the codes.",
        )
        meeting.people.append(person)
        session.add(meeting)
        session.flush()
        session.add(m.InteractionAsk(interaction_id=meeting.id, ask_id=ask.id, outcome="Agreed"))
        session.add(m.FollowUpAction(interaction_id=meeting.id, description="Send the figures"))


def _a_watch_and_its_items() -> list[str]:
    """A watch on the first ask with a written answer and a consultation it found, and a
    failed check of one source (a gap on the health page): the seed has no watch. Returns the
    item's page and its triage pages."""
    now = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
    with session_scope() as session:
        ask = session.exec(select(m.Ask).order_by(m.Ask.id)).first()
        watch = m.Watch(
            key="a-watch",
            name="Encryption",
            ask_id=ask.id,
            terms='"end-to-end encryption"',
            sources=["written-questions", "govuk"],
        )
        answer = m.MonitorItem(
            source=m.MonitorSource.WRITTEN_QUESTIONS,
            source_id="1/answer",
            url="https://questions-statements.parliament.uk/written-questions/detail/2026-12-01/1",
            title="Encryption: Children",
            kind="Written answer",
            date=datetime(2026, 12, 4).date(),
            snippet="Ministers discussed end-to-end encryption with the companies.",
            text="Encryption: Children. Ministers discussed end-to-end encryption.",
            organisation_name="Home Office",
            licence="Contains Parliamentary information licensed under the Open Parliament "
            "Licence v3.0.",
            raw={"value": {"id": 1}},
        )
        consultation = m.MonitorItem(
            source=m.MonitorSource.GOVUK,
            source_id="c-1",
            url="https://www.gov.uk/government/consultations/encryption",
            title="Consultation on end-to-end encryption",
            kind="Consultation",
            date=datetime(2026, 12, 5).date(),
            snippet="We are consulting on end-to-end encryption.",
            closes_on=datetime(2027, 2, 5).date(),
            licence="Contains public sector information licensed under the Open Government "
            "Licence v3.0.",
        )
        session.add_all([watch, answer, consultation])
        session.flush()
        for item in (answer, consultation):
            session.add(
                m.MonitorMatch(item_id=item.id, watch_id=watch.id, terms=["end-to-end encryption"])
            )
        session.add(
            m.MonitorRun(source=m.MonitorSource.GOVUK, started_at=now, finished_at=now, ok=True)
        )
        session.add(
            m.MonitorRun(
                source=m.MonitorSource.WRITTEN_QUESTIONS,
                started_at=now,
                finished_at=now,
                ok=False,
                error="https://questions-statements-api.parliament.uk/api: HTTP 503",
            )
        )
        ident = answer.id
    item = f"/inbox/{ident}"
    return [item] + [
        f"{item}/{kind}"
        for kind in ("response", "milestone", "evidence", "commitment", "person-note")
    ]


@pytest.fixture
def every_page(seeded, live_server, page) -> list[str]:
    with seeded.app_context():
        _a_meeting()
        inbox = _a_watch_and_its_items()
    pages = list(FIXED) + list(LISTS) + inbox
    for listing in LISTS:
        record = _first_record(page, live_server, listing)
        pages += [record, record + "/edit"]
        page.goto(live_server + record)
        if page.locator(f'main a[href="{record}/history"]').count():
            pages.append(record + "/history")
    pages += [listing + "new" for listing in LISTS]
    return pages


def _violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(n["target"]) for n in v["nodes"][:5])
        + f" [{' '.join(v['nodes'][0]['failureSummary'].split())[:300]}]"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("width", [1366, 390])
def test_no_page_has_an_accessibility_violation(every_page, live_server, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    found = {}
    for path in every_page:
        response = page.goto(live_server + path)
        assert response.status == 200, path
        if problems := _violations(page):
            found[path] = problems
    assert found == {}, "\n".join(f"{path}: {p}" for path, ps in found.items() for p in ps)


@pytest.mark.parametrize("width", [320, 683])
def test_no_page_scrolls_sideways(every_page, live_server, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    wide = {}
    for path in every_page:
        page.goto(live_server + path)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide[path] = scroll
    assert wide == {}, f"wider than {width} px: {wide}"
