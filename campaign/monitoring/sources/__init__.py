"""The monitoring sources by name (the names are an interface: docs/monitoring.md).

Each adapter lives in its own module; they are imported when first used, so a pass over one
source loads only that one."""

from __future__ import annotations

from importlib import import_module

from campaign.models import MonitorSource
from campaign.monitoring.sources.base import Source

ADAPTERS: dict[str, str] = {
    MonitorSource.WRITTEN_QUESTIONS: "campaign.monitoring.sources.questions:WrittenQuestions",
    MonitorSource.WRITTEN_STATEMENTS: "campaign.monitoring.sources.questions:WrittenStatements",
    MonitorSource.HANSARD: "campaign.monitoring.sources.hansard:Hansard",
    MonitorSource.BILLS: "campaign.monitoring.sources.bills:Bills",
    MonitorSource.COMMITTEES: "campaign.monitoring.sources.committees:Committees",
    MonitorSource.GOVUK: "campaign.monitoring.sources.govuk:GovUk",
    MonitorSource.FEED: "campaign.monitoring.sources.feeds:Feeds",
}
NAMES = [source.value for source in MonitorSource]


def adapter(name: str) -> Source:
    """The adapter for a source name; KeyError for an unknown name."""
    module, _, attribute = ADAPTERS[MonitorSource(name)].partition(":")
    return getattr(import_module(module), attribute)()
