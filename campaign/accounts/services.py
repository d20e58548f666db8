"""Accounts: create users, set passwords (argon2), and sign in with a temporary lock-out.

Plain functions with a keyword-only `session`; they never commit. A failed sign-in must be
counted even though the sign-in page answers with an error status (which rolls the request's
unit of work back), so the view runs `authenticate` in a unit of work of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, func, select

from campaign.common.services import ServiceError
from campaign.models import User, UserRole

MIN_PASSWORD_LENGTH = 12
MAX_FAILED_SIGN_INS = 5
LOCK_OUT = timedelta(minutes=15)
# One message for every refusal: it never says whether the e-mail address has an account, or
# whether that account is locked.
SIGN_IN_REFUSED = (
    "Those details were not recognised. After 5 failed attempts an account is locked for "
    "15 minutes."
)

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so a refusal takes as long either way.
_DUMMY_HASH = _hasher.hash("not a password anyone has")


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
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
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
    if not password_matches(user, current):
        raise ServiceError("That is not your current password.", field="current_password")
    set_password(user, new)
    session.add(user)
    session.flush()


@dataclass(frozen=True)
class SignIn:
    user: User | None  # None: refused (the reason is deliberately not given)


def authenticate(*, session: Session, email: str, password: str, now: datetime) -> SignIn:
    """Check an e-mail and password. Five failures in a row lock the account for 15 minutes;
    while locked, even the right password is refused."""
    user = find_user(session, email)
    if user is None:
        _verify(_DUMMY_HASH, password)
        return SignIn(None)
    if user.locked_until is not None and user.locked_until > now:
        return SignIn(None)
    if not user.is_active or not password_matches(user, password):
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            user.locked_until = now + LOCK_OUT
            user.failed_sign_ins = 0
        session.add(user)
        return SignIn(None)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_sign_in_at = now
    session.add(user)
    return SignIn(user)
