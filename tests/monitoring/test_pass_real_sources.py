"""A monitoring pass through the REAL adapters of all seven sources, against every source's
fixture in the API's own shape (tests/support/monitoring_server.py): what a pass stores from
each, with its licence line, its person and organisation, and that a second pass stores
nothing new."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from campaign import models as m
from campaign.monitoring import passes
from tests.monitoring.fake_sources import quick_client, watch
from tests.support.monitoring_server import MonitoringWorld
from tests.support.monitoring_world_data import FEED_PATH, FEED_RIGHTS, populate

DAY = date(2026, 12, 7)
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
ALL = [s.value for s in m.MonitorSource]
PARLIAMENT = "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
OGL = "Contains public sector information licensed under the Open Government Licence v3.0."


@pytest.fixture
def world():
    with MonitoringWorld() as world:
        populate(world, day=DAY, topic="end-to-end encryption", per_source=3)
        yield world


def _run(session, app):
    return passes.run(session=session, config=app.config, now=NOW, client_factory=quick_client)


def test_one_pass_reads_every_source_and_a_second_adds_nothing(app, session, make, world):
    app.config.update(world.settings())
    person = m.Person(
        key="member-0001",
        name="Member 0001 (fixture)",
        kind=m.PersonKind.MP,
        parliament_member_id=900_101,
    )
    session.add(person)
    session.commit()
    home_office = make.organisation(name="Home Office")
    e2ee = watch(session, '"end-to-end encryption"', ALL, feeds=[world.feed_url(FEED_PATH)])
    farming = watch(session, "farm payments", ["written-questions"])

    report = _run(session, app)

    assert not report.failed, report.lines()
    by_source = {r.source: r for r in report.sources}
    for name in ALL:
        assert by_source[name].ok, by_source[name].line()
        assert by_source[name].items_new >= 3, by_source[name].line()
    stored = session.exec(select(m.MonitorItem)).all()
    by = {}
    for item in stored:
        by.setdefault(item.source.value, []).append(item)
    for name in ALL:
        assert len(by[name]) >= 3, name
        licence = {"govuk": OGL, "feed": FEED_RIGHTS}.get(name, PARLIAMENT)
        assert {item.licence for item in by[name]} == {licence}, name
    # The written answers: one per question, the member linked to the Person by member id.
    answers = by["written-questions"]
    assert all(
        item.kind == "Written answer" for item in answers if item.source_id.endswith("/answer")
    )
    linked = [item for item in answers if item.member_id == 900_101]
    assert linked and all(item.person_id == person.id for item in linked)
    assert all(
        item.organisation_id == home_office.id for item in answers if "encryption" in item.title
    )
    # The consultations carry their closing day from GOV.UK's content API.
    assert all(item.closes_on == date(2027, 2, 5) for item in by["govuk"]), [
        i.closes_on for i in by["govuk"]
    ]
    # The farming answer matched the other watch only.
    farm = [i for i in answers if "Farming" in i.title]
    assert len(farm) == 1
    watches_of = {
        (match.item_id, match.watch_id) for match in session.exec(select(m.MonitorMatch)).all()
    }
    assert (farm[0].id, farming.id) in watches_of and (farm[0].id, e2ee.id) not in watches_of
    runs = session.exec(select(m.MonitorRun)).all()
    assert {r.source.value for r in runs} == set(ALL) and all(r.ok for r in runs)

    again = _run(session, app)

    assert not again.failed
    assert sum(r.items_new for r in again.sources) == 0
    assert len(session.exec(select(m.MonitorItem)).all()) == len(stored)
