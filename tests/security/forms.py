"""Fill a real create form as a browser would: read the page's <form>, keep its hidden fields
and defaults, choose the first real option of each select, and type a value into each text
field (`type_text(name, maxlength)`), except those whose format is checked (OVERRIDES)."""

from __future__ import annotations

from html.parser import HTMLParser

# Fields that must hold a value of a given shape: left to the form's own default when None.
OVERRIDES: dict[str, str | None] = {
    # A commitment (issue 18): a due date the form reads, a web address, no status change.
    "due": "spring 2026",
    "source_url": "https://example.org/debate",
    "status_url": None,
    "interaction_id_find": None,
    "slug": None,  # made from the title
    "key": None,
    "owner_email": "owner@example.org",
    "url": "https://example.org/report",
    "website": "https://example.org/",
    "value": "33226",
    "value_max": None,  # a range's upper bound: blank for an exact figure
    "inputs": None,
    "chart": None,
    "reminders": None,
    "also_remind": None,
    "published_on": "2025-04-01",
    "period_start": None,
    "period_end": None,
    "as_of": None,
    "evidence_date": "2025-03-01",
    "response_date": "2025-05-01",
    "reply_expected_by": None,
    "milestone_date": "2026-07-01",
    "date": "2026-07-01",
    # A watch (issue 19): terms in their syntax, one source ticked, no feed addresses.
    "terms": "online safety",
    "sources": "hansard",
    "feeds": None,
}
TEXT_TYPES = {"text", "search", None, ""}
# Optional selects given their first real option, so the row is linked to the others.
CHOSEN = ("organisation_id", "source_id", "link_ask_id", "position", "kind", "unit", "channel")


class _FormReader(HTMLParser):
    def __init__(self, action_path: str):
        super().__init__()
        self.action_path = action_path
        self.in_form = False
        self.fields: list[dict] = []
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.in_form = (a.get("method") or "").lower() == "post" and (
                a.get("action") in (None, "", self.action_path)
            )
            return
        if not self.in_form:
            return
        if tag == "input" and a.get("name"):
            self.fields.append({"tag": "input", **a})
        elif tag == "textarea" and a.get("name"):
            self._textarea = {"tag": "textarea", "value": "", **a}
            self.fields.append(self._textarea)
        elif tag == "select" and a.get("name"):
            self._select = {"tag": "select", "options": [], **a}
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append((a.get("value", ""), "selected" in a))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def fill(page_html: str, action_path: str, type_text) -> tuple[dict, list[str]]:
    """(form data, names of the fields typed into) for the page's POST form to `action_path`."""
    reader = _FormReader(action_path)
    reader.feed(page_html)
    data: dict = {}
    typed: list[str] = []
    for field in reader.fields:
        name = field["name"]
        if field["tag"] == "select":
            chosen = [v for v, selected in field["options"] if selected]
            real = [v for v, _ in field["options"] if v not in ("", "0", "__None")]
            if chosen and chosen[0]:
                data[name] = chosen[0]
            elif real and ("required" in field or name.endswith(CHOSEN)):
                data[name] = real[0]
            continue
        kind = field.get("type")
        if field["tag"] == "input" and kind in ("hidden", "submit", "button"):
            if kind == "hidden":
                data[name] = field.get("value", "")
            continue
        if kind == "checkbox":
            if OVERRIDES.get(name):  # a choice the form requires (a watch's sources)
                data[name] = OVERRIDES[name]
            continue
        short = name.rsplit("-", 1)[-1]
        if short in OVERRIDES:
            if OVERRIDES[short] is not None:
                data[name] = OVERRIDES[short]
            continue
        if field["tag"] == "textarea" or kind in TEXT_TYPES:
            maxlength = int(field["maxlength"]) if field.get("maxlength") else None
            data[name] = type_text(name, maxlength)
            typed.append(name)
        elif kind == "date":
            data[name] = "2026-07-01"
        elif field.get("value"):
            data[name] = field["value"]
    return data, typed
