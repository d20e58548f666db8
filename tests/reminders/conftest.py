"""Reminder tests: a real SMTP server on loopback (aiosmtpd), an injected clock, and a small
campaign: the Ofcom illegal harms consultation closing on Friday 23 February 2024 (GMT, so
9 am UK time is 09:00 UTC), linked to an ask owned by owner@example.org, with the team address
team@example.org.
"""

from __future__ import annotations

import email
import email.policy
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from campaign import models as m
from campaign.reminders import jobs
from campaign.reminders.jobstore import JOBS

CLOSES = date(2024, 2, 23)
TITLE = "Ofcom illegal harms consultation closes"


def at(text: str) -> datetime:
    """'2024-02-16 09:00' as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class Clock:
    """The app's CLOCK: tests move it; nothing sleeps."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, text: str) -> datetime:
        self.now = at(text)
        return self.now


@dataclass
class Received:
    rcpt_tos: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        # Python folds a 70-odd character subject onto a continuation line ("Subject:\n Re…");
        # unfolded, that leaves a leading space, which mail clients ignore.
        return self.message["Subject"].strip()

    def part(self, subtype: str) -> str:
        return self.message.get_body(preferencelist=(subtype,)).get_content()


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    answer: str | None = None  # e.g. "451 4.3.0 Try again later": refuse every message
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Called with the number of messages received so far, before answering (crashes.py).
    before_answer: Callable[[int], None] | None = None

    async def handle_DATA(self, server, session, envelope):
        if self.answer:
            return self.answer
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), parsed))
            count = len(self.received)
        if self.before_answer is not None:
            self.before_answer(count)
        return "250 OK"


class LoopbackController(Controller):
    """port=0 asks the OS for a free port, but aiosmtpd 1.4 then checks the server is up by
    connecting to port 0: read the real port first."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@pytest.fixture
def smtp():
    handler = Handler()
    controller = LoopbackController(handler, hostname="127.0.0.1", port=0)
    controller.start()
    handler.controller = controller
    yield handler
    if controller._thread is not None:
        controller.stop()


@pytest.fixture
def clock():
    return Clock(at("2024-01-01 00:00"))


@pytest.fixture
def smtp_config(smtp):
    return {
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp.controller.port,
        "SMTP_SECURITY": "none",
        "SMTP_TIMEOUT": 5,
        "MAIL_FROM": "Campaign <campaign@example.org>",
    }


@pytest.fixture
def app(make_app, clock, smtp_config):
    """The test app: SMTP at the loopback server, the injected clock, the team address."""
    app = make_app(
        CLOCK=clock,
        REMINDERS_TO="team@example.org",
        REMINDER_OFFSETS="28,7,1",
        REMINDER_HOUR=9,
        DELIVERY_MAX_ATTEMPTS=3,
        DELIVERY_RETRY_SECONDS=60,
        **smtp_config,
    )
    jobs.bind(app)
    yield app
    jobs.bind(None)


@pytest.fixture
def campaign(make):
    """The consultation milestone, linked to an ask with an owner."""
    ofcom = make.organisation(name="Ofcom")
    ask = make.ask(
        title="Proactive technology against grooming",
        slug="proactive-tech",
        owner_email="owner@example.org",
    )
    milestone = make.milestone(
        title=TITLE,
        milestone_date=CLOSES,
        kind=m.MilestoneKind.CONSULTATION_CLOSES,
        organisation_id=ofcom.id,
    )
    make.link(m.AskMilestone(ask_id=ask.id, milestone_id=milestone.id))
    return milestone


@pytest.fixture
def run(app, clock):
    """`run('2024-02-16 09:00')`: one `send-due-reminders` pass at that time (UTC), through
    the real command. Returns the Click result."""

    def run_at(text: str, *, expect_exit: int = 0):
        clock.set(text)
        result = app.test_cli_runner().invoke(args=["send-due-reminders", "--now", f"{text}+00:00"])
        assert result.exit_code == expect_exit, result.output
        return result

    return run_at


def deliveries(session, **where) -> list[m.Delivery]:
    session.expire_all()
    query = select(m.Delivery).order_by(m.Delivery.id)
    for name, value in where.items():
        query = query.where(getattr(m.Delivery, name) == value)
    return list(session.exec(query))


def job_rows(session) -> dict[str, datetime]:
    """The job store's reminder jobs: id -> next run time."""
    session.rollback()
    rows = session.connection().execute(select(JOBS.c.id, JOBS.c.next_run_time)).all()
    session.rollback()
    return {ident: datetime.fromtimestamp(stamp, UTC) for ident, stamp in rows}
