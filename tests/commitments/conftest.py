"""Commitments' tests: a fixed today (15 June 2026) and a commitment factory through the form."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from campaign.commitments.entity import ENTITY

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)  # today: Monday 15 June 2026 (UK summer)


@pytest.fixture
def app(make_app):
    return make_app(CLOCK=lambda: NOW)


@pytest.fixture
def commitment(make):
    """`commitment(due="spring 2026", organisation_id=…)`: made through the form and service;
    by a new organisation unless a person or organisation is given."""

    def build(**values):
        if "organisation_id" not in values and "person_id" not in values:
            values["organisation_id"] = make.organisation().id
        values.setdefault("title", "Ofcom will publish the second version of the codes")
        values.setdefault("due", "2026-09")
        return make.record(ENTITY, **values)

    return build


# The bundle tests' second database and CLI helpers.
from tests.bundles.conftest import export_text, second_app  # noqa: E402,F401
