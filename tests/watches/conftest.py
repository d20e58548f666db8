"""Watches' tests: a fixed now (Monday 15 June 2026, noon UTC), a watch factory through the
form, and the monitoring rows (items and matches) the noise figures count."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from campaign.models import ItemStatus, MonitorItem, MonitorMatch, MonitorSource
from campaign.watches.entity import ENTITY

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def app(make_app):
    return make_app(CLOCK=lambda: NOW)


@pytest.fixture
def watch(make):
    """`watch(name=…, ask=<slug>, …)`: made through the form and service; for a new
    organisation unless an ask, person or organisation is given."""

    def build(**values):
        if not {"ask", "person", "organisation"} & set(values):
            values["organisation"] = make.organisation().key
        values.setdefault("name", "Meta and encryption")
        values.setdefault("terms", '"end-to-end encryption" Meta')
        values.setdefault("sources", ["written-questions", "hansard"])
        values.setdefault("alert_level", "digest")
        return make.record(ENTITY, **values)

    return build


@pytest.fixture
def found(session):
    """`found(watch, matched_at, status=…)`: an item the watch matched at that moment."""
    counter = iter(range(1, 10_000))

    def build(watch, matched_at: datetime, status: ItemStatus = ItemStatus.NEW, item=None):
        if item is None:
            n = next(counter)
            item = MonitorItem(
                source=MonitorSource.HANSARD,
                source_id=f"item-{n}",
                url=f"https://hansard.parliament.uk/x/{n}",
                title=f"Debate {n}",
                date=matched_at.date(),
                status=status,
            )
            session.add(item)
            session.flush()
        session.add(MonitorMatch(item_id=item.id, watch_id=watch.id, matched_at=matched_at))
        session.commit()
        return item

    return build


# The bundle tests' second database.
from tests.bundles.conftest import export_text, second_app  # noqa: E402,F401
