"""Typed settings read from the environment (and `.env`); every key is listed in `.env.example`."""

from __future__ import annotations

import logging
import os
import secrets
import socket
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Addresses that mean "every interface": listening on one says nothing about the URL to use.
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::"})  # noqa: S104  # nosec B104  # recognised, not bound

log = logging.getLogger(__name__)


def _default_database_url() -> str:
    # An absolute path: a relative SQLite path would follow the process's working directory.
    return f"sqlite:///{PROJECT_ROOT / 'instance' / 'campaign.db'}"


def url_host(host: str) -> str:
    """`host` as written in a URL or a gunicorn bind address: an IPv6 address in brackets."""
    bare = host.strip("[]")
    return f"[{bare}]" if ":" in bare else bare


def default_base_url(host: str, port: int) -> str:
    """PUBLIC_BASE_URL when it is not set: the address the server listens on; for a wildcard
    address (every interface), this machine's host name."""
    if host.strip("[]") in WILDCARD_HOSTS:
        host = socket.gethostname()
    return f"http://{url_host(host)}:{port}"


@dataclass(frozen=True)
class Settings:
    SECRET_KEY: str = ""
    DATABASE_URL: str = field(default_factory=_default_database_url)
    # Empty: http://HOST:PORT, where the server listens (see default_base_url).
    PUBLIC_BASE_URL: str = ""
    PER_PAGE: int = 25
    MAX_CONTENT_LENGTH: int = 5 * 1024 * 1024
    SQL_ECHO: bool = False
    # Reminders
    REMINDER_OFFSETS: str = "28,7,1"
    REMINDERS_TO: str = ""
    REMINDER_HOUR: int = 9
    DELIVERY_MAX_ATTEMPTS: int = 5
    DELIVERY_RETRY_SECONDS: int = 60
    DELIVERY_CLAIM_SECONDS: int = 900
    SCHEDULER_RESYNC_SECONDS: int = 60
    # E-mail (SMTP). No SMTP_HOST: e-mails are written to the log instead.
    SMTP_HOST: str = ""
    SMTP_PORT: int = 587
    SMTP_SECURITY: str = "starttls"
    SMTP_USERNAME: str = ""
    SMTP_PASSWORD: str = ""
    SMTP_TIMEOUT: int = 10
    MAIL_FROM: str = "Campaign <campaign@localhost>"
    # Briefing packs: generated in background threads in the web process.
    PACK_WORKERS: int = 2
    PACK_TIMEOUT_SECONDS: int = 600
    PACK_HEARTBEAT_SECONDS: int = 15
    # Claim checks: a figure dated more than this many days before today is flagged out of date.
    STATISTIC_MAX_AGE_DAYS: int = 1095
    # FOI returns imports (docs/returns.md)
    RETURNS_MAX_BYTES: int = 5 * 1024 * 1024
    RETURNS_UPLOAD_FOLDER: str = ""
    # What a figure cell may say instead of a number (comma-separated, any case): zero, no
    # data, a suppressed small number, and the range a suppressed marker stands for.
    RETURNS_NIL_MARKERS: str = "nil,none,-"
    RETURNS_NO_DATA_MARKERS: str = "no data,not recorded,not held,n/a,na,not available,[x],[z]"
    RETURNS_SUPPRESSED_MARKERS: str = "*,[c]"
    RETURNS_SUPPRESSED_RANGE: str = "0-4"
    # Accounts: how long an admin-issued password reset link works (docs/accounts.md)
    RESET_LINK_HOURS: int = 48
    # Hardening (docs/accounts.md): cookies Secure "auto" (when the request is HTTPS), "true"
    # or "false"; how many reverse proxies' X-Forwarded-* headers to believe (0 = none).
    SESSION_COOKIE_SECURE: str = "auto"
    TRUSTED_PROXIES: int = 0
    # Strict-Transport-Security on HTTPS responses: seconds browsers keep to HTTPS (0 = none).
    HSTS_MAX_AGE: int = 31536000
    # Sign-in throttling (docs/accounts.md): refused sign-ins allowed per window, as
    # Flask-Limiter limits; where the counters live (memory:// = per worker process).
    SIGN_IN_LIMIT_PER_ADDRESS_AND_ACCOUNT: str = "5 per 15 minutes"
    SIGN_IN_LIMIT_PER_ADDRESS: str = "30 per hour"
    SIGN_IN_LIMIT_PER_ACCOUNT: str = "50 per hour"
    RATELIMIT_STORAGE_URI: str = "memory://"
    BUNDLE_MAX_BYTES: int = 5 * 1024 * 1024
    # UK Parliament Members API (flask sync-members; docs/members-api.md): its base URL.
    PARLIAMENT_MEMBERS_API_URL: str = "https://members-api.parliament.uk"
    # The scheduler's weekly `sync-members` job: its day (mon … sun); empty = off (the default).
    MEMBERS_SYNC_WEEKDAY: str = ""
    # The monitoring inbox (issue 19, docs/monitoring.md): each source's base URL ...
    PARLIAMENT_QUESTIONS_API_URL: str = "https://questions-statements-api.parliament.uk"
    HANSARD_API_URL: str = "https://hansard-api.parliament.uk"
    BILLS_API_URL: str = "https://bills-api.parliament.uk"
    COMMITTEES_API_URL: str = "https://committees-api.parliament.uk"
    GOVUK_API_URL: str = "https://www.gov.uk"
    # ... how often the scheduler checks them (minutes; 0 = only `flask monitor --once`), how
    # far back a new watch looks (days), when the daily digest goes (hour, UK time), and how
    # politely: seconds to wait for an answer, retries, milliseconds between two requests.
    MONITOR_INTERVAL_MINUTES: int = 60
    MONITOR_FIRST_DAYS: int = 7
    MONITOR_DIGEST_HOUR: int = 7
    MONITOR_TIMEOUT_SECONDS: int = 20
    MONITOR_RETRIES: int = 3
    MONITOR_REQUEST_INTERVAL_MS: int = 500
    # Serving with gunicorn (`make run`, docs/deploy.md): where it listens, how many worker
    # processes, and how many threads each (requests served at once = workers × threads).
    HOST: str = "127.0.0.1"
    PORT: int = 5000
    WEB_WORKERS: int = 2
    WEB_THREADS: int = 4

    @classmethod
    def from_env(cls, environ: os._Environ[str] | dict[str, str] | None = None) -> Settings:
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}  # each parsed to its field's type below
        for f in fields(cls):
            raw = environ.get(f.name)
            if raw is None or raw == "":
                continue
            if f.type == "int":
                values[f.name] = int(raw)
            elif f.type == "bool":
                values[f.name] = raw.strip().lower() in {"1", "true", "yes", "on"}
            else:
                values[f.name] = raw
        settings = cls(**values)
        if not settings.PUBLIC_BASE_URL:
            values["PUBLIC_BASE_URL"] = default_base_url(settings.HOST, settings.PORT)
        if not settings.SECRET_KEY:
            # No secret configured: a random one per process keeps sessions safe, at the cost of
            # signing everyone out on restart. `make run` keeps one in .env; production sets it.
            log.warning(
                "SECRET_KEY is not set: using a random key for this process only. Sessions end "
                "when it stops, and links made by another process (flask reset-link) are "
                "refused. `make run` generates one in .env; see docs/deploy.md."
            )
            values["SECRET_KEY"] = secrets.token_hex(32)
        return cls(**values)

    def as_flask_config(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
