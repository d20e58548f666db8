"""Stand-ins for the UK Parliament Written Questions and Statements API and the Hansard API, in
their real shapes (docs/monitoring-sources.md, "Written questions, written statements and
Hansard"), for `RecordedServer.mount(prefix, fixture.handler)`.

    questions = QuestionsFixture()                  # with the recorded questions
    questions.add_answer(heading="Online Safety Act", answer_text="...", answered_on=day)
    hansard = HansardFixture()
    hansard.add_contribution(debate="Online Safety", text="...", sitting_on=day, member_id=1)
    server.mount(WQ_PREFIX, questions.handler)
    server.mount(HANSARD_PREFIX, hansard.handler)
    # adapters' clients: HttpClient(f"{base}/{WQ_PREFIX}"), HttpClient(f"{base}/{HANSARD_PREFIX}")

What the handlers implement, because the adapters rely on it: the paths, the since-date filters
(`tabledWhenFrom`, `answeredWhenFrom`, `madeWhenFrom`; Hansard's `queryParameters.startDate`),
the search term (every word of it in the item's text, ignoring case and quotes), paging
(`skip`/`take` with `totalResults`; Hansard's `queryParameters.skip`/`take` with
`TotalResultCount`, all results when both are omitted, as its spec says), `expandMember`, a
question's list text cut to "..." (`truncated=True`) with the full text at
`/api/writtenquestions/questions/{id}`, and malformed items (`spoil`).

The recorded questions come from recorded/written-questions/ (see its README for their origin);
every item a builder adds is fixture wording, not a fact about Parliament.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

from tests.support.recorded_server import Reply, Request

WQ_PREFIX = "wq"  # written questions and written statements share the API's host
HANSARD_PREFIX = "hansard"
PREFIXES = {"written-questions": WQ_PREFIX, "written-statements": WQ_PREFIX}
PREFIXES["hansard"] = HANSARD_PREFIX
RECORDED = Path(__file__).resolve().parent / "recorded"
DEFAULT_TAKE = 20  # the spec's default for questions and statements
CUT_AT = 255  # how much of a "truncated" question's text the list shows before "..."
_WORDS = re.compile(r"\w+")


def recorded_questions() -> list[dict[str, Any]]:
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for path in sorted((RECORDED / "written-questions").glob("*.json"))
    ]


def _stamp(day: date | None) -> str | None:
    return f"{day.isoformat()}T00:00:00" if day else None


def _words(text: str) -> set[str]:
    return set(_WORDS.findall(text.lower()))


def _matches(search: str | None, *texts: Any) -> bool:
    if not search:
        return True
    wanted = _words(search)
    return wanted <= _words(" ".join(t for t in texts if isinstance(t, str)))


def _on_or_after(value: Any, since: str | None) -> bool:
    if not since:
        return True
    return isinstance(value, str) and value[:10] >= since[:10]


def _number(text: str | None, default: int) -> int:
    try:
        return max(int(text), 0) if text is not None else default
    except ValueError:
        return default


def _json(body: Any, status: int = 200) -> Reply:
    return Reply(status, json.dumps(body))


def _problem(status: int, title: str, detail: str) -> Reply:
    """The API's error shape, ProblemDetails."""
    body = {"type": None, "title": title, "status": status, "detail": detail, "instance": None}
    return _json(body, status)


class QuestionsFixture:
    """The Written Questions and Statements API: questions (with answers) and statements."""

    def __init__(self, *, recorded: bool = True) -> None:
        self.questions: list[dict[str, Any]] = recorded_questions() if recorded else []
        self.statements: list[dict[str, Any]] = []
        self.truncated: set[int] = set()  # ids whose list text is cut to "..."
        self.members: dict[int, dict[str, Any]] = {}  # MemberViewModel, for expandMember
        self._ids = count(9_000_001)  # far from the recorded ids (about 1.7 million)
        self._uins = count(90_001)

    # Builders -------------------------------------------------------------------------------

    def member(self, member_id: int | None, name: str) -> None:
        if member_id is not None and name:
            self.members[member_id] = {
                "id": member_id,
                "listAs": name,
                "name": name,
                "party": "Fixture Party",
                "partyColour": "909090",
                "partyAbbreviation": "FP",
                "memberFrom": "Fixture Constituency",
                "thumbnailUrl": None,
            }

    def add_question(
        self,
        *,
        heading: str,
        question_text: str,
        tabled_on: date,
        id: int | None = None,  # noqa: A002  (the API's name)
        uin: str | None = None,
        member_id: int | None = 900_001,
        member_name: str = "",
        answering_body: str = "Department for Science, Innovation and Technology",
        answering_body_id: int = 216,
        answer_text: str | None = None,
        answered_on: date | None = None,
        answering_member_id: int | None = None,
        answering_member_name: str = "",
        house: str = "Commons",
        truncated: bool = False,
    ) -> dict[str, Any]:
        """A question (answered when `answered_on` is given) in QuestionsViewModel's shape."""
        ident = id if id is not None else next(self._ids)
        self.member(member_id, member_name)
        self.member(answering_member_id, answering_member_name)
        value: dict[str, Any] = {}
        value.update(
            id=ident,
            askingMemberId=member_id,
            askingMember=None,
            house=house,
            memberHasInterest=False,
            dateTabled=_stamp(tabled_on),
            dateForAnswer=_stamp(tabled_on),
            uin=uin or str(next(self._uins)),
            questionText=question_text,
            answeringBodyId=answering_body_id,
            answeringBodyName=answering_body,
            isWithdrawn=False,
            isNamedDay=False,
            groupedQuestions=[],
            answerIsHolding=False,
            answerIsCorrection=False,
            answeringMemberId=answering_member_id if answered_on else None,
            answeringMember=None,
            correctingMemberId=None,
            correctingMember=None,
            dateAnswered=_stamp(answered_on),
            answerText=answer_text if answered_on else None,
            originalAnswerText="",
            comparableAnswerText="",
            dateAnswerCorrected=None,
            dateHoldingAnswer=None,
            attachmentCount=0,
            heading=heading,
            attachments=[],
            groupedQuestionsDates=[],
        )
        item = {"value": value, "links": [_link("Questions", ident)]}
        self.questions.append(item)
        if truncated:
            self.truncated.add(ident)
        return item

    def add_answer(
        self, *, answer_text: str, answered_on: date, tabled_on: date | None = None, **fields
    ) -> dict[str, Any]:
        """An answered question; tabled the same day unless `tabled_on` says otherwise."""
        fields.setdefault("question_text", f"To ask about {fields.get('heading', 'this')}.")
        fields.setdefault("answering_member_id", 900_002)
        return self.add_question(
            answer_text=answer_text,
            answered_on=answered_on,
            tabled_on=tabled_on or answered_on,
            **fields,
        )

    def add_statement(
        self,
        *,
        title: str,
        text: str,
        made_on: date,
        id: int | None = None,  # noqa: A002  (the API's name)
        uin: str | None = None,
        member_id: int | None = 900_002,
        member_name: str = "",
        member_role: str = "Minister of State (Fixture)",
        answering_body: str = "Department for Science, Innovation and Technology",
        answering_body_id: int = 216,
        house: str = "Commons",
    ) -> dict[str, Any]:
        """A written statement in StatementsViewModel's shape (`text` is HTML)."""
        ident = id if id is not None else next(self._ids)
        self.member(member_id, member_name)
        value = {
            "id": ident,
            "memberId": member_id,
            "member": None,
            "memberRole": member_role,
            "uin": uin or f"HCWS{next(self._uins)}",
            "dateMade": _stamp(made_on),
            "answeringBodyId": answering_body_id,
            "answeringBodyName": answering_body,
            "title": title,
            "text": text,
            "house": house,
            "noticeNumber": None,
            "hasAttachments": False,
            "hasLinkedStatements": False,
            "linkedStatements": [],
            "attachments": [],
        }
        item = {"value": value, "links": [_link("Statements", ident)]}
        self.statements.append(item)
        return item

    def spoil(self, item: dict[str, Any], field: str = "id") -> None:
        """Make `item` malformed (its value loses `field`)."""
        item["value"].pop(field, None)

    # Serving --------------------------------------------------------------------------------

    def handler(self, request: Request) -> Reply:
        path = request.path.rstrip("/").lower()
        if path == "/api/writtenquestions/questions":
            return self._list(request, self._questions(request))
        if path == "/api/writtenstatements/statements":
            return self._list(request, self._statements(request))
        match = re.fullmatch(r"/api/writtenquestions/questions/(\d+)", path)
        if match:
            return self._question(int(match.group(1)), request)
        return _problem(404, "Not Found", f"no such path: {request.path}")

    def _expanded(self, item: dict[str, Any], request: Request, cut: bool) -> dict[str, Any]:
        item = copy.deepcopy(item)
        value = item["value"]
        if (request.arg("expandMember") or "").lower() == "true":
            for id_field, member_field in (
                ("askingMemberId", "askingMember"),
                ("answeringMemberId", "answeringMember"),
                ("memberId", "member"),
            ):
                if member_field in value:
                    value[member_field] = self.members.get(value.get(id_field))
        if cut and value.get("id") in self.truncated:
            for name in ("questionText", "answerText"):
                text = value.get(name)
                if isinstance(text, str) and len(text) > CUT_AT:
                    value[name] = text[:CUT_AT] + "..."
        return item

    def _questions(self, request: Request) -> list[dict[str, Any]]:
        search = request.arg("searchTerm")
        tabled, answered = request.arg("tabledWhenFrom"), request.arg("answeredWhenFrom")
        return [
            self._expanded(item, request, cut=True)
            for item in self.questions
            if _matches(
                search,
                item["value"].get("heading"),
                item["value"].get("questionText"),
                item["value"].get("answerText"),
            )
            and _on_or_after(item["value"].get("dateTabled"), tabled)
            and _on_or_after(item["value"].get("dateAnswered"), answered)
        ]

    def _statements(self, request: Request) -> list[dict[str, Any]]:
        search, made = request.arg("searchTerm"), request.arg("madeWhenFrom")
        return [
            self._expanded(item, request, cut=False)
            for item in self.statements
            if _matches(search, item["value"].get("title"), item["value"].get("text"))
            and _on_or_after(item["value"].get("dateMade"), made)
        ]

    def _list(self, request: Request, items: list[dict[str, Any]]) -> Reply:
        skip = _number(request.arg("skip"), 0)
        take = _number(request.arg("take"), DEFAULT_TAKE)
        return _json({"totalResults": len(items), "results": items[skip : skip + take]})

    def _question(self, ident: int, request: Request) -> Reply:
        for item in self.questions:
            if item["value"].get("id") == ident:
                return _json(self._expanded(item, request, cut=False))
        return _problem(404, "Not Found", f"No question with id {ident}")


def _link(kind: str, ident: int) -> dict[str, str]:
    return {"rel": "self", "href": f"/{kind}/{ident}", "method": "GET"}


class HansardFixture:
    """The Hansard API's contribution search (spoken contributions)."""

    def __init__(self) -> None:
        self.contributions: list[dict[str, Any]] = []
        self._ids = count(1)

    def add_contribution(
        self,
        *,
        debate: str,
        text: str,
        sitting_on: date,
        house: str = "Commons",
        member_id: int | None = 900_001,
        member_name: str = "Fixture Member",
        attributed_to: str = "",
        ext_id: str | None = None,
        debate_ext_id: str | None = None,
        order: int | None = None,
    ) -> dict[str, Any]:
        """A spoken contribution in SearchReferencesItem's shape (`text` may be HTML)."""
        number = next(self._ids)
        plain = " ".join(_untagged(text).split())
        result = {
            "MemberName": member_name,
            "MemberId": member_id,
            "AttributedTo": attributed_to or member_name,
            "ItemId": number,
            "ContributionExtId": ext_id or f"FIXTURE-C-{number:06d}",
            "ContributionText": plain[:200],
            "ContributionTextFull": text,
            "HRSTag": "hs_Para",
            "HansardSection": None,
            "Timecode": None,
            "DebateSection": debate,
            "DebateSectionId": 7_000_000 + number,
            "DebateSectionExtId": debate_ext_id or f"FIXTURE-D-{number:06d}",
            "SittingDate": _stamp(sitting_on),
            "Section": f"{house} Chamber",
            "House": house,
            "OrderInDebateSection": order if order is not None else number,
            "DebateSectionOrder": 1,
            "Rank": number,
        }
        self.contributions.append(result)
        return result

    def spoil(self, result: dict[str, Any], field: str = "DebateSectionExtId") -> None:
        """Make `result` malformed (it loses `field`)."""
        result.pop(field, None)

    def handler(self, request: Request) -> Reply:
        match = re.fullmatch(r"/search/contributions/(\w+)\.json", request.path, re.IGNORECASE)
        if not match:
            return _json({"Message": f"No HTTP resource was found at {request.path}"}, 404)
        spoken = match.group(1).lower() == "spoken"
        search = request.arg("queryParameters.searchTerm")
        start = request.arg("queryParameters.startDate")
        results = [
            copy.deepcopy(result)
            for result in (self.contributions if spoken else [])
            if _matches(
                search, _untagged(result.get("ContributionTextFull")), result.get("DebateSection")
            )
            and _on_or_after(result.get("SittingDate"), start)
        ]
        descending = request.arg("queryParameters.orderBy") == "SittingDateDesc"
        results.sort(key=_sitting, reverse=descending)
        skip, take = request.arg("queryParameters.skip"), request.arg("queryParameters.take")
        total = len(results)
        if skip is not None or take is not None:  # "can be omitted to return all results"
            first = _number(skip, 0)
            results = results[first : first + _number(take, total)]
        return _json(
            {
                "SearchTerms": [search] if search else [],
                "SpokenResultCount": total if spoken else 0,
                "WrittenResultCount": 0,
                "CorrectionsResultCount": 0,
                "DivisionsResultCount": 0,
                "Results": results,
                "TotalResultCount": total,
            }
        )


def _untagged(html: Any) -> str:
    return re.sub(r"<[^>]*>", " ", html) if isinstance(html, str) else ""


def _sitting(result: dict[str, Any]) -> str:
    return str(result.get("SittingDate") or "")
