"""A stand-in for GOV.UK's search API and content API, in their real shapes
(docs/monitoring-sources.md, "GOV.UK search, content, feeds and licences").

Mount it on a RecordedServer: `server.mount(PREFIX, fixture.handler)` and point the adapter's
client at f"{base}/{PREFIX}". It serves:

- `/api/search.json`: `q` (every word of it in the result's title or description, ignoring
  case), `filter_public_timestamp=from:<day>`, `filter_content_store_document_type`,
  `order=-public_timestamp` / `public_timestamp`, `start` / `count` (at most 1500) and
  `fields` (the named fields plus those the API always returns); any other parameter, or an
  invalid value, answers 422 as the API documents. The envelope is the current presenter's:
  `results`, `total`, `start`, `aggregates`, `suggested_queries`, `suggested_autocomplete`,
  `es_cluster`.
- `/api/content/<path>`: the content item for a consultation's link (404 for anything else).

Two items are real recorded ones (recorded/govuk/README.md says where each comes from): the
search result for "Tax your vehicle" and the content item of the consultation "Postgraduate
doctoral loans" (its search result is built from the content item). The builders add more in
the same shapes; their titles say they are fixtures.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from tests.support.recorded_server import Reply, Request

PREFIX = "govuk"
RECORDED = Path(__file__).parent / "recorded" / "govuk"
MAX_COUNT = 1500  # the API's documented maximum for `count`
# What the search API returns whatever `fields` asks (result_presenter.rb adds them).
ALWAYS_RETURNED = ("index", "es_score", "_id", "elasticsearch_type", "document_type")
KNOWN_PARAMS = {"q", "start", "count", "order", "fields", "fields[]", "c"}
KNOWN_FILTERS = {"filter_public_timestamp", "filter_content_store_document_type"}
SORTABLE = {"public_timestamp", "-public_timestamp"}
_FROM = re.compile(r"^from:(\d{4}-\d{2}-\d{2})$")


def recorded(name: str) -> dict[str, Any]:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


RECORDED_SEARCH_RESULT = recorded("search_result_vehicle_tax.json")
RECORDED_CONSULTATION = recorded("content_open_consultation.json")


def timestamp(value: date | datetime) -> str:
    """A `public_timestamp` as the API writes it (ISO 8601 with its offset)."""
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, 9, 30, tzinfo=UTC)
    return value.isoformat(timespec="seconds")


def organisation(title: str) -> dict[str, Any]:
    """An expanded organisation, in the shape of the recorded result's `organisations`."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return {
        "organisation_state": "live",
        "link": f"/government/organisations/{slug}",
        "title": title,
        "slug": slug,
    }


class GovUkFixture:
    def __init__(self, *, with_recorded: bool = True) -> None:
        self.results: list[dict[str, Any]] = []
        self.content: dict[str, dict[str, Any]] = {}
        if with_recorded:
            self.results.append(dict(RECORDED_SEARCH_RESULT))
            self.add_content_item(RECORDED_CONSULTATION)

    # Builders -------------------------------------------------------------------------------

    def add_result(
        self,
        *,
        title: str,
        link: str,
        published: date | datetime,
        description: str = "",
        document_type: str = "news_story",
        organisations: tuple[str, ...] = ("Home Office",),
        content_id: str | None = None,
    ) -> dict[str, Any]:
        result: dict[str, Any] = {
            "title": title,
            "description": description,
            "link": link,
            "public_timestamp": timestamp(published),
            "organisations": [organisation(name) for name in organisations],
            "content_store_document_type": document_type,
            "format": document_type,
            "index": "government",
            "es_score": 1.0,
            "_id": link,
            "elasticsearch_type": "edition",
            "document_type": "edition",
        }
        if content_id:
            result["content_id"] = content_id
        self.results.append(result)
        return result

    def add_consultation(
        self,
        *,
        title: str,
        link: str,
        published: date | datetime,
        opening: datetime | None,
        closing: datetime | None,
        description: str = "",
        body: str = "",
        organisation_title: str = "Home Office",
        document_type: str = "open_consultation",
        content_id: str = "",
    ) -> dict[str, Any]:
        """A consultation: its search result and its content item (the recorded one's shape)."""
        details: dict[str, Any] = {"body": body or f"<p>{description}</p>", "political": False}
        if opening is not None:
            details["opening_date"] = opening.isoformat(timespec="seconds")
        if closing is not None:
            details["closing_date"] = closing.isoformat(timespec="seconds")
        slug = re.sub(r"[^a-z0-9]+", "-", organisation_title.lower()).strip("-")
        item = {
            "content_id": content_id or f"00000000-0000-4000-8000-{len(self.content):012d}",
            "base_path": link,
            "description": description,
            "public_updated_at": timestamp(published),
            "title": title,
            "schema_name": "consultation",
            "document_type": document_type,
            "locale": "en",
            "details": details,
            "links": {
                "organisations": [
                    {
                        "title": organisation_title,
                        "base_path": f"/government/organisations/{slug}",
                        "web_url": f"https://www.gov.uk/government/organisations/{slug}",
                    }
                ]
            },
        }
        return self.add_content_item(item)

    def add_content_item(self, item: dict[str, Any]) -> dict[str, Any]:
        """A consultation's content item and the search result GOV.UK indexes for it."""
        self.content[item["base_path"]] = item
        result = {
            "title": item["title"],
            "description": item["description"],
            "link": item["base_path"],
            "public_timestamp": item["public_updated_at"],
            "content_id": item["content_id"],
            "organisations": [
                organisation(org["title"]) for org in item["links"].get("organisations", [])
            ],
            "content_store_document_type": item["document_type"],
            "format": item["schema_name"],
            "index": "government",
            "es_score": 1.0,
            "_id": item["base_path"],
            "elasticsearch_type": "edition",
            "document_type": "edition",
        }
        self.results.append(result)
        return result

    def add_malformed(self, *, link: str, published: date | datetime, title: str = "") -> None:
        """A result missing what an inbox item needs (no title): the adapter skips it."""
        self.results.append(
            {
                "link": link,
                "_id": link,
                "title": title,
                "description": "online safety fixture (malformed)",
                "public_timestamp": timestamp(published),
                "document_type": "edition",
            }
        )

    # The server -----------------------------------------------------------------------------

    def handler(self, request: Request) -> Reply:
        if request.path == "/api/search.json":
            return self.search(request)
        if request.path.startswith("/api/content/"):
            item = self.content.get(request.path[len("/api/content") :])
            if item is None:
                return Reply(404, json.dumps({"error": "not found"}))
            return Reply(200, json.dumps(item))
        return Reply(404, json.dumps({"error": "not found"}))

    def search(self, request: Request) -> Reply:
        error = invalid(request)
        if error:
            return Reply(422, json.dumps({"error": error}))
        results = [r for r in self.results if matches(r, request)]
        descending = request.arg("order") == "-public_timestamp"
        if request.arg("order"):
            results.sort(key=lambda r: moment(r.get("public_timestamp")), reverse=descending)
        start = int(request.arg("start") or 0)
        count = int(request.arg("count") or 10)
        fields = [
            f
            for value in request.args("fields") + request.args("fields[]")
            for f in value.split(",")
        ]
        page = [shown(r, fields) for r in results[start : start + count]]
        body = {
            "results": page,
            "total": len(results),
            "start": start,
            "aggregates": {},
            "suggested_queries": [],
            "suggested_autocomplete": [],
            "es_cluster": "A",
        }
        return Reply(200, json.dumps(body))


def invalid(request: Request) -> str:
    """Why the API would answer 422 ("" when it would not)."""
    for name in request.query:
        if name not in KNOWN_PARAMS and name not in KNOWN_FILTERS:
            return f'"{name}" is not a valid parameter'
    for name in ("start", "count"):
        value = request.arg(name)
        if value is not None and not value.isdigit():
            return f'Invalid value "{value}" for parameter "{name}" (expected positive integer)'
    if int(request.arg("count") or 0) > MAX_COUNT:
        return f"Maximum result set size (as specified in 'count') is {MAX_COUNT}"
    if request.arg("order") and request.arg("order") not in SORTABLE:
        return f'"{request.arg("order")}" is not a valid sort field'
    dates = request.args("filter_public_timestamp")
    if len(dates) > 1 or (dates and not _FROM.match(dates[0])):
        return "Invalid value for filter_public_timestamp"
    return ""


def moment(value: Any) -> datetime:
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)


def matches(result: dict[str, Any], request: Request) -> bool:
    words = re.findall(r"\w+", (request.arg("q") or "").lower())  # quotes are not words
    searchable = f"{result.get('title', '')} {result.get('description', '')}".lower()
    if any(word not in searchable for word in words):
        return False
    since = request.arg("filter_public_timestamp")
    if since and moment(result.get("public_timestamp")).date() < date.fromisoformat(since[5:]):
        return False
    types = request.args("filter_content_store_document_type")
    return not types or result.get("content_store_document_type") in types


def shown(result: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    if not fields:
        return dict(result)
    return {k: v for k, v in result.items() if k in fields or k in ALWAYS_RETURNED}
