"""Flask extensions, created here and bound in `create_app`."""

from flask import Flask, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
# Rate limits, used only to throttle failed sign-ins (campaign/accounts/throttle.py). Its
# counters are kept where RATELIMIT_STORAGE_URI says (settings; memory:// by default, per
# worker process). One limiter for the process: each app bound to it shares its storage.
limiter = Limiter(key_func=get_remote_address, strategy="moving-window")


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
    limiter.init_app(app)
