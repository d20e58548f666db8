"""Follow-up actions on an interaction's page (add, mark done, reopen), and what the other
areas read: `open_actions`, `interactions_for_person`, `interactions_for_ask`."""

from __future__ import annotations

from datetime import UTC, date, datetime

from campaign import models as m
from campaign.interactions.services import (
    interactions_for_ask,
    interactions_for_person,
    open_actions,
)
from tests.interactions.helpers import fresh, interaction, person, user

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def _add(client, row, **values):
    data = {f"action-{name}": value for name, value in values.items()}
    return client.post(
        f"/interactions/{row.id}/edit", data={"interaction_action": "add_action", **data}
    )


def _change(client, row, action_id, what: str):
    data = {"interaction_action": what, "action_id": action_id}
    return client.post(f"/interactions/{row.id}/edit", data=data)


def test_an_action_is_added_done_and_reopened_on_the_page(make_app, session, make):
    app = make_app(CLOCK=lambda: NOW)
    client = app.test_client()
    owner = user(session, "owner@test.example", name="Olu Owner")
    row = interaction(make, title="Meeting")
    added = _add(
        client, row, description="Send the figures", owner_id=owner.id, due_on="2026-03-17"
    )
    assert added.status_code == 302 and added.location.endswith("#actions")
    [action] = fresh(session, row.id).actions
    assert (action.description, action.owner_id, action.due_on) == (
        "Send the figures",
        owner.id,
        date(2026, 3, 17),
    )
    page = client.get(f"/interactions/{row.id}").get_data(as_text=True)
    assert "Send the figures" in page and "Olu Owner" in page and "17 March 2026" in page
    done = _change(client, row, action.id, "done")
    assert done.status_code == 302
    assert fresh(session, row.id).actions[0].done_at == NOW
    assert "Done on 10 March 2026" in client.get(f"/interactions/{row.id}").get_data(as_text=True)
    assert _change(client, row, action.id, "reopen").status_code == 302
    assert fresh(session, row.id).actions[0].done_at is None
    # Another interaction's action is not found through this one.
    other = interaction(make, title="Other")
    assert _change(client, other, action.id, "done").status_code == 404


def test_a_refused_action_names_its_field_and_saves_nothing(client, session, make):
    row = interaction(make, title="Meeting")
    gone = user(session, "gone@test.example", active=False)
    refused = _add(client, row, description=" ", owner_id="", due_on="next week")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    for field in ("action-description", "action-owner_id", "action-due_on"):
        assert f'id="{field}-error"' in page, field
    assert "Enter the action." in page and "Choose the owner." in page
    inactive = _add(client, row, description="Call back", owner_id=gone.id)
    assert inactive.status_code == 422
    assert "Not a valid choice" in inactive.get_data(as_text=True)
    assert fresh(session, row.id).actions == []
    unknown = client.post(f"/interactions/{row.id}/edit", data={"interaction_action": "x"})
    assert unknown.status_code == 400


def test_viewers_cannot_change_actions(client_as, session, make):
    owner = user(session, "owner@test.example")
    row = interaction(make, title="Meeting")
    viewer = client_as("viewer")
    assert _add(viewer, row, description="X", owner_id=owner.id).status_code == 403
    assert fresh(session, row.id).actions == []
    session.add(m.FollowUpAction(interaction_id=row.id, description="Y", owner_id=owner.id))
    session.commit()
    [action] = fresh(session, row.id).actions
    assert _change(viewer, row, action.id, "done").status_code == 403
    assert fresh(session, row.id).actions[0].done_at is None
    assert "Mark done" not in viewer.get(f"/interactions/{row.id}").get_data(as_text=True)


def test_open_actions_are_the_undone_ones_of_active_interactions_soonest_first(session, make, app):
    owner = user(session, "owner@test.example")
    first = interaction(make, title="First")
    archived = interaction(make, title="Archived")

    def action(row, description, due_on=None, done=False):
        session.add(
            m.FollowUpAction(
                interaction_id=row.id,
                description=description,
                owner_id=owner.id,
                due_on=due_on,
                done_at=NOW if done else None,
            )
        )

    action(first, "no date")
    action(first, "later", date(2026, 4, 1))
    action(first, "sooner", date(2026, 3, 1))
    action(first, "done", date(2026, 2, 1), done=True)
    action(archived, "of an archived one", date(2026, 2, 1))
    session.commit()
    archived.archived_at = NOW
    session.add(archived)
    session.commit()
    session.expire_all()
    shown = open_actions(session)
    assert [a.description for a in shown] == ["sooner", "later", "no date"]
    assert shown[0].interaction.title == "First" and shown[0].owner.email == owner.email
    due = open_actions(session, until=date(2026, 3, 31))
    assert [a.description for a in due] == ["sooner"]


def test_the_interactions_of_a_person_and_of_an_ask_newest_first(session, make):
    dawes = person(make, session, "Dame Melanie Dawes")
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    old = interaction(make, title="Old", occurred_at="2026-01-05T09:00", person_keys=[dawes.key])
    new = interaction(
        make,
        title="New",
        occurred_at="2026-02-05T09:00",
        person_keys=[dawes.key],
        asks=[{"ask": ask.slug, "discussed": True, "outcome": "Agreed"}],
    )
    interaction(make, title="Unrelated")
    archived = interaction(make, title="Archived", person_keys=[dawes.key])
    archived.archived_at = NOW
    session.add(archived)
    session.commit()
    assert [i.title for i in interactions_for_person(session, dawes.id)] == ["New", "Old"]
    [found] = interactions_for_ask(session, ask.id)
    assert found.id == new.id and found.ask_links[0].outcome == "Agreed"
    assert old.id is not None
