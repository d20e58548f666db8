"""An ask's stakeholder map: the people with a current stance on the ask, grouped by the
organisation of their current role or by party, as a chart and a table (the ask page's
"Stakeholders" tab).

The chart is a small SVG drawn here rather than by campaign/charts (matplotlib, for packs):
it goes inline in the page, where the Content-Security-Policy forbids `style` attributes, so
it uses presentation attributes only. One horizontal bar per group, a segment per stance from
champion to opponent, each segment with its count and a `<title>`; the `<svg>` has `role=img`,
a `<title>` and a `<desc>` that says the table below holds the same figures (the chart's
text alternative). Every label is escaped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from markupsafe import Markup
from sqlalchemy.orm import joinedload
from sqlmodel import Session

from campaign.models import Ask, Person, PersonRole, Stance, StanceLevel
from campaign.people import stances as stance_services

BY_ORGANISATION = "organisation"
BY_PARTY = "party"
GROUPINGS = {BY_ORGANISATION: "organisation", BY_PARTY: "party"}
NO_GROUP = {BY_ORGANISATION: "No current organisation", BY_PARTY: "No party"}

LEVELS = list(StanceLevel)  # warmest first
# GOV.UK Frontend's palette; the text drawn on each colour is the one that contrasts with it.
COLOURS = {
    StanceLevel.CHAMPION: ("#00703c", "#ffffff"),
    StanceLevel.SUPPORTER: ("#85994b", "#0b0c0c"),
    StanceLevel.NEUTRAL: ("#b1b4b6", "#0b0c0c"),
    StanceLevel.UNKNOWN: ("#505a5f", "#ffffff"),
    StanceLevel.SCEPTIC: ("#f47738", "#0b0c0c"),
    StanceLevel.OPPONENT: ("#d4351c", "#ffffff"),
}

# The drawing's geometry, in SVG user units (the chart scales to the column's width).
WIDTH = 640
LEGEND_HEIGHT = 56
ROW_HEIGHT = 52
BAR_HEIGHT = 22
LABEL_GAP = 6
MIN_LABELLED = 18  # a segment narrower than this carries no number (its <title> still does)
MAX_LABEL = 70  # characters of a group's name drawn; the table has it whole


@dataclass(frozen=True)
class MapEntry:
    stance: Stance
    person: Person
    role: PersonRole | None  # their current role (the first with an organisation, if any)
    recheck_due: bool


@dataclass
class MapGroup:
    name: str
    entries: list[MapEntry] = field(default_factory=list)

    @property
    def counts(self) -> Counter[StanceLevel]:
        return Counter(entry.stance.stance for entry in self.entries)


@dataclass(frozen=True)
class StakeholderMap:
    by: str  # BY_ORGANISATION or BY_PARTY
    groups: list[MapGroup]
    totals: Counter[StanceLevel]
    svg: Markup

    @property
    def people(self) -> int:
        return sum(len(group.entries) for group in self.groups)

    @property
    def tallies(self) -> list[tuple[StanceLevel, int]]:
        """The stances held by anyone, warmest first, with how many hold each."""
        return [(level, self.totals[level]) for level in LEVELS if self.totals[level]]

    @property
    def recheck_due(self) -> int:
        return sum(entry.recheck_due for group in self.groups for entry in group.entries)


def grouping(value: str | None) -> str:
    """`?map=party` groups by party; anything else by organisation."""
    return BY_PARTY if value == BY_PARTY else BY_ORGANISATION


def current_role(person: Person, today: date) -> PersonRole | None:
    """The person's current role with an organisation (the newest), else their newest."""
    held = [role for role in person.roles if role.current_on(today)]
    held.sort(key=lambda r: (r.started_on is not None, r.started_on or date.min, r.id or 0))
    held.reverse()
    return next((role for role in held if role.organisation is not None), None) or (
        held[0] if held else None
    )


def _group_name(by: str, person: Person, role: PersonRole | None) -> str:
    if by == BY_PARTY:
        return person.party or NO_GROUP[by]
    if role is not None and role.organisation is not None:
        return role.organisation.name
    return NO_GROUP[by]


def stakeholder_map(session: Session, ask: Ask, *, by: str, today: date) -> StakeholderMap:
    """The map of `ask` grouped `by` organisation or party: three queries at any size (the
    current stances, the people's roles, their organisations). Archived and erased people
    are left out. Groups by name, the "no organisation / no party" group last; in a group,
    the warmest stance first, then by name."""
    roles = joinedload(Stance.person).selectinload(Person.roles)  # type: ignore[arg-type]
    loader = roles.selectinload(PersonRole.organisation)  # type: ignore[arg-type]
    current = stance_services.current_stances(session, ask_id=ask.id, options=(loader,))
    groups: dict[str, MapGroup] = {}
    for stance in current:
        person = stance.person
        if person.archived_at is not None or person.erased_at is not None:
            continue
        role = current_role(person, today)
        name = _group_name(by, person, role)
        due = stance_services.recheck_due(stance, today=today)
        groups.setdefault(name, MapGroup(name)).entries.append(
            MapEntry(stance=stance, person=person, role=role, recheck_due=due)
        )
    ordered = sorted(groups.values(), key=lambda g: (g.name == NO_GROUP[by], g.name.casefold()))
    for group in ordered:
        group.entries.sort(key=lambda e: (LEVELS.index(e.stance.stance), e.person.name.lower()))
    totals: Counter[StanceLevel] = Counter()
    for group in ordered:
        totals.update(group.counts)
    return StakeholderMap(by, ordered, totals, draw(ask.title, by, ordered))


# -- the chart -----------------------------------------------------------------------------


def _plural(level: StanceLevel, n: int) -> str:
    label = level.label.lower()
    return f"{n} {label}" if n == 1 or label.endswith(("unknown", "neutral")) else f"{n} {label}s"


def describe(ask_title: str, by: str, groups: list[MapGroup]) -> str:
    """The chart's `<desc>`: every group's counts in words."""
    if not groups:
        return f"No one has a stance recorded on “{ask_title}” yet."
    parts = []
    for group in groups:
        counts = group.counts
        said = ", ".join(_plural(level, counts[level]) for level in LEVELS if counts[level])
        parts.append(f"{group.name}: {said}")
    return (
        f"People by their current stance on “{ask_title}”, grouped by {GROUPINGS[by]}. "
        + "; ".join(parts)
        + ". The table below gives the same figures."
    )


def _legend() -> list[Markup]:
    items = []
    step = WIDTH // 3
    for i, level in enumerate(LEVELS):
        x, y = (i % 3) * step, 8 + (i // 3) * 24
        fill, _ = COLOURS[level]
        items.append(
            Markup(
                '<rect x="{}" y="{}" width="16" height="16" fill="{}" stroke="#0b0c0c"/>'
                '<text x="{}" y="{}" font-size="14" fill="#0b0c0c">{}</text>'
            ).format(x, y, fill, x + 22, y + 13, level.label)
        )
    return items


def _bar(group: MapGroup, top: int, scale: float) -> list[Markup]:
    label = group.name if len(group.name) <= MAX_LABEL else group.name[: MAX_LABEL - 1] + "…"
    out = [
        Markup('<text x="0" y="{}" font-size="14" fill="#0b0c0c">{} ({})</text>').format(
            top + 14, label, len(group.entries)
        )
    ]
    x = 0.0
    bar_top = top + 14 + LABEL_GAP
    counts = group.counts
    for level in LEVELS:
        n = counts[level]
        if not n:
            continue
        width = n * scale
        fill, ink = COLOURS[level]
        out.append(
            Markup(
                '<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" fill="{}" stroke="#ffffff">'
                "<title>{}: {}</title></rect>"
            ).format(x, bar_top, width, BAR_HEIGHT, fill, group.name, _plural(level, n))
        )
        if width >= MIN_LABELLED:
            out.append(
                Markup(
                    '<text x="{:.1f}" y="{}" font-size="13" fill="{}" text-anchor="middle" '
                    'aria-hidden="true">{}</text>'
                ).format(x + width / 2, bar_top + 16, ink, n)
            )
        x += width
    return out


def draw(ask_title: str, by: str, groups: list[MapGroup]) -> Markup:
    """The chart as an inline `<svg>`, every label escaped."""
    largest = max((len(group.entries) for group in groups), default=0)
    scale = WIDTH / largest if largest else 0.0
    height = LEGEND_HEIGHT + ROW_HEIGHT * max(len(groups), 1)
    parts: list[Markup] = [*_legend()]
    for i, group in enumerate(groups):
        parts.extend(_bar(group, LEGEND_HEIGHT + i * ROW_HEIGHT, scale))
    if not groups:
        parts.append(
            Markup(
                '<text x="0" y="{}" font-size="14" fill="#0b0c0c">No stances yet.</text>'
            ).format(LEGEND_HEIGHT + 20)
        )
    title = f"Stakeholder map: {ask_title}, by {GROUPINGS[by]}"
    return Markup(
        '<svg class="stakeholder-chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        'width="100%" viewBox="0 0 {} {}" aria-labelledby="stakeholder-chart-title '
        'stakeholder-chart-desc"><title id="stakeholder-chart-title">{}</title>'
        '<desc id="stakeholder-chart-desc">{}</desc>{}</svg>'
    ).format(WIDTH, height, title, describe(ask_title, by, groups), Markup("").join(parts))
