"""`GET /api/v1/claims`: the claim checker's results as JSON. Parsing the filters (a bad one is a
400 naming the parameter, as on every list) and the serialiser for one result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from campaign.api.links import api_url, page_url
from campaign.api.params import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    bad_parameter,
    whole_number,
)
from campaign.claims import ClaimResult, FlagKind, Verdict, checking, listing
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
    if given) before the verdict and flag filters; `total` is the number of claims that pass
    the filters. Every one of them, unless `page` or `per_page` is given: then one page, with
    `page`, `per_page` and `next` as on the other lists (docs/api.md "Claims"). Read from the
    stored verdicts, filtered, ordered and paged in SQL (campaign/claims/listing.py)."""
    parsed = parse_claim_args(session, args)
    paged = bool(_text(args, "page") or _text(args, "per_page"))
    page = whole_number(args, "page", 1, MAX_PAGE)
    per_page = whole_number(args, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    claims = listing.ClaimFilter(
        today=today,
        max_age_days=max_age_days,
        ask=parsed.ask,
        verdict=parsed.verdict,
        flag=parsed.flag,
    )
    counts, _flagged = listing.summary_counts(session=session, claims=claims)
    window = {"offset": (page - 1) * per_page, "limit": per_page} if paged else {}
    items = [
        claim_dict(shown.result, failed=shown.failed)
        for shown in listing.listed(session=session, claims=claims, **window)
    ]
    body: Json = {
        "items": items,
        "total": listing.count(session=session, claims=claims) if paged else len(items),
        "counts": {verdict.value: count for verdict, count in counts.items()},
    }
    if paged:
        filters = {
            "ask": parsed.ask.slug if parsed.ask else "",
            "verdict": parsed.verdict,
            "flag": parsed.flag,
            "per_page": str(per_page),
        }
        query = {name: value for name, value in filters.items() if value}
        more = page * per_page < body["total"]
        next_url = page_url(page + 1, query) if more else None
        body.update(page=page, per_page=per_page, next=next_url)
    return body


def claim_dict(result: ClaimResult, *, failed: Sequence[str] | None = None) -> Json:
    """One result as JSON; `failed`: the failed phrases, when read from a stored verdict."""
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
        "failed": list(failed) if failed is not None else [e.phrase for e in check.failed],
        "flags": [{"kind": f.kind.value, "message": f.message} for f in result.flags],
        "api_url": api_url("api.statistic", key=result.key),
    }
