"""E-mail for reminders: SMTP (none, STARTTLS or SSL; login if a user name is set), or the log.

A mailer's `connection()` is a context manager yielding `send(to, message) -> note`: one SMTP
connection serves a whole batch of deliveries and is reopened after an error. `send` raises
`SendError` (permanent for a 5xx answer, which no retry will fix) and returns a note for the
delivery log ("" normally; the log mailer says the e-mail only went to the log).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any, Protocol

from campaign.common.text import is_single_line, one_line
from campaign.reminders.content import Message

mail_log = logging.getLogger("campaign.reminders.mail")

Send = Callable[[str, Message], str]
LOGGED_NOTE = "No SMTP server configured (SMTP_HOST is empty): written to the log instead."


class SendError(Exception):
    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class Mailer(Protocol):
    def connection(self) -> Any: ...  # a context manager yielding Send


def build_email(message: Message, *, sender: str, to: str) -> EmailMessage:
    """The e-mail. Header values are folded onto one line (`one_line`): a title saved before
    titles had to be one line would otherwise make the header raise, or add a header."""
    email = EmailMessage()
    email["Subject"] = one_line(message.subject)
    email["From"] = one_line(sender)
    email["To"] = one_line(to)
    email["Date"] = formatdate(localtime=False, usegmt=True)
    # An explicit domain: make_msgid() would otherwise look up this host's name in the DNS.
    domain = parseaddr(sender)[1].rpartition("@")[2] or "campaign.invalid"
    email["Message-ID"] = make_msgid(domain=domain)
    email["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies, please
    email.set_content(message.text)
    email.add_alternative(message.html, subtype="html")
    return email


def unbuildable(exc: BaseException) -> SendError:
    """The e-mail could not be made (its wording, a template): this delivery fails and is
    retried like any other failure; the rest of the batch goes on."""
    return SendError(f"The e-mail could not be built: {type(exc).__name__}: {exc}")


def check_address(to: str) -> None:
    """An address with a line break (an old row) can never be sent to: a permanent failure."""
    if not is_single_line(to):
        raise SendError(
            f"Not sent: the address {to!r} holds a line break or other control character.",
            permanent=True,
        )


def describe(exc: BaseException) -> tuple[str, bool]:
    """A readable error and whether it is permanent (a 5xx answer from the server)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
        return _answer(code, text), 500 <= code < 600
    if isinstance(exc, smtplib.SMTPResponseException):
        return _answer(exc.smtp_code, exc.smtp_error), 500 <= exc.smtp_code < 600
    return f"{type(exc).__name__}: {exc}", False


def _answer(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return f"SMTP {code} {text}".strip()


class SMTPMailer:
    def __init__(
        self,
        *,
        host: str,
        port: int,
        security: str,
        username: str,
        password: str,
        timeout: float,
        sender: str,
    ):
        if security not in {"none", "starttls", "ssl"}:
            raise ValueError(f"SMTP_SECURITY must be none, starttls or ssl, not {security!r}")
        self.host, self.port, self.security = host, port, security
        self.username, self.password, self.timeout = username, password, timeout
        self.sender = sender

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        try:
            if self.username:
                smtp.login(self.username, self.password)
        except BaseException:
            _close(smtp)
            raise
        return smtp

    @contextmanager
    def connection(self) -> Iterator[Send]:
        smtp: smtplib.SMTP | None = None

        def send(to: str, message: Message) -> str:
            nonlocal smtp
            check_address(to)
            try:
                email = build_email(message, sender=self.sender, to=to)
            except Exception as exc:  # any error here is this e-mail's alone
                raise unbuildable(exc) from exc
            envelope_from = parseaddr(self.sender)[1] or self.sender
            for attempt in (1, 2):
                reused = smtp is not None
                try:
                    if smtp is None:
                        smtp = self._connect()
                    smtp.send_message(email, from_addr=envelope_from, to_addrs=[to])
                    return ""
                except smtplib.SMTPServerDisconnected as exc:
                    _close(smtp)
                    smtp = None
                    if reused and attempt == 1:
                        continue  # the server dropped an idle connection: one fresh try
                    raise SendError(describe(exc)[0]) from exc
                except (smtplib.SMTPException, OSError) as exc:
                    _close(smtp)
                    smtp = None
                    text, permanent = describe(exc)
                    raise SendError(text, permanent=permanent) from exc
                except Exception as exc:  # smtplib's ValueError, say
                    # The conversation is in an unknown state: start the next e-mail afresh.
                    _close(smtp)
                    smtp = None
                    raise SendError(describe(exc)[0]) from exc
            raise AssertionError("unreachable")  # pragma: no cover

        try:
            yield send
        finally:
            _close(smtp, polite=True)


def _close(smtp: smtplib.SMTP | None, *, polite: bool = False) -> None:
    if smtp is None:
        return None
    try:
        if polite:
            smtp.quit()
        else:
            smtp.close()
    except (smtplib.SMTPException, OSError):
        smtp.close()
    return None


class LogMailer:
    """No SMTP server configured: each e-mail is written to the log (INFO) and counts as sent,
    with a note saying so; in-app notifications are unaffected."""

    @contextmanager
    def connection(self) -> Iterator[Send]:
        def send(to: str, message: Message) -> str:
            check_address(to)
            try:
                text = message.text
            except Exception as exc:  # any error here is this e-mail's alone
                raise unbuildable(exc) from exc
            subject = one_line(message.subject)
            mail_log.info("E-mail to %s (not sent: no SMTP_HOST): %s\n%s", to, subject, text)
            return LOGGED_NOTE

        yield send


def mailer_for(config: Any) -> Mailer:
    """The mailer the settings describe: SMTP, or the log when SMTP_HOST is empty."""
    if not config.get("SMTP_HOST"):
        return LogMailer()
    return SMTPMailer(
        host=config["SMTP_HOST"],
        port=int(config["SMTP_PORT"]),
        security=str(config["SMTP_SECURITY"]).lower(),
        username=config["SMTP_USERNAME"],
        password=config["SMTP_PASSWORD"],
        timeout=float(config["SMTP_TIMEOUT"]),
        sender=config["MAIL_FROM"],
    )
