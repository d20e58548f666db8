"""The /people/ page's search (`?q=`) finds a person by a role's title, current or past, as
`GET /api/v1/people?q=` does (people.services.SEARCH; docs/people.md, "Roles, dated"), as well
as by their own columns."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.support.people_records import PeopleRecords


@pytest.fixture
def people(session, make):
    records = PeopleRecords(session)
    office = make.organisation(name="Home Office", key="home-office")
    now = records.person(name="Quinta Holder", key="quinta-holder")
    records.role(
        now,
        title="Minister for Safeguarding",
        organisation_id=office.id,
        started_on=date(2025, 9, 6),
    )
    before = records.person(name="Pastora Former", key="pastora-former")
    records.role(
        before,
        title="Minister for Safeguarding",
        started_on=date(2023, 1, 1),
        ended_on=date(2024, 7, 5),
    )
    records.role(before, title="MP for Leeds North", started_on=date(2019, 12, 12))
    other = records.person(name="Otto Unrelated", key="otto-unrelated", notes="Safeguarding lead")
    records.role(other, title="Minister for Schools")
    return now, before, other


def _listed(client, query: str) -> list[str]:
    """The names in the people list's table for `?q=`, in the page's order."""
    response = client.get("/people/", query_string={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return re.findall(r'<td><a href="/people/\d+">([^<]*)</a></td>', html)


def _api(client, query: str) -> list[str]:
    body = client.get("/api/v1/people", query_string={"q": query}).get_json()
    return [item["name"] for item in body["items"]]


def test_a_role_title_finds_whoever_holds_or_held_it(client, people):
    assert _listed(client, "Minister for Safeguarding") == ["Pastora Former", "Quinta Holder"]
    assert _listed(client, "minister for safeguarding") == ["Pastora Former", "Quinta Holder"]
    assert _listed(client, "Leeds North") == ["Pastora Former"]  # a second role's title
    assert _listed(client, "Minister for") == ["Otto Unrelated", "Pastora Former", "Quinta Holder"]


def test_the_page_and_the_api_find_the_same_people(client, people):
    for query in ("Minister for Safeguarding", "Safeguarding", "Quinta", "Schools", "nobody"):
        assert _listed(client, query) == _api(client, query), query


def test_their_own_columns_still_find_them(client, people):
    assert _listed(client, "Otto") == ["Otto Unrelated"]
    assert _listed(client, "Safeguarding lead") == ["Otto Unrelated"]  # in the notes
    assert _listed(client, "Safeguarding") == ["Otto Unrelated", "Pastora Former", "Quinta Holder"]
    assert _listed(client, "Nobody at all") == []
