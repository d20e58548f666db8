"""`flask sync-members` against the local fixture server (tests/support/members_fixture.py):
MPs and peers created and refreshed, their posts kept as dated roles, what an officer typed
left alone, a second run that changes nothing, and an API failure that changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import func, select

from campaign.models import (
    House,
    LawfulBasis,
    Organisation,
    OrganisationKind,
    Person,
    PersonKind,
    PersonRole,
    Revision,
)
from campaign.people.members_api import LICENCE_ATTRIBUTION, MembersApiError, MembersClient
from campaign.people.sync import SOURCE, sync_members
from tests.support.members_fixture import MembersApiFixture, member_id

TODAY = date(2026, 12, 7)


@pytest.fixture
def api():
    with MembersApiFixture() as fixture:
        yield fixture


@pytest.fixture
def synced_app(app, api):
    """The app pointed at the fixture server, on a fixed day (config is restored after)."""
    app.config["PARLIAMENT_MEMBERS_API_URL"] = api.url
    app.config["CLOCK"] = lambda: datetime(2026, 12, 7, 12, tzinfo=UTC)
    return app


def _count(session, model) -> int:
    session.expire_all()
    return session.exec(select(func.count()).select_from(model)).one()


def _person(session, member: int) -> Person:
    session.expire_all()
    return session.exec(select(Person).where(Person.parliament_member_id == member)).one()


def _roles(session, person: Person) -> list[tuple[str, date | None, date | None]]:
    session.expire_all()
    rows = session.exec(
        select(PersonRole)
        .where(PersonRole.person_id == person.id)
        .order_by(PersonRole.title, PersonRole.id)
    )
    return [(r.title, r.started_on, r.ended_on) for r in rows]


def test_the_command_creates_every_mp_and_peer_with_their_posts(synced_app, runner, session):
    result = runner.invoke(args=["sync-members"])

    assert result.exit_code == 0, result.output
    assert "1450 created, 0 updated, 0 unchanged" in result.output
    assert "roles: 12 started, 0 ended" in result.output
    assert _count(session, Person) == 1450
    recorded = _person(session, 4514)  # the real, recorded search result
    assert (recorded.name, recorded.party, recorded.constituency) == (
        "Sir Keir Starmer",
        "Labour",
        "Holborn and St Pancras",
    )
    assert (recorded.kind, recorded.house, recorded.key) == (
        PersonKind.MP,
        House.COMMONS,
        "sir-keir-starmer",
    )
    assert recorded.lawful_basis == LawfulBasis.LEGITIMATE_INTERESTS
    assert LICENCE_ATTRIBUTION in recorded.data_source and "Members API" in recorded.data_source
    peer = _person(session, member_id(2, 1))
    assert (peer.kind, peer.house, peer.constituency) == (PersonKind.PEER, House.LORDS, "")
    # A post held now starts a role on the day the API says its holder started it.
    assert _roles(session, peer) == [("Minister 1 (fixture)", date(2024, 7, 5), None)]
    assert _roles(session, _person(session, member_id(1, 22))) == [
        ("Shadow Secretary of State 1 (fixture)", date(2024, 7, 5), None),
        ("Spokesperson 1 (fixture)", date(2024, 7, 5), None),
    ]
    assert _roles(session, _person(session, member_id(1, 12))) == []  # a former holder
    assert _roles(session, recorded) == []


def test_a_second_run_changes_nothing(synced_app, runner, session):
    assert runner.invoke(args=["sync-members"]).exit_code == 0
    before = {p.id: (p.version, p.updated_at) for p in session.exec(select(Person)).all()}
    revisions, roles = _count(session, Revision), _count(session, PersonRole)

    result = runner.invoke(args=["sync-members"])

    assert result.exit_code == 0, result.output
    assert "0 created, 0 updated, 1450 unchanged, 0 no longer current" in result.output
    assert "roles: 0 started, 0 ended" in result.output
    session.expire_all()
    after = {p.id: (p.version, p.updated_at) for p in session.exec(select(Person)).all()}
    assert after == before
    assert (_count(session, Revision), _count(session, PersonRole)) == (revisions, roles)


def test_what_an_officer_typed_is_kept_and_the_api_owns_the_rest(synced_app, runner, session):
    ofcom = Organisation(key="ofcom", name="Ofcom", kind=OrganisationKind.REGULATOR)
    typed = Person(
        key="keir",
        name="Keir Starmer (typed)",
        kind=PersonKind.MINISTER,
        party="Old party",
        email="office@example.org",
        phone="020 7946 0000",
        notes="Met at conference.",
        parliament_member_id=4514,
        lawful_basis=LawfulBasis.CONSENT,
        data_source="Business card.",
    )
    session.add_all([ofcom, typed])
    session.flush()
    session.add_all(
        [
            PersonRole(person_id=typed.id, title="Board member", organisation_id=ofcom.id),
            # A post the API lists (held by someone else now): the sync's to end.
            PersonRole(
                person_id=typed.id,
                title="Secretary of State 1 (fixture)",
                started_on=date(2020, 1, 1),
            ),
            # Typed by an officer, no organisation, not a post the API lists: left alone.
            PersonRole(person_id=typed.id, title="Chair, APPG on Online Safety"),
        ]
    )
    session.commit()

    result = runner.invoke(args=["sync-members", "--house", "commons"])

    assert result.exit_code == 0, result.output
    assert "649 created, 1 updated" in result.output
    person = _person(session, 4514)
    assert (person.name, person.party, person.constituency, person.house) == (
        "Sir Keir Starmer",
        "Labour",
        "Holborn and St Pancras",
        House.COMMONS,
    )
    assert person.kind == PersonKind.MINISTER  # an officer's choice other than MP or peer
    assert (person.key, person.email, person.phone, person.notes) == (
        "keir",
        "office@example.org",
        "020 7946 0000",
        "Met at conference.",
    )
    assert person.lawful_basis == LawfulBasis.CONSENT
    assert person.data_source == f"Business card.\n{SOURCE}"
    # A role with an organisation, or a title the API does not list, is the officer's; a
    # listed post they no longer hold is ended.
    assert _roles(session, person) == [
        ("Board member", None, None),
        ("Chair, APPG on Online Safety", None, None),
        ("Secretary of State 1 (fixture)", date(2020, 1, 1), TODAY),
    ]
    assert _count(session, Person) == 650  # --house commons: no peers


def test_members_no_longer_current_are_kept_with_their_posts_ended(app, session):
    with MembersApiFixture(commons=30, lords=3) as api:
        client = MembersClient(api.url, sleep=lambda _: None)
        first = sync_members(session=session, client=client, today=date(2026, 11, 30))
        session.commit()
    assert (first.created, first.roles_started) == (33, 12)
    with MembersApiFixture(commons=3, lords=3) as api:  # members 4 to 30 have left
        client = MembersClient(api.url, sleep=lambda _: None)
        report = sync_members(session=session, client=client, today=TODAY)
        session.commit()

    # Members 4 (a secretary of state) and 22 to 24 (two shadow posts each) held posts.
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert (report.left, report.roles_ended, report.roles_started) == (4, 7, 0)
    assert _count(session, Person) == 33
    gone = _person(session, member_id(1, 4))
    assert gone.kind == PersonKind.MP and gone.archived_at is None
    assert _roles(session, gone) == [("Secretary of State 3 (fixture)", date(2024, 7, 5), TODAY)]
    assert _roles(session, _person(session, member_id(1, 2))) == [
        ("Secretary of State 1 (fixture)", date(2024, 7, 5), None)
    ]


def test_a_new_post_starts_a_role_and_a_house_change_follows(app, session):
    with MembersApiFixture(commons=5, lords=1) as api:
        client = MembersClient(api.url, sleep=lambda _: None)
        sync_members(session=session, client=client, today=TODAY)
        session.commit()
        person = _person(session, member_id(1, 2))
        role = session.exec(select(PersonRole).where(PersonRole.person_id == person.id)).one()
        role.ended_on = date(2026, 1, 1)  # as if they had left the post and were back
        person.kind, person.house = PersonKind.PEER, House.LORDS
        session.commit()

        report = sync_members(session=session, client=client, today=TODAY)
        session.commit()

    assert (report.updated, report.roles_started, report.roles_ended) == (1, 1, 0)
    person = _person(session, member_id(1, 2))
    assert (person.kind, person.house) == (PersonKind.MP, House.COMMONS)
    assert _roles(session, person) == [
        ("Secretary of State 1 (fixture)", date(2024, 7, 5), date(2026, 1, 1)),
        ("Secretary of State 1 (fixture)", date(2024, 7, 5), None),
    ]


def test_an_api_failure_part_way_changes_nothing_and_names_the_url(app, session):
    kept = Person(key="kept", name="Kept", kind=PersonKind.MP, parliament_member_id=4514)
    session.add(kept)
    session.commit()
    with MembersApiFixture(commons=100, lords=100) as api:
        answer = api.answer

        def failing(target: str):
            if "skip=60" in target and "House=2" in target:
                return 503, {"title": "Service Unavailable"}
            return answer(target)

        api.answer = failing  # type: ignore[method-assign]
        client = MembersClient(api.url, retries=1, sleep=lambda _: None)
        with pytest.raises(MembersApiError) as raised:
            sync_members(session=session, client=client, today=TODAY)
    session.rollback()

    assert "House=2" in str(raised.value) and "skip=60" in str(raised.value)
    assert "HTTP 503 (tried 2 times)" in str(raised.value)
    assert _count(session, Person) == 1 and _person(session, 4514).name == "Kept"


def test_the_command_fails_with_a_clear_message_and_changes_nothing(app, api, runner, session):
    app.config["PARLIAMENT_MEMBERS_API_URL"] = f"{api.url}/missing"

    result = runner.invoke(args=["sync-members", "--house", "lords"])

    assert result.exit_code == 1
    assert "The Members API failed, so nothing was changed" in result.output
    assert f"{api.url}/missing/api/Reference/Departments answered HTTP 404" in result.output
    assert _count(session, Person) == 0


def test_the_house_option_takes_commons_or_lords_only(app, runner):
    result = runner.invoke(args=["sync-members", "--house", "scotland"])
    assert result.exit_code == 2 and "'commons', 'lords'" in result.output


def test_unreadable_items_and_erased_people_are_listed_as_problems(app, session):
    with MembersApiFixture(commons=30, lords=0) as api:
        client = MembersClient(api.url, sleep=lambda _: None)
        sync_members(session=session, client=client, today=TODAY)
        session.commit()
        erased = _person(session, member_id(1, 3))
        erased.name, erased.party, erased.erased_at = "Erased person", "", datetime.now(UTC)
        session.commit()
        api.malformed[(1, 2)] = "no name"  # a secretary of state, unreadable this time
        api.counts[1] = 29  # member 30 has left
        long_name = api.item

        def item(house: int, number: int):
            answer = long_name(house, number)
            if number == 5:
                answer = {**answer, "value": {**answer["value"], "nameDisplayAs": "x" * 201}}
            return answer

        api.item = item  # type: ignore[method-assign]

        report = sync_members(session=session, client=client, today=TODAY)
        session.commit()

    assert report.problems == [
        f"commons search result 2 (member {member_id(1, 2)}): no name (nameDisplayAs)",
        f"commons member {member_id(1, 3)} (Member 0003 (fixture)): erased on request, so not "
        "refreshed",
        f"commons member {member_id(1, 5)} ({'x' * 201}): name longer than 200 characters",
        "Posts of members no longer returned were not ended this run, because the API sent "
        "items that could not be read.",
    ]
    assert _person(session, member_id(1, 3)).name == "Erased person"
    # Not returned readably, so not ended: the unreadable item may be the member.
    assert _roles(session, _person(session, member_id(1, 2)))[0][2] is None
    assert _person(session, member_id(1, 5)).name == "Member 0005 (fixture)"
