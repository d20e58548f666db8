"""Signed-in test clients. Every `app.test_client()` made by the `make_app` fixture is signed in
as the test admin (cleared for restricted evidence), so tests written before accounts existed
keep working; `app.test_client(as_user=None)` is anonymous and
`app.test_client(as_user=("viewer", False))` signs in with that role and clearance.

Signing in here sets Flask-Login's session through `login_user` (fast: no password hashing);
tests/accounts/test_sign_in.py signs in through the real form.
"""

from __future__ import annotations

from flask import session as flask_session
from flask.testing import FlaskClient
from flask_login import login_user
from sqlmodel import Session, select

from campaign.db import get_engine
from campaign.models import User, UserRole

ADMIN = ("admin", True)
UNUSABLE_PASSWORD = "!"  # not an argon2 hash: nobody can sign in with a password


def email_for(role: str, clearance: bool) -> str:
    return f"{role}{'-cleared' if clearance else ''}@test.example"


def ensure_user(app, role: str, clearance: bool) -> User:
    """The test user for this role and clearance, created on first use."""
    email = email_for(role, clearance)
    with app.app_context(), Session(get_engine(), expire_on_commit=False) as session:
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            user = User(
                email=email,
                name=f"Test {role}",
                role=UserRole(role),
                restricted_clearance=clearance,
                password_hash=UNUSABLE_PASSWORD,
            )
            session.add(user)
            session.commit()
        return user


def sign_in(client: FlaskClient, user: User) -> None:
    """Put `user` in the client's session exactly as Flask-Login's `login_user` would."""
    app = client.application
    with app.test_request_context(environ_base=client.environ_base):
        login_user(user)
        values = dict(flask_session)
    with client.session_transaction() as session:
        session.update(values)


class SignedInClient(FlaskClient):
    def __init__(self, *args, as_user: tuple[str, bool] | None = ADMIN, **kwargs):
        super().__init__(*args, **kwargs)
        self.user: User | None = None
        if as_user is not None:
            self.user = ensure_user(self.application, *as_user)
            sign_in(self, self.user)
