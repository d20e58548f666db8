"""Apps for tests: built once per configuration for the whole run, bound per test to that
test's own database.

Building an app compiles every URL rule and makes an engine; done for each of ~2,300 tests it
was a large share of the run. So an app is built once for each distinct test configuration
(its settings are all applied at build time, exactly as in production) and kept; each test
binds it to a new engine on the test's database and, when the test ends, waits for the
briefing packs it started, disposes of that engine and restores the app's config. A
configuration holding anything but plain values (a test's own CLOCK, say) gets an app of its
own that lives for that test only, and only the most recently used configurations are kept
(a test's own folder makes a configuration no other test shares).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from campaign import create_app
from campaign.db import EXTENSION_KEY as ENGINE_KEY
from campaign.db import make_engine
from campaign.packs import generation
from tests.support.accounts import SignedInClient

TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    "PUBLIC_BASE_URL": "http://localhost",
}
# Until a test binds it, a kept app's engine is an in-memory SQLite database that nothing uses.
UNBOUND_URL = "sqlite://"
PLAIN = (str, int, float, bool, type(None))
KEEP = 8  # configurations kept; most tests use two or three


class AppPool:
    """Apps kept for the session, one per plain configuration.

    `workdir` is this test process's own folder, for what the app would otherwise write under
    the project's instance/ (uploads awaiting confirmation): parallel test processes never
    share it, and a test run leaves nothing in the project."""

    def __init__(self, workdir: Path) -> None:
        self._apps: OrderedDict[tuple, Flask] = OrderedDict()
        self._defaults = {**TEST_CONFIG, "RETURNS_UPLOAD_FOLDER": str(workdir / "uploads")}

    def _build(self, config: Mapping[str, Any]) -> Flask:
        app = create_app({**self._defaults, "DATABASE_URL": UNBOUND_URL, **config})
        app.test_client_class = SignedInClient
        return app

    def get(self, config: Mapping[str, Any]) -> tuple[Flask, bool]:
        """The app for `config`, and whether it is kept beyond this test."""
        if not all(isinstance(v, PLAIN) for v in config.values()):
            return self._build(config), False
        key = tuple(sorted(config.items()))
        if key in self._apps:
            self._apps.move_to_end(key)
        else:
            self._apps[key] = self._build(config)
            if len(self._apps) > KEEP:
                _close(self._apps.popitem(last=False)[1])
        return self._apps[key], True

    def close(self) -> None:
        while self._apps:
            _close(self._apps.popitem()[1])


def _close(app: Flask) -> None:
    """An app no test is bound to any more (bindings end before the next test asks)."""
    generation.shutdown(app)
    app.extensions[ENGINE_KEY].dispose()


class Binding:
    """One test's use of an app: its database bound in, and everything put back after."""

    def __init__(self, app: Flask, database_url: str, *, kept: bool):
        self.app, self.kept = app, kept
        self._config = dict(app.config)
        self._engine = app.extensions[ENGINE_KEY]
        app.config["DATABASE_URL"] = database_url
        app.extensions[ENGINE_KEY] = make_engine(database_url)
        # Sign-in throttling counts refusals per address and account in the limiter's storage
        # (memory://, shared by every app in this process): each test starts from none.
        for limiter in app.extensions.get("limiter", ()):
            limiter.reset()

    def release(self) -> None:
        app = self.app
        # Packs still generating hold connections to this test's database: let them finish
        # before the engine goes (and before the database is dropped).
        generation.shutdown(app)
        app.extensions[ENGINE_KEY].dispose()
        if self.kept:
            app.config.clear()
            app.config.update(self._config)
            app.extensions[ENGINE_KEY] = self._engine
            generation.init_app(app)
        else:
            self._engine.dispose()
