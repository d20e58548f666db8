"""A stand-in for the UK Parliament Members API on 127.0.0.1, in the API's real shape.

It serves /api/Members/Search (current members of a house, paged by skip/take like the API,
at most 20 a page), /api/Reference/Departments and /api/Posts/GovernmentPosts|OppositionPosts.
One member is a recorded search result (RECORDED_SEARCH_ITEM, real API output, cited in
docs/members-api.md); every other member, party, department and post is generated in the same
shape and named as a fixture ("Member 0001 (fixture)"), so nothing here is a fact about a real
person. It can also answer 503s, stall an answer (for timeouts) and spoil items (malformed).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

# A real /api/Members/Search result, as saved by beatonma/snommoc
# (backend/crawlers/parliamentdotuk/tasks/openapi/members/tests/data/search.json, commit
# 450e6bc36df55940a0f8ae6f1c042f6e23b50c4e).
RECORDED_SEARCH_ITEM: dict[str, Any] = {
    "value": {
        "id": 4514,
        "nameListAs": "Starmer, Sir Keir",
        "nameDisplayAs": "Sir Keir Starmer",
        "nameFullTitle": "Rt Hon Sir Keir Starmer MP",
        "nameAddressAs": None,
        "latestParty": {
            "id": 15,
            "name": "Labour",
            "abbreviation": "Lab",
            "backgroundColour": "d50000",
            "foregroundColour": "ffffff",
            "isLordsMainParty": True,
            "isLordsSpiritualParty": True,
            "governmentType": 0,
            "isIndependentParty": False,
        },
        "gender": "M",
        "latestHouseMembership": {
            "membershipFrom": "Holborn and St Pancras",
            "membershipFromId": 4105,
            "house": 1,
            "membershipStartDate": "2015-05-07T00:00:00",
            "membershipEndDate": None,
            "membershipEndReason": None,
            "membershipEndReasonNotes": None,
            "membershipEndReasonId": None,
            "membershipStatus": {
                "statusIsActive": True,
                "statusDescription": "Current Member",
                "statusNotes": None,
                "statusId": 0,
                "status": 0,
                "statusStartDate": "2024-07-04T00:00:00",
            },
        },
        "thumbnailUrl": "https://members-api.parliament.uk/api/Members/4514/Thumbnail",
    },
    "links": [
        {"rel": "self", "href": "/Members/4514", "method": "GET"},
        {"rel": "overview", "href": "/Members/4514", "method": "GET"},
        {"rel": "synopsis", "href": "/Members/4514/Synopsis", "method": "GET"},
        {"rel": "contactInformation", "href": "/Members/4514/Contact", "method": "GET"},
    ],
}
PAGE_LIMIT = 20  # the API documents "Maximum is 20" for take
FIXTURE_PARTIES = ("Fixture Party A", "Fixture Party B", "Fixture Party C")
# For peers the API's membershipFrom is the kind of peerage (docs/members-api.md).
PEERAGES = ("Life peer", "Excepted Hereditary")
DEPARTMENTS = 3


def party(number: int) -> dict[str, Any]:
    name = FIXTURE_PARTIES[number % len(FIXTURE_PARTIES)]
    return {
        "id": 9000 + number % len(FIXTURE_PARTIES),
        "name": name,
        "abbreviation": "F" + name[-1],
        "backgroundColour": "909090",
        "foregroundColour": "ffffff",
        "isLordsMainParty": False,
        "isLordsSpiritualParty": False,
        "governmentType": None,
        "isIndependentParty": False,
    }


def member_id(house: int, number: int) -> int:
    """Generated ids, far above the API's real ones (a few thousand)."""
    return house * 100_000 + number


def generated_item(house: int, number: int, base_url: str) -> dict[str, Any]:
    """Member `number` (1-based) of `house` (1 Commons, 2 Lords), shaped as the recorded item."""
    ident = member_id(house, number)
    name = f"Member {number:04d} ({'Lords ' if house == 2 else ''}fixture)"
    where = f"Constituency {number:04d} (fixture)" if house == 1 else PEERAGES[number % 2]
    value = json.loads(json.dumps(RECORDED_SEARCH_ITEM["value"]))
    value.update(
        id=ident,
        nameListAs=f"{number:04d}, Member (fixture)",
        nameDisplayAs=name,
        nameFullTitle=name,
        latestParty=party(number),
        gender="F" if number % 2 else "M",
        thumbnailUrl=f"{base_url}/api/Members/{ident}/Thumbnail",
    )
    value["latestHouseMembership"].update(
        membershipFrom=where, membershipFromId=number if house == 1 else 1, house=house
    )
    return {"value": value, "links": links_for(ident)}


def links_for(ident: int) -> list[dict[str, str]]:
    return [
        {"rel": rel, "href": f"/Members/{ident}{tail}", "method": "GET"}
        for rel, tail in (
            ("self", ""),
            ("overview", ""),
            ("synopsis", "/Synopsis"),
            ("contactInformation", "/Contact"),
        )
    ]


class MembersApiFixture:
    """`with MembersApiFixture() as api:` serves on `api.url` until the block ends."""

    def __init__(self, *, commons: int = 650, lords: int = 800) -> None:
        self.counts = {1: commons, 2: lords}
        self.requests: list[str] = []  # path?query of every request, in order
        self.user_agents: set[str] = set()
        self.malformed: dict[tuple[int, int], str] = {}  # (house, number) -> "no id" | "no name"
        self._failures: list[int] = []  # statuses to answer next, one per request
        self._stalls = 0
        self._release = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self) -> MembersApiFixture:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def fail_next(self, count: int, status: int = 503) -> None:
        with self._lock:
            self._failures.extend([status] * count)

    @contextmanager
    def stalled(self, count: int = 1) -> Iterator[None]:
        """The next `count` requests get no answer until the block ends."""
        self._stalls = count
        try:
            yield
        finally:
            self._release.set()

    # --- answers -------------------------------------------------------------------------------
    def answer(self, target: str) -> tuple[int, Any]:
        with self._lock:
            self.requests.append(target)
            if self._failures:
                return self._failures.pop(0), {"title": "Service Unavailable"}
            stall = self._stalls > 0
            self._stalls -= stall
        if stall:
            self._release.wait(timeout=30)
        parts = urlsplit(target)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        path = parts.path.rstrip("/").lower()
        if path == "/api/members/search":
            return 200, self.search_page(query)
        if path == "/api/reference/departments":
            return 200, [self.department(number) for number in range(1, DEPARTMENTS + 1)]
        if path in ("/api/posts/governmentposts", "/api/posts/oppositionposts"):
            return 200, self.posts(path.endswith("governmentposts"), query.get("departmentId"))
        return 404, {"title": "Not Found"}

    def search_page(self, query: dict[str, str]) -> dict[str, Any]:
        house = int(query.get("House", "1"))
        skip = max(int(query.get("skip", "0")), 0)
        take = min(max(int(query.get("take", "20")), 0), PAGE_LIMIT)
        total = self.counts.get(house, 0)
        numbers = range(skip + 1, min(skip + take, total) + 1)
        return {
            "items": [self.item(house, number) for number in numbers],
            "totalResults": total,
            "resultContext": "",
            "skip": skip,
            "take": take,
            "links": [
                {"rel": rel, "href": f"/Members/Search?skip={at}&take={take}", "method": "GET"}
                for rel, at in (
                    ("self", skip),
                    ("page.next", skip + take),
                    ("page.previous", max(skip - take, 0)),
                )
            ],
        }

    def item(self, house: int, number: int) -> dict[str, Any]:
        if house == 1 and number == 1:
            return RECORDED_SEARCH_ITEM
        item = generated_item(house, number, self.url)
        spoilt = self.malformed.get((house, number))
        if spoilt == "no id":
            del item["value"]["id"]
        elif spoilt == "no name":
            item["value"]["nameDisplayAs"] = None
        return item

    def department(self, number: int) -> dict[str, Any]:
        name = f"Department {number} (fixture)"
        return {"id": 8000 + number, "name": name, "url": None, "imageUrl": None}

    def posts(self, government: bool, department_id: str | None) -> list[dict[str, Any]]:
        """Per department n: in government a senior post (held by Commons member n + 1, and
        formerly by n + 11) and a junior one (Lords member n); in opposition a senior post and
        a "Spokesperson", both held by Commons member n + 21. Without departmentId only senior
        posts come back, as the API does. The recorded (real) member holds none."""
        answer = []
        for number in range(1, DEPARTMENTS + 1):
            department = self.department(number)
            if department_id not in (None, str(department["id"])):
                continue
            if government:
                held = [
                    (f"Secretary of State {number} (fixture)", [(1, number + 1), (1, number + 11)]),
                    (f"Minister {number} (fixture)", [(2, number)]),
                ]
            else:
                held = [
                    (f"Shadow Secretary of State {number} (fixture)", [(1, number + 21)]),
                    (f"Spokesperson {number} (fixture)", [(1, number + 21)]),
                ]
            if department_id is None:
                held = held[:1]
            for order, (name, holders) in enumerate(held):
                answer.append(self.post(department, order, name, holders, government))
        return answer

    def post(self, department, order, name, holders, government) -> dict[str, Any]:
        post_id = department["id"] * 10 + order + (0 if government else 5)
        return {
            "value": {
                "id": post_id,
                "name": name,
                "hansardName": name,
                "order": order,
                "type": 0 if government else 1,
                "createdWhen": "2024-07-05T00:00:00",
                "governmentDepartments": [department],
                "postHolders": [
                    {
                        "member": {
                            "value": self.item(house, number)["value"],
                            "links": links_for(member_id(house, number)),
                        },
                        "startDate": "2024-07-05T00:00:00",
                        # The second holder listed is a former one.
                        "endDate": "2024-09-01T00:00:00" if position else None,
                        "isPaid": True,
                        "layingMinisterName": None,
                    }
                    for position, (house, number) in enumerate(holders)
                ],
            },
            "links": [],
        }


def _handler_for(fixture: MembersApiFixture) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            fixture.user_agents.add(self.headers.get("User-Agent", ""))
            status, body = fixture.answer(self.path)
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout tests)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler
