"""User administration: admin-only pages, create / edit, and their protections."""

import pytest
from sqlmodel import select

from campaign.accounts import admin
from campaign.common.services import ServiceError
from campaign.models import Organisation, User, UserRole
from tests.accounts.helpers import real_user
from tests.support.accounts import sign_in

USER_ROUTES = [
    ("get", "/users/"),
    ("get", "/users/new"),
    ("post", "/users/new"),
    ("get", "/users/{id}"),
    ("post", "/users/{id}"),
    ("post", "/users/{id}/reset-link"),
]


def fetch(session, email):
    session.expire_all()
    return session.exec(select(User).where(User.email == email)).one()


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_every_users_route_is_admin_only(app, client_as, role):
    target = real_user(app, email="target@example.org", role="viewer")
    someone = client_as(role)
    for method, path in USER_ROUTES:
        url = path.format(id=target.id)
        response = getattr(someone, method)(url, data={"role": "admin", "active": "y"})
        assert response.status_code == 403, (method, url)


def test_the_list_shows_every_account(app, client):
    real_user(app, email="ann@example.org", role="editor", name="Ann Lee", clearance=True)
    page = client.get("/users/").get_data(as_text=True)
    assert "ann@example.org" in page and "Ann Lee" in page and "Editor" in page
    assert "Cleared" in page and "Never" in page
    assert 'href="/users/"' in client.get("/").get_data(as_text=True)  # footer link


def test_create_shows_a_link_and_the_account_has_no_known_password(client, session):
    response = client.post(
        "/users/new",
        data={"email": "New@Example.org", "name": "New", "role": "editor", "clearance": "y"},
    )
    assert response.status_code == 200
    assert "http://localhost/reset/" in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    user = fetch(session, "new@example.org")
    assert (user.role, user.restricted_clearance, user.name) == (UserRole.EDITOR, True, "New")
    assert user.password_hash.startswith("$argon2")


def test_create_refuses_a_duplicate(app, client):
    real_user(app, email="ann@example.org")
    response = client.post("/users/new", data={"email": "ann@example.org", "role": "viewer"})
    assert response.status_code == 422
    assert "already an account" in response.get_data(as_text=True)


def test_a_change_signs_the_person_out_and_applies_when_they_sign_in_again(
    app, client, client_as, session
):
    """Role, clearance and active are read at every request; a change also ends the person's
    sessions (their session version goes up), so they sign in again to work with it."""
    viewer = client_as("viewer")
    assert viewer.post("/organisations/new", data={"name": "Ofcom"}).status_code == 403
    user = fetch(session, viewer.user.email)
    saved = client.post(f"/users/{user.id}", data={"role": "editor", "active": "y"})
    assert saved.status_code == 302
    refused = viewer.post("/organisations/new", data={"name": "Ofcom", "kind": "regulator"})
    assert refused.status_code == 302 and refused.headers["Location"].startswith("/login")
    assert session.exec(select(Organisation)).all() == []
    sign_in(viewer, fetch(session, user.email))  # signing in again: now an editor
    created = viewer.post("/organisations/new", data={"name": "Ofcom", "kind": "regulator"})
    assert created.status_code == 302 and created.headers["Location"].startswith("/organisations/")
    # Clearance and deactivation
    client.post(f"/users/{user.id}", data={"role": "editor", "clearance": "y", "active": "y"})
    assert fetch(session, user.email).restricted_clearance is True
    client.post(f"/users/{user.id}", data={"role": "editor"})
    assert fetch(session, user.email).is_active is False
    assert viewer.get("/").status_code == 302  # signed out


def test_an_admin_cannot_demote_or_deactivate_themself(app, client, session):
    real_user(app, email="other-admin@example.org", role="admin")
    me = fetch(session, client.user.email)
    demote = client.post(f"/users/{me.id}", data={"role": "editor", "active": "y"})
    assert demote.status_code == 422
    assert "You cannot change your own role." in demote.get_data(as_text=True)
    deactivate = client.post(f"/users/{me.id}", data={"role": "admin"})
    assert "You cannot deactivate your own account." in deactivate.get_data(as_text=True)
    me = fetch(session, client.user.email)
    assert (me.role, me.is_active) == (UserRole.ADMIN, True)
    # Changing one's own clearance is allowed.
    assert client.post(f"/users/{me.id}", data={"role": "admin", "active": "y"}).status_code == 302
    assert fetch(session, me.email).restricted_clearance is False


def test_the_last_active_admin_cannot_be_removed(app, session):
    only = real_user(app, email="only-admin@example.org", role="admin")
    actor = real_user(app, email="actor@example.org", role="editor")
    with app.app_context():
        for role, active, field in [("editor", True, "role"), ("admin", False, "active")]:
            with pytest.raises(ServiceError, match="last active admin") as refused:
                admin.update_user(
                    session=session,
                    actor=actor,
                    user=session.get(User, only.id),
                    role=UserRole(role),
                    clearance=False,
                    active=active,
                )
            assert refused.value.field == field
            session.rollback()
        real_user(app, email="second-admin@example.org", role="admin")
        admin.update_user(
            session=session,
            actor=actor,
            user=session.get(User, only.id),
            role=UserRole.EDITOR,
            clearance=False,
            active=True,
        )
        assert session.get(User, only.id).role == UserRole.EDITOR


def test_unknown_user_is_404(client):
    assert client.get("/users/999999").status_code == 404
    assert client.post("/users/999999/reset-link").status_code == 404


def test_the_forms_carry_csrf_tokens(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = real_user(app, email="csrf@example.org")
    for url in ["/users/", "/users/new", f"/users/{user.id}"]:
        assert 'name="csrf_token"' in client.get(url).get_data(as_text=True), url
    assert client.post("/users/new", data={"email": "x@example.org"}).status_code == 400
    assert client.post(f"/users/{user.id}/reset-link").status_code == 400


def test_a_role_change_is_audited_and_an_unchanged_save_is_not(client, client_as, session):
    from sqlmodel import select

    from campaign.models import AuditEvent, AuditKind

    viewer = client_as("viewer")
    user = fetch(session, viewer.user.email)
    client.post(f"/users/{user.id}", data={"role": "editor", "active": "y"})
    client.post(f"/users/{user.id}", data={"role": "editor", "active": "y"})  # no change
    session.expire_all()
    changes = session.exec(
        select(AuditEvent).where(AuditEvent.kind == AuditKind.ROLE_CHANGED)
    ).all()
    assert len(changes) == 1
    [event] = changes
    assert event.subject == f"user {user.email}"
    assert event.detail["role"] == ["viewer", "editor"]


def test_two_admins_demoting_each_other_at_once_leave_one_admin(app):
    """The second demotion waits for the first (PostgreSQL: rows locked; SQLite: one writer)
    and is then refused: there is always an active admin."""
    import threading

    from sqlmodel import Session

    from campaign.db import get_engine

    first = real_user(app, email="first-admin@example.org", role="admin")
    second = real_user(app, email="second-admin@example.org", role="admin")
    outcome = {}

    def demote(actor_id, user_id, started=None):
        with app.app_context(), Session(get_engine()) as session:
            try:
                admin.update_user(
                    session=session,
                    actor=session.get(User, actor_id),
                    user=session.get(User, user_id),
                    role=UserRole.EDITOR,
                    clearance=False,
                    active=True,
                )
                if started is not None:
                    started.set()
                    threading.Event().wait(0.5)  # hold the write while the other one tries
                session.commit()
                outcome[user_id] = "demoted"
            except Exception as error:  # noqa: BLE001  (the test records how it was refused)
                session.rollback()
                outcome[user_id] = type(error).__name__

    started = threading.Event()
    one = threading.Thread(target=demote, args=(first.id, second.id, started))
    one.start()
    assert started.wait(5)
    demote(second.id, first.id)
    one.join(10)
    assert sorted(outcome.values()) == ["ServiceError", "demoted"], outcome
    with app.app_context(), Session(get_engine()) as session:
        admins = session.exec(select(User).where(User.role == UserRole.ADMIN, User.is_active)).all()
    assert len(admins) == 1
