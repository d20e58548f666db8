"""Signing in through the real form, `next=`, signing out, changing a password (throttling:
test_throttle.py; ending sessions: test_sessions.py)."""

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from campaign.accounts.services import SIGN_IN_REFUSED
from campaign.models import User
from tests.accounts.helpers import PASSWORD, real_user, submit_login

START = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def app(make_app, clock):
    return make_app(CLOCK=clock)


def test_signing_in_through_the_form(app, anonymous_client, session):
    real_user(app, email="Officer@Example.org")  # stored lower-cased
    page = anonymous_client.get("/login")
    assert page.status_code == 200 and b"Sign in" in page.data
    response = submit_login(anonymous_client, "  OFFICER@example.org ", PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert anonymous_client.get("/").status_code == 200
    user = session.exec(select(User).where(User.email == "officer@example.org")).one()
    assert user.last_sign_in_at == START
    # Signed in already: the sign-in page sends you on.
    assert anonymous_client.get("/login").status_code == 302


def test_a_refusal_never_says_whether_the_address_has_an_account(app, anonymous_client):
    real_user(app)
    wrong_password = submit_login(anonymous_client, "officer@example.org", "wrong password!!")
    unknown = submit_login(anonymous_client, "nobody@example.org", PASSWORD)
    for response in (wrong_password, unknown):
        assert response.status_code == 401
        assert SIGN_IN_REFUSED in response.get_data(as_text=True)
    assert anonymous_client.get("/").status_code == 302  # still signed out


def test_head_answers_like_get(anonymous_client):
    """`curl -I` on the sign-in page: the page's headers, not a refused form (was 422)."""
    response = anonymous_client.head("/login")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.data == b""


def test_an_empty_form_is_422(anonymous_client):
    assert submit_login(anonymous_client, "", "").status_code == 422


def test_failures_never_lock_the_account(app, anonymous_client, session):
    """Failing many times does not lock the account (anyone could, to keep its holder out):
    the holder's right password still works, from the same browser once the throttle allows
    (test_throttle.py), and at once from anywhere else."""
    real_user(app)
    for _ in range(5):
        assert submit_login(anonymous_client, "officer@example.org", "nope").status_code == 401
    user = session.exec(select(User)).one()
    assert not hasattr(user, "locked_until")
    other = app.test_client(as_user=None)
    other.environ_base["REMOTE_ADDR"] = "192.0.2.50"
    assert submit_login(other, "officer@example.org", PASSWORD).status_code == 302


def test_a_deactivated_account_cannot_sign_in_and_is_signed_out(app, make_app, session):
    user = real_user(app)
    client = app.test_client(as_user=None)
    assert submit_login(client, user.email, PASSWORD).status_code == 302
    row = session.get(User, user.id)
    row.is_active = False
    session.add(row)
    session.commit()
    assert client.get("/").status_code == 302  # the next request is signed out
    assert submit_login(client, user.email, PASSWORD).status_code == 401


@pytest.mark.parametrize(
    ("next_", "landing"),
    [
        ("/asks/?status=active", "/asks/?status=active"),
        ("https://evil.example/", "/"),
        ("//evil.example/path", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("", "/"),
    ],
)
def test_next_only_goes_to_a_path_on_this_site(app, anonymous_client, next_, landing):
    real_user(app)
    response = submit_login(anonymous_client, "officer@example.org", PASSWORD, next_=next_)
    assert response.headers["Location"] == landing


def test_the_sign_in_page_carries_a_safe_next_into_its_form(anonymous_client):
    assert b'value="/asks/"' in anonymous_client.get("/login?next=/asks/").data
    assert b"evil" not in anonymous_client.get("/login?next=//evil.example").data


def test_signing_out(app, anonymous_client):
    real_user(app)
    submit_login(anonymous_client, "officer@example.org", PASSWORD)
    assert anonymous_client.get("/logout").status_code == 405  # a POST only (CSRF-protected)
    response = anonymous_client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert anonymous_client.get("/").status_code == 302


def test_changing_ones_password(app, anonymous_client):
    real_user(app, role="viewer")  # any role may change their own password
    submit_login(anonymous_client, "officer@example.org", PASSWORD)
    assert anonymous_client.get("/account/password").status_code == 200
    new = "another long passphrase"

    def change(current, new_password, confirm):
        return anonymous_client.post(
            "/account/password",
            data={
                "current_password": current,
                "new_password": new_password,
                "confirm_password": confirm,
            },
        )

    wrong = change("not my password", new, new)
    assert wrong.status_code == 422 and b"not your current password" in wrong.data
    assert change(PASSWORD, new, new + "x").status_code == 422
    short = change(PASSWORD, "short", "short")
    assert short.status_code == 422 and b"at least 12 characters" in short.data
    assert change(PASSWORD, new, new).status_code == 302
    anonymous_client.post("/logout")
    assert submit_login(anonymous_client, "officer@example.org", PASSWORD).status_code == 401
    assert submit_login(anonymous_client, "officer@example.org", new).status_code == 302


def test_session_protection_is_strong(app):
    assert app.login_manager.session_protection == "strong"
