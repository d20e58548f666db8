"""The asks services on their own: plain functions, keyword-only session, no commit."""

import pytest
from sqlmodel import select

from campaign.asks import services
from campaign.asks.links import STATISTICS, link_item, move_link
from campaign.common.services import ServiceError
from campaign.models import Ask, AskStatistic, Tag


def _data(**overrides):
    data = {
        "title": "Age checks",
        "slug": "",
        "summary": "",
        "status": "draft",
        "priority": "medium",
        "owner": "",
        "owner_email": None,
        "target_ids": [],
        "tag_names": "",
    }
    data.update(overrides)
    return data


def test_parse_tags_normalises_and_dedupes():
    assert services.parse_tags(" Encryption ,illegal  HARMS\tcodes,,encryption , ") == [
        "encryption",
        "illegal harms codes",
    ]
    assert services.parse_tags("") == [] and services.parse_tags(None) == []


def test_create_and_update_do_not_commit(session):
    ask = services.create_ask(session=session, data=_data(tag_names="a, b"))
    assert ask.id is not None and ask.slug == "age-checks"
    services.update_ask(ask, session=session, data=_data(title="Renamed", tag_names="b"))
    session.rollback()  # nothing was committed: the unit of work belongs to the request
    assert session.exec(select(Ask)).all() == []
    assert session.exec(select(Tag)).all() == []


def test_an_overlong_tag_is_refused_beside_the_field(session):
    with pytest.raises(ServiceError) as refused:
        services.create_ask(session=session, data=_data(tag_names="x" * 61))
    assert refused.value.field == "tag_names"


def test_an_overlong_tag_is_reported_on_the_form(client, session):
    response = client.post(
        "/asks/new",
        data={"title": "Age checks", "status": "draft", "priority": "low", "tag_names": "y" * 61},
    )
    assert response.status_code == 422
    assert 'id="tag_names-error"' in response.get_data(as_text=True)
    assert session.exec(select(Ask)).all() == []


def test_link_item_refuses_duplicates_and_ranks_last(session, make):
    ask = make.ask()
    first, second = make.statistic(), make.statistic()
    link_item(session=session, ask=ask, kind=STATISTICS, item_id=first.id)
    link_item(session=session, ask=ask, kind=STATISTICS, item_id=second.id, note="n")
    ranks = {
        link.statistic_id: link.rank
        for link in session.exec(select(AskStatistic).where(AskStatistic.ask_id == ask.id))
    }
    assert ranks == {first.id: 0, second.id: 1}
    with pytest.raises(ServiceError, match="already linked"):
        link_item(session=session, ask=ask, kind=STATISTICS, item_id=first.id)


def test_move_link_reports_whether_it_moved(session, make):
    ask = make.ask()
    a, b = make.statistic(), make.statistic()
    for item in (a, b):
        link_item(session=session, ask=ask, kind=STATISTICS, item_id=item.id)
    assert move_link(session=session, ask=ask, kind=STATISTICS, item_id=b.id, offset=-1)
    assert not move_link(session=session, ask=ask, kind=STATISTICS, item_id=b.id, offset=-1)
    with pytest.raises(ServiceError):
        move_link(session=session, ask=ask, kind=STATISTICS, item_id=a.id, offset=5)
