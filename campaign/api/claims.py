"""`GET /api/v1/claims`: the claim checker's results as JSON. Parsing the filters (a bad one is a
400 naming the parameter, as on every list) and the serialiser for one result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from campaign.api.links import api_url
from campaign.api.params import bad_parameter
from campaign.claims import ClaimResult, FlagKind, Verdict, checking
from campaign.models import Ask
from campaign.models.types import canonical_decimal

Json = dict


@dataclass(frozen=True)
class ClaimArgs:
    ask: Ask | None
    verdict: str
    flag: str


def _text(args: Mapping[str, str], name: str) -> str:
    value = (args.get(name) or "").strip()
    if "\x00" in value:
        raise bad_parameter(name, "must not contain a NUL character")
    return value


def parse_claim_args(session: Session, args: Mapping[str, str]) -> ClaimArgs:
    """`ask` (a slug that exists), `verdict` and `flag` (a flag kind, or `any`)."""
    slug = _text(args, "ask")
    ask = checking.find_ask(session, slug) if slug else None
    if slug and ask is None:
        raise bad_parameter("ask", f"no ask '{slug}'")
    verdict = _text(args, "verdict")
    if verdict and verdict not in {v.value for v in Verdict}:
        raise bad_parameter("verdict", f"must be one of {', '.join(v.value for v in Verdict)}")
    flag = _text(args, "flag")
    kinds = [checking.ANY_FLAG, *(k.value for k in FlagKind)]
    if flag and flag not in kinds:
        raise bad_parameter("flag", f"must be one of {', '.join(kinds)}")
    return ClaimArgs(ask=ask, verdict=verdict, flag=flag)


def claims_body(
    session: Session, args: Mapping[str, str], *, today: date, max_age_days: int
) -> Json:
    """{items, total, counts}: `counts` are per verdict over every claim checked (for the ask,
    if given) before the verdict and flag filters; `total` is the number of items."""
    parsed = parse_claim_args(session, args)
    results = checking.claim_results(
        session=session, ask=parsed.ask, today=today, max_age_days=max_age_days
    )
    summary = checking.summarise(results)
    items = [
        claim_dict(r)
        for r in results
        if checking.matches(r, verdict=parsed.verdict, flag=parsed.flag)
    ]
    return {
        "items": items,
        "total": len(items),
        "counts": {verdict.value: count for verdict, count in summary.counts.items()},
    }


def claim_dict(result: ClaimResult) -> Json:
    check = result.check
    value = checking.value_checked(result)
    return {
        "key": result.key,
        "label": result.label,
        "claim": result.facts.claim,
        "value_checked": None if value is None else canonical_decimal(value),
        "value_display": checking.value_display(result),
        "derived": bool(result.facts.formula),
        "verdict": result.verdict.value,
        "reason": check.reason,
        "honest_wording": check.honest_wording,
        "failed": [e.phrase for e in check.failed],
        "flags": [{"kind": f.kind.value, "message": f.message} for f in result.flags],
        "api_url": api_url("api.statistic", key=result.key),
    }
