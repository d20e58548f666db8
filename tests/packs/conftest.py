"""Pack fixtures. Renderers take plain `PackContent`, so most format tests share one seeded
SQLite database built once per session (`seed_pack`); tests of storage, views and the CLI use
the per-test `app` on both backends as everywhere else."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from campaign import create_app
from campaign.db import get_engine
from campaign.models import Ask
from campaign.packs.content import build_content
from campaign.packs.options import PackOptions
from campaign.packs.parts import PackContent
from tests.conftest import SEED_BUNDLE
from tests.support.databases import migrate

# The seed's asks are dated around 2024-25; packs in tests are made "today" = this date.
PACK_TODAY = date(2026, 11, 24)
PACK_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def seed_app(tmp_path_factory):
    """An app on a migrated SQLite database holding the seed campaign (read-only in tests)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('seed-pack') / 'seed.db'}"
    migrate(url)
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": url})
    result = app.test_cli_runner().invoke(args=["import-bundle", str(SEED_BUNDLE)])
    assert result.exit_code == 0, result.output
    yield app
    with app.app_context():
        get_engine().dispose()


@pytest.fixture(scope="session")
def seed_pack(seed_app):
    """`seed_pack(**options)` -> PackContent for the seed campaign; every ask by default."""

    def build(**options) -> PackContent:
        with seed_app.app_context(), Session(get_engine()) as session:
            if "ask_slugs" not in options:
                slugs = session.exec(select(Ask.slug).order_by(Ask.id)).all()
                options["ask_slugs"] = tuple(slugs)
            options.setdefault("title", "Briefing for the meeting with Ofcom")
            # As a user cleared for restricted evidence asks (it still never reaches an
            # external pack); tests/accounts covers a user without clearance.
            options.setdefault("include_restricted", True)
            return build_content(
                session, PackOptions(**options), generated_at=PACK_NOW, today=PACK_TODAY
            )

    return build


@pytest.fixture
def held_render(monkeypatch):
    """Rendering waits until the test lets it go (released at teardown whatever happens)."""
    import threading

    from campaign.packs import services

    release = threading.Event()
    real = services.render

    def render(content, fmt):
        assert release.wait(timeout=30), "the test never released the renderer"
        return real(content, fmt)

    monkeypatch.setattr(services, "render", render)
    yield release
    release.set()


@pytest.fixture
def wait_for_pack(app):
    """`wait_for_pack(client, pack_id)` polls the pack's status address (as the page's script
    does) until it is no longer queued or running, 60 s at most; returns the last JSON. At
    teardown, waits for the app's generation threads to finish."""
    import time

    from campaign.packs import generation

    def wait(client, pack_id: int, timeout: float = 60.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            response = client.get(f"/packs/{pack_id}/status")
            assert response.status_code == 200, response.status_code
            data = response.get_json()
            if data["status"] not in ("queued", "running"):
                return data
            assert time.monotonic() < deadline, f"pack {pack_id} still {data} after {timeout}s"
            time.sleep(0.05)

    yield wait
    generation.shutdown(app)
