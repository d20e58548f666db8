"""The app for the claim-check tests runs on a fixed day, so "out of date" flags do not depend
on when the tests run."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.fixture
def app(make_app):
    return make_app(CLOCK=lambda: NOW)
