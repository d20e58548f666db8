"""Sign-in refusals cost the same and read the same whatever the account, and repeated failures
are throttled per client address and account (Flask-Limiter) instead of locking the account,
so nobody can lock someone else out (docs/accounts.md "Signing in")."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlmodel import select

from campaign import create_app
from campaign.accounts import services
from campaign.accounts.throttle import KNOWN_BROWSER_COOKIE
from campaign.models import AuditEvent, AuditKind, User
from tests.accounts.helpers import PASSWORD, client_from, real_user, submit_login

WRONG = "not the password at all"
THROTTLED = "Too many failed sign-in attempts."


@pytest.fixture
def argon2_verifications(monkeypatch):
    """The hashes that argon2 verified a password against, in order (the real verification
    still runs: this only records it)."""
    seen: list[str] = []
    real_verify = PasswordHasher.verify

    def verify(self, password_hash, password):
        seen.append(password_hash)
        return real_verify(self, password_hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", verify)
    return seen


def _deactivate(session, email):
    user = session.exec(select(User).where(User.email == email)).one()
    user.is_active = False
    session.add(user)
    session.commit()


def test_every_refusal_does_one_full_argon2_verification(app, session, argon2_verifications):
    """Unknown address, wrong password, deactivated account, an account with no usable password
    hash, and an account that has just failed five times (formerly locked, and answered ~30
    times faster): each costs exactly one argon2 verification against a real argon2 hash."""
    real_user(app, email="known@example.org")
    real_user(app, email="gone@example.org")
    _deactivate(session, "gone@example.org")
    nohash = real_user(app, email="nohash@example.org")
    row = session.get(User, nohash.id)
    row.password_hash = "!"  # not an argon2 hash: nobody can sign in with a password
    session.add(row)
    session.commit()
    attacker = client_from(app, "203.0.113.7")
    for _ in range(5):
        assert submit_login(attacker, "known@example.org", WRONG).status_code == 401
    elsewhere = client_from(app, "198.51.100.20")
    for email in ("nobody@example.org", "known@example.org", "gone@example.org"):
        argon2_verifications.clear()
        response = submit_login(elsewhere, email, WRONG)
        assert response.status_code == 401, email
        assert len(argon2_verifications) == 1, email
        assert argon2_verifications[0].startswith("$argon2"), email
    argon2_verifications.clear()
    assert submit_login(elsewhere, "nohash@example.org", WRONG).status_code == 401
    assert [h[:7] for h in argon2_verifications] == ["!", "$argon2"]  # the dummy hash too
    # The holder, from their own address, signs in although someone failed five times.
    argon2_verifications.clear()
    assert submit_login(elsewhere, "known@example.org", PASSWORD).status_code == 302
    assert len(argon2_verifications) == 1


def test_refusals_read_the_same_whether_or_not_the_account_exists(app, session):
    """The same status and the same page, byte for byte, for an unknown address, a wrong
    password and a deactivated account (the e-mail typed is the same in all three)."""
    client = client_from(app, "203.0.113.8")
    unknown = submit_login(client, "ann@example.org", WRONG)
    real_user(app, email="ann@example.org")
    wrong = submit_login(client, "ann@example.org", WRONG)
    _deactivate(session, "ann@example.org")
    deactivated = submit_login(client, "ann@example.org", PASSWORD)
    assert unknown.status_code == wrong.status_code == deactivated.status_code == 401
    assert unknown.data == wrong.data == deactivated.data
    assert services.SIGN_IN_REFUSED in unknown.get_data(as_text=True)
    assert "locked" not in unknown.get_data(as_text=True)


def test_a_flood_from_one_address_is_throttled_but_the_holder_signs_in_elsewhere(app, session):
    real_user(app, email="admin@example.org", role="admin")
    attacker = client_from(app, "203.0.113.9")
    for _ in range(5):
        assert submit_login(attacker, "admin@example.org", WRONG).status_code == 401
    throttled = submit_login(attacker, "admin@example.org", PASSWORD)  # even the right one
    assert throttled.status_code == 429
    assert 1 <= int(throttled.headers["Retry-After"]) <= 15 * 60
    page = throttled.get_data(as_text=True)
    assert THROTTLED in page and "minute" in page and PASSWORD not in page
    assert attacker.get("/").status_code == 302  # still signed out
    holder = client_from(app, "198.51.100.21")
    assert submit_login(holder, "admin@example.org", PASSWORD).status_code == 302
    assert holder.get("/").status_code == 200
    # The attacker's address may still try other accounts (up to its own limit).
    assert submit_login(attacker, "someone@example.org", WRONG).status_code == 401
    # Throttled attempts are in the audit log, marked so.
    session.expire_all()
    failed = session.exec(
        select(AuditEvent).where(AuditEvent.kind == AuditKind.SIGN_IN_FAILED)
    ).all()
    assert [e.detail.get("throttled", False) for e in failed] == [False] * 5 + [True, False]
    assert {e.ip for e in failed} == {"203.0.113.9"}


def test_the_throttle_reads_the_same_for_an_address_with_no_account(app):
    real_user(app, email="known@example.org")
    answers = {}
    for email in ("known@example.org", "nobody@example.org"):
        client = client_from(app, "203.0.113.10")
        for _ in range(5):
            assert submit_login(client, email, WRONG).status_code == 401
        response = submit_login(client, email, WRONG)
        assert response.status_code == 429
        answers[email] = response.get_data(as_text=True).replace(email, "EMAIL")
    assert answers["known@example.org"] == answers["nobody@example.org"]


def test_only_refusals_count(app):
    """Successful sign-ins and incomplete forms (422) are not failures."""
    real_user(app)
    client = client_from(app, "203.0.113.11")
    for _ in range(7):
        assert submit_login(client, "officer@example.org", "").status_code == 422
        assert submit_login(client, "officer@example.org", PASSWORD).status_code == 302
        assert client.post("/logout").status_code == 302
    assert submit_login(client, "officer@example.org", PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_throttled(make_app):
    app = make_app(SIGN_IN_LIMIT_PER_ADDRESS="3 per hour")
    real_user(app, email="d@example.org")
    sprayer = client_from(app, "203.0.113.12")
    for n in range(3):
        assert submit_login(sprayer, f"user{n}@example.org", WRONG).status_code == 401
    assert submit_login(sprayer, "d@example.org", PASSWORD).status_code == 429
    elsewhere = client_from(app, "198.51.100.22")
    assert submit_login(elsewhere, "d@example.org", PASSWORD).status_code == 302


def test_guessing_spread_over_many_addresses_spares_the_holders_own_browser(make_app):
    """The account-wide limit stops a guesser who changes address, but a browser that has
    signed in to the account before (its known-browser cookie) is exempt: the flood cannot keep
    the holder out."""
    app = make_app(SIGN_IN_LIMIT_PER_ACCOUNT="3 per hour")
    real_user(app, email="ann@example.org")
    holder = client_from(app, "198.51.100.23")
    signed_in = submit_login(holder, "ann@example.org", PASSWORD)
    assert signed_in.status_code == 302
    cookie = next(c for c in signed_in.headers.getlist("Set-Cookie") if KNOWN_BROWSER_COOKIE in c)
    assert "HttpOnly" in cookie and "Path=/login" in cookie and "ann@example.org" not in cookie
    holder.post("/logout")
    for n in range(3):
        guesser = client_from(app, f"203.0.113.{20 + n}")
        assert submit_login(guesser, "ann@example.org", WRONG).status_code == 401
    new_place = client_from(app, "203.0.113.30")
    assert submit_login(new_place, "ann@example.org", PASSWORD).status_code == 429
    assert submit_login(holder, "ann@example.org", PASSWORD).status_code == 302
    # The cookie is for that account only.
    holder.post("/logout")
    assert submit_login(holder, "bob@example.org", WRONG).status_code == 401


@pytest.mark.parametrize("value", ["lots", "", "5 per fortnight"])
def test_a_limit_that_does_not_parse_stops_the_app_naming_the_setting(value):
    """Flask-Limiter would skip a limit it cannot parse (a log line, no throttling): the app
    refuses to start instead."""
    with pytest.raises(ValueError, match=f"SIGN_IN_LIMIT_PER_ADDRESS={value!r} is not a rate"):
        create_app({"SIGN_IN_LIMIT_PER_ADDRESS": value, "SECRET_KEY": "x"})
