"""Every monitoring source at once, on one local RecordedServer: the world the pass, the bench
and the browser journey run against.

    with MonitoringWorld() as world:
        world.questions.add_answer(...)          # the fixtures' own builders
        app.config.update(world.settings())      # every base URL pointed at the server
        world.feed_url("/ofcom.xml")             # a feed's address for a watch

No fixture is a fact about a real person: members and bodies are named as fixtures.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from tests.support.monitoring_fixtures import feeds, govuk, parliament, parliament_business
from tests.support.recorded_server import RecordedServer


class MonitoringWorld:
    def __init__(self, *, recorded: bool = False) -> None:
        self.server = RecordedServer()
        self.questions = parliament.QuestionsFixture(recorded=recorded)
        self.hansard = parliament.HansardFixture()
        self.bills = parliament_business.BillsFixture()
        self.committees = parliament_business.CommitteesFixture()
        self.govuk = govuk.GovUkFixture(with_recorded=recorded)
        self.feeds = feeds.FeedsFixture(with_recorded=recorded)
        self.server.mount(parliament.WQ_PREFIX, self.questions.handler)
        self.server.mount(parliament.HANSARD_PREFIX, self.hansard.handler)
        self.server.mount(parliament_business.BILLS_PREFIX, self.bills.handler)
        self.server.mount(parliament_business.COMMITTEES_PREFIX, self.committees.handler)
        self.server.mount(govuk.PREFIX, self.govuk.handler)
        self.server.mount(feeds.PREFIX, self.feeds.handler)
        self.base = ""
        self._stack = ExitStack()

    def __enter__(self) -> MonitoringWorld:
        self.base = self._stack.enter_context(self.server.running())
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stack.close()

    def settings(self) -> dict[str, Any]:
        """The app settings that point every source at this server (and no politeness wait)."""
        return {
            "PARLIAMENT_QUESTIONS_API_URL": f"{self.base}/{parliament.WQ_PREFIX}",
            "HANSARD_API_URL": f"{self.base}/{parliament.HANSARD_PREFIX}",
            "BILLS_API_URL": f"{self.base}/{parliament_business.BILLS_PREFIX}",
            "COMMITTEES_API_URL": f"{self.base}/{parliament_business.COMMITTEES_PREFIX}",
            "GOVUK_API_URL": f"{self.base}/{govuk.PREFIX}",
            "MONITOR_REQUEST_INTERVAL_MS": 0,
            "MONITOR_RETRIES": 1,
            "MONITOR_TIMEOUT_SECONDS": 5,
        }

    def feed_url(self, path: str) -> str:
        return f"{self.base}/{feeds.PREFIX}{path}"
