"""Who's who (issue 18): an internal pack's section on the people attending a meeting, in HTML,
Word and the tagged PDF; refused for an external pack on every door; an erased person printed
as "Erased person" only."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import docx
import pytest
from pypdf import PdfReader
from sqlmodel import select

from campaign.models import (
    CommitmentStatus,
    DuePrecision,
    Interaction,
    PackClassification,
    Person,
    PersonKind,
    StanceLevel,
)
from campaign.packs.content import build_content
from campaign.packs.html import contents, render_html
from campaign.packs.options import PackOptions
from campaign.packs.parts import (
    PackError,
    WhoCommitment,
    WhoInteraction,
    WhoPerson,
    WhoStance,
)
from campaign.packs.pdf import render_pdf
from campaign.packs.word import render_docx
from campaign.people.personal_data import erase_person
from tests.packs.conftest import PACK_NOW, PACK_TODAY
from tests.packs.pdf_structure import Tagged
from tests.packs.test_html import OPTIONS
from tests.packs.test_views import builder_data
from tests.support.people_records import PeopleRecords

WHEN = datetime(2026, 11, 2, 10, tzinfo=UTC)


@pytest.fixture
def people(session):
    return PeopleRecords(session)


@pytest.fixture
def meeting(make, people):
    """Two asks, an MP with a role, stances, four meetings and commitments; a second person."""
    ofcom = make.organisation(name="Ofcom", key="ofcom")
    codes = make.ask(title="Strengthen the codes", slug="codes")
    encryption = make.ask(title="Pause encryption", slug="encryption")
    jo = people.person(
        name="Jo Member", key="jo-member", party="Labour", constituency="Leeds North"
    )
    people.role(jo, title="Chief Executive", organisation_id=ofcom.id)
    people.role(jo, title="Old post", ended_on=date(2020, 1, 1))
    people.stance(jo, codes, stance=StanceLevel.SCEPTIC, assessed_on=date(2026, 1, 5))
    people.stance(jo, codes, stance=StanceLevel.CHAMPION, assessed_on=date(2026, 10, 5))
    for day in (1, 2, 3, 4):
        people.interaction(
            jo,
            title=f"Meeting on {day} November",
            occurred_at=WHEN.replace(day=day),
            asks=[(codes, f"Outcome {day}")],
        )
    people.commitment(
        jo,
        title="Will write by March",
        due_on=date(2026, 3, 1),
        due_precision=DuePrecision.MONTH,
    )
    people.commitment(jo, title="Publish in 2027", due_on=date(2027, 1, 1))
    people.commitment(jo, title="Already kept", status=CommitmentStatus.KEPT)
    ada = people.person(name="Ada Other", key="ada-other", kind=PersonKind.JOURNALIST)
    return {"ofcom": ofcom, "asks": (codes, encryption), "jo": jo, "ada": ada}


def _content(session, **options):
    options.setdefault("title", "Meeting with Ofcom")
    options.setdefault("ask_slugs", ("codes", "encryption"))
    options.setdefault("classification", PackClassification.INTERNAL)
    options.setdefault("audience", "Ofcom")
    return build_content(session, PackOptions(**options), generated_at=PACK_NOW, today=PACK_TODAY)


def test_the_section_gathers_roles_stances_interactions_and_commitments(session, meeting):
    content = _content(session, people=("jo-member", "ada-other"))
    jo, ada = content.people
    assert (jo.name, jo.roles, jo.party, jo.constituency) == (
        "Jo Member",
        ["Chief Executive, Ofcom"],  # the ended role is not current
        "Labour",
        "Leeds North",
    )
    assert [(s.ask_number, s.stance, s.assessed_on) for s in jo.stances] == [
        (1, "Champion", date(2026, 10, 5)),  # the newest assessment
        (2, "Not assessed", None),
    ]
    assert [(i.occurred_on, i.outcome) for i in jo.interactions] == [
        (date(2026, 11, 4), "Strengthen the codes: Outcome 4"),
        (date(2026, 11, 3), "Strengthen the codes: Outcome 3"),
        (date(2026, 11, 2), "Strengthen the codes: Outcome 2"),
    ]
    assert [(c.title, c.due, c.late) for c in jo.commitments] == [
        ("Will write by March", "by 31 March 2026", True),  # open after its month: late
        ("Publish in 2027", "by 1 January 2027", False),
    ]
    assert (ada.name, ada.kind, ada.stances[0].stance, ada.interactions) == (
        "Ada Other",
        "Journalist",
        "Not assessed",
        [],
    )


def test_an_external_pack_naming_people_is_refused(session, meeting):
    with pytest.raises(PackError) as refused:
        _content(session, people=("jo-member",), classification=PackClassification.EXTERNAL)
    assert refused.value.field == "people"
    assert "internal packs only" in refused.value.message
    assert _content(session, classification=PackClassification.EXTERNAL).people == []
    with pytest.raises(PackError, match="no person has the key “nobody”"):
        _content(session, people=("nobody",))


def test_an_erased_person_is_printed_as_erased_person_only(session, meeting):
    erase_person(session, person=session.get(Person, meeting["jo"].id))
    session.commit()
    [erased] = _content(session, people=(f"erased-person-{meeting['jo'].id}",)).people
    assert erased == WhoPerson(name="Erased person", erased=True)


def test_the_builder_refuses_people_in_an_external_pack_beside_the_field(client, session, meeting):
    data = builder_data("codes", people="jo-member")
    refused = client.post("/packs/new", data=data)
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "Who's who is for internal packs only" in html.replace("&#39;", "'")
    assert 'id="people_find-error"' in html or 'id="people-error"' in html
    preview = client.post("/packs/new", data={**data, "classification": "internal"})
    assert preview.status_code == 200
    page = preview.get_data(as_text=True)
    assert "Who’s who" in page and "Chief Executive, Ofcom" in page
    assert "Will write by March" in page
    # Generate on the preview page posts the same people.
    assert '<input type="hidden" name="people" value="jo-member">' in page
    assert "<dt>Who’s who</dt><dd>jo-member</dd>" in page


def test_the_pack_command_takes_people_for_an_internal_pack_only(runner, tmp_path, meeting):
    output = tmp_path / "pack.html"
    args = ["pack", "--ask", "codes", "--audience", "Ofcom", "-o", str(output)]
    refused = runner.invoke(args=[*args, "--person", "jo-member"])
    assert refused.exit_code == 2 and "--person" in refused.output
    made = runner.invoke(args=[*args, "--person", "jo-member", "--classification", "internal"])
    assert made.exit_code == 0, made.output
    assert "Chief Executive, Ofcom" in output.read_text(encoding="utf-8")


def test_generate_again_keeps_the_people(client, session, meeting):
    from campaign.models import Pack

    data = builder_data("codes", people="jo-member", classification="internal", generate="1")
    assert client.post("/packs/new", data=data).status_code == 302
    pack = session.exec(select(Pack)).one()
    assert pack.settings["people"] == ["jo-member"]
    again = client.get(f"/packs/new?from={pack.id}").get_data(as_text=True)
    assert 'value="jo-member"' in again


def test_a_pack_for_a_meeting_starts_from_the_meeting(client, session, meeting):
    """ "Briefing pack" on an interaction's page: internal, its date, its organisation, its
    asks and its people in Who's who (none of whom is erased)."""
    ofcom = meeting["ofcom"]
    interaction = session.exec(select(Interaction).where(Interaction.title.contains("4 Nov"))).one()
    interaction.organisations.append(ofcom)
    interaction.people.append(meeting["ada"])
    session.commit()
    erase_person(session=session, person=meeting["ada"])
    session.commit()
    page = client.get(f"/interactions/{interaction.id}").get_data(as_text=True)
    assert f'href="/packs/new?interaction={interaction.key}"' in page

    form = client.get(f"/packs/new?interaction={interaction.key}").get_data(as_text=True)
    assert 'value="Briefing: Meeting on 4 November"' in form
    assert "checked" in _tag(form, 'value="internal"')
    assert 'value="2026-11-04"' in _tag(form, 'id="meeting_date"')
    assert 'value="ofcom"' in _tag(form, 'name="audience_organisation"')
    assert "checked" in _tag(form, 'value="jo-member"')
    assert "ada-other" not in form  # the erased person is left out
    # Its one ask is included; the other is offered, not ticked.
    slugs = dict(re.findall(r'name="asks-(\d+)-slug" type="hidden" value="([^"]+)"', form))
    ticked = {slugs[i] for i in slugs if "checked" in _tag(form, f'name="asks-{i}-include"')}
    assert ticked == {"codes"} and set(slugs.values()) == {"codes", "encryption"}


def _tag(page: str, attribute: str) -> str:
    """The whole tag holding `attribute`, whatever the order of its attributes."""
    match = re.search(rf"<[^<>]*{re.escape(attribute)}[^<>]*>", page)
    assert match, attribute
    return match.group(0)


# -- the formats, laid out from plain content ------------------------------------------------
PEOPLE = [
    WhoPerson(
        name="Jo <b>Member</b>",
        kind="MP",
        roles=["Chief Executive, Ofcom"],
        party="Labour",
        constituency="Leeds North",
        stances=[WhoStance(1, "First ask", "Champion", date(2026, 10, 5))],
        interactions=[WhoInteraction(date(2026, 11, 4), "Portcullis House", "Meeting", "Agreed")],
        commitments=[
            WhoCommitment("Will write by March", "by 31 March 2026", "Late", True),
            WhoCommitment("Publish the codes", "", "Open", False),
        ],
    ),
    WhoPerson(name="Erased person", erased=True),
]


@pytest.fixture(scope="module")
def internal(seed_pack):
    content = seed_pack(classification=PackClassification.INTERNAL, **OPTIONS)
    content.people = PEOPLE
    return content


@pytest.fixture(scope="module")
def rendered(seed_app, internal):
    with seed_app.app_context():
        return render_pdf(internal), render_html(internal, standalone=True)


def test_html_has_the_section_after_the_summary_and_in_the_contents(internal, rendered):
    _, html = rendered
    assert ("pack-whos-who", "Who’s who") in contents(internal)
    assert html.index('id="pack-asks"') < html.index('id="pack-whos-who"')
    assert html.index('id="pack-whos-who"') < html.index('id="pack-ask-1"')
    section = html[html.index('id="pack-whos-who"') : html.index('id="pack-ask-1"')]
    assert "Jo &lt;b&gt;Member&lt;/b&gt;" in section  # escaped
    assert '<strong class="pack-late">Late</strong>' in section
    assert "Portcullis House" in section and "Agreed" in section
    assert "<h3>Erased person</h3>" in section and "No details held." in section


def test_the_pdf_tags_the_section(rendered, internal):
    data, html = rendered
    tagged = Tagged(PdfReader(io.BytesIO(data)))
    headings = [int(e.role[1]) for e in tagged.root.walk() if re.fullmatch(r"H[1-6]", e.role)]
    assert headings.count(2) == 1 + len(contents(internal))
    assert not [(a, b) for a, b in zip(headings, headings[1:], strict=False) if b > a + 1]
    tables = tagged.root.all("Table")
    assert len(tables) >= html.count("<table")
    for table in tables:
        header_cells = table.all("TH")
        assert header_cells
        headers = {cell.identifier for cell in header_cells}
        for cell in table.all("TD"):
            assert set(cell.attributes["/Headers"]) <= headers
    in_tree = {mark for element in tagged.root.walk() for mark in element.content}
    for index in range(len(tagged.reader.pages)):
        painted, _ = tagged.page_content(index)
        for item in painted:
            assert item.artifact is not None or (index, item.mcid) in in_tree
    text = "".join(page.extract_text() for page in tagged.reader.pages)
    assert "Who’s who" in text and "Portcullis House" in text


def test_word_has_the_section_with_its_tables(internal):
    document = docx.Document(io.BytesIO(render_docx(internal)))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    start = paragraphs.index(("Heading 1", "Who’s who"))
    assert ("Heading 2", "Jo <b>Member</b>") in paragraphs[start:]
    assert ("Heading 2", "Erased person") in paragraphs[start:]
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {
        "Will write by March",
        "by 31 March 2026",
        "Late",
        "Portcullis House (Meeting)",
    } <= cells
    assert "1. First ask" in cells and "Champion" in cells


def test_a_pack_without_people_has_no_section(seed_app, seed_pack):
    content = seed_pack(classification=PackClassification.INTERNAL, **OPTIONS)
    with seed_app.app_context():
        html = render_html(content, standalone=True)
    assert "pack-whos-who" not in html
    document = docx.Document(io.BytesIO(render_docx(content)))
    assert "Who’s who" not in [p.text for p in document.paragraphs]
