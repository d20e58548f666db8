"""UK Parliament's Bills API (BILLS_API_URL, https://bills-api.parliament.uk): one inbox item
per sitting of a stage of a bill whose title matches the watch's words.

What is read, and where its shape was found, is in docs/monitoring-sources.md ("Bills and
Committees", [SPEC-B]):

- `GET /api/v1/Bills?SearchTerm=&SortOrder=DateUpdatedDescending&Skip=&Take=` lists the bills
  (`BillSummary`), most recently updated first. The endpoint has no date filter, so paging
  stops at the first bill last updated before the day wanted.
- `GET /api/v1/Bills/{billId}` gives the long title, summary and sponsors (the member who
  sponsors it, or the department) of each bill updated since then.
- `GET /api/v1/Bills/{billId}/Stages?Skip=&Take=` gives its stages (`StageSummary`), each with
  its sittings (`BillStageSitting`: `id`, `date`).

Each sitting dated on or after the day wanted (less LATE_SITTING_DAYS, as a sitting can be
recorded a few days after it happens) is an item whose source id names the bill, the stage
and the sitting ("bill/3548/stage/18467/sitting/15578"): a new sitting is a new item, one seen
before is the same item (the store keeps it once). A sitting still to come is an item too,
dated on its (future) day. The API documents no ETag or Last-Modified, so no conditional
request is made.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any, ClassVar

from campaign.monitoring.http import FetchError, HttpClient
from campaign.monitoring.sources.base import (
    Found,
    Page,
    ParliamentSource,
    Query,
    day_of,
    listed,
    mapping,
    plain,
    text_of,
    whole_number,
)
from campaign.rendering import format_date

BILLS_PATH = "/api/v1/Bills"
PAGE_SIZE = 20  # the API documents no maximum `Take`; 20 is the smallest cap reported
LATE_SITTING_DAYS = 7
PUBLIC_URL = "https://bills.parliament.uk/bills/{bill_id}"
HOUSES = ("Commons", "Lords")  # a stage's `house`; "Unassigned" (Royal Assent) is not shown


def search_words(search_strings: list[str]) -> list[str]:
    """The search strings without quote marks (the API documents no phrase syntax; phrases
    and exclusions are matched on our side), each once."""
    queries: list[str] = []
    for search in search_strings:
        words = " ".join(search.replace('"', " ").split())
        if words and words not in queries:
            queries.append(words)
    return queries


def start_day(query: Query) -> date:
    """The first day wanted: the day of the newest item seen (repeated whole: the store
    dedupes), or the first fetch's first day."""
    if query.since is not None:
        return query.since.date()
    return query.first_day or date.min


class Bills(ParliamentSource):
    name: ClassVar[str] = "bills"
    setting: ClassVar[str | None] = "BILLS_API_URL"

    def queries(self, search_strings: list[str], feeds: list[str]) -> list[str]:
        return search_words(search_strings)

    def pages(self, client: HttpClient, query: Query) -> Iterator[Page]:
        first = start_day(query)
        earliest_sitting = first - timedelta(days=LATE_SITTING_DAYS) if first > date.min else first
        skip = 0
        while True:
            params = {
                "SearchTerm": query.search,
                "SortOrder": "DateUpdatedDescending",
                "Skip": skip,
                "Take": PAGE_SIZE,
            }
            answer = mapping(client.get_json(BILLS_PATH, params))
            results = listed(answer.get("items"))
            page = Page()
            older = False
            for number, bill in enumerate(results, skip + 1):
                bill = mapping(bill)
                bill_id = whole_number(bill.get("billId"))
                if bill_id is None:
                    page.problems.append(f"result {number}: no billId")
                    continue
                updated = day_of(bill.get("lastUpdate"))
                if updated is None:
                    page.problems.append(f"bill {bill_id}: no lastUpdate")
                    continue
                if updated < first:
                    older = True  # newest first: every later bill is older still
                    break
                self._bill_items(client, bill, bill_id, earliest_sitting, page)
            yield page
            skip += len(results)
            total = whole_number(answer.get("totalResults")) or 0
            if older or not results or skip >= total:
                return

    def _bill_items(
        self,
        client: HttpClient,
        summary: Mapping[str, Any],
        bill_id: int,
        earliest: date,
        page: Page,
    ) -> None:
        """The bill's sittings since `earliest`, added to `page`."""
        try:
            bill = mapping(client.get_json(f"{BILLS_PATH}/{bill_id}"))
        except FetchError as error:
            if error.status != 404:
                raise
            page.problems.append(f"bill {bill_id}: its details answered HTTP 404")
            bill = summary
        for stage in self._stages(client, bill_id, page):
            for sitting in listed(stage.get("stageSittings")):
                found = self._sitting(bill, bill_id, stage, mapping(sitting), earliest, page)
                if found is not None:
                    page.items.append(found)

    def _stages(self, client: HttpClient, bill_id: int, page: Page) -> list[Mapping[str, Any]]:
        stages: list[Mapping[str, Any]] = []
        skip = 0
        while True:
            params = {"Skip": skip, "Take": PAGE_SIZE}
            try:
                answer = mapping(client.get_json(f"{BILLS_PATH}/{bill_id}/Stages", params))
            except FetchError as error:
                if error.status != 404:
                    raise
                page.problems.append(f"bill {bill_id}: its stages answered HTTP 404")
                return stages
            results = listed(answer.get("items"))
            for number, stage in enumerate(results, skip + 1):
                stage = mapping(stage)
                if whole_number(stage.get("id")) is None or not text_of(stage.get("description")):
                    page.problems.append(f"bill {bill_id}, stage {number}: no id or description")
                    continue
                stages.append(stage)
            skip += len(results)
            total = whole_number(answer.get("totalResults")) or 0
            if not results or skip >= total:
                return stages

    def _sitting(
        self,
        bill: Mapping[str, Any],
        bill_id: int,
        stage: Mapping[str, Any],
        sitting: Mapping[str, Any],
        earliest: date,
        page: Page,
    ) -> Found | None:
        day = day_of(sitting.get("date"))
        if day is None or day < earliest:
            return None  # not yet dated (the API allows it), or long past
        stage_id = stage["id"]
        sitting_id = whole_number(sitting.get("id"))
        short_title = text_of(bill.get("shortTitle"))
        if not short_title:
            page.problems.append(f"bill {bill_id}: no shortTitle")
            return None
        source_id = f"bill/{bill_id}/stage/{stage_id}/" + (
            f"sitting/{sitting_id}" if sitting_id is not None else f"date/{day.isoformat()}"
        )
        house = text_of(stage.get("house"))
        where = f" ({house})" if house in HOUSES else ""
        description = text_of(stage.get("description"))
        title = f"{short_title}: {description}{where}, {format_date(day)}"
        long_title = text_of(bill.get("longTitle"))
        member, organisation = sponsor(bill)
        return Found(
            source_id=source_id,
            url=PUBLIC_URL.format(bill_id=bill_id),
            title=title,
            date=day,
            text=" ".join(
                part
                for part in (title, text_of(bill.get("formerShortTitle")), long_title)
                + (plain(bill.get("summary")),)
                if part
            ),
            raw={"bill": dict(bill), "stage": dict(stage), "sitting": dict(sitting)},
            kind="Bill stage",
            snippet=long_title,
            member_id=whole_number(member.get("memberId")),
            member_name=text_of(member.get("name")),
            organisation=organisation,
        )


def sponsor(bill: Mapping[str, Any]) -> tuple[Mapping[str, Any], str]:
    """The first sponsor's member (`sponsors[].member`) and the first sponsoring department's
    name (`sponsors[].organisation.name`), in the sponsors' `sortOrder`."""
    sponsors = sorted(
        (mapping(s) for s in listed(bill.get("sponsors"))),
        key=lambda s: whole_number(s.get("sortOrder")) or 0,
    )
    member = next((mapping(s["member"]) for s in sponsors if mapping(s.get("member"))), {})
    organisation = next(
        (
            text_of(mapping(s.get("organisation")).get("name"))
            for s in sponsors
            if text_of(mapping(s.get("organisation")).get("name"))
        ),
        "",
    )
    return member, organisation
