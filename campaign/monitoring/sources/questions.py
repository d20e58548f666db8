"""UK Parliament written questions, their answers, and written statements, from the Written
Questions and Statements API (PARLIAMENT_QUESTIONS_API_URL,
https://questions-statements-api.parliament.uk).

Every path, parameter and field read here is in docs/monitoring-sources.md, section "Written
questions, written statements and Hansard" (from the API's own OpenAPI spec, [WQ-SPEC]):

- `GET /api/writtenquestions/questions` with `searchTerm`, `tabledWhenFrom` or
  `answeredWhenFrom` (yyyy-mm-dd, "on or after"), `expandMember=true`, `skip`/`take`; the
  answer is `{"totalResults", "results": [{"value": QuestionsViewModel, "links"}]}`.
- `GET /api/writtenquestions/questions/{id}`: one question, `{"value", "links"}`, for the
  full text when the list cut it short (it ends in "...").
- `GET /api/writtenstatements/statements` with `searchTerm`, `madeWhenFrom`, the same paging.

No sort parameter and no modified-since filter exist, so "since" is a day: the day of the
newest item seen last time, repeated (the store dedupes by the question's or statement's id).
The API sends no ETag or Last-Modified (none in the spec), so nothing conditional is sent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, ClassVar

from campaign.models import MonitorSource
from campaign.monitoring.http import FetchError, HttpClient
from campaign.monitoring.sources.base import (
    Found,
    Page,
    ParliamentSource,
    Query,
    day_of,
    mapping,
    plain,
    text_of,
    whole_number,
)

QUESTIONS_PATH = "/api/writtenquestions/questions"
STATEMENTS_PATH = "/api/writtenstatements/statements"
# The public pages (the API gives none): the pattern [TSCLIENT] builds, with the day the item
# was tabled or made, since UINs are reused across sessions (docs/monitoring-sources.md).
PUBLIC_SITE = "https://questions-statements.parliament.uk"
# The spec's default `take` is 20 and it names no maximum; paging advances by what came back,
# so a server that gives fewer a page is still read to the end.
PAGE_SIZE = 100
# At most this many "..." questions a page are fetched again in full; the rest keep the
# list's text (the terms are matched again on it; the item links to the full page).
MAX_DETAILS_PER_PAGE = 5
TRUNCATED = "..."
TITLE_LENGTH = 500  # MonitorItem.title


def since_day(query: Query) -> date | None:
    """The first day wanted: the day of the newest item seen last time (repeated, since the
    filters work by day), or the first fetch's earliest day."""
    if query.since is not None:
        return query.since.date()
    return query.first_day


def _member_name(value: Any) -> str:
    """MemberViewModel.name (filled because we ask `expandMember=true`)."""
    return text_of(mapping(value).get("name"))


def _truncated(value: Mapping[str, Any]) -> bool:
    return any(
        text_of(value.get(name)).endswith(TRUNCATED) for name in ("questionText", "answerText")
    )


def public_url(kind: str, day: date, uin: str) -> str:
    """`kind` is "written-questions" or "written-statements"."""
    return f"{PUBLIC_SITE}/{kind}/detail/{day.isoformat()}/{uin.lower()}"


def paged(
    client: HttpClient, path: str, params: Mapping[str, Any], *, page_size: int
) -> Iterator[tuple[int, list[Any]]]:
    """(skip, results) for each page of a `totalResults` + `results` list, to the end."""
    skip = 0
    while True:
        answer = client.get_json(path, {**params, "skip": skip, "take": page_size})
        if not isinstance(answer, Mapping) or not isinstance(answer.get("results"), list):
            raise FetchError(f"{client.url_for(path)} answered without a results list")
        results = answer["results"]
        yield skip, results
        total = whole_number(answer.get("totalResults")) or 0
        skip += len(results)
        if not results or skip >= total:
            return


def read_question(item: Any, *, where: str) -> Found | str:
    """One `{"value": QuestionsViewModel}` as a Found, or why it cannot be read."""
    value = mapping(mapping(item).get("value"))
    ident = whole_number(value.get("id"))
    if ident is None:
        return f"{where}: no id"
    tabled = day_of(value.get("dateTabled"))
    uin = text_of(value.get("uin"))
    if tabled is None:
        return f"{where} (question {ident}): no date tabled"
    if not uin:
        return f"{where} (question {ident}): no UIN"
    answered = day_of(value.get("dateAnswered"))
    organisation = text_of(value.get("answeringBodyName"))
    title = text_of(value.get("heading")) or organisation or f"Written question {uin}"
    question = plain(value.get("questionText"))
    answer = plain(value.get("answerText")) if answered else ""
    # A question and its answer are two publications: the answer is a new item (its own id,
    # "<question id>/answer") even when the question was already in the inbox (and dismissed).
    return Found(
        source_id=f"{ident}/answer" if answered else str(ident),
        url=public_url("written-questions", tabled, uin),
        title=title[:TITLE_LENGTH],
        date=answered or tabled,
        text=" ".join(part for part in (title, question, answer) if part),
        raw=dict(mapping(item)),
        kind="Written answer" if answered else "Written question",
        member_id=whole_number(value.get("askingMemberId")),
        member_name=_member_name(value.get("askingMember")),
        organisation=organisation,
    )


def read_statement(item: Any, *, where: str) -> Found | str:
    """One `{"value": StatementsViewModel}` as a Found, or why it cannot be read."""
    value = mapping(mapping(item).get("value"))
    ident = whole_number(value.get("id"))
    if ident is None:
        return f"{where}: no id"
    made = day_of(value.get("dateMade"))
    uin = text_of(value.get("uin"))
    if made is None:
        return f"{where} (statement {ident}): no date made"
    if not uin:
        return f"{where} (statement {ident}): no UIN"
    organisation = text_of(value.get("answeringBodyName"))
    title = text_of(value.get("title")) or organisation or f"Written statement {uin}"
    body = plain(value.get("text"))
    return Found(
        source_id=str(ident),
        url=public_url("written-statements", made, uin),
        title=title[:TITLE_LENGTH],
        date=made,
        text=" ".join(part for part in (title, body) if part),
        raw=dict(mapping(item)),
        kind="Written statement",
        member_id=whole_number(value.get("memberId")),
        member_name=_member_name(value.get("member")),
        organisation=organisation,
    )


class WrittenQuestions(ParliamentSource):
    """Questions tabled, and questions answered, since the day: two searches (`tabledWhenFrom`,
    then `answeredWhenFrom`, as [IAI] does), one item per question id."""

    name: ClassVar[str] = MonitorSource.WRITTEN_QUESTIONS.value
    setting: ClassVar[str | None] = "PARLIAMENT_QUESTIONS_API_URL"
    # (the date filter, how problems name the search)
    searches: ClassVar[tuple[tuple[str, str], ...]] = (
        ("tabledWhenFrom", "questions tabled"),
        ("answeredWhenFrom", "questions answered"),
    )

    def __init__(
        self, *, page_size: int = PAGE_SIZE, max_details: int = MAX_DETAILS_PER_PAGE
    ) -> None:
        self.page_size = page_size
        self.max_details = max_details

    def pages(self, client: HttpClient, query: Query) -> Iterator[Page]:
        day = since_day(query)
        seen: set[int] = set()
        for date_filter, label in self.searches:
            params: dict[str, Any] = {"searchTerm": query.search, "expandMember": "true"}
            if day is not None:
                params[date_filter] = day.isoformat()
            for skip, results in paged(client, QUESTIONS_PATH, params, page_size=self.page_size):
                page = Page()
                details = 0
                for index, item in enumerate(results, start=skip + 1):
                    where = f"{label}, result {index}"
                    value = mapping(mapping(item).get("value"))
                    ident = whole_number(value.get("id"))
                    if ident is not None and ident in seen:
                        continue
                    if ident is not None and _truncated(value) and details < self.max_details:
                        details += 1
                        item = self._in_full(client, item, ident, page, where)
                    found = read_question(item, where=where)
                    if isinstance(found, str):
                        page.problems.append(found)
                        continue
                    seen.add(int(found.source_id.partition("/")[0]))
                    page.items.append(found)
                yield page

    def _in_full(self, client: HttpClient, item: Any, ident: int, page: Page, where: str) -> Any:
        """The question from `/questions/{id}` (full text), or the list's item when that
        request fails (noted in the page's problems; the item is kept)."""
        try:
            detail = client.get_json(f"{QUESTIONS_PATH}/{ident}", {"expandMember": "true"})
        except FetchError as error:
            page.problems.append(f"{where} (question {ident}): full text not fetched: {error}")
            return item
        value = mapping(mapping(detail).get("value"))
        if whole_number(value.get("id")) != ident:
            page.problems.append(f"{where} (question {ident}): full text not in the answer")
            return item
        return detail


class WrittenStatements(ParliamentSource):
    """Written ministerial statements made since the day (`madeWhenFrom`)."""

    name: ClassVar[str] = MonitorSource.WRITTEN_STATEMENTS.value
    setting: ClassVar[str | None] = "PARLIAMENT_QUESTIONS_API_URL"

    def __init__(self, *, page_size: int = PAGE_SIZE) -> None:
        self.page_size = page_size

    def pages(self, client: HttpClient, query: Query) -> Iterator[Page]:
        day = since_day(query)
        params: dict[str, Any] = {"searchTerm": query.search, "expandMember": "true"}
        if day is not None:
            params["madeWhenFrom"] = day.isoformat()
        for skip, results in paged(client, STATEMENTS_PATH, params, page_size=self.page_size):
            page = Page()
            for index, item in enumerate(results, start=skip + 1):
                found = read_statement(item, where=f"statements, result {index}")
                if isinstance(found, str):
                    page.problems.append(found)
                else:
                    page.items.append(found)
            yield page
