"""The SMTP mailer against a real server: plain and HTML parts, login, errors classified."""

from __future__ import annotations

import pytest
from aiosmtpd.smtp import AuthResult

from campaign.reminders.content import Message
from campaign.reminders.mailer import SendError, SMTPMailer, mailer_for
from tests.reminders.conftest import Handler, LoopbackController

MESSAGE = Message(
    subject="Reminder: Closes in 7 days (23 February 2024)",
    text="Plain £ text",
    html="<p>HTML £ text</p>",
    title="Closes in 7 days",
    body="",
    path="/milestones/1",
)


def mailer(port: int, **overrides) -> SMTPMailer:
    values = {
        "host": "127.0.0.1",
        "port": port,
        "security": "none",
        "username": "",
        "password": "",
        "timeout": 5,
        "sender": "Campaign <campaign@example.org>",
    }
    return SMTPMailer(**{**values, **overrides})


def test_one_connection_sends_a_batch_with_both_parts(smtp):
    with mailer(smtp.controller.port).connection() as send:
        assert send("a@example.org", MESSAGE) == ""
        assert send("b@example.org", MESSAGE) == ""
    assert [r.rcpt_tos for r in smtp.received] == [["a@example.org"], ["b@example.org"]]
    mail = smtp.received[0]
    assert mail.message["To"] == "a@example.org"
    assert mail.message["Message-ID"].endswith("@example.org>")
    assert mail.part("plain").strip() == "Plain £ text"
    assert mail.part("html").strip() == "<p>HTML £ text</p>"


def test_temporary_and_permanent_refusals(smtp):
    smtp.answer = "451 4.3.0 Try again later"
    with mailer(smtp.controller.port).connection() as send:
        with pytest.raises(SendError) as temporary:
            send("a@example.org", MESSAGE)
        smtp.answer = "554 5.7.1 Rejected"
        with pytest.raises(SendError) as permanent:
            send("a@example.org", MESSAGE)
        smtp.answer = None
        send("a@example.org", MESSAGE)  # a new connection after the error
    assert (str(temporary.value), temporary.value.permanent) == (
        "SMTP 451 4.3.0 Try again later",
        False,
    )
    assert permanent.value.permanent
    assert len(smtp.received) == 1


def test_no_server_is_a_temporary_failure(smtp):
    port = smtp.controller.port
    smtp.controller.stop()
    with mailer(port).connection() as send, pytest.raises(SendError) as error:
        send("a@example.org", MESSAGE)
    assert not error.value.permanent
    assert "ConnectionRefusedError" in str(error.value)


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"campaign" and auth_data.password == b"secret"
    return AuthResult(success=ok)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_login_when_a_user_name_is_set():
    handler = Handler()
    controller = LoopbackController(
        handler,
        hostname="127.0.0.1",
        port=0,
        authenticator=authenticate,
        auth_require_tls=False,  # loopback only; production uses STARTTLS or SSL
    )
    controller.start()
    try:
        good = mailer(controller.port, username="campaign", password="secret")
        with good.connection() as send:
            send("a@example.org", MESSAGE)
        bad = mailer(controller.port, username="campaign", password="wrong", timeout=1)
        with bad.connection() as send, pytest.raises(SendError):
            send("a@example.org", MESSAGE)
    finally:
        controller.stop()
    assert len(handler.received) == 1


def test_the_settings_choose_the_mailer():
    config = {
        "SMTP_HOST": "",
        "SMTP_PORT": 587,
        "SMTP_SECURITY": "STARTTLS",
        "SMTP_USERNAME": "",
        "SMTP_PASSWORD": "",
        "SMTP_TIMEOUT": 10,
        "MAIL_FROM": "x@example.org",
    }
    assert type(mailer_for(config)).__name__ == "LogMailer"
    assert mailer_for({**config, "SMTP_HOST": "smtp.example.org"}).security == "starttls"
    with pytest.raises(ValueError, match="none, starttls or ssl"):
        mailer_for({**config, "SMTP_HOST": "smtp.example.org", "SMTP_SECURITY": "tls"})
