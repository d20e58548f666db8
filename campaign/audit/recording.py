"""Writing audit events, each in its own short transaction on the engine.

An event must outlive the request that caused it, even one that answers with an error status
(a refused sign-in answers 401 and the request's session is rolled back). So an event is never
added to the request's session. Inside a request it is kept in `g` and written when the
request is torn down, after the request's own unit of work has committed or rolled back (on
SQLite a second writer would otherwise wait for the request's write lock). Outside a request
(CLI commands, jobs) it is written at once: call `record` after the command's
`session_scope()` has closed.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, g, has_request_context, request
from flask_login import current_user
from sqlalchemy import insert

from campaign.clock import now
from campaign.db import get_engine
from campaign.models import AuditEvent, AuditKind, User

PENDING_KEY = "audit_pending"


def record(
    kind: AuditKind,
    *,
    subject: str = "",
    detail: dict[str, Any] | None = None,
    user: User | None = None,
    email: str | None = None,
) -> None:
    """Record that `kind` happened. The actor is `user`, else the signed-in user of the
    current request; `email` names an actor with no account (a refused sign-in)."""
    in_request = has_request_context()
    if user is None and in_request and current_user.is_authenticated:
        user = current_user._get_current_object()
    row = {
        "at": now(),
        "kind": AuditKind(kind),
        "actor_user_id": user.id if user is not None else None,
        "actor_email": (email if email is not None else (user.email if user else ""))[:254],
        "subject": subject,
        "detail": dict(detail or {}),
        "ip": ((request.remote_addr or "") if in_request else "")[:64],
    }
    if in_request:
        g.setdefault(PENDING_KEY, []).append(row)
    else:
        _write([row])


def _write(rows: list[dict[str, Any]]) -> None:
    with get_engine().begin() as connection:
        connection.execute(insert(AuditEvent.__table__), rows)


def _write_pending(_exc: BaseException | None) -> None:
    rows = g.pop(PENDING_KEY, None)
    if rows:
        _write(rows)


def init_app(app: Flask) -> None:
    # teardown_request runs after campaign.db has committed or rolled back the request's
    # session (in after_request) and before its app context closes that session.
    app.teardown_request(_write_pending)
