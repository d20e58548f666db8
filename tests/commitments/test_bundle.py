"""The bundle section `commitments`: a commitment with its references and status changes
goes out and comes back unchanged, into another database, twice; and a bundle never stores a
commitment the form would refuse."""

from __future__ import annotations

from datetime import date

import yaml
from sqlmodel import Session, select

from campaign.db import get_engine
from campaign.interactions.entity import ENTITY as INTERACTION
from campaign.models import (
    Commitment,
    CommitmentChange,
    CommitmentStatus,
    DuePrecision,
    ResponseAsk,
)
from campaign.people.entity import ENTITY as PERSON

HEADER = "format: campaign-bundle\nversion: 1\n"


def _import(app, tmp_path, text: str, name: str = "bundle.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with app.app_context():
        return app.test_cli_runner().invoke(args=["import-bundle", str(path)])


def test_a_commitment_and_its_changes_go_out_and_come_back(
    client, session, make, commitment, export_text, second_app, tmp_path
):
    person = make.record(PERSON, name="Jo Minister", kind="minister")
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    letter = make.response(title="Letter", key="letter", organisation=ofcom)
    make.link(ResponseAsk(response_id=letter.id, ask_id=ask.id, position="supports"))
    meeting = make.record(INTERACTION, title="Meeting", key="the-meeting", person_keys=[person.key])
    row = commitment(
        title="The minister will write",
        person_id=person.id,
        organisation_id=ofcom.id,
        response_id=letter.id,
        interaction_id=meeting.id,
        ask_id=ask.id,
        due="winter 2026",
        made_on="2026-01-05",
        made_to="the NSPCC",
        source_url="https://example.org/debate",
    )
    edit = f"/commitments/{row.id}/edit"
    assert client.post(edit, data={"commitment_action": "create_milestone"}).status_code == 302
    changed = client.post(
        edit,
        data={
            "commitment_action": "status",
            "status": "kept",
            "status_note": "The letter came.",
            "status_response_id": letter.id,
            "status_on": "2026-06-01",
        },
    )
    assert changed.status_code == 302
    text = export_text()
    [out] = yaml.safe_load(text)["commitments"]
    assert out == {
        "key": row.key,
        "title": "The minister will write",
        "person": person.key,
        "organisation": "ofcom",
        "made_to": "the NSPCC",
        "made_on": date(2026, 1, 5),
        "due": "winter 2026",
        "status": "kept",
        "response": "letter",
        "interaction": meeting.key,
        "source_url": "https://example.org/debate",
        "ask": "publish-the-codes",
        "milestone": out["milestone"],
        "changes": [
            {
                "old_status": "open",
                "new_status": "kept",
                "changed_on": date(2026, 6, 1),
                "note": "The letter came.",
                "response": "letter",
            }
        ],
    }
    assert out["milestone"]

    first = _import(second_app, tmp_path, text)
    assert first.exit_code == 0, first.output
    assert "commitments 1 (1 new)" in first.output
    again = _import(second_app, tmp_path, text)
    assert again.exit_code == 0 and "commitments 1 (1 unchanged)" in again.output
    with second_app.app_context(), Session(get_engine()) as other:
        [copy] = other.exec(select(Commitment)).all()
        assert (copy.key, copy.due_on, copy.due_precision, copy.status) == (
            row.key,
            date(2026, 12, 1),
            DuePrecision.SEASON,
            CommitmentStatus.KEPT,
        )
        assert copy.person.key == person.key and copy.milestone.key == out["milestone"]
        assert copy.interaction.key == meeting.key
        [change] = other.exec(select(CommitmentChange)).all()
        assert (change.note, change.response.key, change.changed_on) == (
            "The letter came.",
            "letter",
            date(2026, 6, 1),
        )


def test_the_bundle_refuses_what_the_form_refuses_naming_the_row(app, session, tmp_path):
    text = HEADER + (
        "commitments:\n"
        "- {key: nobody, title: No maker, due: '2026-03'}\n"
        "- {key: bad-due, title: T, organisation: ofcom, due: soon}\n"
        "- {key: kept, title: T, organisation: ofcom, due: '2027', status: kept}\n"
        "- {key: no-note, title: T, organisation: ofcom, due: '2027', status: kept,\n"
        "   changes: [{old_status: open, new_status: kept, changed_on: 2026-06-01, note: ''}]}\n"
        "- {key: who, title: T, person: nobody-known, organisation: ofcom, due: '2027'}\n"
    )
    result = _import(app, tmp_path, text)
    assert result.exit_code != 0
    output = result.output
    assert "commitments[0]" in output and "Choose who made it" in output
    assert "commitments[1].due: use a day (2026-03-31)" in output
    assert "commitments[2]" in output and "needs a change to it" in output
    assert "commitments[3].changes[0].note: must not be empty" in output
    assert "commitments[4].person: unknown person 'nobody-known'" in output
    assert "commitments[4].organisation: unknown organisation 'ofcom'" in output
    assert session.exec(select(Commitment)).all() == []


def test_a_due_date_may_be_written_unquoted(app, session, make, tmp_path):
    make.organisation(key="ofcom", name="Ofcom")
    text = HEADER + (
        "commitments:\n"
        "- {key: by-day, title: T, organisation: ofcom, due: 2026-03-31}\n"
        "- {key: by-year, title: T, organisation: ofcom, due: 2027}\n"
    )
    result = _import(app, tmp_path, text)
    assert result.exit_code == 0, result.output
    session.expire_all()
    got = {c.key: (c.due_on, c.due_precision) for c in session.exec(select(Commitment))}
    assert got == {
        "by-day": (date(2026, 3, 31), DuePrecision.DAY),
        "by-year": (date(2027, 1, 1), DuePrecision.YEAR),
    }
