"""GET /health: is the app up and can it reach its database? For load balancers and uptime
checks. It says nothing else (no versions, no settings, no error text)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from campaign.db import get_engine

bp = Blueprint("health", __name__)


def database_ok() -> bool:
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.warning("Health check: the database is unreachable", exc_info=True)
        return False
    return True


@bp.get("/health")
def health():
    if database_ok():
        body, status = {"status": "ok", "database": "ok"}, 200
    else:
        body, status = {"status": "unavailable", "database": "unavailable"}, 503
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
