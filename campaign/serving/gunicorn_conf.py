"""gunicorn's settings: `gunicorn --config python:campaign.serving.gunicorn_conf` (scripts/run.sh,
docs/deploy.md). gunicorn's master process imports this once and reads its module-level names
that are gunicorn settings (so helpers here start with `_`); the values come from the app's
own settings (HOST, PORT, WEB_WORKERS, WEB_THREADS), read from the environment and the settings
file exactly as the app reads them. A command-line option still wins over them.
"""

from __future__ import annotations

import functools
import logging
import os
import secrets

from gunicorn.http import wsgi as _gunicorn_wsgi

from campaign.serving.envfile import load_settings_file
from campaign.settings import Settings, url_host

load_settings_file()
if not os.environ.get("SECRET_KEY"):
    # One random key for every worker, which inherit the environment: each would otherwise
    # make its own, and a session signed by one would be refused by the others. It still dies
    # with the server; `make run` keeps one in .env, production sets it (docs/deploy.md).
    logging.getLogger(__name__).warning("SECRET_KEY is not set: a random key until restart")
    os.environ["SECRET_KEY"] = secrets.token_hex(32)
_settings = Settings.from_env()

wsgi_app = "campaign.serving.wsgi:app"
bind = [f"{url_host(_settings.HOST)}:{_settings.PORT}"]
workers = _settings.WEB_WORKERS
threads = _settings.WEB_THREADS  # above 1, gunicorn uses its threaded worker (gthread)
proc_name = "campaign"
accesslog = "-"  # standard output; errors and gunicorn's own messages go to standard error
logger_class = "campaign.serving.access_log.RedactingLogger"
# The app decides which proxies' X-Forwarded-* headers to believe (TRUSTED_PROXIES, werkzeug's
# ProxyFix in campaign/security.py). gunicorn would otherwise also take X-Forwarded-Proto from
# any client on 127.0.0.1 to mean HTTPS.
forwarded_allow_ips = ""
# gunicorn's control socket (for `gunicornc`, unused here) defaults to one path per user
# ($XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl), shared by every instance.
control_socket_disable = True


def _without_server_line(default_headers):
    """Response.default_headers, less its `Server: gunicorn` line."""
    if getattr(default_headers, "drops_server_line", False):
        return default_headers

    @functools.wraps(default_headers)
    def headers(self):
        return [line for line in default_headers(self) if not line.lower().startswith("server:")]

    headers.drops_server_line = True
    return headers


def on_starting(server):
    """No `Server` header. gunicorn 27 writes `Server: gunicorn` into every response from
    `Response.default_headers` (gunicorn/http/wsgi.py), with no setting to leave it out, and
    naming the server only helps whoever probes the site. So the master wraps that method once,
    before it forks the workers, which inherit it. If gunicorn changes the method, the wrapper
    still only removes a line starting "Server:"; tests/serving/test_run.py checks the header
    is gone from a real response."""
    _gunicorn_wsgi.Response.default_headers = _without_server_line(
        _gunicorn_wsgi.Response.default_headers
    )
