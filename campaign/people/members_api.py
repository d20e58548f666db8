"""The UK Parliament Members API (members-api.parliament.uk): the current MPs and peers, with
their party, constituency and current government and opposition posts.

Read-only, no key, no database writes here: `flask sync-members` stores what this returns.
Every field read is named in docs/members-api.md with where its shape was found. A malformed
item is skipped and reported in `problems`, never fatal; a failed request is retried with
backoff and then raised as `MembersApiError` naming the URL.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from http.client import HTTPException
from typing import Any, Literal
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import OpenerDirector, Request, build_opener

House = Literal["commons", "lords"]
HOUSE_NUMBERS: dict[House, int] = {"commons": 1, "lords": 2}
HOUSES_BY_NUMBER: dict[int, House] = {number: house for house, number in HOUSE_NUMBERS.items()}

DEFAULT_BASE_URL = "https://members-api.parliament.uk"
# The pages that show these members show this line (the API's data is under this licence).
LICENCE_ATTRIBUTION = (
    "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
)
LICENCE_URL = (
    "https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/"
)
USER_AGENT = "Campaign (policy-advocacy tracker; flask sync-members)"
# The API's own maximum page size for /api/Members/Search ("Maximum is 20").
PAGE_SIZE = 20
TIMEOUT_SECONDS = 10.0
RETRIES = 3
BACKOFF_SECONDS = 1.0

SEARCH_PATH = "/api/Members/Search"
DEPARTMENTS_PATH = "/api/Reference/Departments"
POSTS_PATHS = ("/api/Posts/GovernmentPosts", "/api/Posts/OppositionPosts")


class MembersApiError(Exception):
    """A request that failed after its retries, or answered something other than JSON."""


class Post(str):
    """A post's name (`value.name`), carrying the day its current holder started it
    (`postHolders[].startDate`, None when the API gives none). A `str`, so it compares and
    prints as the name."""

    started_on: date | None

    def __new__(cls, name: str, started_on: date | None = None) -> Post:
        post = super().__new__(cls, name)
        post.started_on = started_on
        return post


def _day(value: Any) -> date | None:
    """The day of an API date-time ("2024-07-05T00:00:00"), or None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


@dataclass(frozen=True)
class Member:
    member_id: int  # value.id
    name: str  # value.nameDisplayAs
    list_name: str | None  # value.nameListAs ("Starmer, Sir Keir")
    full_title: str | None  # value.nameFullTitle
    party: str | None  # value.latestParty.name
    party_abbreviation: str | None  # value.latestParty.abbreviation
    house: House  # value.latestHouseMembership.house (1 Commons, 2 Lords)
    constituency: str | None  # latestHouseMembership.membershipFrom, MPs only
    peerage: str | None  # latestHouseMembership.membershipFrom, peers only ("Life peer")
    gender: str | None  # value.gender
    thumbnail_url: str | None  # value.thumbnailUrl
    # current government/opposition posts (/api/Posts/...), each a `Post` (name + start day)
    posts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """An item the API sent that could not be read; `where` names it for the sync report."""

    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: {self.detail}"


@dataclass
class MembersResult:
    members: list[Member] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    requests: int = 0  # how many HTTP requests it took (retries included)


def _text(value: Any) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def read_member(item: Any, *, house: House, where: str) -> Member | Problem:
    """One search result (`{"value": {...}, "links": [...]}`) as a Member, or why not."""
    value = _mapping(_mapping(item).get("value"))
    member_id = value.get("id")
    if isinstance(member_id, bool) or not isinstance(member_id, int):
        return Problem(where, f"no member id (got {member_id!r})")
    name = _text(value.get("nameDisplayAs"))
    if name is None:
        return Problem(f"{where} (member {member_id})", "no name (nameDisplayAs)")
    party = _mapping(value.get("latestParty"))
    membership = _mapping(value.get("latestHouseMembership"))
    number = membership.get("house")
    item_house = HOUSES_BY_NUMBER.get(number, house) if isinstance(number, int) else house
    membership_from = _text(membership.get("membershipFrom"))
    return Member(
        member_id=member_id,
        name=name,
        list_name=_text(value.get("nameListAs")),
        full_title=_text(value.get("nameFullTitle")),
        party=_text(party.get("name")),
        party_abbreviation=_text(party.get("abbreviation")),
        house=item_house,
        constituency=membership_from if item_house == "commons" else None,
        peerage=membership_from if item_house == "lords" else None,
        gender=_text(value.get("gender")),
        thumbnail_url=_text(value.get("thumbnailUrl")),
    )


def current_post_names(posts: Any) -> dict[int, list[str]]:
    """From a /api/Posts/... answer (a list of `{"value": {"name", "postHolders"}}`): the
    posts each member holds now (a holder with no `endDate`), as `Post`s: the name, and the
    holder's `startDate` as `started_on`."""
    held: dict[int, list[str]] = {}
    for item in posts if isinstance(posts, list) else []:
        post = _mapping(_mapping(item).get("value"))
        name = _text(post.get("name"))
        holders = post.get("postHolders")
        if name is None or not isinstance(holders, list):
            continue
        for holder in holders:
            holder = _mapping(holder)
            member_id = _mapping(_mapping(holder.get("member")).get("value")).get("id")
            if holder.get("endDate") is None and isinstance(member_id, int):
                names = held.setdefault(member_id, [])
                if name not in names:
                    names.append(Post(name, _day(holder.get("startDate"))))
    return held


class MembersClient:
    """Reads the API at `base_url`. `sleep` is injectable so tests never wait for a backoff."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: float = TIMEOUT_SECONDS,
        retries: int = RETRIES,
        backoff: float = BACKOFF_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
        opener: OpenerDirector | None = None,
    ) -> None:
        if not base_url.startswith(("https://", "http://")):
            raise ValueError(f"PARLIAMENT_MEMBERS_API_URL must be an http(s) URL, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._opener = opener or build_opener()
        self.requests = 0

    @classmethod
    def from_config(cls, config: Mapping[str, Any], **options: Any) -> MembersClient:
        """The client for an app's config (the setting PARLIAMENT_MEMBERS_API_URL)."""
        return cls(config.get("PARLIAMENT_MEMBERS_API_URL") or DEFAULT_BASE_URL, **options)

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET base_url + path as JSON, retrying 5xx answers, timeouts and refused connections
        `retries` times (waiting backoff, 2 × backoff, 4 × backoff ...)."""
        url = self.base_url + path + (f"?{urlencode(params)}" if params else "")
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        request = Request(url, headers=headers)  # noqa: S310  # http(s) only: see __init__
        failure = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            self.requests += 1
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    body = response.read()
            except HTTPError as error:
                error.close()
                if error.code < 500:
                    raise MembersApiError(f"{url} answered HTTP {error.code}") from error
                failure = f"HTTP {error.code}"
            except TimeoutError:
                failure = f"no answer within {self.timeout:g} s"
            except URLError as error:
                if isinstance(error.reason, TimeoutError):
                    failure = f"no answer within {self.timeout:g} s"
                else:
                    failure = f"could not connect ({error.reason})"
            except (ConnectionError, HTTPException) as error:
                failure = f"the connection broke ({error!r})"
            else:
                try:
                    return json.loads(body)
                except ValueError as error:
                    raise MembersApiError(f"{url} did not answer JSON") from error
        tries = self.retries + 1
        raise MembersApiError(f"{url}: {failure} (tried {tries} time{'s' * (tries > 1)})")

    def current_members(
        self,
        house: House,
        *,
        with_posts: bool = True,
        posts: Mapping[int, Iterable[str]] | None = None,
    ) -> MembersResult:
        """Every current member of `house`, page by page (skip/take, the API's paging), with
        their current posts unless `with_posts` is False (`posts`: from `current_posts()`
        already fetched, so that both houses share one fetch)."""
        start = self.requests
        result = MembersResult()
        seen: set[int] = set()
        skip, total = 0, None
        while total is None or skip < total:
            params = {"House": HOUSE_NUMBERS[house], "IsCurrentMember": "true"}
            page = _mapping(self.get_json(SEARCH_PATH, {**params, "skip": skip, "take": PAGE_SIZE}))
            items = page.get("items")
            total = page.get("totalResults")
            if not isinstance(items, list) or not isinstance(total, int):
                raise MembersApiError(
                    f"{self.base_url}{SEARCH_PATH} (House={params['House']}, skip={skip}) "
                    "answered without items/totalResults"
                )
            if not items:
                break  # fewer members than totalResults said: stop rather than loop
            for index, item in enumerate(items):
                where = f"{house} search result {skip + index + 1}"
                read = read_member(item, house=house, where=where)
                if isinstance(read, Problem):
                    result.problems.append(read)
                elif read.member_id not in seen:
                    seen.add(read.member_id)
                    result.members.append(read)
            skip += len(items)
        if with_posts:
            posts = self.current_posts() if posts is None else posts
            result.members = [
                _with_posts(member, posts.get(member.member_id, ())) for member in result.members
            ]
        result.requests = self.requests - start
        return result

    def current_posts(self) -> dict[int, list[str]]:
        """Member id -> names of the government and opposition posts they hold now.

        Whole lists, not one request per member: the two /api/Posts lists, then each department's
        (/api/Reference/Departments), since the unfiltered lists leave junior ministers out
        (docs/members-api.md). 3 + 2 × departments requests, however many members there are."""
        queries: list[dict[str, Any]] = [{}]
        departments = self.get_json(DEPARTMENTS_PATH)
        for department in departments if isinstance(departments, list) else []:
            department_id = _mapping(department).get("id")
            if isinstance(department_id, int):
                queries.append({"departmentId": department_id})
        held: dict[int, list[str]] = {}
        for path in POSTS_PATHS:
            for query in queries:
                for member_id, names in current_post_names(self.get_json(path, query)).items():
                    kept = held.setdefault(member_id, [])
                    kept.extend(name for name in names if name not in kept)
        return held


def _with_posts(member: Member, posts: Iterable[str]) -> Member:
    return replace(member, posts=tuple(posts))
