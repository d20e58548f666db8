"""A local HTTP server for the monitoring sources' tests: each source is mounted under its own
prefix (http://127.0.0.1:PORT/<prefix>), and answers from a handler that builds the reply from
recorded responses in the API's real shape. No test reaches the network.

    server = RecordedServer()
    server.mount("wq", questions_handler)           # handler(request) -> Reply
    with server.running() as base:                  # "http://127.0.0.1:PORT"
        client = HttpClient(f"{base}/wq")
        server.fail("wq", [503, 503])              # the next two requests answer 503
        server.stall("wq", 2.0)                     # every answer waits 2 s (timeouts)

Every request is logged (`server.requests`) with its path, query and headers, so a test can
check what was asked (paging, If-None-Match, the since-date).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    prefix: str
    path: str  # after the prefix, "/api/writtenquestions/questions"
    query: dict[str, list[str]]
    headers: dict[str, str]

    def arg(self, name: str, default: str | None = None) -> str | None:
        """A query parameter's (first) value, matched case-insensitively like ASP.NET does."""
        for key, values in self.query.items():
            if key.lower() == name.lower() and values:
                return values[0]
        return default

    def args(self, name: str) -> list[str]:
        return [
            v for key, values in self.query.items() if key.lower() == name.lower() for v in values
        ]


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[Request], Reply]


@dataclass
class RecordedServer:
    handlers: dict[str, Handler] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    failures: dict[str, list[int]] = field(default_factory=dict)
    stalls: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def mount(self, prefix: str, handler: Handler) -> None:
        self.handlers[prefix.strip("/")] = handler

    def fail(self, prefix: str, statuses: list[int]) -> None:
        """The next len(statuses) requests under `prefix` answer these statuses (in order)."""
        with self.lock:
            self.failures.setdefault(prefix, []).extend(statuses)

    def stall(self, prefix: str, seconds: float) -> None:
        """Every answer under `prefix` waits `seconds` first (0 to stop)."""
        with self.lock:
            self.stalls[prefix] = seconds

    def requests_to(self, prefix: str) -> list[Request]:
        with self.lock:
            return [r for r in self.requests if r.prefix == prefix]

    def reply(self, raw_path: str, headers: dict[str, str]) -> tuple[Reply, float]:
        parts = urlsplit(raw_path)
        prefix, _, rest = parts.path.lstrip("/").partition("/")
        request = Request(prefix, "/" + rest, parse_qs(parts.query), headers)
        with self.lock:
            self.requests.append(request)
            handler = self.handlers.get(prefix)
            queued = self.failures.get(prefix)
            failure = queued.pop(0) if queued else None
            stall = self.stalls.get(prefix, 0.0)
        if handler is None:
            return Reply(404, '{"error": "no such source"}'), stall
        if failure is not None:
            return Reply(failure, '{"error": "recorded failure"}'), stall
        return handler(request), stall

    @contextmanager
    def running(self) -> Iterator[str]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802  (http.server's name)
                reply, stall = server.reply(self.path, dict(self.headers.items()))
                if stall:
                    time.sleep(stall)
                body = reply.body.encode() if isinstance(reply.body, str) else reply.body
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args) -> None:
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        httpd.daemon_threads = True
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}"
        finally:
            httpd.shutdown()
            httpd.server_close()
            thread.join(timeout=5)
