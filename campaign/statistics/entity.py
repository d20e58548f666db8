"""The statistic as a record (campaign.entities): a figure with its source and caveats."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import selectinload
from sqlmodel import func

from campaign.common.listing import ListSpec
from campaign.entities import ApiSpec, AskLinks, BundleSpec, Entity, SearchSpec
from campaign.entities.params import enum_param, keyed
from campaign.entities.public import Json, api_url, iso, linked_asks, source_ref, tracking, value
from campaign.models import AskStatistic, Source, Statistic, StatisticUnit
from campaign.models.types import canonical_decimal
from campaign.rendering import format_statistic
from campaign.sources import citing
from campaign.statistics import services
from campaign.statistics.derived import input_keys
from campaign.statistics.forms import StatisticForm


def _exact(number: Decimal | None) -> str | None:
    return None if number is None else canonical_decimal(number)


def _formula(stat: Statistic) -> Json | None:
    """A derived statistic's formula and its inputs' keys, in order (callers load `inputs`)."""
    if stat.formula is None:
        return None
    return {"kind": value(stat.formula), "inputs": input_keys(stat)}  # "?": not published


def fields(stat: Statistic) -> Json:
    """The statistic's own JSON, as embedded in an ask."""
    return {
        "key": stat.key,
        "label": stat.label,
        "value": canonical_decimal(stat.value),
        # A range's upper bound (suppressed small numbers, docs/returns.md); null: exact.
        "value_max": _exact(stat.value_max),
        "unit": value(stat.unit),
        "display": format_statistic(stat),
        "period": {
            "label": stat.period_label,
            "start": iso(stat.period_start),
            "end": iso(stat.period_end),
        },
        "geography": stat.geography,
        "coverage": stat.coverage,
        "caveats": stat.caveats,
        "as_of": iso(stat.as_of),
        "published_wording": stat.published_wording,
        "claim": stat.claim,
        "basis": stat.basis,
        "formula": _formula(stat),
        "computed_value": _exact(stat.computed_value),
        "chart": stat.chart,
        "chart_label": stat.chart_label,
        "source": source_ref(stat.source),
        **tracking(stat),
        "api_url": api_url("api.statistic", key=stat.key),
    }


def public(stat: Statistic, **_: Any) -> Json:
    return {**fields(stat), "asks": linked_asks(stat.ask_links)}


def sample(n: int) -> dict[str, Any]:
    return {"label": f"Statistic {n}", "value": str(100 + n), "unit": "count"}


ENTITY = Entity(
    name="statistic",
    search=SearchSpec(
        3,
        "label",
        ("published_wording", "claim", "geography", "period_label", "coverage", "caveats"),
    ),
    plural="statistics",
    model=Statistic,
    form=StatisticForm,
    create=services.create_statistic,
    update=services.update_statistic,
    prepare_form=citing.prepare_form,
    api=ApiSpec(
        listing=ListSpec(
            model=Statistic,
            sorts={
                "label": func.lower(Statistic.label),
                "as_of": Statistic.as_of,
                "updated": Statistic.updated_at,
            },
            default_sort="label",
            search=[Statistic.label],
            options=[
                selectinload(Statistic.source),
                selectinload(Statistic.inputs),
                selectinload(Statistic.ask_links).selectinload(AskStatistic.ask),
            ],
        ),
        public=public,
        params=[
            keyed("source", Statistic.source_id, Source, "source with key"),
            enum_param("unit", Statistic.unit, StatisticUnit),
        ],
    ),
    ask_links=AskLinks(AskStatistic, "statistic_id"),
    bundle=BundleSpec("statistics", custom=True),
    sample=sample,
)
