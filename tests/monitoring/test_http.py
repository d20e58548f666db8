"""The monitoring sources' HTTP client against a local server: retries with backoff, the
server's Retry-After, timeouts, conditional requests, the polite interval."""

import json

import pytest

from campaign.monitoring.http import FetchError, HttpClient, with_params
from tests.support.recorded_server import RecordedServer, Reply


@pytest.fixture
def server():
    server = RecordedServer()
    server.mount("api", lambda request: Reply(body=json.dumps({"path": request.path})))

    def conditional(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Reply(304, b"")
        return Reply(
            body=b"{}", headers={"ETag": '"v1"', "Last-Modified": "Mon, 07 Dec 2026 09:00:00 GMT"}
        )

    server.mount("feed", conditional)
    server.mount("slow", lambda request: Reply(body=b"{}"))
    with server.running() as base:
        server.base = base
        yield server


def client(base, **options):
    waits = []
    options.setdefault("interval", 0)
    made = HttpClient(
        base, timeout=options.pop("timeout", 5), backoff=1, sleep=waits.append, **options
    )
    return made, waits


def test_a_5xx_is_retried_with_backoff_then_answers(server):
    http, waits = client(f"{server.base}/api")
    server.fail("api", [503, 502])
    assert http.get_json("/x", {"q": "online safety"}) == {"path": "/x"}
    assert waits == [1, 2]
    assert http.requests == 3
    assert server.requests_to("api")[-1].query == {"q": ["online safety"]}


def test_retry_after_is_honoured_for_a_429(server):
    def limited(request, calls=[]):  # noqa: B006  (counts calls)
        calls.append(1)
        if len(calls) == 1:
            return Reply(429, b"", headers={"Retry-After": "7"})
        return Reply(body=b"[]")

    server.mount("limited", limited)
    http, waits = client(f"{server.base}/limited")
    assert http.get_json("/") == []
    assert waits == [7.0]


def test_a_source_that_keeps_failing_names_the_url_and_the_status(server):
    http, waits = client(f"{server.base}/api", retries=2)
    server.fail("api", [503, 503, 503])
    with pytest.raises(FetchError, match=r"/api/x: HTTP 503 \(tried 3 times\)") as raised:
        http.get("/x")
    assert raised.value.status == 503
    assert waits == [1, 2]


def test_a_4xx_fails_at_once(server):
    http, waits = client(f"{server.base}/api")
    server.fail("api", [422])
    with pytest.raises(FetchError, match="answered HTTP 422"):
        http.get("/x")
    assert waits == []


def test_a_slow_answer_is_a_timeout(server):
    http, _ = client(f"{server.base}/slow", timeout=0.2, retries=1)
    server.stall("slow", 1.0)
    with pytest.raises(FetchError, match=r"no answer within 0.2 s \(tried 2 times\)"):
        http.get("/")


def test_nobody_listening_is_a_connection_failure():
    http, _ = client("http://127.0.0.1:9", retries=0)
    with pytest.raises(FetchError, match="could not connect"):
        http.get("/")


def test_conditional_requests_send_the_validators_and_read_a_304(server):
    http, _ = client(f"{server.base}/feed")
    first = http.get("/")
    assert (first.etag, first.last_modified) == ('"v1"', "Mon, 07 Dec 2026 09:00:00 GMT")
    again = http.get("/", etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.status == 304
    sent = server.requests_to("feed")[-1].headers
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Mon, 07 Dec 2026 09:00:00 GMT"
    assert "Campaign" in sent["User-Agent"]


def test_requests_are_spaced_by_the_interval(server):
    waits, now = [], [100.0]
    http = HttpClient(
        f"{server.base}/api", interval=0.5, sleep=waits.append, monotonic=lambda: now[0]
    )
    http.get("/a")
    http.get("/b")
    assert waits == [0.5]


def test_an_answer_that_is_not_json_is_a_fetch_error(server):
    server.mount("html", lambda request: Reply(body="<html>", content_type="text/html"))
    http, _ = client(f"{server.base}/html")
    with pytest.raises(FetchError, match="did not answer JSON"):
        http.get_json("/")


def test_only_http_urls_are_fetched():
    with pytest.raises(ValueError, match="http"):
        HttpClient("file:///etc/passwd")
    with pytest.raises(FetchError, match="not an http"):
        HttpClient().get("ftp://example.org/x")


def test_list_parameters_repeat_their_name():
    assert with_params("https://x.test/a", {"b": [1, 2], "c": None, "d": "e f"}) == (
        "https://x.test/a?d=e+f&b=1&b=2"
    )
