"""Test helpers shared by the responses, milestones and dashboard tests."""

from __future__ import annotations

import html
import re


def page_text(response) -> str:
    """The page's visible text: tags dropped, entities decoded, whitespace collapsed."""
    text = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    text = re.sub(r"\s+", " ", html.unescape(text)).strip()
    text = re.sub(r"\( ", "(", text)  # "(<a>…</a>)" reads "(…)"
    return re.sub(r" ([:,.;)])", r"\1", text)  # "<time>…</time>:" reads "… 2025:"
