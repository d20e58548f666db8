"""Who may reach which endpoint: ONE table, checked before every request.

A route is protected by default: an endpoint that no rule names falls under the last rule
("*": signed in to read, editor to change anything). The rules are read top to bottom and the
first whose pattern matches the endpoint decides. `read` applies to GET, HEAD and OPTIONS;
`write` to every other method. docs/accounts.md shows the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import urlsplit

from flask import Flask, abort, g, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import Forbidden, Unauthorized

from campaign.accounts.tokens import bearer_token, user_for_token
from campaign.db import get_session
from campaign.models import ApiScope, UserRole

ANYONE = "anyone"  # no sign-in needed
VIEWER = UserRole.VIEWER
EDITOR = UserRole.EDITOR
ADMIN = UserRole.ADMIN
RANK = {UserRole.VIEWER: 1, UserRole.EDITOR: 2, UserRole.ADMIN: 3}
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Rule:
    endpoint: str  # an endpoint name or a glob ("deliveries.*")
    read: str
    write: str


RULES: tuple[Rule, ...] = (
    #    endpoint                 read     write
    Rule("static", ANYONE, ANYONE),
    Rule("health.*", ANYONE, ANYONE),
    Rule("accounts.login", ANYONE, ANYONE),
    Rule("accounts.reset_password", ANYONE, ANYONE),  # checks its own one-time signed token
    Rule("calendar.feed", ANYONE, ANYONE),  # checks its own secret token (404 without it)
    Rule("accounts.logout", VIEWER, VIEWER),  # anyone signed in: their own session
    Rule("accounts.sign_out_everywhere", VIEWER, VIEWER),  # and every other one of theirs
    Rule("accounts.password", VIEWER, VIEWER),  # and their own password
    Rule("accounts.tokens_*", VIEWER, VIEWER),  # and their own API tokens
    Rule("deliveries.*", ADMIN, ADMIN),  # the delivery log: recipients' addresses
    Rule("audit.*", ADMIN, ADMIN),  # the audit log: who did what, from which address
    Rule("calendar.regenerate", ADMIN, ADMIN),  # breaks every subscription
    Rule("accounts.users_*", ADMIN, ADMIN),  # user administration and reset links
    Rule("people.erase", ADMIN, ADMIN),  # erasing a person cannot be undone (docs/people.md)
    Rule("*", VIEWER, EDITOR),  # everything else: read when signed in, change as an editor
)


def rule_for(endpoint: str | None) -> Rule:
    """The first rule matching `endpoint`; an unknown URL (no endpoint) falls to the last."""
    for rule in RULES:
        if endpoint is not None and fnmatchcase(endpoint, rule.endpoint):
            return rule
    return RULES[-1]


def required(endpoint: str | None, method: str) -> str:
    rule = rule_for(endpoint)
    return rule.read if method in READ_METHODS else rule.write


def allows(role: UserRole, needed: str) -> bool:
    return needed == ANYONE or RANK[UserRole(role)] >= RANK[UserRole(needed)]


def may(endpoint: str, method: str = "POST") -> bool:
    """Whether the signed-in user may use `endpoint` with `method`, by the rules above: pages
    offer an action (an Edit or Archive button, a Change link) only to those it will work
    for. A template global: `may(views.endpoint('archive'))`."""
    user = current_user
    return bool(user.is_authenticated) and allows(user.role, required(endpoint, method))


def safe_next(target: str | None) -> str | None:
    """`target` if it is a path on this site ("/asks/x?y=1"), else None: never another host."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(c in target for c in "\r\n\\"):
        return None
    return target


def _here() -> str:
    return request.full_path if request.query_string else request.path


class BearerRefused(Unauthorized):
    """401 for a bad bearer token, saying so in `WWW-Authenticate` (RFC 6750)."""

    def __init__(self, description: str, error: str | None = "invalid_token"):
        super().__init__(description=description)
        self.bearer_error = error

    def get_headers(self, environ=None, scope=None):
        challenge = f'Bearer error="{self.bearer_error}"' if self.bearer_error else "Bearer"
        return [*super().get_headers(environ, scope), ("WWW-Authenticate", challenge)]


class InsufficientScope(Forbidden):
    def get_headers(self, environ=None, scope=None):
        challenge = 'Bearer error="insufficient_scope"'
        return [*super().get_headers(environ, scope), ("WWW-Authenticate", challenge)]


def _authenticate_bearer(plain: str) -> None:
    """An API request with `Authorization: Bearer …` is authenticated by that token alone
    (never by a session cookie it may also carry), for this request only: nothing is put in
    the session, so no cookie is set. CSRF is not checked for it (campaign.extensions)."""
    use = user_for_token(get_session(), plain) if plain else None
    if use is None:
        raise BearerRefused("The access token is unknown, revoked or expired.")
    g._login_user = use.user
    g.api_token = use.token
    if request.method not in READ_METHODS and use.token.scope != ApiScope.READ_WRITE:
        raise InsufficientScope(description="This token can only read (insufficient_scope).")


def _check():
    # Flask-Login caches the user in `g`, which outlives a request when an app context was
    # already pushed (tests do); each request must load its own user from its own session.
    g.pop("_login_user", None)
    g.pop("api_token", None)
    plain = bearer_token(request)
    if plain is not None:
        _authenticate_bearer(plain)
    needed = required(request.endpoint, request.method)
    if needed == ANYONE:
        return None
    if not current_user.is_authenticated:
        if request.path.startswith("/api/"):
            raise BearerRefused("Sign in, or send an API token, to use the API.", error=None)
        return redirect(url_for("accounts.login", next=_here()))
    if not allows(current_user.role, needed):
        abort(403, description=f"This needs the {UserRole(needed).label.lower()} role.")
    return None


def init_app(app: Flask) -> None:
    # Registered before the other areas' hooks, so nothing runs for a request refused here.
    app.before_request(_check)
