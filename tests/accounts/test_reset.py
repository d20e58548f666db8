"""Admin-issued password reset links: one use, expiry, tampering, and the CLI."""

import re
from datetime import UTC, datetime, timedelta

from campaign.accounts import reset
from tests.accounts.helpers import PASSWORD, real_user, submit_login

NEW_PASSWORD = "a brand new passphrase"
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, at=T0):
        self.at = at

    def __call__(self):
        return self.at


def link_path(html: str) -> str:
    return re.search(r"http://localhost(/reset/[^\"<\s]+)", html).group(1)


def issue(client, user_id) -> str:
    response = client.post(f"/users/{user_id}/reset-link")
    assert response.status_code == 200
    return link_path(response.get_data(as_text=True))


def choose(anonymous_client, path, password=NEW_PASSWORD, again=None):
    data = {"new_password": password, "confirm_password": again or password}
    return anonymous_client.post(path, data=data)


def test_create_then_link_then_password_then_sign_in(client, anonymous_client):
    created = client.post("/users/new", data={"email": "new@example.org", "role": "editor"})
    path = link_path(created.get_data(as_text=True))
    page = anonymous_client.get(path)
    assert page.status_code == 200 and "new@example.org" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    done = choose(anonymous_client, path)
    assert done.status_code == 302 and done.headers["Location"] == "/login"
    assert submit_login(anonymous_client, "new@example.org", NEW_PASSWORD).status_code == 302
    assert anonymous_client.get("/").status_code == 200


def test_a_new_account_cannot_sign_in_before_its_link_is_used(client, anonymous_client):
    client.post("/users/new", data={"email": "new@example.org", "role": "viewer"})
    assert submit_login(anonymous_client, "new@example.org", "").status_code in (401, 422)
    assert submit_login(anonymous_client, "new@example.org", PASSWORD).status_code == 401


def test_a_link_works_once_and_a_used_link_stops_older_ones(app, client, anonymous_client):
    user = real_user(app, email="ann@example.org")
    first, second = issue(client, user.id), issue(client, user.id)
    assert choose(anonymous_client, second).status_code == 302
    for used in (second, first):
        refused = anonymous_client.get(used)
        assert refused.status_code == 400
        assert reset.LINK_REFUSED in refused.get_data(as_text=True)
        assert choose(anonymous_client, used, password="yet another passphrase").status_code == 400
    assert submit_login(anonymous_client, "ann@example.org", NEW_PASSWORD).status_code == 302


def test_a_link_expires(make_app):
    clock = Clock()
    app = make_app(CLOCK=clock, RESET_LINK_HOURS=48)
    client, anonymous = app.test_client(), app.test_client(as_user=None)
    user = real_user(app, email="ann@example.org")
    path = issue(client, user.id)
    clock.at = T0 + timedelta(hours=47, minutes=59)
    assert anonymous.get(path).status_code == 200
    clock.at = T0 + timedelta(hours=48, seconds=1)
    assert anonymous.get(path).status_code == 400
    assert choose(anonymous, path).status_code == 400


def test_tampered_and_foreign_tokens_are_refused(app, client, anonymous_client):
    user = real_user(app, email="ann@example.org")
    path = issue(client, user.id)
    token = path.removeprefix("/reset/")
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert anonymous_client.get(f"/reset/{tampered}").status_code == 400
    with app.app_context():
        other_key = reset.make_token(user, secret_key="another-secret", now=T0)
    assert anonymous_client.get(f"/reset/{other_key}").status_code == 400
    assert anonymous_client.get("/reset/nonsense").status_code == 400


def test_a_deactivated_account_cannot_use_its_link(app, client, anonymous_client, session):
    user = real_user(app, email="ann@example.org")
    path = issue(client, user.id)
    client.post(f"/users/{user.id}", data={"role": "editor"})  # deactivated
    assert anonymous_client.get(path).status_code == 400


def test_the_new_password_is_checked(app, client, anonymous_client, session):
    user = real_user(app, email="ann@example.org")
    path = issue(client, user.id)
    short = choose(anonymous_client, path, password="short")
    assert short.status_code == 422 and "at least 12 characters" in short.get_data(as_text=True)
    mismatch = choose(anonymous_client, path, again="a different passphrase")
    assert "not the same" in mismatch.get_data(as_text=True)
    assert choose(anonymous_client, path).status_code == 302
    assert submit_login(anonymous_client, "ann@example.org", NEW_PASSWORD).status_code == 302


def test_the_reset_form_carries_a_csrf_token(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    user = real_user(app, email="ann@example.org")
    with app.app_context():
        token = reset.make_token(user, secret_key=app.config["SECRET_KEY"], now=datetime.now(UTC))
    anonymous = app.test_client(as_user=None)
    assert 'name="csrf_token"' in anonymous.get(f"/reset/{token}").get_data(as_text=True)
    assert choose(anonymous, f"/reset/{token}").status_code == 400  # no token: refused


def test_the_cli_prints_a_working_link(app, runner, anonymous_client):
    real_user(app, email="ann@example.org")
    result = runner.invoke(args=["reset-link", "ANN@example.org"])
    assert result.exit_code == 0, result.output
    assert "ann@example.org" in result.output
    path = link_path(result.output)
    assert choose(anonymous_client, path).status_code == 302
    missing = runner.invoke(args=["reset-link", "nobody@example.org"])
    assert missing.exit_code == 1 and "no account" in missing.output
