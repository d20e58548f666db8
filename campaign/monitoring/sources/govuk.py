"""GOV.UK (`govuk`): documents matching the watches' terms from the GOV.UK search API, newest
first since a day, with a consultation's opening and closing dates from the content API.

- Search: `GET {GOVUK_API_URL}/api/search.json` with `q`, `filter_public_timestamp=from:<day>`,
  `order=-public_timestamp`, `start`/`count` and the `fields` below; paged until
  `start >= total`. Unknown or invalid parameters answer HTTP 422, raised as a FetchError that
  says so (a configuration error, not retried).
- Content: `GET {GOVUK_API_URL}/api/content<link>` for a consultation (its
  `content_store_document_type` is one of the consultation schema's document types):
  `details.opening_date` / `details.closing_date` become `opens_on` / `closes_on`.

Every parameter and field is cited in docs/monitoring-sources.md ("GOV.UK search, content,
feeds and licences"); docs/monitoring.md ("Source: govuk") says what users see.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any, ClassVar

from campaign.models import MonitorSource
from campaign.monitoring.http import FetchError, HttpClient
from campaign.monitoring.sources.base import (
    GOVUK_LICENCE,
    GOVUK_LICENCE_URL,
    Found,
    Page,
    Query,
    SearchSource,
    day_of,
    plain,
    text_of,
)

SEARCH_PATH = "/api/search.json"
CONTENT_PATH = "/api/content"
PUBLIC_SITE = "https://www.gov.uk"  # a result's page is this + its `link`
PAGE_SIZE = 100  # `count`: the API's default is 10, its maximum 1500
FIELDS = (
    "title",
    "description",
    "link",
    "public_timestamp",
    "content_id",
    "organisations",
    "content_store_document_type",
    "format",
)
# The consultation content schema's `document_type` values.
CONSULTATION_TYPES = {
    "open_consultation": "Consultation",
    "consultation": "Consultation",
    "closed_consultation": "Closed consultation",
    "consultation_outcome": "Consultation outcome",
}
NEWS_TYPES = {"news_story", "press_release"}
TITLE_LENGTH = 500  # MonitorItem.title


class GovUk(SearchSource):
    name: ClassVar[str] = MonitorSource.GOVUK.value
    licence: ClassVar[str] = GOVUK_LICENCE
    licence_url: ClassVar[str] = GOVUK_LICENCE_URL
    setting: ClassVar[str | None] = "GOVUK_API_URL"

    def pages(self, client: HttpClient, query: Query) -> Iterator[Page]:
        since = query.since.date() if query.since is not None else query.first_day
        start = 0
        while True:
            answer = _search(client, search_params(query.search, since, start))
            results = answer.get("results") if isinstance(answer, Mapping) else None
            if not isinstance(results, list):
                raise FetchError(f"{client.url_for(SEARCH_PATH)}: the answer has no results list")
            page = Page()
            for number, result in enumerate(results, start=start + 1):
                found, problem = self.found(client, result, number)
                if found is not None:
                    page.items.append(found)
                if problem:
                    page.problems.append(problem)
            yield page
            total = answer.get("total")
            start += len(results)
            if not results or not isinstance(total, int) or start >= total:
                return

    def found(self, client: HttpClient, result: Any, number: int) -> tuple[Found | None, str]:
        """One search result as a Found (None and a problem when it is malformed); a
        consultation's dates from the content API (a problem, not a failure, when GOV.UK has
        no such page any more)."""
        if not isinstance(result, Mapping):
            return None, f"result {number}: not an object"
        link = text_of(result.get("link")) or text_of(result.get("_id"))
        source_id = text_of(result.get("content_id")) or text_of(result.get("_id")) or link
        if not source_id or not link:
            return None, f"result {number}: no link"
        where = f"result {number} ({link})"
        title = plain(result.get("title"))
        if not title:
            return None, f"{where}: no title"
        day = day_of(result.get("public_timestamp"))
        if day is None:
            return None, f"{where}: no public_timestamp"
        description = plain(result.get("description"))
        document_type = text_of(result.get("content_store_document_type"))
        kind = kind_of(document_type, text_of(result.get("format")))
        organisation = organisation_titles(result.get("organisations"))
        raw: dict[str, Any] = dict(result)
        opens_on = closes_on = None
        body, problem = "", ""
        if document_type in CONSULTATION_TYPES and link.startswith("/"):
            content, problem = _content(client, link, where)
            if content is not None:
                raw["content_item"] = content
                details = content.get("details")
                details = details if isinstance(details, Mapping) else {}
                opens_on = day_of(details.get("opening_date"))
                closes_on = day_of(details.get("closing_date"))
                body = plain(details.get("body"))
                links = content.get("links")
                if not organisation and isinstance(links, Mapping):
                    organisation = organisation_titles(links.get("organisations"))
        found = Found(
            source_id=source_id,
            url=public_url(link),
            title=title[:TITLE_LENGTH],
            date=day,
            text=" ".join(part for part in (title, description, body) if part),
            raw=raw,
            kind=kind,
            snippet=description,
            organisation=organisation[:300],
            opens_on=opens_on,
            closes_on=closes_on,
        )
        return found, problem


def search_params(search: str, since: date | None, start: int) -> dict[str, Any]:
    """The search's parameters: only the documented ones (anything else answers 422)."""
    params: dict[str, Any] = {"q": search, "order": "-public_timestamp"}
    if since is not None:
        params["filter_public_timestamp"] = f"from:{since.isoformat()}"
    params.update(start=start, count=PAGE_SIZE, fields=list(FIELDS))
    return params


def _search(client: HttpClient, params: dict[str, Any]) -> Any:
    try:
        return client.get_json(SEARCH_PATH, params)
    except FetchError as error:
        if error.status == 422:
            message = f"{error}: GOV.UK refused the search's parameters as invalid or unknown"
            raise FetchError(message, status=422) from error
        raise


def _content(client: HttpClient, link: str, where: str) -> tuple[Mapping[str, Any] | None, str]:
    """The content item for `link`; a 4xx (a page gone or moved) is the item's problem, while
    a server error or a timeout fails the page (retried on the next pass)."""
    try:
        content = client.get_json(CONTENT_PATH + link)
    except FetchError as error:
        if error.status is not None and 400 <= error.status < 500 and error.status != 429:
            return None, f"{where}: no consultation dates ({error})"
        raise
    if not isinstance(content, Mapping):
        return None, f"{where}: no consultation dates (the content API answered no object)"
    return content, ""


def public_url(link: str) -> str:
    """The page a person reads: GOV.UK + the link, or the link when it is a full URL."""
    if link.startswith(("https://", "http://")):
        return link
    return PUBLIC_SITE + (link if link.startswith("/") else "/" + link)


def organisation_titles(organisations: Any) -> str:
    """The organisations' titles ("Home Office, Ofcom"); a bare slug when that is all."""
    if not isinstance(organisations, list):
        return ""
    names = []
    for organisation in organisations:
        if isinstance(organisation, Mapping):
            name = text_of(organisation.get("title")) or text_of(organisation.get("slug"))
        else:
            name = text_of(organisation)
        if name and name not in names:
            names.append(name)
    return ", ".join(names)


def kind_of(document_type: str, format_: str) -> str:
    """A short label from the document type ("Consultation", "News", "Policy paper")."""
    if document_type in CONSULTATION_TYPES:
        return CONSULTATION_TYPES[document_type]
    if document_type in NEWS_TYPES:
        return "News"
    label = (document_type or format_).replace("_", " ").strip()
    return label[:1].upper() + label[1:] if label else "GOV.UK page"
