"""Personal access tokens for the JSON API: create, revoke, and find the user behind one.

Plain functions with a keyword-only `session` (see docs/accounts.md "Personal access tokens").
A token is `cpat_` + 43 URL-safe characters (256 random bits). Only its SHA-256 is stored, so
the plain token is shown once, when it is made; the lookup is by that hash (an indexed
equality on a digest: nothing is compared character by character against a secret).

A token never grants more than its user's role: a viewer may hold only read tokens, and the
role is checked again at every request (campaign.accounts.guard), so demoting a user demotes
their tokens and deactivating a user stops them.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import Request
from sqlmodel import Session, col, select

from campaign import clock
from campaign.common.services import ServiceError
from campaign.models import ApiScope, ApiToken, User, UserRole

PREFIX = "cpat_"  # "campaign personal access token": recognisable in logs and secret scanners
PREFIX_LENGTH = 12  # what lists show: "cpat_" and the first 7 random characters
MAX_EXPIRES_DAYS = 3650
MAX_NAME_LENGTH = 100
LAST_USED_EVERY = timedelta(minutes=1)  # last_used_at is written at most once a minute


def hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def scope_allowed(role: UserRole, scope: ApiScope) -> bool:
    """A viewer changes nothing, so a viewer's token can only read."""
    return ApiScope(scope) == ApiScope.READ or UserRole(role) != UserRole.VIEWER


def create_token(
    session: Session,
    user: User,
    name: str,
    scope: ApiScope,
    expires_days: int | None = None,
    *,
    now: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token for `user`: the row and the plain token (shown once, never stored)."""
    name = (name or "").strip()
    if not name:
        raise ServiceError("Say what the token is for, e.g. “weekly figures script”.", field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise ServiceError(f"Use at most {MAX_NAME_LENGTH} characters.", field="name")
    if not user.is_active:
        raise ServiceError(f"The account for {user.email} is deactivated.", field="name")
    scope = ApiScope(scope)
    if not scope_allowed(user.role, scope):
        raise ServiceError(
            "A viewer’s token can only read: read and write needs the editor role.",
            field="scope",
        )
    if expires_days is not None and not 1 <= expires_days <= MAX_EXPIRES_DAYS:
        raise ServiceError(
            f"Enter a number of days from 1 to {MAX_EXPIRES_DAYS}, or leave it blank.",
            field="expires_days",
        )
    now = now or clock.now()
    plain = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        scope=scope,
        token_hash=hash_token(plain),
        prefix=plain[:PREFIX_LENGTH],
        created_at=now,
        expires_at=now + timedelta(days=expires_days) if expires_days else None,
    )
    session.add(token)
    session.flush()
    return token, plain


def revoke(session: Session, token: ApiToken, *, now: datetime | None = None) -> bool:
    """Revoke `token`; False when it already was (revoking twice changes nothing)."""
    if token.revoked_at is not None:
        return False
    token.revoked_at = now or clock.now()
    session.add(token)
    session.flush()
    return True


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too: they are the record)."""
    query = select(ApiToken).where(ApiToken.user_id == user.id)
    return list(
        session.exec(query.order_by(col(ApiToken.created_at).desc(), col(ApiToken.id).desc()))
    )


def token_of(session: Session, user: User, token_id: int) -> ApiToken | None:
    """The user's token with this id, or None (another user's token is not found)."""
    token = session.get(ApiToken, token_id)
    return token if token is not None and token.user_id == user.id else None


def state(token: ApiToken, *, now: datetime) -> str:
    """ "active", "expired" or "revoked", for lists."""
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"


@dataclass(frozen=True)
class TokenUse:
    user: User
    token: ApiToken


def user_for_token(session: Session, plain: str, *, now: datetime | None = None) -> TokenUse | None:
    """The user a presented token stands for, or None: an unknown, revoked or expired token,
    or a user who is deactivated. Notes the use (at most once a minute)."""
    if not plain.startswith(PREFIX) or len(plain) > 200:
        return None
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(plain))).first()
    now = now or clock.now()
    if token is None or state(token, now=now) != "active":
        return None
    user = session.get(User, token.user_id, populate_existing=True)
    if user is None or not user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        token.last_used_at = now
        session.add(token)
    return TokenUse(user=user, token=token)


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer …` header on an API request ("" when the header
    names Bearer but holds nothing), else None. Only the header counts: a token in the query
    string or the body is never read (it would end up in logs and browser history)."""
    if not request.path.startswith("/api/"):
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, credentials = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return credentials.strip()
