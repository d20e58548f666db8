"""The audit log page: admins only, newest first, filtered by kind, actor and UK dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from campaign.models import AuditEvent, AuditKind


@pytest.fixture
def logged(session):
    rows = [
        AuditEvent(
            at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
            kind=AuditKind.SIGN_IN,
            actor_email="ann@example.org",
            ip="10.0.0.1",
        ),
        AuditEvent(
            # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
            at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC),
            kind=AuditKind.EXPORT,
            actor_email="bob@example.org",
            subject="bundle campaign-2026-07-01.yaml",
            detail={"via": "command line"},
        ),
        AuditEvent(
            at=datetime(2026, 7, 2, 12, 0, tzinfo=UTC),
            kind=AuditKind.SIGN_IN_FAILED,
            actor_email="ann@example.org",
        ),
    ]
    session.add_all(rows)
    session.commit()
    return rows


def _kinds_shown(response) -> set[str]:
    text = response.get_data(as_text=True)
    return {k.value for k in AuditKind if f'class="audit-{k.value}"' in text}


@pytest.mark.parametrize("role", ["viewer", "editor"])
def test_only_admins_may_read_it(client_as, role):
    assert client_as(role, clearance=True).get("/audit/").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(anonymous_client):
    assert anonymous_client.get("/audit/").status_code == 302


def test_the_log_lists_newest_first_with_its_details(client, logged):
    response = client.get("/audit/")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    order = [text.index(f'class="audit-{k}"') for k in ("sign_in_failed", "export", "sign_in")]
    assert order == sorted(order)
    assert "Bundle exported" in text and "via: command line" in text and "10.0.0.1" in text
    assert "1 July 2026, 00:30 BST" in text  # UK time
    assert 'href="/audit/"' in text  # linked from the footer for admins


def test_filters(client, logged):
    def kinds(**args):
        response = client.get("/audit/", query_string=args)
        assert response.status_code == 200
        return _kinds_shown(response)

    assert kinds(kind="export") == {"export"}
    assert kinds(actor="ANN@") == {"sign_in", "sign_in_failed"}
    assert kinds(**{"from": "2026-07-01"}) == {"export", "sign_in_failed"}
    assert kinds(to="2026-06-30") == {"sign_in"}
    assert kinds(**{"from": "2026-07-01", "to": "2026-07-01"}) == {"export"}
    assert kinds(kind="nonsense", to="not a date") == {"sign_in", "sign_in_failed", "export"}


def test_the_log_is_paginated(make_app, logged):
    small = make_app(PER_PAGE=2).test_client()
    first = small.get("/audit/").get_data(as_text=True)
    assert "Page 1 of 2" in first and "3 events" in first
    second = small.get("/audit/?page=2").get_data(as_text=True)
    assert 'class="audit-sign_in"' in second and 'class="audit-export"' not in second
