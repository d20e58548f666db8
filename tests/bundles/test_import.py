"""Importing bundles through `flask import-bundle`: what is written, and what is refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlmodel import select

from campaign import models as m
from tests.bundles.conftest import fixture, row_counts, updated_ats
from tests.conftest import SEED_BUNDLE


def _one(session, model, **where):
    session.expire_all()
    query = select(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return session.exec(query).one()


def test_import_writes_every_row_and_link(session, import_file):
    output = import_file(fixture("small.yaml"))

    assert output.startswith("Imported ")
    assert "organisations 4 (4 new), sources 2 (2 new), statistics 3 (3 new)" in output
    assert "asks 2 (2 new), responses 2 (2 new)" in output
    counts = row_counts(session)
    assert counts["organisations"] == 4 and counts["ask_targets"] == 2 and counts["tags"] == 2

    instagram = _one(session, m.Organisation, key="instagram")
    meta = _one(session, m.Organisation, key="meta")
    assert instagram.parent_id == meta.id
    assert instagram.notes == "Owned by Meta since 2012.\nTeen accounts launched in 2024.\n"
    assert meta.website == "https://about.meta.com"
    assert _one(session, m.Organisation, key="old-quango").archived_at is not None

    offences = _one(session, m.Statistic, key="grooming-offences")
    assert offences.value == Decimal("7062")
    assert (offences.period_label, offences.period_start) == ("2023/24", date(2023, 4, 1))
    assert offences.source.key == "nspcc-foi-2024"

    case = _one(session, m.Evidence, key="composite-case")
    assert case.is_composite and case.sensitivity == m.Sensitivity.RESTRICTED
    assert case.evidence_date == date(2024, 5, 1)

    review = _one(session, m.Milestone, key="review-report")
    assert (review.milestone_date, review.date_precision) == (date(2026, 7, 1), "month")
    assert review.is_planned
    election = _one(session, m.Milestone, key="next-election")
    assert (election.milestone_date, election.date_precision) == (date(2029, 1, 1), "year")

    ask = _one(session, m.Ask, slug="end-to-end-safety")
    assert (ask.status, ask.priority, ask.owner_email) == ("active", "high", "policy@example.org")
    assert [o.key for o in ask.targets] == ["meta", "ofcom"]
    assert [t.name for t in ask.tags] == ["encryption", "grooming"]
    assert [(x.statistic.key, x.note, x.rank) for x in ask.statistic_links] == [
        ("snapchat-share", "headline", 0),
        ("grooming-offences", "", 1),
    ]
    assert [(x.evidence.key, x.note) for x in ask.evidence_links] == [
        ("composite-case", "never quote directly")
    ]
    assert [(x.milestone.key, x.note) for x in ask.milestone_links] == [
        ("codes-published", "first codes")
    ]

    letter = _one(session, m.Response, key="meta-letter-2024")
    assert letter.organisation_id == meta.id and letter.direction == "received"
    assert [(x.ask.slug, x.position, x.note) for x in letter.ask_links] == [
        ("end-to-end-safety", "opposes", "Declined")
    ]
    sent = _one(session, m.Response, key="our-submission")
    assert (sent.direction, sent.reply_expected_by) == ("sent", date(2024, 4, 1))


def test_decimals_are_exact_whether_quoted_or_not(session, import_file, tmp_path):
    path = tmp_path / "figures.yaml"
    path.write_text(
        "format: campaign-bundle\nversion: 1\nstatistics:\n"
        '  - {key: a, label: A, unit: ratio, value: "0.1"}\n'
        "  - {key: b, label: B, unit: count, value: 33226}\n"
        "  - {key: c, label: C, unit: ratio, value: 12.50}\n"
        "  - {key: d, label: D, unit: ratio, value: 0.30000000000000004}\n"
        "  - {key: e, label: E, unit: gbp, value: '1e3'}\n"
        "  - {key: f, label: F, unit: ratio, value: 012}\n"
    )
    import_file(path)
    values = {s.key: s.value for s in session.exec(select(m.Statistic)).all()}
    assert values == {
        "a": Decimal("0.1"),
        "b": Decimal("33226"),
        "c": Decimal("12.5"),
        "d": Decimal("0.30000000000000004"),
        "e": Decimal("1000"),
        "f": Decimal("12"),  # not octal ten
    }
    assert str(values["d"]) == "0.30000000000000004"  # a float would have rounded this


def test_reimport_changes_nothing(session, import_file):
    import_file(fixture("small.yaml"))
    before_rows, before_times = row_counts(session), updated_ats(session)

    output = import_file(fixture("small.yaml"))

    assert "new" not in output and "updated" not in output
    assert "organisations 4 (4 unchanged)" in output and "asks 2 (2 unchanged)" in output
    assert row_counts(session) == before_rows
    assert updated_ats(session) == before_times


def test_reimport_updates_only_what_changed_and_replaces_links(session, import_file, tmp_path):
    import_file(fixture("small.yaml"))
    before = updated_ats(session)
    text = (
        Path(fixture("small.yaml"))
        .read_text(encoding="utf-8")
        .replace('value: "7062"', 'value: "7063"')
        .replace("targets: [meta, ofcom]", "targets: [ofcom]")
        .replace("tags: [encryption, grooming]", "tags: [grooming, livestreaming]")
        .replace(
            "      - statistic: snapchat-share\n        note: headline\n"
            "      - statistic: grooming-offences\n",
            "      - statistic: grooming-offences\n      - statistic: snapchat-share\n",
        )
        .replace("position: opposes", "position: partly_supports")
    )
    path = tmp_path / "changed.yaml"
    path.write_text(text, encoding="utf-8")

    output = import_file(path)

    assert "statistics 3 (1 updated, 2 unchanged)" in output
    assert "asks 2 (1 updated, 1 unchanged)" in output
    assert "responses 2 (1 updated, 1 unchanged)" in output
    assert "organisations 4 (4 unchanged)" in output
    ask = _one(session, m.Ask, slug="end-to-end-safety")
    assert [o.key for o in ask.targets] == ["ofcom"]
    assert [t.name for t in ask.tags] == ["grooming", "livestreaming"]
    assert [(x.statistic.key, x.note, x.rank) for x in ask.statistic_links] == [
        ("grooming-offences", "", 0),
        ("snapchat-share", "", 1),
    ]
    letter = _one(session, m.Response, key="meta-letter-2024")
    assert [x.position for x in letter.ask_links] == ["partly_supports"]
    after = updated_ats(session)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {
        ("statistics", "grooming-offences"),
        ("asks", "end-to-end-safety"),
        ("responses", "meta-letter-2024"),
    }
    # The tag no ask uses any more is kept (tags are not archived or deleted by imports).
    assert row_counts(session)["tags"] == 3


def test_archiving_is_imported_and_its_date_kept(session, import_file, tmp_path):
    import_file(fixture("small.yaml"))
    quango = _one(session, m.Organisation, key="old-quango")
    first_archived = quango.archived_at
    assert first_archived is not None

    import_file(fixture("small.yaml"))
    assert _one(session, m.Organisation, key="old-quango").archived_at == first_archived

    path = tmp_path / "restore.yaml"
    path.write_text(
        "format: campaign-bundle\nversion: 1\norganisations:\n"
        "  - {key: old-quango, name: An old quango, kind: government}\n"
        "  - {key: ofcom, name: Ofcom, kind: regulator, archived: true}\n"
    )
    assert "organisations 2 (2 updated)" in import_file(path)
    assert _one(session, m.Organisation, key="old-quango").archived_at is None
    assert _one(session, m.Organisation, key="ofcom").archived_at is not None


def test_references_may_name_rows_already_in_the_database(session, make, import_file, tmp_path):
    make.organisation(key="ofcom", name="Ofcom")
    make.statistic(key="existing-figure", value=Decimal("5"))
    path = tmp_path / "refs.yaml"
    path.write_text(
        "format: campaign-bundle\nversion: 1\n"
        "organisations: [{key: ofcom-board, name: Ofcom board, kind: regulator, parent: ofcom}]\n"
        "asks:\n"
        "  - slug: an-ask\n    title: An ask\n    targets: [ofcom]\n"
        "    statistics: [{statistic: existing-figure}]\n"
    )
    import_file(path)
    ask = _one(session, m.Ask, slug="an-ask")
    assert [o.key for o in ask.targets] == ["ofcom"]
    assert [x.statistic.key for x in ask.statistic_links] == ["existing-figure"]
    assert _one(session, m.Organisation, key="ofcom-board").parent.key == "ofcom"


def test_rows_the_bundle_does_not_mention_are_left_alone(session, make, import_file):
    other = make.organisation(key="not-in-bundle", name="Someone else")
    import_file(fixture("small.yaml"))
    assert _one(session, m.Organisation, key="not-in-bundle").updated_at == other.updated_at


def test_nested_parents_are_saved_parents_first(session, import_file, tmp_path):
    # Children listed before their parents, three levels deep.
    path = tmp_path / "nested.yaml"
    path.write_text(
        "format: campaign-bundle\nversion: 1\norganisations:\n"
        "  - {key: reels, name: Reels, kind: other, parent: instagram}\n"
        "  - {key: instagram, name: Instagram, kind: company, parent: meta}\n"
        "  - {key: meta, name: Meta, kind: company}\n"
    )
    import_file(path)
    reels = _one(session, m.Organisation, key="reels")
    assert reels.parent.key == "instagram" and reels.parent.parent.key == "meta"


def test_the_example_in_the_docs_imports(import_file, tmp_path):
    docs = Path(__file__).resolve().parents[2] / "docs" / "bundles.md"
    example = docs.read_text(encoding="utf-8").split("## A small example\n```yaml\n")[1]
    path = tmp_path / "example.yaml"
    path.write_text(example.split("```")[0], encoding="utf-8")
    output = import_file(path)
    assert "organisations 2 (2 new)" in output and "responses 1 (1 new)" in output


def test_if_empty_loads_the_seed_once_and_never_over_edits(runner, session):
    first = runner.invoke(args=["import-bundle", "--if-empty", str(SEED_BUNDLE)])
    assert first.exit_code == 0 and "Imported" in first.output
    ask = session.exec(select(m.Ask).where(m.Ask.slug == "meta-pause-encryption-rollout")).one()
    ask.title = "Edited by an officer"
    session.add(ask)
    session.commit()

    again = runner.invoke(args=["import-bundle", "--if-empty", str(SEED_BUNDLE)])
    assert again.exit_code == 0
    assert "already holds campaign data" in again.output
    session.expire_all()
    assert session.get(m.Ask, ask.id).title == "Edited by an officer"


def test_milestone_reminders_done_and_moves_are_imported(runner, session):
    result = runner.invoke(args=["import-bundle", str(fixture("small.yaml"))])
    assert result.exit_code == 0, result.output
    milestone = session.exec(select(m.Milestone).where(m.Milestone.key == "codes-published")).one()
    assert milestone.reminder_offsets == "14,2"
    assert milestone.reminder_recipients == "lead@charity.example, press@charity.example"
    assert milestone.done_note == "Our briefing on the codes went out"
    assert milestone.done_at.isoformat() == "2024-12-17T10:30:00+00:00"
    [move] = milestone.moves
    assert (move.old_date, move.old_precision) == (date(2024, 11, 1), m.DatePrecision.MONTH)
    assert move.note == "Ofcom confirmed the date"
