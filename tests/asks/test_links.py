"""Linking statistics, evidence and milestones from the ask page."""

import re
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from campaign.models import Ask, AskEvidence, AskMilestone, AskStatistic


def _links(session, model, ask):
    session.expire_all()
    column = {
        AskStatistic: AskStatistic.statistic_id,
        AskEvidence: AskEvidence.evidence_id,
        AskMilestone: AskMilestone.milestone_id,
    }[model]
    rows = session.exec(select(model).where(model.ask_id == ask.id).order_by(column)).all()
    return rows


def _ranked(session, model, ask) -> list[int]:
    fk = "statistic_id" if model is AskStatistic else "evidence_id"
    rows = sorted(_links(session, model, ask), key=lambda r: (r.rank, getattr(r, fk)))
    return [getattr(r, fk) for r in rows]


def _options(html: str, select_id: str) -> list[str]:
    block = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", block)


@pytest.mark.parametrize(
    ("kind", "factory", "model", "fk"),
    [
        ("statistics", "statistic", AskStatistic, "statistic_id"),
        ("evidence", "evidence", AskEvidence, "evidence_id"),
        ("milestones", "milestone", AskMilestone, "milestone_id"),
    ],
)
def test_link_note_and_unlink_each_kind(client, session, make, kind, factory, model, fk):
    ask = make.ask(title="Age checks", slug="age-checks")
    item = getattr(make, factory)(title="Thing") if factory != "statistic" else make.statistic()
    response = client.post(
        f"/asks/age-checks/{kind}",
        data={f"{kind}-item_id": str(item.id), f"{kind}-note": "  Used in the letter  "},
    )
    assert response.status_code == 302
    # Back to the ask page with this kind's (collapsed by default) section open.
    assert response.location.endswith(f"/asks/age-checks?open={kind}#{kind}")
    [link] = _links(session, model, ask)
    assert getattr(link, fk) == item.id and link.note == "Used in the letter"
    page = client.get(response.location).get_data(as_text=True)
    assert "Linked" in page and "Used in the letter" in page
    assert f'<details class="section-body" id="{kind}-items" open>' in page
    assert f'id="{kind}-items" open' not in client.get("/asks/age-checks").get_data(as_text=True)

    client.post(f"/asks/age-checks/{kind}/{item.id}/note", data={"note": "Second thoughts"})
    assert _links(session, model, ask)[0].note == "Second thoughts"

    response = client.post(f"/asks/age-checks/{kind}/{item.id}/unlink", follow_redirects=True)
    assert "Unlinked" in response.get_data(as_text=True)
    assert _links(session, model, ask) == []
    session.expire_all()
    assert session.get(type(item), item.id) is not None  # the item itself is kept


def test_linking_twice_is_refused_with_a_friendly_message(client, session, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    stat = make.statistic(label="Reports received")
    make.link(AskStatistic(ask_id=ask.id, statistic_id=stat.id, note="Original"))
    response = client.post(
        "/asks/age-checks/statistics",
        data={"statistics-item_id": str(stat.id), "statistics-note": "Again"},
    )
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert 'id="statistics-item_id-error"' in text
    assert "“Reports received” is already linked to this ask." in text
    [link] = _links(session, AskStatistic, ask)
    assert link.note == "Original"


def test_linking_nothing_or_an_archived_item_is_refused(client, session, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    gone = make.statistic(archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    response = client.post("/asks/age-checks/statistics", data={"statistics-item_id": ""})
    assert response.status_code == 422
    assert "Choose one to link." in response.get_data(as_text=True)
    response = client.post("/asks/age-checks/statistics", data={"statistics-item_id": str(gone.id)})
    assert response.status_code == 422
    assert "Choose an existing statistic" in response.get_data(as_text=True)
    response = client.post("/asks/age-checks/statistics", data={"statistics-item_id": "999999"})
    # Not there: 404, as for restricted evidence (tests/asks/test_link_clearance.py).
    assert response.status_code == 404
    assert _links(session, AskStatistic, ask) == []


def test_link_form_offers_only_active_unlinked_items(client, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    linked = make.statistic(label="Already linked")
    make.statistic(label="Free to link")
    make.statistic(label="Archived one", archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    make.link(AskStatistic(ask_id=ask.id, statistic_id=linked.id))
    options = _options(client.get("/asks/age-checks").get_data(as_text=True), "statistics-item_id")
    assert options[0] == "— choose statistic —"
    assert any(o.startswith("Free to link") for o in options)
    assert not any(o.startswith(("Already linked", "Archived one")) for o in options)


def test_link_search_narrows_and_caps_the_options(client, make, session):
    from campaign.asks.page import OPTION_LIMIT
    from campaign.models import Statistic

    make.ask(title="Age checks", slug="age-checks")
    session.add_all(
        Statistic(key=f"bulk-{i}", label=f"Bulk figure {i:03d}", value=i, unit="count")
        for i in range(OPTION_LIMIT + 5)
    )
    session.commit()
    make.statistic(
        label="Grooming crimes recorded",
        published_wording="a record high",
        value=7062,
        period_label="2023/24",
    )

    page = client.get("/asks/age-checks").get_data(as_text=True)
    options = _options(page, "statistics-item_id")
    assert len(options) == OPTION_LIMIT + 1  # the blank choice, then the first 20
    assert f"Showing the first {OPTION_LIMIT} matches" in page

    narrowed = client.get("/asks/age-checks?link_q=RECORD+high").get_data(as_text=True)
    assert _options(narrowed, "statistics-item_id")[1:] == [
        "Grooming crimes recorded (7,062, 2023/24)"
    ]
    assert 'name="link_q" value="RECORD high"' in narrowed
    assert "Showing the first" not in narrowed


def test_a_refused_link_keeps_the_search(client, make):
    make.ask(title="Age checks", slug="age-checks")
    make.statistic(label="Grooming crimes recorded")
    make.statistic(label="Something else")
    response = client.post(
        "/asks/age-checks/statistics", data={"statistics-item_id": "", "link_q": "grooming"}
    )
    assert response.status_code == 422
    options = _options(response.get_data(as_text=True), "statistics-item_id")
    assert [o.split(" (")[0] for o in options[1:]] == ["Grooming crimes recorded"]


@pytest.mark.parametrize(
    ("kind", "factory", "model"),
    [("statistics", "statistic", AskStatistic), ("evidence", "evidence", AskEvidence)],
)
def test_reorder_moves_up_and_down(client, session, make, kind, factory, model):
    ask = make.ask(title="Age checks", slug="age-checks")
    a, b, c = (getattr(make, factory)() for _ in range(3))
    for item in (a, b, c):
        client.post(f"/asks/age-checks/{kind}", data={f"{kind}-item_id": str(item.id)})
    assert _ranked(session, model, ask) == [a.id, b.id, c.id]

    client.post(f"/asks/age-checks/{kind}/{c.id}/move", data={"direction": "up"})
    assert _ranked(session, model, ask) == [a.id, c.id, b.id]
    client.post(f"/asks/age-checks/{kind}/{a.id}/move", data={"direction": "down"})
    assert _ranked(session, model, ask) == [c.id, a.id, b.id]
    client.post(f"/asks/age-checks/{kind}/{c.id}/move", data={"direction": "up"})  # already first
    client.post(f"/asks/age-checks/{kind}/{b.id}/move", data={"direction": "down"})  # last
    assert _ranked(session, model, ask) == [c.id, a.id, b.id]

    page = client.get("/asks/age-checks").get_data(as_text=True)
    section = re.search(rf'<section id="{kind}".*?</section>', page, re.S).group(0)
    titles = [str(x) for x in (c, a, b)]
    positions = [section.index(f">{t}</a>") for t in titles]
    assert positions == sorted(positions)


def test_ranks_with_ties_are_renumbered_when_moving(client, session, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    stats = [make.statistic() for _ in range(3)]
    for s in stats:  # all rank 0, as an import might leave them
        make.link(AskStatistic(ask_id=ask.id, statistic_id=s.id))
    client.post(f"/asks/age-checks/statistics/{stats[2].id}/move", data={"direction": "up"})
    assert _ranked(session, AskStatistic, ask) == [stats[0].id, stats[2].id, stats[1].id]
    assert sorted(r.rank for r in _links(session, AskStatistic, ask)) == [0, 1, 2]


def test_unlinking_something_not_linked_says_so(client, make):
    make.ask(title="Age checks", slug="age-checks")
    stat = make.statistic(label="Reports received")
    response = client.post(f"/asks/age-checks/statistics/{stat.id}/unlink", follow_redirects=True)
    assert response.status_code == 200
    assert "“Reports received” is not linked to this ask." in response.get_data(as_text=True)


def test_an_overlong_note_is_refused(client, session, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    stat = make.statistic()
    make.link(AskStatistic(ask_id=ask.id, statistic_id=stat.id, note="Kept"))
    response = client.post(
        f"/asks/age-checks/statistics/{stat.id}/note",
        data={"note": "x" * 2001},
        follow_redirects=True,
    )
    assert "cannot be longer than 2000 characters" in response.get_data(as_text=True)
    assert _links(session, AskStatistic, ask)[0].note == "Kept"


def test_milestones_cannot_be_reordered(client, make):
    make.ask(title="Age checks", slug="age-checks")
    milestone = make.milestone()
    response = client.post(
        f"/asks/age-checks/milestones/{milestone.id}/move", data={"direction": "up"}
    )
    assert response.status_code == 404


def test_linking_touches_the_ask(client, session, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    before = ask.updated_at
    stat = make.statistic()
    client.post("/asks/age-checks/statistics", data={"statistics-item_id": str(stat.id)})
    session.expire_all()
    assert session.get(Ask, ask.id).updated_at > before


def test_links_on_an_unknown_ask_are_404(client, make):
    stat = make.statistic()
    response = client.post("/asks/nope/statistics", data={"statistics-item_id": str(stat.id)})
    assert response.status_code == 404


def test_link_forms_require_csrf(make_app, make):
    app = make_app(WTF_CSRF_ENABLED=True)
    make.ask(title="Age checks", slug="age-checks")
    stat = make.statistic()
    client = app.test_client()
    response = client.post("/asks/age-checks/statistics", data={"statistics-item_id": stat.id})
    assert response.status_code == 400
    page = client.get("/asks/age-checks").get_data(as_text=True)
    token = re.search(r'name="statistics-csrf_token" type="hidden" value="([^"]+)"', page)
    response = client.post(
        "/asks/age-checks/statistics",
        data={"statistics-item_id": stat.id, "statistics-csrf_token": token.group(1)},
    )
    assert response.status_code == 302
    page = client.get("/asks/age-checks").get_data(as_text=True)
    plain = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(
        f"/asks/age-checks/statistics/{stat.id}/unlink", data={"csrf_token": plain}
    )
    assert response.status_code == 302


def test_no_link_form_lists_more_than_a_small_set(client, make):
    """Choosers that scale (docs/choosers.md): each link form offers a short list (a select of
    at most 50 options) however many items there are; the search finds any of them."""
    make.ask(title="Age checks", slug="age-checks")
    for n in range(60):
        make.statistic(label=f"Figure {n:02}")
        make.evidence(title=f"Case {n:02}")
        make.milestone(title=f"Debate {n:02}")
    page = client.get("/asks/age-checks").get_data(as_text=True)
    for kind in ("statistics", "evidence", "milestones"):
        assert 1 < len(_options(page, f"{kind}-item_id")) <= 50
    found = client.get("/asks/age-checks?link_q=figure+59").get_data(as_text=True)
    assert [o.split(" (")[0] for o in _options(found, "statistics-item_id")[1:]] == ["Figure 59"]
