"""An erased member stays erased: `flask sync-members` does not create them again from the
Members API (their id's fingerprint is in the erasure's audit event), and its report says so
without their name (docs/people.md, "Coming back through an import")."""

from __future__ import annotations

from datetime import date

from sqlmodel import func, select

from campaign.models import AuditEvent, Person, PersonRole
from campaign.people.members_api import MembersClient
from campaign.people.sync import sync_members
from tests.support.members_fixture import MembersApiFixture, member_id
from tests.support.querycount import count_queries

TODAY = date(2026, 12, 7)


def _count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def _columns(person: Person) -> dict:
    return {column.name: getattr(person, column.name) for column in Person.__table__.columns}


def _sync(session, api):
    report = sync_members(
        session=session, client=MembersClient(api.url, sleep=lambda _: None), today=TODAY
    )
    session.commit()
    return report


def _erase(runner, session, member: int) -> Person:
    """Erase the member through the command (the service and its audit event)."""
    session.expire_all()
    person = session.exec(select(Person).where(Person.parliament_member_id == member)).one()
    result = runner.invoke(args=["erase-person", person.key, "--yes"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    return session.get(Person, person.id)


def test_an_erased_member_is_not_created_again_and_the_report_says_so(app, runner, session):
    secretary = member_id(1, 2)  # holds "Secretary of State 1 (fixture)"
    with MembersApiFixture(commons=5, lords=2) as api:
        _sync(session, api)
        tomb = _erase(runner, session, secretary)
        before = _columns(tomb)
        people = _count(session, Person)

        report = _sync(session, api)

    assert report.created == 0
    assert report.problems == [f"commons member {secretary}: erased on request, not re-created"]
    assert "Member 0002" not in "\n".join(report.lines())
    assert _count(session, Person) == people
    assert session.exec(select(Person).where(Person.parliament_member_id == secretary)).all() == []
    tomb = session.get(Person, tomb.id)
    assert _columns(tomb) == before
    assert tomb.name == "Erased person" and tomb.parliament_member_id is None
    assert session.exec(select(PersonRole).where(PersonRole.person_id == tomb.id)).all() == []


def test_the_other_members_are_synced_as_before(app, runner, session):
    with MembersApiFixture(commons=5, lords=2) as api:
        _sync(session, api)
        _erase(runner, session, member_id(2, 1))

        report = _sync(session, api)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert report.problems == [f"lords member {member_id(2, 1)}: erased on request, not re-created"]


def test_one_query_reads_every_erased_fingerprint(app, runner, session):
    with MembersApiFixture(commons=6, lords=0) as api:
        _sync(session, api)
        for number in (2, 3, 5):
            _erase(runner, session, member_id(1, number))
        with count_queries(app) as statements:
            report = _sync(session, api)

    assert len(report.problems) == 3
    audit = [s for s in statements if AuditEvent.__tablename__ in s]
    assert len(audit) == 1, audit
