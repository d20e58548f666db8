"""gunicorn's access log, without the secrets that travel in URLs.

Two URLs carry a secret that grants access on its own: a password reset link,
`/reset/<token>` (campaign/accounts/admin_views.py), and the calendar feed,
`/calendar.ics?token=…` (campaign/calendar/views.py). API tokens travel only in the
`Authorization` header. A log line is kept, copied and shipped where those secrets must not
go, so every atom of a line is redacted: the request line (`r`), the path (`U`), the query
(`q`), the referrer (`f`: the reset page's own requests for its CSS name the page), and the
request headers and WSGI variables a custom `access_log_format` may name (`{raw_uri}e`,
`{authorization}i`, `{cookie}i`, …).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from gunicorn import glogging

REDACTED = "[redacted]"
# A reset link's token: the path segment after /reset/.
_RESET_PATH = re.compile(r"(/reset/)[^/?#\s\"]+", re.IGNORECASE)
# A query parameter whose name says it holds a secret (token=, access_token=, password=, …).
_SECRET_PARAMETER = re.compile(
    r"((?:^|[?&;\s])[\w.-]*(?:token|secret|password|key)=)[^&;#\s\"]*", re.IGNORECASE
)
# Headers that are credentials in themselves; only a custom access_log_format shows them.
_CREDENTIAL_HEADERS = ("authorization", "proxy-authorization", "cookie", "set-cookie")
_CREDENTIAL_ATOMS = frozenset(
    {f"{{{name}}}i" for name in _CREDENTIAL_HEADERS}
    | {f"{{{name}}}o" for name in _CREDENTIAL_HEADERS}
    | {"{http_authorization}e", "{http_proxy_authorization}e", "{http_cookie}e"}
)


def _redact_plain(text: str) -> str:
    return _SECRET_PARAMETER.sub(rf"\1{REDACTED}", _RESET_PATH.sub(rf"\1{REDACTED}", text))


def redact(text: str) -> str:
    """`text` with every URL secret replaced by [redacted]. A secret written percent-encoded
    (`/%72eset/…`, which the app still routes to /reset/) is caught too: such text is shown
    decoded."""
    plain = _redact_plain(text)
    decoded = unquote(text)
    if decoded != text:
        redacted_decoded = _redact_plain(decoded)
        if redacted_decoded != decoded:
            return redacted_decoded
    return plain


class RedactingLogger(glogging.Logger):
    """gunicorn's logger (`logger_class` in gunicorn_conf.py) with secrets out of its access
    log: every atom is passed through `redact`, credential headers are dropped."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name, value in atoms.items():
            if name.lower() in _CREDENTIAL_ATOMS:
                atoms[name] = REDACTED
            elif isinstance(value, str):
                atoms[name] = redact(value)
        return atoms
