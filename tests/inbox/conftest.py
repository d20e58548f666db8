"""The inbox's tests: a fixed now, and rows as a monitoring pass leaves them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.support.monitoring_rows import MonitoringRows

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def app(make_app):
    return make_app(CLOCK=lambda: NOW)


@pytest.fixture
def rows(session) -> MonitoringRows:
    return MonitoringRows(session)
