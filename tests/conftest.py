"""Fixtures: every test that uses `app` runs once on SQLite and once on a real PostgreSQL.

Set CAMPAIGN_TEST_DATABASES=sqlite (or postgresql) to run one backend while developing; the
test command runs both.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles
from hypothesis import settings
from sqlmodel import Session

from campaign.accounts import services
from campaign.db import get_engine
from tests.support.apps import AppPool, Binding
from tests.support.databases import PostgresTemplate, SQLiteTemplate
from tests.support.factories import Factories
from tests.support.postgres import PostgresServer

BACKENDS = [
    b.strip()
    for b in os.environ.get("CAMPAIGN_TEST_DATABASES", "sqlite,postgresql").split(",")
    if b.strip()
]
SEED_BUNDLE = Path(__file__).resolve().parent.parent / "data" / "seed-campaign.yaml"

# Property tests are part of "the test command is a function of the commit": Hypothesis draws
# the same examples on every run (derandomize), keeps no example database between runs, and
# has no per-example deadline (a loaded CI machine is not a failure).
settings.register_profile("campaign", derandomize=True, database=None, deadline=None)
settings.load_profile("campaign")


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing():
    """argon2 with argon2-cffi's CHEAPEST parameters, its profile for tests: the same code
    paths (hash, verify, the dummy verification of a refusal), without ~0.3 s of work per
    sign-in. Processes that tests start (scripts/run.sh, schedulers) keep the real cost."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services, "_hasher", PasswordHasher.from_parameters(profiles.CHEAPEST))
        services._dummy_hash.cache_clear()
        yield
    services._dummy_hash.cache_clear()


@pytest.fixture(scope="session")
def postgres_server():
    server = PostgresServer.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def app_pool(tmp_path_factory):
    pool = AppPool(tmp_path_factory.mktemp("apps"))
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def database_templates(request, tmp_path_factory, app_pool):
    templates = {}

    def import_seed(url: str) -> None:
        """The seed campaign, through the real CLI command, into the database at `url`."""
        app, kept = app_pool.get({})
        binding = Binding(app, url, kept=kept)
        try:
            result = app.test_cli_runner().invoke(args=["import-bundle", str(SEED_BUNDLE)])
            assert result.exit_code == 0, result.output
        finally:
            binding.release()

    def get(backend: str):
        if backend not in templates:
            if backend == "sqlite":
                directory = tmp_path_factory.mktemp("sqlite-template")
                templates[backend] = SQLiteTemplate(directory, import_seed)
            else:
                server = request.getfixturevalue("postgres_server")
                templates[backend] = PostgresTemplate(server, import_seed)
        return templates[backend]

    return get


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(request, backend, database_templates, tmp_path):
    template = database_templates(backend)
    url = template.fresh(tmp_path, seeded="seeded" in request.fixturenames)
    yield url
    template.drop(url)


@pytest.fixture
def make_app(app_pool, database_url):
    """The app on this test's database; extra config overrides the test defaults
    (tests/support/apps.py: apps are kept per configuration, bound to each test's database).

    Its `test_client()` is signed in as an admin cleared for restricted evidence (see
    tests/support/accounts.py); `test_client(as_user=None)` is anonymous."""
    bindings: dict[int, Binding] = {}

    def make(**config):
        app, kept = app_pool.get(config)
        if id(app) not in bindings:
            url = config.get("DATABASE_URL", database_url)
            bindings[id(app)] = Binding(app, url, kept=kept)
        return app

    yield make
    for binding in bindings.values():
        binding.release()


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
def seeded(app):
    """The app on a database holding the seed campaign: a copy of a template into which
    `import-bundle` imported it once per run (`database_templates`)."""
    return app
