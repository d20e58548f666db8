"""Per period, each platform's total: the sum of the counts of the forces that gave one.

Each platform is summed on its own (docs/returns.md, "Platforms")."""

from __future__ import annotations

from decimal import Decimal

from slugify import slugify

from campaign.models import StatisticUnit
from campaign.returns.aggregate import (
    GEOGRAPHY,
    Period,
    Row,
    StatisticSpec,
    fit,
    forces_phrase,
    forces_possessive,
    imports,
    make_key,
)

PLATFORM_NOTE = (
    "Each platform is summed on its own: one offence can involve more than one platform, so "
    "the platform figures do not add up to the offences in which a platform was identified."
)


def platform_statistics(source_key: str, period: Period) -> list[StatisticSpec]:
    by_platform: dict[str, list[tuple[Row, int]]] = {}
    names: dict[str, str] = {}
    for row in period.rows:
        for name, count in row.platforms:
            slug = slugify(name) or "platform"
            names.setdefault(slug, name)
            by_platform.setdefault(slug, []).append((row, count))
    specs = []
    usable = len(period.usable)
    for slug in sorted(by_platform, key=lambda s: names[s].casefold()):
        name, entries = names[slug], by_platform[slug]
        n = len(entries)
        specs.append(
            StatisticSpec(
                key=make_key(source_key, "platform", slug, period.slug),
                label=fit(
                    f"Offences involving {name} recorded by the {forces_phrase(n)} with a "
                    f"figure for it, {period.label}",
                    300,
                ),
                value=Decimal(sum(count for _, count in entries)),
                unit=StatisticUnit.COUNT,
                period_label=period.label,
                period_start=period.start,
                period_end=period.end,
                geography=GEOGRAPHY,
                coverage=(
                    f"{n} of the {forces_phrase(usable)} with usable data for {period.label} "
                    f"gave a figure for {name}. {PLATFORM_NOTE}"
                ),
                basis=(
                    f"Sum of {forces_possessive(n)} {name} counts "
                    f"({imports(row for row, _ in entries)})"
                ),
                chart=fit(f"Platforms named in offences recorded, {period.label}", 120),
                chart_label=fit(name, 80),
            )
        )
    return specs
