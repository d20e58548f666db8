"""The inbox page: newest first, 25 a page, duplicates left out, new items by default; its
filters alone and combined; the highlighted, escaped snippet with its licence line; the item
page; and a bounded number of queries however many items a page shows."""

from __future__ import annotations

import re
from datetime import date

from campaign.models import ItemStatus, MonitorSource, Organisation, Person
from campaign.monitoring.sources.base import GOVUK_LICENCE, PARLIAMENT_LICENCE
from tests.support.monitoring_rows import MonitoringRows
from tests.support.querycount import count_queries


def _titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="govuk-heading-s"><a href="/inbox/\d+">([^<]*)</a>', html)


def test_new_items_newest_first_without_duplicates(client, rows: MonitoringRows, make):
    watch = rows.watch(ask=make.ask(title="Protect children"))
    older = rows.item(watch, title="Older", date=date(2026, 10, 1))
    rows.item(watch, title="Newer", date=date(2026, 11, 1))
    rows.item(watch, title="Same day, later id", date=date(2026, 11, 1))
    rows.item(watch, title="Copy of older", duplicate_of_id=older.id)
    rows.item(watch, title="Dismissed", status=ItemStatus.DISMISSED)
    html = client.get("/inbox/").get_data(as_text=True)
    assert _titles(html) == ["Same day, later id", "Newer", "Older"]
    everything = client.get("/inbox/?status=all").get_data(as_text=True)
    assert "Dismissed" in _titles(everything) and "Copy of older" not in _titles(everything)
    assert _titles(client.get("/inbox/?status=dismissed").get_data(as_text=True)) == ["Dismissed"]


def test_a_row_shows_source_who_asks_terms_and_licence(client, rows, make):
    ask = make.ask(title="Protect children", slug="protect-children")
    person = rows.session.merge(Person(key="jane-doe", name="Jane Doe MP", kind="mp"))
    rows.session.commit()
    watch = rows.watch(ask=ask)
    rows.item(
        watch,
        title="Answer on encryption",
        person_id=person.id,
        member_name="Jane Doe",
        organisation_name="Home Office",
    )
    html = client.get("/inbox/").get_data(as_text=True)
    assert "Written questions and answers" in html and "Written answer" in html
    assert f'<a href="/people/{person.id}">Jane Doe MP</a>' in html
    assert "Home Office" in html
    assert '<a href="/asks/protect-children">Protect children</a>' in html
    assert "Matched: <mark>online safety</mark>" in html
    assert PARLIAMENT_LICENCE in html


def test_the_snippet_is_highlighted_and_escaped(client, rows):
    watch = rows.watch()
    rows.item(
        watch,
        title="<script>alert('title')</script> online safety",
        snippet="<script>alert(1)</script> the Online Safety Act <b>now</b>",
        terms=["online safety"],
    )
    html = client.get("/inbox/").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; the <mark>Online Safety</mark> Act" in html
    assert "&lt;b&gt;now&lt;/b&gt;" in html
    item_page = client.get("/inbox/1").get_data(as_text=True)
    assert "<script>alert" not in item_page


def test_filters_alone_and_combined(client, rows, make, session):
    meta = make.ask(title="Meta", slug="meta")
    ofsted = make.ask(title="Ofsted", slug="ofsted")
    person = Person(key="minister", name="The Minister", kind="mp")
    home = Organisation(key="home-office", name="Home Office", kind="government")
    session.add_all([person, home])
    session.commit()
    on_meta = rows.watch(ask=meta, key="meta-watch")
    on_ofsted = rows.watch(ask=ofsted, key="ofsted-watch")
    on_person = rows.watch(person_id=person.id, key="person-watch")
    on_home = rows.watch(organisation_id=home.id, key="home-watch")
    rows.item(on_meta, title="A: meta hansard", source=MonitorSource.HANSARD)
    rows.item(on_meta, title="B: meta questions")
    rows.item(on_ofsted, title="C: ofsted, by the minister", person_id=person.id)
    rows.item(on_person, title="D: watch on the minister")
    rows.item(on_home, title="E: watch on the Home Office")
    rows.item(on_ofsted, title="F: from the Home Office", organisation_id=home.id)

    def titles(query: str) -> set[str]:
        response = client.get(f"/inbox/?{query}")
        assert response.status_code == 200
        return {title.split(":")[0] for title in _titles(response.get_data(as_text=True))}

    assert titles("ask=meta") == {"A", "B"}
    assert titles("source=hansard") == {"A"}
    assert titles("ask=meta&source=written-questions") == {"B"}
    assert titles("person=minister") == {"C", "D"}
    assert titles("organisation=home-office") == {"E", "F"}
    assert titles("ask=ofsted&organisation=home-office") == {"F"}
    assert titles("watch=ofsted-watch") == {"C", "F"}
    assert titles("watch=ofsted-watch&person=minister") == {"C"}
    assert titles("ask=meta&status=dismissed") == set()
    refused = client.get("/inbox/?ask=nope").get_data(as_text=True)
    assert "Ask: no ask with slug &#39;nope&#39;." in refused and _titles(refused) == []


def test_pages_of_25_with_next_and_previous(client, rows):
    watch = rows.watch()
    rows.many(30, watch)
    first = client.get("/inbox/").get_data(as_text=True)
    assert len(_titles(first)) == 25 and 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/inbox/?page=2").get_data(as_text=True)
    assert len(_titles(second)) == 5 and 'rel="next"' not in second and 'rel="prev"' in second


def test_the_list_makes_the_same_few_queries_for_many_items(app, client, rows, make):
    """No query per row: the page's matches, watches, asks, people and records come in a
    fixed number of IN queries."""
    watches = [rows.watch(ask=make.ask()) for _ in range(3)]
    rows.many(2, *watches)
    with count_queries(app) as few:
        assert client.get("/inbox/?status=all").status_code == 200
    rows.many(40, *watches)
    with count_queries(app) as many:
        assert client.get("/inbox/?status=all").status_code == 200
    assert len(many) == len(few), many


def test_the_item_page(client, rows, make):
    ask = make.ask(title="Protect children")
    watch = rows.watch(ask=ask, name="Encryption watch", key="encryption")
    item = rows.item(
        watch,
        source=MonitorSource.GOVUK,
        title="Consultation on age checks",
        url="https://www.gov.uk/government/consultations/age-checks",
        text="First paragraph about online safety.\n\nSecond paragraph.",
        licence=GOVUK_LICENCE,
        opens_on=date(2026, 11, 1),
        closes_on=date(2027, 1, 31),
        raw={"title": "<b>Consultation</b>", "public_timestamp": "2026-11-01"},
    )
    html = client.get(f"/inbox/{item.id}").get_data(as_text=True)
    assert (
        '<a class="feed-url" href="https://www.gov.uk/government/consultations/age-checks"' in html
    )
    assert "<p>First paragraph about <mark>online safety</mark>.</p>" in html
    assert "31 January 2027" in html and "1 November 2026" in html
    assert GOVUK_LICENCE in html
    assert "&#34;title&#34;: &#34;&lt;b&gt;Consultation&lt;/b&gt;&#34;" in html
    assert re.search(r'<a href="/watches/\d+">Encryption watch</a>', html)
    assert client.get("/inbox/999999").status_code == 404


def test_viewers_read_and_see_no_triage(client_as, rows):
    item = rows.item(rows.watch())
    viewer = client_as("viewer")
    assert viewer.get("/inbox/").status_code == 200
    page = viewer.get(f"/inbox/{item.id}").get_data(as_text=True)
    assert "Dismiss" not in page and f"/inbox/{item.id}/response" not in page
    assert viewer.post(f"/inbox/{item.id}/dismiss", data={"reason": "x"}).status_code == 403
    assert viewer.post(f"/inbox/{item.id}/response", data={}).status_code == 403
    editor_page = client_as("editor").get(f"/inbox/{item.id}").get_data(as_text=True)
    assert f"/inbox/{item.id}/response" in editor_page and "Dismiss" in editor_page
