"""An organisation's page lists (campaign.organisations.services.related): the active asks
that target it by title ignoring case, its active responses newest first and its active
milestones by date, each in a fixed order on both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime

from campaign.models import AskTarget
from campaign.organisations.services import related
from tests.support.querycount import count_queries

ARCHIVED = datetime(2025, 1, 1, tzinfo=UTC)


def test_related_lists_only_active_rows_in_a_fixed_order(session, make):
    ofcom = make.organisation(name="Ofcom")
    other = make.organisation(name="Home Office")
    titles = ["strengthen the codes", "Age checks", "End-to-end encryption", "age limits"]
    for title in [*titles, "Archived ask"]:
        ask = make.ask(title=title, archived_at=ARCHIVED if title == "Archived ask" else None)
        make.link(AskTarget(ask_id=ask.id, organisation_id=ofcom.id))
    make.link(AskTarget(ask_id=make.ask(title="Another's ask").id, organisation_id=other.id))
    first = make.response(organisation=ofcom, title="First", response_date=date(2025, 3, 1))
    same_day = make.response(organisation=ofcom, title="Same day", response_date=date(2025, 3, 1))
    older = make.response(organisation=ofcom, title="Older", response_date=date(2025, 1, 1))
    make.response(organisation=ofcom, title="Gone", archived_at=ARCHIVED)
    make.response(organisation=other, title="Not Ofcom's")
    later = make.milestone(organisation_id=ofcom.id, milestone_date=date(2026, 6, 1))
    sooner = make.milestone(organisation_id=ofcom.id, milestone_date=date(2026, 2, 1))
    make.milestone(organisation_id=ofcom.id, archived_at=ARCHIVED)

    with count_queries(session.get_bind()) as queries:
        found = related(session=session, organisation=ofcom)
    assert len(queries) == 3
    assert [a.title for a in found["asks"]] == [
        "Age checks",
        "age limits",
        "End-to-end encryption",
        "strengthen the codes",
    ]
    assert [r.id for r in found["responses"]] == [same_day.id, first.id, older.id]
    assert [m.id for m in found["milestones"]] == [sooner.id, later.id]
