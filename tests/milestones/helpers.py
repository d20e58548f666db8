"""Helpers for the milestones tests: a fixed clock, the timeline read as headings and titles."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

# Tuesday 24 November 2026, noon UK time (GMT).
NOW = datetime(2026, 11, 24, 12, tzinfo=UTC)
CLOCK = {"CLOCK": lambda: NOW}

_OUTLINE = re.compile(r"<h2 id=\"(\w+)-heading\">|<h3 id=\"([\w-]+)\">|<h4><a [^>]*>([^<]*)</a>")


def outline(response) -> list[str]:
    """The timeline as read top to bottom: 'upcoming', '#upcoming-2026-11' for a month group,
    then the titles in it."""
    found = []
    for section, group, title in _OUTLINE.findall(response.get_data(as_text=True)):
        found.append(section or (f"#{group}" if group else html.unescape(title)))
    return found


def titles(response) -> list[str]:
    return [t for t in outline(response) if not t.startswith("#") and t not in ("upcoming", "past")]
