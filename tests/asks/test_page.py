"""The ask page: targets and positions over time, statistics with provenance, evidence,
responses as a timeline, milestones at their precision, sanitised Markdown."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from html.parser import HTMLParser

from campaign.models import (
    AskEvidence,
    AskMilestone,
    AskStatistic,
    AskTag,
    AskTarget,
    ResponseAsk,
    Tag,
)


def _tags(html: str) -> list[tuple[str, list]]:
    """Every element actually in the page (escaped text is not an element)."""
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def _section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{section_id}".*?</section>', html, re.S)
    assert match, f"no section #{section_id}"
    return match.group(0)


def _stance(html: str, org_id: int) -> str:
    match = re.search(rf'<article class="stance" id="org-{org_id}">.*?</article>', html, re.S)
    assert match, f"no stance for organisation {org_id}"
    return match.group(0)


def test_header_shows_badges_owner_and_tags(client, make):
    ask = make.ask(
        title="Age checks",
        slug="age-checks",
        status="partly_met",
        priority="high",
        owner="Priya Shah",
        owner_email="priya@example.org",
    )
    tag = make.link(Tag(name="age assurance"))
    make.link(AskTag(ask_id=ask.id, tag_id=tag.id))
    text = client.get("/asks/age-checks").get_data(as_text=True)
    assert "<h1>Age checks</h1>" in text
    assert '<span class="badge badge-partly_met">Status: Partly met</span>' in text
    assert '<span class="badge badge-high">Priority: High</span>' in text
    assert "Priya Shah" in text and 'href="mailto:priya@example.org"' in text
    assert 'href="/asks/?tag=age+assurance"' in text


def test_latest_position_and_history_for_each_target(client, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    ofcom = make.organisation(name="Ofcom")
    meta = make.organisation(name="Meta", kind="company")
    for org in (ofcom, meta):
        make.link(AskTarget(ask_id=ask.id, organisation_id=org.id))
    early = make.response(
        organisation=ofcom, title="Consultation statement", response_date=date(2024, 5, 8)
    )
    late = make.response(
        organisation=ofcom, title="Final codes statement", response_date=date(2025, 4, 24)
    )
    make.link(ResponseAsk(response_id=early.id, ask_id=ask.id, position="opposes", note="Too weak"))
    make.link(ResponseAsk(response_id=late.id, ask_id=ask.id, position="partly_supports"))

    text = client.get("/asks/age-checks").get_data(as_text=True)
    stance = _stance(text, ofcom.id)
    latest = re.search(r'<p class="latest-position">.*?</p>', stance, re.S).group(0)
    assert "Partly supports" in latest and "24 April 2025" in latest
    assert "Opposes" not in latest
    history = re.search(r"<tbody>.*?</tbody>", stance, re.S).group(0)
    assert history.index("8 May 2024") < history.index("24 April 2025")  # oldest first
    assert "Consultation statement" in history and "Final codes statement" in history
    assert "Opposes" in history and "Too weak" in history
    assert f'href="/responses/{early.id}"' in history
    assert "No position recorded yet." in _stance(text, meta.id)
    summary = re.search(r'<table class="position-summary">.*?</table>', text, re.S).group(0)
    assert "Partly supports" in summary and "None recorded" in summary


def test_non_target_organisations_that_responded_are_shown_apart(client, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    ofcom = make.organisation(name="Ofcom")
    make.link(AskTarget(ask_id=ask.id, organisation_id=ofcom.id))
    bystander = make.organisation(name="Internet Matters", kind="charity")
    reply = make.response(organisation=bystander, title="Our view")
    make.link(ResponseAsk(response_id=reply.id, ask_id=ask.id, position="supports"))
    text = _section(client.get("/asks/age-checks").get_data(as_text=True), "targets")
    others = text[text.index("Other organisations that responded") :]
    assert "Internet Matters" in others and "Supports" in _stance(others, bystander.id)
    assert "Internet Matters" not in text[: text.index("Other organisations that responded")]


def test_linked_statistics_show_their_provenance_in_order(client, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    source = make.source(title="Online harms survey 2024", publisher="Ofcom")
    first = make.statistic(
        label="Children who saw harmful content",
        value=Decimal("25.5"),
        unit="percent",
        period_label="2023/24",
        published_wording="a quarter of children",
        basis="1,020 of 4,000 respondents",
        coverage="UK, ages 8–17",
        caveats="Self-reported",
        source_id=source.id,
    )
    second = make.statistic(label="Reports received", value=Decimal("33226"), unit="count")
    make.link(AskStatistic(ask_id=ask.id, statistic_id=second.id, rank=1))
    make.link(AskStatistic(ask_id=ask.id, statistic_id=first.id, rank=0, note="Lead figure"))

    section = _section(client.get("/asks/age-checks").get_data(as_text=True), "statistics")
    assert section.index("Children who saw harmful content") < section.index("Reports received")
    for expected in (
        "25.5%",
        "2023/24",
        "a quarter of children",
        "1,020 of 4,000 respondents",
        "UK, ages 8–17",
        "Self-reported",
        "Online harms survey 2024",
        ", Ofcom",
        "Lead figure",
        "33,226",
        f'href="/statistics/{first.id}"',
        f'href="/sources/{source.id}"',
        f'href="/statistics/new?link_ask_id={ask.id}"',
    ):
        assert expected in section, expected
    figure, label, period, wording, basis, coverage, source_pos, note = (
        section.index(s)
        for s in (
            "25.5%",
            "Children who saw",
            "2023/24",
            "a quarter",
            "1,020 of",
            "UK, ages",
            "Online harms survey",
            "Lead figure",
        )
    )
    assert figure < label < period < wording < basis < coverage < source_pos < note
    assert "No source recorded" in section  # the second statistic has no source


def test_evidence_shows_sensitivity_composite_flag_and_withholds_restricted_text(client, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    public = make.evidence(
        title="Survivor account",
        kind="case_study",
        text="I was *eleven* when it started.",
        attribution="Composite of three calls to Childline",
        is_composite=True,
        sensitivity="public",
    )
    secret = make.evidence(
        title="Police briefing", text="Operation details not for release", sensitivity="restricted"
    )
    make.link(AskEvidence(ask_id=ask.id, evidence_id=public.id, rank=0, note="Use in letters"))
    make.link(AskEvidence(ask_id=ask.id, evidence_id=secret.id, rank=1))
    section = _section(client.get("/asks/age-checks").get_data(as_text=True), "evidence")
    assert "Case study" in section and "Survivor account" in section
    assert '<span class="badge badge-public">Public</span>' in section
    assert "Composite — not a direct quote" in section
    assert "<em>eleven</em>" in section
    assert "Composite of three calls to Childline" in section and "Use in letters" in section
    assert "CONFIDENTIAL" in section and "Police briefing" in section
    assert "Operation details not for release" not in section
    assert f'href="/evidence/new?link_ask_id={ask.id}"' in section


def test_responses_timeline_newest_first_with_position(client, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    meta = make.organisation(name="Meta", kind="company")
    old = make.response(
        organisation=meta, title="Blog post", response_date=date(2024, 1, 5), channel="letter"
    )
    new = make.response(organisation=meta, title="Product change", response_date=date(2025, 6, 1))
    gone = make.response(
        organisation=meta,
        title="Withdrawn statement",
        archived_at=datetime(2025, 7, 1, tzinfo=UTC),
    )
    make.link(ResponseAsk(response_id=old.id, ask_id=ask.id, position="opposes"))
    make.link(ResponseAsk(response_id=new.id, ask_id=ask.id, position="supports"))
    make.link(ResponseAsk(response_id=gone.id, ask_id=ask.id, position="supports"))
    section = _section(client.get("/asks/age-checks").get_data(as_text=True), "responses")
    assert section.index("Product change") < section.index("Blog post")
    assert "1 June 2025" in section and "5 January 2024" in section
    assert "Letter" in section and "Meta" in section
    assert "Withdrawn statement" not in section
    assert f'href="/responses/new?ask_id={ask.id}"' in section
    assert "Supports" in section and "Opposes" in section


def test_milestones_in_date_order_at_their_precision(client, make):
    ask = make.ask(title="Age checks", slug="age-checks")
    later = make.milestone(
        title="Codes in force",
        milestone_date=date(2026, 7, 1),
        date_precision="month",
        kind="duty_in_force",
        is_planned=True,
    )
    sooner = make.milestone(title="Consultation closes", milestone_date=date(2025, 10, 17))
    make.link(AskMilestone(ask_id=ask.id, milestone_id=later.id, note="Watch this"))
    make.link(AskMilestone(ask_id=ask.id, milestone_id=sooner.id))
    section = _section(client.get("/asks/age-checks").get_data(as_text=True), "milestones")
    assert section.index("Consultation closes") < section.index("Codes in force")
    assert "July 2026" in section and "1 July 2026" not in section
    assert "17 October 2025" in section
    assert "Duty in force" in section and "Planned" in section and "Watch this" in section
    assert f'href="/milestones/new?link_ask_id={ask.id}"' in section


def test_summary_markdown_is_sanitised(client, make):
    make.ask(
        title="Age checks",
        slug="age-checks",
        summary=(
            "**Bold** claim\n\n<script>alert('x')</script>\n\n"
            "[click](javascript:alert(1)) and [ok](https://example.org)\n\n"
            '<a href="javascript:alert(2)">raw</a>'
        ),
    )
    text = client.get("/asks/age-checks").get_data(as_text=True)
    assert "<strong>Bold</strong>" in text
    assert "<script>" not in text
    assert "&lt;script&gt;" in text  # shown as text, never run
    tags = _tags(text)
    # The only scripts are the app's own files (js/ask-page.js opens collapsed sections; the
    # other starts GOV.UK Frontend's components).
    scripts = [dict(attrs) for name, attrs in tags if name == "script"]
    assert [s.get("src") for s in scripts] == ["/static/js/ask-page.js", "/static/js/govuk-init.js"]
    hrefs = [value for name, attrs in tags for key, value in attrs if key == "href"]
    assert "https://example.org" in hrefs
    assert not [h for h in hrefs if h and h.strip().lower().startswith("javascript:")]


def test_empty_page_says_so(client, make):
    make.ask(title="Age checks", slug="age-checks")
    text = client.get("/asks/age-checks").get_data(as_text=True)
    for message in (
        "No summary yet.",
        "This ask has no targets yet.",
        "No statistics linked yet.",
        "No evidence linked yet.",
        "No responses logged for this ask.",
        "No milestones linked yet.",
    ):
        assert message in text
