"""Accounts: sign-in (Flask-Login), roles and restricted-evidence clearance. See
docs/accounts.md."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_login import LoginManager

bp = Blueprint("accounts", __name__)
login_manager = LoginManager()


@login_manager.user_loader
def _load_user(user_id: str):
    from campaign.db import get_session
    from campaign.models import User

    if not user_id.isdigit():
        return None
    # populate_existing: always the account as it is now (a session reused across requests,
    # as in tests that keep an app context pushed, must not serve a stale row).
    user = get_session().get(User, int(user_id), populate_existing=True)
    # A deactivated account is signed out at its next request.
    return user if user is not None and user.is_active else None


def init_app(app: Flask) -> None:
    from campaign.accounts import guard
    from campaign.accounts.access import can_see_restricted

    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "strong"
    login_manager.init_app(app)
    guard.init_app(app)
    app.add_template_global(can_see_restricted, "may_see_restricted")


from campaign.accounts import admin_views, token_views, views  # noqa: E402,F401
