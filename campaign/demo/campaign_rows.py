"""Row builders for the campaign itself: milestones, asks, responses and the links between
asks and the evidence base. Pure functions, like `evidence_base`: ids in, column dicts out."""

from __future__ import annotations

import random
from datetime import date, timedelta

from campaign.demo import words
from campaign.demo.evidence_base import OrgRef
from campaign.demo.text import day_between, fill, key, person, pick
from campaign.models import (
    AskStatus,
    DatePrecision,
    MilestoneKind,
    OrganisationKind,
    Position,
    Priority,
    ResponseChannel,
    ResponseDirection,
)

# How many rows of each kind one ask links to: a range, so asks differ and one is the largest.
LINKS_PER_ASK = {"statistics": (50, 150), "evidence": (20, 60), "milestones": (3, 9)}
POSITIONS_PER_RESPONSE = (1, 3)


def milestone_rows(
    rng: random.Random,
    *,
    prefix: str,
    count: int,
    today: date,
    organisations: list[OrgRef],
    source_ids: list[int],
) -> list[dict]:
    """Milestones from three years ago to two years ahead. A month- or year-precision date is
    stored as the first day of its month or year (the model's rule); later ones may be planned."""
    publishers = (
        OrganisationKind.REGULATOR,
        OrganisationKind.GOVERNMENT,
        OrganisationKind.PARLIAMENT,
    )
    official = [o for o in organisations if o.kind in publishers]
    rows = []
    for n in range(1, count + 1):
        when = day_between(rng, today - timedelta(days=3 * 365), today + timedelta(days=2 * 365))
        roll = rng.random()
        if roll < 0.6:
            precision = DatePrecision.DAY
        elif roll < 0.85:
            precision, when = DatePrecision.MONTH, when.replace(day=1)
        else:
            precision, when = DatePrecision.YEAR, when.replace(month=1, day=1)
        # Draw every number whether or not it is used, so the rest of the stream (and so the
        # data) doesn't depend on which dates happen to fall after `today`.
        planned_roll = rng.random()
        body = rng.choice(official) if official else None
        kind = rng.choice(list(MilestoneKind))
        if kind in (MilestoneKind.CONSULTATION_OPENS, MilestoneKind.CONSULTATION_CLOSES):
            verb = "opens" if kind is MilestoneKind.CONSULTATION_OPENS else "closes"
            title = f"Consultation on {rng.choice(words.CONSULTATION_TOPICS)} {verb}"
        elif kind in (MilestoneKind.DUTY_IN_FORCE, MilestoneKind.COMPLIANCE_DEADLINE):
            title = f"Duties under the {rng.choice(words.DOCUMENTS)} take effect"
        else:
            publisher = body.name if body else "The regulator"
            title = f"{publisher} publishes {rng.choice(words.DOCUMENTS)}"
        rows.append(
            {
                "key": key(prefix, "milestone", n),
                "title": title,
                "milestone_date": when,
                "date_precision": precision,
                "kind": kind,
                "is_planned": when > today and planned_roll < 0.6,
                "description": f"Relevant to our work on {rng.choice(words.HARMS)}.",
                "organisation_id": body.id if body and rng.random() < 0.8 else None,
                "source_id": rng.choice(source_ids) if source_ids and rng.random() < 0.3 else None,
            }
        )
    return rows


_STATUSES = (
    (AskStatus.ACTIVE, 50),
    (AskStatus.DRAFT, 15),
    (AskStatus.PARTLY_MET, 15),
    (AskStatus.MET, 10),
    (AskStatus.DROPPED, 10),
)
_PRIORITIES = ((Priority.HIGH, 30), (Priority.MEDIUM, 50), (Priority.LOW, 20))


def _ask_title(rng: random.Random, target: OrgRef) -> str:
    if target.kind is OrganisationKind.COMPANY:
        action = rng.choice(words.COMPANY_ACTIONS)
    elif target.kind is OrganisationKind.REGULATOR:
        action = rng.choice(words.REGULATOR_ACTIONS)
    elif target.kind is OrganisationKind.PARLIAMENT:
        action = rng.choice(words.PARLIAMENT_ACTIONS)
    else:
        action = rng.choice(words.GOVERNMENT_ACTIONS)
    return f"{target.name} to {fill(rng, action)}"


def ask_rows(
    rng: random.Random, *, prefix: str, count: int, organisations: list[OrgRef]
) -> list[dict]:
    """Asks, each with `target_ids` and `tag_names` for the caller to link after inserting."""
    # Asks target those who can act: companies, regulators, government, parliament.
    actors = [
        o for o in organisations if o.kind not in (OrganisationKind.CHARITY, OrganisationKind.OTHER)
    ]
    targetable = actors or organisations
    rows = []
    for n in range(1, count + 1):
        targets = rng.sample(targetable, min(len(targetable), rng.randint(1, 3)))
        title = _ask_title(rng, targets[0])[:200]
        owner, email = person(rng)
        harm, feature = rng.choice(words.HARMS), rng.choice(words.FEATURES)
        rows.append(
            {
                "slug": key(prefix, "ask", n),
                "title": title,
                "summary": (
                    f"**Why it matters:** {feature} is a common route to {harm}.\n\n"
                    f"- What we want: {title}.\n"
                    f"- How we will know: a public commitment with a date.\n"
                ),
                "status": pick(rng, _STATUSES),
                "priority": pick(rng, _PRIORITIES),
                "owner": owner,
                "owner_email": email,
                "target_ids": [t.id for t in targets],
                "tag_names": rng.sample(words.TAGS, rng.randint(1, 3)),
            }
        )
    return rows


_CHANNELS = (
    (ResponseChannel.PUBLIC_STATEMENT, 25),
    (ResponseChannel.LETTER, 25),
    (ResponseChannel.CONSULTATION_STATEMENT, 12),
    (ResponseChannel.MEETING, 12),
    (ResponseChannel.PARLIAMENTARY_ANSWER, 10),
    (ResponseChannel.PRODUCT_CHANGE, 8),
    (ResponseChannel.CONSULTATION_SUBMISSION, 6),
    (ResponseChannel.OTHER, 2),
)


def response_rows(
    rng: random.Random, *, prefix: str, count: int, today: date, organisations: list[OrgRef]
) -> list[dict]:
    """Responses over the last three years. About a fifth are our own letters or submissions
    (sent); most of those expect a reply within four weeks, so some replies are overdue."""
    rows = []
    for n in range(1, count + 1):
        org = rng.choice(organisations)
        on = day_between(rng, today - timedelta(days=3 * 365), today)
        topic = rng.choice(words.HARMS)
        sent = rng.random() < 0.2
        if sent:
            channel = rng.choice((ResponseChannel.LETTER, ResponseChannel.CONSULTATION_SUBMISSION))
            title = f"Our {channel.label.lower()} to {org.name} on {topic}"
            summary = f"We set out the evidence on {topic} and asked for a reply."
        else:
            channel = pick(rng, _CHANNELS)
            title = f"{org.name}: {channel.label.lower()} on {topic}"
            summary = f"{org.name} addressed {topic}; see the positions recorded below."
        rows.append(
            {
                "key": key(prefix, "response", n),
                "title": title[:200],
                "organisation_id": org.id,
                "response_date": on,
                "channel": channel,
                "direction": ResponseDirection.SENT if sent else ResponseDirection.RECEIVED,
                "summary": summary,
                "url": None if sent else f"https://example.org/demo/{key(prefix, 'response', n)}",
                "reply_expected_by": on + timedelta(days=28)
                if sent and rng.random() < 0.7
                else None,
            }
        )
    return rows


_POSITIONS = (
    (Position.SUPPORTS, 25),
    (Position.PARTLY_SUPPORTS, 30),
    (Position.NO_POSITION, 30),
    (Position.OPPOSES, 15),
)


_POSITION_NOTES = {
    Position.SUPPORTS: "Committed to it publicly.",
    Position.PARTLY_SUPPORTS: "Supports the aim but not the timetable.",
    Position.NO_POSITION: "Declined to say.",
    Position.OPPOSES: "Cites privacy and cost concerns.",
}


def position_rows(rng: random.Random, *, response_ids: list[int], ask_ids: list[int]) -> list[dict]:
    """Each response bears on 1-3 distinct asks (fewer when there are fewer asks)."""
    low, high = POSITIONS_PER_RESPONSE
    rows = []
    for response_id in response_ids:
        for ask_id in rng.sample(ask_ids, min(len(ask_ids), rng.randint(low, high))):
            position = pick(rng, _POSITIONS)
            rows.append(
                {
                    "response_id": response_id,
                    "ask_id": ask_id,
                    "position": position,
                    "note": "" if rng.random() < 0.6 else _POSITION_NOTES[position],
                }
            )
    return rows


def ask_link_rows(
    rng: random.Random,
    *,
    ask_ids: list[int],
    pools: dict[str, list[int]],
    series: list[list[int]] | None = None,
) -> dict[str, list[dict]]:
    """Links from each ask to a sample of statistics, evidence and milestones, ranked in order.

    `pools` maps "statistics"/"evidence"/"milestones" to candidate ids; the result maps the
    same names to link rows (`rank` only where the link table has one). `series` (statistic
    ids of chart series): the n-th ask's statistics include the n-th series, ranked after its
    headline figure, in place of as many sampled ones (the same number of links either way).
    """
    id_column = {
        "statistics": "statistic_id",
        "evidence": "evidence_id",
        "milestones": "milestone_id",
    }
    first_note = {
        "statistics": "Headline figure for this ask.",
        "evidence": "Lead case for this ask.",
        "milestones": "Next decision point for this ask.",
    }
    links: dict[str, list[dict]] = {name: [] for name in LINKS_PER_ASK}
    for n, ask_id in enumerate(ask_ids):
        for name, (low, high) in LINKS_PER_ASK.items():
            pool = pools[name]
            chosen = rng.sample(pool, min(len(pool), rng.randint(low, high)))
            if name == "statistics" and series and n < len(series):
                chosen = _with_series(chosen, series[n])
            for rank, row_id in enumerate(chosen):
                row: dict[str, int | str] = {"ask_id": ask_id, id_column[name]: row_id}
                row["note"] = first_note[name] if rank == 0 else ""
                if name != "milestones":
                    row["rank"] = rank
                links[name].append(row)
    return links


def _with_series(chosen: list[int], series: list[int]) -> list[int]:
    """The headline pick, then the series, then the other picks: as many as were chosen."""
    head = chosen[:1]
    ordered = head + [i for i in series if i not in head]
    placed = set(ordered)
    ordered += [i for i in chosen[1:] if i not in placed]
    return ordered[: len(chosen)]
