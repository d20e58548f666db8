"""API test helpers: JSON GETs that check the status, and an SQL statement counter."""

from __future__ import annotations

import json

import pytest

from tests.support.querycount import count_queries as support_count_queries

BASE = "http://localhost/api/v1"  # PUBLIC_BASE_URL in the test config, plus the API prefix


@pytest.fixture
def get(client_as):
    """`get("/api/v1/asks", status=200)` -> the decoded JSON body, after checking the status
    and that the body really is JSON. Signed in as a viewer without restricted-evidence
    clearance: what most of the team sees."""
    client = client_as("viewer")

    def fetch(url: str, *, status: int = 200):
        response = client.get(url)
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.mimetype == "application/json"
        return response.get_json()

    return fetch


def all_text(response) -> str:
    """The raw body and its decoded JSON: text searches must also see characters the raw body
    escapes (’ is \\u2019 there)."""
    raw = response.get_data(as_text=True)
    return raw + "\n" + json.dumps(response.get_json(), ensure_ascii=False)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as statements:` collects every SQL statement the app sends."""

    return lambda: support_count_queries(app)
