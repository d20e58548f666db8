"""Security headers on every response, and the cookies' flags (docs/accounts.md "Hardening").

No inline scripts or styles are needed, so the Content-Security-Policy allows only this origin.
Cookies are HttpOnly and SameSite=Lax, and Secure when the request came over HTTPS
(`SESSION_COOKIE_SECURE=auto`, the default) or always (`true`). Behind a reverse proxy that
terminates TLS, set `TRUSTED_PROXIES` to the number of proxies in front of the app so that
`X-Forwarded-Proto` (and the client's address) are believed from them and no one else.

A response to a request that came over HTTPS (directly, or through a trusted proxy saying so)
carries `Strict-Transport-Security` for `HSTS_MAX_AGE` seconds, subdomains included, so the
browser never again asks for this site over plain HTTP. It is never sent over plain HTTP, where
browsers ignore it and an attacker could strip it anyway.
"""

from __future__ import annotations

from flask import Flask, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
TRUE = {"1", "true", "yes", "on"}


def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    max_age = int(current_app.config.get("HSTS_MAX_AGE") or 0)
    if request.is_secure and max_age > 0:
        response.headers.setdefault(
            "Strict-Transport-Security", f"max-age={max_age}; includeSubDomains"
        )
    return response


def cookie_secure(setting: object) -> bool:
    """Whether a cookie set now gets `Secure`: "auto" (the default) when this request came over
    HTTPS; a boolean or "true"/"false" as given."""
    if isinstance(setting, bool):
        return setting
    text = str(setting).strip().lower()
    if text == "auto":
        return request.is_secure
    return text in TRUE


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session; `SESSION_COOKIE_SECURE` may also be "auto"."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return cookie_secure(app.config.get("SESSION_COOKIE_SECURE", "auto"))


def init_app(app: Flask) -> None:
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    # Flask's own defaults hold these keys (SameSite None, Secure False): only a value set in
    # the app's config overrides ours (Settings always sets SESSION_COOKIE_SECURE).
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    app.session_interface = SessionInterface()
    # Flask-Login's "remember me" cookie is not used (sign-in never asks to be remembered).
    # Should it be, it is HttpOnly and Lax too; Flask-Login reads its Secure flag as a plain
    # boolean, so it is Secure only with SESSION_COOKIE_SECURE=true.
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.config["REMEMBER_COOKIE_SAMESITE"] = app.config.get("REMEMBER_COOKIE_SAMESITE") or "Lax"
    app.config.setdefault(
        "REMEMBER_COOKIE_SECURE", str(app.config["SESSION_COOKIE_SECURE"]).lower() in TRUE
    )
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    app.after_request(_headers)
