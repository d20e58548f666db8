"""Keeping and generating packs: the record, the file, idempotence, failures, interruptions."""

from __future__ import annotations

import hashlib
import logging
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, func, select

from campaign.models import (
    AskEvidence,
    AskStatistic,
    Pack,
    PackClassification,
    PackFormat,
    PackSection,
    PackStatus,
    Sensitivity,
)
from campaign.packs import services
from campaign.packs.options import PackOptions
from campaign.packs.parts import PackError
from campaign.packs.render import filename_for

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture
def ask(make):
    """An ask aimed at Ofcom with a sourced figure, public evidence and restricted evidence."""
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    source = make.source(title="Police recorded crime, England and Wales")
    ask = make.ask(title="Strengthen the illegal harms codes", slug="strengthen-codes")
    ask.targets.append(ofcom)
    make.link(ask)
    figure = make.statistic(label="Offences recorded", key="offences", source_id=source.id)
    make.link(AskStatistic(ask_id=ask.id, statistic_id=figure.id, note="the headline figure"))
    for sensitivity, title in (
        (Sensitivity.PUBLIC, "Chief executive statement"),
        (Sensitivity.RESTRICTED, "Case notes from a counsellor"),
    ):
        item = make.evidence(title=title, sensitivity=sensitivity)
        make.link(AskEvidence(ask_id=ask.id, evidence_id=item.id))
    return ask


def options(**kw) -> PackOptions:
    kw.setdefault("title", "Briefing for Ofcom")
    kw.setdefault("ask_slugs", ("strengthen-codes",))
    kw.setdefault("format", PackFormat.HTML)
    kw.setdefault("audience_organisation_key", "ofcom")
    kw.setdefault("made_by", "Ann Example")
    return PackOptions(**kw)


def count_packs(session: Session) -> int:
    return session.exec(select(func.count()).select_from(Pack)).one()


def test_request_pack_keeps_a_queued_record_of_the_choices(session, ask):
    pack = services.request_pack(
        session=session,
        options=options(meeting_date=date(2026, 12, 3), sections=(PackSection.SUMMARY,)),
        now=NOW,
    )
    session.commit()
    assert pack.status is PackStatus.QUEUED and pack.progress == 0
    assert pack.audience == "Ofcom"  # the organisation's name, copied
    assert pack.audience_organisation.key == "ofcom"
    assert pack.classification is PackClassification.EXTERNAL
    assert pack.meeting_date == date(2026, 12, 3)
    assert pack.created_at == NOW and pack.made_by == "Ann Example"
    assert pack.settings["ask_slugs"] == ["strengthen-codes"]
    assert pack.settings["sections"] == ["summary"]
    assert pack.settings["audience"] == "Ofcom"
    assert services.options_of(pack).meeting_date == date(2026, 12, 3)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"ask_slugs": ("no-such-ask",)}, "asks", "no-such-ask"),
        ({"ask_slugs": ()}, "asks", "at least one ask"),
        ({"audience_organisation_key": "nobody"}, "audience_organisation", "nobody"),
        ({"audience_organisation_key": None}, "audience", "who the pack is for"),
        ({"title": "  "}, "title", "title"),
    ],
)
def test_request_pack_refuses_what_cannot_make_a_pack(session, ask, changes, field, words):
    with pytest.raises(PackError) as error:
        services.request_pack(session=session, options=options(**changes), now=NOW)
    assert error.value.field == field
    assert words in error.value.message
    assert count_packs(session) == 0


def test_archived_asks_and_organisations_are_refused(session, make, ask):
    ask.archived_at = NOW
    make.link(ask)
    with pytest.raises(PackError, match="archived"):
        services.request_pack(session=session, options=options(), now=NOW)
    ask.archived_at = None
    make.link(ask)
    ofcom = ask.targets[0]
    ofcom.archived_at = NOW
    make.link(ofcom)
    with pytest.raises(PackError) as error:
        services.request_pack(session=session, options=options(), now=NOW)
    assert error.value.field == "audience_organisation"


def test_generate_keeps_the_file_with_its_digest_size_and_name(session, ask):
    pack = services.request_pack(
        session=session, options=options(meeting_date=date(2026, 12, 3)), now=NOW
    )
    session.commit()
    pack = services.generate(session=session, pack_id=pack.id, now=NOW)
    assert pack.status is PackStatus.DONE
    assert (pack.progress, pack.stage, pack.error) == (100, "Done", "")
    assert pack.filename == "2026-12-03-briefing-for-ofcom.html"
    assert pack.size == len(pack.content) > 0
    assert pack.sha256 == hashlib.sha256(pack.content).hexdigest()
    assert pack.started_at == NOW and pack.finished_at is not None
    text = pack.content.decode("utf-8")
    assert text.lstrip().lower().startswith("<!doctype html")
    assert "Offences recorded" in text and "Chief executive statement" in text
    assert "Case notes from a counsellor" not in text  # external: public evidence only
    assert "the headline figure" not in text  # nor the team's notes


def test_generate_is_idempotent(session, ask):
    pack = services.request_pack(session=session, options=options(), now=NOW)
    session.commit()
    first = services.generate(session=session, pack_id=pack.id, now=NOW)
    digest, finished = first.sha256, first.finished_at
    again = services.generate(session=session, pack_id=pack.id, now=NOW + timedelta(hours=1))
    assert again.status is PackStatus.DONE
    assert (again.sha256, again.finished_at, again.started_at) == (digest, finished, NOW)


def test_progress_is_committed_while_the_pack_is_generated(app, session, ask, monkeypatch):
    """Another session (another request) sees each stage while the work goes on."""
    seen = []
    real_render = services.render

    def watching_render(content, fmt):
        with Session(session.get_bind()) as other:
            row = other.get(Pack, pack_id)
            seen.append((row.status, row.progress, row.stage))
        return real_render(content, fmt)

    monkeypatch.setattr(services, "render", watching_render)
    pack_id = services.request_pack(session=session, options=options(), now=NOW).id
    session.commit()
    with app.app_context():
        services.generate(session=session, pack_id=pack_id, now=NOW)
    assert seen == [(PackStatus.RUNNING, 30, "Laying out the web page")]


def test_a_failure_is_recorded_on_the_pack_and_logged(session, ask, caplog):
    pack = services.request_pack(session=session, options=options(), now=NOW)
    session.commit()
    ask.archived_at = NOW  # archived after the pack was asked for
    session.add(ask)
    session.commit()
    with caplog.at_level(logging.ERROR, logger="campaign.packs"):
        pack = services.generate(session=session, pack_id=pack.id, now=NOW)
    assert pack.status is PackStatus.FAILED
    assert "archived" in pack.error and pack.content is None and pack.sha256 == ""
    assert pack.finished_at is not None
    record = next(r for r in caplog.records if "failed" in r.getMessage())
    assert record.exc_info is not None  # with its traceback

    # Put right, the same pack can be generated again.
    ask.archived_at = None
    session.add(ask)
    session.commit()
    pack = services.generate(session=session, pack_id=pack.id, now=NOW)
    assert pack.status is PackStatus.DONE and pack.error == ""


def test_an_unexpected_error_is_recorded_with_its_kind(session, ask, monkeypatch):
    def broken(content, fmt):
        raise RuntimeError("the renderer ran out of paper")

    monkeypatch.setattr(services, "render", broken)
    pack = services.request_pack(session=session, options=options(), now=NOW)
    session.commit()
    pack = services.generate(session=session, pack_id=pack.id, now=NOW)
    assert pack.status is PackStatus.FAILED
    assert pack.error == "RuntimeError: the renderer ran out of paper"


def test_generating_an_unknown_pack_is_an_error(session):
    with pytest.raises(LookupError):
        services.generate(session=session, pack_id=404, now=NOW)


def test_a_pack_that_goes_quiet_is_interrupted_and_can_be_queued_again(session, ask):
    pack = services.request_pack(session=session, options=options(), now=NOW)
    session.commit()
    timeout = 600
    assert services.display_status(pack, now=NOW, timeout_seconds=timeout) == "queued"
    with pytest.raises(PackError, match="still being generated"):
        services.retry(session=session, pack=pack, now=NOW, timeout_seconds=timeout)

    later = NOW + timedelta(seconds=timeout + 1)
    pack.status, pack.started_at, pack.progress = PackStatus.RUNNING, NOW, 15
    assert services.is_interrupted(pack, now=later, timeout_seconds=timeout)
    assert services.display_status(pack, now=later, timeout_seconds=timeout) == "interrupted"

    services.retry(session=session, pack=pack, now=later, timeout_seconds=timeout)
    session.commit()
    assert (pack.status, pack.progress, pack.started_at) == (PackStatus.QUEUED, 0, later)
    assert not services.is_interrupted(pack, now=later, timeout_seconds=timeout)
    done = services.generate(session=session, pack_id=pack.id, now=later)
    assert done.status is PackStatus.DONE
    assert not services.is_interrupted(done, now=later + timedelta(days=1), timeout_seconds=1)
    with pytest.raises(PackError, match="has been generated"):
        services.retry(session=session, pack=done, now=later, timeout_seconds=timeout)


def test_filename_uses_the_meeting_date_or_today():
    today = date(2026, 11, 24)
    assert filename_for(options(format=PackFormat.PDF), today) == (
        "2026-11-24-briefing-for-ofcom.pdf"
    )
    named = options(title="Ofcom & the Home Office: 2026!", meeting_date=date(2026, 12, 3))
    assert filename_for(named, today) == "2026-12-03-ofcom-the-home-office-2026.html"
    assert filename_for(options(title="!!!"), today) == "2026-11-24-briefing-pack.html"


def test_human_size():
    assert services.human_size(900) == "900 bytes"
    assert services.human_size(2048) == "2.0 KB"
    assert services.human_size(3 * 1024 * 1024 + 1) == "3.0 MB"
