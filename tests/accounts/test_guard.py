"""Every route needs sign-in except a short list, and roles decide what may change.

`test_every_endpoint_for_every_role` walks every rule and method in `app.url_map` as anonymous,
viewer, editor and admin, each with and without restricted-evidence clearance, and checks the
status against EXPECTED below: a table written out by hand, NOT derived from guard.RULES (else
it could not fail). A new route that is not in EXPECTED fails the suite until someone decides
who may reach it and adds ONE line here (and a rule in campaign/accounts/guard.py if the default
"viewer reads, editor writes" is wrong for it).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from werkzeug.routing import AnyConverter, IntegerConverter, PathConverter

from campaign.accounts.guard import ANYONE as GUARD_ANYONE
from campaign.accounts.guard import RULES, required, rule_for
from campaign.entities import all_entities
from tests.support.accounts import ensure_user, sign_in


@dataclass(frozen=True)
class Access:
    """Who gets past the guard: `read` for GET, `write` for every other method. Each is
    "anyone", "viewer", "editor" or "admin" (a higher role may do all a lower one may)."""

    read: str
    write: str
    clearance: bool = False  # also refused (403) to a user without restricted-evidence clearance


OPEN = Access("anyone", "anyone")  # no sign-in: the view checks its own token, if any
SIGNED_IN = Access("viewer", "viewer")  # anyone signed in (their own session and password)
CAMPAIGN = Access("viewer", "editor")  # campaign data: viewers read, editors change
ADMIN_ONLY = Access("admin", "admin")
CLEARED = Access("viewer", "editor", clearance=True)  # holds restricted evidence

# Every endpoint, one line each. Adding a route? Add its endpoint here with one of the accesses
# above, e.g. `"asks.history": CAMPAIGN,`, `"asks.restore_revision": CAMPAIGN,`,
# `"accounts.tokens_index": SIGNED_IN,` (a user's own tokens), `"api.create_ask": CAMPAIGN,`
# (an API write: POST/PATCH under /api/v1/ needs the editor role).
EXPECTED: dict[str, Access] = {
    # open to anyone
    "static": OPEN,
    "health.health": OPEN,
    "accounts.login": OPEN,
    "accounts.reset_password": OPEN,  # its own signed one-time token (400 without one)
    "calendar.feed": OPEN,  # its own secret token (404 without it)
    # anyone signed in
    "accounts.logout": SIGNED_IN,
    "accounts.sign_out_everywhere": SIGNED_IN,
    "accounts.password": SIGNED_IN,
    "accounts.tokens_index": SIGNED_IN,  # one's own API tokens
    "accounts.tokens_create": SIGNED_IN,
    "accounts.tokens_revoke": SIGNED_IN,
    # admins only
    "accounts.users_index": ADMIN_ONLY,
    "accounts.users_new": ADMIN_ONLY,
    "accounts.users_edit": ADMIN_ONLY,
    "accounts.users_reset_link": ADMIN_ONLY,
    "accounts.users_token_revoke": ADMIN_ONLY,  # revoke anyone's token
    "audit.index": ADMIN_ONLY,
    "deliveries.index": ADMIN_ONLY,
    "calendar.regenerate": ADMIN_ONLY,
    # restricted evidence inside: clearance too
    "bundles.export": CLEARED,
    # the JSON API: reads for anyone signed in; writes (POST/PATCH) need the editor role
    "api.create_ask": CAMPAIGN,
    "api.revisions": CAMPAIGN,  # an item's revision history (reads only)
    "api.update_ask": CAMPAIGN,
    "api.create_statistic": CAMPAIGN,
    "api.update_statistic": CAMPAIGN,
    "api.create_source": CAMPAIGN,
    "api.update_source": CAMPAIGN,
    "api.create_evidence": CAMPAIGN,
    "api.update_evidence": CAMPAIGN,
    "api.create_response": CAMPAIGN,
    "api.update_response": CAMPAIGN,
    "api.create_milestone": CAMPAIGN,
    "api.update_milestone": CAMPAIGN,
    "api.ask": CAMPAIGN,
    "api.asks": CAMPAIGN,
    "api.claims": CAMPAIGN,
    "api.search": CAMPAIGN,  # everything that matches (restricted evidence only with clearance)
    "search.index": CAMPAIGN,
    "api.lookup": CAMPAIGN,
    "api.person_stances": CAMPAIGN,  # GET reads, POST records a stance (issue 18)
    "people.record_stance": CAMPAIGN,
    "people.export_data": CAMPAIGN,  # a POST: editors export a person's data
    "people.erase": ADMIN_ONLY,  # cannot be undone
    "people.retention_review": CAMPAIGN,
    "api.evidence": CAMPAIGN,
    "api.evidence_item": CAMPAIGN,
    "api.milestone": CAMPAIGN,
    "api.milestones": CAMPAIGN,
    "api.organisation": CAMPAIGN,
    "api.organisations": CAMPAIGN,
    "api.response": CAMPAIGN,
    "api.responses": CAMPAIGN,
    "api.source": CAMPAIGN,
    "api.sources": CAMPAIGN,
    "api.statistic": CAMPAIGN,
    "api.statistics": CAMPAIGN,
    # asks
    "asks.index": CAMPAIGN,
    "asks.detail": CAMPAIGN,
    "asks.new": CAMPAIGN,
    "asks.edit": CAMPAIGN,
    "asks.archive": CAMPAIGN,
    "asks.restore": CAMPAIGN,
    "asks.link": CAMPAIGN,
    "asks.link_note": CAMPAIGN,
    "asks.move": CAMPAIGN,
    "asks.unlink": CAMPAIGN,
    # organisations, sources, statistics, evidence, responses, milestones
    "organisations.index": CAMPAIGN,
    "organisations.detail": CAMPAIGN,
    "organisations.new": CAMPAIGN,
    "organisations.edit": CAMPAIGN,
    "organisations.archive": CAMPAIGN,
    "organisations.restore": CAMPAIGN,
    "sources.index": CAMPAIGN,
    "sources.detail": CAMPAIGN,
    "sources.new": CAMPAIGN,
    "sources.edit": CAMPAIGN,
    "sources.archive": CAMPAIGN,
    "sources.restore": CAMPAIGN,
    "statistics.index": CAMPAIGN,
    "statistics.detail": CAMPAIGN,
    "statistics.new": CAMPAIGN,
    "statistics.edit": CAMPAIGN,
    "statistics.archive": CAMPAIGN,
    "statistics.restore": CAMPAIGN,
    "evidence.index": CAMPAIGN,
    "evidence.detail": CAMPAIGN,
    "evidence.new": CAMPAIGN,
    "evidence.edit": CAMPAIGN,
    "evidence.archive": CAMPAIGN,
    "evidence.restore": CAMPAIGN,
    "responses.index": CAMPAIGN,
    "responses.detail": CAMPAIGN,
    "responses.new": CAMPAIGN,
    "responses.edit": CAMPAIGN,
    "responses.archive": CAMPAIGN,
    "responses.restore": CAMPAIGN,
    "milestones.index": CAMPAIGN,
    "milestones.detail": CAMPAIGN,
    "milestones.new": CAMPAIGN,
    "milestones.edit": CAMPAIGN,
    "milestones.archive": CAMPAIGN,
    "milestones.restore": CAMPAIGN,
    "milestones.timeline": CAMPAIGN,
    "milestones.done": CAMPAIGN,
    "milestones.undone": CAMPAIGN,
    "milestones.move": CAMPAIGN,
    # revision history: every area's page reads; restoring a version is an edit
    "asks.history": CAMPAIGN,
    "asks.restore_version": CAMPAIGN,
    "sources.history": CAMPAIGN,
    "sources.restore_version": CAMPAIGN,
    "statistics.history": CAMPAIGN,
    "statistics.restore_version": CAMPAIGN,
    "evidence.history": CAMPAIGN,
    "evidence.restore_version": CAMPAIGN,
    "responses.history": CAMPAIGN,
    "responses.restore_version": CAMPAIGN,
    "milestones.history": CAMPAIGN,
    "milestones.restore_version": CAMPAIGN,
    # everything else in the campaign
    "dashboard.index": CAMPAIGN,
    "claims.index": CAMPAIGN,
    "bundles.index": CAMPAIGN,
    "bundles.upload": CAMPAIGN,  # imports a whole bundle: an editor
    "calendar.index": CAMPAIGN,
    "calendar.milestone_event": CAMPAIGN,
    "notifications.index": CAMPAIGN,
    "notifications.read": CAMPAIGN,  # marking one's own reminders read is a write: an editor
    "notifications.read_all": CAMPAIGN,
    "packs.index": CAMPAIGN,
    "packs.new": CAMPAIGN,
    "packs.create": CAMPAIGN,  # previews and generates: an editor
    "packs.detail": CAMPAIGN,
    "packs.status": CAMPAIGN,
    "packs.download": CAMPAIGN,  # a pack with restricted evidence: the view checks clearance
    "packs.retry": CAMPAIGN,
    "returns.index": CAMPAIGN,
    "returns.new": CAMPAIGN,
    "returns.preview": CAMPAIGN,
    "returns.confirm": CAMPAIGN,
    "returns.source_returns": CAMPAIGN,
    "monitoring.index": CAMPAIGN,  # the monitoring health page: viewers read
    # the monitoring inbox: viewers read, editors triage (dismiss, or make a record)
    "inbox.index": CAMPAIGN,
    "inbox.detail": CAMPAIGN,
    "inbox.dismiss": CAMPAIGN,
    "inbox.response": CAMPAIGN,
    "inbox.milestone": CAMPAIGN,
    "inbox.evidence": CAMPAIGN,
    "inbox.commitment": CAMPAIGN,
    "inbox.person_note": CAMPAIGN,
    "api.inbox": CAMPAIGN,
    "api.inbox_item": CAMPAIGN,
    "api.dismiss_inbox_item": CAMPAIGN,
}


def _record_endpoints(entity) -> list[str]:
    """The endpoints a registered kind of record gets from its description (campaign.entities):
    its pages, its history and its API routes."""
    pages = ["index", "detail", "new", "edit", "archive", "restore"]
    if entity.revisioned:
        pages += ["history", "restore_version"]
    endpoints = [f"{entity.plural}.{page}" for page in pages]
    if entity.api is not None:
        endpoints += [f"api.{entity.plural}", f"api.{entity.item_endpoint}"]
        if entity.api.writable:
            endpoints += [f"api.create_{entity.name}", f"api.update_{entity.name}"]
    return endpoints


# Every registered record's endpoints: campaign data, viewers read and editors write (the
# records written out above say the same; a new record is walked without an edit here).
for _entity in all_entities():
    for _endpoint in _record_endpoints(_entity):
        EXPECTED.setdefault(_endpoint, CAMPAIGN)

RANK = {"viewer": 1, "editor": 2, "admin": 3}
# Who walks: None is signed out; otherwise (role, clearance).
WALKERS = [None] + [(role, cleared) for role in RANK for cleared in (False, True)]
WALKED_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")  # HEAD and OPTIONS follow GET
# Walked last for each user, each after signing in afresh: they end every session of the user.
SIGNS_OUT = {"accounts.logout", "accounts.sign_out_everywhere"}


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


def requests_to_walk(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every rule and method; sign-out last."""
    walk = [
        (rule.endpoint, method, sample_url(rule))
        for rule in app.url_map.iter_rules()
        for method in sorted(rule.methods & set(WALKED_METHODS))
    ]
    return sorted(walk, key=lambda request: request[0] in SIGNS_OUT)


def expected_outcome(access: Access, method: str, walker) -> str:
    """The outcome: "pass" (past the guard), "sign-in" (302 to /login or 401 JSON) or
    "forbidden" (403)."""
    needed = access.read if method == "GET" else access.write
    if needed == "anyone":
        return "pass"
    if walker is None:
        return "sign-in"
    role, cleared = walker
    if RANK[role] < RANK[needed] or (access.clearance and not cleared):
        return "forbidden"
    return "pass"


def check(response, outcome: str, url: str) -> str | None:
    """What is wrong with `response` for the expected outcome, or None."""
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if outcome == "forbidden":
        return None if status == 403 else f"expected 403, got {status}"
    if outcome == "sign-in":
        if url.startswith("/api/"):
            json = response.get_json(silent=True) or {}
            ok = status == 401 and json.get("error", {}).get("status") == 401
            return None if ok else f"expected a 401 JSON error, got {status}"
        location = response.headers.get("Location", "")
        ok = status == 302 and location.startswith("/login?next=")
        return None if ok else f"expected 302 to /login?next=, got {status} {location}"
    # Past the guard: whatever the view answers to a sample URL and an empty form (200, 302,
    # 400, 404, 409, 422), but not a refusal, nor a redirect to the sign-in page.
    if status in (401, 403):
        return f"expected to get past the guard, got {status}"
    if response.headers.get("Location", "").startswith("/login?next="):
        return f"expected to get past the guard, sent to {response.headers['Location']}"
    return None


def test_every_endpoint_is_in_the_expectation_table(app):
    missing = sorted({r.endpoint for r in app.url_map.iter_rules()} - set(EXPECTED))
    assert not missing, (
        f"No expected access for {missing}: add one line per endpoint to EXPECTED in "
        "tests/accounts/test_guard.py (and a rule to campaign/accounts/guard.py RULES if "
        "'viewers read, editors write' is not right for it)."
    )
    stale = sorted(set(EXPECTED) - {r.endpoint for r in app.url_map.iter_rules()})
    assert not stale, f"EXPECTED names endpoints that no longer exist: {stale}"


def test_every_endpoint_for_every_role(app):
    """~1,000 requests: one app, one client per walker."""
    walk = requests_to_walk(app)
    unknown = sorted({endpoint for endpoint, _, _ in walk} - set(EXPECTED))
    if unknown:
        pytest.fail(f"Add {unknown} to EXPECTED in tests/accounts/test_guard.py")
    failures = []
    for walker in WALKERS:
        client = app.test_client(as_user=walker)
        for endpoint, method, url in walk:
            if endpoint in SIGNS_OUT and walker is not None:
                sign_in(client, ensure_user(app, *walker))
            outcome = expected_outcome(EXPECTED[endpoint], method, walker)
            response = client.open(url, method=method, data={})
            response.close()  # a static file is streamed from disk
            problem = check(response, outcome, url)
            if problem:
                who = "anonymous" if walker is None else f"{walker[0]} clearance={walker[1]}"
                failures.append(f"{who}: {method} {url} ({endpoint}): {problem}")
    assert not failures, "\n".join(failures)


def test_only_the_exempt_endpoints_are_open_to_anyone(app):
    opened = {
        r.endpoint
        for r in app.url_map.iter_rules()
        for method in r.methods
        if required(r.endpoint, method) == GUARD_ANYONE
    }
    assert opened == {endpoint for endpoint, access in EXPECTED.items() if access == OPEN}
    assert rule_for("some.new_endpoint") is RULES[-1]  # protected by default


def test_the_walk_can_fail(app, client_as):
    """The checks above are not vacuous: a refusal where a pass is expected is reported."""
    viewer = client_as("viewer")
    refused = viewer.post("/organisations/new", data={})
    assert check(refused, "pass", "/organisations/new") == "expected to get past the guard, got 403"
    assert check(viewer.get("/asks/"), "forbidden", "/asks/") == "expected 403, got 200"


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
    with anonymous_client.get("/static/css/campaign.css") as response:
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
