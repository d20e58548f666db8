"""Each audited action writes its event, and an event survives a request that rolls back."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from sqlmodel import select

from campaign.models import (
    AskStatistic,
    AuditEvent,
    AuditKind,
    EvidenceKind,
    Sensitivity,
)
from tests.accounts.helpers import PASSWORD, real_user, submit_login
from tests.bundles.conftest import fixture
from tests.packs.test_views import builder_data


def events(session, kind: AuditKind | None = None) -> list[AuditEvent]:
    session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if kind is not None:
        query = query.where(AuditEvent.kind == kind)
    return list(session.exec(query).all())


def test_a_sign_in_is_recorded_with_its_user_and_address(app, anonymous_client, session):
    user = real_user(app)
    assert submit_login(anonymous_client, user.email, PASSWORD).status_code == 302
    [event] = events(session, AuditKind.SIGN_IN)
    assert (event.actor_user_id, event.actor_email) == (user.id, user.email)
    assert event.ip == "127.0.0.1"


def test_a_refused_sign_in_survives_the_401_rollback(app, anonymous_client, session):
    real_user(app)
    response = submit_login(anonymous_client, " Officer@Example.org", "wrong password!!")
    assert response.status_code == 401
    [event] = events(session, AuditKind.SIGN_IN_FAILED)
    assert event.actor_email == "officer@example.org" and event.actor_user_id is None
    submit_login(anonymous_client, "nobody@example.org", "whatever it is")
    assert [e.actor_email for e in events(session, AuditKind.SIGN_IN_FAILED)] == [
        "officer@example.org",
        "nobody@example.org",
    ]


def test_password_change_and_sign_out_are_recorded(app, anonymous_client, session):
    user = real_user(app)
    submit_login(anonymous_client, user.email, PASSWORD)
    new = "another long passphrase"
    wrong = {"current_password": "not it at all", "new_password": new, "confirm_password": new}
    assert anonymous_client.post("/account/password", data=wrong).status_code == 422
    assert events(session, AuditKind.PASSWORD_CHANGED) == []
    right = {**wrong, "current_password": PASSWORD}
    assert anonymous_client.post("/account/password", data=right).status_code == 302
    assert anonymous_client.post("/logout").status_code == 302
    kinds = [(e.kind, e.actor_user_id) for e in events(session)]
    assert kinds == [
        (AuditKind.SIGN_IN, user.id),
        (AuditKind.PASSWORD_CHANGED, user.id),
        (AuditKind.SIGN_OUT, user.id),
    ]


def test_the_bundle_export_is_recorded(client, session):
    assert client.get("/bundles/export.yaml").status_code == 200
    [event] = events(session, AuditKind.EXPORT)
    assert event.subject.startswith("bundle campaign-") and event.actor_user_id == client.user.id


def test_the_cli_export_and_import_are_recorded(runner, session, tmp_path):
    path = tmp_path / "out.yaml"
    assert runner.invoke(args=["export-bundle", str(path)]).exit_code == 0
    assert runner.invoke(args=["import-bundle", str(path)]).exit_code == 0
    kinds = [(e.kind, e.detail.get("via"), e.actor_user_id) for e in events(session)]
    assert kinds == [
        (AuditKind.EXPORT, "command line", None),
        (AuditKind.BUNDLE_IMPORT, "command line", None),
    ]


def test_a_web_bundle_import_is_recorded_and_a_refused_one_is_not(client, session):
    def upload(content: bytes):
        return client.post(
            "/bundles/",
            data={"file": (io.BytesIO(content), "small.yaml")},
            content_type="multipart/form-data",
        )

    assert upload(b"not: [a, bundle").status_code == 422
    assert events(session, AuditKind.BUNDLE_IMPORT) == []
    assert upload(Path(fixture("small.yaml")).read_bytes()).status_code == 302
    [event] = events(session, AuditKind.BUNDLE_IMPORT)
    assert event.subject == "bundle small.yaml" and "result" in event.detail


@pytest.fixture
def small(make):
    make.organisation(name="Ofcom", key="ofcom")
    ask = make.ask(title="Strengthen the codes", slug="strengthen-codes")
    figure = make.statistic(label="Offences recorded", key="offences", value=33226)
    make.link(AskStatistic(ask_id=ask.id, statistic_id=figure.id))
    return ask


def test_requesting_a_pack_is_recorded(app, client, session, small):
    response = client.post("/packs/new", data=builder_data("strengthen-codes", generate="1"))
    assert response.status_code == 302
    pack_id = int(response.location.rsplit("/", 1)[1])
    [event] = events(session, AuditKind.PACK_GENERATED)
    assert event.subject == f"pack {pack_id}" and event.detail["format"]
    # Let the background generation finish before the database is dropped.
    deadline = time.monotonic() + 60
    while client.get(f"/packs/{pack_id}/status").get_json()["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.05)


def test_a_cleared_view_of_restricted_evidence_is_recorded_and_a_public_one_is_not(
    client_as, make, session
):
    secret = make.evidence(
        key="childline-girl-14",
        kind=EvidenceKind.CASE_STUDY,
        sensitivity=Sensitivity.RESTRICTED,
        text="A case",
    )
    public = make.evidence(key="public-report", sensitivity=Sensitivity.PUBLIC, text="Public")
    cleared = client_as("viewer", clearance=True)
    assert cleared.get(f"/evidence/{public.id}").status_code == 200
    assert events(session) == []
    assert cleared.get(f"/evidence/{secret.id}").status_code == 200
    [event] = events(session, AuditKind.RESTRICTED_VIEWED)
    assert event.subject == "evidence childline-girl-14"
    assert event.actor_email == cleared.user.email
    # Someone without clearance is not shown the item, so nothing is recorded for them.
    client_as("viewer").get(f"/evidence/{secret.id}")
    assert len(events(session, AuditKind.RESTRICTED_VIEWED)) == 1
