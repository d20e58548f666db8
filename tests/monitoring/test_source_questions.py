"""The written questions and written statements adapters against the fixture server, through a
real HttpClient over HTTP (campaign/monitoring/sources/questions.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from campaign.monitoring.http import FetchError, HttpClient
from campaign.monitoring.sources import adapter
from campaign.monitoring.sources.base import PARLIAMENT_LICENCE, Query
from campaign.monitoring.sources.questions import WrittenQuestions, WrittenStatements
from tests.support.monitoring_fixtures.parliament import WQ_PREFIX, QuestionsFixture
from tests.support.recorded_server import RecordedServer, Reply

DAY = date(2026, 12, 3)
SINCE = datetime(2026, 12, 3, 15, 30, tzinfo=UTC)  # the whole day is asked again


@pytest.fixture
def api():
    return QuestionsFixture()


@pytest.fixture
def server(api):
    server = RecordedServer()
    server.mount(WQ_PREFIX, api.handler)
    with server.running() as base:
        server.base = base  # type: ignore[attr-defined]
        yield server


def client_for(server, *, sleeps=None, timeout=5.0, retries=2) -> HttpClient:
    return HttpClient(
        f"{server.base}/{WQ_PREFIX}",
        timeout=timeout,
        retries=retries,
        backoff=1.5,
        interval=0,
        sleep=(sleeps.append if sleeps is not None else lambda seconds: None),
    )


def fetch(source, server, query: Query, **client_options):
    pages = list(source.pages(client_for(server, **client_options), query))
    return pages, [item for page in pages for item in page.items]


def lists(server, path="/api/writtenquestions/questions"):
    return [r for r in server.requests_to(WQ_PREFIX) if r.path == path]


def test_the_adapters_are_registered_under_their_names():
    questions, statements = adapter("written-questions"), adapter("written-statements")
    assert isinstance(questions, WrittenQuestions)
    assert isinstance(statements, WrittenStatements)
    for source in (questions, statements):
        assert source.setting == "PARLIAMENT_QUESTIONS_API_URL"
        assert source.licence == PARLIAMENT_LICENCE
        assert source.queries(["online safety", "Ofcom", "online safety"], []) == [
            "online safety",
            "Ofcom",
        ]


def test_a_recorded_answer_becomes_one_item_with_its_full_text(api, server):
    query = Query('"Industrial Emissions Directive"', first_day=date(2024, 1, 1))
    _, items = fetch(WrittenQuestions(), server, query)

    # Tabled since the day AND answered since the day: found twice, kept once, as its answer
    # (the answer is an item of its own: "<question id>/answer").
    assert [item.source_id for item in items] == ["1679703/answer"]
    item = items[0]
    assert item.kind == "Written answer"
    assert item.date == date(2024, 3, 12)  # dateAnswered, not dateTabled
    assert item.title == "Incinerators"
    assert item.url == (
        "https://questions-statements.parliament.uk/written-questions/detail/2024-01-05/8024"
    )
    assert item.member_id == 4410  # askingMemberId
    assert item.organisation == "Department for Environment, Food and Rural Affairs"
    assert item.text.startswith("Incinerators To ask the Secretary of State for Environment")
    assert "Environmental Permitting Regulations (England and Wales) 2016" in item.text
    assert item.raw["value"]["uin"] == "8024"
    # Its recorded answerText ends in "...": the question was asked for by id.
    assert [r.path for r in server.requests_to(WQ_PREFIX)] == [
        "/api/writtenquestions/questions",
        "/api/writtenquestions/questions/1679703",
        "/api/writtenquestions/questions",
    ]
    tabled, answered = lists(server)
    assert tabled.arg("tabledWhenFrom") == "2024-01-01" and tabled.arg("answeredWhenFrom") is None
    assert (
        answered.arg("answeredWhenFrom") == "2024-01-01" and answered.arg("tabledWhenFrom") is None
    )
    assert tabled.arg("searchTerm") == '"Industrial Emissions Directive"'
    assert tabled.arg("expandMember") == "true"


def test_new_questions_and_new_answers_since_the_day(api, server):
    asked = api.add_question(
        heading="Online Safety Act 2023: Children",
        question_text="To ask what steps are being taken on online safety for children.",
        tabled_on=DAY,
        member_id=900_010,
        member_name="Fixture Asker",
        answering_body="Department for Science, Innovation and Technology",
    )
    answered_late = api.add_answer(
        heading="Online Safety: Encryption",
        question_text="To ask about online safety and end-to-end encryption.",
        answer_text="<p>Ofcom will publish its online safety codes.</p>",
        tabled_on=date(2026, 11, 20),  # tabled before the day, answered after it
        answered_on=date(2026, 12, 4),
        answering_member_id=900_011,
        answering_member_name="Fixture Minister",
    )
    api.add_question(
        heading="Online Safety: Old",
        question_text="To ask about online safety last month.",
        tabled_on=date(2026, 12, 2),  # the day before: not asked for
    )
    api.add_question(heading="Farming", question_text="To ask about farming.", tabled_on=DAY)

    _, items = fetch(WrittenQuestions(), server, Query("online safety", since=SINCE))

    by_id = {item.source_id: item for item in items}
    assert set(by_id) == {str(asked["value"]["id"]), f"{answered_late['value']['id']}/answer"}
    question = by_id[str(asked["value"]["id"])]
    assert (question.kind, question.date) == ("Written question", DAY)
    assert (question.member_id, question.member_name) == (900_010, "Fixture Asker")
    assert question.organisation == "Department for Science, Innovation and Technology"
    assert question.url.endswith(f"/written-questions/detail/2026-12-03/{asked['value']['uin']}")
    answer = by_id[f"{answered_late['value']['id']}/answer"]
    assert (answer.kind, answer.date) == ("Written answer", date(2026, 12, 4))
    assert answer.text.endswith("Ofcom will publish its online safety codes.")  # tags gone
    assert "<p>" not in answer.text
    assert "/2026-11-20/" in answer.url  # the public page is under the day it was tabled
    tabled, answered = lists(server)
    assert tabled.arg("tabledWhenFrom") == "2026-12-03"
    assert answered.arg("answeredWhenFrom") == "2026-12-03"


def test_the_uin_in_the_public_url_is_lower_case(api, server):
    api.add_question(
        heading="Online safety", question_text="Online safety.", tabled_on=DAY, uin="HL1234"
    )
    _, [item] = fetch(WrittenQuestions(), server, Query("online safety", since=SINCE))
    assert item.url == (
        "https://questions-statements.parliament.uk/written-questions/detail/2026-12-03/hl1234"
    )


def test_paging_reads_every_page_with_the_api_totals(api, server):
    for number in range(7):
        api.add_question(
            heading=f"Online safety {number}", question_text="Online safety.", tabled_on=DAY
        )

    pages, items = fetch(WrittenQuestions(page_size=3), server, Query("online safety", since=SINCE))

    assert len(items) == 7 and len({item.source_id for item in items}) == 7
    tabled = [r for r in lists(server) if r.arg("tabledWhenFrom")]
    assert [(r.arg("skip"), r.arg("take")) for r in tabled] == [("0", "3"), ("3", "3"), ("6", "3")]
    assert [len(page.items) for page in pages] == [3, 3, 1, 0]  # then the answers: none
    assert len(lists(server)) == 4


def test_truncated_text_is_fetched_in_full_at_most_a_bounded_number_a_page(api, server):
    long_answer = "Online safety duties. " * 30 + "THE END."
    added = [
        api.add_answer(
            heading=f"Online safety {number}",
            answer_text=long_answer,
            answered_on=DAY,
            truncated=True,
        )
        for number in range(4)
    ]

    _, items = fetch(WrittenQuestions(max_details=2), server, Query("online safety", since=SINCE))

    details = [r.path for r in server.requests_to(WQ_PREFIX) if r.path.count("/") == 4]
    assert details == [
        f"/api/writtenquestions/questions/{item['value']['id']}" for item in added[:2]
    ]
    by_id = {item.source_id: item for item in items}
    assert len(by_id) == 4
    for item in added[:2]:
        assert by_id[f"{item['value']['id']}/answer"].text.endswith("THE END.")
    for item in added[2:]:  # beyond the bound: the list's text, cut short
        assert by_id[f"{item['value']['id']}/answer"].text.endswith("...")


def test_a_failed_details_request_keeps_the_item_and_says_so(api, server):
    item = api.add_answer(
        heading="Online safety",
        answer_text="Online safety. " * 40,
        answered_on=DAY,
        truncated=True,
    )
    server.mount(
        WQ_PREFIX,
        lambda request: Reply(503) if request.path.count("/") == 4 else api.handler(request),
    )

    pages, items = fetch(WrittenQuestions(), server, Query("online safety", since=SINCE), retries=0)

    assert [found.source_id for found in items] == [f"{item['value']['id']}/answer"]
    assert items[0].text.endswith("...")
    [problem] = pages[0].problems
    assert problem.startswith(f"questions tabled, result 1 (question {item['value']['id']})")
    assert "full text not fetched" in problem and "HTTP 503" in problem


def test_a_503_is_retried_with_backoff(api, server):
    api.add_question(heading="Online safety", question_text="Online safety.", tabled_on=DAY)
    server.fail(WQ_PREFIX, [503])
    sleeps: list[float] = []

    _, items = fetch(WrittenQuestions(), server, Query("online safety", since=SINCE), sleeps=sleeps)

    assert len(items) == 1
    assert sleeps == [1.5]
    assert len(lists(server)) == 3  # the 503, its retry, then the answers' search


def test_a_503_every_time_is_a_fetch_error_naming_the_url(api, server):
    server.fail(WQ_PREFIX, [503] * 3)
    with pytest.raises(FetchError) as raised:
        fetch(WrittenQuestions(), server, Query("online safety", since=SINCE), retries=2)
    message = str(raised.value)
    assert f"{server.base}/{WQ_PREFIX}/api/writtenquestions/questions?" in message
    assert "HTTP 503" in message and "tried 3 times" in message


def test_a_slow_answer_is_a_fetch_error(api, server):
    server.stall(WQ_PREFIX, 1.0)
    with pytest.raises(FetchError, match="no answer within 0.3 s"):
        fetch(
            WrittenStatements(), server, Query("online safety", since=SINCE), timeout=0.3, retries=0
        )


def test_a_malformed_question_is_skipped_and_named(api, server):
    kept = [
        api.add_question(heading=f"Online safety {n}", question_text="x", tabled_on=DAY)
        for n in range(3)
    ]
    api.spoil(kept[1], "id")
    api.spoil(kept[2], "uin")
    good = api.add_question(heading="Online safety 4", question_text="x", tabled_on=DAY)
    first = Query("online safety", first_day=date(2026, 11, 1))

    pages, items = fetch(WrittenQuestions(), server, first)

    assert [item.source_id for item in items] == [
        str(kept[0]["value"]["id"]),
        str(good["value"]["id"]),
    ]
    assert pages[0].problems == [
        "questions tabled, result 2: no id",
        f"questions tabled, result 3 (question {kept[2]['value']['id']}): no UIN",
    ]


def test_written_statements_since_the_day(api, server):
    statement = api.add_statement(
        title="Online Safety Act: Implementation",
        text="<p>Today I am updating the House on <strong>online safety</strong>.</p>",
        made_on=DAY,
        uin="HCWS123",
        member_id=900_020,
        member_name="Fixture Minister",
        answering_body="Department for Science, Innovation and Technology",
    )
    api.add_statement(title="Online safety", text="Older.", made_on=date(2026, 12, 1))
    api.add_statement(title="Farming", text="<p>Farming.</p>", made_on=DAY)

    _, items = fetch(WrittenStatements(), server, Query("online safety", since=SINCE))

    [item] = items
    assert item.source_id == str(statement["value"]["id"])
    assert item.kind == "Written statement"
    assert item.date == DAY
    assert item.title == "Online Safety Act: Implementation"
    assert item.text == (
        "Online Safety Act: Implementation Today I am updating the House on online safety."
    )
    assert (item.member_id, item.member_name) == (900_020, "Fixture Minister")
    assert item.organisation == "Department for Science, Innovation and Technology"
    assert item.url == (
        "https://questions-statements.parliament.uk/written-statements/detail/2026-12-03/hcws123"
    )
    [request] = lists(server, "/api/writtenstatements/statements")
    assert request.arg("madeWhenFrom") == "2026-12-03"
    assert request.arg("searchTerm") == "online safety"


def test_written_statements_page_and_report_malformed_ones(api, server):
    made = [
        api.add_statement(title=f"Online safety {n}", text="Online safety.", made_on=DAY)
        for n in range(7)
    ]
    api.spoil(made[4], "uin")

    pages, items = fetch(
        WrittenStatements(page_size=3), server, Query("online safety", since=SINCE)
    )

    assert len(pages) == 3
    assert len(items) == 6
    assert pages[1].problems == [
        f"statements, result 5 (statement {made[4]['value']['id']}): no UIN"
    ]
    skips = [r.arg("skip") for r in lists(server, "/api/writtenstatements/statements")]
    assert skips == ["0", "3", "6"]
