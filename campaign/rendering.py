"""Jinja filters and globals: sanitised Markdown, exact figures, dates at their precision."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import urlencode

import nh3
from flask import Flask, request, url_for
from markdown_it import MarkdownIt
from markupsafe import Markup

from campaign.clock import UK
from campaign.models.enums import DatePrecision, LabelledEnum, StatisticUnit

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


def markdown(text: str | None) -> Markup:
    """Markdown to HTML, then sanitised with nh3: raw HTML and javascript: links never pass."""
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704  # nosec B704  # sanitised by nh3 just above


def format_number(value: Decimal | int | None) -> str:
    """33226 -> '33,226'; keeps every decimal digit that was entered."""
    if value is None:
        return ""
    return f"{Decimal(value):,f}"


def format_figure(value: Decimal | None, unit: StatisticUnit | str | None) -> str:
    if value is None:
        return ""
    number = format_number(value)
    match StatisticUnit(unit) if unit else None:
        case StatisticUnit.PERCENT:
            return f"{number}%"
        case StatisticUnit.GBP:
            return f"£{number}"
        case _:
            return number


def format_range(
    value: Decimal | None,
    value_max: Decimal | None,
    unit: StatisticUnit | str | None,
    *,
    at_least: bool = False,
) -> str:
    """A statistic's figure, exact or a range (value_max: its upper bound, None when exact):
    '4,480', '4,480 to 4,520', or with `at_least` 'at least 4,480' (a total that includes
    suppressed small numbers, in a sentence)."""
    if value is None:
        return ""
    if value_max is None or value_max == value:
        return format_figure(value, unit)
    if at_least:
        return f"at least {format_figure(value, unit)}"
    return f"{format_figure(value, unit)} to {format_figure(value_max, unit)}"


def format_statistic(statistic, *, at_least: bool = False) -> str:
    """format_range for anything with value, value_max and unit (a Statistic)."""
    return format_range(
        statistic.value,
        getattr(statistic, "value_max", None),
        statistic.unit,
        at_least=at_least,
    )


def format_date(value: date | datetime | None, precision: DatePrecision | str = "day") -> str:
    """The one date format: '7 December 2026', or 'July 2026' or '2027' for a date known only
    to the month or the year. A moment (an aware datetime) is shown as its UK calendar day."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = uk_day(value)
    match DatePrecision(precision):
        case DatePrecision.YEAR:
            return f"{value.year}"
        case DatePrecision.MONTH:
            return value.strftime("%B %Y")
        case _:
            return f"{value.day} {value.strftime('%B %Y')}"


def uk_day(value: datetime) -> date:
    """The UK calendar day of a datetime (a naive one is taken as UTC, as stored)."""
    return _uk(value).date()


def _uk(value: datetime) -> datetime:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UK)


def format_datetime(value: datetime | None) -> str:
    """The one date-time format: '7 December 2026, 01:44 GMT' in UK time, with GMT or BST
    as the moment requires (the zone names the hour when the clocks go back and an hour
    happens twice)."""
    if value is None:
        return ""
    local = _uk(value)
    return f"{format_date(local.date())}, {local:%H:%M} {local.tzname()}"


def label(value: LabelledEnum | str | None) -> str:
    if value is None:
        return ""
    return value.label if isinstance(value, LabelledEnum) else str(value).replace("_", " ")


def url_with(**changes) -> str:
    """The current URL with some query arguments changed (for sorting and paging links).

    The query arguments only ever go into the query string: handed to `url_for` as keywords,
    `?endpoint=x` was an error and `?_external=1&_scheme=javascript` or `?_anchor=x` changed
    the link itself. The path is the current endpoint with its own URL variables only."""
    args = request.args.copy()
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = str(value)
    path = url_for(request.endpoint, **(request.view_args or {}))
    query = urlencode(list(args.items(multi=True)))
    return f"{path}?{query}" if query else path


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        markdown=markdown,
        number=format_number,
        figure=format_figure,
        figure_range=format_range,
        statistic_figure=format_statistic,
        date=format_date,
        datetime=format_datetime,
        label=label,
        uk_time=format_datetime,  # the same format, under the name older templates used
        uk_day=uk_day,
    )
    app.jinja_env.globals.update(url_with=url_with)
