"""The daily digest: one e-mail per recipient per day with every new item of their digest
watches since the last one, each once, grouped by ask; nothing when nothing is new."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from campaign import models as m
from campaign.db import get_engine
from campaign.monitoring import alerts
from tests.reminders.conftest import at
from tests.support.alert_rows import (
    BASE_URL,
    TEAM,
    deliveries,
    notifications,
)

DIGEST = m.DeliveryKind.MONITOR_DIGEST
DIGEST_LEVEL = m.AlertLevel.DIGEST
AT_7 = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)  # MONITOR_DIGEST_HOUR=7, GMT


def send_digest(app, now=AT_7):
    with Session(get_engine()) as session:
        return alerts.send_digest(session, app.config, now=now)


def test_one_e_mail_lists_the_new_items_of_the_day_each_once_grouped_by_ask(
    app, rows, make, session, smtp
):
    owner = rows.user("officer@example.org")
    meta = make.ask(title="Meta: keep child safety in encrypted messaging", slug="meta")
    ofcom = make.ask(title="Ofcom: proactive technology", slug="ofcom")
    on_meta = rows.watch(ask=meta, owner=owner, level=DIGEST_LEVEL)
    also_meta = rows.watch(ask=meta, owner=owner, level=DIGEST_LEVEL, terms="Meta")
    on_ofcom = rows.watch(ask=ofcom, owner=owner, level=DIGEST_LEVEL)
    first = rows.found("Encryption: Children", at("2026-12-06 12:00"), on_meta, also_meta)
    second = rows.found("Meta: messaging", at("2026-12-07 06:59"), on_meta)
    third = rows.found("Ofcom: codes", at("2026-12-06 07:01"), on_ofcom, source_id="o-1")
    rows.found("Before the window", at("2026-12-06 07:00"), on_ofcom)  # yesterday's digest
    rows.found("After the window", at("2026-12-07 07:01"), on_ofcom)  # tomorrow's

    send_digest(app, now=at("2026-12-07 07:30"))

    [mail] = smtp.received
    assert mail.rcpt_tos == ["officer@example.org"]
    assert mail.subject == "Monitoring digest: 3 new items (7 December 2026)"
    text = mail.part("plain").replace("\r\n", "\n")
    assert text.count("Encryption: Children") == 1
    meta_at = text.index("Meta: keep child safety in encrypted messaging\n")
    ofcom_at = text.index("Ofcom: proactive technology\n")
    assert meta_at < text.index("Meta: messaging") < text.index("Encryption: Children") < ofcom_at
    assert ofcom_at < text.index("Ofcom: codes")
    for item in (first, second, third):
        assert f"{BASE_URL}/inbox/{item.id}" in text
    assert "Before the window" not in text and "After the window" not in text
    assert "Open Parliament Licence v3.0" in text
    [sent] = [d for d in deliveries(session, DIGEST) if d.channel == m.DeliveryChannel.EMAIL]
    assert (sent.subject, sent.recipient, sent.status) == (
        "digest:2026-12-07",
        "officer@example.org",
        m.DeliveryStatus.SENT,
    )
    [notice] = notifications(session)
    assert (notice.title, notice.link) == ("3 new items in the monitoring inbox", "/inbox/")


def test_sent_twice_the_same_day_it_goes_once_and_before_the_hour_it_is_yesterdays(
    app, rows, session, smtp
):
    watch = rows.watch(owner=rows.user("officer@example.org"), level=DIGEST_LEVEL)
    rows.found("Ofcom statement", at("2026-12-06 09:00"), watch)
    send_digest(app, now=at("2026-12-07 07:00"))
    send_digest(app, now=at("2026-12-07 18:00"))
    send_digest(app, now=at("2026-12-08 06:59"))  # before 7: still the digest of the 7th
    assert len(smtp.received) == 1
    assert len(notifications(session)) == 1
    send_digest(app, now=at("2026-12-08 07:00"))  # the 8th's: nothing new, nothing sent
    assert len(smtp.received) == 1
    assert len(deliveries(session, DIGEST)) == 2  # the e-mail and the in-app notice


def test_nothing_new_sends_nothing(app, rows, session, smtp):
    watch = rows.watch(owner=rows.user("officer@example.org"), level=DIGEST_LEVEL)
    rows.found("Dismissed", at("2026-12-06 09:00"), watch, status=m.ItemStatus.DISMISSED)
    rows.found("Old", at("2026-12-05 09:00"), watch)
    send_digest(app)
    assert smtp.received == []
    assert notifications(session) == []
    assert deliveries(session, DIGEST) == []


def test_each_recipient_their_own_items_and_the_team_for_watches_without_owner(
    app, rows, session, smtp
):
    one = rows.watch(owner=rows.user("one@example.org"), level=DIGEST_LEVEL)
    nobody = rows.watch(level=DIGEST_LEVEL)
    archived = rows.watch(
        owner=rows.user("two@example.org"), level=DIGEST_LEVEL, archived_at=at("2026-12-01 00:00")
    )
    rows.found("Shared", at("2026-12-06 10:00"), one, nobody)
    rows.found("Team only", at("2026-12-06 11:00"), nobody)
    rows.found("Archived watch's", at("2026-12-06 11:00"), archived)
    send_digest(app)
    got = {r.rcpt_tos[0]: r.part("plain") for r in smtp.received}
    assert sorted(got) == ["one@example.org", TEAM]
    assert "Shared" in got["one@example.org"] and "Team only" not in got["one@example.org"]
    assert "Shared" in got[TEAM] and "Team only" in got[TEAM]
    assert "Archived watch's" not in got[TEAM]
    [notice] = notifications(session)
    assert notice.title == "2 new items in the monitoring inbox"


def test_an_item_alerted_at_once_is_not_repeated_in_the_same_recipients_digest(
    app, rows, session, smtp
):
    owner = rows.user("officer@example.org")
    loud = rows.watch(owner=owner)
    quiet = rows.watch(owner=owner, level=DIGEST_LEVEL)
    other = rows.watch(owner=rows.user("other@example.org"), level=DIGEST_LEVEL)
    rows.found("Urgent", at("2026-12-06 10:00"), loud, quiet, other)
    rows.found("Routine", at("2026-12-06 10:00"), quiet)
    with Session(get_engine()) as s:
        alerts.after_pass(s, app.config, now=at("2026-12-06 10:05"))
    send_digest(app)
    subjects = [(r.rcpt_tos[0], r.subject) for r in smtp.received]
    assert subjects[0][1].startswith("Monitoring alert: Urgent")
    got = {r.rcpt_tos[0]: r.part("plain") for r in smtp.received[1:]}
    assert "Urgent" not in got["officer@example.org"] and "Routine" in got["officer@example.org"]
    assert "Urgent" in got["other@example.org"]  # not alerted: their watch is a digest one


def test_a_refused_digest_is_retried_once_without_what_was_triaged_meanwhile(
    app, rows, session, smtp, clock
):
    watch = rows.watch(owner=rows.user("officer@example.org"), level=DIGEST_LEVEL)
    rows.found("Still new", at("2026-12-06 10:00"), watch)
    dismissed = rows.found("Dismissed meanwhile", at("2026-12-06 11:00"), watch)
    smtp.answer = "451 4.3.0 Try again later"
    send_digest(app)
    smtp.answer = None
    dismissed.status = m.ItemStatus.DISMISSED
    session.add(dismissed)
    session.commit()
    send_digest(app, now=at("2026-12-07 07:02"))  # its key is taken: not sent again here
    assert smtp.received == []
    for now in ("2026-12-07 07:05", "2026-12-07 08:00"):
        clock.set(now)
        result = app.test_cli_runner().invoke(
            args=["send-due-reminders", "--now", f"{now.replace(' ', 'T')}:00+00:00"]
        )
        assert result.exit_code == 0, result.output
    [mail] = smtp.received
    assert mail.subject == "Monitoring digest: 1 new item (7 December 2026)"
    assert "Still new" in mail.part("plain") and "Dismissed meanwhile" not in mail.part("plain")
    [email] = [d for d in deliveries(session, DIGEST) if d.channel == m.DeliveryChannel.EMAIL]
    assert (email.status, email.attempts) == (m.DeliveryStatus.SENT, 2)
