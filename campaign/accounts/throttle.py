"""Sign-in throttling with Flask-Limiter, instead of locking accounts (docs/accounts.md).

Only refused sign-ins (401) count, in three moving windows, each a setting:

- per client address AND account typed (`SIGN_IN_LIMIT_PER_ADDRESS_AND_ACCOUNT`, 5 per 15
  minutes): someone guessing from one place is stopped, while the account's holder signing in
  from anywhere else is not;
- per client address (`SIGN_IN_LIMIT_PER_ADDRESS`, 30 per hour): one place trying many
  accounts;
- per account (`SIGN_IN_LIMIT_PER_ACCOUNT`, 50 per hour), from browsers that have not signed
  in to that account before: guessing spread over many addresses. A browser that has signed in
  to the account (it holds a "known browser" cookie for it) is exempt, so even a flood from
  many addresses does not keep the holder out of their own account.

A throttled attempt is answered 429 with `Retry-After`, before any password is checked, with
the same message whether or not the address has an account (the keys are the address typed,
not the account). The client address is `request.remote_addr`, which is the client's own only
behind `TRUSTED_PROXIES` correctly set (campaign/security.py).

Counters live in `RATELIMIT_STORAGE_URI`: `memory://` (the default) keeps them in each web
worker process, so with `WEB_WORKERS` workers an address may get up to that many times each
limit, and a restart forgets them; `redis://…` shares them between workers and restarts.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from collections.abc import Callable

from flask import Flask, Response, current_app, render_template, request
from flask_limiter import Limit, RateLimitExceeded

from campaign.accounts.services import normalise_email
from campaign.extensions import limiter
from campaign.security import cookie_secure

LIMIT_SETTINGS = (
    "SIGN_IN_LIMIT_PER_ADDRESS_AND_ACCOUNT",
    "SIGN_IN_LIMIT_PER_ADDRESS",
    "SIGN_IN_LIMIT_PER_ACCOUNT",
)
KNOWN_BROWSER_COOKIE = "known_browser"
KNOWN_BROWSER_DAYS = 365
KNOWN_BROWSER_ACCOUNTS = 5  # a shared computer remembers the last five accounts signed in
_SALT = b"campaign.accounts.sign-in-throttle"


def throttled_message(seconds: int) -> str:
    """The one message for every throttled attempt: it says nothing about the account."""
    minutes = max(1, math.ceil(seconds / 60))
    return (
        "Too many failed sign-in attempts. Wait "
        f"{minutes} minute{'s' if minutes != 1 else ''} and try again, or ask an administrator "
        "for a password reset link."
    )


def account_key(email: str) -> str:
    """A keyed digest of the e-mail address typed: the counters and the known-browser cookie
    never hold the address itself."""
    key = _SALT + current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, normalise_email(email).encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def client_address() -> str:
    return request.remote_addr or "unknown"


def _typed_account() -> str:
    return account_key(request.form.get("email", ""))


def _address_and_account() -> str:
    return f"{client_address()}/{_typed_account()}"


def _refused(response: Response) -> bool:
    return response.status_code == 401


def _known_accounts() -> list[str]:
    return [k for k in request.cookies.get(KNOWN_BROWSER_COOKIE, "").split(".") if k]


def is_known_browser() -> bool:
    """Whether this browser has signed in to the account typed before."""
    typed = _typed_account()
    return any(secrets.compare_digest(typed, known) for known in _known_accounts())


def remember_browser(response: Response, email: str) -> Response:
    """After a sign-in: this browser is known for the account (exempt from its account-wide
    limit). The cookie grants nothing else: it is not a session."""
    key = account_key(email)
    keys = [key, *(k for k in _known_accounts() if k != key)][:KNOWN_BROWSER_ACCOUNTS]
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        ".".join(keys),
        max_age=KNOWN_BROWSER_DAYS * 24 * 3600,
        path="/login",
        httponly=True,
        samesite="Lax",
        secure=cookie_secure(current_app.config.get("SESSION_COOKIE_SECURE", "auto")),
    )
    return response


def _setting(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def sign_in_limits(view):
    """Decorate the sign-in view with the three limits (POST only; only refusals count)."""
    common = {"methods": ["POST"], "deduct_when": _refused}
    view = limiter.limit(
        _setting("SIGN_IN_LIMIT_PER_ACCOUNT"),
        key_func=_typed_account,
        exempt_when=is_known_browser,
        scope="account",
        **common,
    )(view)
    view = limiter.limit(
        _setting("SIGN_IN_LIMIT_PER_ADDRESS"), key_func=client_address, scope="address", **common
    )(view)
    return limiter.limit(
        _setting("SIGN_IN_LIMIT_PER_ADDRESS_AND_ACCOUNT"),
        key_func=_address_and_account,
        scope="address-and-account",
        **common,
    )(view)


def retry_after() -> int:
    """Seconds until the breached limit lets another attempt through (at least 1)."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    # Never more than the limit's own window: reset_at and the clock are rounded separately,
    # which can otherwise give one second over (16 minutes said for a 15-minute window).
    window = breached.limit.get_expiry()
    return max(1, min(window, breached.reset_at - int(time.time())))


def _throttled(error: RateLimitExceeded):
    from campaign.accounts.forms import LoginForm
    from campaign.audit import record
    from campaign.models import AuditKind

    seconds = retry_after()
    headers = {"Retry-After": str(seconds)}
    if request.endpoint != "accounts.login":
        return render_template("errors/error.html", error=error), 429, headers
    record(
        AuditKind.SIGN_IN_FAILED,
        email=normalise_email(request.form.get("email", "")),
        detail={"throttled": True},
    )
    form = LoginForm()
    form.password.data = ""
    form.form_errors.append(throttled_message(seconds))
    return render_template("accounts/login.html", form=form), 429, headers


def check_settings(config) -> None:
    """Refuse to start with a limit that does not parse, naming the setting."""
    for name in LIMIT_SETTINGS:
        value = config.get(name)
        try:  # parsed as the decorator will (which would skip a bad limit with a log line)
            parsed = list(Limit(value, key_function=str)) if isinstance(value, str) else []
        except ValueError:
            parsed = []
        if not parsed:
            raise ValueError(
                f"{name}={value!r} is not a rate limit: write it like '5 per 15 minutes'."
            )


def init_app(app: Flask) -> None:
    check_settings(app.config)
    app.register_error_handler(RateLimitExceeded, _throttled)
