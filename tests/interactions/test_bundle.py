"""The bundle section `interactions`: exported with its links by key and imported back the
same, a second import changing nothing; wrong values and keys refused by location."""

from __future__ import annotations

from datetime import UTC, datetime

import yaml
from sqlmodel import select

from campaign import models as m
from campaign.bundles.exporter import export_bundle
from tests.interactions.helpers import interaction, person, user

HEADER = "format: campaign-bundle\nversion: 1\n"


def _import(runner, tmp_path, text: str):
    path = tmp_path / "bundle.yaml"
    path.write_text(text)
    return runner.invoke(args=["import-bundle", str(path)])


def test_an_interaction_goes_out_and_back_by_key(runner, session, make, tmp_path):
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    dawes = person(make, session, "Dame Melanie Dawes")
    officer = user(session, "officer@test.example")
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    response = make.response(organisation=ofcom, key="ofcom-letter")
    row = interaction(
        make,
        title="Meeting with Ofcom",
        occurred_at="2026-07-14T15:30",
        location="Riverside House",
        user_emails=[officer.email],
        person_keys=[dawes.key],
        organisation_keys=[ofcom.key],
        asks=[{"ask": ask.slug, "discussed": True, "outcome": "Will consider"}],
        summary="Said **yes**.",
        notes="Internal.",
    )
    row.response_id = response.id
    session.add(row)
    session.commit()
    text = export_bundle(session)
    [exported] = yaml.safe_load(text)["interactions"]
    assert exported == {
        "key": "meeting-with-ofcom",
        "title": "Meeting with Ofcom",
        "kind": "meeting",
        "at": datetime(2026, 7, 14, 14, 30, tzinfo=UTC),
        "location": "Riverside House",
        "people": [dawes.key],
        "organisations": ["ofcom"],
        "asks": [{"ask": "publish-the-codes", "outcome": "Will consider"}],
        "summary": "Said **yes**.",
        "notes": "Internal.",
        "response": "ofcom-letter",
    }
    # Changed in the file, imported: the row and its links follow; our attendees stay.
    changed = text.replace("Will consider", "Agreed").replace("Riverside House", "Online")
    changed = changed.replace("    organisations:\n      - ofcom\n", "")
    result = _import(runner, tmp_path, changed)
    assert result.exit_code == 0, result.output
    assert "interactions 1 (1 updated)" in result.output
    session.expire_all()
    row = session.exec(select(m.Interaction)).one()
    assert (row.location, row.ask_links[0].outcome) == ("Online", "Agreed")
    assert row.organisations == [] and [u.email for u in row.users] == [officer.email]
    again = _import(runner, tmp_path, changed)
    assert "interactions 1 (1 unchanged)" in again.output
    assert export_bundle(session) == changed


def test_an_empty_database_takes_the_section(runner, session, make, tmp_path):
    bundle = HEADER + (
        "organisations:\n- {key: ofcom, name: Ofcom, kind: regulator}\n"
        "people:\n- {key: melanie-dawes, name: Melanie Dawes, kind: regulator_staff}\n"
        "interactions:\n"
        "- key: a-call\n  title: A call\n  kind: call\n  at: 2026-01-05T09:00:00Z\n"
        "  people: [melanie-dawes]\n  organisations: [ofcom]\n"
    )
    result = _import(runner, tmp_path, bundle)
    assert result.exit_code == 0, result.output
    row = session.exec(select(m.Interaction)).one()
    assert row.occurred_at == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert [p.key for p in row.people] == ["melanie-dawes"]


def test_wrong_values_and_keys_are_refused_by_location(runner, session, tmp_path):
    bundle = HEADER + (
        "interactions:\n"
        "- key: a-call\n  title: A call\n  kind: seance\n  at: 2026-01-05T09:00:00Z\n"
        "- key: b-call\n  title: B call\n  kind: call\n  at: 2026-01-05T09:00:00Z\n"
        "  people: [nobody]\n  asks: [{ask: no-such-ask}, {ask: no-such-ask}]\n"
        "  response: no-such-response\n"
        "  asks_extra: 1\n"
    )
    result = _import(runner, tmp_path, bundle)
    assert result.exit_code != 0
    for where in (
        "interactions[0].kind",
        "interactions[1].asks_extra",
    ):
        assert where in result.output, (where, result.output)
    fixed = bundle.replace("seance", "call").replace("  asks_extra: 1\n", "")
    result = _import(runner, tmp_path, fixed)
    assert result.exit_code != 0
    for where in (
        "interactions[1].people[0]",
        "interactions[1].asks[0].ask",
        "interactions[1].asks[1]",
        "interactions[1].response",
    ):
        assert where in result.output, (where, result.output)
    assert session.exec(select(m.Interaction)).all() == []
