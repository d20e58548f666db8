import re
from datetime import UTC, datetime

from campaign.models import AskTag, AskTarget, Tag


def _titles(html: str) -> list[str]:
    """The ask titles in the list table, in order."""
    return re.findall(r'<td><a href="/asks/[^"]+">([^<]+)</a></td>', html)


def test_list_shows_columns(client, make):
    ofcom = make.organisation(name="Ofcom")
    meta = make.organisation(name="Meta", kind="company")
    ask = make.ask(title="Age checks", slug="age-checks", status="partly_met", priority="high")
    make.link(AskTarget(ask_id=ask.id, organisation_id=ofcom.id))
    make.link(AskTarget(ask_id=ask.id, organisation_id=meta.id))
    text = client.get("/asks/").get_data(as_text=True)
    assert '<a href="/asks/age-checks">Age checks</a>' in text
    assert '<span class="badge badge-partly_met">Partly met</span>' in text
    assert "<td>High</td>" in text
    assert "<td>Meta, Ofcom</td>" in text
    for heading in ("Title", "Status", "Priority", "Targets", "Updated"):
        assert f">{heading}<" in text


def test_filters_by_status_priority_target_and_tag(client, make, session):
    ofcom = make.organisation(name="Ofcom")
    a = make.ask(title="Alpha", status="active", priority="high")
    b = make.ask(title="Bravo", status="draft", priority="low")
    c = make.ask(title="Charlie", status="active", priority="low")
    make.link(AskTarget(ask_id=b.id, organisation_id=ofcom.id))
    tag = make.link(Tag(name="encryption"))
    make.link(AskTag(ask_id=c.id, tag_id=tag.id))

    assert _titles(client.get("/asks/?status=active").get_data(as_text=True)) == [
        "Alpha",
        "Charlie",
    ]
    assert _titles(client.get("/asks/?priority=low").get_data(as_text=True)) == [
        "Bravo",
        "Charlie",
    ]
    assert _titles(client.get(f"/asks/?target={ofcom.id}").get_data(as_text=True)) == ["Bravo"]
    assert _titles(client.get("/asks/?tag=encryption").get_data(as_text=True)) == ["Charlie"]
    assert _titles(client.get("/asks/?target=not-a-number").get_data(as_text=True)) == []
    filters = client.get("/asks/").get_data(as_text=True)
    assert 'name="target_find"' in filters  # targets: search, then choose (docs/choosers.md)
    found = client.get("/asks/?target_find=OFC").get_data(as_text=True)
    assert f'<input type="radio" name="target" value="{ofcom.id}"> Ofcom' in found
    assert '<option value="encryption" >encryption</option>' in filters
    assert a.title in filters


def test_search_title_and_summary(client, make):
    make.ask(title="Age checks", summary="Robust age assurance")
    make.ask(title="Encryption", summary="Keep detection on E2EE services")
    assert _titles(client.get("/asks/?q=AGE").get_data(as_text=True)) == ["Age checks"]
    assert _titles(client.get("/asks/?q=detection").get_data(as_text=True)) == ["Encryption"]


def test_sorts(client, make):
    make.ask(
        title="Bravo",
        status="met",
        priority="low",
        updated_at=datetime(2025, 3, 1, tzinfo=UTC),
    )
    make.ask(
        title="alpha",
        status="draft",
        priority="medium",
        updated_at=datetime(2025, 1, 1, tzinfo=UTC),
    )
    make.ask(
        title="Charlie",
        status="active",
        priority="high",
        updated_at=datetime(2025, 2, 1, tzinfo=UTC),
    )

    def order(sort):
        return _titles(client.get(f"/asks/?sort={sort}").get_data(as_text=True))

    assert order("title") == ["alpha", "Bravo", "Charlie"]  # case-insensitive
    assert order("-title") == ["Charlie", "Bravo", "alpha"]
    assert order("priority") == ["Charlie", "alpha", "Bravo"]  # high, medium, low
    assert order("status") == ["alpha", "Charlie", "Bravo"]  # draft, active, met
    assert order("-updated") == ["Bravo", "Charlie", "alpha"]
    assert order("nonsense") == ["alpha", "Bravo", "Charlie"]


def test_pagination(make_app, make):
    app = make_app(PER_PAGE=2)
    for title in ("Charlie", "Alpha", "Bravo"):
        make.ask(title=title)
    client = app.test_client()
    first = client.get("/asks/").get_data(as_text=True)
    assert _titles(first) == ["Alpha", "Bravo"] and "Page 1 of 2" in first
    assert _titles(client.get("/asks/?page=2").get_data(as_text=True)) == ["Charlie"]
