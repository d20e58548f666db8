"""Importing and exporting take a fixed number of SELECTs, however many rows: no query per
row (a user's bundle may have thousands); and no other work per row grows with the rows
(counted, never timed: the speed target lives in `make bench`, bench/bundle_import.py)."""

from __future__ import annotations

from collections import Counter

from sqlmodel import func, select

from campaign.bundles import importer, statistics
from campaign.bundles.exporter import export_bundle
from campaign.bundles.importer import import_bundle
from campaign.bundles.loading import load_bundle
from campaign.models import Organisation, Revision, Statistic
from tests.revisions.helpers import count_set_reads
from tests.support.querycount import count_queries


def _bundle(prefix: str, n: int) -> str:
    lines = ["format: campaign-bundle", "version: 1", "organisations:"]
    lines.append(f"  - {{key: {prefix}-root, name: Root, kind: company}}")
    lines += [
        f"  - {{key: {prefix}-org-{i}, name: Org {i}, kind: company, parent: {prefix}-root}}"
        for i in range(n)
    ]
    lines.append("sources:")
    lines += [f"  - {{key: {prefix}-src-{i}, title: S {i}, kind: report}}" for i in range(n)]
    lines.append("statistics:")
    lines += [
        f"  - {{key: {prefix}-stat-{i}, label: L, value: '{i}.5', unit: count, "
        f"source: {prefix}-src-{i}}}"
        for i in range(n)
    ]
    lines.append("evidence:")
    lines += [f"  - {{key: {prefix}-ev-{i}, title: E, kind: quote}}" for i in range(n)]
    lines.append("milestones:")
    lines += [
        f"  - {{key: {prefix}-ms-{i}, title: M, date: 2026-07, kind: event}}" for i in range(n)
    ]
    lines.append("asks:")
    lines += [
        f"  - {{slug: {prefix}-ask-{i}, title: A, targets: [{prefix}-org-{i}], "
        f"tags: [t{i}, shared], statistics: [{{statistic: {prefix}-stat-{i}}}], "
        f"evidence: [{{evidence: {prefix}-ev-{i}}}], milestones: [{{milestone: {prefix}-ms-{i}}}]}}"
        for i in range(n)
    ]
    lines.append("responses:")
    lines += [
        f"  - {{key: {prefix}-resp-{i}, title: R, organisation: {prefix}-org-{i}, "
        f"date: 2024-01-01, channel: letter, "
        f"asks: [{{ask: {prefix}-ask-{i}, position: supports}}]}}"
        for i in range(n)
    ]
    return "\n".join(lines) + "\n"


def selecting(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")]


def _import(session, text: str) -> int:
    with count_queries(session.get_bind()) as statements:
        import_bundle(session, load_bundle(session, text))
    session.commit()
    return len(selecting(statements))


def test_import_selects_do_not_grow_with_rows(session):
    small, large = _bundle("a", 3), _bundle("b", 60)
    new_small, new_large = _import(session, small), _import(session, large)
    assert new_small == new_large
    # Again, now every row exists and every link is compared.
    assert _import(session, small) == _import(session, large)


def test_export_selects_do_not_grow_with_rows(session):
    counts = []
    for prefix, n in (("a", 3), ("b", 60)):
        _import(session, _bundle(prefix, n))
        with count_queries(session.get_bind()) as statements:
            export_bundle(session)
        counts.append(len(selecting(statements)))
    assert counts[0] == counts[1]


def test_import_reads_the_sessions_sets_as_often_whatever_the_rows(session, monkeypatch):
    """Revision recording read `session.new` (which builds the set of every new row) once per
    row: importing 6,000 rows took 31 s. The reads must not grow with the rows."""
    reads = count_set_reads(monkeypatch)
    counts = []
    for prefix, n in (("a", 3), ("b", 60)):
        bundle = load_bundle(session, _bundle(prefix, n))
        reads.clear()
        import_bundle(session, bundle)
        session.commit()
        counts.append(dict(reads))
    assert counts[0] == counts[1]
    # Every new row still has its revision.
    query = select(func.count()).select_from(Revision).where(Revision.entity == "source")
    assert session.exec(query).one() == 63


def test_a_chain_of_formulas_is_checked_without_a_search_per_statistic(session, monkeypatch):
    """Each derived statistic was searched for a way back to itself through the whole graph
    (with its path copied at every step): a chain of 2,000 took minutes. Only a statistic on a
    loop is searched now."""
    searches = Counter()
    original = statistics._loop
    monkeypatch.setattr(
        statistics, "_loop", lambda graph, row: searches.update([row.key]) or original(graph, row)
    )
    n = 40
    lines = ["format: campaign-bundle", "version: 1", "statistics:"]
    lines += [f"  - {{key: s{i}, label: S{i}, value: '1', unit: count}}" for i in (0, 1)]
    lines += [
        f"  - {{key: s{i}, label: S{i}, value: '{i}', unit: count, "
        f"formula: {{kind: sum, inputs: [s{i - 1}, s0]}}}}"
        for i in range(2, n)
    ]
    import_bundle(session, load_bundle(session, "\n".join(lines) + "\n"))
    session.commit()

    assert searches == Counter()
    last = session.exec(select(Statistic).where(Statistic.key == f"s{n - 1}")).one()
    assert last.computed_value == n - 1  # s1 + (n - 2) × s0


def test_a_chain_of_organisations_is_ordered_in_one_pass(session, monkeypatch):
    """Saving organisations parents first rescanned the rows left at every level of nesting:
    a chain of n organisations asked n²/2 times whether a parent had an id yet."""
    asked = Counter()
    original = importer._Importer._known_id
    monkeypatch.setattr(
        importer._Importer,
        "_known_id",
        lambda self, key: asked.update([key]) or original(self, key),
    )
    n = 40
    lines = ["format: campaign-bundle", "version: 1", "organisations:"]
    lines.append("  - {key: o0, name: O0, kind: company}")
    lines += [
        f"  - {{key: o{i}, name: O{i}, kind: company, parent: o{i - 1}}}" for i in range(1, n)
    ]
    import_bundle(session, load_bundle(session, "\n".join(lines) + "\n"))
    session.commit()

    assert sum(asked.values()) <= n
    organisations = {o.key: o for o in session.exec(select(Organisation))}
    assert all(
        organisations[f"o{i}"].parent_id == organisations[f"o{i - 1}"].id for i in range(1, n)
    )
