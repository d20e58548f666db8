"""Revocable sessions: the session cookie names the account AND its session version.

Flask-Login keeps `User.get_id()`, "<id>:<session version>", in the signed session cookie, and
the user loader accepts a cookie only while the account is active and its version is unchanged.
Adding one to `session_version` (`end_all`) therefore ends every session of the account at its
next request, on every browser, copies of the cookie included. It is done on signing out,
"Sign out everywhere", a password change or reset, and an admin's change of role, clearance or
active. docs/accounts.md "Signing in".
"""

from __future__ import annotations

from sqlmodel import Session

from campaign.models import User


def parse_id(value: str) -> tuple[int, int] | None:
    """(user id, session version) from a session's "<id>:<version>", else None (a cookie made
    before sessions had versions, or anything else, signs nobody in)."""
    ident, sep, version = value.partition(":")
    if not sep or not ident.isdigit() or not version.isdigit():
        return None
    return int(ident), int(version)


def user_for_id(session: Session, value: str) -> User | None:
    """The account a session cookie stands for, while it is active and the cookie current."""
    parsed = parse_id(value)
    if parsed is None:
        return None
    ident, version = parsed
    # populate_existing: the account as it is now (a session reused across requests, as in
    # tests that keep an app context pushed, must not serve a stale row).
    user = session.get(User, ident, populate_existing=True)
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


def end_all(*, session: Session, user: User) -> None:
    """End every session of `user`: each cookie issued so far stops working at its next request.
    The increment happens in SQL, so two at once both count."""
    user.session_version = User.session_version + 1
    session.add(user)
    session.flush()
    session.refresh(user, ["session_version"])
