"""The alerts' and the digest's app: real SMTP on loopback, a settable clock, and rows."""

import pytest

from tests.reminders.conftest import Clock, at
from tests.support.alert_rows import AlertRows, alert_app, smtp_server


@pytest.fixture
def smtp():
    yield from smtp_server()


@pytest.fixture
def clock():
    return Clock(at("2026-12-01 00:00"))


@pytest.fixture
def app(make_app, smtp, clock):
    return alert_app(make_app, smtp, clock)


@pytest.fixture
def rows(session):
    return AlertRows(session)
