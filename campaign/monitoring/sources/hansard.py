"""Hansard: what was said in the Commons and the Lords, from the Hansard API (HANSARD_API_URL,
https://hansard-api.parliament.uk).

Every path, parameter and field read here is in docs/monitoring-sources.md, section "Written
questions, written statements and Hansard" (from the API's own Swagger spec, [HS-SPEC]):
`GET /search/contributions/Spoken.json` with `queryParameters.searchTerm`,
`queryParameters.startDate` (yyyy-mm-dd), `queryParameters.orderBy=SittingDateAsc` and
`queryParameters.skip`/`take`; the answer is `{"TotalResultCount", "Results": [...]}`, each
result a `SearchReferencesItem` (PascalCase fields).

Only spoken contributions: that `Written.json` carries written statements is one client's
reading, not the spec's, and written statements come from the questions API
(campaign.monitoring.sources.questions).

"Since" is a sitting day, and how long Hansard takes to publish a sitting is not confirmed, so
each fetch looks again at a trailing window of TRAILING_DAYS before the newest day seen (the
store dedupes by `ContributionExtId`). The spec has no ETag or Last-Modified.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any, ClassVar

from campaign.models import MonitorSource
from campaign.monitoring.http import FetchError, HttpClient
from campaign.monitoring.sources.base import (
    Found,
    Page,
    ParliamentSource,
    Query,
    day_of,
    plain,
    text_of,
    whole_number,
)

SEARCH_PATH = "/search/contributions/Spoken.json"
PUBLIC_SITE = "https://hansard.parliament.uk"
PAGE_SIZE = 100  # [IAI] pages by 100; the spec names no maximum
TRAILING_DAYS = 5
TITLE_LENGTH = 500  # MonitorItem.title
KINDS = {"commons": "Commons debate contribution", "lords": "Lords debate contribution"}


def start_day(query: Query) -> date | None:
    if query.since is not None:
        return query.since.date() - timedelta(days=TRAILING_DAYS)
    return query.first_day


def public_url(house: str, day: date, debate_id: str, contribution_id: str = "") -> str:
    """The contribution's place in the debate on hansard.parliament.uk: the form [IAI] builds
    (`/{House}/{yyyy-mm-dd}/debates/{DebateSectionExtId}/link#contribution-{ContributionExtId}`;
    [TSCLIENT] agrees on all but the last path segment)."""
    url = f"{PUBLIC_SITE}/{house}/{day.isoformat()}/debates/{debate_id}/link"
    return f"{url}#contribution-{contribution_id}" if contribution_id else url


def contribution_id(result: Mapping[str, Any], debate_id: str) -> str:
    """`ContributionExtId`, or, when the API gives none, a stable id made as [IAI] does from
    the debate, the text and the order in the debate."""
    ident = text_of(result.get("ContributionExtId"))
    if ident:
        return ident
    parts = (
        debate_id,
        str(result.get("ContributionText") or ""),
        str(result.get("OrderInDebateSection") or ""),
    )
    return "debate-" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]


def read_contribution(result: Any, *, where: str) -> Found | str:
    """One `SearchReferencesItem` as a Found, or why it cannot be read."""
    if not isinstance(result, Mapping):
        return f"{where}: not an object"
    debate_id = text_of(result.get("DebateSectionExtId"))
    if not debate_id:
        return f"{where}: no debate id (DebateSectionExtId)"
    sitting = day_of(result.get("SittingDate"))
    if sitting is None:
        return f"{where}: no sitting date"
    house = text_of(result.get("House"))
    kind = KINDS.get(house.lower())
    if kind is None:
        return f"{where}: no house (got {result.get('House')!r})"
    title = text_of(result.get("DebateSection")) or text_of(result.get("Section")) or kind
    spoken = plain(result.get("ContributionTextFull")) or plain(result.get("ContributionText"))
    ident = contribution_id(result, debate_id)
    return Found(
        source_id=ident,
        url=public_url(house, sitting, debate_id, text_of(result.get("ContributionExtId"))),
        title=title[:TITLE_LENGTH],
        date=sitting,
        text=" ".join(part for part in (title, spoken) if part),
        raw=dict(result),
        kind=kind,
        member_id=whole_number(result.get("MemberId")),
        member_name=text_of(result.get("MemberName")) or text_of(result.get("AttributedTo")),
    )


class Hansard(ParliamentSource):
    """Spoken contributions mentioning the terms, oldest sitting first, from the day."""

    name: ClassVar[str] = MonitorSource.HANSARD.value
    setting: ClassVar[str | None] = "HANSARD_API_URL"

    def __init__(self, *, page_size: int = PAGE_SIZE) -> None:
        self.page_size = page_size

    def pages(self, client: HttpClient, query: Query) -> Iterator[Page]:
        params: dict[str, Any] = {
            "queryParameters.searchTerm": query.search,
            "queryParameters.orderBy": "SittingDateAsc",
        }
        day = start_day(query)
        if day is not None:
            params["queryParameters.startDate"] = day.isoformat()
        skip = 0
        while True:
            answer = client.get_json(
                SEARCH_PATH,
                {**params, "queryParameters.skip": skip, "queryParameters.take": self.page_size},
            )
            results = answer.get("Results") if isinstance(answer, Mapping) else None
            if not isinstance(results, list):
                raise FetchError(f"{client.url_for(SEARCH_PATH)} answered without Results")
            page = Page()
            for index, result in enumerate(results, start=skip + 1):
                found = read_contribution(result, where=f"contributions, result {index}")
                if isinstance(found, str):
                    page.problems.append(found)
                else:
                    page.items.append(found)
            yield page
            skip += len(results)
            if not results or skip >= (whole_number(answer.get("TotalResultCount")) or 0):
                return
