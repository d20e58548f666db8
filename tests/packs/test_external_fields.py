"""An external pack prints the fields in `campaign.packs.public.EXTERNAL_FIELDS` and no other.

A unique marker is typed into every text field of every record type that can reach a pack
(asks, organisations, statistics, sources, evidence, responses, milestones and the links'
notes). The fields are read from the models, so a field added later is covered without
editing this test. The packs are made with the real `flask pack` command, in every format;
each marker of a listed field must be printed (so the test can fail), and no other.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from campaign.models import (
    AskEvidence,
    AskMilestone,
    AskStatistic,
    Organisation,
    OrganisationKind,
    Position,
    ResponseAsk,
    ResponseChannel,
    ResponseDirection,
    Sensitivity,
    Source,
    SourceKind,
    Statistic,
    StatisticUnit,
    Tag,
)
from campaign.packs.public import EXTERNAL_FIELDS, RECORDS, NotPublicError, public_view
from tests.security.documents import docx_parts, pdf_text

ASK = "the-ask"


def text_fields(model: type) -> list[str]:
    """What a user can type into: every field the model declares as text (`str` or
    `str | None`; an enum or a number is not), but the record's natural key (its identifier,
    never free text) and the columns the app computes (the stored claim verdicts)."""
    natural_key = getattr(model, "__natural_key__", None)
    computed = getattr(model, "__computed__", ())
    return [
        name
        for name, info in model.model_fields.items()
        if info.annotation in (str, str | None) and name != natural_key and name not in computed
    ]


MARKERS: dict[tuple[str, str], str] = {}
for _kind, _model in RECORDS.items():
    for _field in text_fields(_model):
        MARKERS[_kind, _field] = f"ZQ{len(MARKERS) + 1:04d}QZ"


def marked(kind: str) -> dict[str, str]:
    """The record type's text fields, each holding its marker. Every value is a web address,
    so fields that are printed as links (Word links only http and mailto addresses) are too."""
    return {
        name: f"https://example.org/{MARKERS[kind, name]}" for (k, name) in MARKERS if k == kind
    }


@pytest.fixture
def world(make):
    """One ask with a target, two charted figures, a piece of public evidence, a public
    response and an upcoming milestone, all sharing a source; every text field marked."""
    target = make.organisation(key="target", **marked("organisation"))
    source = make.source(key="the-source", **marked("source"))
    ask = make.ask(slug=ASK, targets=[target], **marked("ask"))
    for n in (1, 2):
        figure = make.statistic(
            key=f"figure-{n}",
            value=Decimal(100 * n),
            unit=StatisticUnit.COUNT,
            period_start=date(2020 + n, 1, 1),
            source=source,
            **marked("statistic"),
        )
        make.link(
            AskStatistic(ask_id=ask.id, statistic_id=figure.id, rank=n, **marked("ask_statistic"))
        )
    item = make.evidence(
        key="the-evidence", sensitivity=Sensitivity.PUBLIC, source=source, **marked("evidence")
    )
    make.link(AskEvidence(ask_id=ask.id, evidence_id=item.id, **marked("ask_evidence")))
    response = make.response(
        key="the-response",
        organisation=target,
        channel=ResponseChannel.PUBLIC_STATEMENT,
        direction=ResponseDirection.RECEIVED,
        **marked("response"),
    )
    make.link(
        ResponseAsk(
            response_id=response.id,
            ask_id=ask.id,
            position=Position.SUPPORTS,
            **marked("response_ask"),
        )
    )
    milestone = make.milestone(
        key="the-milestone",
        milestone_date=date(2099, 1, 1),
        organisation=target,
        source=source,
        **marked("milestone"),
    )
    make.link(AskMilestone(ask_id=ask.id, milestone_id=milestone.id, **marked("ask_milestone")))


def pack_text(runner, tmp_path, fmt: str, classification: str = "external") -> str:
    """The pack made by `flask pack`, as searchable text: the HTML (without its embedded
    images), the PDF's text and link addresses, or every part of the .docx zip. Whitespace
    is dropped (a long address may wrap) and letters upper-cased (headings may be)."""
    out = tmp_path / f"pack-{classification}.{fmt}"
    args = ["pack", "--ask", ASK, "--audience", "MPs", "--classification", classification]
    result = runner.invoke(args=[*args, "--by", "Policy team", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    if fmt == "html":
        text = re.sub(r"data:[^\"')\s]+", "", data.decode("utf-8"))
    elif fmt == "pdf":
        text = pdf_text(data) + "\n".join(_pdf_links(data))
    else:
        text = "\n".join(docx_parts(data).values())
    return re.sub(r"\s+", "", text).upper()


def _pdf_links(data: bytes) -> list[str]:
    links = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                links.append(str(action["/URI"]))
    return links


def test_every_record_type_has_text_fields_to_mark():
    """The markers cover every record type on the list, and the list names only real fields."""
    assert {kind for kind, _ in MARKERS} == set(RECORDS) == set(EXTERNAL_FIELDS)
    for kind, model in RECORDS.items():
        fields = set(model.model_fields) | set(model.__sqlmodel_relationships__)
        assert EXTERNAL_FIELDS[kind] <= fields, kind


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx"])
def test_an_external_pack_prints_the_public_fields_and_no_other(world, runner, tmp_path, fmt):
    text = pack_text(runner, tmp_path, fmt)
    public = {key: m for key, m in MARKERS.items() if key[1] in EXTERNAL_FIELDS[key[0]]}
    private = {key: m for key, m in MARKERS.items() if key not in public}
    assert public and private
    leaked = sorted(".".join(key) for key, marker in private.items() if marker in text)
    missing = sorted(".".join(key) for key, marker in public.items() if marker not in text)
    assert leaked == [], f"internal fields printed in an external {fmt} pack"
    assert missing == [], f"public fields not printed in an external {fmt} pack"


def test_an_internal_pack_prints_the_teams_notes(world, runner, tmp_path):
    """The control: the notes an external pack leaves out are there to be left out."""
    text = pack_text(runner, tmp_path, "html", classification="internal")
    for key in (("ask_statistic", "note"), ("ask_evidence", "note"), ("response_ask", "note")):
        assert MARKERS[key] in text, key


def test_the_public_view_reads_listed_fields_and_blanks_the_rest():
    source = Source(key="s", title="Ofcom report", kind=SourceKind.REPORT, method="Our notes")
    organisation = Organisation(key="o", name="Ofcom", kind=OrganisationKind.REGULATOR)
    organisation.notes = "Ask for Jo"
    figure = Statistic(key="f", label="Offences", value=Decimal(1), unit=StatisticUnit.COUNT)
    figure.source, figure.claim = source, "more than one"
    view = public_view(figure)
    assert view.label == "Offences" and view.source.title == "Ofcom report"
    assert view.claim == "" and view.source.method == ""  # text not on the list: empty
    assert public_view(organisation).notes == "" and public_view(organisation).website is None
    with pytest.raises(NotPublicError):
        view.computed_value  # noqa: B018  (not text, not on the list: an error)
    with pytest.raises(NotPublicError):
        public_view(Tag(name="encryption"))  # not a record type an external pack reads
