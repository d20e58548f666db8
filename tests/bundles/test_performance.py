"""Importing and exporting take a fixed number of SELECTs, however many rows: no query per
row (a user's bundle may have thousands)."""

from __future__ import annotations

from campaign.bundles.exporter import export_bundle
from campaign.bundles.importer import import_bundle
from campaign.bundles.loading import load_bundle
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
