"""Milestone and response changes are announced, so the reminders can follow them."""

from contextlib import contextmanager
from datetime import date

from campaign import signals


@contextmanager
def received(signal):
    ids = []

    def receiver(sender, **extra):
        ids.append(extra["id"])

    signal.connect(receiver)
    try:
        yield ids
    finally:
        signal.disconnect(receiver)


def test_every_milestone_change_is_announced(client, make):
    milestone = make.milestone(milestone_date=date(2026, 2, 23))
    with received(signals.milestone_changed) as ids:
        client.post(f"/milestones/{milestone.id}/archive")
        client.post(f"/milestones/{milestone.id}/restore")
    assert ids == [milestone.id, milestone.id]


def test_a_refused_edit_is_not_announced(client, make):
    milestone = make.milestone()
    with received(signals.milestone_changed) as ids:
        response = client.post(f"/milestones/{milestone.id}/edit", data={"title": ""})
    assert response.status_code == 422
    assert ids == []


def test_response_changes_are_announced(client, make):
    response = make.response()
    with received(signals.response_changed) as ids:
        client.post(f"/responses/{response.id}/archive")
    assert ids == [response.id]
