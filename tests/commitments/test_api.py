"""`/api/v1/commitments`: read and write through the same form as the pages; due as text at
its precision plus `due_by` and `late`; a PATCH of `status` records a change only with its
evidence (`status_note`); the changes are read only."""

from __future__ import annotations

from sqlmodel import select

from campaign.commitments import services
from campaign.commitments.entity import ENTITY
from campaign.models import Commitment, CommitmentStatus


def test_post_get_and_list_with_filters(client, session, make, commitment):
    make.organisation(name="Ofcom", key="ofcom")
    ask = make.ask(title="Publish the codes", slug="publish-the-codes")
    created = client.post(
        "/api/v1/commitments",
        json={
            "title": "Ofcom will publish the codes",
            "organisation": "ofcom",
            "due": "spring 2026",
            "ask_id": ask.id,
            "made_to": "the NSPCC",
        },
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert (body["due"], body["due_precision"], body["due_display"], body["due_by"]) == (
        "spring 2026",
        "season",
        "by spring 2026",
        "2026-05-31",
    )
    assert (body["status"], body["late"], body["changes"]) == ("open", True, [])
    assert body["organisation"]["key"] == "ofcom" and body["ask"]["slug"] == "publish-the-codes"
    assert client.get(f"/api/v1/commitments/{body['key']}").get_json() == body

    commitment(title="Not yet due", due="2027")
    commitment(title="Kept", due="2026-01", status="kept", status_note="Done.")

    def titles(query: str) -> list[str]:
        answer = client.get(f"/api/v1/commitments?{query}")
        assert answer.status_code == 200, answer.get_json()
        return [item["title"] for item in answer.get_json()["items"]]

    assert titles("late=true") == ["Ofcom will publish the codes"]
    assert titles("late=false&sort=title") == ["Kept", "Not yet due"]
    assert titles("status=kept") == ["Kept"]
    assert titles("organisation=ofcom") == ["Ofcom will publish the codes"]
    assert titles("ask=publish-the-codes") == ["Ofcom will publish the codes"]
    assert titles("") == ["Kept", "Ofcom will publish the codes", "Not yet due"]  # by due date
    assert client.get("/api/v1/commitments?late=yes").status_code == 400
    assert client.get("/api/v1/commitments?ask=nothing").status_code == 400


def test_the_api_refuses_as_the_form_does_naming_the_field(client, session):
    refused = client.post("/api/v1/commitments", json={"title": "No maker", "due": "someday"})
    assert refused.status_code == 422
    assert {"person_id", "due"} <= set(refused.get_json()["error"]["fields"])
    assert session.exec(select(Commitment)).all() == []


def test_a_patch_of_status_records_a_change_with_its_evidence(client, session, commitment, make):
    row = commitment(due="2026-03-31")
    letter = make.response(title="Letter", key="letter")
    url = f"/api/v1/commitments/{row.key}"
    refused = client.patch(url, json={"status": "kept"})
    assert refused.status_code == 422
    assert refused.get_json()["error"]["fields"] == {
        "status_note": ["Say what shows the change of status (a note at least)."]
    }
    assert client.patch(url, json={"changes": []}).status_code == 422  # read only
    patched = client.patch(
        url,
        json={
            "status": "kept",
            "status_note": "The letter came.",
            "status_url": "https://example.org/letter",
            "status_response_id": letter.id,
        },
    )
    assert patched.status_code == 200, patched.get_json()
    body = patched.get_json()
    assert (body["status"], body["late"]) == ("kept", False)
    [change] = body["changes"]
    assert change == {
        "old_status": "open",
        "new_status": "kept",
        "changed_on": "2026-06-15",
        "note": "The letter came.",
        "evidence_url": "https://example.org/letter",
        "response": {
            "key": "letter",
            "title": "Letter",
            "date": "2025-01-01",
            "api_url": "http://localhost/api/v1/responses/letter",
        },
    }
    # Another field changed, the status not: no change recorded, no evidence needed.
    again = client.patch(url, json={"made_to": "the NSPCC"})
    assert again.status_code == 200 and len(again.get_json()["changes"]) == 1


def test_an_empty_patch_changes_nothing(client, commitment):
    """As tests/entities checks for records with a sample: the form reads the item back
    unchanged (a commitment needs someone who made it, so it has no sample)."""
    row = commitment(due="winter 2026", made_on="2026-01-05", source_url="https://example.org/")
    shown = client.get(f"/api/v1/commitments/{row.key}").get_json()
    patched = client.patch(f"/api/v1/commitments/{row.key}", json={})
    assert patched.status_code == 200 and patched.get_json() == shown
    assert ENTITY.sample is None


def test_late_and_for_person_services(app, session, commitment, make):
    from datetime import date

    person = make.record(_person_entity(), name="Jo Minister", kind="minister")
    commitment(title="Kept", due="2026-01", person_id=person.id, status="kept", status_note="x")
    commitment(title="Late", due="2026-04", person_id=person.id)
    commitment(title="Later", due="2026-12", person_id=person.id)
    archived = commitment(title="Archived and late", due="2026-01")
    from campaign.common.archive import archive

    with app.app_context():
        archive(session, session.get(Commitment, archived.id))
        session.commit()
        today = date(2026, 6, 15)
        assert [c.title for c in services.late_commitments(session, today=today)] == ["Late"]
        listed = services.commitments_for_person(session, person.id, today=today)
        assert [(f.commitment.title, f.late) for f in listed] == [
            ("Late", True),
            ("Kept", False),
            ("Later", False),
        ]
        assert listed[1].commitment.status == CommitmentStatus.KEPT


def _person_entity():
    from campaign.people.entity import ENTITY as PERSON

    return PERSON
