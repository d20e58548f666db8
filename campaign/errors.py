"""Error pages in the app's style; JSON errors under /api/."""

from __future__ import annotations

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _too_large() -> RequestEntityTooLarge:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if not limit:
        size = "the server's limit"
    elif limit >= 1024 * 1024:
        size = f"{limit / 1024 / 1024:.3g} MB"
    else:
        size = f"{limit:,} bytes"
    return RequestEntityTooLarge(
        f"The file is too large: the largest upload accepted is {size} (setting "
        "MAX_CONTENT_LENGTH). Nothing was imported; go back and choose a smaller file."
    )


def _handle_http(error: HTTPException):
    if error.code == 413:
        error = _too_large()
    # Keep the exception's own headers (e.g. Allow on a 405), but not its Content-Type.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if _wants_json():
        body = {"status": error.code, "title": error.name, "detail": error.description}
        return jsonify(error=body), error.code, headers
    return render_template("errors/error.html", error=error), error.code, headers


def _handle_unexpected(error: Exception):
    if isinstance(error, HTTPException):
        return _handle_http(error)
    wrapped = InternalServerError()
    wrapped.original_exception = error
    current_app.logger.exception("Unhandled error on %s", request.path)
    return _handle_http(wrapped)


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
