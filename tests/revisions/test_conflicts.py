"""No lost updates: a save over a newer version shows both versions instead of overwriting,
and keeps what the user typed."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from campaign.db import get_engine
from campaign.entities import entity_for
from campaign.models import Ask, Evidence, Milestone, Response, Source, Statistic
from tests.revisions.helpers import edit_data, title_field
from tests.revisions.test_history import AREAS, FACTORY

MODELS = [Ask, Statistic, Source, Evidence, Response, Milestone]


def test_two_editors_saving_from_the_same_version(app, client_as, session, make):
    ask = make.ask(title="Pause the roll-out", summary="Meta should pause.")
    first, second = client_as("editor"), client_as("admin")
    # Both open the edit page at version 1.
    assert 'name="version" type="hidden" value="1"' in first.get(f"/asks/{ask.slug}/edit").get_data(
        as_text=True
    )
    mine = edit_data(app, Ask, ask.id, summary="Meta should pause end-to-end encryption.")
    theirs = edit_data(app, Ask, ask.id, summary="Meta must not roll out encryption yet.")

    assert first.post(f"/asks/{ask.slug}/edit", data=mine).status_code == 302
    response = second.post(f"/asks/{ask.slug}/edit", data=theirs)

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    text = " ".join(page.split())
    assert "Not saved: someone else changed this ask" in text
    assert "You started from version 1, but it is now at version 2, saved by Test editor" in text
    # Both versions are on the page, and the second editor's text is still in the form,
    # now based on version 2, so saving again is a deliberate overwrite.
    assert "Meta should pause end-to-end encryption." in page
    assert page.count("Meta must not roll out encryption yet.") == 2  # table and textarea
    assert 'name="version" type="hidden" value="2"' in page
    session.expire_all()
    saved = session.get(Ask, ask.id)
    assert saved.summary == "Meta should pause end-to-end encryption." and saved.version == 2

    # Saving again from the conflict page (version 2) replaces it, as a new revision.
    again = edit_data(app, Ask, ask.id, summary="Meta must not roll out encryption yet.")
    assert second.post(f"/asks/{ask.slug}/edit", data=again).status_code == 302
    session.expire_all()
    assert session.get(Ask, ask.id).summary == "Meta must not roll out encryption yet."
    assert session.get(Ask, ask.id).version == 3


def test_a_save_racing_another_between_read_and_write_is_a_conflict(
    app, client, session, make, monkeypatch
):
    """Both requests pass the version check; the database refuses the second write
    (UPDATE … WHERE version = 1 matches nothing), which shows the conflict page."""
    statistic = make.statistic(label="Offences recorded", value=33226)
    views = entity_for(Statistic)
    real_update = views.update

    def racing_update(obj, *, session, data):
        with Session(get_engine()) as other:  # a colleague's request, committed first
            row = other.get(Statistic, obj.id)
            row.caveats = "35 of 45 forces"
            other.commit()
        real_update(obj, session=session, data=data)

    monkeypatch.setattr(views, "update", racing_update)
    data = edit_data(app, Statistic, statistic.id, label="Offences recorded (35 forces)")
    response = client.post(f"/statistics/{statistic.id}/edit", data=data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Offences recorded (35 forces)" in page and "35 of 45 forces" in page
    session.expire_all()
    row = session.get(Statistic, statistic.id)
    assert (row.label, row.caveats, row.version) == ("Offences recorded", "35 of 45 forces", 2)


def test_a_form_without_a_version_still_saves(app, client, session, make):
    ask = make.ask(title="Old")
    data = edit_data(app, Ask, ask.id, title="New")
    del data["version"]
    assert client.post(f"/asks/{ask.slug}/edit", data=data).status_code == 302
    session.expire_all()
    assert session.get(Ask, ask.id).title == "New"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_item_form_shows_the_conflict_page(app, client, session, make, model):
    obj = getattr(make, FACTORY[model])()
    name = title_field(model)
    url = f"/{AREAS[model]}/{obj.slug if model is Ask else obj.id}/edit"
    assert (
        client.post(url, data=edit_data(app, model, obj.id, **{name: "First"})).status_code == 302
    )
    stale = edit_data(app, model, obj.id, version=1, **{name: "Second"})
    response = client.post(url, data=stale)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Not saved: someone else changed this" in page
    assert "First" in page and page.count("Second") >= 2  # the table and the form
    session.expire_all()
    assert getattr(session.get(model, obj.id), name) == "First"
