"""Flask extensions, created here and bound in `create_app`."""

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def _csrf_unless_bearer() -> None:
    """CSRF on every cookie-authenticated write, /api/ included. An API request carrying
    `Authorization: Bearer …` is exempt: it is authenticated by that token alone or refused
    (campaign.accounts.guard), and a browser never adds that header to a cross-site request."""
    from flask import current_app

    from campaign.accounts.tokens import bearer_token

    if not current_app.config["WTF_CSRF_ENABLED"] or bearer_token(request) is not None:
        return
    csrf.protect(apply_exemptions=True)


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    # Flask-WTF's own hook cannot make the bearer exception; this one does its checks.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.before_request(_csrf_unless_bearer)
