"""The API over the real seed campaign, imported through the CLI: every resource answers,
every figure comes back exactly as written in the bundle, and the restricted case study's
words appear nowhere."""

import yaml

from tests.api.conftest import all_text
from tests.conftest import SEED_BUNDLE

COLLECTIONS = ("asks", "statistics", "sources", "evidence", "responses", "milestones")


def _bundle() -> dict:
    return yaml.safe_load(SEED_BUNDLE.read_text(encoding="utf-8"))


def _walk(client):
    """Every list (one page of 200) and every row's detail, as responses."""
    for collection in (*COLLECTIONS, "organisations"):
        listing = client.get(f"/api/v1/{collection}?per_page=200")
        yield listing
        for item in listing.get_json()["items"]:
            yield client.get(item["api_url"].removeprefix("http://localhost"))


def test_every_resource_of_the_seed_answers(seeded, client):
    bundle = _bundle()
    for collection in COLLECTIONS:
        body = client.get(f"/api/v1/{collection}?per_page=200").get_json()
        assert body["total"] == len(bundle[collection]), collection
    responses = list(_walk(client))
    assert all(r.status_code == 200 for r in responses)
    assert len(responses) > 100


def test_seed_figures_come_back_exactly_with_their_sources(seeded, get):
    bundle = {s["key"]: s for s in _bundle()["statistics"]}
    items = get("/api/v1/statistics?per_page=200")["items"]
    assert {s["key"] for s in items} == set(bundle)
    for stat in items:
        written = bundle[stat["key"]]
        assert stat["value"] == str(written["value"]), stat["key"]
        assert stat["unit"] == written["unit"]
        assert (stat["source"] or {}).get("key") == written.get("source"), stat["key"]
    offences = get("/api/v1/statistics/offences-recorded-2022-23")
    assert (offences["value"], offences["display"]) == ("33226", "33,226")


def test_seed_restricted_case_study_never_leaks(seeded, client_as):
    client = client_as("viewer")  # not cleared for restricted evidence
    restricted = [e for e in _bundle()["evidence"] if e.get("sensitivity") == "restricted"]
    assert restricted, "the seed should hold at least one restricted item"
    phrases = [e["attribution"] for e in restricted if e.get("attribution")]
    phrases += [line.strip() for e in restricted for line in e["text"].splitlines() if line.strip()]
    for response in _walk(client):
        text = all_text(response)
        leaked = [phrase for phrase in phrases if phrase in text]
        assert leaked == [], response.request.path
