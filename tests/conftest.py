"""Fixtures: every test that uses `app` runs once on SQLite and once on a real PostgreSQL.

Set CAMPAIGN_TEST_DATABASES=sqlite (or postgresql) to run one backend while developing; the
test command runs both.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlmodel import Session

from campaign import create_app
from campaign.db import get_engine
from tests.support.accounts import SignedInClient
from tests.support.databases import PostgresTemplate, SQLiteTemplate
from tests.support.factories import Factories
from tests.support.postgres import PostgresServer

BACKENDS = [
    b.strip()
    for b in os.environ.get("CAMPAIGN_TEST_DATABASES", "sqlite,postgresql").split(",")
    if b.strip()
]
SEED_BUNDLE = Path(__file__).resolve().parent.parent / "data" / "seed-campaign.yaml"


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database_templates(request, tmp_path_factory):
    templates = {}

    def get(backend: str):
        if backend not in templates:
            if backend == "sqlite":
                templates[backend] = SQLiteTemplate(tmp_path_factory.mktemp("sqlite-template"))
            else:
                templates[backend] = PostgresTemplate(request.getfixturevalue("postgres_server"))
        return templates[backend]

    return get


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(backend, database_templates, tmp_path):
    template = database_templates(backend)
    url = template.fresh(tmp_path)
    yield url
    template.drop(url)


@pytest.fixture
def make_app(database_url):
    """Build an app on this test's database; extra config overrides the test defaults.

    Its `test_client()` is signed in as an admin cleared for restricted evidence (see
    tests/support/accounts.py); `test_client(as_user=None)` is anonymous."""
    apps = []

    def make(**config):
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "test-secret",
                "DATABASE_URL": database_url,
                "WTF_CSRF_ENABLED": False,
                "PUBLIC_BASE_URL": "http://localhost",
                **config,
            }
        )
        app.test_client_class = SignedInClient
        apps.append(app)
        return app

    yield make
    for app in apps:
        with app.app_context():
            get_engine().dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    """Signed in as an admin cleared for restricted evidence."""
    return app.test_client()


@pytest.fixture
def anonymous_client(app):
    return app.test_client(as_user=None)


@pytest.fixture
def client_as(app):
    """`client_as("viewer")`, `client_as("editor", clearance=True)`: a client signed in as a
    user with that role and clearance."""

    def make(role: str, clearance: bool = False):
        return app.test_client(as_user=(role, clearance))

    return make


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def session(app):
    """A session on the test database, separate from the request's, for setup and checks."""
    with app.app_context(), Session(get_engine(), expire_on_commit=False) as s:
        yield s


@pytest.fixture
def make(session):
    """Factories: `make.organisation(name="Ofcom")`, `make.ask(...)`; each commits and returns
    the row."""
    return Factories(session)


@pytest.fixture
def seeded(app, runner):
    """The seed campaign imported through the real CLI command."""
    result = runner.invoke(args=["import-bundle", str(SEED_BUNDLE)])
    assert result.exit_code == 0, result.output
    return app
