"""Accounts: sign-in (Flask-Login), roles and restricted-evidence clearance. See
docs/accounts.md."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_login import LoginManager

bp = Blueprint("accounts", __name__)
login_manager = LoginManager()


@login_manager.user_loader
def _load_user(user_id: str):
    """A deactivated account, or a cookie from before the account's sessions were ended
    (campaign/accounts/sessions.py), is signed out at its next request."""
    from campaign.accounts.sessions import user_for_id
    from campaign.db import get_session

    return user_for_id(get_session(), user_id)


def init_app(app: Flask) -> None:
    from campaign.accounts import guard, throttle
    from campaign.accounts.access import can_see_restricted

    login_manager.login_view = "accounts.login"
    login_manager.session_protection = "strong"
    login_manager.init_app(app)
    guard.init_app(app)
    throttle.init_app(app)
    app.add_template_global(can_see_restricted, "may_see_restricted")
    app.add_template_global(guard.may, "may")


from campaign.accounts import admin_views, token_views, views  # noqa: E402,F401
