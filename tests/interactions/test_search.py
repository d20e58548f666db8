"""Interactions and commitments in the site-wide search (migration 20261207_stakeholder_search):
found by their own words, and through the people and organisations they name."""

from __future__ import annotations

from campaign.commitments.entity import ENTITY as COMMITMENT
from tests.interactions.helpers import interaction, person


def _found(client, query: str) -> set[tuple[str, str]]:
    response = client.get(f"/api/v1/search?q={query}")
    assert response.status_code == 200, response.get_json()
    return {(item["type"], item["key"]) for item in response.get_json()["items"]}


def test_an_interaction_is_found_by_its_words_and_through_whom_it_was_with(client, make, session):
    ofcom = make.organisation(name="Ofcom")
    dana = person(make, session, "Dana Quillfeather", organisation=ofcom)
    meeting = interaction(
        make,
        title="Codes meeting",
        location="Riverside House",
        notes="They hinted at a delay.",
        person_keys=[dana.key],
        organisation_keys=[ofcom.key],
    )
    assert ("interaction", meeting.key) in _found(client, "riverside")
    assert ("interaction", meeting.key) in _found(client, "hinted delay")
    # Through the people and organisations it was with.
    assert ("interaction", meeting.key) in _found(client, "quillfeather")
    assert ("interaction", meeting.key) in _found(client, "ofcom")


def test_a_commitment_is_found_by_its_words_and_through_who_made_it(client, make, session):
    ofcom = make.organisation(name="Ofcom")
    promise = make.record(
        COMMITMENT,
        title="Publish the register of categorised services",
        organisation_id=ofcom.id,
        due="2026-07",
        made_to="the Select Committee",
    )
    assert ("commitment", promise.key) in _found(client, "categorised register")
    assert ("commitment", promise.key) in _found(client, "committee")
    assert ("commitment", promise.key) in _found(client, "ofcom")
