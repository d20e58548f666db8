"""Statistics: create and update, with the period rule, the source check and ask linking."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import Session

from campaign.common.choices import active_values
from campaign.common.keys import unique_key
from campaign.common.services import ServiceError, assign
from campaign.models import Statistic
from campaign.sources.citing_services import check_source, link_to_ask
from campaign.statistics import derived
from campaign.statistics.rules import period_error, range_error

FIELDS = (*Statistic.__content__, "source_id")


def _check(session: Session, data: dict[str, Any], *, current_source_id: int | None = None):
    value = data.get("value")
    # Exact figures only: a float (or anything else) has already lost digits.
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ServiceError("Enter the figure as an exact number, e.g. 33,226.", field="value")
    if message := range_error(value, data.get("value_max")):
        raise ServiceError(message, field="value_max")
    if message := period_error(data.get("period_start"), data.get("period_end")):
        raise ServiceError(message, field="period_end")
    check_source(session, data.get("source_id"), current_id=current_source_id)


def create_statistic(*, session: Session, data: dict[str, Any]) -> Statistic:
    """A new statistic; linked to the ask `data["link_ask_id"]` when one is given; derived
    when the data has a `formula` and its `inputs` (keys)."""
    _check(session, data)
    statistic = Statistic(
        key=unique_key(session, Statistic, data["label"]),
        label=data["label"],
        value=data["value"],
        unit=data["unit"],
    )
    assign(statistic, data, FIELDS)
    session.add(statistic)
    session.flush()
    derived.apply_form(session=session, statistic=statistic, data=data)
    if data.get("link_ask_id") is not None:
        link_to_ask(session, statistic, ask_id=data["link_ask_id"])
    return statistic


def update_statistic(statistic: Statistic, *, session: Session, data: dict[str, Any]) -> None:
    """Save the changes; the statistics computed from this one are recomputed with them."""
    _check(session, data, current_source_id=statistic.source_id)
    assign(statistic, data, FIELDS)
    session.add(statistic)
    session.flush()
    derived.apply_form(session=session, statistic=statistic, data=data)
    derived.recompute_dependents(session=session, changed_ids=[statistic.id])


def period_labels(session: Session) -> list[tuple[str, str]]:
    """Distinct period labels of active statistics, for the list filter."""
    return active_values(session, Statistic, Statistic.period_label)
