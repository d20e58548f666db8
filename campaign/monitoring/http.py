"""HTTP for the monitoring sources: a polite, patient client over urllib.

- **Polite:** one request at a time per client, at least `interval` seconds apart
  (MONITOR_REQUEST_INTERVAL), with a User-Agent that names the app.
- **Patient:** a timeout per request (MONITOR_TIMEOUT_SECONDS); a 5xx answer, a 429, a
  timeout or a broken connection is retried `retries` times with backoff (b, 2b, 4b …, or the
  server's Retry-After when it sends one, up to MAX_RETRY_AFTER); anything else fails at once.
- **Conditional:** `get(..., etag=, last_modified=)` sends If-None-Match / If-Modified-Since;
  a 304 answer comes back as `Fetched(not_modified=True)`.

A failure is a `FetchError` whose message names the URL and what went wrong ("HTTP 503"): the
pass records it as a gap on the health page. No database here.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.client import HTTPException
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import OpenerDirector, Request, build_opener

USER_AGENT = "Campaign (policy-advocacy tracker; monitoring inbox)"
TIMEOUT_SECONDS = 20.0
RETRIES = 3
BACKOFF_SECONDS = 2.0
INTERVAL_SECONDS = 0.5  # between two requests to the same source
MAX_RETRY_AFTER = 120.0
MAX_BYTES = 20 * 1024 * 1024  # an answer larger than this is refused, not read into memory


class FetchError(Exception):
    """A request that failed (after its retries): the message is shown on the health page."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Fetched:
    url: str
    status: int = 200
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    not_modified: bool = False

    @property
    def etag(self) -> str:
        return self.headers.get("ETag", "") or ""

    @property
    def last_modified(self) -> str:
        return self.headers.get("Last-Modified", "") or ""

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError as error:
            raise FetchError(f"{self.url} did not answer JSON") from error


def with_params(url: str, params: Mapping[str, Any] | None) -> str:
    """`url` with `params` added (a list value repeats its name: `a=1&a=2`)."""
    if not params:
        return url
    query = urlencode(
        [(k, v) for k, v in params.items() if v is not None and not isinstance(v, list | tuple)]
        + [(k, item) for k, v in params.items() if isinstance(v, list | tuple) for item in v]
    )
    return url + ("&" if "?" in url else "?") + query


class HttpClient:
    """GETs under `base_url` (or absolute URLs, for feeds). `sleep` and `monotonic` are
    injectable so tests never wait for a backoff."""

    def __init__(
        self,
        base_url: str = "",
        *,
        timeout: float = TIMEOUT_SECONDS,
        retries: int = RETRIES,
        backoff: float = BACKOFF_SECONDS,
        interval: float = INTERVAL_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        opener: OpenerDirector | None = None,
        user_agent: str = USER_AGENT,
    ) -> None:
        if base_url and not base_url.startswith(("https://", "http://")):
            raise ValueError(f"a source's base URL must be an http(s) URL, not {base_url!r}")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.interval = interval
        self.user_agent = user_agent
        self._sleep = sleep
        self._monotonic = monotonic
        self._opener = opener or build_opener()
        self._lock = threading.Lock()
        self._last_request: float | None = None
        self.requests = 0  # requests sent, retries included

    def url_for(self, path_or_url: str, params: Mapping[str, Any] | None = None) -> str:
        url = path_or_url if "://" in path_or_url else self.base_url + path_or_url
        if not url.startswith(("https://", "http://")):
            raise FetchError(f"not an http(s) URL: {url!r}")
        return with_params(url, params)

    def _wait_turn(self) -> None:
        if self._last_request is not None and self.interval > 0:
            wait = self._last_request + self.interval - self._monotonic()
            if wait > 0:
                self._sleep(wait)
        self._last_request = self._monotonic()

    def get(
        self,
        path_or_url: str,
        params: Mapping[str, Any] | None = None,
        *,
        accept: str = "application/json",
        etag: str = "",
        last_modified: str = "",
    ) -> Fetched:
        url = self.url_for(path_or_url, params)
        headers = {"User-Agent": self.user_agent, "Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = Request(url, headers=headers)  # noqa: S310  # http(s) only: see url_for
        failure, status, status_wait = "", None, None
        with self._lock:
            for attempt in range(self.retries + 1):
                if attempt:
                    self._sleep(self._retry_wait(attempt, status_wait))
                status_wait = None
                self._wait_turn()
                self.requests += 1
                try:
                    with self._opener.open(request, timeout=self.timeout) as response:
                        body = response.read(MAX_BYTES + 1)
                        if len(body) > MAX_BYTES:
                            raise FetchError(f"{url} answered more than {MAX_BYTES} bytes")
                        return Fetched(url, response.status, body, dict(response.headers.items()))
                except HTTPError as error:
                    status = error.code
                    retry_after = error.headers.get("Retry-After") if error.headers else None
                    response_headers = dict(error.headers.items()) if error.headers else {}
                    error.close()
                    if error.code == 304:
                        return Fetched(url, 304, b"", response_headers, not_modified=True)
                    if error.code < 500 and error.code != 429:
                        message = f"{url} answered HTTP {error.code}"
                        raise FetchError(message, status=status) from error
                    failure = f"HTTP {error.code}"
                    status_wait = _seconds(retry_after)
                    continue
                except TimeoutError:
                    failure, status = f"no answer within {self.timeout:g} s", None
                except URLError as error:
                    status = None
                    if isinstance(error.reason, TimeoutError):
                        failure = f"no answer within {self.timeout:g} s"
                    else:
                        failure = f"could not connect ({error.reason})"
                except (ConnectionError, HTTPException) as error:
                    failure, status = f"the connection broke ({error!r})", None
        tries = self.retries + 1
        raise FetchError(f"{url}: {failure} (tried {tries} time{'s' * (tries > 1)})", status=status)

    def get_json(self, path_or_url: str, params: Mapping[str, Any] | None = None, **kw) -> Any:
        return self.get(path_or_url, params, **kw).json()

    def _retry_wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, MAX_RETRY_AFTER)
        return self.backoff * 2 ** (attempt - 1)


def _seconds(value: str | None) -> float | None:
    """Retry-After in seconds (its HTTP-date form is not used by these APIs: ignored)."""
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None
