"""The bundle section `watches`: a watch goes out and comes back unchanged, into another
database, twice; a bundle never stores a watch the form would refuse, naming the row and
field; an owner must be a user of the database imported into."""

from __future__ import annotations

from pathlib import Path

import yaml
from sqlmodel import Session, select

from campaign.db import get_engine
from campaign.models import AlertLevel, User, UserRole, Watch
from campaign.people.entity import ENTITY as PERSON
from tests.support.accounts import email_for

HEADER = "format: campaign-bundle\nversion: 1\n"
OWNER = email_for("admin", True)


def _import(app, tmp_path, text: str, name: str = "bundle.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with app.app_context():
        return app.test_cli_runner().invoke(args=["import-bundle", str(path)])


def test_a_watch_goes_out_and_comes_back(
    client, session, make, watch, export_text, second_app, tmp_path
):
    make.ask(title="Keep children safe on Meta", slug="meta")
    person = make.record(PERSON, name="Jo Minister", kind="minister")
    make.organisation(name="Ofcom", key="ofcom")
    watch(
        name="Meta and encryption",
        ask="meta",
        person=person.key,
        organisation="ofcom",
        terms='"end-to-end encryption" Meta\nencrypt* -WhatsApp',
        sources=["written-questions", "feed"],
        feeds=["https://www.ofcom.org.uk/news.rss"],
        alert_level="immediate",
        owner=OWNER,
    )
    stopped = watch(name="Stopped", organisation="ofcom", sources=["govuk"])
    assert client.post(f"/watches/{stopped.id}/archive").status_code == 302

    text = export_text()
    out = yaml.safe_load(text)["watches"]
    assert out == [
        {
            "key": "meta-and-encryption",
            "name": "Meta and encryption",
            "ask": "meta",
            "person": person.key,
            "organisation": "ofcom",
            "terms": '"end-to-end encryption" Meta\nencrypt* -WhatsApp',
            "sources": ["written-questions", "feed"],
            "feeds": ["https://www.ofcom.org.uk/news.rss"],
            "alert_level": "immediate",
            "owner": OWNER,
        },
        {
            "key": "stopped",
            "name": "Stopped",
            "organisation": "ofcom",
            "terms": '"end-to-end encryption" Meta',
            "sources": ["govuk"],
            "archived": True,
        },
    ]

    # The owner is a user of the database imported into.
    with second_app.app_context(), Session(get_engine()) as other:
        other.add(User(email=OWNER, name="Admin", role=UserRole.ADMIN))
        other.commit()
    first = _import(second_app, tmp_path, text)
    assert first.exit_code == 0, first.output
    assert "watches 2 (2 new)" in first.output
    again = _import(second_app, tmp_path, text)
    assert again.exit_code == 0 and "watches 2 (2 unchanged)" in again.output, again.output
    with second_app.app_context(), Session(get_engine()) as other:
        copy, archived = other.exec(select(Watch).order_by(Watch.key)).all()
        assert (copy.ask.slug, copy.person.key, copy.organisation.key) == (
            "meta",
            person.key,
            "ofcom",
        )
        assert (copy.sources, copy.feeds) == (
            ["written-questions", "feed"],
            ["https://www.ofcom.org.uk/news.rss"],
        )
        assert (copy.alert_level, copy.owner.email) == (AlertLevel.IMMEDIATE, OWNER)
        assert archived.archived_at is not None and archived.owner_id is None


def test_the_bundle_refuses_what_the_form_refuses_naming_the_row(app, session, make, tmp_path):
    make.organisation(key="ofcom", name="Ofcom")
    text = HEADER + (
        "watches:\n"
        "- {key: nothing, name: N, terms: Ofcom, sources: [hansard]}\n"
        "- {key: bad-terms, name: T, organisation: ofcom, terms: '\"Ofcom', sources: [hansard]}\n"
        "- {key: excludes, name: T, organisation: ofcom, terms: '-Ofcom', sources: [hansard]}\n"
        "- {key: no-source, name: T, organisation: ofcom, terms: Ofcom, sources: []}\n"
        "- {key: bad-source, name: T, organisation: ofcom, terms: Ofcom, sources: [parliament]}\n"
        "- {key: no-feeds, name: T, organisation: ofcom, terms: Ofcom, sources: [feed]}\n"
        "- {key: unused, name: T, organisation: ofcom, terms: Ofcom, sources: [hansard],\n"
        "   feeds: ['https://example.org/feed']}\n"
        "- {key: bad-feed, name: T, organisation: ofcom, terms: Ofcom, sources: [feed],\n"
        "   feeds: ['javascript:alert(1)']}\n"
        "- {key: loud, name: T, organisation: ofcom, terms: Ofcom, sources: [hansard],\n"
        "   alert_level: loud}\n"
        "- {key: owner, name: T, organisation: ofcom, terms: Ofcom, sources: [hansard],\n"
        "   owner: nobody@example.org}\n"
        "- {key: who, name: T, ask: no-such-ask, terms: Ofcom, sources: [hansard]}\n"
        "- {key: no-name, name: '', organisation: ofcom, terms: Ofcom, sources: [hansard]}\n"
    )
    result = _import(app, tmp_path, text)
    assert result.exit_code != 0
    output = result.output
    assert "watches[0]: ask, person or organisation: Choose what it watches for" in output
    assert "watches[1].terms: close the quotation marks" in output
    assert "watches[2].terms:" in output and "only excludes" in output
    assert "watches[3].sources: must not be empty" in output
    assert "watches[4].sources[0]" in output
    assert "watches[5]: feeds: Enter at least one feed address" in output
    assert "watches[6]: feeds: Tick “RSS/Atom feeds” among the sources" in output
    assert "watches[7].feeds[0]: enter a web address starting http:// or https://" in output
    assert "watches[8].alert_level" in output
    assert "watches[9].owner: no user has the e-mail address 'nobody@example.org'" in output
    assert "watches[10].ask: unknown ask 'no-such-ask'" in output
    assert "watches[11].name: must not be empty" in output
    assert session.exec(select(Watch)).all() == []


def test_a_bundle_may_name_the_owner_in_any_case(app, client, session, make, tmp_path):
    make.organisation(key="ofcom", name="Ofcom")
    text = HEADER + (
        "watches:\n"
        f"- {{key: w, name: W, organisation: ofcom, terms: Ofcom, sources: [hansard],\n"
        f"   owner: {OWNER.upper()}}}\n"
    )
    result = _import(app, tmp_path, text)
    assert result.exit_code == 0, result.output
    [row] = session.exec(select(Watch)).all()
    assert row.owner.email == OWNER


def test_the_docs_example_imports(app, session, make, tmp_path):
    """docs/bundles.md's `watches` example, imported as written."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "bundles.md"
    section = docs.read_text(encoding="utf-8").split("### watches\n")[1]
    example = section.split("```yaml\n")[1].split("```")[0]
    make.ask(title="Meta: pause end-to-end encryption", slug="meta-pause-encryption-rollout")
    make.record(PERSON, name="Jo Minister", kind="minister")
    make.organisation(name="Meta", key="meta")
    session.add(User(email="officer@example.org", name="Officer", role=UserRole.EDITOR))
    session.commit()
    result = _import(app, tmp_path, HEADER + example)
    assert result.exit_code == 0, result.output
    [row] = session.exec(select(Watch)).all()
    assert row.terms == '"end-to-end encryption" Meta -WhatsApp\nencrypt* Instagram'
    assert row.feeds == ["https://www.ofcom.org.uk/news.rss"] and row.owner.email == (
        "officer@example.org"
    )
