"""Security defaults that hold for every area: CSRF on every POST, headers on every response,
cookie flags (docs/accounts.md "Hardening")."""

import re

from sqlalchemy import func
from sqlmodel import SQLModel, select

from campaign.models import Organisation
from tests.accounts.test_guard import sample_url


def test_post_without_csrf_token_is_refused(make_app, session):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/organisations/new", data={"name": "Ofcom", "kind": "regulator"})
    assert response.status_code == 400
    assert session.exec(select(Organisation)).all() == []


def test_post_with_csrf_token_from_the_form_is_accepted(make_app, session):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    page = client.get("/organisations/new").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post(
        "/organisations/new", data={"name": "Ofcom", "kind": "regulator", "csrf_token": token}
    )
    assert response.status_code == 302
    assert session.exec(select(Organisation.name)).all() == ["Ofcom"]


def test_security_headers_on_pages_and_errors(client):
    for path in ("/organisations/", "/does-not-exist"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_not_found_page_is_in_the_app_style(client):
    response = client.get("/asks/no-such-ask-anywhere/edit")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.get_data(as_text=True)


def test_method_not_allowed_keeps_its_allow_header(client):
    for path in ("/organisations/", "/api/v1/asks"):
        response = client.delete(path)
        assert response.status_code == 405
        assert "GET" in response.headers["Allow"]


def _directives(policy: str) -> dict[str, str]:
    return {part.split()[0]: part for part in (p.strip() for p in policy.split(";")) if part}


def assert_security_headers(response, url: str) -> None:
    csp = _directives(response.headers.get("Content-Security-Policy", ""))
    assert csp.get("frame-ancestors") == "frame-ancestors 'none'", url
    script_src = csp.get("script-src") or csp.get("default-src", "")
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, url
    assert "'self'" in script_src, url
    assert response.headers.get("X-Content-Type-Options") == "nosniff", url
    assert response.headers.get("Referrer-Policy") == "same-origin", url
    assert response.headers.get("X-Frame-Options") == "DENY", url


def test_security_headers_on_every_response(app, client, anonymous_client, client_as):
    """Every GET endpoint as an admin and signed out (pages, redirects, 404s, API JSON, 401s,
    a static file), plus a 403, a 405, a 400 and an API 404."""
    urls = [sample_url(r) for r in app.url_map.iter_rules() if "GET" in r.methods]
    statuses = set()
    for who in (client, anonymous_client):
        for url in urls:
            response = who.get(url)
            response.close()
            statuses.add(response.status_code)
            assert_security_headers(response, url)
    for response, url in [
        (client_as("viewer").get("/deliveries/"), "403"),
        (client.delete("/organisations/"), "405"),
        (client.get("/api/v1/asks/no-such-ask"), "API 404"),
        (client.post("/returns/import/confirm", data={}), "400"),
    ]:
        statuses.add(response.status_code)
        assert_security_headers(response, url)
    assert {200, 302, 401, 403, 404, 405, 400} <= statuses


def _row_counts(session) -> dict[str, int]:
    return {
        table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in SQLModel.metadata.sorted_tables
    }


def test_every_post_without_a_csrf_token_is_refused(make_app, session, make):
    """Every POST route, signed in as an admin, with real ids where a route names a row: 400
    and nothing written. The JSON API is no exception while it takes the signed-in session;
    a request that authenticates with `Authorization: Bearer` (personal access tokens) would
    be exempt by design, since a browser never sends that header by itself."""
    make.organisation(name="Ofcom")
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    before = _row_counts(session)
    posts = [
        (r.endpoint, method, sample_url(r).replace("999999", "1").replace("no-such-thing", "x"))
        for r in app.url_map.iter_rules()
        for method in sorted(r.methods & {"POST", "PUT", "PATCH", "DELETE"})
    ]
    assert len(posts) > 40
    for endpoint, method, url in posts:
        response = client.open(url, method=method, data={"name": "Changed", "kind": "ngo"})
        assert response.status_code == 400, (endpoint, url, response.status_code)
        if not url.startswith("/api/"):
            assert "CSRF" in response.get_data(as_text=True), (endpoint, url)
    assert _row_counts(session) == before
    assert session.exec(select(Organisation.name)).all() == ["Ofcom"]


def _set_cookie(response, name: str) -> str:
    cookies = [c for c in response.headers.getlist("Set-Cookie") if c.startswith(f"{name}=")]
    assert cookies, response.headers.getlist("Set-Cookie")
    return cookies[-1]


def _flags(cookie: str) -> set[str]:
    return {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}


def _session_cookie(app, base_url: str) -> str:
    client = app.test_client(as_user=None)
    response = client.get("/login", base_url=base_url)  # the form's CSRF token: a session
    return _set_cookie(response, app.config.get("SESSION_COOKIE_NAME", "session"))


def test_session_cookie_is_httponly_lax_and_secure_over_https(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    assert app.config["SESSION_COOKIE_SECURE"] == "auto"
    over_https = _session_cookie(app, "https://localhost")
    assert {"httponly", "secure"} <= _flags(over_https)
    assert re.search(r"SameSite=Lax", over_https)
    over_http = _session_cookie(app, "http://localhost")
    assert "httponly" in _flags(over_http) and "secure" not in _flags(over_http)
    assert re.search(r"SameSite=Lax", over_http)


def test_session_cookie_secure_always_or_never_when_set(make_app):
    always = make_app(WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE="true")
    assert "secure" in _flags(_session_cookie(always, "http://localhost"))
    never = make_app(WTF_CSRF_ENABLED=True, SESSION_COOKIE_SECURE="false")
    assert "secure" not in _flags(_session_cookie(never, "https://localhost"))
    assert always.config["REMEMBER_COOKIE_SECURE"] is True
    assert always.config["REMEMBER_COOKIE_HTTPONLY"] is True
    assert always.config["REMEMBER_COOKIE_SAMESITE"] == "Lax"


def test_behind_trusted_proxies_https_is_read_from_x_forwarded_proto(make_app):
    headers = {"X-Forwarded-Proto": "https"}
    trusting = make_app(WTF_CSRF_ENABLED=True, TRUSTED_PROXIES=1)
    response = trusting.test_client(as_user=None).get("/login", headers=headers)
    assert "secure" in _flags(_set_cookie(response, "session"))
    # Without TRUSTED_PROXIES, anyone could send the header: it is ignored.
    ignoring = make_app(WTF_CSRF_ENABLED=True)
    response = ignoring.test_client(as_user=None).get("/login", headers=headers)
    assert "secure" not in _flags(_set_cookie(response, "session"))


HSTS = "max-age=31536000; includeSubDomains"


def test_hsts_on_every_response_over_https_and_never_over_http(make_app):
    app = make_app()
    client = app.test_client(as_user=None)
    for path in ("/login", "/asks/", "/does-not-exist", "/api/v1/asks", "/health"):
        over_https = client.get(path, base_url="https://localhost")
        assert over_https.headers.get("Strict-Transport-Security") == HSTS, path
        over_http = client.get(path, base_url="http://localhost")
        assert "Strict-Transport-Security" not in over_http.headers, path
    signed_in = app.test_client().get("/asks/", base_url="https://localhost")
    assert signed_in.status_code == 200 and signed_in.headers["Strict-Transport-Security"] == HSTS


def test_hsts_behind_a_proxy_only_when_the_proxy_is_trusted(make_app):
    headers = {"X-Forwarded-Proto": "https"}
    trusting = make_app(TRUSTED_PROXIES=1).test_client(as_user=None)
    assert trusting.get("/login", headers=headers).headers["Strict-Transport-Security"] == HSTS
    assert "Strict-Transport-Security" not in trusting.get("/login").headers  # plain HTTP
    ignoring = make_app(TRUSTED_PROXIES=0).test_client(as_user=None)
    assert "Strict-Transport-Security" not in ignoring.get("/login", headers=headers).headers


def test_hsts_max_age_is_a_setting_and_zero_turns_it_off(make_app):
    short = make_app(HSTS_MAX_AGE=300).test_client(as_user=None)
    response = short.get("/login", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"] == "max-age=300; includeSubDomains"
    off = make_app(HSTS_MAX_AGE=0).test_client(as_user=None)
    assert (
        "Strict-Transport-Security" not in off.get("/login", base_url="https://localhost").headers
    )
