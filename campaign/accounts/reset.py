"""One-time password reset links, issued by an admin (never e-mailed in this slice).

A token is signed with the app's SECRET_KEY and a salt (itsdangerous) and carries the user's
id and a fingerprint of their current password hash, so it stops working as soon as any
password is set for that user: the link that was used, and every other link issued before it.
It expires after RESET_LINK_HOURS. Time comes in as `now`, so tests inject it.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer
from sqlmodel import Session

from campaign.accounts import services, sessions
from campaign.models import User

SALT = "campaign.accounts.password-reset"
# The one message for every unusable link: it never says which check failed.
LINK_REFUSED = (
    "This link cannot be used. Links work once and expire; ask an administrator for a new one."
)


class ResetLinkError(Exception):
    """The token is tampered with, expired, used, or for an account that cannot use it."""


def fingerprint(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[-16:]


def _serializer(secret_key: str, now: datetime) -> URLSafeTimedSerializer:
    timestamp = int(now.timestamp())

    class _SignerAt(TimestampSigner):
        def get_timestamp(self) -> int:
            return timestamp

    return URLSafeTimedSerializer(secret_key, salt=SALT, signer=_SignerAt)


def make_token(user: User, *, secret_key: str, now: datetime) -> str:
    return _serializer(secret_key, now).dumps([user.id, fingerprint(user.password_hash)])


def reset_url(token: str, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/reset/{token}"


def user_for_token(
    *, session: Session, token: str, secret_key: str, max_age_hours: int, now: datetime
) -> User:
    """The account the token is for, or ResetLinkError (deliberately without a reason)."""
    try:
        user_id, print_ = _serializer(secret_key, now).loads(token, max_age=max_age_hours * 3600)
    except (BadSignature, ValueError, TypeError):  # SignatureExpired is a BadSignature
        raise ResetLinkError from None
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if (
        user is None
        or not user.is_active
        or not isinstance(print_, str)
        or not secrets.compare_digest(print_, fingerprint(user.password_hash))
    ):
        raise ResetLinkError
    return user


def reset_password(
    *,
    session: Session,
    token: str,
    new_password: str,
    secret_key: str,
    max_age_hours: int,
    now: datetime,
) -> User:
    """Set the password the link's holder chose; the link (and any older one) is then used up,
    and every session of the account ends (whoever had it signs in again)."""
    user = user_for_token(
        session=session, token=token, secret_key=secret_key, max_age_hours=max_age_hours, now=now
    )
    services.set_password(user, new_password)
    sessions.end_all(session=session, user=user)
    return user
