"""Row builders for the evidence base: organisations, sources, statistics and evidence.

Each builder is a pure function from a random stream (and the ids of rows it refers to) to a
list of column dicts ready for a bulk insert. Nothing here touches the database.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from slugify import slugify

from campaign.demo import words
from campaign.demo.text import (
    count_wording,
    day_between,
    fill,
    financial_year,
    key,
    money_wording,
    pick,
    share_wording,
)
from campaign.models import EvidenceKind, OrganisationKind, Sensitivity, SourceKind, StatisticUnit

# One evidence item in RESTRICTED_EVERY is restricted (about 5%), at fixed positions so even a
# tiny scale has some and the share is exact for tests.
RESTRICTED_EVERY = 20


@dataclass(frozen=True)
class OrgRef:
    """What later builders need to know about an inserted organisation."""

    id: int
    name: str
    kind: OrganisationKind


class _Names:
    """Names drawn without replacement from a word list, in a shuffled order. When a list runs
    out (large scales) it starts again with a regional qualifier: "Safer Childhoods Trust
    (Wales)", "Kestrel Chat (Wales)"."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.queues: dict[tuple[str, ...], list[str]] = {}
        self.rounds: Counter[tuple[str, ...]] = Counter()

    def draw(self, names: tuple[str, ...]) -> tuple[str, str]:
        """(name, qualifier): the qualifier is "" the first time round, then " (Wales)"…"""
        if not self.queues.get(names):
            self.rounds[names] += 1
            self.queues[names] = self.rng.sample(names, len(names))
        extra = self.rounds[names] - 1
        if not extra:
            return self.queues[names].pop(), ""
        region = words.REGIONS[(extra - 1) % len(words.REGIONS)]
        number = f" {extra}" if extra > len(words.REGIONS) else ""
        return self.queues[names].pop(), f" ({region}{number})"

    def name(self, names: tuple[str, ...]) -> str:
        return "".join(self.draw(names))


def organisation_rows(rng: random.Random, *, prefix: str, count: int) -> list[dict]:
    """`count` organisations; companies come as a group (parent) followed by its products.

    Each row carries `parent_key` (None for top-level rows), which the caller resolves to
    `parent_id` after inserting the parents. A parent always precedes its children.
    """
    rows: list[dict] = []
    names = _Names(rng)
    forces = tuple(f"{place} {rng.choice(words.POLICE_SUFFIXES)}" for place in words.PLACES)

    def add(name: str, kind: OrganisationKind, parent_key: str | None = None) -> str:
        row_key = key(prefix, "org", len(rows) + 1)
        rows.append(
            {
                "key": row_key,
                "name": name,
                "kind": kind,
                "parent_key": parent_key,
                "website": f"https://{slugify(name)}.example.com",
                "notes": f"Synthetic demo organisation ({kind.label.lower()}).",
            }
        )
        return row_key

    while len(rows) < count:
        roll = rng.random()
        if roll < 0.45:
            brand, qualifier = names.draw(words.BRANDS)
            group = f"{brand} {rng.choice(words.GROUP_SUFFIXES)}{qualifier}"
            parent = add(group, OrganisationKind.COMPANY)
            for product in rng.sample(words.PRODUCTS, rng.randint(1, 3)):
                if len(rows) >= count:
                    break
                add(f"{brand} {product}{qualifier}", OrganisationKind.COMPANY, parent)
        elif roll < 0.62:
            add(names.name(forces), OrganisationKind.OTHER)
        elif roll < 0.72:
            add(names.name(words.REGULATORS), OrganisationKind.REGULATOR)
        elif roll < 0.82:
            add(names.name(words.GOVERNMENT), OrganisationKind.GOVERNMENT)
        elif roll < 0.9:
            add(names.name(words.PARLIAMENT), OrganisationKind.PARLIAMENT)
        else:
            add(names.name(words.CHARITIES), OrganisationKind.CHARITY)
    return rows


_SOURCE_KINDS = (
    (SourceKind.FOI_RETURN, 30),
    (SourceKind.REPORT, 25),
    (SourceKind.DATASET, 12),
    (SourceKind.PRESS_RELEASE, 8),
    (SourceKind.STATEMENT, 8),
    (SourceKind.NEWS, 8),
    (SourceKind.CASE_NOTE, 5),
    (SourceKind.LEGISLATION, 2),
    (SourceKind.WEB_PAGE, 2),
)


def source_rows(
    rng: random.Random, *, prefix: str, count: int, today: date, organisations: list[OrgRef]
) -> list[dict]:
    forces = [o.name for o in organisations if o.kind is OrganisationKind.OTHER]
    bodies = [o.name for o in organisations if o.kind is not OrganisationKind.COMPANY]
    rows = []
    for n in range(1, count + 1):
        kind = pick(rng, _SOURCE_KINDS)
        harm = rng.choice(words.HARMS)
        year = today.year - rng.randint(1, 5)
        if kind is SourceKind.FOI_RETURN:
            publisher = "Our FOI team"
            title = f"FOI returns on {harm}: {financial_year(year)[0]}"
            coverage = f"{rng.randint(30, 43)} of 43 police forces in England and Wales responded"
            if forces:
                coverage += f", including {rng.choice(forces)}"
        elif kind is SourceKind.NEWS:
            publisher = rng.choice(words.OUTLETS)
            title = f"{publisher}: rise in {harm} reported to schools"
            coverage = ""
        else:
            publisher = rng.choice(bodies) if bodies else "Internet Safety Foundation"
            title = f"{publisher} {kind.label.lower()} on {harm} ({year})"
            coverage = rng.choice(words.GEOGRAPHIES)
        row_key = key(prefix, "source", n)
        rows.append(
            {
                "key": row_key,
                "title": title,
                "publisher": publisher,
                "published_on": day_between(rng, date(year, 1, 1), date(year, 12, 31)),
                "url": f"https://example.org/demo/{row_key}",
                "kind": kind,
                "method": rng.choice(words.METHODS),
                "coverage": coverage,
            }
        )
    return rows


def _statistic_value(rng: random.Random, unit: StatisticUnit) -> tuple[Decimal, str, str]:
    """An exact value with its published wording and basis. Decimals are built from integers
    (scaleb), never from floats, so they are exact."""
    if unit is StatisticUnit.PERCENT:
        value = Decimal(rng.randint(30, 950)).scaleb(-1)
        total = rng.randint(200, 20_000)
        part = int((value * total / 100).to_integral_value())
        return value, share_wording(value), f"{part:,} of {total:,} respondents"
    if unit is StatisticUnit.GBP:
        value = Decimal(rng.randint(50_000_00, 4_000_000_00)).scaleb(-2)
        return value, money_wording(value), "Total spend across the period, cash terms"
    if unit is StatisticUnit.RATIO:
        value = Decimal(rng.randint(11, 60)).scaleb(-1)
        return value, f"{value} times as likely", "Rate among children divided by rate among adults"
    value = Decimal(rng.randint(12, 48_000))
    return value, count_wording(value), "Offences with an online flag, as recorded"


def _statistic_label(rng: random.Random, unit: StatisticUnit) -> tuple[str, str, tuple]:
    """A label, coverage and the caveats that fit how such a figure is gathered."""
    harm = rng.choice(words.HARMS)
    if unit is StatisticUnit.PERCENT:
        label = f"Share of {rng.choice(words.GROUPS)} who {rng.choice(words.EXPERIENCES)}"
        return label, "Online survey, nationally representative", words.SURVEY_CAVEATS
    if unit is StatisticUnit.GBP:
        return f"Spending on support for children affected by {harm}", "", words.RECORDED_CAVEATS
    if unit is StatisticUnit.RATIO:
        label = f"Relative risk of {harm} for children using {rng.choice(words.FEATURES)}"
        return label, "", words.SURVEY_CAVEATS
    if rng.random() < 0.6:
        label = f"Police-recorded offences of {rng.choice(words.OFFENCES)}"
        return label, f"{rng.randint(30, 43)} of 43 forces", words.RECORDED_CAVEATS
    label = f"Counselling sessions with children about {harm}"
    return label, "Sessions where the topic was recorded", words.COUNSELLING_CAVEATS


_UNITS = (
    (StatisticUnit.COUNT, 50),
    (StatisticUnit.PERCENT, 35),
    (StatisticUnit.GBP, 8),
    (StatisticUnit.RATIO, 7),
)


def statistic_rows(
    rng: random.Random, *, prefix: str, count: int, today: date, source_ids: list[int]
) -> list[dict]:
    rows = []
    for n in range(1, count + 1):
        unit = pick(rng, _UNITS)
        value, wording, basis = _statistic_value(rng, unit)
        label, coverage, caveats = _statistic_label(rng, unit)
        # Periods that have ended: financial years end on 31 March of the following year.
        if rng.random() < 0.7:
            period_label, start, end = financial_year(today.year - rng.randint(2, 7))
        else:
            year = today.year - rng.randint(1, 6)
            period_label, start, end = str(year), date(year, 1, 1), date(year, 12, 31)
        rows.append(
            {
                "key": key(prefix, "statistic", n),
                "label": f"{label}, {period_label}",
                "value": value,
                "unit": unit,
                "period_label": period_label,
                "period_start": start,
                "period_end": end,
                "geography": rng.choice(words.GEOGRAPHIES),
                "coverage": coverage,
                "caveats": rng.choice(caveats) if rng.random() < 0.6 else "",
                "as_of": min(today, end + timedelta(days=rng.randint(30, 200))),
                "published_wording": wording if rng.random() < 0.8 else "",
                "basis": basis,
                "source_id": rng.choice(source_ids) if source_ids and rng.random() < 0.9 else None,
            }
        )
    return rows


_EVIDENCE_KINDS = (
    (EvidenceKind.CASE_STUDY, 30),
    (EvidenceKind.QUOTE, 30),
    (EvidenceKind.RESEARCH_FINDING, 20),
    (EvidenceKind.MEDIA_COVERAGE, 12),
    (EvidenceKind.DOCUMENT, 8),
)


def _evidence_text(rng: random.Random, kind: EvidenceKind) -> tuple[str, str]:
    feature, harm = rng.choice(words.FEATURES), rng.choice(words.HARMS)
    if kind is EvidenceKind.CASE_STUDY:
        age = rng.randint(11, 17)
        article = "An" if age in (11, 18) else "A"
        return (
            f"Case study: {age}-year-old contacted through {feature}",
            f"{article} {age}-year-old was contacted through {feature} by someone they did "
            f"not know. They reported it, but the account stayed active for weeks. The family was "
            f"supported by {rng.choice(words.SERVICES)}.",
        )
    if kind is EvidenceKind.QUOTE:
        return (
            f"On {feature}",
            f"“I didn't know {feature} could be switched off. Nobody told us it was on.”",
        )
    if kind is EvidenceKind.RESEARCH_FINDING:
        return (
            f"Finding: {harm} linked to {feature}",
            f"Practitioners most often named {feature} as the route by which {harm} began.",
        )
    if kind is EvidenceKind.MEDIA_COVERAGE:
        outlet = rng.choice(words.OUTLETS)
        return f"{outlet} on {harm}", f"{outlet} reported a rise in {harm} among pupils."
    return (
        f"Briefing note: {harm}",
        f"Internal note summarising what we know about {harm} and {feature}.",
    )


def evidence_rows(
    rng: random.Random, *, prefix: str, count: int, today: date, source_ids: list[int]
) -> list[dict]:
    attributions = {False: words.ATTRIBUTIONS, True: words.ATTRIBUTIONS[:2]}  # quotes: people
    rows = []
    for n in range(1, count + 1):
        kind = pick(rng, _EVIDENCE_KINDS)
        title, text = _evidence_text(rng, kind)
        composite = kind is EvidenceKind.CASE_STUDY and rng.random() < 0.5
        if composite:
            text = "Composite case study drawn from several accounts; details changed. " + text
        if n % RESTRICTED_EVERY == 1:
            sensitivity = Sensitivity.RESTRICTED
        else:
            sensitivity = Sensitivity.PUBLIC if rng.random() < 0.6 else Sensitivity.INTERNAL
        rows.append(
            {
                "key": key(prefix, "evidence", n),
                "title": title,
                "kind": kind,
                "text": text,
                "attribution": fill(rng, rng.choice(attributions[kind is EvidenceKind.QUOTE])),
                "evidence_date": day_between(rng, today - timedelta(days=4 * 365), today),
                "sensitivity": sensitivity,
                "is_composite": composite,
                "source_id": rng.choice(source_ids) if source_ids and rng.random() < 0.5 else None,
            }
        )
    return rows
