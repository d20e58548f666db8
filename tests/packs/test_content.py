"""What goes into a pack: notes, the external/internal rules, milestones and contacts."""

from __future__ import annotations

import pytest

from campaign.models import PackClassification, PackSection, Sensitivity
from campaign.packs.parts import PackError

EXTERNAL = PackClassification.EXTERNAL
INTERNAL = PackClassification.INTERNAL


def test_every_figure_has_its_own_numbered_note_in_order(seed_pack):
    content = seed_pack()
    figures = content.figures()
    assert len(figures) == 36  # the seed's ask-statistic links
    numbers = [f.note.number for f in figures]
    assert numbers == sorted(set(numbers))  # one note each, numbered in reading order
    assert numbers[0] == 1
    assert [n.number for n in content.notes] == list(range(1, len(content.notes) + 1))


def test_a_derived_figure_carries_its_basis_and_the_sources_coverage(seed_pack):
    content = seed_pack(ask_slugs=("ofcom-strengthen-illegal-harms-codes",))
    rise = next(f for f in content.figures() if f.key == "offences-rise-2021-22-to-2022-23")
    assert rise.display == "25%"
    assert "31,892" in rise.basis and "25,582" in rise.basis
    note = rise.note.text()
    assert "NSPCC Freedom of Information requests to police forces" in note
    assert "Forces who supplied figures for both years" in note
    assert "Exact rise 24.7%" in note


def test_external_pack_holds_only_public_evidence_and_public_responses(seed_pack):
    external = seed_pack(classification=EXTERNAL)
    internal = seed_pack(classification=INTERNAL)
    ext_evidence = [e for a in external.asks for e in a.evidence]
    int_evidence = [e for a in internal.asks for e in a.evidence]
    assert ext_evidence and all(e.sensitivity is Sensitivity.PUBLIC for e in ext_evidence)
    assert any(e.is_confidential for e in int_evidence)
    assert external.withheld.get("restricted evidence", 0) >= 1
    assert not any(f.team_note for f in external.figures())


def test_unknown_and_repeated_asks_are_refused_naming_the_field(seed_pack):
    with pytest.raises(PackError) as error:
        seed_pack(ask_slugs=("no-such-ask",))
    assert error.value.field == "asks" and "no-such-ask" in error.value.message
    with pytest.raises(PackError):
        seed_pack(ask_slugs=())


def test_sections_left_out_leave_no_content(seed_pack):
    content = seed_pack(sections=(PackSection.SUMMARY,))
    assert not content.figures() and not content.notes and not content.milestones
    assert not content.has_chapters


def test_upcoming_milestones_include_the_targets_own_dates(seed_pack):
    content = seed_pack()
    titles = [m.title for m in content.milestones]
    assert "Final statements on categorised-service duties" in titles
    assert all(m.milestone_date.year >= 2026 for m in content.milestones)


def test_an_external_pack_leaves_out_the_teams_notes_on_positions(seed_pack):
    """The seed's notes on positions are the team's assessment ("Team's assessment, not
    Meta's stated position…"): an internal pack's timeline shows them, an external one not."""
    internal = [e for a in seed_pack(classification=INTERNAL).asks for e in a.timeline]
    external = [e for a in seed_pack(classification=EXTERNAL).asks for e in a.timeline]
    assert any(e.note.startswith("Team's assessment, not Meta's") for e in internal)
    assert external and not any(e.note for e in external)
