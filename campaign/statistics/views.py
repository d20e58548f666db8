from datetime import date

from flask import flash
from sqlalchemy.orm import selectinload
from sqlmodel import func

from campaign.charts.images import chart_data_uri
from campaign.common.listing import Filter, ListSpec, enum_filter
from campaign.crud import Column, EntityViews
from campaign.db import get_session
from campaign.models import Statistic, StatisticUnit
from campaign.models.ordering import casefold
from campaign.rendering import format_date, format_statistic
from campaign.search import text_filter
from campaign.sources import citing, citing_services
from campaign.sources.filters import source_filter
from campaign.statistics import bp, claim_checks, derived, display, services
from campaign.statistics.entity import ENTITY


def _period(stat: Statistic) -> str:
    if stat.period_label:
        return stat.period_label
    if stat.period_start or stat.period_end:
        return f"{format_date(stat.period_start)} – {format_date(stat.period_end)}".strip(" –")
    return ""


def _detail_context(session, stat):
    chart = claim_checks.chart_of(session=session, statistic=stat)
    return {
        "links": citing_services.ask_links(session, stat),
        "terms": display.formula_terms(stat),
        "not_computed": display.why_not_computed(stat),
        "used_by": derived.used_by(session=session, statistic=stat),
        "computed": display.format_computed,
        "claim_result": claim_checks.result_for(session=session, statistic=stat),
        "chart": chart,
        "chart_image": chart_data_uri,
    }


def _after_save(obj, data, created: bool) -> str | None:
    """The source warning and the return to an ask (citing.after_save), then the claim check
    of this figure and of every figure computed from it, as warnings while they are saved."""
    redirect_to = _citing_after_save(obj, data, created)
    for message in claim_checks.warnings_after_save(session=get_session(), statistic=obj):
        flash(message, "warning")
    return redirect_to


_citing_after_save = citing.after_save("statistic")


# Archiving or restoring a statistic recomputes the statistics computed from it through the
# archive service's announcement, whichever door it comes by (derived._archived_or_restored).
views = EntityViews(
    after_save=_after_save,
    blueprint=bp,
    entity=ENTITY,
    listing=ListSpec(
        model=Statistic,
        # No sort by value: it is stored as exact text, so SQL would order "9" after "10".
        sorts={
            "label": casefold(Statistic.label),
            # Undated periods sort as the oldest on both databases (NULLs order differently).
            "period": func.coalesce(Statistic.period_start, Statistic.period_end, date.min),
            "updated": Statistic.updated_at,
        },
        default_sort="label",
        text_search=text_filter("statistics"),  # through the full-text index: docs/search.md
        search=[Statistic.label, Statistic.published_wording, Statistic.claim, Statistic.geography],
        filters=[
            enum_filter("unit", "Unit", Statistic.unit, StatisticUnit),
            source_filter(Statistic),
            Filter(
                "period",
                "Period",
                services.period_labels,
                lambda query, value: query.where(Statistic.period_label == value),
            ),
        ],
        options=[selectinload(Statistic.source)],
    ),
    columns=[
        Column("Label", lambda s: s.label, sort="label", link=True),
        Column("Figure", format_statistic),
        Column("Period", _period, sort="period"),
        Column("Source", lambda s: s.source.title if s.source else "No source"),
    ],
    detail_template="statistics/detail.html",
    detail_context=_detail_context,
)
views.register()
