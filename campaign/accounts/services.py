"""Accounts: create users, set passwords (argon2), and check a sign-in.

Plain functions with a keyword-only `session`; they never commit. A sign-in does the same
password-hash work whatever its outcome and gives no reason for a refusal, so neither the answer
nor its timing tells whether an address has an account. Repeated failures are throttled by the
sign-in view (campaign/accounts/throttle.py), not by locking the account: nobody can lock
someone else out by failing on purpose.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, func, select

from campaign.accounts import sessions
from campaign.common.services import ServiceError
from campaign.models import User, UserRole

MIN_PASSWORD_LENGTH = 12
# One message for every refusal: it never says whether the e-mail address has an account, or
# whether that account is deactivated.
SIGN_IN_REFUSED = "Those details were not recognised. Check the e-mail address and the password."

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Verified against when there is no usable account (unknown address, deactivated account,
    no password set), so every refusal costs the same argon2 work as a wrong password. Made on
    first use, not at import: every process (each `flask` command) would pay for it."""
    return _hasher.hash("not a password anyone has")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ServiceError(f"Use at least {MIN_PASSWORD_LENGTH} characters.", field="new_password")


def set_password(user: User, password: str) -> None:
    check_new_password(password)
    user.password_hash = _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    """Whether `password` matches; always one full argon2 verification, even when the stored
    hash is not an argon2 hash (an account that has no password yet)."""
    try:
        return _hasher.verify(password_hash, password)
    except VerificationError:
        return False
    except InvalidHashError:
        _verify(_dummy_hash(), password)
        return False


def password_matches(user: User, password: str) -> bool:
    return _verify(user.password_hash, password)


def create_user(
    *,
    session: Session,
    email: str,
    role: UserRole,
    password: str,
    name: str = "",
    clearance: bool = False,
) -> User:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise ServiceError("Enter an e-mail address.", field="email")
    if find_user(session, email) is not None:
        raise ServiceError(f"There is already an account for {email}.", field="email")
    user = User(email=email, name=name.strip(), role=UserRole(role), restricted_clearance=clearance)
    set_password(user, password)
    session.add(user)
    session.flush()
    return user


def change_password(*, session: Session, user: User, current: str, new: str) -> None:
    """A new password ends every session of the account (the caller may sign the current
    browser in again)."""
    if not password_matches(user, current):
        raise ServiceError("That is not your current password.", field="current_password")
    set_password(user, new)
    sessions.end_all(session=session, user=user)


@dataclass(frozen=True)
class SignIn:
    user: User | None  # None: refused (the reason is deliberately not given)


def authenticate(*, session: Session, email: str, password: str, now: datetime) -> SignIn:
    """Check an e-mail and password. Exactly one argon2 verification whatever the outcome:
    against the account's hash, or against a dummy hash when there is no usable account
    (unknown address, deactivated account), so every refusal takes as long and reads the same.
    Writes nothing unless the sign-in succeeds."""
    user = find_user(session, email)
    if user is None or not user.is_active:
        _verify(_dummy_hash(), password)
        return SignIn(None)
    if not _verify(user.password_hash, password):
        return SignIn(None)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_sign_in_at = now
    session.add(user)
    return SignIn(user)
