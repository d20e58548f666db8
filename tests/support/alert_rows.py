"""Monitoring rows written straight to the database for the alert, digest and health tests:
watches, items, the matches between them, and fetch runs (no source is fetched); and what
the alert tests' fixtures need (a loopback SMTP server, the app)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime

from sqlmodel import select

from campaign import models as m
from campaign.monitoring.sources.base import PARLIAMENT_LICENCE
from tests.reminders.conftest import Clock, Handler, LoopbackController

_n = itertools.count(1)


class AlertRows:
    def __init__(self, session):
        self.session = session

    def _save(self, row):
        self.session.add(row)
        self.session.commit()
        self.session.refresh(row)
        return row

    def user(self, email: str, **kw) -> m.User:
        kw.setdefault("role", m.UserRole.EDITOR)
        return self._save(m.User(email=email, name=email.partition("@")[0], **kw))

    def watch(
        self,
        *,
        ask: m.Ask | None = None,
        owner: m.User | None = None,
        level: m.AlertLevel = m.AlertLevel.IMMEDIATE,
        sources: tuple[str, ...] = ("written-questions",),
        **kw,
    ) -> m.Watch:
        n = next(_n)
        kw.setdefault("key", f"watch-{n}")
        kw.setdefault("name", f"Watch {n}")
        kw.setdefault("terms", '"end-to-end encryption"')
        return self._save(
            m.Watch(
                ask_id=ask.id if ask else None,
                owner_id=owner.id if owner else None,
                alert_level=level,
                sources=list(sources),
                **kw,
            )
        )

    def item(self, title: str, *, day: date = date(2026, 12, 7), **kw) -> m.MonitorItem:
        n = next(_n)
        kw.setdefault("source", m.MonitorSource.WRITTEN_QUESTIONS)
        kw.setdefault("source_id", str(1000 + n))
        kw.setdefault("url", f"https://questions-statements.parliament.uk/written-questions/{n}")
        kw.setdefault("kind", "Written answer")
        kw.setdefault("snippet", "The Government will not weaken end-to-end encryption.")
        kw.setdefault("licence", PARLIAMENT_LICENCE)
        return self._save(m.MonitorItem(title=title, date=day, **kw))

    def match(
        self, item: m.MonitorItem, watch: m.Watch, at: datetime, terms=("end-to-end encryption",)
    ) -> m.MonitorMatch:
        return self._save(
            m.MonitorMatch(item_id=item.id, watch_id=watch.id, terms=list(terms), matched_at=at)
        )

    def found(self, title: str, at: datetime, *watches: m.Watch, **kw) -> m.MonitorItem:
        """An item matched by these watches at `at`."""
        item = self.item(title, **kw)
        for watch in watches:
            self.match(item, watch, at)
        return item

    def run(
        self,
        source: m.MonitorSource,
        started: datetime,
        ok: bool | None,
        *,
        error: str = "",
        problems: tuple[str, ...] = (),
    ) -> m.MonitorRun:
        return self._save(
            m.MonitorRun(
                source=source,
                started_at=started,
                finished_at=started if ok is not None else None,
                ok=ok,
                error=error,
                problems=list(problems),
            )
        )


# -- for tests/monitoring/test_alerts.py and test_digest.py's fixtures ----------------------
TEAM = "team@example.org"
BASE_URL = "https://campaign.example.org"


def smtp_server() -> Iterator[Handler]:
    """A real SMTP server on loopback (aiosmtpd), as the reminders' tests have."""
    handler = Handler()
    controller = LoopbackController(handler, hostname="127.0.0.1", port=0)
    controller.start()
    handler.controller = controller
    yield handler
    if controller._thread is not None:
        controller.stop()


def alert_app(make_app, smtp: Handler, clock: Clock):
    """SMTP at the loopback server, the injected clock, the team address, the public
    address the e-mails link to."""
    return make_app(
        CLOCK=clock,
        REMINDERS_TO=TEAM,
        PUBLIC_BASE_URL=BASE_URL,
        DELIVERY_MAX_ATTEMPTS=3,
        DELIVERY_RETRY_SECONDS=60,
        MONITOR_DIGEST_HOUR=7,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp.controller.port,
        SMTP_SECURITY="none",
        SMTP_TIMEOUT=5,
        MAIL_FROM="Campaign <campaign@example.org>",
    )


def deliveries(session, kind: m.DeliveryKind) -> list[m.Delivery]:
    session.expire_all()
    query = select(m.Delivery).where(m.Delivery.kind == kind).order_by(m.Delivery.id)
    return list(session.exec(query))


def notifications(session) -> list[m.Notification]:
    session.expire_all()
    return list(session.exec(select(m.Notification).order_by(m.Notification.id)))
