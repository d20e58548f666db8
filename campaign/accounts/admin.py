"""User administration (admin-only pages): list, create, change role / clearance / active.
Plain functions with a keyword-only `session`; they never commit.

An admin never sets another person's password: a new account gets a random password nobody
knows, and the admin hands the person a reset link (campaign/accounts/reset.py).
"""

from __future__ import annotations

import secrets

from sqlmodel import Session, select

from campaign.accounts import services, sessions
from campaign.common.services import ServiceError
from campaign.models import User, UserRole


def list_users(*, session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.email)).all())


def get_user(*, session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def create_user(
    *, session: Session, email: str, name: str, role: UserRole, clearance: bool
) -> User:
    """An account that cannot sign in until its holder sets a password through a reset link."""
    return services.create_user(
        session=session,
        email=email,
        role=role,
        password=secrets.token_urlsafe(32),  # never shown, never stored but as a hash
        name=name,
        clearance=clearance,
    )


def _other_active_admins(session: Session, user: User) -> int:
    """Active admins other than `user`. Every active admin's row is locked (in id order) until
    the change commits, so two admins demoting each other at once cannot both pass this check:
    on PostgreSQL the second waits, then sees the first's change."""
    query = (
        select(User.id)
        .where(User.role == UserRole.ADMIN, User.is_active)
        .order_by(User.id)
        .with_for_update()
    )
    return sum(1 for ident in session.exec(query) if ident != user.id)


def update_user(
    *,
    session: Session,
    actor: User,
    user: User,
    role: UserRole,
    clearance: bool,
    active: bool,
) -> User:
    """Change an account's role, clearance and whether it may sign in. An admin may not
    demote or deactivate themself, and nobody may remove the last active admin. Any change
    ends every session of the account: its holder signs in again (with the new role)."""
    role = UserRole(role)
    loses_admin = (
        user.role == UserRole.ADMIN and user.is_active and (role != UserRole.ADMIN or not active)
    )
    if actor.id == user.id:
        if role != user.role:
            raise ServiceError("You cannot change your own role.", field="role")
        if not active:
            raise ServiceError("You cannot deactivate your own account.", field="active")
    if loses_admin and _other_active_admins(session, user) == 0:
        field = "role" if role != UserRole.ADMIN else "active"
        raise ServiceError(
            "This is the last active admin: make another account an admin first.", field=field
        )
    changed = (user.role, user.restricted_clearance, user.is_active) != (role, clearance, active)
    user.role = role
    user.restricted_clearance = clearance
    user.is_active = active
    session.add(user)
    session.flush()
    if changed:
        sessions.end_all(session=session, user=user)
    # Checked again once this transaction holds the write: SQLite ignores FOR UPDATE, and
    # its writers see every earlier commit only from here.
    if loses_admin and _other_active_admins(session, user) == 0:
        raise ServiceError(
            "This is the last active admin: make another account an admin first.", field="role"
        )
    return user
