"""Revocable sessions: a copy of a session cookie stops working once the account's sessions are
ended (sign-out, sign-out everywhere, a password change or reset, an admin's change of role,
clearance or active), and a deactivated account's API tokens stop too (docs/accounts.md)."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlmodel import select

from campaign import migrations
from campaign.db import get_engine
from campaign.models import User
from tests.accounts.helpers import PASSWORD, real_user, submit_login
from tests.accounts.test_reset import choose, issue
from tests.accounts.test_tokens import bearer, make_token

NEW_PASSWORD = "another long passphrase"
COOKIE = "session"


def signed_in_with_a_copy(app, email="officer@example.org", role="editor"):
    """A browser signed in through the real form, and a second client holding a copy of its
    session cookie (same address and browser, so strong session protection lets it pass)."""
    user = real_user(app, email=email, role=role)
    browser = app.test_client(as_user=None)
    assert submit_login(browser, email, PASSWORD).status_code == 302
    copy = app.test_client(as_user=None)
    copy.set_cookie(COOKIE, browser.get_cookie(COOKIE).value)
    assert copy.get("/").status_code == 200  # the copy works, for now
    return user, browser, copy


def signed_out(client) -> bool:
    response = client.get("/asks/")
    return response.status_code == 302 and response.headers["Location"].startswith("/login")


def version(session, user_id) -> int:
    session.expire_all()
    return session.get(User, user_id).session_version


def test_a_copied_cookie_stops_working_after_sign_out(app, session):
    user, browser, copy = signed_in_with_a_copy(app)
    assert browser.post("/logout").status_code == 302
    assert signed_out(browser) and signed_out(copy)
    assert version(session, user.id) == 1  # a new account starts at 0; signing in keeps it


def test_sign_out_everywhere(app, session):
    user, browser, copy = signed_in_with_a_copy(app, role="viewer")  # any role may
    response = browser.post("/account/sign-out-everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert signed_out(browser) and signed_out(copy)
    assert submit_login(browser, user.email, PASSWORD).status_code == 302  # signs in again
    assert not signed_out(browser) and signed_out(copy)


def test_sign_out_everywhere_is_a_csrf_protected_button_on_the_account_page(make_app, session):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/account/password").get_data(as_text=True)
    form = page.split('action="/account/sign-out-everywhere"')[1].split("</form>")[0]
    assert 'name="csrf_token"' in form and "Sign out everywhere" in form
    before = version(session, client.user.id)
    assert client.post("/account/sign-out-everywhere").status_code == 400  # no token
    assert version(session, client.user.id) == before and not signed_out(client)
    token = form.split('name="csrf_token" value="')[1].split('"')[0]
    client.post("/account/sign-out-everywhere", data={"csrf_token": token})
    assert signed_out(client) and version(session, client.user.id) == before + 1


def test_a_password_change_ends_every_other_session(app):
    user, browser, copy = signed_in_with_a_copy(app)
    changed = browser.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "new_password": NEW_PASSWORD,
            "confirm_password": NEW_PASSWORD,
        },
    )
    assert changed.status_code == 302
    assert signed_out(copy)
    assert not signed_out(browser)  # the browser that changed it carries on


def test_a_password_reset_ends_every_session(app, client, anonymous_client):
    user, browser, copy = signed_in_with_a_copy(app)
    path = issue(client, user.id)
    assert choose(anonymous_client, path, password=NEW_PASSWORD).status_code == 302
    assert signed_out(browser) and signed_out(copy)


@pytest.mark.parametrize(
    "change",
    [
        {"role": "viewer", "active": "y"},  # role
        {"role": "editor", "clearance": "y", "active": "y"},  # clearance
        {"role": "editor"},  # deactivated
    ],
    ids=["role", "clearance", "deactivated"],
)
def test_an_admins_change_ends_every_session(app, client, session, change):
    user, browser, copy = signed_in_with_a_copy(app)
    assert client.post(f"/users/{user.id}", data=change).status_code == 302
    assert signed_out(browser) and signed_out(copy)
    if "active" not in change:  # reactivated: the old cookies stay dead
        client.post(f"/users/{user.id}", data={"role": "editor", "active": "y"})
        assert signed_out(copy)


def test_saving_no_change_ends_nothing(app, client, session):
    user, browser, copy = signed_in_with_a_copy(app)
    unchanged = {"role": "editor", "active": "y"}
    assert client.post(f"/users/{user.id}", data=unchanged).status_code == 302
    assert not signed_out(copy)


def test_an_admin_changing_their_own_clearance_stays_signed_in(app, client, session):
    me = session.exec(select(User).where(User.email == client.user.email)).one()
    before = me.session_version
    assert client.post(f"/users/{me.id}", data={"role": "admin", "active": "y"}).status_code == 302
    assert version(session, me.id) == before + 1  # sessions elsewhere ended
    assert not signed_out(client)


def test_a_cookie_without_a_session_version_signs_nobody_in(app, session):
    """A cookie made before sessions had versions ("_user_id": "12") is refused."""
    user = real_user(app)
    client = app.test_client(as_user=None)
    submit_login(client, user.email, PASSWORD)
    with client.session_transaction() as cookie:
        assert cookie["_user_id"] == f"{user.id}:{version(session, user.id)}"
        cookie["_user_id"] = str(user.id)
    assert signed_out(client)


def test_a_deactivated_users_api_token_gets_401(app, client, anonymous_client, session):
    plain = make_token(app, "editor", name="weekly figures")
    assert anonymous_client.get("/api/v1/asks", headers=bearer(plain)).status_code == 200
    user = session.exec(select(User).where(User.email == "editor@test.example")).one()
    assert client.post(f"/users/{user.id}", data={"role": "editor"}).status_code == 302
    refused = anonymous_client.get("/api/v1/asks", headers=bearer(plain))
    assert refused.status_code == 401
    assert 'error="invalid_token"' in refused.headers["WWW-Authenticate"]
    client.post(f"/users/{user.id}", data={"role": "editor", "active": "y"})  # reactivated
    assert anonymous_client.get("/api/v1/asks", headers=bearer(plain)).status_code == 200


def test_the_migration_keeps_every_account_both_ways(app):
    """Down to the revision before session versions and up again: the accounts stay, and so
    do their session versions (back at 0, a session ended before would work again)."""
    user = real_user(app, email="kept@example.org", name="Kept", clearance=True)
    with app.app_context():
        engine = get_engine()
        head = migrations.current_revision(engine)
        with engine.begin() as conn:
            bump = text("UPDATE users SET session_version = 3 WHERE id = :id")
            conn.execute(bump, {"id": user.id})
        migrations.downgrade(engine, "20261125_pack_requested_by")
        columns = {c["name"] for c in inspect(engine).get_columns("users")}
        assert "session_version" not in columns
        assert {"failed_sign_ins", "locked_until"} <= columns
        query = text(
            "SELECT email, name, role, restricted_clearance, password_hash, failed_sign_ins,"
            " locked_until FROM users WHERE id = :id"
        )
        with engine.connect() as conn:
            row = conn.execute(query, {"id": user.id}).one()
        assert row[:5] == ("kept@example.org", "Kept", "editor", True, user.password_hash)
        assert row[5:] == (0, None)  # nobody locked
        migrations.upgrade(engine)
        assert migrations.current_revision(engine) == head
        with engine.connect() as conn:
            query = text("SELECT email, session_version FROM users WHERE id = :id")
            assert conn.execute(query, {"id": user.id}).one() == ("kept@example.org", 3)
