"""Items about a topic in every monitoring source of a MonitoringWorld, through the fixtures'
own builders (the APIs' shapes): for the pass over the real adapters, the bench and the
browser journey. Every member and body is a fixture."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from tests.support.monitoring_server import MonitoringWorld

FEED_PATH = "/ofcom-news.xml"
FEED_RIGHTS = "Copyright Ofcom (fixture)"


def populate(
    world: MonitoringWorld, *, day: date, topic: str, per_source: int = 3, seed: int = 0
) -> dict:
    """`per_source` items mentioning `topic` in each source, dated `day` (and a few days
    before), plus one off-topic item per source that no watch should match. Returns counts."""
    stamp = datetime.combine(day, time(9, 0), tzinfo=UTC)
    base = 100_000 + seed * 10_000
    slug = "-".join(topic.lower().replace('"', "").split())
    for n in range(per_source):
        earlier = day - timedelta(days=n % 3)
        world.questions.add_answer(
            heading=f"Online Safety: {topic} ({seed}-{n})",
            question_text=f"To ask the Secretary of State what assessment she has made of {topic}.",
            answer_text=f"<p>Ofcom is considering {topic} as part of its codes of practice.</p>",
            answered_on=earlier,
            tabled_on=earlier - timedelta(days=7),
            member_id=900_100 + n,
            member_name=f"Member {n:04d} (fixture)",
            answering_body="Home Office",
        )
        world.questions.add_statement(
            title=f"Statement on {topic} ({seed}-{n})",
            text=f"<p>The Government will publish guidance on {topic}.</p>",
            made_on=earlier,
            answering_body="Home Office",
        )
        world.hansard.add_contribution(
            debate=f"Online Safety ({seed}-{n})",
            text=f"My constituents are worried about {topic} and its effect on children.",
            sitting_on=earlier,
            member_id=900_100 + n,
            member_name=f"Member {n:04d} (fixture)",
        )
        bill_id = base + n
        world.bills.add_bill(
            bill_id, f"Children's Online Safety ({topic}) Bill {seed}-{n}", updated=stamp
        )
        world.bills.add_stage(
            bill_id, bill_id * 10, "Second reading", sittings=[(bill_id * 100, earlier)]
        )
        world.committees.add_inquiry(
            base + n,
            f"Inquiry into {topic} ({seed}-{n})",
            opened=earlier - timedelta(days=30),
            scope=f"The committee is examining {topic}.",
            accepting=(earlier - timedelta(days=30), day + timedelta(days=40)),
        )
        world.govuk.add_consultation(
            title=f"Consultation on {topic} ({seed}-{n})",
            link=f"/government/consultations/{slug}-{seed}-{n}",
            published=stamp - timedelta(days=n % 3),
            opening=stamp - timedelta(days=n % 3),
            closing=stamp + timedelta(days=60),
            description=f"We are consulting on {topic}.",
            organisation_title="Home Office",
        )
    if FEED_PATH not in world.feeds.feeds:
        world.feeds.add_feed(FEED_PATH, rights=FEED_RIGHTS)
    for n in range(per_source):
        world.feeds.add_entry(
            FEED_PATH,
            id=f"urn:fixture:ofcom:{seed}:{n}",
            title=f"Ofcom update on {topic} ({seed}-{n})",
            link=f"https://www.ofcom.org.uk/news-centre/fixture-{seed}-{n}",
            summary=f"Ofcom sets out its next steps on {topic}.",
            published=stamp - timedelta(days=n % 3),
        )
    world.questions.add_answer(
        heading=f"Farming ({seed})",
        question_text="To ask about farm payments.",
        answer_text="<p>Payments are made monthly.</p>",
        answered_on=day,
    )
    return {"per_source": per_source}
