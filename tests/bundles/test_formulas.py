"""Derived statistics in bundles: `claim` and `formula: {kind, inputs}` import, export and round
trip byte for byte; computed values are recomputed on import, never stored in the file; bad
formulas are refused with located errors."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import select

from campaign import models as m
from tests.bundles.conftest import row_counts, updated_ats
from tests.bundles.test_errors import HEADER, _refused
from tests.bundles.test_export import _export_from, _import_into

# The share comes before its inputs, and its part is itself derived (a sum).
DERIVED = (
    HEADER
    + """statistics:
  - key: meta-share
    label: Share involving Meta-owned platforms
    value: "26.2"
    unit: percent
    claim: a quarter
    formula: {kind: share, inputs: [meta, identified]}
  - key: meta
    label: Instances involving Meta-owned platforms
    value: "2591"
    unit: count
    formula: {kind: sum, inputs: [instagram, facebook, whatsapp]}
  - {key: instagram, label: Instagram, value: "1217", unit: count}
  - {key: facebook, label: Facebook, value: "852", unit: count}
  - {key: whatsapp, label: WhatsApp, value: "522", unit: count}
  - {key: identified, label: Identified, value: "9876", unit: count, claim: "9,876 instances"}
"""
)


def _write(tmp_path, text: str, name: str = "bundle.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _stat(session, key: str) -> m.Statistic:
    session.expire_all()
    return session.exec(select(m.Statistic).where(m.Statistic.key == key)).one()


def test_formulas_import_and_are_computed(session, import_file, tmp_path):
    output = import_file(_write(tmp_path, DERIVED))
    assert "statistics 6 (6 new)" in output
    share, meta = _stat(session, "meta-share"), _stat(session, "meta")
    assert share.formula is m.StatisticFormula.SHARE and share.claim == "a quarter"
    assert [link.input.key for link in share.inputs] == ["meta", "identified"]
    assert meta.computed_value == Decimal(2591)
    assert share.computed_value == Decimal("26.2353179425")
    assert share.value == Decimal("26.2")
    assert _stat(session, "identified").claim == "9,876 instances"


def test_export_writes_claim_and_formula_but_no_computed_value(import_file, export_text, tmp_path):
    import_file(_write(tmp_path, DERIVED))
    text = export_text()
    assert "    claim: a quarter\n" in text
    assert (
        "    formula:\n      kind: share\n      inputs:\n        - meta\n        - identified\n"
        in text
    )
    assert "computed" not in text and "2353179425" not in text
    # A plain statistic has neither field.
    instagram = text.split("- key: instagram\n")[1].split("\n\n")[0]
    assert "claim" not in instagram and "formula" not in instagram


def test_round_trip_is_byte_identical_and_reimport_changes_nothing(
    session, import_file, export_text, second_app, tmp_path
):
    import_file(_write(tmp_path, DERIVED))
    first = export_text()
    path = _write(tmp_path, first, "export.yaml")
    before_rows, before_times = row_counts(session), updated_ats(session)
    output = import_file(path)
    assert "new" not in output and "updated" not in output
    assert row_counts(session) == before_rows and updated_ats(session) == before_times
    _import_into(second_app, path)
    assert _export_from(second_app) == first


def test_changed_inputs_count_as_updated_and_are_recomputed(session, import_file, tmp_path):
    import_file(_write(tmp_path, DERIVED))
    before = _stat(session, "meta").updated_at
    changed = DERIVED.replace(
        "inputs: [instagram, facebook, whatsapp]", "inputs: [instagram, facebook]"
    )
    output = import_file(_write(tmp_path, changed, "changed.yaml"))
    # The share's computed value changes too, but not what the bundle says of it.
    assert "statistics 6 (1 updated, 5 unchanged)" in output
    meta = _stat(session, "meta")
    assert [link.input.key for link in meta.inputs] == ["instagram", "facebook"]
    assert meta.computed_value == Decimal(2069) and meta.updated_at > before
    assert _stat(session, "meta-share").computed_value == Decimal("20.9497772377")


def test_inputs_may_be_statistics_already_in_the_database(session, make, import_file, tmp_path):
    make.statistic(key="old", value=Decimal(25582))
    make.statistic(key="new", value=Decimal(31892))
    bundle = HEADER + (
        "statistics:\n"
        "  - key: rise\n    label: Rise\n    value: '25'\n    unit: percent\n"
        "    formula: {kind: percent_change, inputs: [old, new]}\n"
    )
    import_file(_write(tmp_path, bundle))
    assert _stat(session, "rise").computed_value == Decimal("24.665780627")
    # Re-importing an input from a bundle recomputes the database's derived statistics.
    again = HEADER + "statistics:\n  - {key: new, label: New, value: '51164', unit: count}\n"
    import_file(_write(tmp_path, again, "again.yaml"))
    assert _stat(session, "rise").computed_value == Decimal(100)


def test_an_archived_input_is_allowed_and_leaves_no_computed_value(session, import_file, tmp_path):
    archived = DERIVED.replace(
        '{key: whatsapp, label: WhatsApp, value: "522", unit: count}',
        '{key: whatsapp, label: WhatsApp, value: "522", unit: count, archived: true}',
    )
    import_file(_write(tmp_path, archived))
    assert _stat(session, "meta").computed_value is None
    assert _stat(session, "meta-share").computed_value is None
    import_file(_write(tmp_path, DERIVED, "restored.yaml"))
    assert _stat(session, "meta-share").computed_value == Decimal("26.2353179425")


def test_bad_formulas_are_located(runner, session, tmp_path):
    bundle = HEADER + (
        "statistics:\n"
        "  - {key: a, label: A, value: '1', unit: count}\n"
        "  - {key: b, label: B, value: '2', unit: percent}\n"
        "  - {key: vague, label: V, value: '2', unit: other}\n"
        "  - {key: s3, label: S, value: '1', unit: percent,"
        " formula: {kind: share, inputs: [a, b, a]}}\n"
        "  - {key: s4, label: S, value: '1', unit: count, formula: {kind: median, inputs: [a]}}\n"
        "  - {key: s5, label: S, value: '1', unit: count, formula: {kind: sum, inputs: [a, x]}}\n"
        "  - {key: s6, label: S, value: '1', unit: count, formula: {kind: sum, inputs: [a, s6]}}\n"
        "  - {key: s7, label: S, value: '1', unit: count, formula: {kind: sum, inputs: [a, a]}}\n"
        "  - {key: s8, label: S, value: '1', unit: count, formula: {kind: sum, inputs: [a, b]}}\n"
        "  - {key: s9, label: S, value: '1', unit: count,"
        " formula: {kind: ratio, inputs: [a, vague]}}\n"
        "  - {key: s10, label: S, value: '1', unit: count,"
        " formula: {kind: percent_change, inputs: [a, a2]}}\n"
        "  - {key: a2, label: A, value: '1', unit: count}\n"
        "  - {key: s12, label: S, value: '1', unit: count, formula: {kind: sum, inputs: [a]}}\n"
    )
    errors = _refused(runner, _write(tmp_path, bundle))
    assert errors == [
        "statistics[3].formula.inputs: a share needs exactly 2 inputs (part, whole); 3 were given",
        "statistics[3].formula.inputs[2]: duplicate statistic 'a' (also "
        "statistics[3].formula.inputs[0])",
        "statistics[4].formula.kind: must be one of percent_change, share, sum, difference, ratio",
        "statistics[5].formula.inputs[1]: unknown statistic 'x'",
        "statistics[6].formula.inputs[1]: a statistic cannot be computed from itself",
        "statistics[7].formula.inputs[1]: duplicate statistic 'a' (also "
        "statistics[7].formula.inputs[0])",
        "statistics[8].formula.inputs[1]: 'b' is percent but 'a' is count: a sum adds like "
        "with like",
        "statistics[9].formula.inputs[1]: 'vague' has unit other: a formula cannot compute with it",
        "statistics[10].unit: must be percent for a percent change",
        "statistics[12].formula.inputs: a sum needs at least 2 inputs; 1 was given",
    ]
    assert row_counts(session)["statistics"] == 0


def test_loops_are_refused_through_the_bundle_and_the_database(runner, session, make, tmp_path):
    bundle = HEADER + (
        "statistics:\n"
        "  - {key: a, label: A, value: '1', unit: count, formula: {kind: sum, inputs: [b, c]}}\n"
        "  - {key: b, label: B, value: '1', unit: count, formula: {kind: sum, inputs: [c, a]}}\n"
        "  - {key: c, label: C, value: '1', unit: count}\n"
    )
    assert _refused(runner, _write(tmp_path, bundle)) == [
        "statistics[0].formula.inputs[0]: makes a loop: a → b → a"
    ]
    # Through a statistic that only the database knows: d = sum(e, c) is already there.
    c, e = make.statistic(key="c"), make.statistic(key="e")
    d = make.statistic(key="d", formula=m.StatisticFormula.SUM)
    for position, used in enumerate((e, c)):
        make.link(m.StatisticInput(statistic_id=d.id, position=position, input_id=used.id))
    bundle = HEADER + (
        "statistics:\n"
        "  - {key: e, label: E, value: '1', unit: count, formula: {kind: sum, inputs: [c, d]}}\n"
    )
    assert _refused(runner, _write(tmp_path, bundle, "loop.yaml")) == [
        "statistics[0].formula.inputs[1]: makes a loop: e → d → e"
    ]
