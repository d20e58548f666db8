"""The watch's form: the one validation of the page, the API, revision restores and bundles
(campaign.entities, campaign.bundles.watches).

Its fields carry the names the API and bundles use (`ask`, `person`, `organisation`, `owner`,
`sources`, `feeds`), each holding what those doors send: a slug, a key, an e-mail, a list.
"""

from __future__ import annotations

import re
from typing import Any

from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError

from campaign.common.chooser_field import ChooserField
from campaign.common.forms import (
    WEB_ADDRESS_MESSAGE,
    WEB_ADDRESS_PATTERN,
    VersionedForm,
    enum_choices,
    single_line,
    strip,
)
from campaign.common.text import is_single_line
from campaign.models.enums import AlertLevel, MonitorSource
from campaign.monitoring.terms import MAX_LENGTH as TERMS_MAX_LENGTH
from campaign.monitoring.terms import parse
from campaign.watches.choosers import ASK_CHOOSER, ORGANISATION_CHOOSER, PERSON_CHOOSER

# An http(s) address with a host and no spaces (the forms' rule: WEB_ADDRESS_PATTERN).
FEED_URL = re.compile(WEB_ADDRESS_PATTERN + r"[^\s/?#]+[^\s]*$", re.IGNORECASE)
FEED_URL_LENGTH = 1000  # a feed's address is its cursor's query (MonitorCursor.query)
WATCHES_WHAT = "Choose what it watches for: an ask, a person or an organisation (at least one)."
FEEDS_NEEDED = "Enter at least one feed address: “RSS/Atom feeds” is among the sources."
FEEDS_UNUSED = "Tick “RSS/Atom feeds” among the sources, or remove the feed addresses."
TERMS_HINT = (
    "One alternative per line (or separated by commas): an item matches when any line "
    'matches. Within a line every word and every "quoted phrase" must appear; -word or '
    '-"a phrase" leaves out items containing it; a word ending in * matches any word starting '
    'so. For example: "end-to-end encryption" Meta -WhatsApp'
)
FEEDS_HINT = "One address a line (http:// or https://), when “RSS/Atom feeds” is ticked."


def watched_error(ask: Any, person: Any, organisation: Any) -> str | None:
    """A watch is for an ask, a person or an organisation: at least one (every door)."""
    return None if (ask or person or organisation) else WATCHES_WHAT


def feeds_error(sources: list[Any], feeds: list[str]) -> str | None:
    """Feeds are read only as the source `feed`: needed with it, refused without it."""
    with_feed = MonitorSource.FEED.value in [str(s) for s in sources or []]
    if with_feed and not feeds:
        return FEEDS_NEEDED
    if feeds and not with_feed:
        return FEEDS_UNUSED
    return None


def parse_feeds(lines: list[str]) -> list[str]:
    """The feed addresses (blank lines dropped, each once), or ValueError naming the first
    that is not an http(s) address of at most FEED_URL_LENGTH characters."""
    feeds: list[str] = []
    for line in lines:
        url = line.strip()
        if not url:
            continue
        if not FEED_URL.match(url) or not is_single_line(url):
            raise ValueError(f"“{url}” is not a feed address. {WEB_ADDRESS_MESSAGE}")
        if len(url) > FEED_URL_LENGTH:
            raise ValueError(f"A feed address must be {FEED_URL_LENGTH} characters or fewer.")
        if url not in feeds:
            feeds.append(url)
    return feeds


def _parsed_by(parse_value):
    """A validator that runs a parser raising ValueError, and shows its message (named so
    that the bundle walk, tests/bundles/test_form_rules.py, knows it for one)."""

    def check(form, field):
        try:
            parse_value(field.data or "")
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc

    return check


def _key_of(column: str):
    """A filter reading a row (the watch's `ask`, `person`, `organisation` relationships, on
    the edit page and in revisions) as its key or slug; a posted key stays as it is."""

    def key(value: Any) -> Any:
        return getattr(value, column) if hasattr(value, column) else value

    return key


def _email(value: Any) -> str | None:
    """The owner as an e-mail address: a user row's, or as typed (lower-cased)."""
    if value is None:
        return None
    if hasattr(value, "email"):
        return value.email
    text = str(value).strip().lower()
    return text or None


class LinesField(SelectMultipleField):
    """A list of text values (feed addresses) typed one a line in a text area. Its data is a
    list, as the API and bundles give it (a JSON list); each posted value is split into
    lines, so a browser's one text and the API's repeated values read alike."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("choices", [])
        super().__init__(label, validators, validate_choice=False, **kwargs)

    def process_data(self, value) -> None:
        self.data = [str(v) for v in value] if value else []

    def process_formdata(self, valuelist) -> None:
        lines = [line.strip() for text in valuelist for line in str(text).splitlines()]
        self.data = [line for line in lines if line]

    def _value(self) -> str:
        return "\n".join(self.data or [])


class WatchForm(VersionedForm):
    name = StringField(
        "Name",
        validators=[
            DataRequired(message="Enter a name for the watch."),
            Length(max=200),
            single_line,
        ],
        filters=[strip],
        description="For example, “Meta and end-to-end encryption”.",
    )
    ask = ChooserField(
        "Ask",
        chooser=ASK_CHOOSER,
        filters=[_key_of("slug")],
        description="The ask it watches for.",
    )
    person = ChooserField(
        "Person",
        chooser=PERSON_CHOOSER,
        filters=[_key_of("key")],
        description="Or a person: what they say or write.",
    )
    organisation = ChooserField(
        "Organisation",
        chooser=ORGANISATION_CHOOSER,
        filters=[_key_of("key")],
        description="Or an organisation. An ask, a person or an organisation: at least one.",
    )
    terms = TextAreaField(
        "Search terms",
        validators=[
            DataRequired(message="Enter at least one word or phrase to look for."),
            Length(
                max=TERMS_MAX_LENGTH,
                message=f"Search terms must be {TERMS_MAX_LENGTH} characters or fewer.",
            ),
            _parsed_by(parse),
        ],
        filters=[strip],
        description=TERMS_HINT,
        render_kw={"rows": 4},
    )
    sources = SelectMultipleField(
        "Sources",
        choices=enum_choices(MonitorSource),
        validators=[DataRequired(message="Choose at least one source.")],
        description="Where to look.",
    )
    feeds = LinesField(
        "Feed addresses", validators=[_parsed_by(parse_feeds)], description=FEEDS_HINT
    )
    alert_level = RadioField(
        "Alert level",
        choices=enum_choices(AlertLevel),
        default=AlertLevel.DIGEST.value,
        validators=[InputRequired(message="Choose an alert level.")],
        description="Immediate: an e-mail and a notification for each new item. "
        "Daily digest: one e-mail a day listing them.",
    )
    owner = SelectField(
        "Owner",
        coerce=_email,
        choices=[],  # the active users, set by prepare_form
        validate_choice=False,  # checked by validate_owner, which names the address
        description="Who is alerted. None: the team address.",
    )

    def validate_ask(self, field) -> None:
        message = watched_error(field.data, self.person.data, self.organisation.data)
        if message:
            raise ValidationError(message)

    def validate_feeds(self, field) -> None:
        if self.sources.errors:
            return
        message = feeds_error(self.sources.data or [], field.data or [])
        if message:
            raise ValidationError(message)

    def validate_owner(self, field) -> None:
        known = {choice.value for choice in field.choices if choice.value}
        if field.data and field.data not in known:
            raise ValidationError(f"No active user has the e-mail address {field.data}.")
