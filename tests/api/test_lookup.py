"""GET /api/v1/lookup/<kind>?q=: a chooser's matches as JSON (campaign/api/lookup.py), the
same as the page's search-then-choose step offers (campaign/common/choosers.py)."""

import re

import pytest

from campaign.common.choosers import MAX_MATCHES
from campaign.models import AskTarget


def test_sources_lookup_offers_what_the_page_offers(get, client, make):
    ons = make.source(title="ONS crime survey", publisher="Office for National Statistics")
    police = make.source(title="Police recorded crime", publisher="Home Office")
    make.source(title="Childline annual review")
    archived = make.source(title="Old crime figures")
    client.post(f"/sources/{archived.id}/archive")

    body = get("/api/v1/lookup/sources?q=CRIME")
    assert body == {
        "kind": "sources",
        "q": "CRIME",
        "items": [
            {"id": "none", "label": "— has no source —"},
            {"id": str(ons.id), "label": "ONS crime survey — Office for National Statistics"},
            {"id": str(police.id), "label": "Police recorded crime — Home Office"},
        ],
        "more": False,
    }
    page = client.get("/statistics/?source_find=CRIME").get_data(as_text=True)
    radios = re.findall(r'<input type="radio" name="source" value="([^"]+)">', page)
    assert radios == [item["id"] for item in body["items"]]


def test_asks_organisations_and_targets(get, make):
    ofcom = make.organisation(name="Ofcom")
    make.organisation(name="Ofsted")  # an organisation, but nobody's target
    ask = make.ask(title="Age checks for chat apps")
    make.link(AskTarget(ask_id=ask.id, organisation_id=ofcom.id))
    make.ask(title="Encryption")

    def ids(url):
        return [item["id"] for item in get(url)["items"]]

    assert ids("/api/v1/lookup/asks?q=age+check") == [str(ask.id)]
    assert len(ids("/api/v1/lookup/organisations?q=of")) == 2
    assert ids("/api/v1/lookup/targets?q=of") == [str(ofcom.id)]


def test_matches_are_capped(get, make):
    for n in range(MAX_MATCHES + 1):
        make.organisation(name=f"Force {n:02}")
    body = get("/api/v1/lookup/organisations?q=force")
    assert len(body["items"]) == MAX_MATCHES and body["more"] is True
    assert get("/api/v1/lookup/organisations?q=force+00")["more"] is False


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v1/lookup/sources", 400, "q: "),
        ("/api/v1/lookup/sources?q=++", 400, "q: "),
        ("/api/v1/lookup/sources?q=" + "x" * 201, 400, "q: at most 200 characters"),
        ("/api/v1/lookup/statistics?q=x", 404, "no lookup 'statistics'"),
    ],
)
def test_bad_requests_name_the_problem(get, url, status, words):
    assert words in get(url, status=status)["error"]["detail"]


def test_needs_sign_in(anonymous_client):
    assert anonymous_client.get("/api/v1/lookup/sources?q=a").status_code == 401
