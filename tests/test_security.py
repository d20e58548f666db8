"""Security defaults that hold for every area: CSRF on forms, headers on responses."""

from sqlmodel import select

from campaign.models import Organisation


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
