"""Stances on each ask over time (issue 18): the current one is the newest assessment, the rest
its history; every door (the "Record a stance" page, the API) refuses the same way, naming the
field, and saves nothing it refuses."""

from __future__ import annotations

from datetime import date, timedelta

from sqlmodel import select

from campaign import clock
from campaign.models import Stance, StanceLevel, User
from campaign.people import stances
from tests.support import stances as rows
from tests.support.querycount import count_queries

DAY = date(2026, 10, 1)


def _stances(session) -> list[Stance]:
    session.expire_all()
    return list(session.exec(select(Stance).order_by(Stance.id)))


def _today(app) -> date:
    with app.app_context():
        return clock.today()


# -- the services ------------------------------------------------------------------------------


def test_the_newest_assessment_is_the_current_stance_and_the_rest_its_history(app, session, make):
    ask, other_ask = make.ask(), make.ask()
    jo, sam = rows.person(session, "Jo"), rows.person(session, "Sam")
    first = rows.stance(session, jo, ask, "sceptic", DAY)
    later = rows.stance(session, jo, ask, "neutral", DAY + timedelta(days=30))
    # The same day: the one recorded last (the higher id) is the newer.
    same_day = rows.stance(session, jo, ask, "supporter", DAY + timedelta(days=30))
    # Recorded after, but assessed earlier: history, not current.
    rows.stance(session, jo, ask, "opponent", DAY - timedelta(days=5))
    sams = rows.stance(session, sam, ask, "champion", DAY)
    elsewhere = rows.stance(session, jo, other_ask, "unknown", DAY)

    with app.app_context(), count_queries(app) as statements:
        current = stances.current_stances(session, ask_id=ask.id)
        names = [(s.person.name, s.stance, s.ask.slug) for s in current]  # loaded: no query
    assert len(statements) == 1
    assert names == [
        ("Jo", StanceLevel.SUPPORTER, ask.slug),
        ("Sam", StanceLevel.CHAMPION, ask.slug),
    ]
    assert [s.id for s in stances.current_stances(session, person_id=jo.id)] == [
        same_day.id,
        elsewhere.id,
    ]
    assert {s.id for s in stances.current_stances(session)} == {same_day.id, sams.id, elsewhere.id}
    history = stances.stance_history(session, person_id=jo.id, ask_id=ask.id)
    assert [s.stance.value for s in history] == ["supporter", "neutral", "sceptic", "opponent"]
    assert history[1].id == later.id and history[2].id == first.id
    by_ask = stances.person_stances(session, person_id=jo.id)
    assert [s.id for s in by_ask[ask.id]] == [s.id for s in history]


def test_stances_due_for_recheck_are_current_ones_on_or_before_the_day(app, session, make):
    ask, archived_ask = make.ask(), make.ask()
    today = date(2026, 12, 7)
    due = rows.person(session, "Due")
    superseded = rows.person(session, "Superseded")
    later = rows.person(session, "Later")
    gone = rows.person(session, "Archived person")
    erased = rows.person(session, "Erased")
    overdue = rows.stance(session, due, ask, "neutral", DAY, recheck_by=today - timedelta(days=3))
    on_the_day = rows.stance(session, due, archived_ask, "neutral", DAY, recheck_by=today)
    rows.stance(session, superseded, ask, "neutral", DAY, recheck_by=today - timedelta(days=1))
    rows.stance(session, superseded, ask, "supporter", DAY + timedelta(days=1))  # no re-check
    rows.stance(session, later, ask, "neutral", DAY, recheck_by=today + timedelta(days=1))
    gones = rows.stance(session, gone, ask, "neutral", DAY, recheck_by=today)
    eraseds = rows.stance(session, erased, ask, "neutral", DAY, recheck_by=today)

    found = stances.stances_due_for_recheck(session, today=today)
    # The longest overdue first; then by ask, then by name.
    assert [s.id for s in found] == [overdue.id, gones.id, eraseds.id, on_the_day.id]
    assert found[0].ask.slug == ask.slug and found[0].person.name == "Due"

    gone.archived_at = erased.erased_at = clock.now()
    archived_ask.archived_at = clock.now()
    session.add_all([gone, erased, archived_ask])
    session.commit()
    assert [s.id for s in stances.stances_due_for_recheck(session, today=today)] == [overdue.id]


# -- the page ----------------------------------------------------------------------------------


def test_a_stance_is_recorded_on_its_page_prefilled_from_the_person_or_the_ask(
    app, client, session, make
):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(title="Age checks", slug="age-checks")
    jo = rows.person(session, "Jo Director", organisation=ofcom)
    meeting = rows.interaction(session, jo, title="Codes meeting")
    reply = make.response(organisation=ofcom, title="Ofcom letter")
    today = _today(app)

    page = client.get(f"/people/stances/new?person={jo.key}&ask={ask.slug}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert f'name="person_id" value="{jo.id}"' in text and 'value="Jo Director"' in text
    assert f'name="ask_id" value="{ask.id}"' in text and 'value="Age checks"' in text
    assert f'value="{today.isoformat()}"' in text  # assessed today unless changed

    response = client.post(
        "/people/stances/new",
        data={
            "person_id": jo.id,
            "ask_id": ask.id,
            "stance": "supporter",
            "assessed_on": today.isoformat(),
            "interaction_id": meeting.id,
            "response_id": reply.id,
            "evidence": "https://hansard.parliament.uk/example",
            "recheck_by": (today + timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert response.location == f"/people/{jo.id}#stances"
    [stance] = _stances(session)
    assert (stance.stance, stance.interaction_id, stance.response_id) == (
        StanceLevel.SUPPORTER,
        meeting.id,
        reply.id,
    )
    assessor = session.get(User, stance.assessed_by_id)
    assert assessor is not None and assessor.email == client.user.email

    # From the ask's stakeholder map: back to it.
    again = client.post(
        "/people/stances/new",
        data={
            "person_id": jo.id,
            "ask_id": ask.id,
            "stance": "champion",
            "assessed_on": today.isoformat(),
            "back": "ask",
        },
    )
    assert again.location == "/asks/age-checks#stakeholders"
    assert [s.stance.value for s in _stances(session)] == ["supporter", "champion"]


def test_the_page_refuses_naming_the_field_and_saves_nothing(app, client, session, make):
    ofcom, meta = make.organisation(name="Ofcom"), make.organisation(name="Meta")
    ask = make.ask()
    jo = rows.person(session, "Jo", organisation=ofcom)
    someone_elses = rows.interaction(session, rows.person(session, "Other"), title="Their call")
    metas = make.response(organisation=meta, title="Meta statement")
    today = _today(app)
    base = {"person_id": jo.id, "ask_id": ask.id, "stance": "neutral"}

    def refused(**data) -> str:
        response = client.post("/people/stances/new", data={**base, **data})
        assert response.status_code == 422
        return response.get_data(as_text=True)

    tomorrow = (today + timedelta(days=1)).isoformat()
    page = refused(assessed_on=tomorrow)
    assert 'id="assessed_on-error"' in page and "Assessed on must be today" in page
    page = refused(assessed_on=today.isoformat(), recheck_by=today.isoformat())
    assert 'id="recheck_by-error"' in page and "Re-check by must be after" in page
    page = refused(assessed_on=today.isoformat(), interaction_id=someone_elses.id)
    assert 'id="interaction_id_find-error"' in page and "not an interaction this person" in page
    page = refused(assessed_on=today.isoformat(), response_id=metas.id)
    assert 'id="response_id_find-error"' in page and "no role at" in page
    page = refused(assessed_on=today.isoformat(), stance="lukewarm")
    assert 'id="stance-error"' in page
    page = refused(assessed_on="", person_id="", ask_id="")
    assert "Choose a person." in page and "Choose an ask." in page
    assert _stances(session) == []


def test_viewers_see_the_page_but_only_editors_record(app, client_as, session, make):
    ask, jo = make.ask(), rows.person(session, "Jo")
    viewer = client_as("viewer")
    page = viewer.get(f"/people/stances/new?person={jo.key}")
    assert page.status_code == 200 and b"Record stance</button>" not in page.data
    data = {
        "person_id": jo.id,
        "ask_id": ask.id,
        "stance": "neutral",
        "assessed_on": _today(app).isoformat(),
    }
    assert viewer.post("/people/stances/new", data=data).status_code == 403
    assert client_as("editor").post("/people/stances/new", data=data).status_code == 302
    assert len(_stances(session)) == 1


# -- the API -----------------------------------------------------------------------------------


def test_the_api_lists_and_records_a_persons_stances(app, client, session, make):
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(slug="age-checks")
    jo = rows.person(session, "Jo", organisation=ofcom, key="jo")
    meeting = rows.interaction(session, jo, key="codes-meeting")
    rows.stance(session, jo, ask, "sceptic", DAY)
    today = _today(app)

    created = client.post(
        "/api/v1/people/jo/stances",
        json={
            "ask": "age-checks",
            "stance": "supporter",
            "assessed_on": today.isoformat(),
            "interaction": "codes-meeting",
            "evidence": "Said so in the meeting.",
        },
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["ask"], body["stance"], body["interaction"]) == (
        "age-checks",
        "supporter",
        "codes-meeting",
    )
    assert body["assessed_by"] == "Test admin"
    assert meeting.id == _stances(session)[-1].interaction_id

    listed = client.get("/api/v1/people/jo/stances").get_json()
    [entry] = listed["items"]
    assert entry["ask"] == "age-checks"
    assert entry["current"]["stance"] == "supporter"
    assert [h["stance"] for h in entry["history"]] == ["sceptic"]
    assert client.get("/api/v1/people/nobody/stances").status_code == 404


def test_the_api_refuses_as_the_page_does_naming_the_field(app, client, session, make):
    make.ask(slug="age-checks")
    jo = rows.person(session, "Jo", key="jo")
    rows.interaction(session, rows.person(session, "Other"), key="their-call")
    today = _today(app)
    good = {"ask": "age-checks", "stance": "neutral", "assessed_on": today.isoformat()}

    def fields(**body) -> dict:
        response = client.post("/api/v1/people/jo/stances", json={**good, **body})
        assert response.status_code == 422, response.get_json()
        return response.get_json()["error"]["fields"]

    assert set(fields(ask="no-such-ask")) == {"ask"}
    assert set(fields(assessed_on=(today + timedelta(days=1)).isoformat())) == {"assessed_on"}
    assert set(fields(recheck_by=today.isoformat())) == {"recheck_by"}
    assert set(fields(interaction="their-call")) == {"interaction"}
    assert set(fields(stance="lukewarm")) == {"stance"}
    assert set(fields(colour="red")) == {"colour"}
    assert set(fields(ask=None)) == {"ask"}
    assert _stances(session) == []
    assert jo.id is not None


def test_api_tokens_read_with_read_scope_and_write_with_read_write(app, client_as, session, make):
    from campaign.models import ApiScope
    from tests.accounts.test_tokens import bearer, make_token

    make.ask(slug="age-checks")
    rows.person(session, "Jo", key="jo")
    body = {"ask": "age-checks", "stance": "neutral", "assessed_on": _today(app).isoformat()}
    anonymous = app.test_client(as_user=None)
    read_only = bearer(make_token(app, "editor", ApiScope.READ))
    assert anonymous.get("/api/v1/people/jo/stances", headers=read_only).status_code == 200
    refused = anonymous.post("/api/v1/people/jo/stances", json=body, headers=read_only)
    assert refused.status_code == 403
    assert client_as("viewer").post("/api/v1/people/jo/stances", json=body).status_code == 403
    assert _stances(session) == []
    read_write = bearer(make_token(app, "editor", ApiScope.READ_WRITE, name="rw"))
    written = anonymous.post("/api/v1/people/jo/stances", json=body, headers=read_write)
    assert written.status_code == 201
    assert len(_stances(session)) == 1
