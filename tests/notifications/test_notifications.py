"""In-app notifications: the bell on every page, the list, mark one or all read."""

import itertools
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from campaign.models import Notification
from campaign.notifications.services import safe_link
from tests.responses.helpers import page_text
from tests.support.querycount import count_queries

NOW = datetime(2026, 3, 1, 9, tzinfo=UTC)
_minutes = itertools.count(1)


def notify(session, **kw) -> Notification:
    kw.setdefault("title", "A reminder")
    kw.setdefault("created_at", NOW - timedelta(days=1) + timedelta(minutes=next(_minutes)))
    row = Notification(**kw)
    session.add(row)
    session.commit()
    return row


def bell(html: str) -> str:
    link = r'<a href="/notifications/" class="govuk-header__link bell"[^>]*>.*?</a>'
    return re.search(link, html, re.S)[0]


def unread_ids(session) -> list[int]:
    rows = session.exec(select(Notification.id).where(Notification.read_at.is_(None)))
    return sorted(rows)


@pytest.fixture
def app(make_app):
    return make_app(CLOCK=lambda: NOW)


def test_the_bell_shows_the_unread_count_on_every_page(client, session):
    assert 'aria-label="Notifications"' in bell(client.get("/organisations/").get_data(True))
    notify(session, title="Read already", read_at=NOW)
    notify(session)
    notify(session)
    for path in ("/organisations/", "/", "/calendar/", "/does-not-exist"):
        html = client.get(path).get_data(as_text=True)
        link = bell(html)
        assert 'aria-label="Notifications, 2 unread"' in link, path
        assert '<strong class="govuk-tag govuk-tag--red badge badge-count">2</strong>' in link, path


def test_the_list_is_newest_first_with_unread_highlighted(client, session):
    notify(session, title="Older, read", read_at=NOW, body="Seen it.")
    notify(session, title="Consultation closes in 7 days", link="/milestones/3", body="Line 1")
    page = client.get("/notifications/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.index("Consultation closes in 7 days") < html.index("Older, read")
    items = re.findall(r'<li class="notification (unread|read)">', html)
    assert items == ["unread", "read"]
    assert '<a href="/milestones/3">Consultation closes in 7 days</a>' in html
    assert html.count("Mark as read: ") == 1
    assert "2 notifications, 1 unread" in page_text(page)


def test_mark_one_read(client, session):
    first = notify(session, title="First")
    second = notify(session, title="Second")
    response = client.post(f"/notifications/{first.id}/read")
    assert response.status_code == 302 and response.location == "/notifications/"
    assert unread_ids(session) == [second.id]
    read_at = session.exec(select(Notification.read_at).where(Notification.id == first.id)).one()
    assert read_at == NOW
    client.post(f"/notifications/{first.id}/read")  # again: no change, no error
    assert unread_ids(session) == [second.id]
    assert 'aria-label="Notifications, 1 unread"' in bell(client.get("/").get_data(True))
    assert client.post("/notifications/999999/read").status_code == 404
    assert client.get(f"/notifications/{first.id}/read").status_code == 405


def test_mark_all_read(client, session):
    for _ in range(3):
        notify(session)
    response = client.post("/notifications/read-all?page=2")
    assert response.status_code == 302 and response.location == "/notifications/?page=2"
    assert unread_ids(session) == []
    page = client.get("/notifications/")
    assert "Marked 3 notifications as read." in page_text(page)
    assert 'aria-label="Notifications"' in bell(page.get_data(as_text=True))
    assert "Mark all as read" not in page.get_data(as_text=True)


def test_marking_read_needs_the_csrf_token(make_app, session):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    note = notify(session)
    assert client.post(f"/notifications/{note.id}/read").status_code == 400
    assert client.post("/notifications/read-all").status_code == 400
    html = client.get("/notifications/").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]
    response = client.post(f"/notifications/{note.id}/read", data={"csrf_token": csrf})
    assert response.status_code == 302
    assert unread_ids(session) == []


def test_pages(make_app, session):
    client = make_app(PER_PAGE=2).test_client()
    for n in range(5):
        notify(session, title=f"Note {n}")
    first = page_text(client.get("/notifications/"))
    assert "Note 4" in first and "Note 3" in first and "Note 2" not in first
    assert "Page 1 of 3" in first
    last = page_text(client.get("/notifications/?page=3"))
    assert "Note 0" in last and "Note 1" not in last
    assert client.get("/notifications/?page=x").status_code == 200


def test_links_that_are_not_web_addresses_are_not_links(client, session):
    notify(session, title="Bad", link="javascript:alert(1)")
    notify(session, title="<b>Bold</b>", link="//evil.example/")
    html = client.get("/notifications/").get_data(as_text=True)
    assert "javascript:" not in html and "//evil.example" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html
    assert safe_link("https://campaign.example.org/milestones/1") == (
        "https://campaign.example.org/milestones/1"
    )
    assert safe_link(" /responses/2 ") == "/responses/2"
    assert safe_link("") is None


def test_the_list_and_the_bell_issue_the_same_queries_for_3_rows_as_for_30(make_app, session):
    app = make_app(PER_PAGE=50)
    client = app.test_client()

    def queries(expected: int) -> int:
        client.get("/notifications/")
        with count_queries(app) as statements:
            html = client.get("/notifications/").get_data(as_text=True)
        assert html.count('<li class="notification') == expected
        return len(statements)

    for _ in range(3):
        notify(session, link="/milestones/1")
    few = queries(3)
    for _ in range(27):
        notify(session, link="/milestones/1")
    assert queries(30) == few
    with count_queries(app) as statements:
        client.get("/organisations/")
    counts = [s for s in statements if "notifications" in s]
    assert len(counts) == 1 and "count(" in counts[0].lower()  # the bell: one COUNT per page
