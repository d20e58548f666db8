"""Immediate alerts: one e-mail per new item and recipient, however many watches found it, and
one in-app notification; sent exactly once; retried by the reminders' retry pass."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from campaign import models as m
from campaign.db import get_engine
from campaign.monitoring import alerts
from tests.support.alert_rows import (
    BASE_URL,
    TEAM,
    deliveries,
    notifications,
)

ALERT = m.DeliveryKind.MONITOR_ALERT
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # GMT: UK time is UTC
MATCHED = datetime(2026, 12, 7, 9, 5, tzinfo=UTC)


def after_pass(app, now=NOW):
    with Session(get_engine()) as session:
        return alerts.after_pass(session, app.config, now=now)


def emails(session):
    return [d for d in deliveries(session, ALERT) if d.channel == m.DeliveryChannel.EMAIL]


def test_an_item_two_watches_found_is_alerted_once_with_everything_to_act_on(
    app, rows, make, session, smtp
):
    owner = rows.user("officer@example.org")
    meta = make.ask(title="Meta: keep child safety in encrypted messaging", slug="meta")
    grooming = make.ask(title="Proactive technology against grooming", slug="grooming")
    first = rows.watch(ask=meta, owner=owner)
    second = rows.watch(ask=grooming, owner=owner, terms="grooming")
    item = rows.item(
        "Encryption: Children",
        snippet="Ministers will not require scanning that weakens end-to-end encryption.",
    )
    rows.match(item, first, MATCHED)
    rows.match(item, second, MATCHED, terms=("grooming",))

    summary = after_pass(app)

    assert [r.rcpt_tos for r in smtp.received] == [["officer@example.org"]]
    mail = smtp.received[0]
    assert mail.subject == (
        "Monitoring alert: Encryption: Children (Written questions and answers, 7 December 2026)"
    )
    text = mail.part("plain")
    for expected in (
        "Source: Written questions and answers",
        "Date: 7 December 2026",
        "Kind: Written answer",
        "Matched: end-to-end encryption, grooming",
        f"Ask: Meta: keep child safety in encrypted messaging: {BASE_URL}/asks/meta",
        f"Ask: Proactive technology against grooming: {BASE_URL}/asks/grooming",
        "weakens end-to-end encryption.",
        f"Open it in the inbox: {BASE_URL}/inbox/{item.id}",
        "Contains Parliamentary information licensed under the Open Parliament Licence v3.0.",
    ):
        assert expected in text
    html = mail.part("html")
    assert "weakens <mark>end-to-end encryption</mark>." in html
    assert f'href="{BASE_URL}/inbox/{item.id}"' in html
    sent = emails(session)
    assert [(d.subject, d.recipient, d.status) for d in sent] == [
        (f"item:{item.id}", "officer@example.org", m.DeliveryStatus.SENT)
    ]
    assert f"item:{item.id}" in sent[0].dedupe_key and "officer@example.org" in sent[0].dedupe_key
    [notice] = notifications(session)
    assert notice.title == "New in the monitoring inbox: Encryption: Children"
    assert notice.link == f"/inbox/{item.id}"
    assert (summary.sent, summary.failed) == (2, 0)


def test_called_twice_or_by_two_processes_it_alerts_once(app, rows, session, smtp):
    owner = rows.user("officer@example.org")
    rows.found("Online Safety Act: Ofcom", MATCHED, rows.watch(owner=owner))
    after_pass(app)
    second = after_pass(app)  # another process's session, a minute later
    after_pass(app, now=datetime(2026, 12, 7, 11, 0, tzinfo=UTC))
    assert len(smtp.received) == 1
    assert len(notifications(session)) == 1
    assert (second.sent, second.skipped) == (0, 2)


def test_each_owner_gets_their_own_e_mail_and_the_app_one_notification(app, rows, session, smtp):
    one, two = rows.user("one@example.org"), rows.user("Two@Example.org")
    rows.found("Ofcom: codes of practice", MATCHED, rows.watch(owner=one), rows.watch(owner=two))
    after_pass(app)
    assert sorted(r.rcpt_tos[0] for r in smtp.received) == ["Two@Example.org", "one@example.org"]
    assert len(notifications(session)) == 1


def test_a_watch_without_an_owner_alerts_the_team_address(app, rows, session, smtp):
    retired = rows.user("gone@example.org", is_active=False)
    rows.found("Written statement: Online Safety", MATCHED, rows.watch())
    rows.found("Age assurance", MATCHED, rows.watch(owner=retired))
    after_pass(app)
    assert [r.rcpt_tos for r in smtp.received] == [[TEAM], [TEAM]]


def test_triaged_duplicate_old_and_digest_items_and_archived_watches_are_not_alerted(
    app, rows, session, smtp
):
    owner = rows.user("officer@example.org")
    watch = rows.watch(owner=owner)
    kept = rows.found("Kept", MATCHED, watch)
    rows.found("Dismissed", MATCHED, watch, status=m.ItemStatus.DISMISSED)
    rows.found("Linked", MATCHED, watch, status=m.ItemStatus.LINKED)
    rows.found("Duplicate", MATCHED, watch, duplicate_of_id=kept.id)
    rows.found("Yesterday's", datetime(2026, 12, 6, 9, 59, tzinfo=UTC), watch)
    rows.found("For the digest", MATCHED, rows.watch(owner=owner, level=m.AlertLevel.DIGEST))
    archived = rows.watch(owner=owner, archived_at=datetime(2026, 12, 1, tzinfo=UTC))
    rows.found("Archived watch's", MATCHED, archived)
    after_pass(app)
    assert [r.subject for r in smtp.received] == [
        "Monitoring alert: Kept (Written questions and answers, 7 December 2026)"
    ]
    assert [n.title for n in notifications(session)] == ["New in the monitoring inbox: Kept"]


def test_a_refused_alert_is_retried_by_the_reminders_retry_pass_and_sent_once(
    app, rows, session, smtp, clock
):
    owner = rows.user("officer@example.org")
    item = rows.found("Ofcom statement", MATCHED, rows.watch(owner=owner))
    smtp.answer = "451 4.3.0 Try again later"
    after_pass(app)
    [failed] = emails(session)
    assert (failed.status, failed.attempts) == (m.DeliveryStatus.FAILED, 1)
    assert "451" in failed.last_error

    smtp.answer = None
    after_pass(app, now=datetime(2026, 12, 7, 10, 5, tzinfo=UTC))  # the key is taken: no resend
    assert smtp.received == []
    clock.set("2026-12-07 10:05")
    result = app.test_cli_runner().invoke(
        args=["send-due-reminders", "--now", "2026-12-07T10:05:00+00:00"]
    )
    assert result.exit_code == 0, result.output
    assert "1 retried" in result.output
    assert [r.rcpt_tos for r in smtp.received] == [["officer@example.org"]]
    assert f"/inbox/{item.id}" in smtp.received[0].part("plain")
    [sent] = emails(session)
    assert (sent.status, sent.attempts) == (m.DeliveryStatus.SENT, 2)
    clock.set("2026-12-07 11:00")
    app.test_cli_runner().invoke(args=["send-due-reminders", "--now", "2026-12-07T11:00:00+00:00"])
    assert len(smtp.received) == 1


def test_a_refused_alert_for_an_item_dismissed_meanwhile_is_cancelled(
    app, rows, session, smtp, clock
):
    owner = rows.user("officer@example.org")
    item = rows.found("Ofcom statement", MATCHED, rows.watch(owner=owner))
    smtp.answer = "451 4.3.0 Try again later"
    after_pass(app)
    smtp.answer = None
    item.status = m.ItemStatus.DISMISSED
    session.add(item)
    session.commit()
    clock.set("2026-12-07 10:05")
    result = app.test_cli_runner().invoke(
        args=["send-due-reminders", "--now", "2026-12-07T10:05:00+00:00"]
    )
    assert result.exit_code == 0, result.output
    assert smtp.received == []
    [cancelled] = emails(session)
    assert cancelled.status == m.DeliveryStatus.CANCELLED
    assert cancelled.note == "Not needed: the item was dismissed."


def test_the_delivery_log_names_the_item_an_alert_was_about(app, rows, make, session, client):
    owner = rows.user("officer@example.org")
    watch = rows.watch(ask=make.ask(title="Meta", slug="meta"), owner=owner)
    item = rows.item("Encryption: Children <b>")
    rows.match(item, watch, MATCHED)
    after_pass(app)

    html = client.get("/deliveries/").get_data(as_text=True)

    assert f'<a href="/inbox/{item.id}">Inbox item: Encryption: Children &lt;b&gt;</a>' in html
