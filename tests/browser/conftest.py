"""Real-browser tests: Debian's Chromium driven by Playwright (never a downloaded browser),
against the app served on a loopback port by werkzeug in a thread, with CSRF on. Every page
starts signed in, through the real sign-in page, as an admin cleared for restricted evidence."""

from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

from campaign.accounts import services as accounts
from campaign.db import session_scope
from campaign.models import UserRole

BROWSER_EMAIL = "browser-admin@test.example"
BROWSER_PASSWORD = "correct horse battery staple"

CHROMIUM = os.environ.get("CAMPAIGN_CHROMIUM", "/usr/lib/chromium/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        raise RuntimeError(f"{CHROMIUM} not found: run `make system-deps` (installs chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def live_server(make_app):
    """Serve a CSRF-protected app on 127.0.0.1:<free port>; yields its base URL."""
    yield from serve(make_app(WTF_CSRF_ENABLED=True, TESTING=False))


def serve(app):
    """Serve `app` (built by `make_app` with CSRF on) with the browser admin, for a module's
    own `live_server` with extra settings: `yield from serve(make_app(..., **settings))`."""
    with app.app_context(), session_scope() as session:
        accounts.create_user(
            session=session,
            email=BROWSER_EMAIL,
            role=UserRole.ADMIN,
            password=BROWSER_PASSWORD,
            name="Browser Admin",
            clearance=True,
        )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def sign_in(page, base_url: str, email: str, password: str) -> None:
    """Through the real sign-in page, as a person would."""
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/")


@pytest.fixture
def anonymous_page(context):
    """A browser page that has not signed in."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def page(anonymous_page, live_server):
    """A browser page signed in as the browser admin."""
    sign_in(anonymous_page, live_server, BROWSER_EMAIL, BROWSER_PASSWORD)
    return anonymous_page
