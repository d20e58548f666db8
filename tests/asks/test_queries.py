"""No N+1: the ask list and the ask page issue a fixed number of SQL statements however many
asks, targets, tags, links and responses there are."""

from datetime import date, timedelta

from campaign.models import (
    AskEvidence,
    AskMilestone,
    AskStatistic,
    AskTag,
    AskTarget,
    ResponseAsk,
    StatisticFormula,
    StatisticInput,
    Tag,
)
from tests.support.querycount import count_queries


def _ask_with(make, n: int, slug: str):
    """An ask with n of everything: targets, tags, statistics (each with a source), evidence
    (each with a source), milestones, and responses from each target."""
    ask = make.ask(title=f"Ask with {n}", slug=slug, summary="**Summary**")
    previous = None
    for i in range(n):
        org = make.organisation(name=f"{slug} org {i}")
        make.link(AskTarget(ask_id=ask.id, organisation_id=org.id))
        tag = make.link(Tag(name=f"{slug}-tag-{i}"))
        make.link(AskTag(ask_id=ask.id, tag_id=tag.id))
        # Separate sources: a many-to-one already in the session would load without SQL and
        # hide a missing selectinload.
        stat_source = make.source(title=f"{slug} statistic source {i}")
        # Every figure has a claim to check; every other one is derived from the one before.
        derived = i % 2 == 1
        formula = {"formula": StatisticFormula.SUM} if derived else {}
        stat = make.statistic(
            source_id=stat_source.id, period_label="2024", claim="about 1,000", **formula
        )
        for position in range(2 if derived else 0):
            make.link(StatisticInput(statistic_id=stat.id, position=position, input_id=previous.id))
        previous = stat
        make.link(AskStatistic(ask_id=ask.id, statistic_id=stat.id, rank=i, note="note"))
        evidence_source = make.source(title=f"{slug} evidence source {i}")
        evidence = make.evidence(source_id=evidence_source.id, is_composite=bool(i % 2))
        make.link(AskEvidence(ask_id=ask.id, evidence_id=evidence.id, rank=i))
        milestone = make.milestone(organisation_id=org.id)
        make.link(AskMilestone(ask_id=ask.id, milestone_id=milestone.id))
        for days in (0, 100):  # two responses each: a history, not just a latest position
            response = make.response(
                organisation=org, response_date=date(2024, 1, 1) + timedelta(days=days + i)
            )
            make.link(ResponseAsk(response_id=response.id, ask_id=ask.id, position="supports"))
    return ask


def test_the_ask_page_issues_a_fixed_number_of_queries(app, client, make):
    _ask_with(make, 2, "small")
    _ask_with(make, 30, "large")
    counts = {}
    for slug in ("small", "large"):
        client.get(f"/asks/{slug}")  # warm up: first-request work is not the page's
        with count_queries(app) as statements:
            response = client.get(f"/asks/{slug}")
        assert response.status_code == 200
        counts[slug] = len(statements)
    large = client.get("/asks/large").get_data(as_text=True)
    assert large.count('class="stance"') == 30 and large.count("figure-large") == 30
    assert large.count("claim-mark") == 30  # every figure's claim checked and marked
    assert counts["small"] == counts["large"], counts
    # 18 for the page itself, 4 for its figures' claim checks (the statistics, their
    # sources, their inputs, the inputs' sources: campaign/claims/checking.py), 1 for the
    # signed-in user, and 2 for the History box (the revisions; the form's target choices
    # that name organisations in them).
    assert counts["large"] <= 25, counts


def test_the_ask_list_issues_a_fixed_number_of_queries(make_app, make):
    app = make_app(PER_PAGE=50)
    client = app.test_client()

    def add_asks(start: int, stop: int) -> None:
        for i in range(start, stop):
            ask = make.ask(title=f"Ask {i:02d}")
            for j in range(2):
                org = make.organisation(name=f"Org {i}-{j}")
                make.link(AskTarget(ask_id=ask.id, organisation_id=org.id))
            tag = make.link(Tag(name=f"tag-{i}"))
            make.link(AskTag(ask_id=ask.id, tag_id=tag.id))

    def list_queries() -> int:
        client.get("/asks/")
        with count_queries(app) as statements:
            text = client.get("/asks/?sort=-updated").get_data(as_text=True)
        assert text.count('<td><a href="/asks/') == ask_count
        return len(statements)

    ask_count = 3
    add_asks(0, 3)
    few = list_queries()
    ask_count = 30
    add_asks(3, 30)
    many = list_queries()
    assert few == many, (few, many)
