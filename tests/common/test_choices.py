"""One way to list what may be chosen (campaign/common/choices.py): active rows only, by label
ignoring case and then by id, the same order as the choosers and the lists, on SQLite and
PostgreSQL alike (each test runs on both)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from campaign.calendar.services import feed_asks
from campaign.claims import checking
from campaign.common.choices import active_choices, active_rows, active_values
from campaign.models import Ask, AskTag, Organisation, ResponseAsk, Source, Statistic, Tag
from campaign.organisations.services import CHOOSER
from campaign.packs import services as packs
from campaign.responses.services import position_asks
from campaign.sources.services import publishers
from campaign.statistics.services import period_labels

ARCHIVED = datetime(2025, 1, 1, tzinfo=UTC)
# Upper case sorts before lower case by code point ("Z" < "a"): a case-sensitive order would
# put "DSIT", "Home Office" and "Ofcom" before "apple".
NAMES = ["ofcom", "Home Office", "DSIT", "apple", "Ofcom", "home office"]
IN_ORDER = ["apple", "DSIT", "Home Office", "home office", "ofcom", "Ofcom"]


def test_active_choices_ignore_case_then_id_and_leave_out_archived(session, make):
    made = {name: make.organisation(name=name, key=f"org-{i}") for i, name in enumerate(NAMES)}
    make.organisation(name="Archived regulator", archived_at=ARCHIVED)

    choices = active_choices(session, Organisation, Organisation.name)
    assert choices == [(str(made[name].id), name) for name in IN_ORDER]
    by_key = active_choices(session, Organisation, Organisation.name, value=Organisation.key)
    assert by_key == [(made[name].key, name) for name in IN_ORDER]
    # The pack builder's audience offers the same, and the chooser finds them in that order.
    assert packs.organisation_choices(session) == by_key
    assert [label for _value, label in CHOOSER.find(session, "", 50)] == IN_ORDER


def test_every_ask_choice_list_has_the_same_order(session, make):
    asks = {title: make.ask(title=title, slug=f"ask-{i}") for i, title in enumerate(NAMES)}
    archived = make.ask(title="Archived ask", slug="archived", archived_at=ARCHIVED)
    expected = [(asks[title].slug, title) for title in IN_ORDER]

    assert packs.ask_choices(session) == expected
    assert checking.ask_choices(session) == expected
    assert [a.title for a in feed_asks(session)] == IN_ORDER
    assert [a.title for a in position_asks(session)] == IN_ORDER
    assert archived.id not in [a.id for a in active_rows(session, Ask, Ask.title)]


def test_a_row_already_chosen_is_kept_even_if_archived(session, make):
    current = make.ask(title="Age checks", slug="age-checks")
    archived = make.ask(title="an archived ask", slug="archived", archived_at=ARCHIVED)
    make.ask(title="Another archived ask", slug="other", archived_at=ARCHIVED)
    response = make.response()
    make.link(ResponseAsk(response_id=response.id, ask_id=archived.id, position="supports"))

    assert [a.title for a in active_rows(session, Ask, Ask.title)] == ["Age checks"]
    kept = active_rows(session, Ask, Ask.title, keep=[archived.id])
    assert [a.id for a in kept] == [current.id, archived.id]
    session.refresh(response)
    assert [a.id for a in position_asks(session, response=response)] == [current.id, archived.id]


def test_filter_values_are_distinct_and_ignore_case_in_order(session, make):
    for label in ["Autumn 2024", "2022/23", "autumn 2023", "Autumn 2024", ""]:
        make.statistic(period_label=label)
    make.statistic(period_label="Archived period", archived_at=ARCHIVED)
    expected = [(label, label) for label in ["2022/23", "autumn 2023", "Autumn 2024"]]
    assert period_labels(session) == expected
    assert active_values(session, Statistic, Statistic.period_label) == expected

    for publisher in ["ofcom", "nspcc", "Home Office", "NSPCC"]:
        make.source(publisher=publisher)
    make.source(publisher="")
    make.source(publisher="Archived publisher", archived_at=ARCHIVED)
    # Values that differ only in case are both offered (a filter matches exactly), together,
    # the first written first (whatever the database's collation says of "N" and "n").
    expected = [(p, p) for p in ["Home Office", "nspcc", "NSPCC", "ofcom"]]
    assert publishers(session) == expected
    assert active_values(session, Source, Source.publisher) == expected


def _options(page: str, name: str) -> list[str]:
    """The values of a list page's <select name=...> filter, in order (blank left out)."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, name
    return [v for v in re.findall(r'<option value="([^"]*)"', select.group(1)) if v]


def test_list_filters_offer_their_values_in_the_same_order(client, make):
    for i, name in enumerate(["online safety", "Encryption", "age assurance"]):
        tag = make.link(Tag(name=name))
        make.link(AskTag(ask_id=make.ask(slug=f"tagged-{i}").id, tag_id=tag.id))
    make.link(Tag(name="unused"))  # on no ask: not offered
    page = client.get("/asks/").get_data(as_text=True)
    assert _options(page, "tag") == ["age assurance", "Encryption", "online safety"]

    for label in ["Q1 2024", "april 2023", "2022/23"]:
        make.statistic(period_label=label)
    page = client.get("/statistics/").get_data(as_text=True)
    assert _options(page, "period") == ["2022/23", "april 2023", "Q1 2024"]
