"""Every route needs sign-in except a short list, and roles decide what may change. The walk
over `app.url_map` makes a new route without a rule fail here."""

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter

from campaign.accounts.guard import ANYONE, RULES, required, rule_for

EXEMPT = {"static", "health.health", "accounts.login", "accounts.reset_password", "calendar.feed"}
ADMIN_ONLY = {"deliveries.index", "calendar.regenerate"}
ADMIN_ONLY |= {"audit.index"}  # the audit log
ADMIN_ONLY |= {  # user administration
    "accounts.users_index",
    "accounts.users_new",
    "accounts.users_edit",
    "accounts.users_unlock",
    "accounts.users_reset_link",
}
# Open to anyone, but a sample (invalid) reset token gets the "link cannot be used" page.
BAD_TOKEN = {"accounts.reset_password"}


def sample_url(rule) -> str:
    """The rule's URL with a sample value for each variable (ids that do not exist: a 404 is
    "let past the guard")."""
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = 999999
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        elif isinstance(converter, PathConverter):
            values[name] = "css/app.css"
        else:
            values[name] = "no-such-thing"
    return rule.build(values)[1]


def get_rules(app):
    return [r for r in app.url_map.iter_rules() if "GET" in r.methods]


def test_only_the_exempt_endpoints_are_open_to_anyone(app):
    opened = {
        r.endpoint
        for r in app.url_map.iter_rules()
        for method in r.methods
        if required(r.endpoint, method) == ANYONE
    }
    assert opened == EXEMPT
    assert rule_for("some.new_endpoint") is RULES[-1]  # protected by default


def test_anonymous_walk_of_every_endpoint(app, anonymous_client):
    for rule in get_rules(app):
        url = sample_url(rule)
        response = anonymous_client.get(url)
        response.close()  # a static file is streamed from disk
        if rule.endpoint in BAD_TOKEN:
            assert response.status_code == 400, url
        elif rule.endpoint in EXEMPT:
            assert response.status_code in (200, 404), url
        elif url.startswith("/api/"):
            assert response.status_code == 401, url
            assert response.get_json()["error"]["status"] == 401
        else:
            assert response.status_code == 302, url
            assert response.headers["Location"].startswith("/login?next="), url
        assert response.status_code != 200 or rule.endpoint in EXEMPT, url


# The whole-campaign export holds restricted evidence: a viewer without clearance is refused.
NEEDS_CLEARANCE = {"bundles.export"}


def test_viewer_walk_of_every_endpoint(app, client_as):
    viewer = client_as("viewer")
    for rule in get_rules(app):
        url = sample_url(rule)
        response = viewer.get(url)
        response.close()
        status = response.status_code
        if rule.endpoint in ADMIN_ONLY or rule.endpoint in NEEDS_CLEARANCE:
            assert status == 403, url
        elif rule.endpoint == "accounts.login":
            assert status == 302, url  # signed in already: sent on
        elif rule.endpoint in BAD_TOKEN:
            assert status == 400, url
        else:
            assert status in (200, 404), (url, status)


def test_anonymous_requests_are_sent_to_sign_in_with_next(anonymous_client):
    response = anonymous_client.get("/asks/?status=active")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/asks/?status%3Dactive"
    assert anonymous_client.post("/organisations/new", data={}).status_code == 302
    assert anonymous_client.get("/no/such/page").status_code == 302  # nothing revealed


def test_the_api_answers_anonymous_requests_with_401_json(anonymous_client):
    response = anonymous_client.get("/api/v1/asks")
    assert response.status_code == 401 and response.mimetype == "application/json"
    assert response.get_json()["error"]["title"] == "Unauthorized"


def test_the_api_accepts_the_signed_in_session(client_as):
    assert client_as("viewer").get("/api/v1/asks").status_code == 200


def test_open_endpoints_need_no_sign_in(anonymous_client):
    assert anonymous_client.get("/health").status_code == 200
    with anonymous_client.get("/static/css/app.css") as response:
        assert response.status_code == 200
    assert anonymous_client.get("/calendar.ics?token=wrong").status_code == 404


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/organisations/new", {"name": "Ofcom", "kind": "regulator"}),
        ("/notifications/read-all", {}),
        ("/packs/new", {}),
        ("/bundles/", {}),
        ("/returns/import", {}),
        ("/calendar/regenerate", {}),
    ],
)
def test_a_viewer_may_not_change_anything(client_as, path, data):
    assert client_as("viewer").post(path, data=data).status_code == 403


def test_a_viewer_may_sign_out(client_as):
    viewer = client_as("viewer")
    assert viewer.post("/logout").status_code == 302
    assert viewer.get("/").status_code == 302


def test_an_editor_changes_campaign_data_but_not_admin_areas(client_as, session):
    editor = client_as("editor")
    created = editor.post("/organisations/new", data={"name": "Ofcom", "kind": "regulator"})
    assert created.status_code == 302
    assert editor.get("/deliveries/").status_code == 403
    assert editor.post("/calendar/regenerate").status_code == 403
    assert editor.get("/calendar/").status_code == 200


def test_an_admin_reaches_admin_areas(client_as):
    admin = client_as("admin")
    assert admin.get("/deliveries/").status_code == 200
    assert admin.post("/calendar/regenerate").status_code == 302


def test_403_pages_say_what_is_needed(client_as):
    page = client_as("editor").get("/deliveries/")
    assert b"admin role" in page.data
    api = client_as("viewer").get("/api/v1/asks")
    assert api.status_code == 200


def test_admin_only_controls_are_shown_to_admins_only(client_as):
    assert b"Regenerate link" not in client_as("editor").get("/calendar/").data
    assert b"Regenerate link" in client_as("admin").get("/calendar/").data
    assert b"/deliveries/" not in client_as("editor").get("/").data
    assert b"/deliveries/" in client_as("admin").get("/").data
