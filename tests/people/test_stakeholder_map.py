"""The ask page's stakeholder map (issue 18): people by their current stance, grouped by the
organisation of their current role or by party (a link, no JavaScript), as an accessible SVG
chart and a table; re-checks that are due are flagged; labels are escaped."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # nosec B405  # parses our own output in a test
from datetime import UTC, date, datetime, timedelta

import pytest

from campaign.models import PersonRole, StanceLevel
from campaign.people.stakeholder_map import BY_ORGANISATION, BY_PARTY, MapGroup, draw
from tests.support import stances as rows
from tests.support.querycount import count_queries

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
TODAY = date(2026, 12, 7)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def clocked(make_app):
    return make_app(CLOCK=lambda: NOW)


def _section(page: str) -> str:
    start = page.index('<section id="stakeholders"')
    return page[start : page.index("</section>", start)]


def _table_groups(section: str) -> dict[str, list[str]]:
    """{group heading: [person, stance, …]} from the map's table."""
    groups: dict[str, list[str]] = {}
    for body in re.findall(r"<tbody>(.*?)</tbody>", section, re.S):
        heading = re.search(r'<th scope="rowgroup"[^>]*>(.*?)</th>', body, re.S)
        cells = re.findall(r'<a href="/people/\d+#stances">(.*?)</a>.*?badge-(\w+)', body, re.S)
        groups[heading.group(1).strip()] = [f"{who} {level}" for who, level in cells]
    return groups


def test_people_by_current_stance_grouped_by_organisation_or_party(clocked, session, make):
    ofcom, meta = make.organisation(name="Ofcom"), make.organisation(name="Meta")
    ask = make.ask(title="Age checks", slug="age-checks")
    ann = rows.person(session, "Ann", organisation=ofcom, party="")
    bob = rows.person(session, "Bob", organisation=ofcom)
    cat = rows.person(session, "Cat", organisation=meta)
    mp = rows.person(session, "Dee MP", party="Labour")
    left = rows.person(session, "Eve", party="Labour")
    session.add(
        PersonRole(
            person_id=left.id, title="Former", organisation_id=meta.id, ended_on=date(2025, 1, 1)
        )
    )
    archived = rows.person(session, "Archived", organisation=ofcom)
    archived.archived_at = NOW
    session.add(archived)
    session.commit()
    rows.stance(session, ann, ask, "opponent", date(2026, 1, 1))
    rows.stance(session, ann, ask, "sceptic", date(2026, 6, 1))  # current
    rows.stance(session, bob, ask, "champion", date(2026, 6, 1), recheck_by=TODAY)
    rows.stance(session, cat, ask, "neutral", date(2026, 6, 1), recheck_by=TODAY + timedelta(1))
    rows.stance(session, mp, ask, "supporter", date(2026, 6, 1))
    rows.stance(session, left, ask, "unknown", date(2026, 6, 1))
    rows.stance(session, archived, ask, "champion", date(2026, 6, 1))
    rows.stance(session, bob, make.ask(), "opponent", date(2026, 6, 1))  # another ask

    client = clocked.test_client()
    page = client.get("/asks/age-checks").get_data(as_text=True)
    assert 'href="#stakeholders">People (5)</a>' in page  # the tab
    section = _section(page)
    assert _table_groups(section) == {
        "Meta (1)": ["Cat neutral"],
        "Ofcom (2)": ["Bob champion", "Ann sceptic"],  # the warmest first
        "No current organisation (2)": ["Dee MP supporter", "Eve unknown"],
    }
    assert section.count("Re-check due") == 1  # Bob's, due today; Cat's is tomorrow
    assert '<strong aria-current="true">organisation</strong>' in section
    assert 'href="/asks/age-checks?map=party#stakeholders"' in section
    assert 'href="/people/stances/new?ask=age-checks&amp;back=ask"' in section

    by_party = _section(client.get("/asks/age-checks?map=party").get_data(as_text=True))
    assert _table_groups(by_party) == {
        "Labour (2)": ["Dee MP supporter", "Eve unknown"],
        "No party (3)": ["Bob champion", "Cat neutral", "Ann sceptic"],
    }
    assert 'href="/asks/age-checks#stakeholders"' in by_party  # back to by organisation


def test_the_chart_is_accessible_svg_whose_counts_match_the_table(clocked, session, make):
    evil = make.organisation(name='<script>alert("x")</script> & Co')
    ask = make.ask(title="Ask <b>bold</b>", slug="bold")
    for name, level in (("A", "champion"), ("B", "champion"), ("C", "opponent")):
        rows.stance(session, rows.person(session, name, organisation=evil), ask, level, TODAY)

    section = _section(clocked.test_client().get("/asks/bold").get_data(as_text=True))
    assert "<script>" not in section and "<b>" not in section
    svg_text = section[section.index("<svg") : section.index("</svg>") + 6]
    svg = ET.fromstring(svg_text)  # nosec B314  # well-formed: every label escaped
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "stakeholder-chart-title stakeholder-chart-desc"
    assert svg.find(f"{SVG}title").text == "Stakeholder map: Ask <b>bold</b>, by organisation"
    desc = svg.find(f"{SVG}desc").text
    assert desc.startswith("People by their current stance on “Ask <b>bold</b>”")
    assert '<script>alert("x")</script> & Co: 2 champions, 1 opponent' in desc
    segments = [r.find(f"{SVG}title").text for r in svg.iter(f"{SVG}rect") if len(r)]
    assert segments == [
        '<script>alert("x")</script> & Co: 2 champions',
        '<script>alert("x")</script> & Co: 1 opponent',
    ]
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect") if len(r)]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.2)  # a bar's segments to scale
    assert sum(widths) == pytest.approx(640, abs=0.2)  # the largest group spans the width
    assert "style=" not in svg_text  # the page's CSP forbids inline styles


def test_the_map_costs_the_same_queries_with_more_people(app, client, session, make):
    ask = make.ask(slug="age-checks")
    org = make.organisation()
    rows.stance(session, rows.person(session, organisation=org), ask, "neutral", TODAY)
    with count_queries(app) as few:
        assert client.get("/asks/age-checks").status_code == 200
    for n in range(6):
        other = make.organisation()
        who = rows.person(session, organisation=other, party=f"Party {n}")
        rows.stance(session, who, ask, "supporter", TODAY - timedelta(days=n + 1))
        rows.stance(session, who, ask, "champion", TODAY)
    with count_queries(app) as many:
        assert client.get("/asks/age-checks").status_code == 200
    assert len(many) == len(few)


def test_an_empty_map_says_so():
    svg = draw("Age checks", BY_PARTY, [])
    assert "No one has a stance recorded on “Age checks” yet." in svg
    assert 'viewBox="0 0 640 108"' in svg
    one = MapGroup("Ofcom")
    assert draw("Age checks", BY_ORGANISATION, [one]).count("<rect") == len(StanceLevel)  # legend
