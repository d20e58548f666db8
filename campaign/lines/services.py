"""Lines to take: create and update."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from campaign.common.keys import unique_key
from campaign.common.services import assign
from campaign.models import LineToTake

FIELDS = ("title", "line", "context", "status", "review_by")


def create_line(*, session: Session, data: dict[str, Any]) -> LineToTake:
    key = unique_key(session, LineToTake, data["title"])
    line = LineToTake(key=key, title=data["title"], line=data["line"])
    assign(line, data, FIELDS)
    session.add(line)
    session.flush()
    return line


def update_line(line: LineToTake, *, session: Session, data: dict[str, Any]) -> None:
    assign(line, data, FIELDS)
    session.add(line)
    session.flush()
