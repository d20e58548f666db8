"""Accounts test helpers: a user with a real argon2 password, and the sign-in form."""

from __future__ import annotations

from campaign.accounts import services
from campaign.db import session_scope
from campaign.models import UserRole

PASSWORD = "a long enough passphrase"


def real_user(app, email="officer@example.org", role="editor", password=PASSWORD, **kw):
    with app.app_context(), session_scope() as session:
        return services.create_user(
            session=session, email=email, role=UserRole(role), password=password, **kw
        )


def submit_login(client, email, password, next_=None):
    data = {"email": email, "password": password}
    if next_ is not None:
        data["next"] = next_
    return client.post("/login", data=data)


def client_from(app, address: str):
    """A signed-out client whose requests come from `address` (REMOTE_ADDR)."""
    client = app.test_client(as_user=None)
    client.environ_base["REMOTE_ADDR"] = address
    return client
