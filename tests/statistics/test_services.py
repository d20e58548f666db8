from datetime import UTC, datetime
from decimal import Decimal

import pytest

from campaign.common.services import ServiceError
from campaign.models import AskStatistic
from campaign.statistics.services import create_statistic, update_statistic

DATA = {"label": "Reports", "value": Decimal("25"), "unit": "percent"}


@pytest.mark.parametrize("value", [0.1, 25, "25", None, Decimal("NaN"), Decimal("Infinity")])
def test_only_finite_decimals_are_stored(session, value):
    with pytest.raises(ServiceError) as refused:
        create_statistic(session=session, data={**DATA, "value": value})
    assert refused.value.field == "value"


def test_linking_to_an_archived_ask_is_refused(session, make):
    ask = make.ask(archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(ServiceError) as refused:
        create_statistic(session=session, data={**DATA, "link_ask_id": ask.id})
    assert refused.value.field == "link_ask_id"


def test_links_are_ranked_after_the_asks_existing_links(session, make):
    ask = make.ask()
    for rank in (0, 1):
        make.link(AskStatistic(ask_id=ask.id, statistic_id=make.statistic().id, rank=rank))
    stat = create_statistic(session=session, data={**DATA, "link_ask_id": ask.id})
    link = session.get(AskStatistic, {"ask_id": ask.id, "statistic_id": stat.id})
    assert link.rank == 2


def test_a_source_archived_since_it_was_chosen_is_kept_but_not_newly_chosen(session, make):
    archived = make.source(archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    with pytest.raises(ServiceError) as refused:
        create_statistic(session=session, data={**DATA, "source_id": archived.id})
    assert refused.value.field == "source_id"
    stat = make.statistic(source_id=archived.id)
    update_statistic(stat, session=session, data={**DATA, "source_id": archived.id})
    assert stat.source_id == archived.id
    with pytest.raises(ServiceError):
        update_statistic(stat, session=session, data={**DATA, "source_id": 999_999})
