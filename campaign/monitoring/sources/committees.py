"""UK Parliament's Committees API (COMMITTEES_API_URL, https://committees-api.parliament.uk):
inquiries open for written evidence, and the written evidence they publish, for inquiries whose
name matches the watch's words.

What is read, and where its shape was found, is in docs/monitoring-sources.md ("Bills and
Committees", [SPEC-C]; inquiries are "committee business" in this API):

- `GET /api/CommitteeBusiness?SearchTerm=&Status=Open&SortOrder=DateOpenedNewest&Skip=&Take=`
  lists the open (not ended) business whose name matches. `SearchTerm` matches names only.
- One whose `openSubmissionPeriods` ("currently open submission periods") has a
  `WrittenEvidence` period is an **open inquiry** item ("business/123"): it opens on the
  period's `startDate` and closes on its `endDate` (none for rolling calls). Its `scope` comes
  from `GET /api/CommitteeBusiness/{id}`. Every open one is listed on every fetch, however
  long ago it opened (the store keeps each once): `DateFrom` filters by the day the business
  started, which would hide an older inquiry that is still taking evidence.
- For each open business, `GET /api/WrittenEvidence?CommitteeBusinessId=&StartDate=` lists the
  evidence published since the day wanted (`StartDate`: "evidence published on or after"):
  each a **written evidence** item ("evidence/456"). `WrittenEvidence` has `SearchTerm` too, but
  it searches the submitters' names, not what they wrote, so evidence is found through its
  inquiry.

Items may come wrapped (`{"value": item}`, as some clients read them) or not (the spec): both
are read. The API documents no ETag or Last-Modified, so no conditional request is made.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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
from campaign.monitoring.sources.bills import search_words, start_day

BUSINESS_PATH = "/api/CommitteeBusiness"
EVIDENCE_PATH = "/api/WrittenEvidence"
PAGE_SIZE = 30  # the API's default `Take` ([SPEC-C])
MIN_SEARCH = 2  # `SearchTerm` "must be 2 characters or more"
INQUIRY_URL = "https://committees.parliament.uk/work/{business_id}/"


def unwrapped(item: Any) -> Mapping[str, Any]:
    item = mapping(item)
    value = item.get("value")
    return mapping(value) if isinstance(value, Mapping) else item


def written_evidence_period(business: Mapping[str, Any]) -> Mapping[str, Any] | None:
    for period in listed(business.get("openSubmissionPeriods")):
        if mapping(period).get("submissionType") == "WrittenEvidence":
            return mapping(period)
    return None


def http_url(value: Any) -> str:
    text = text_of(value)
    return text if text.startswith(("https://", "http://")) else ""


class Committees(ParliamentSource):
    name: ClassVar[str] = "committees"
    setting: ClassVar[str | None] = "COMMITTEES_API_URL"

    def queries(self, search_strings: list[str], feeds: list[str]) -> list[str]:
        return [q for q in search_words(search_strings) if len(q) >= MIN_SEARCH]

    def pages(self, client: HttpClient, query: Query) -> Iterator[Page]:
        first = start_day(query)
        skip = 0
        while True:
            params = {
                "SearchTerm": query.search,
                "Status": "Open",
                "SortOrder": "DateOpenedNewest",
                "Skip": skip,
                "Take": PAGE_SIZE,
            }
            answer = mapping(client.get_json(BUSINESS_PATH, params))
            results = listed(answer.get("items"))
            page = Page()
            open_business: list[Mapping[str, Any]] = []
            for number, item in enumerate(results, skip + 1):
                business = unwrapped(item)
                business_id = whole_number(business.get("id"))
                if business_id is None or not text_of(business.get("title")):
                    page.problems.append(f"inquiry result {number}: no id or title")
                    continue
                open_business.append(business)
                period = written_evidence_period(business)
                if period is None:
                    continue  # open, but not taking written evidence
                found = self._inquiry(client, business, business_id, period, page)
                if found is not None:
                    page.items.append(found)
            yield page
            for business in open_business:
                yield from self._evidence(client, business, first.isoformat())
            skip += len(results)
            total = whole_number(answer.get("totalResults")) or 0
            if not results or skip >= total:
                return

    def _inquiry(
        self,
        client: HttpClient,
        business: Mapping[str, Any],
        business_id: int,
        period: Mapping[str, Any],
        page: Page,
    ) -> Found | None:
        opens_on = day_of(period.get("startDate"))
        day = opens_on or day_of(business.get("openDate"))
        if day is None:
            page.problems.append(f"inquiry {business_id}: no openDate")
            return None
        try:
            details = mapping(client.get_json(f"{BUSINESS_PATH}/{business_id}"))
        except FetchError as error:
            if error.status != 404:
                raise
            page.problems.append(f"inquiry {business_id}: its details answered HTTP 404")
            details = business
        title = text_of(business.get("title"))
        scope = plain(details.get("scope"))
        kind_name = text_of(mapping(business.get("type")).get("name"))
        return Found(
            source_id=f"business/{business_id}",
            url=INQUIRY_URL.format(business_id=business_id),
            title=title,
            date=day,
            text=" ".join(
                p for p in (title, kind_name, scope, text_of(period.get("statusMessage"))) if p
            ),
            raw=dict(details),
            kind="Open inquiry",
            snippet=scope,
            opens_on=opens_on,
            closes_on=day_of(period.get("endDate")),
        )

    def _evidence(
        self, client: HttpClient, business: Mapping[str, Any], since: str
    ) -> Iterator[Page]:
        business_id = business["id"]
        skip = 0
        while True:
            params = {
                "CommitteeBusinessId": business_id,
                "StartDate": since,
                "Skip": skip,
                "Take": PAGE_SIZE,
            }
            answer = mapping(client.get_json(EVIDENCE_PATH, params))
            results = listed(answer.get("items"))
            page = Page()
            for number, item in enumerate(results, skip + 1):
                found = self._one_evidence(unwrapped(item), business, number, page)
                if found is not None:
                    page.items.append(found)
            yield page
            skip += len(results)
            total = whole_number(answer.get("totalResults")) or 0
            if not results or skip >= total:
                return

    def _one_evidence(
        self, item: Mapping[str, Any], business: Mapping[str, Any], number: int, page: Page
    ) -> Found | None:
        where = f"inquiry {business['id']}, evidence result {number}"
        evidence_id = whole_number(item.get("id"))
        if evidence_id is None:
            page.problems.append(f"{where}: no id")
            return None
        published = day_of(item.get("publicationDate"))
        if published is None:
            page.problems.append(f"evidence {evidence_id}: no publicationDate")
            return None
        inquiry = text_of(mapping(item.get("committeeBusiness")).get("title")) or text_of(
            business.get("title")
        )
        names, organisations = submitters(item)
        who = ", ".join(names) or "an unnamed submitter"
        title = f"Written evidence from {who}: {inquiry}"
        committees = [
            text_of(mapping(c).get("name"))
            for c in listed(item.get("committees"))
            if text_of(mapping(c).get("name"))
        ]
        return Found(
            source_id=f"evidence/{evidence_id}",
            url=evidence_url(item, business["id"]),
            title=title,
            date=published,
            text=" ".join([title, *organisations, *committees]),
            raw=dict(item),
            kind="Written evidence",
            organisation=organisations[0] if organisations else "",
        )


def submitters(item: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """Who submitted it (a witness's `name`, or for an organisation's submission, whose `name`
    is null, its `organisations[].name`), and the organisations named."""
    if item.get("anonymous") is True:
        return [text_of(item.get("anonymousWitnessText")) or "an anonymous submitter"], []
    names: list[str] = []
    organisations: list[str] = []
    for witness in listed(item.get("witnesses")):
        witness = mapping(witness)
        its = [
            text_of(mapping(o).get("name"))
            for o in listed(witness.get("organisations"))
            if text_of(mapping(o).get("name"))
        ]
        organisations.extend(o for o in its if o not in organisations)
        name = text_of(witness.get("name"))
        for shown in [name] if name else its:
            if shown not in names:
                names.append(shown)
    return names, organisations


def evidence_url(item: Mapping[str, Any], business_id: int) -> str:
    """The URL the API gives for the evidence (`legacyHtmlUrl`, else a document file's `url`,
    HTML first), else the inquiry's page: docs/monitoring-sources.md finds no documented
    pattern for an evidence page built from its id."""
    files = [mapping(f) for f in listed(mapping(item.get("document")).get("files"))]
    files.sort(key=lambda f: f.get("fileDataFormat") != "Html")
    for candidate in [item.get("legacyHtmlUrl"), *(f.get("url") for f in files)]:
        if url := http_url(candidate):
            return url
    return INQUIRY_URL.format(business_id=business_id)
