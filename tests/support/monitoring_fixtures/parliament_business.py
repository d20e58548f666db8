"""Stand-ins for UK Parliament's Bills API and Committees API, in their real shapes, for
`RecordedServer.mount(PREFIX, fixture.handler)`.

    bills = BillsFixture()
    bills.add_recorded()                                    # bill 3548, real (recorded/)
    bills.add_bill(9001, "Online Safety (Fixture) Bill", updated=datetime(2026, 12, 7, 9))
    bills.add_stage(9001, 7001, "2nd reading", sittings=[(8001, date(2026, 12, 7))])
    server.mount(BILLS_PREFIX, bills.handler)

The shapes are docs/monitoring-sources.md's ("Bills and Committees": [SPEC-B], [SPEC-C]); the
real items are in recorded/ (recorded/README.md says where each comes from). What the
adapters rely on is implemented as the specs describe it: the paths, `SearchTerm` (here: every
word of it appears, ignoring case), the filters, `Skip`/`Take` paging with `totalResults`, and
malformed items (`add_malformed`). Everything generated is named "(fixture)".
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tests.support.recorded_server import Reply, Request

BILLS_PREFIX = "bills"
COMMITTEES_PREFIX = "committees"
RECORDED = Path(__file__).resolve().parent / "recorded"
BILLS_TAKE = 20  # the spec documents no default `Take` for /api/v1/Bills
COMMITTEES_TAKE = 30  # [SPEC-C]: `Take` "defaults to 30"

# BillSummary's fields ([SPEC-B]); a Bill adds longTitle, summary, sponsors, promoters ...
SUMMARY_FIELDS = (
    "billId",
    "shortTitle",
    "formerShortTitle",
    "currentHouse",
    "originatingHouse",
    "lastUpdate",
    "billWithdrawn",
    "isDefeated",
    "billTypeId",
    "introducedSessionId",
    "includedSessionIds",
    "isAct",
    "currentStage",
)
# CommitteeBusinessDetails adds these to CommitteeBusinessSummary ([SPEC-C]).
DETAIL_ONLY_FIELDS = ("scope", "relatedInformation", "banner", "hcNumbers")


def recorded(name: str) -> dict[str, Any]:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def json_reply(data: Any, status: int = 200) -> Reply:
    return Reply(status, json.dumps(data))


def has_words(search: str | None, *texts: Any) -> bool:
    """Every word of `search` appears in the texts, ignoring case (no search: everything)."""
    words = re.findall(r"\w+", (search or "").lower())
    haystack = " ".join(t for t in texts if isinstance(t, str)).lower()
    return all(word in haystack for word in words)


def paged(request: Request, items: list[Any], default_take: int) -> dict[str, Any]:
    """A list wrapper (`items`, `totalResults`, `itemsPerPage`) for Skip/Take."""
    skip = max(int(request.arg("Skip") or 0), 0)
    take = max(int(request.arg("Take") or default_take), 0)
    return {
        "items": items[skip : skip + take],
        "totalResults": len(items),
        "itemsPerPage": take,
    }


def stamp(moment: date | datetime | None) -> str | None:
    """A date-time as these APIs write it: no zone ("2024-03-13T00:00:00")."""
    if moment is None:
        return None
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    return moment.replace(tzinfo=None).isoformat(timespec="seconds")


def insert_malformed(items: list[Any], malformed: list[tuple[int, Any]]) -> list[Any]:
    items = list(items)
    for position, item in malformed:
        items.insert(min(position, len(items)), item)
    return items


@dataclass
class BillsFixture:
    """/api/v1/Bills, /api/v1/Bills/{id} and /api/v1/Bills/{id}/Stages."""

    bills: dict[int, dict[str, Any]] = field(default_factory=dict)  # each a `Bill`
    stages: dict[int, list[dict[str, Any]]] = field(default_factory=dict)  # StageSummary[]
    malformed: list[tuple[int, Any]] = field(default_factory=list)

    def add_recorded(self) -> dict[str, Any]:
        """Bill 3548 as the API answered it, its current stage (with its sitting) as its
        only stage."""
        bill = recorded("bills/bill_3548.json")
        self.bills[bill["billId"]] = bill
        self.stages[bill["billId"]] = [copy.deepcopy(bill["currentStage"])]
        return bill

    def add_bill(
        self,
        bill_id: int,
        short_title: str,
        *,
        updated: datetime,
        long_title: str = "",
        member_id: int | None = None,
        member_name: str = "",
        department: str = "",
    ) -> dict[str, Any]:
        """A bill shaped as the recorded one; its sponsor a member and/or a department."""
        bill = recorded("bills/bill_3548.json")
        sponsors = []
        if member_id is not None or department:
            member = copy.deepcopy(bill["sponsors"][0]["member"]) if member_id else None
            if member is not None:
                member.update(
                    memberId=member_id,
                    name=member_name,
                    party="Fixture Party",
                    memberPhoto=None,
                    memberPage=None,
                    memberFrom="Constituency (fixture)",
                )
            organisation = {"name": department, "url": None} if department else None
            sponsors.append({"member": member, "organisation": organisation, "sortOrder": 1})
        bill.update(
            billId=bill_id,
            shortTitle=short_title,
            longTitle=long_title or f"A Bill (fixture) numbered {bill_id}.",
            sponsors=sponsors,
            lastUpdate=stamp(updated),
            currentStage=None,
        )
        self.bills[bill_id] = bill
        self.stages[bill_id] = []
        return bill

    def add_stage(
        self,
        bill_id: int,
        stage_id: int,
        description: str,
        *,
        house: str = "Commons",
        sittings: Sequence[tuple[int, date | None]] = (),
    ) -> dict[str, Any]:
        """A stage (the bill's current one from now on) with its sittings (id, day)."""
        stage = {
            "id": stage_id,
            "stageId": 7,
            "sessionId": 40,
            "description": description,
            "abbreviation": "",
            "house": house,
            "stageSittings": [],
            "sortOrder": len(self.stages[bill_id]) + 1,
        }
        self.stages[bill_id].append(stage)
        for sitting_id, day in sittings:
            self.add_sitting(bill_id, stage_id, sitting_id, day)
        self.bills[bill_id]["currentStage"] = stage
        return stage

    def add_sitting(self, bill_id: int, stage_id: int, sitting_id: int, day: date | None) -> None:
        stage = next(s for s in self.stages[bill_id] if s["id"] == stage_id)
        stage["stageSittings"].append(
            {
                "id": sitting_id,
                "stageId": stage["stageId"],
                "billStageId": stage_id,
                "billId": bill_id,
                "date": stamp(day),
            }
        )

    def add_malformed(self, item: Any, *, position: int = 0) -> None:
        """An item served as is at `position` of every listing (a malformed result)."""
        self.malformed.append((position, item))

    def summary(self, bill: dict[str, Any]) -> dict[str, Any]:
        return {name: copy.deepcopy(bill.get(name)) for name in SUMMARY_FIELDS}

    def handler(self, request: Request) -> Reply:
        parts = [p for p in request.path.split("/") if p]
        if parts[:3] != ["api", "v1", "Bills"]:
            return json_reply({"error": "not found"}, 404)
        if len(parts) == 3:
            return json_reply(self.listing(request))
        bill_id = int(parts[3]) if parts[3].isdigit() else -1
        if bill_id not in self.bills:
            return json_reply({"status": 404, "title": "Not Found"}, 404)
        if len(parts) == 4:
            return json_reply(self.bills[bill_id])
        if parts[4:] == ["Stages"]:
            return json_reply(paged(request, self.stages[bill_id], BILLS_TAKE))
        return json_reply({"error": "not found"}, 404)

    def listing(self, request: Request) -> dict[str, Any]:
        search = request.arg("SearchTerm")
        found = [
            b
            for b in self.bills.values()
            if has_words(search, b.get("shortTitle"), b.get("formerShortTitle"))
        ]
        order = request.arg("SortOrder") or ""
        if order.startswith("DateUpdated"):
            found.sort(key=lambda b: b["lastUpdate"], reverse=order.endswith("Descending"))
        else:
            found.sort(key=lambda b: b["billId"])
        items = insert_malformed([self.summary(b) for b in found], self.malformed)
        return paged(request, items, BILLS_TAKE)


@dataclass
class CommitteesFixture:
    """/api/CommitteeBusiness, /api/CommitteeBusiness/{id} and /api/WrittenEvidence."""

    businesses: dict[int, dict[str, Any]] = field(default_factory=dict)  # ...Details
    evidence: dict[int, dict[str, Any]] = field(default_factory=dict)  # WrittenEvidence
    malformed_business: list[tuple[int, Any]] = field(default_factory=list)
    malformed_evidence: list[tuple[int, Any]] = field(default_factory=list)
    # Items as `{"value": item}`, as some public clients expect (docs/monitoring-sources.md).
    wrapped: bool = False

    def add_inquiry(
        self,
        business_id: int,
        title: str,
        *,
        opened: date,
        scope: str = "",
        accepting: tuple[date, date | None] | None = None,
        closed: date | None = None,
        period_id: int | None = None,
    ) -> dict[str, Any]:
        """An inquiry; `accepting` (start, end or None for rolling) opens a written-evidence
        submission period; `closed` ends the business."""
        periods = []
        if accepting is not None:
            periods.append(
                {
                    "id": period_id or business_id + 50_000,
                    "startDate": stamp(accepting[0]),
                    "endDate": stamp(accepting[1]),
                    "submissionType": "WrittenEvidence",
                    "isPromoted": False,
                    "statusMessage": None,
                    "allowSubmissionsPastEndDate": False,
                }
            )
        business = {
            "id": business_id,
            "title": title,
            "type": {"id": 1, "name": "Inquiry", "isInquiry": True, "description": None},
            "openDate": stamp(opened),
            "closeDate": stamp(closed),
            "latestReport": None,
            "openSubmissionPeriods": periods,
            "closedSubmissionPeriods": [],
            "nextOralEvidenceSession": None,
            "contact": None,
            "scope": scope,
            "relatedInformation": None,
            "banner": None,
            "hcNumbers": [],
        }
        self.businesses[business_id] = business
        return business

    def add_evidence(
        self,
        evidence_id: int,
        business_id: int,
        *,
        published: date | None,
        organisation: str = "",
        name: str | None = None,
        legacy_html_url: str | None = None,
        files: Sequence[dict[str, Any]] = (),
    ) -> dict[str, Any]:
        """Written evidence to an inquiry, from an organisation or a named person."""
        witness = {
            "id": evidence_id + 70_000,
            "personId": None,
            "name": name,
            "photoUrl": None,
            "memberInfo": None,
            "organisations": [{"name": organisation, "role": None}] if organisation else [],
            "submitterType": "Individual" if name else "Organisation",
            "additionalContext": None,
        }
        item = {
            "id": evidence_id,
            "publicationDate": stamp(published),
            "witnesses": [witness],
            "document": {"documentId": evidence_id + 90_000, "files": list(files)},
            "committees": [],
            "submissionId": None,
            "internalReference": f"FIX{evidence_id:04d}",
            "committeeBusiness": self.summary(self.businesses[business_id]),
            "hcNumber": None,
            "legacyHtmlUrl": legacy_html_url,
            "legacyPdfUrl": None,
            "anonymous": False,
            "anonymousWitnessText": None,
        }
        self.evidence[evidence_id] = item
        return item

    def add_recorded_evidence(self, business_id: int, *, published: date) -> dict[str, Any]:
        """WrittenEvidence/1 as probed (recorded/README.md), with what the capture left out
        added here: its `id` (1, from its URL), a `publicationDate` and the inquiry."""
        item = recorded("committees/written_evidence_1.json")
        item.update(
            id=1,
            publicationDate=stamp(published),
            committeeBusiness=self.summary(self.businesses[business_id]),
        )
        self.evidence[1] = item
        return item

    def summary(self, business: dict[str, Any]) -> dict[str, Any]:
        return {k: copy.deepcopy(v) for k, v in business.items() if k not in DETAIL_ONLY_FIELDS}

    def wrap(self, items: list[Any]) -> list[Any]:
        return [{"value": item, "links": []} for item in items] if self.wrapped else items

    def handler(self, request: Request) -> Reply:
        parts = [p for p in request.path.split("/") if p]
        if parts == ["api", "CommitteeBusiness"]:
            search = request.arg("SearchTerm")
            if search is not None and len(search) < 2:
                return json_reply({"errors": {"SearchTerm": ["2 characters or more"]}}, 400)
            return json_reply(self.business_listing(request))
        if parts[:2] == ["api", "CommitteeBusiness"] and len(parts) == 3:
            business = self.businesses.get(int(parts[2]) if parts[2].isdigit() else -1)
            if business is None:
                return json_reply({"status": 404, "title": "Not Found"}, 404)
            return json_reply(business)
        if parts == ["api", "WrittenEvidence"]:
            return json_reply(self.evidence_listing(request))
        return json_reply({"error": "not found"}, 404)

    def business_listing(self, request: Request) -> dict[str, Any]:
        search, status = request.arg("SearchTerm"), request.arg("Status")
        accepting = (request.arg("CurrentlyAcceptingEvidence") or "").lower() == "true"
        date_from = request.arg("DateFrom")
        found = [
            b
            for b in self.businesses.values()
            if has_words(search, b["title"])
            and (status != "Open" or b["closeDate"] is None)
            and (status != "Closed" or b["closeDate"] is not None)
            and (
                not accepting
                or any(p["submissionType"] == "WrittenEvidence" for p in b["openSubmissionPeriods"])
            )
            and (not date_from or b["openDate"][:10] >= date_from[:10])
        ]
        order = request.arg("SortOrder") or ""
        found.sort(key=lambda b: (b["openDate"], b["id"]), reverse=order == "DateOpenedNewest")
        items = insert_malformed([self.summary(b) for b in found], self.malformed_business)
        return {**paged(request, self.wrap(items), COMMITTEES_TAKE), "links": []}

    def evidence_listing(self, request: Request) -> dict[str, Any]:
        business = request.arg("CommitteeBusinessId")
        start, end = request.arg("StartDate"), request.arg("EndDate")
        search = request.arg("SearchTerm")
        found = []
        for item in sorted(self.evidence.values(), key=lambda e: e["id"]):
            day = (item.get("publicationDate") or "")[:10]
            witnesses = item.get("witnesses") or []
            names = [w.get("name") for w in witnesses] + [
                o.get("name") for w in witnesses for o in w.get("organisations") or []
            ]
            if business and str((item.get("committeeBusiness") or {}).get("id")) != business:
                continue
            if (start and (not day or day < start[:10])) or (end and day > end[:10]):
                continue
            if search and not any(has_words(search, n) for n in names if n):
                continue
            found.append(item)
        items = insert_malformed(found, self.malformed_evidence)
        return {**paged(request, self.wrap(items), COMMITTEES_TAKE), "links": []}
