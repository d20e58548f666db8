"""`flask pack`: files written and kept like the web's; bad input writes and keeps nothing."""

from __future__ import annotations

import hashlib
import zipfile

import pytest
from sqlmodel import func, select

from campaign.models import (
    AskEvidence,
    AskStatistic,
    Pack,
    PackClassification,
    PackFormat,
    PackStatus,
    Sensitivity,
)


@pytest.fixture
def small(make):
    make.organisation(name="Ofcom", key="ofcom")
    ask = make.ask(title="Strengthen the codes", slug="strengthen-codes")
    other = make.ask(title="Pause encryption", slug="pause-encryption")
    figure = make.statistic(label="Offences recorded", key="offences", value=33226)
    make.link(AskStatistic(ask_id=ask.id, statistic_id=figure.id))
    return ask, other


def count_packs(session) -> int:
    return session.exec(select(func.count()).select_from(Pack)).one()


def check_format(fmt: str, data: bytes, path) -> None:
    if fmt == "pdf":
        assert data.startswith(b"%PDF")
    elif fmt == "docx":
        with zipfile.ZipFile(path) as document:
            assert "word/document.xml" in document.namelist()
    else:
        assert data.decode("utf-8").lstrip().lower().startswith("<!doctype html")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_pack_writes_the_file_and_keeps_the_record(runner, client, session, small, tmp_path, fmt):
    out = tmp_path / f"briefing.{fmt}"
    result = runner.invoke(
        args=[
            "pack",
            "--ask",
            "pause-encryption",
            "--ask",
            "strengthen-codes",
            "--format",
            fmt,
            "--audience",
            "Cross-party peers",
            "--meeting-date",
            "2026-12-03",
            "--by",
            "Ann Example",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    check_format(fmt, data, out)
    pack = session.exec(select(Pack)).one()
    assert pack.status is PackStatus.DONE and pack.format is PackFormat(fmt)
    assert pack.sha256 == hashlib.sha256(data).hexdigest() and pack.size == len(data)
    assert (pack.title, pack.audience) == ("Briefing for Cross-party peers", "Cross-party peers")
    assert pack.made_by == "Ann Example" and pack.audience_organisation_id is None
    assert (pack.requested_by_user_id, pack.requested_by) == (None, "")  # a command, no account
    assert pack.classification is PackClassification.EXTERNAL
    assert pack.settings["ask_slugs"] == ["pause-encryption", "strengthen-codes"]
    assert pack.filename == f"2026-12-03-briefing-for-cross-party-peers.{fmt}"
    assert f"Pack {pack.id}: {out}" in result.output
    assert f"Size: {len(data):,} bytes" in result.output
    assert f"SHA-256: {pack.sha256}" in result.output
    # …and it is on the web's list like any other.
    assert "Briefing for Cross-party peers" in client.get("/packs/").get_data(as_text=True)


def test_pack_options_and_defaults(runner, session, small, tmp_path, monkeypatch):
    monkeypatch.setenv("USER", "bob")
    out = tmp_path / "ofcom.html"  # no --format: taken from the file's extension
    result = runner.invoke(
        args=[
            "pack",
            "--ask",
            "strengthen-codes",
            "--audience",
            "OFCOM",  # an organisation's name (any case) links the pack to it
            "--classification",
            "internal",
            "--section",
            "summary",
            "--section",
            "contacts",
            "--title",
            "Board briefing",
            "--next-steps",
            "Write to the **chief executive**.",
            "-o",
            str(out),
        ]
    )
    assert result.exit_code == 0, result.output
    pack = session.exec(select(Pack)).one()
    assert pack.format is PackFormat.HTML and pack.made_by == "bob"
    assert pack.audience == "Ofcom" and pack.audience_organisation.key == "ofcom"
    assert pack.classification is PackClassification.INTERNAL
    assert pack.settings["sections"] == ["summary", "contacts"]
    assert pack.title == "Board briefing" and pack.meeting_date is None
    text = out.read_text(encoding="utf-8")
    assert "chief executive" in text and "INTERNAL" in text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--ask", "no-such-ask"], ["'--ask'", "no-such-ask"]),
        (["--ask", "strengthen-codes", "--meeting-date", "3/12/2026"], ["'--meeting-date'"]),
        (["--ask", "strengthen-codes", "--format", "odt"], ["'--format'"]),
        (["--ask", "strengthen-codes", "--section", "gossip"], ["'--section'"]),
    ],
)
def test_bad_input_names_the_option_and_writes_nothing(
    runner, session, small, tmp_path, args, words
):
    out = tmp_path / "briefing.pdf"
    result = runner.invoke(args=["pack", *args, "--audience", "Ofcom", "-o", str(out)])
    assert result.exit_code == 2, result.output
    for word in words:
        assert word in result.output
    assert not out.exists()
    assert count_packs(session) == 0


def test_an_archived_ask_is_refused(runner, session, make, small, tmp_path):
    ask, _ = small
    from datetime import UTC, datetime

    ask.archived_at = datetime(2026, 1, 1, tzinfo=UTC)
    make.link(ask)
    out = tmp_path / "briefing.pdf"
    result = runner.invoke(
        args=["pack", "--ask", "strengthen-codes", "--audience", "Ofcom", "-o", str(out)]
    )
    assert result.exit_code == 2 and "archived" in result.output
    assert not out.exists() and count_packs(session) == 0


def test_a_failed_generation_is_kept_and_writes_no_file(
    runner, session, small, tmp_path, monkeypatch
):
    from campaign.packs import services

    def broken(content, fmt):
        raise RuntimeError("out of paper")

    monkeypatch.setattr(services, "render", broken)
    out = tmp_path / "briefing.pdf"
    result = runner.invoke(
        args=["pack", "--ask", "strengthen-codes", "--audience", "Ofcom", "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "failed: RuntimeError: out of paper" in result.output
    assert not out.exists()
    pack = session.exec(select(Pack)).one()
    assert pack.status is PackStatus.FAILED and "out of paper" in pack.error


def test_pack_reports_figures_without_a_source_and_what_it_left_out(
    runner, session, make, small, tmp_path
):
    ask, _other = small
    restricted = make.evidence(title="Case study", sensitivity=Sensitivity.RESTRICTED)
    make.link(AskEvidence(ask_id=ask.id, evidence_id=restricted.id))
    out = tmp_path / "briefing.pdf"
    result = runner.invoke(
        args=["pack", "--ask", "strengthen-codes", "--audience", "Ofcom", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Warning: Ask 1: “Offences recorded” (33,226) has no source." in result.output
    assert "Left out of this external pack: 1 restricted evidence" in result.output
    assert out.exists()
