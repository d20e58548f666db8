"""gunicorn's access log through campaign.serving.access_log.RedactingLogger: the secrets in a
password reset link and a calendar feed URL never reach a log line."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from campaign.serving.access_log import REDACTED, RedactingLogger, redact

RESET_TOKEN = "WzEsImFiY2RlZiJd.aBcDeF.q1w2e3r4t5y6u7i8o9p0"
CALENDAR_TOKEN = "Zk3v9Qx_7yLm2NpR8sT4uW6a"


@pytest.fixture
def access_log(tmp_path):
    return tmp_path / "access.log"


@pytest.fixture
def logger(access_log):
    cfg = Config()
    cfg.set("accesslog", str(access_log))
    made = RedactingLogger(cfg)
    yield made
    for log in (made.error_log, made.access_log):  # gunicorn's loggers are global
        for handler in list(log.handlers):
            log.removeHandler(handler)
            handler.close()


def environ_for(raw_uri: str, *, referer: str = "-", **extra: str) -> dict[str, str]:
    path, _, query = raw_uri.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "RAW_URI": raw_uri,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "pytest",
        **extra,
    }


def atoms_for(logger, environ, request_headers=()):
    response = SimpleNamespace(status="200 OK", headers=(), sent=123)
    request = SimpleNamespace(headers=list(request_headers))
    return logger.atoms(response, request, environ, timedelta(milliseconds=5))


def test_a_reset_links_token_is_in_no_atom(logger):
    atoms = atoms_for(
        logger,
        environ_for(f"/reset/{RESET_TOKEN}"),
        request_headers=[("REFERER", f"http://127.0.0.1:5000/reset/{RESET_TOKEN}")],
    )
    assert atoms["r"] == f"GET /reset/{REDACTED} HTTP/1.1"
    assert atoms["U"] == f"/reset/{REDACTED}"
    assert not any(RESET_TOKEN in str(value) for value in atoms.values())


def test_a_calendar_feeds_token_is_in_no_atom(logger):
    atoms = atoms_for(
        logger,
        environ_for(f"/calendar.ics?token={CALENDAR_TOKEN}&ask=online-safety"),
        request_headers=[("AUTHORIZATION", "Bearer cmp_secret"), ("COOKIE", "session=abc")],
    )
    assert atoms["r"] == f"GET /calendar.ics?token={REDACTED}&ask=online-safety HTTP/1.1"
    assert atoms["q"] == f"token={REDACTED}&ask=online-safety"
    assert atoms["{authorization}i"] == atoms["{cookie}i"] == REDACTED
    assert not any(
        secret in str(value)
        for value in atoms.values()
        for secret in (CALENDAR_TOKEN, "cmp_secret", "session=abc")
    )


def test_the_access_log_line_has_no_token(logger, access_log):
    # The reset page's own request for its style sheet names the page in its Referer.
    environ = environ_for("/static/app.css", referer=f"http://127.0.0.1:5000/reset/{RESET_TOKEN}")
    response = SimpleNamespace(status="200 OK", headers=(), sent=10)
    logger.access(response, SimpleNamespace(headers=()), environ, timedelta(milliseconds=5))
    environ = environ_for(f"/calendar.ics?token={CALENDAR_TOKEN}")
    logger.access(response, SimpleNamespace(headers=()), environ, timedelta(milliseconds=5))

    lines = access_log.read_text().splitlines()
    assert len(lines) == 2
    assert f'"http://127.0.0.1:5000/reset/{REDACTED}"' in lines[0]
    assert f'"GET /calendar.ics?token={REDACTED} HTTP/1.1" 200 10' in lines[1]
    assert RESET_TOKEN not in lines[0] and CALENDAR_TOKEN not in lines[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GET /asks/online-safety?page=2 HTTP/1.1", "GET /asks/online-safety?page=2 HTTP/1.1"),
        ("/reset/abc.def", f"/reset/{REDACTED}"),
        ("/reset/abc.def?x=1", f"/reset/{REDACTED}?x=1"),
        # The app routes a percent-encoded path or name the same way: caught, shown decoded.
        ("/%72eset/abc.def", f"/reset/{REDACTED}"),
        ("/calendar.ics?t%6Fken=abc", f"/calendar.ics?token={REDACTED}"),
        ("ask=x&TOKEN=abc;y=2", f"ask=x&TOKEN={REDACTED};y=2"),
        ("/api?access_token=abc&api_key=def", f"/api?access_token={REDACTED}&api_key={REDACTED}"),
        ("/search?q=token", "/search?q=token"),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected
