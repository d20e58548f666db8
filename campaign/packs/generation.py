"""Packs are generated in the background, so making one never blocks the request that asked
for it, nor anyone else's.

A small thread pool per app (PACK_WORKERS threads, made when the first pack is submitted).
The request that keeps a pack calls `submit_after_commit(session, pack_id)`: the id is handed
to the pool by an `after_commit` listener on the request's session, so the job only ever sees
a committed record, and a request that is refused (and rolled back) starts nothing. The job
takes the id, opens its own app context and session, and calls `services.generate`, which is
idempotent and records failures on the pack.

At exit, the pool stops taking work and the packs in hand finish. A pack records the process
that holds it (campaign/packs/workers.py) and, while generated, a heartbeat: a pack whose
worker process is gone (killed, or the server restarted) shows as interrupted at once, as does
a running pack whose heartbeat has stopped; it can be generated again from its page. Any pack
not finished after PACK_TIMEOUT_SECONDS is interrupted too (stuck).
"""

from __future__ import annotations

import atexit
import weakref
from concurrent.futures import Future, ThreadPoolExecutor

from flask import Flask, current_app
from sqlalchemy import event
from sqlmodel import Session

from campaign import clock
from campaign.db import get_engine

EXTENSION_KEY = "campaign.packs.executor"
PENDING = "campaign.packs.pending"  # session.info key: pack ids to submit after the commit

_executors: weakref.WeakSet[ThreadPoolExecutor] = weakref.WeakSet()


def init_app(app: Flask) -> None:
    executor = ThreadPoolExecutor(
        max_workers=max(1, int(app.config["PACK_WORKERS"])), thread_name_prefix="pack"
    )
    app.extensions[EXTENSION_KEY] = executor
    _executors.add(executor)


def submit(app: Flask, pack_id: int) -> Future | None:
    """Generate the (committed) pack in the background. None if the pool has shut down: the
    pack stays queued and shows as interrupted in time."""
    try:
        return app.extensions[EXTENSION_KEY].submit(run, app, pack_id)
    except RuntimeError:  # the pool is shutting down (the process is exiting)
        app.logger.warning("Briefing pack %s not started: shutting down", pack_id)
        return None


def submit_after_commit(session: Session, pack_id: int) -> None:
    """Submit the pack once `session` commits (the request's unit of work); never if it rolls
    back."""
    pending = session.info.get(PENDING)
    if pending is None:
        pending = session.info[PENDING] = []
        app = current_app._get_current_object()
        event.listen(session, "after_commit", lambda s: _after_commit(app, s))
        event.listen(session, "after_soft_rollback", _after_rollback)
    pending.append(pack_id)


def _after_commit(app: Flask, session: Session) -> None:
    pending = session.info.get(PENDING) or []
    ids, pending[:] = list(pending), []
    for pack_id in ids:
        submit(app, pack_id)


def _after_rollback(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.get(PENDING, []).clear()


def run(app: Flask, pack_id: int) -> None:
    """The job: ids in, its own app context and session."""
    from campaign.packs import services

    with app.app_context():
        try:
            with Session(get_engine(), expire_on_commit=False) as session:
                services.generate(
                    session=session,
                    pack_id=pack_id,
                    now=clock.now(),
                    heartbeat_seconds=float(app.config["PACK_HEARTBEAT_SECONDS"]),
                )
        except Exception:
            # generate records its own failures; this is the database itself failing.
            app.logger.exception("Briefing pack %s: the job failed", pack_id)


def shutdown(app: Flask, *, wait: bool = True) -> None:
    """Stop taking packs; with `wait`, return when the packs in hand are finished."""
    executor = app.extensions.get(EXTENSION_KEY)
    if executor is not None:
        executor.shutdown(wait=wait, cancel_futures=not wait)


@atexit.register
def _shutdown_all() -> None:
    for executor in list(_executors):
        executor.shutdown(wait=True)
