"""The calendar page (subscription URLs, regenerate), the CLI, and one milestone's file."""

import re
from datetime import UTC, date, datetime, timedelta

from campaign.calendar.services import describe_offsets
from campaign.models import AskMilestone, DatePrecision
from tests.calendar.helpers import parse, stored_token, triggers
from tests.responses.helpers import page_text


def test_the_page_makes_a_token_once_and_shows_absolute_urls(make_app, session, make):
    client = make_app(PUBLIC_BASE_URL="https://campaign.example.org/").test_client()
    make.ask(title="End-to-end encryption", slug="encryption")
    make.ask(title="Dropped", slug="dropped", archived_at=datetime(2026, 1, 1, tzinfo=UTC))
    assert stored_token(session) is None
    page = client.get("/calendar/")
    assert page.status_code == 200
    token = stored_token(session)
    assert token and len(token) >= 40
    html = page.get_data(as_text=True)
    assert f'value="https://campaign.example.org/calendar.ics?token={token}"' in html
    assert f'href="webcal://campaign.example.org/calendar.ics?token={token}"' in html
    assert f"https://campaign.example.org/calendar.ics?token={token}&amp;ask=encryption" in html
    assert "ask=dropped" not in html
    assert "Regenerate link" in html and "stops working" in page_text(page)
    assert "28, 7 and 1 days before (unless a milestone sets its own), at 09:00" in page_text(page)
    client.get("/calendar/")
    assert stored_token(session) == token  # made once, then kept


def test_regenerating_replaces_the_token(client, session, make):
    make.milestone(key="m")
    client.get("/calendar/")
    old = stored_token(session)
    response = client.post("/calendar/regenerate")
    assert response.status_code == 302 and response.location.endswith("/calendar/")
    assert "old link has stopped working" in page_text(client.get(response.location))
    new = stored_token(session)
    assert new and new != old
    assert client.get(f"/calendar.ics?token={old}").status_code == 404
    assert client.get(f"/calendar.ics?token={new}").status_code == 200


def test_regenerating_needs_the_forms_csrf_token(make_app, session):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    page = client.get("/calendar/").get_data(as_text=True)
    old = stored_token(session)
    assert client.post("/calendar/regenerate").status_code == 400
    assert stored_token(session) == old
    form = page.split('action="/calendar/regenerate"')[1]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    assert client.post("/calendar/regenerate", data={"csrf_token": csrf}).status_code == 302
    assert stored_token(session) != old
    assert client.get(f"/calendar.ics?token={old}").status_code == 404
    assert client.get(f"/calendar.ics?token={stored_token(session)}").status_code == 200


def test_the_cli_prints_the_feed_url_and_can_regenerate(runner, client, session):
    first = runner.invoke(args=["calendar-token"])
    assert first.exit_code == 0, first.output
    url = first.output.strip()
    token = stored_token(session)
    assert url == f"http://localhost/calendar.ics?token={token}"
    assert runner.invoke(args=["calendar-token"]).output.strip() == url
    again = runner.invoke(args=["calendar-token", "--regenerate"])
    assert again.exit_code == 0, again.output
    new_url = again.stdout.strip()
    assert new_url != url and new_url.endswith(stored_token(session))
    assert client.get(url.removeprefix("http://localhost")).status_code == 404
    assert client.get(new_url.removeprefix("http://localhost")).status_code == 200


def test_one_milestone_downloads_as_a_file_to_import(client, make):
    ask = make.ask(title="Age checks")
    milestone = make.milestone(
        key="children's-codes: in force",
        title="Children's codes in force",
        milestone_date=date(2026, 7, 25),
        reminder_offsets="14,2",
    )
    make.link(AskMilestone(ask_id=ask.id, milestone_id=milestone.id))
    response = client.get(f"/calendar/milestones/{milestone.id}.ics")  # no token: in-app link
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="children-s-codes-in-force.ics"'
    )
    calendar = parse(response.data)
    assert "X-WR-CALNAME" not in calendar  # imported into the user's calendar, not a new one
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "milestone-children's-codes: in force@localhost"
    assert event.decoded("DTSTART") == date(2026, 7, 25)
    assert str(event["URL"]) == f"http://localhost/milestones/{milestone.id}"
    assert "Asks: Age checks" in str(event["DESCRIPTION"])
    # 14 days before Saturday 25 July is a Saturday too: the alarm is on the Friday before.
    assert triggers(event) == [timedelta(days=-15, hours=9), timedelta(days=-2, hours=9)]


def test_the_download_of_a_year_and_of_a_missing_milestone(client, make):
    milestone = make.milestone(milestone_date=date(2027, 1, 1), date_precision=DatePrecision.YEAR)
    (event,) = parse(client.get(f"/calendar/milestones/{milestone.id}.ics").data).walk("VEVENT")
    assert event.decoded("DTEND") == date(2028, 1, 1)
    assert str(event["SUMMARY"]).endswith("(year only)")
    assert client.get("/calendar/milestones/999999.ics").status_code == 404


def test_the_endpoint_the_milestone_page_links_to(app, make):
    milestone = make.milestone()
    with app.test_request_context():
        from flask import url_for

        assert url_for("calendar.milestone_event", ident=milestone.id) == (
            f"/calendar/milestones/{milestone.id}.ics"
        )


def test_ask_titles_are_escaped_on_the_page(client, make):
    make.ask(title="<script>alert(1)</script>", slug="hostile")
    html = client.get("/calendar/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_describe_offsets():
    assert describe_offsets("28,7,1") == "28, 7 and 1 days"
    assert describe_offsets("7, 1") == "7 and 1 days"
    assert describe_offsets("1") == "1 day"
    assert describe_offsets("") == ""
