"""Watches' pages: made, changed, stopped and restored through the web form; the form opened
from an ask or a person; every rule's message beside its field, nothing saved; the links
from the ask's and the person's pages; who may do what."""

from __future__ import annotations

from sqlmodel import select

from campaign.models import AlertLevel, Watch
from campaign.people.entity import ENTITY as PERSON
from tests.support.accounts import email_for

FORM = {
    "name": "Meta and encryption",
    "terms": '"end-to-end encryption" Meta -WhatsApp',
    "sources": ["written-questions", "hansard"],
    "alert_level": "immediate",
}


def _watches(session) -> list[Watch]:
    session.expire_all()
    return list(session.exec(select(Watch).order_by(Watch.id)))


def test_a_watch_is_made_changed_stopped_and_restored_through_the_form(client, session, make):
    ask = make.ask(title="Keep children safe on Meta", slug="meta")
    posted = client.post("/watches/new", data={**FORM, "ask": "meta", "owner": ""})
    assert posted.status_code == 302, posted.get_data(as_text=True)
    [row] = _watches(session)
    assert (row.key, row.name, row.ask_id, row.person_id, row.organisation_id) == (
        "meta-and-encryption",
        "Meta and encryption",
        ask.id,
        None,
        None,
    )
    assert row.sources == ["written-questions", "hansard"] and row.feeds == []
    assert (row.alert_level, row.owner_id) == (AlertLevel.IMMEDIATE, None)

    page = client.get(posted.location).get_data(as_text=True)
    assert "Keep children safe on Meta" in page and "Hansard debates" in page
    assert "Written questions and answers" in page and "Immediate" in page
    assert "the phrase <strong>end-to-end encryption</strong>" in page
    assert "but not <strong>WhatsApp</strong>" in page
    assert 'href="/inbox/?ask=meta"' in page

    edit = client.get(f"/watches/{row.id}/edit").get_data(as_text=True)
    assert 'value="Keep children safe on Meta"' in edit  # the chooser shows the ask's title
    assert "-WhatsApp</textarea>" in edit
    changed = client.post(
        f"/watches/{row.id}/edit",
        data={
            **FORM,
            "ask": "meta",
            "sources": ["feed"],
            "feeds": "https://www.ofcom.org.uk/news.rss\n\nhttps://example.org/feed.atom\n",
            "alert_level": "digest",
            "owner": email_for("admin", True),
            "version": row.version,
        },
    )
    assert changed.status_code == 302, changed.get_data(as_text=True)
    [row] = _watches(session)
    assert row.sources == ["feed"]
    assert row.feeds == ["https://www.ofcom.org.uk/news.rss", "https://example.org/feed.atom"]
    assert row.alert_level == AlertLevel.DIGEST and row.owner.email == email_for("admin", True)
    edit = client.get(f"/watches/{row.id}/edit").get_data(as_text=True)
    assert "https://www.ofcom.org.uk/news.rss\nhttps://example.org/feed.atom</textarea>" in edit

    assert client.post(f"/watches/{row.id}/archive").status_code == 302
    [row] = _watches(session)
    assert row.archived_at is not None
    assert "This watch is stopped" in client.get(f"/watches/{row.id}").get_data(as_text=True)
    assert "Meta and encryption" not in client.get("/watches/").get_data(as_text=True)
    assert client.post(f"/watches/{row.id}/restore").status_code == 302
    assert _watches(session)[0].archived_at is None
    history = client.get(f"/watches/{row.id}/history")
    assert history.status_code == 200


def test_the_form_opened_from_an_ask_a_person_or_an_organisation_is_prefilled(client, make):
    make.ask(title="Keep children safe on Meta", slug="meta")
    person = make.record(PERSON, name="Jo Minister", kind="minister")
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    page = client.get("/watches/new?ask=meta").get_data(as_text=True)
    assert 'value="Keep children safe on Meta"' in page and 'value="meta"' in page
    # The maker is alerted unless they choose otherwise; the sources but feeds are ticked.
    owner = email_for("admin", True)
    assert f'<option selected value="{owner}">' in page or f'value="{owner}" selected' in page
    assert 'value="hansard" checked' in page and 'value="feed" checked' not in page
    page = client.get(f"/watches/new?person={person.key}").get_data(as_text=True)
    assert 'value="Jo Minister"' in page
    page = client.get(f"/watches/new?organisation={ofcom.key}").get_data(as_text=True)
    assert 'value="Ofcom"' in page


def _refused(client, data: dict) -> str:
    response = client.post("/watches/new", data=data)
    assert response.status_code == 422
    return response.get_data(as_text=True)


def test_each_rule_is_shown_beside_its_field_and_nothing_is_saved(client, session, make):
    make.organisation(name="Ofcom", key="ofcom")
    page = _refused(client, {"name": "", "terms": "", "alert_level": "digest"})
    assert 'id="name-error"' in page and "Enter a name for the watch." in page
    assert 'id="terms-error"' in page and "Enter at least one word or phrase" in page
    assert 'id="sources-error"' in page and "Choose at least one source." in page
    assert 'id="ask_find-error"' in page
    assert "Choose what it watches for: an ask, a person or an organisation" in page

    base = {**FORM, "organisation": "ofcom"}
    page = _refused(client, {**base, "terms": '"unclosed phrase'})
    assert 'id="terms-error"' in page and "Close the quotation marks" in page
    page = _refused(client, {**base, "terms": "-WhatsApp"})
    assert "only excludes: add a word or phrase to look for." in page
    page = _refused(client, {**base, "sources": ["hansard", "feed"]})
    assert 'id="feeds-error"' in page and "Enter at least one feed address" in page
    page = _refused(client, {**base, "feeds": "https://example.org/feed"})
    assert 'id="feeds-error"' in page and "Tick “RSS/Atom feeds” among the sources" in page
    page = _refused(client, {**base, "sources": ["feed"], "feeds": "javascript:alert(1)"})
    assert 'id="feeds-error"' in page and "is not a feed address" in page
    page = _refused(client, {**base, "sources": ["parliament"]})
    assert 'id="sources-error"' in page
    page = _refused(client, {**base, "alert_level": "loud"})
    assert 'id="alert_level-error"' in page
    page = _refused(client, {**base, "owner": "nobody@example.org"})
    assert "No active user has the e-mail address nobody@example.org." in page
    assert _watches(session) == []


def test_viewers_read_and_editors_write(client_as, session, watch, make):
    row = watch(name="Ofcom's codes")
    viewer = client_as("viewer")
    assert viewer.get("/watches/").status_code == 200
    page = viewer.get(f"/watches/{row.id}").get_data(as_text=True)
    assert "Ofcom&#39;s codes" in page and ">Edit<" not in page and ">Archive<" not in page
    assert viewer.post(f"/watches/{row.id}/archive").status_code == 403
    organisation = make.organisation(key="ofcom-2")
    refused = viewer.post("/watches/new", data={**FORM, "organisation": organisation.key})
    assert refused.status_code == 403
    assert [w.id for w in _watches(session)] == [row.id]

    editor = client_as("editor")
    made = editor.post("/watches/new", data={**FORM, "organisation": organisation.key})
    assert made.status_code == 302
    assert _watches(session)[-1].owner is None  # none posted: the team address
    assert editor.post(f"/watches/{row.id}/archive").status_code == 302


def test_the_ask_and_person_pages_offer_a_watch_to_editors_only(client_as, make):
    ask = make.ask(title="Keep children safe on Meta", slug="meta")
    person = make.record(PERSON, name="Jo Minister", kind="minister")
    editor, viewer = client_as("editor"), client_as("viewer")
    ask_page = editor.get(f"/asks/{ask.slug}").get_data(as_text=True)
    assert 'href="/watches/new?ask=meta"' in ask_page and "Watch this ask" in ask_page
    assert "Watch this ask" not in viewer.get(f"/asks/{ask.slug}").get_data(as_text=True)
    person_page = editor.get(f"/people/{person.id}").get_data(as_text=True)
    assert f'href="/watches/new?person={person.key}"' in person_page
    assert "Watch this person" in person_page
    assert "Watch this person" not in viewer.get(f"/people/{person.id}").get_data(as_text=True)
