from datetime import date
from decimal import Decimal

from campaign import models as m
from campaign.models.types import utcnow
from tests.api.conftest import BASE


def _campaign(make):
    """An ask with two targets, two tags and every kind of linked row, some archived."""
    ofcom = make.organisation(name="Ofcom", key="ofcom", kind="regulator")
    meta = make.organisation(name="Meta", key="meta", kind="company")
    gone = make.organisation(name="Defunct", key="defunct", archived_at=utcnow())
    encryption = m.Tag(name="encryption")
    codes = m.Tag(name="illegal harms codes")
    ask = make.ask(
        slug="scan-for-csam",
        title="Scan for CSAM",
        summary="**Detect** known abuse images.",
        priority="high",
        owner="Policy team",
        owner_email="policy@example.org",
        targets=[ofcom, meta, gone],
        tags=[encryption, codes],
    )
    foi = make.source(
        key="foi-2024",
        title="Police FOI 2024",
        kind="foi_return",
        publisher="NSPCC",
        published_on=date(2024, 8, 1),
        url="https://example.org/foi",
        coverage="43 of 45 forces answered",
    )
    offences = make.statistic(
        key="offences", label="Offences", value=Decimal("33226"), unit="count", source=foi
    )
    share = make.statistic(key="share", label="Share", value=Decimal("25"), unit="percent")
    old = make.statistic(key="old", label="Old figure", archived_at=utcnow())
    make.link(m.AskStatistic(ask_id=ask.id, statistic_id=share.id, rank=2, note="second"))
    make.link(m.AskStatistic(ask_id=ask.id, statistic_id=offences.id, rank=1, note="headline"))
    make.link(m.AskStatistic(ask_id=ask.id, statistic_id=old.id, rank=0))
    quote = make.evidence(key="quote", title="A parent", text="Public words", source=foi)
    make.link(m.AskEvidence(ask_id=ask.id, evidence_id=quote.id, rank=1, note="use first"))
    duty = make.milestone(
        key="duty",
        title="Duty in force",
        milestone_date=date(2026, 7, 1),
        date_precision="month",
        kind="duty_in_force",
        organisation=ofcom,
    )
    make.link(m.AskMilestone(ask_id=ask.id, milestone_id=duty.id, note="deadline"))
    history = [
        ("ofcom-1", ofcom, date(2024, 1, 10), "opposes", None),
        ("ofcom-2", ofcom, date(2025, 3, 5), "supports", None),
        ("meta-1", meta, date(2024, 6, 1), "partly_supports", None),
        ("meta-2", meta, date(2025, 9, 1), "opposes", utcnow()),  # archived: does not count
    ]
    for key, org, when, position, archived_at in history:
        response = make.response(
            key=key,
            title=f"{org.name} {when}",
            organisation=org,
            response_date=when,
            archived_at=archived_at,
        )
        make.link(
            m.ResponseAsk(response_id=response.id, ask_id=ask.id, position=position, note=key)
        )
    return ask


def test_ask_detail_embeds_every_linked_row(get, make):
    _campaign(make)
    body = get("/api/v1/asks/scan-for-csam")

    assert body["slug"] == "scan-for-csam"
    assert body["api_url"] == f"{BASE}/asks/scan-for-csam"
    assert body["status"] == "active" and body["priority"] == "high"
    assert body["summary"] == "**Detect** known abuse images."
    assert "owner_email" not in body
    assert [t["key"] for t in body["targets"]] == ["meta", "ofcom"]  # archived target hidden
    assert body["targets"][1]["api_url"] == f"{BASE}/organisations/ofcom"
    assert body["tags"] == ["encryption", "illegal harms codes"]

    # Statistics in link rank order, archived ones left out, each with its source and link.
    assert [s["key"] for s in body["statistics"]] == ["offences", "share"]
    offences = body["statistics"][0]
    assert offences["value"] == "33226" and offences["display"] == "33,226"
    assert offences["link"] == {"note": "headline", "rank": 1}
    assert offences["source"] == {
        "key": "foi-2024",
        "title": "Police FOI 2024",
        "kind": "foi_return",
        "publisher": "NSPCC",
        "published_on": "2024-08-01",
        "url": "https://example.org/foi",
        "coverage": "43 of 45 forces answered",
        "api_url": f"{BASE}/sources/foi-2024",
    }
    assert body["statistics"][1]["source"] is None

    assert [(e["key"], e["text"], e["link"]) for e in body["evidence"]] == [
        ("quote", "Public words", {"note": "use first", "rank": 1})
    ]
    [milestone] = body["milestones"]
    assert (milestone["key"], milestone["date"], milestone["link"]) == (
        "duty",
        "2026-07",
        {"note": "deadline"},
    )
    assert milestone["organisation"]["key"] == "ofcom"

    # Responses newest first, archived left out, each with this ask's position.
    assert [(r["key"], r["link"]["position"]) for r in body["responses"]] == [
        ("ofcom-2", "supports"),
        ("meta-1", "partly_supports"),
        ("ofcom-1", "opposes"),
    ]
    assert body["responses"][0]["organisation"]["key"] == "ofcom"


def test_ask_positions_give_each_target_latest_position_and_history(get, make):
    _campaign(make)
    positions = get("/api/v1/asks/scan-for-csam")["positions"]

    assert [(p["organisation"]["key"], p["position"]) for p in positions] == [
        ("meta", "partly_supports"),  # Meta's later response is archived
        ("ofcom", "supports"),
    ]
    ofcom = positions[1]
    assert ofcom["response"] == {
        "key": "ofcom-2",
        "title": "Ofcom 2025-03-05",
        "date": "2025-03-05",
        "api_url": f"{BASE}/responses/ofcom-2",
    }
    assert ofcom["note"] == "ofcom-2"
    assert [(h["position"], h["response"]["key"]) for h in ofcom["history"]] == [
        ("opposes", "ofcom-1"),
        ("supports", "ofcom-2"),
    ]


def test_ask_without_links_has_empty_lists(get, make):
    make.ask(slug="lonely", status="draft")
    body = get("/api/v1/asks/lonely")
    for name in ("targets", "tags", "statistics", "evidence", "responses", "milestones"):
        assert body[name] == []
    assert body["positions"] == []
    assert body["status"] == "draft"


def test_ask_list_is_a_summary_with_targets_and_tags(get, make):
    _campaign(make)
    make.ask(slug="another", title="Another ask", status="met", priority="low")
    body = get("/api/v1/asks")
    assert body["total"] == 2 and body["next"] is None
    assert [a["slug"] for a in body["items"]] == ["another", "scan-for-csam"]  # by title
    scan = body["items"][1]
    assert [t["key"] for t in scan["targets"]] == ["meta", "ofcom"]
    assert scan["tags"] == ["encryption", "illegal harms codes"]
    assert "statistics" not in scan and "positions" not in scan


def test_ask_list_filters(get, make):
    _campaign(make)
    make.ask(slug="another", title="Another ask", status="met", priority="low")
    archived = make.ask(slug="archived-ask", title="Old ask", archived_at=utcnow())

    def slugs(query):
        return [a["slug"] for a in get(f"/api/v1/asks?{query}")["items"]]

    assert slugs("status=met") == ["another"]
    assert slugs("priority=high") == ["scan-for-csam"]
    assert slugs("tag=encryption") == ["scan-for-csam"]
    assert slugs("target=meta") == ["scan-for-csam"]
    assert slugs("q=SCAN") == ["scan-for-csam"]
    assert slugs("archived=1") == [archived.slug]
    assert slugs("sort=-title") == ["scan-for-csam", "another"]
    # An archived ask is still reachable by its slug, and says it is archived.
    assert get("/api/v1/asks/archived-ask")["archived_at"] is not None
