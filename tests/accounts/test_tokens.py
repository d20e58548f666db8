"""Personal access tokens: made and revoked on the web and at the console, and bearer
authentication of the JSON API (scopes, roles, no cookies, no CSRF, never in a query string)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from campaign.accounts import tokens
from campaign.db import get_engine
from campaign.models import ApiScope, ApiToken, Ask, AuditEvent, AuditKind, User, UserRole
from tests.support.accounts import ensure_user

TOKEN_PATTERN = re.compile(r"cpat_[A-Za-z0-9_-]{43}")


def make_token(app, role="editor", scope=ApiScope.READ_WRITE, *, clearance=False, **kw) -> str:
    """A token for the test user with this role (created on first use); the plain token."""
    user = ensure_user(app, role, clearance)
    with app.app_context(), Session(get_engine()) as session:
        user = session.get(User, user.id)
        _token, plain = tokens.create_token(session, user, kw.pop("name", "test"), scope, **kw)
        session.commit()
    return plain


def bearer(plain: str) -> dict:
    return {"Authorization": f"Bearer {plain}"}


def token_row(session, name: str) -> ApiToken:
    session.expire_all()
    return session.exec(select(ApiToken).where(ApiToken.name == name)).one()


def audit_kinds(session) -> list[AuditKind]:
    session.expire_all()
    return [e.kind for e in session.exec(select(AuditEvent).order_by(AuditEvent.id))]


# -- the service ---------------------------------------------------------------------------


def test_a_token_is_stored_only_as_its_hash(app, session):
    plain = make_token(app, name="figures script")
    assert TOKEN_PATTERN.fullmatch(plain)
    row = token_row(session, "figures script")
    assert row.token_hash == tokens.hash_token(plain) and plain not in row.token_hash
    assert row.prefix == plain[:12] and row.scope == ApiScope.READ_WRITE


def test_who_a_token_stands_for(app, session):
    plain = make_token(app, name="t", expires_days=2)
    row = token_row(session, "t")
    with app.test_request_context():
        now = datetime.now(UTC)
        use = tokens.user_for_token(session, plain, now=now)
        assert use.user.email == "editor@test.example"
        for wrong in ("", "cpat_nope", plain + "x", plain[5:]):
            assert tokens.user_for_token(session, wrong, now=now) is None
        assert tokens.user_for_token(session, plain, now=now + timedelta(days=3)) is None
        user = session.get(User, use.user.id)
        user.is_active = False
        assert tokens.user_for_token(session, plain, now=now) is None
        user.is_active = True
        assert tokens.user_for_token(session, plain, now=now) is not None
        tokens.revoke(session, row, now=now)
        assert tokens.user_for_token(session, plain, now=now) is None


def test_last_used_is_written_at_most_once_a_minute(app, session):
    plain = make_token(app, name="t")
    start = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    with app.test_request_context():
        tokens.user_for_token(session, plain, now=start)
        tokens.user_for_token(session, plain, now=start + timedelta(seconds=59))
        session.flush()
        assert session.exec(select(ApiToken)).one().last_used_at == start
        tokens.user_for_token(session, plain, now=start + timedelta(seconds=61))
        assert session.exec(select(ApiToken)).one().last_used_at == start + timedelta(seconds=61)


def test_a_viewer_may_hold_only_read_tokens(app):
    make_token(app, "viewer", ApiScope.READ)
    with pytest.raises(Exception, match="can only read"):
        make_token(app, "viewer", ApiScope.READ_WRITE)


# -- the web pages ---------------------------------------------------------------------------


def test_token_lifecycle_on_the_web(client_as, session):
    client = client_as("editor")
    page = client.get("/account/tokens")
    assert page.status_code == 200 and "No tokens." in page.get_data(as_text=True)

    made = client.post(
        "/account/tokens",
        data={"name": "weekly figures", "scope": "read_write", "expires_days": "30"},
    )
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    plain = TOKEN_PATTERN.search(made.get_data(as_text=True)).group(0)
    row = token_row(session, "weekly figures")
    assert row.token_hash == tokens.hash_token(plain) and row.expires_at is not None

    # shown once: the list shows only the prefix
    listed = client.get("/account/tokens").get_data(as_text=True)
    assert plain not in listed and row.prefix in listed and "weekly figures" in listed

    assert client.get("/api/v1/asks", headers=bearer(plain)).status_code == 200
    revoked = client.post(f"/account/tokens/{row.id}/revoke")
    assert revoked.status_code == 302
    assert token_row(session, "weekly figures").revoked_at is not None
    assert "Revoked" in client.get("/account/tokens").get_data(as_text=True)
    assert client.get("/api/v1/asks", headers=bearer(plain)).status_code == 401
    assert audit_kinds(session) == [AuditKind.TOKEN_CREATED, AuditKind.TOKEN_REVOKED]


def test_a_bad_token_form_is_shown_again(client_as, session):
    client = client_as("editor")
    for data in (
        {"name": "", "scope": "read"},
        {"name": "x", "scope": "read", "expires_days": "0"},
    ):
        assert client.post("/account/tokens", data=data).status_code == 422
    assert session.exec(select(ApiToken)).all() == []


def test_a_viewer_cannot_make_a_read_write_token_on_the_web(client_as, session):
    client = client_as("viewer")
    refused = client.post("/account/tokens", data={"name": "w", "scope": "read_write"})
    assert refused.status_code == 422 and "can only read" in refused.get_data(as_text=True)
    assert client.post("/account/tokens", data={"name": "r", "scope": "read"}).status_code == 200
    assert [t.scope for t in session.exec(select(ApiToken))] == [ApiScope.READ]


def test_nobody_revokes_another_users_token_from_their_own_page(app, client_as, session):
    make_token(app, "editor", name="editors")
    row = token_row(session, "editors")
    assert client_as("viewer").post(f"/account/tokens/{row.id}/revoke").status_code == 404
    assert token_row(session, "editors").revoked_at is None


def test_admins_see_and_revoke_a_users_tokens(app, client, client_as, session):
    make_token(app, "editor", name="editors script")
    row = token_row(session, "editors script")
    page = client.get(f"/users/{row.user_id}").get_data(as_text=True)
    assert "editors script" in page and row.prefix in page
    url = f"/users/{row.user_id}/tokens/{row.id}/revoke"
    assert client_as("editor").post(url).status_code == 403
    assert client.post(f"/users/{row.user_id + 999}/tokens/{row.id}/revoke").status_code == 404
    assert client.post(url).status_code == 302
    assert token_row(session, "editors script").revoked_at is not None
    assert audit_kinds(session) == [AuditKind.TOKEN_REVOKED]


# -- the command line ------------------------------------------------------------------------


def test_create_token_at_the_console(app, runner, anonymous_client, session):
    ensure_user(app, "editor", False)
    result = runner.invoke(
        args=["create-token", "Editor@Test.example", "--scope", "read-write", "--name", "cron"]
    )
    assert result.exit_code == 0, result.output
    plain = TOKEN_PATTERN.search(result.output).group(0)
    assert "shown ONCE" in result.output
    assert token_row(session, "cron").scope == ApiScope.READ_WRITE
    made = anonymous_client.post(
        "/api/v1/sources", json={"title": "T", "kind": "report"}, headers=bearer(plain)
    )
    assert made.status_code == 201
    assert audit_kinds(session) == [AuditKind.TOKEN_CREATED]

    expiring = runner.invoke(args=["create-token", "editor@test.example", "--expires-days", "7"])
    assert expiring.exit_code == 0 and "expires" in expiring.output


def test_create_token_refuses_clearly(app, runner, session):
    ensure_user(app, "viewer", False)
    unknown = runner.invoke(args=["create-token", "nobody@test.example"])
    assert unknown.exit_code == 1 and "no account for nobody@test.example" in unknown.output
    above = runner.invoke(args=["create-token", "viewer@test.example", "--scope", "read-write"])
    assert above.exit_code == 1 and "can only read" in above.output
    assert session.exec(select(ApiToken)).all() == []


# -- bearer authentication -------------------------------------------------------------------


def test_a_good_token_reads_without_a_cookie(app, anonymous_client, make):
    make.ask(slug="an-ask")
    plain = make_token(app, "viewer", ApiScope.READ)
    response = anonymous_client.get("/api/v1/asks/an-ask", headers=bearer(plain))
    assert response.status_code == 200 and response.get_json()["slug"] == "an-ask"
    assert "Set-Cookie" not in response.headers
    assert anonymous_client.get_cookie("session") is None


@pytest.mark.parametrize("header", ["Bearer cpat_wrong", "Bearer ", "bearer nonsense"])
def test_a_bad_token_is_a_401(anonymous_client, header):
    response = anonymous_client.get("/api/v1/asks", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert response.get_json()["error"]["status"] == 401
    assert "Set-Cookie" not in response.headers


def test_a_bad_token_is_refused_even_beside_a_signed_in_cookie(client):
    assert client.get("/api/v1/asks").status_code == 200
    assert client.get("/api/v1/asks", headers=bearer("cpat_wrong")).status_code == 401


def test_revoked_and_expired_tokens_are_401(app, anonymous_client, session):
    revoked = make_token(app, name="revoked")
    with app.app_context():
        tokens.revoke(session, token_row(session, "revoked"))
        session.commit()
    now = datetime.now(UTC)
    expired = make_token(app, name="expired", expires_days=1)
    app.config["CLOCK"] = lambda: now + timedelta(days=2)
    for plain in (revoked, expired):
        response = anonymous_client.get("/api/v1/asks", headers=bearer(plain))
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_no_credentials_on_the_api_is_a_401_that_asks_for_a_token(anonymous_client):
    response = anonymous_client.get("/api/v1/asks")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"


def test_a_token_in_the_query_string_is_ignored(app, anonymous_client):
    plain = make_token(app)
    for name in ("access_token", "token"):
        assert anonymous_client.get(f"/api/v1/asks?{name}={plain}").status_code == 401


def test_a_token_only_works_for_the_api(app, anonymous_client):
    plain = make_token(app)
    response = anonymous_client.get("/asks/", headers=bearer(plain))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_read_token_cannot_write(app, anonymous_client, session):
    plain = make_token(app, "admin", ApiScope.READ, clearance=True)
    response = anonymous_client.post("/api/v1/asks", json={"title": "No"}, headers=bearer(plain))
    assert response.status_code == 403
    assert response.headers["WWW-Authenticate"] == 'Bearer error="insufficient_scope"'
    assert "insufficient_scope" in response.get_json()["error"]["detail"]
    assert session.exec(select(Ask)).all() == []


def test_a_demoted_users_token_loses_write(app, anonymous_client, session):
    plain = make_token(app, "editor", ApiScope.READ_WRITE)
    assert (
        anonymous_client.post(
            "/api/v1/asks", json={"title": "One"}, headers=bearer(plain)
        ).status_code
        == 201
    )
    user = session.exec(select(User).where(User.email == "editor@test.example")).one()
    user.role = UserRole.VIEWER
    session.commit()
    refused = anonymous_client.post("/api/v1/asks", json={"title": "Two"}, headers=bearer(plain))
    assert refused.status_code == 403
    assert anonymous_client.get("/api/v1/asks", headers=bearer(plain)).status_code == 200
    user.is_active = False
    session.commit()
    assert anonymous_client.get("/api/v1/asks", headers=bearer(plain)).status_code == 401
    session.expire_all()
    assert [a.title for a in session.exec(select(Ask))] == ["One"]


def test_the_token_writes_as_its_user(app, anonymous_client, session):
    plain = make_token(app, "editor")
    made = anonymous_client.post("/api/v1/asks", json={"title": "Mine"}, headers=bearer(plain))
    assert made.status_code == 201 and "Set-Cookie" not in made.headers
    assert token_row(session, "test").last_used_at is not None


# -- CSRF: cookies need it, bearer tokens do not ---------------------------------------------


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def test_a_bearer_write_needs_no_csrf_token(csrf_app, session):
    plain = make_token(csrf_app, "editor")
    client = csrf_app.test_client(as_user=None)
    made = client.post("/api/v1/asks", json={"title": "By token"}, headers=bearer(plain))
    assert made.status_code == 201, made.get_data(as_text=True)


def test_a_cookie_write_to_the_api_needs_a_csrf_token(csrf_app, session):
    client = csrf_app.test_client()  # signed in through the session cookie
    refused = client.post("/api/v1/asks", json={"title": "By cookie"})
    assert refused.status_code == 400 and refused.get_json()["error"]["status"] == 400
    assert session.exec(select(Ask)).all() == []
    page = client.get("/account/tokens").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    made = client.post("/api/v1/asks", json={"title": "By cookie"}, headers={"X-CSRFToken": csrf})
    assert made.status_code == 201


def test_web_forms_still_need_a_csrf_token(csrf_app, session):
    client = csrf_app.test_client()
    assert client.post("/account/tokens", data={"name": "x", "scope": "read"}).status_code == 400
    assert session.exec(select(ApiToken)).all() == []
