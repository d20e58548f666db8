"""Thin view: the Claims page, every checked claim with its stored verdict, reason and flags,
filtered by ask, verdict and flag (`?ask=<slug>&verdict=…&flag=…`), counted and paged in SQL
(campaign/claims/listing.py)."""

from __future__ import annotations

from flask import current_app, render_template, request

from campaign import clock
from campaign.claims import checking, listing
from campaign.claims.figures import FlagKind
from campaign.claims.verdicts import Verdict
from campaign.claims.web import bp
from campaign.common.listing import Filter, Page
from campaign.db import get_session


def age_in_words(days: int) -> str:
    """1095 -> "3 years"; 400 -> "400 days"."""
    if days >= 365 and days % 365 == 0:
        years = days // 365
        return f"{years} year{'s' if years > 1 else ''}"
    return f"{days} days"


def max_age_days() -> int:
    return int(current_app.config["STATISTIC_MAX_AGE_DAYS"])


def _filter(name: str, label: str, choices: list[tuple[str, str]]) -> tuple[Filter, list]:
    return Filter(name, label, lambda _session: choices, lambda query, _value: query), choices


@bp.get("/")
def index():
    session = get_session()
    args = {name: (request.args.get(name) or "").strip() for name in ("ask", "verdict", "flag")}
    ask = checking.find_ask(session, args["ask"]) if args["ask"] else None
    claims = listing.ClaimFilter(
        today=clock.today(),
        max_age_days=max_age_days(),
        ask=ask,
        verdict=args["verdict"],
        flag=args["flag"],
    )
    per_page = int(current_app.config["PER_PAGE"])
    number = request.args.get("page", 1, type=int) or 1
    if args["ask"] and ask is None:
        # An ask that does not exist matches nothing, as on the app's lists.
        summary = checking.summarise([])
        page = Page(items=[], total=0, page=1, per_page=per_page)
    else:
        counts, flagged = listing.summary_counts(session=session, claims=claims)
        summary = checking.Summary(counts=counts, flagged=flagged, total=sum(counts.values()))
        total = (
            listing.count(session=session, claims=claims)
            if args["verdict"] or args["flag"]
            else summary.total
        )
        number = max(1, min(number, -(-total // per_page) or 1))
        items = listing.listed(
            session=session, claims=claims, offset=(number - 1) * per_page, limit=per_page
        )
        page = Page(items=items, total=total, page=number, per_page=per_page)
    filters = [
        _filter("ask", "Ask", checking.ask_choices(session)),
        _filter("verdict", "Verdict", Verdict.choices()),
        _filter("flag", "Flag", checking.flag_choices()),
    ]
    return render_template(
        "claims/index.html",
        page=page,
        summary=summary,
        filters=filters,
        args=request.args,
        ask=ask,
        unknown_ask=args["ask"] if args["ask"] and ask is None else "",
        value_display=checking.value_display,
        flag_kinds=FlagKind,
        max_age=age_in_words(max_age_days()),
    )
