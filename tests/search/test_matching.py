"""`?q=` through the full-text indexes answers as the old `lower(column) LIKE '%q%'` did, on
both databases, for the cases docs/search.md lists; user text is never query syntax."""

from __future__ import annotations

import pytest
from sqlalchemy import func, or_, select

from campaign.evidence.views import views as evidence_views
from campaign.models import Evidence, Sensitivity, Statistic
from campaign.search import INDEXES
from campaign.search.matching import matches
from campaign.statistics.views import views as statistic_views

EVIDENCE = [
    ("Online grooming on games", 'He said "stop" and left.', "Ofcom's survey", "public"),
    ("A café conversation", "Groomers use direct messaging", "Parent, 42", "internal"),
    ("Restricted case", "Jane was groomed in Wigan", "Jane, 14", "restricted"),
    ("Internal note", "100% of forces_answered", "", "internal"),
    ("Plain", "", "", "public"),
]
STATISTICS = [
    ("Sexual communication offences", "over 7,000 offences", "more than 7,000", "England"),
    ("Share of grooming via Snapchat", "almost half (44%)", "44%", "United Kingdom"),
    ("Ça va", "", "", "Northern Ireland"),
]  # fmt: skip

# Words, prefixes, the inside of a word, phrases across words, any case, short text (a scan),
# every column, text only a restricted item holds, and FTS5 syntax that must stay literal.
SAME_AS_LIKE = [
    "grooming", "GROOMING", "Groom", "oomin", "online grooming", "g on g", "n", "of", "7,000",
    "ofcom's", 'said "stop"', "ENGLAND", "IRELAND", "café", "cafe", "jane", "wigan",
    "restricted case", "parent, 42", "half (44", "NEAR(grooming)", "grooming OR snapchat",
    "title:grooming", "grooming*", '"', "*", "-grooming", "^gro", "AND", "x", "zzz",
]  # fmt: skip


@pytest.fixture
def corpus(make):
    for title, text, attribution, sensitivity in EVIDENCE:
        make.evidence(
            title=title, text=text, attribution=attribution, sensitivity=Sensitivity(sensitivity)
        )
    for label, wording, claim, geography in STATISTICS:
        make.statistic(label=label, published_wording=wording, claim=claim, geography=geography)


def old_like(model, columns, text):
    """The filter as it was: lower(column) LIKE '%q%' over the list's search columns."""
    pattern = f"%{text.lower()}%"
    return select(model.id).where(or_(*(func.lower(c).like(pattern) for c in columns)))


def found(session, model, name, text) -> set[int]:
    dialect = session.get_bind().dialect.name
    query = select(model.id).where(matches(INDEXES[name], text, dialect=dialect))
    return set(session.exec(query).all())


CASES = [
    (Evidence, "evidence", evidence_views.listing.search),
    (Statistic, "statistics", statistic_views.listing.search),
]


@pytest.mark.parametrize("text", SAME_AS_LIKE)
def test_the_same_rows_as_the_old_like_filter(session, corpus, text):
    for model, name, columns in CASES:
        before = set(session.exec(old_like(model, columns, text)).all())
        assert found(session, model, name, text) == before, (name, text)


def test_the_cases_find_what_they_should(session, corpus):
    """The comparison above is not vacuous: words, prefixes and phrases find rows."""

    def titles(text):
        ids = found(session, Evidence, "evidence", text)
        return sorted(session.get(Evidence, i).title for i in ids)

    assert titles("GROOM") == ["A café conversation", "Online grooming on games"]
    assert titles("g on g") == ["Online grooming on games"]
    assert titles('said "stop"') == ["Online grooming on games"]
    assert titles("jane") == []  # restricted text and attribution are not searchable
    assert titles("restricted case") == ["Restricted case"]  # its title is
    labels = {
        session.get(Statistic, i).label for i in found(session, Statistic, "statistics", "7,0")
    }
    assert labels == {"Sexual communication offences"}


def test_like_wildcards_are_literal_characters(session, corpus):
    """A documented change: `%` and `_` used to be LIKE wildcards ("_" found everything)."""
    every = set(session.exec(select(Evidence.id)).all())
    assert set(session.exec(old_like(Evidence, evidence_views.listing.search, "_")).all()) == every

    def titles(text):
        return sorted(
            session.get(Evidence, i).title for i in found(session, Evidence, "evidence", text)
        )

    assert titles("_") == ["Internal note"]
    assert titles("%") == ["Internal note"]
    assert titles("100%") == ["Internal note"]
    assert titles("s_a") == ["Internal note"]
    assert titles("0%_o") == []


def test_capitals_beyond_ascii_fold_on_both_databases(session, corpus):
    """SQLite's lower() only folds A-Z; the index folds every capital (as PostgreSQL does)."""
    ids = found(session, Statistic, "statistics", "ÇA VA")
    assert [session.get(Statistic, i).label for i in ids] == ["Ça va"]
    assert found(session, Statistic, "statistics", "ça va") == ids


def test_nul_characters_are_dropped_not_sent(session, corpus):
    assert found(session, Evidence, "evidence", "groo\x00ming") == found(
        session, Evidence, "evidence", "grooming"
    )
