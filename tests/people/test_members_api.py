"""The Members API client against the local fixture server (tests/support/members_fixture.py):
paging, mapping, malformed items, retries, timeouts, the setting. No test touches the network."""

import socket
from urllib.parse import parse_qs, urlsplit

import pytest

from campaign.people.members_api import (
    LICENCE_ATTRIBUTION,
    PAGE_SIZE,
    MembersApiError,
    MembersClient,
)
from campaign.settings import Settings
from tests.support.members_fixture import PEERAGES, MembersApiFixture, member_id


@pytest.fixture(autouse=True)
def connections(monkeypatch):
    """Every address any code here connects to (urllib opens its sockets through this)."""
    opened = []
    real = socket.create_connection

    def recording(address, *args, **kwargs):
        opened.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", recording)
    return opened


@pytest.fixture
def api():
    with MembersApiFixture() as fixture:
        yield fixture


@pytest.fixture
def waits():
    """The backoffs the client asked for (it is given this list's append instead of sleep)."""
    return []


@pytest.fixture
def members_client(api, waits):
    return MembersClient(api.url, sleep=waits.append, timeout=5)


def searches(api, house):
    return [
        parse_qs(urlsplit(target).query)
        for target in api.requests
        if urlsplit(target).path == "/api/Members/Search"
        and parse_qs(urlsplit(target).query)["House"] == [house]
    ]


def test_all_650_mps_are_read_page_by_page_with_the_apis_own_paging(api, members_client):
    result = members_client.current_members("commons", with_posts=False)

    assert len(result.members) == 650
    assert len({member.member_id for member in result.members}) == 650
    assert result.problems == []
    pages = searches(api, "1")
    assert [page["skip"] for page in pages] == [[str(skip)] for skip in range(0, 650, PAGE_SIZE)]
    assert {page["take"][0] for page in pages} == {"20"}
    assert {page["IsCurrentMember"][0] for page in pages} == {"true"}
    assert result.requests == len(pages) == 33


def test_all_800_peers_are_read_with_their_peerage_and_no_constituency(api, members_client):
    result = members_client.current_members("lords", with_posts=False)

    assert len(result.members) == 800
    assert len(searches(api, "2")) == 40
    assert {member.house for member in result.members} == {"lords"}
    assert {member.constituency for member in result.members} == {None}
    assert {member.peerage for member in result.members} == set(PEERAGES)


def test_the_recorded_mp_maps_name_party_constituency_and_picture(members_client):
    result = members_client.current_members("commons", with_posts=False)

    recorded = next(member for member in result.members if member.member_id == 4514)
    assert recorded.name == "Sir Keir Starmer"
    assert recorded.list_name == "Starmer, Sir Keir"
    assert recorded.full_title == "Rt Hon Sir Keir Starmer MP"
    assert (recorded.party, recorded.party_abbreviation) == ("Labour", "Lab")
    assert (recorded.house, recorded.constituency, recorded.peerage) == (
        "commons",
        "Holborn and St Pancras",
        None,
    )
    assert recorded.gender == "M"
    assert recorded.thumbnail_url == "https://members-api.parliament.uk/api/Members/4514/Thumbnail"
    generated = next(m for m in result.members if m.member_id == member_id(1, 2))
    assert generated.name == "Member 0002 (fixture)"
    assert generated.constituency == "Constituency 0002 (fixture)"
    assert generated.party == "Fixture Party C"


def test_current_posts_come_from_whole_lists_not_one_request_per_member(api, members_client):
    result = members_client.current_members("commons")

    posts = {member.member_id: member.posts for member in result.members if member.posts}
    assert posts == {
        member_id(1, 2): ("Secretary of State 1 (fixture)",),
        member_id(1, 3): ("Secretary of State 2 (fixture)",),
        member_id(1, 4): ("Secretary of State 3 (fixture)",),
        # Both posts, each once, though the unfiltered list repeats the senior one.
        member_id(1, 22): ("Shadow Secretary of State 1 (fixture)", "Spokesperson 1 (fixture)"),
        member_id(1, 23): ("Shadow Secretary of State 2 (fixture)", "Spokesperson 2 (fixture)"),
        member_id(1, 24): ("Shadow Secretary of State 3 (fixture)", "Spokesperson 3 (fixture)"),
    }  # former holders (members 12 to 14) hold nothing now
    # 33 pages, the departments, and both post lists unfiltered and per department.
    assert result.requests == 33 + 1 + 2 * (1 + 3)
    peers = members_client.current_members("lords")
    junior = {m.member_id: m.posts for m in peers.members if m.posts}
    assert junior == {member_id(2, n): (f"Minister {n} (fixture)",) for n in (1, 2, 3)}


def test_a_malformed_item_is_skipped_and_reported_and_the_rest_is_read(api, members_client):
    api.malformed[(1, 45)] = "no id"
    api.malformed[(1, 46)] = "no name"

    result = members_client.current_members("commons", with_posts=False)

    assert len(result.members) == 648
    assert [str(problem) for problem in result.problems] == [
        "commons search result 45: no member id (got None)",
        f"commons search result 46 (member {member_id(1, 46)}): no name (nameDisplayAs)",
    ]


def test_a_503_is_retried_with_backoff_then_succeeds(api, members_client, waits):
    api.fail_next(2, status=503)

    result = members_client.current_members("commons", with_posts=False)

    assert len(result.members) == 650
    assert waits == [1.0, 2.0]
    assert result.requests == 33 + 2
    assert api.requests[0] == api.requests[1] == api.requests[2]


def test_a_503_that_persists_raises_an_error_naming_the_url(api, members_client, waits):
    api.fail_next(4, status=503)

    with pytest.raises(MembersApiError) as raised:
        members_client.current_members("commons", with_posts=False)

    assert str(raised.value) == (
        f"{api.url}/api/Members/Search?House=1&IsCurrentMember=true&skip=0&take=20: "
        "HTTP 503 (tried 4 times)"
    )
    assert waits == [1.0, 2.0, 4.0]


def test_a_client_error_is_not_retried(api, members_client, waits):
    api.fail_next(1, status=400)

    with pytest.raises(MembersApiError, match=r"/api/Members/Search\?.* answered HTTP 400"):
        members_client.current_members("lords", with_posts=False)
    assert waits == []


def test_no_answer_in_time_raises_a_clear_error_naming_the_url(api, waits):
    impatient = MembersClient(api.url, timeout=0.2, retries=1, sleep=waits.append)

    with api.stalled(count=2), pytest.raises(MembersApiError) as raised:
        impatient.get_json("/api/Reference/Departments")

    assert str(raised.value) == (
        f"{api.url}/api/Reference/Departments: no answer within 0.2 s (tried 2 times)"
    )
    assert waits == [1.0]


def test_a_stalled_answer_is_retried(api, waits):
    impatient = MembersClient(api.url, timeout=0.2, retries=1, sleep=waits.append)

    with api.stalled(count=1):
        departments = impatient.get_json("/api/Reference/Departments")

    assert [department["name"] for department in departments][:1] == ["Department 1 (fixture)"]


def test_the_base_url_is_the_setting(api, make_app):
    assert Settings.from_env({}).PARLIAMENT_MEMBERS_API_URL == "https://members-api.parliament.uk"
    configured = Settings.from_env({"PARLIAMENT_MEMBERS_API_URL": api.url})
    assert api.url == configured.PARLIAMENT_MEMBERS_API_URL
    app = make_app(PARLIAMENT_MEMBERS_API_URL=api.url + "/")

    result = MembersClient.from_config(app.config).current_members("lords", with_posts=False)

    assert len(result.members) == 800
    assert MembersClient.from_config({}).base_url == "https://members-api.parliament.uk"
    with pytest.raises(ValueError, match="must be an http"):
        MembersClient("file:///etc/passwd")


def test_only_the_local_server_is_ever_called(api, members_client, connections):
    members_client.current_members("commons")
    members_client.current_members("lords")

    assert connections
    assert {host for host, _ in connections} == {"127.0.0.1"}
    assert len(api.requests) == members_client.requests


def test_requests_name_campaign_in_their_user_agent(api, members_client):
    members_client.get_json("/api/Reference/Departments")

    assert api.user_agents == {"Campaign (policy-advocacy tracker; flask sync-members)"}


def test_the_licence_line_is_the_open_parliament_licence():
    assert LICENCE_ATTRIBUTION == (
        "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
    )


def test_both_houses_can_share_one_fetch_of_the_posts(api, members_client):
    posts = members_client.current_posts()
    fetched = len(api.requests)

    peers = members_client.current_members("lords", posts=posts)

    assert len(api.requests) - fetched == peers.requests == 40
    assert {m.member_id for m in peers.members if m.posts} == {member_id(2, n) for n in (1, 2, 3)}
