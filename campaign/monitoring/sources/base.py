"""What every monitoring source is: an adapter that turns one query ("online safety", or a
feed's URL) into pages of `Found` items, newest first or oldest first, since a day.

An adapter reads only fields its API documents (docs/monitoring-sources.md cites each) and
never touches the database: `campaign.monitoring.passes` stores what it yields, a page at a
time, together with the query's cursor, so an interrupted fetch resumes without loss or
duplicates. A malformed item is skipped and named in the page's `problems`; a failed request
raises `FetchError` (campaign.monitoring.http), which the pass records as a gap.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import date as Day
from typing import Any, ClassVar, Protocol

from campaign.monitoring.http import HttpClient

PARLIAMENT_LICENCE = (
    "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
)
PARLIAMENT_LICENCE_URL = (
    "https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/"
)
GOVUK_LICENCE = (
    "Contains public sector information licensed under the Open Government Licence v3.0."
)
GOVUK_LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"


@dataclass(frozen=True)
class Found:
    """One item as a source gave it, ready to store (campaign.models.MonitorItem)."""

    source_id: str  # the source's own id, unique within the source
    url: str  # the public page a person reads (not the API's URL)
    title: str
    date: date  # tabled, answered, made, spoken, updated, published ...
    text: str  # plain text the watches' terms are matched against (title included)
    raw: Mapping[str, Any]  # the item as received (JSON-compatible)
    kind: str = ""  # "Written question", "Written answer", "Consultation" ...
    snippet: str = ""  # plain text; empty: taken from `text` around the first match
    member_id: int | None = None  # a Member of Parliament's id (Members API), when it names one
    member_name: str = ""
    organisation: str = ""  # the answering body, department or committee
    opens_on: Day | None = None
    closes_on: Day | None = None


@dataclass
class Query:
    """One search of one source. `since` is the newest item's time seen by the last complete
    fetch of this query (None: the first fetch, which looks back MONITOR_FIRST_DAYS)."""

    search: str  # the search string, or a feed's URL for the `feed` source
    since: datetime | None = None
    first_day: date | None = None  # on a first fetch: the earliest day wanted
    etag: str = ""
    last_modified: str = ""


@dataclass
class Page:
    """What one request (or a few, for an item's details) gave."""

    items: list[Found] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "item 7: no id" (malformed, skipped)
    # The validators to send next time (feeds and any source that offers them).
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False


class Source(Protocol):
    """A monitoring source. Instances are made per pass from the app's config."""

    name: ClassVar[str]  # a MonitorSource value
    licence: ClassVar[str]  # the attribution line shown wherever its items' text is
    licence_url: ClassVar[str]
    setting: ClassVar[str | None]  # the base URL's setting, None for feeds

    def queries(self, search_strings: list[str], feeds: list[str]) -> list[str]:
        """The queries to run for the watches' search strings (or feed URLs)."""
        ...

    def pages(self, client: HttpClient, query: Query) -> Iterator[Page]:
        """The query's items since `query.since` (or `first_day`), a page at a time."""
        ...


class SearchSource:
    """What the search-term sources share: a query per distinct search string of the
    watches. Subclasses set `name`, `setting` and the licence, and write `pages`."""

    licence: ClassVar[str]
    licence_url: ClassVar[str]

    def queries(self, search_strings: list[str], feeds: list[str]) -> list[str]:
        """The watches' distinct search strings, in their order."""
        return list(dict.fromkeys(s.strip() for s in search_strings if s.strip()))


class ParliamentSource(SearchSource):
    """A UK Parliament API: its items are under the Open Parliament Licence v3.0."""

    licence: ClassVar[str] = PARLIAMENT_LICENCE
    licence_url: ClassVar[str] = PARLIAMENT_LICENCE_URL


def whole_number(value: Any) -> int | None:
    """An id: an int that is not a bool, else None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def mapping(value: Any) -> Mapping[str, Any]:
    """A JSON object, or {} for anything else."""
    return value if isinstance(value, Mapping) else {}


def listed(value: Any) -> list[Any]:
    """A JSON array, or [] for anything else."""
    return value if isinstance(value, list) else []


def day_of(value: Any) -> date | None:
    """The day of an ISO date or date-time string ("2024-07-05T00:00:00", "2024-07-05"), or
    None when there is none."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def plain(html: Any) -> str:
    """The text of an HTML fragment (an answer's `<p>`s), whitespace collapsed; "" for none."""
    if not isinstance(html, str) or not html.strip():
        return ""
    if "<" not in html and "&" not in html:
        return " ".join(html.split())
    from lxml import html as lxml_html

    try:
        text = lxml_html.fragment_fromstring(html, create_parent="div").text_content()
    except Exception:  # noqa: BLE001  # malformed markup: its text without the tags
        import re

        text = re.sub(r"<[^>]*>", " ", html)
    return " ".join(text.split())


def text_of(value: Any) -> str:
    """A string field, stripped ("" for anything else)."""
    return value.strip() if isinstance(value, str) else ""
